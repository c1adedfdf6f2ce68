"""Writing snapshot marts, shared by every domain: for each as-of date, oldest first (the
ledger and sticky flags build on earlier days), replace its rows in one transaction."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import dagster as dg
import duckdb

from pipelines.metadata import snapshot_metadata
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.progress import report
from starmap.warehouse import fetch_row, read_sql, run_sql, set_as_of

# What every snapshot asset reads: the ingested sources.
INGEST_DEPS = [
    dg.AssetKey("dimensions"),
    dg.AssetKey("video_events"),
    dg.AssetKey("engagement_events"),
    dg.AssetKey("order_events"),
]
# Standing and funnels also read the settlement marts of the same date.
SETTLED_DEPS = [dg.AssetKey("settlements"), dg.AssetKey("order_attribution"), *INGEST_DEPS]


# The one-row-per-key rule of each snapshot table (no primary keys: sql/schema/50_*.sql).
SNAPSHOT_KEYS: dict[str, tuple[str, ...]] = {
    "marts.collaboration_fraud": ("as_of", "collaboration_id"),
    "marts.order_attribution": ("as_of", "order_id"),
    "marts.settlements": ("as_of", "collaboration_id"),
    "marts.settlement_ledger": ("as_of", "collaboration_id", "account"),
    "marts.creator_tiers": ("as_of", "creator_id"),
    "marts.mcn_standing": ("as_of", "mcn_id"),
    "marts.campaign_funnel": ("as_of", "campaign_id"),
    "marts.campaign_funnel_daily": ("as_of", "campaign_id", "business_date"),
}


class SnapshotKeyError(RuntimeError):
    """A snapshot date was written with two rows for one key: a bug in its SQL."""


_INSERT_INTO = re.compile(r"\binsert\s+into\s+(marts\.\w+)", re.IGNORECASE)


def written_tables(sql_files: Sequence[str]) -> list[str]:
    """The marts tables the files insert into, in order of first appearance."""
    found = [m for name in sql_files for m in _INSERT_INTO.findall(read_sql(name))]
    return list(dict.fromkeys(found))


def _snapshot_key(table: str) -> str:
    """The key columns of a snapshot table, comma-separated."""
    if table not in SNAPSHOT_KEYS:
        raise SnapshotKeyError(f"{table} has no key in SNAPSHOT_KEYS")
    return ", ".join(SNAPSHOT_KEYS[table])


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """The as-of dates of a run's partition keys, ascending (snapshots build on earlier days)."""
    return sorted(date.fromisoformat(key) for key in partition_keys)


def write_snapshots(
    conn: duckdb.DuckDBPyConnection,
    as_of_dates: Sequence[date],
    sql_files: Sequence[str],
    policy_params: Mapping[str, Any],
) -> None:
    """Run `sql_files` for each date in order, each date in its own transaction.

    The files of one date see `visible.*` as of that date and get `$as_of` plus the policy
    numbers; they delete the date's rows and insert them again, so a re-run is idempotent.
    A date whose rows break the key of a table the files write is rolled back
    (SnapshotKeyError).
    """
    started = time.monotonic()
    keys = {table: _snapshot_key(table) for table in written_tables(sql_files)}
    for as_of in as_of_dates:
        params = {**policy_params, "as_of": as_of}
        conn.begin()
        try:
            set_as_of(conn, as_of)
            for name in sql_files:
                run_sql(conn, name, params)
            for table, key in keys.items():
                (repeated,) = fetch_row(
                    conn,
                    f"select count(*) - count(distinct ({key})) from {table} where as_of = $as_of",
                    {"as_of": as_of},
                )
                if repeated:
                    raise SnapshotKeyError(
                        f"{table}: {repeated} row(s) repeat a key ({key}) as of {as_of}"
                    )
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    if as_of_dates:
        name = sql_files[-1].rsplit("/", 1)[-1]
        report(
            f"{name}: {len(as_of_dates)} snapshots {min(as_of_dates)}..{max(as_of_dates)} "
            f"in {time.monotonic() - started:.1f}s"
        )


def violation_check(
    conn: duckdb.DuckDBPyConnection,
    check_name: str,
    sql_file: str,
    params: Mapping[str, Any],
) -> dg.AssetCheckResult:
    """An asset check that passes when `sql_file` counts no violating rows."""
    violations = int(run_sql(conn, sql_file, params).fetchall()[0][0])
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=violations == 0,
        metadata={"violations": dg.MetadataValue.int(violations)},
    )


def build_snapshots(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    policy: PolicyResource,
    table: str,
    sql_files: Sequence[str],
    checks: Mapping[str, str] | None = None,
) -> dg.MaterializeResult:
    """The body of a snapshot asset: write the run's as-of dates, then run its checks
    (check name -> SQL file counting violations among those dates) and report metadata."""
    as_of_dates = partition_dates(context.partition_keys)
    params = policy.policy.sql_params()
    checked = params | {"first": as_of_dates[0], "last": as_of_dates[-1]}
    with warehouse.connection() as conn:
        write_snapshots(conn, as_of_dates, sql_files, params)
        results = [
            violation_check(conn, name, sql_file, checked)
            for name, sql_file in (checks or {}).items()
        ]
        metadata = snapshot_metadata(conn, table, as_of_dates)
    return dg.MaterializeResult(metadata=metadata, check_results=results)

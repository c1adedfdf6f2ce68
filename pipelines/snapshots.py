"""The runner of the snapshot models (starmap/models.py), and the Dagster assets it derives
from their declarations: for each as-of date, oldest first (the ledger and sticky flags build
on earlier days), make the model's relations for that date, replace the date's rows, check
the key, in one transaction.
"""

import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import dagster as dg
import duckdb

from pipelines.ingest.assets import STAGING_WRITERS
from pipelines.metadata import snapshot_metadata
from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.models import (
    Model,
    bind_literals,
    registry,
    relations_for,
    snapshot_models,
    tables_read,
    writers,
)
from starmap.progress import report
from starmap.timing import timed
from starmap.warehouse import execute, fetch_row, run_sql

KEY_CHECK = "key_is_unique"


class SnapshotKeyError(RuntimeError):
    """A snapshot date was written with two rows for one key: a bug in its SQL."""


def model(name: str) -> Model:
    """The snapshot model of a table (marts.x) or asset key (x)."""
    models = registry()
    found = models.get(name) or models.get(f"marts.{name}")
    if found is None or not found.is_snapshot:
        raise KeyError(f"no snapshot model {name}")
    return found


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """The as-of dates of a run's partition keys, ascending (snapshots build on earlier days)."""
    return sorted(date.fromisoformat(key) for key in partition_keys)


def make_relations(
    conn: duckdb.DuckDBPyConnection, relations: Sequence[Model], params: Mapping[str, Any]
) -> None:
    """The relations of one date, each after those it reads: views (which take no
    parameters) with the date and policy numbers written in as literals, tables with them
    bound as parameters."""
    for relation in relations:
        if relation.kind == "view":
            body = bind_literals(relation.select, dict(params))
            conn.execute(f"create or replace temp view {relation.name} as\n{body}")
        else:
            create = f"create or replace temp table {relation.name} as\n{relation.select}"
            execute(conn, create, params)


def _drop_relations(conn: duckdb.DuckDBPyConnection, relations: Sequence[Model]) -> None:
    for relation in reversed(relations):
        kind = "view" if relation.kind == "view" else "table"
        conn.execute(f"drop {kind} if exists temp.{relation.name}")


def _write_date(
    conn: duckdb.DuckDBPyConnection,
    target: Model,
    relations: Sequence[Model],
    params: Mapping[str, Any],
) -> None:
    """Replace the rows of one as-of date in one transaction; roll back on a repeated key."""
    as_of = params["as_of"]
    key = ", ".join(target.key)
    conn.begin()
    try:
        make_relations(conn, relations, params)
        conn.execute(f"delete from {target.name} where as_of = $as_of", {"as_of": as_of})
        execute(conn, target.write_sql(), params)
        (repeated,) = fetch_row(
            conn,
            f"select count(*) - count(distinct ({key})) from {target.name} where as_of = $as_of",
            {"as_of": as_of},
        )
        if repeated:
            raise SnapshotKeyError(
                f"{target.name}: {repeated} row(s) repeat a key ({key}) as of {as_of}"
            )
        _drop_relations(conn, relations)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def write_snapshots(
    conn: duckdb.DuckDBPyConnection,
    as_of_dates: Sequence[date],
    snapshot: Model | str,
    policy_params: Mapping[str, Any],
) -> None:
    """Write the snapshot model for each date in order, each date in its own transaction.

    A date sees the visible relations as of that date and gets `$as_of` plus the policy
    numbers; its rows are deleted and inserted again, so a re-run is idempotent. A date
    whose rows repeat the model's key is rolled back (SnapshotKeyError).
    """
    target = snapshot if isinstance(snapshot, Model) else model(snapshot)
    relations = relations_for(target)
    started = time.monotonic()
    for as_of in as_of_dates:
        with timed(None, f"model:{target.short_name}"):
            _write_date(conn, target, relations, {**policy_params, "as_of": as_of})
    if as_of_dates:
        report(
            f"{target.short_name}: {len(as_of_dates)} snapshots "
            f"{min(as_of_dates)}..{max(as_of_dates)} in {time.monotonic() - started:.1f}s"
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


def asset_keys_writing(tables: Iterable[str]) -> list[dg.AssetKey]:
    """The assets that write the given warehouse tables (snapshot models, staging tables of
    the ingest assets), for a reader's deps."""
    keys: set[str] = set()
    for table in tables:
        for written in writers(table):
            if written in registry():
                keys.add(registry()[written].short_name)
            elif written in STAGING_WRITERS:
                keys.add(STAGING_WRITERS[written])
            else:
                raise KeyError(f"no asset writes {written}")
    return [dg.AssetKey(key) for key in sorted(keys)]


def _check_specs(target: Model) -> list[dg.AssetCheckSpec]:
    specs = [
        dg.AssetCheckSpec(
            KEY_CHECK,
            asset=target.short_name,
            blocking=True,
            description=f"One row per ({', '.join(target.key)}) in every snapshot written: "
            "checked before each date commits (a repeat rolls the date back).",
        )
    ]
    specs += [
        dg.AssetCheckSpec(name, asset=target.short_name, description=description)
        for name, description in target.checks.items()
    ]
    return specs


def snapshot_asset(target: Model, group: str) -> dg.AssetsDefinition:
    """The Dagster asset of a snapshot model: deps, checks and description from its
    declaration, body from the runner."""

    @dg.asset(
        name=target.short_name,
        group_name=group,
        partitions_def=DAYS,
        backfill_policy=IN_ORDER,
        deps=asset_keys_writing(tables_read(target)),
        check_specs=_check_specs(target),
        description=f"{target.description} Table {target.name}.",
        kinds={"duckdb", "spark"},
    )
    def _asset(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        policy: PolicyResource,
    ) -> dg.MaterializeResult:
        as_of_dates = partition_dates(context.partition_keys)
        params = policy.policy.sql_params()
        if warehouse.on_spark:
            return _materialize_on_spark(target, as_of_dates, params, warehouse)
        checked = params | {"first": as_of_dates[0], "last": as_of_dates[-1]}
        with warehouse.connection() as conn:
            write_snapshots(conn, as_of_dates, target, params)
            results = [
                dg.AssetCheckResult(
                    check_name=KEY_CHECK,
                    passed=True,
                    metadata={"dates_checked": dg.MetadataValue.int(len(as_of_dates))},
                )
            ]
            results += [
                violation_check(conn, name, target.check_sql(name), checked)
                for name in target.checks
            ]
            metadata = snapshot_metadata(conn, target.name, as_of_dates)
        return dg.MaterializeResult(metadata=metadata, check_results=results)

    return _asset


def _materialize_on_spark(
    target: Model,
    as_of_dates: Sequence[date],
    params: Mapping[str, Any],
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The asset's dates written through SparkWarehouse and its checks run on Spark."""
    from starmap.engines.spark import SparkWarehouse
    from starmap.engines.spark_pipeline import snapshot_checks

    spark_warehouse = SparkWarehouse(warehouse.spark_session(), warehouse.spark_warehouse)
    run = spark_warehouse.write_snapshots(as_of_dates, params, [target])
    outcomes = snapshot_checks(spark_warehouse, [target], as_of_dates[0], as_of_dates[-1], params)
    results = [
        dg.AssetCheckResult(
            check_name=outcome.name,
            passed=outcome.passed,
            metadata={"violations": dg.MetadataValue.int(outcome.violations)},
        )
        for outcome in outcomes
    ]
    metadata = {
        "dates_written": dg.MetadataValue.int(run.dates_written),
        "spark_statements": dg.MetadataValue.int(run.statements),
        "spark_seconds": dg.MetadataValue.float(run.seconds),
        "path": dg.MetadataValue.path(str(spark_warehouse.table_path(target.name))),
    }
    return dg.MaterializeResult(metadata=metadata, check_results=results)


def snapshot_assets(domain: str) -> dict[str, dg.AssetsDefinition]:
    """The assets of the snapshot models below sql/marts/<domain>/, in the domain's group,
    by asset key."""
    return {
        m.short_name: snapshot_asset(m, domain)
        for m in snapshot_models()
        if m.path.parent.name == domain
    }

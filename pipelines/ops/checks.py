"""Operational checks on the file-load log (`ops.file_loads`), free of Dagster plumbing.

Each function reads an open warehouse connection and returns an `AssetCheckResult`, so
tests call them on a hand-made warehouse and `pipelines/ops/assets.py` wires them to the
ingest assets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dagster as dg
import duckdb

from starmap.settings import Policy
from starmap.warehouse import run_sql

MAX_LISTED_FILES = 20


def _query(conn: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[tuple]:
    return run_sql(conn, f"ops/{name}", params).fetchall()


def file_load_conservation(
    conn: duckdb.DuckDBPyConnection, sources: Sequence[str]
) -> dg.AssetCheckResult:
    """Every loaded file of `sources` has rows_read = loaded + duplicate + quarantined."""
    files = 0
    broken: dict[str, int] = {}
    broken_names: list[str] = []
    for source in sources:
        n_files, n_broken, names = _query(conn, "file_load_conservation", {"source": source})[0]
        files += n_files
        if n_broken:
            broken[source] = n_broken
            broken_names.extend(names.split(", "))
    metadata: dict[str, dg.MetadataValue] = {
        "files_checked": dg.MetadataValue.int(files),
        "files_not_adding_up": dg.MetadataValue.int(sum(broken.values())),
    }
    if broken_names:
        listed = broken_names[:MAX_LISTED_FILES]
        more = len(broken_names) - len(listed)
        bullets = [f"- `{name}`" for name in listed] + ([f"- ... and {more} more"] if more else [])
        metadata["files"] = dg.MetadataValue.md("\n".join(bullets))
    return dg.AssetCheckResult(
        passed=not broken,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=(
            f"{sum(broken.values())} of {files} file(s) lose or invent rows" if broken else None
        ),
    )


Day = tuple[str, date | None, int, int, float, int, str | None]


def quarantine_share(
    conn: duckdb.DuckDBPyConnection,
    sources: Sequence[str],
    policy: Policy,
    delivery_dates: tuple[date, date] | None,
) -> dg.AssetCheckResult:
    """Worst share of quarantined rows per source and delivery date in scope, and the
    unreadable files in scope.

    Scope: the delivery dates `(first, last)` of the run, or the newest delivery date of each
    source when the run has no partition; files without a delivery date always. Above
    `quarantine_warn_share`, or with any unreadable file, the check fails with WARN
    severity; above `quarantine_fail_share` with ERROR severity. An unreadable file counts
    apart, not as one row read: how many rows it held is unknown.
    """
    days: list[Day] = []
    for source in sources:
        if delivery_dates is None:
            newest = _query(conn, "newest_delivery", {"source": source})[0][0]
            first, last = newest, newest
        else:
            first, last = delivery_dates
        rows = _query(
            conn, "quarantine_share", {"source": source, "first_date": first, "last_date": last}
        )
        days.extend((source, *row) for row in rows)
    worst = max(days, key=lambda day: day[4], default=None)
    worst_share = worst[4] if worst else 0.0
    unreadable = [(day[0], name) for day in days if day[6] for name in str(day[6]).split(", ")]
    if worst_share > policy.quarantine_fail_share:
        severity, passed = dg.AssetCheckSeverity.ERROR, False
    elif worst_share > policy.quarantine_warn_share or unreadable:
        severity, passed = dg.AssetCheckSeverity.WARN, False
    else:
        severity, passed = dg.AssetCheckSeverity.WARN, True
    metadata: dict[str, dg.MetadataValue] = {
        "worst_quarantine_share": dg.MetadataValue.float(float(worst_share)),
        "warn_share": dg.MetadataValue.float(policy.quarantine_warn_share),
        "fail_share": dg.MetadataValue.float(policy.quarantine_fail_share),
        "rows_read": dg.MetadataValue.int(sum(day[2] for day in days)),
        "rows_quarantined": dg.MetadataValue.int(sum(day[3] for day in days)),
        "unreadable_files": dg.MetadataValue.int(len(unreadable)),
    }
    if days:
        metadata["by_delivery"] = dg.MetadataValue.md(_share_table(days))
    descriptions = []
    if worst is not None and worst_share > policy.quarantine_warn_share:
        source, day, rows_read, rows_quarantined, share = worst[:5]
        descriptions.append(
            f"{source} {day or '(files without a delivery date)'}: {rows_quarantined} of "
            f"{rows_read} rows quarantined ({share:.1%})"
        )
    if unreadable:
        listed = ", ".join(name for _, name in unreadable[:MAX_LISTED_FILES])
        more = len(unreadable) - min(len(unreadable), MAX_LISTED_FILES)
        descriptions.append(
            f"{len(unreadable)} unreadable file(s): {listed}"
            + (f" and {more} more" if more else "")
        )
    return dg.AssetCheckResult(
        passed=passed,
        severity=severity,
        metadata=metadata,
        description="; ".join(descriptions) or None,
    )


def _share_table(days: list[Day]) -> str:
    lines = [
        "| source | delivery_date | rows_read | rows_quarantined | share | unreadable files |",
        "|---|---|---|---|---|---|",
    ]
    for source, day, rows_read, rows_quarantined, share, files, _ in days[:MAX_LISTED_FILES]:
        lines.append(
            f"| {source} | {day or ''} | {rows_read} | {rows_quarantined} | {share:.2%} | {files} |"
        )
    return "\n".join(lines)


def delivery_freshness(
    conn: duckdb.DuckDBPyConnection, source: str, policy: Policy, today: date
) -> dg.AssetCheckResult:
    """The newest delivery of `source` is at most `freshness_max_days` before `today`."""
    newest = _query(conn, "newest_delivery", {"source": source})[0][0]
    metadata: dict[str, dg.MetadataValue] = {
        "today": dg.MetadataValue.text(today.isoformat()),
        "max_lag_days": dg.MetadataValue.int(policy.freshness_max_days),
    }
    if newest is None:
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            metadata=metadata,
            description=f"no {source} delivery has been loaded",
        )
    lag_days = (today - newest).days
    metadata["newest_delivery_date"] = dg.MetadataValue.text(newest.isoformat())
    metadata["lag_days"] = dg.MetadataValue.int(lag_days)
    passed = lag_days <= policy.freshness_max_days
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=None
        if passed
        else f"newest {source} delivery is {newest}, {lag_days} days before {today}",
    )

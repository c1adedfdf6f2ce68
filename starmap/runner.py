"""`starmap run` and `starmap demo`: the asset graph materialised in-process."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg

from starmap.errors import StarmapError
from starmap.increments import (
    first_day_to_redo,
    inputs_fingerprint,
    inputs_unchanged,
    record_inputs,
)
from starmap.landing import delivery_dates
from starmap.progress import print_progress_lines
from starmap.progress import report as progress
from starmap.settings import Locations, load_policy
from starmap.warehouse import connect, ensure_schema, fetch_row, kept_open, staged_copy


@dataclass
class RunSummary:
    """What a run did, for the one-screen summary the command prints."""

    warehouse: Path
    as_of: date
    snapshots: int
    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    reports: Path | None = None
    seconds: float = 0.0
    # Issue 22: what a person must see even when the run succeeds.
    checks_not_passed: list[str] = field(default_factory=list)  # one line per check
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def _materialize(
    assets: list,
    selection: list,
    resources: dict,
    tags: dict | None,
    instance: dg.DagsterInstance,
) -> list[str]:
    """Materialise `selection`; the checks that warned or failed, one line each."""
    result = dg.materialize(
        assets,
        selection=selection,
        resources=resources,
        instance=instance,
        tags=tags or {},
        raise_on_error=False,
        # Progress goes through starmap.progress; a failure is reported as one line below.
        run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
    )
    if not result.success:
        raise StarmapError(f"the run failed: {_first_failure(result)}")
    return checks_not_passed(result)


def checks_not_passed(result: dg.ExecuteInProcessResult) -> list[str]:
    """A line per asset check that did not pass: its severity, name, asset and why."""
    lines = []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        severity = "failed" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "warned"
        why = f": {evaluation.description}" if evaluation.description else ""
        lines.append(
            f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} "
            f"{severity}{why}"
        )
    return lines


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    """One line naming the failed step (or blocking check) and why."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            cause = error.cause or error
            message = (cause.message or "").strip().splitlines()
            return f"{event.step_key}: {message[-1] if message else 'failed'}"
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.blocking:
                return f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
    return "see the Dagster logs"


def _instance() -> dg.DagsterInstance:
    # Runs show in `dagster dev` when DAGSTER_HOME is set; otherwise leave no trace.
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def run_pipeline(
    raw: str | None = None,
    warehouse: str | None = None,
    as_of: date | None = None,
    reports: str | None = None,
    settings: str | None = None,
    full: bool = False,
) -> RunSummary:
    """Load every day folder <= as_of and compute every snapshot up to it, atomically.

    Days and snapshots that nothing changed since the last run are kept as they are
    (starmap/increments.py) unless `full`; so are the dimension tables when no dimension
    file, setting or SQL changed. Reports are written when `reports` (or STARMAP_REPORTS)
    names a folder.
    """
    started = time.monotonic()
    print_progress_lines()
    where = Locations.resolve(raw, warehouse, reports)
    write_reports = bool(reports or os.environ.get("STARMAP_REPORTS"))
    policy_file = settings or os.environ.get("STARMAP_SETTINGS") or None
    policy = load_policy(policy_file)  # settings errors surface before anything runs
    days = delivery_dates(where.raw)
    if not days:
        raise StarmapError(f"no delivery folders (date=YYYY-MM-DD) under {where.raw}")
    as_of = as_of or days[-1]
    if as_of < days[0]:
        raise StarmapError(f"nothing was delivered on or before {as_of} (first: {days[0]})")

    from pipelines.definitions import all_asset_checks, all_assets
    from pipelines.partitions import require_in_calendar
    from pipelines.resources import build_resources

    assets = all_assets()
    definitions = assets + all_asset_checks()
    partitioned = [key for a in assets if a.partitions_def is not None for key in a.keys]
    unpartitioned = [key for a in assets if a.partitions_def is None for key in a.keys]
    report_keys = [key for key in unpartitioned if key.path[-1] == "reports"]
    dimension_keys = [key for key in unpartitioned if key not in report_keys]

    require_in_calendar(days[0], as_of)
    fingerprint = inputs_fingerprint(where.raw, policy)
    with staged_copy(where.warehouse) as work, kept_open(work):
        with connect(work) as conn:
            ensure_schema(conn)
            first = (
                days[0] if full else first_day_to_redo(conn, where.raw, days, as_of, fingerprint)
            )
            dimensions_stand = not full and inputs_unchanged(conn, fingerprint)
        resources = build_resources(work, where.raw, policy_file, where.reports, staged=False)
        instance = _instance()  # one per run: creating one costs ~0.1 s
        not_passed: list[str] = []
        n_snapshots = 0 if first is None else (as_of - first).days + 1
        if first is None:
            progress(f"nothing delivered on or before {as_of} changed: snapshots stand")
        else:
            progress(f"{n_snapshots} snapshots {first}..{as_of} from {len(days)} delivery days")
            if dimensions_stand:
                progress("dimension files, settings and code unchanged: dimensions stand")
            else:
                progress("loading dimensions")
                not_passed += _materialize(definitions, dimension_keys, resources, None, instance)
            progress("loading deliveries and computing snapshots")
            day_range = {
                "dagster/asset_partition_range_start": first.isoformat(),
                "dagster/asset_partition_range_end": as_of.isoformat(),
            }
            not_passed += _materialize(definitions, partitioned, resources, day_range, instance)
        if write_reports and report_keys:
            progress(f"writing reports to {where.reports}")
            not_passed += _materialize(definitions, report_keys, resources, None, instance)
        with connect(work) as conn:
            record_inputs(conn, fingerprint)
        progress(f"publishing {where.warehouse}")
    summary = summarize(where.warehouse, as_of, n_snapshots)
    summary.reports = where.reports if write_reports else None
    summary.checks_not_passed = not_passed
    summary.seconds = time.monotonic() - started
    return summary


def summarize(warehouse: Path, as_of: date, snapshots: int) -> RunSummary:
    """Counts from the published warehouse: files, rows, duplicates, quarantine by reason."""
    summary = RunSummary(warehouse=warehouse, as_of=as_of, snapshots=snapshots)
    with connect(warehouse, read_only=True) as conn:
        count_loads(conn, summary)
    return summary


def count_loads(conn: Any, summary: Any) -> None:
    """Set the files, rows, duplicates, quarantine by reason and unreadable files of a
    RunSummary or a Spark IngestResult from ops.file_loads and quarantine.rejected_rows, on
    a DuckDB connection or a SparkConnection."""
    row = fetch_row(
        conn,
        """
        select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
               coalesce(sum(rows_duplicate), 0)
        from ops.file_loads
        """,
    )
    summary.files, summary.rows_read, summary.rows_loaded, summary.rows_duplicate = map(int, row)
    summary.quarantined_by_reason = {
        reason: int(n)
        for reason, n in conn.execute(
            """
            select reason, count(*) from quarantine.rejected_rows
            where resolved_at is null group by reason order by reason
            """
        ).fetchall()
    }
    summary.unreadable_files = [
        tuple(row)
        for row in conn.execute(
            """
            select source_file, detail from quarantine.rejected_rows
            where reason = 'unreadable' order by source_file
            """
        ).fetchall()
    ]


MAX_LISTED = 20  # unreadable files named in the summary; the rest are counted


def summary_lines(summary: RunSummary) -> list[str]:
    """The one-screen summary of a run: counts, every unreadable file (also those outside
    a delivery folder) and every check that warned or failed."""
    quarantined = sum(summary.quarantined_by_reason.values())
    reasons = ", ".join(f"{r} {n:,}" for r, n in summary.quarantined_by_reason.items())
    lines = [
        f"as of {summary.as_of}: {summary.snapshots} snapshots computed in {summary.seconds:.1f}s",
        f"files {summary.files:,}  rows read {summary.rows_read:,}  loaded "
        f"{summary.rows_loaded:,}  duplicates {summary.rows_duplicate:,}  "
        f"quarantined {quarantined:,}" + (f" ({reasons})" if reasons else ""),
    ]
    if summary.unreadable_files:
        lines.append(f"unreadable files ({len(summary.unreadable_files)}), quarantined whole:")
        lines += [f"  {name}: {why}" for name, why in summary.unreadable_files[:MAX_LISTED]]
        if len(summary.unreadable_files) > MAX_LISTED:
            lines.append(f"  ... and {len(summary.unreadable_files) - MAX_LISTED} more")
    lines += summary.checks_not_passed
    lines.append(f"warehouse: {summary.warehouse}")
    if summary.reports is not None:
        lines.append(f"reports:   {summary.reports / 'index.html'}")
    return lines


def print_summary(summary: RunSummary) -> None:
    for line in summary_lines(summary):
        print(line)


def run_demo(seed: int = 7) -> int:
    """Simulate data/raw if it is empty, run everything, write the reports."""
    print_progress_lines()
    where = Locations.resolve()
    if not where.raw.is_dir() or not any(where.raw.glob("*_events")):
        from starmap.simulate import simulate_landing_zone

        progress(f"simulating a landing zone into {where.raw} (seed {seed})")
        simulate_landing_zone(where.raw, seed=seed, progress=progress)
    summary = run_pipeline(reports=str(where.reports))
    print_summary(summary)
    return 0

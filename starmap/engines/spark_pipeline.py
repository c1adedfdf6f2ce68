"""`starmap run --engine spark`: ingestion, every snapshot mart and the declared checks on a
Spark session, into a Parquet warehouse directory (docs/scaling.md, "Running on Spark"):

    <warehouse>/staging/<table>/  quarantine/rejected_rows/  ops/file_loads/ ...
    <warehouse>/marts/<table>/as_of=YYYY-MM-DD/

Ingestion is one callable, `INGEST`, with the signature of the lead's
`starmap.engines.spark_ingest.ingest`; until that module lands it is `_ingest_with_duckdb`,
which runs the DuckDB ingest assets into a scratch file and exports their tables as Parquet.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starmap.engines.spark import (
    SparkWarehouse,
    export_tables,
    local_session,
    to_spark_sql,
    warehouse_view,
)
from starmap.errors import StarmapError
from starmap.landing import delivery_dates
from starmap.models import Model, bind_literals, read_inputs, snapshot_models
from starmap.progress import report as progress
from starmap.runner import RunSummary
from starmap.settings import Policy
from starmap.warehouse import read_sql

if TYPE_CHECKING:
    import duckdb
    from pyspark.sql import SparkSession

DEFAULT_SPARK_WAREHOUSE = Path("data/spark-warehouse")
DEFAULT_SPARK_MASTER = "local[2]"
KEY_CHECK = "key_is_unique"  # pipelines/snapshots.py names the check the same
# What ingestion writes beside staging (contract.md): exported whole, as staging is.
INGESTED_SCHEMAS = ("staging", "quarantine", "ops")


@dataclass
class IngestResult:
    """What an ingestion did, for the run's summary (the counts of RunSummary)."""

    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    seconds: float = 0.0


Ingest = Callable[["SparkSession", Path, Path, Policy, date], IngestResult]


# --- Ingestion (the seam) ------------------------------------------------------------------


def _export_ingested(conn: duckdb.DuckDBPyConnection, warehouse_dir: Path) -> list[str]:
    """Export every staging, quarantine and ops table of a DuckDB warehouse into the Spark
    warehouse directory, each renamed into place; the tables exported."""
    schemas = ", ".join(f"'{schema}'" for schema in INGESTED_SCHEMAS)
    tables = [
        f"{schema}.{name}"
        for schema, name in conn.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_type = 'BASE TABLE' and table_schema in ({schemas}) order by all"
        ).fetchall()
    ]
    progress(f"exporting {len(tables)} ingested tables to {warehouse_dir}")
    export_tables(conn, warehouse_dir, tables)
    return tables


def _policy_toml(policy: Policy) -> str:
    # The DuckDB resources read the policy from a settings file; every number is an int or
    # a float, whose repr is valid TOML.
    return "[policy]\n" + "".join(f"{k} = {v!r}\n" for k, v in policy.sql_params().items())


def _ingest_with_duckdb(
    spark: SparkSession, raw_root: Path, warehouse_dir: Path, policy: Policy, as_of: date
) -> IngestResult:
    """Stand-in for Spark ingestion: the DuckDB ingest assets (dimensions and every event
    source, delivery days <= as_of) into a scratch DuckDB file, then every staging,
    quarantine and ops table exported as Parquet into the warehouse directory."""
    del spark  # the signature of spark_ingest.ingest; DuckDB does the work here
    import dagster as dg

    from pipelines.ingest import ASSETS
    from pipelines.resources import build_resources
    from starmap.runner import _materialize, summarize
    from starmap.warehouse import connect, ensure_schema

    started = time.monotonic()
    days = [d for d in delivery_dates(raw_root) if d <= as_of]
    with tempfile.TemporaryDirectory(prefix="starmap-ingest-") as scratch:
        work, settings = Path(scratch, "ingest.duckdb"), Path(scratch, "settings.toml")
        settings.write_text(_policy_toml(policy), encoding="utf-8")
        with connect(work) as conn:
            ensure_schema(conn)
        resources = build_resources(work, raw_root, str(settings), scratch, staged=False)
        instance = dg.DagsterInstance.ephemeral()
        dimensions = [key for a in ASSETS if a.partitions_def is None for key in a.keys]
        events = [key for a in ASSETS if a.partitions_def is not None for key in a.keys]
        progress("loading dimensions (DuckDB)")
        _materialize(ASSETS, dimensions, resources, None, instance)
        if days:
            progress(f"loading deliveries {days[0]}..{as_of} (DuckDB)")
            day_range = {
                "dagster/asset_partition_range_start": days[0].isoformat(),
                "dagster/asset_partition_range_end": as_of.isoformat(),
            }
            _materialize(ASSETS, events, resources, day_range, instance)
        with connect(work, read_only=True) as conn:
            _export_ingested(conn, warehouse_dir)
        counts = summarize(work, as_of, 0)
    return IngestResult(
        files=counts.files,
        rows_read=counts.rows_read,
        rows_loaded=counts.rows_loaded,
        rows_duplicate=counts.rows_duplicate,
        quarantined_by_reason=counts.quarantined_by_reason,
        unreadable_files=counts.unreadable_files,
        seconds=time.monotonic() - started,
    )


# The one place ingestion is chosen: `from starmap.engines.spark_ingest import ingest` and
# `INGEST = ingest` once it lands.
INGEST: Ingest = _ingest_with_duckdb


# --- Checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckOutcome:
    """One declared check of a snapshot asset, evaluated on the Spark tables."""

    name: str
    asset: str
    violations: int
    blocking: bool

    @property
    def passed(self) -> bool:
        return self.violations == 0

    def line(self) -> str:
        # The wording of starmap.runner.checks_not_passed (a failed check is ERROR there).
        return f"check {self.name} on {self.asset} failed: {self.violations} violation(s)"


def _repeated_keys(warehouse: SparkWarehouse, model: Model, first: date, last: date) -> int:
    # Also after the write: a stray file in a partition would repeat keys the write checked.
    warehouse.register_table(model.name)
    key = ", ".join(f"`{k}`" for k in model.key)
    view = warehouse_view(model.name)
    counted = warehouse.sql(
        f"select count(*) - count(distinct {key}) as repeated from {view} "
        f"where as_of between date'{first}' and date'{last}'"
    )
    return int(counted.collect()[0]["repeated"])


def _violations(warehouse: SparkWarehouse, model: Model, check: str, params: Mapping) -> int:
    """The violations a check_<name>.sql counts (one row, one column), on Spark."""
    sql = read_sql(model.check_sql(check))
    for table in read_inputs(sql):
        warehouse.register_table(table)
    row = warehouse.sql(to_spark_sql(bind_literals(sql, dict(params)))).collect()[0]
    return int(row[0])


def snapshot_checks(
    warehouse: SparkWarehouse,
    models: Sequence[Model],
    first: date,
    last: date,
    policy_params: Mapping[str, Any],
) -> list[CheckOutcome]:
    """The checks pipelines/snapshots.py attaches to each snapshot asset, over the dates
    first..last: key_is_unique (blocking) and each declared check_<name>.sql (not
    blocking, as on Dagster)."""
    params = {**policy_params, "first": first, "last": last}
    outcomes = []
    for model in models:
        repeated = _repeated_keys(warehouse, model, first, last)
        outcomes.append(CheckOutcome(KEY_CHECK, model.short_name, repeated, blocking=True))
        outcomes += [
            CheckOutcome(name, model.short_name, _violations(warehouse, model, name, params), False)
            for name in model.checks
        ]
    return outcomes


def not_passed_lines(outcomes: Sequence[CheckOutcome]) -> list[str]:
    """Raise on a blocking check that failed (one line); the other failures, a line each."""
    for outcome in outcomes:
        if outcome.blocking and not outcome.passed:
            raise StarmapError(f"the run failed: {outcome.line()}")
    return [outcome.line() for outcome in outcomes if not outcome.passed]


# --- The run -------------------------------------------------------------------------------


@contextmanager
def open_session(master: str) -> Iterator[SparkSession]:
    """A Spark session for one run (its scratch in a temporary folder), stopped after."""
    with tempfile.TemporaryDirectory(prefix="starmap-spark-") as scratch:
        session = local_session(scratch, master=master)
        try:
            yield session
        finally:
            session.stop()


def snapshot_dates(raw_root: Path, as_of: date | None) -> list[date]:
    """Every business date from the first delivery to as_of (default: the latest delivery),
    as the DuckDB run computes them."""
    days = delivery_dates(raw_root)
    if not days:
        raise StarmapError(f"no delivery folders (date=YYYY-MM-DD) under {raw_root}")
    last = as_of or days[-1]
    if last < days[0]:
        raise StarmapError(f"nothing was delivered on or before {last} (first: {days[0]})")
    return [days[0] + timedelta(days=n) for n in range((last - days[0]).days + 1)]


def run_on_spark(
    raw: Path,
    warehouse_dir: Path,
    as_of: date | None,
    policy: Policy,
    master: str = DEFAULT_SPARK_MASTER,
    ingest: Ingest | None = None,
    spark: SparkSession | None = None,
) -> RunSummary:
    """Ingest every delivery <= as_of, write every snapshot mart for every date from the
    first delivery to as_of (oldest first) and run the snapshot assets' checks, on Spark.
    A session is opened on `master` (and stopped) unless `spark` is given."""
    started = time.monotonic()
    dates = snapshot_dates(raw, as_of)
    if spark is None:
        with open_session(master) as session:
            summary = run_on_spark(raw, warehouse_dir, as_of, policy, master, ingest, session)
        summary.seconds = time.monotonic() - started  # the session's start and stop included
        return summary
    ingested = (ingest or INGEST)(spark, raw, warehouse_dir, policy, dates[-1])
    progress(f"ingested {ingested.files} files in {ingested.seconds:.1f}s")
    params = policy.sql_params()
    warehouse = SparkWarehouse(spark, warehouse_dir)
    progress(f"{len(dates)} snapshots {dates[0]}..{dates[-1]} on Spark")
    written = warehouse.write_snapshots(dates, params)
    progress(f"snapshots written in {written.seconds:.1f}s; checking them")
    models = sorted(snapshot_models(), key=lambda m: m.name)
    not_passed = not_passed_lines(snapshot_checks(warehouse, models, dates[0], dates[-1], params))
    return RunSummary(
        warehouse=warehouse_dir,
        as_of=dates[-1],
        snapshots=len(dates),
        files=ingested.files,
        rows_read=ingested.rows_read,
        rows_loaded=ingested.rows_loaded,
        rows_duplicate=ingested.rows_duplicate,
        quarantined_by_reason=ingested.quarantined_by_reason,
        unreadable_files=ingested.unreadable_files,
        checks_not_passed=not_passed,
        seconds=time.monotonic() - started,
    )

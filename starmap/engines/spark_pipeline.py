"""`starmap run --engine spark`: ingestion, every snapshot mart and the declared checks on a
Spark session, into a Parquet warehouse directory (docs/scaling.md, "Running on Spark"):

    <warehouse>/staging/<table>/  quarantine/rejected_rows/  ops/file_loads/ ...
    <warehouse>/marts/<table>/as_of=YYYY-MM-DD/

Ingestion is `starmap.engines.spark_ingest.ingest` (the DuckDB engine's loader on a
SparkConnection), chosen in one place, `INGEST`.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starmap.engines.spark import (
    DEFAULT_SPARK_MASTER,
    SparkWarehouse,
    local_session,
    to_spark_sql,
    warehouse_view,
)
from starmap.engines.spark_ingest import IngestResult, ingest
from starmap.engines.spark_tables import SparkConnection
from starmap.errors import StarmapError
from starmap.landing import delivery_dates
from starmap.models import Model, bind_literals, read_inputs, snapshot_models
from starmap.progress import report as progress
from starmap.runner import RunSummary
from starmap.settings import Policy
from starmap.warehouse import read_sql

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

KEY_CHECK = "key_is_unique"  # pipelines/snapshots.py names the check the same


Ingest = Callable[["SparkSession", Path, Path, Policy, date], IngestResult]


# The one place ingestion is chosen (the Dagster step spark_ingest calls it too).
INGEST: Ingest = ingest


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


# The blocking money and load checks of the DuckDB graph (pipelines/settlement,
# pipelines/ops): the same functions and SQL files, on a connection reading the Spark tables.
MONEY_CHECKS = (
    ("brand_charge_identity", "settlements", "check_brand_charge_identity"),
    ("prepaid_identity", "settlements", "check_prepaid_identity"),
    ("ledger_sums_to_snapshots", "settlement_ledger", "check_ledger_sums"),
)


def settlement_reader(warehouse: SparkWarehouse) -> SparkConnection:
    """A connection reading the Spark tables the money checks of pipelines/settlement read
    (the same functions run on it as on a DuckDB connection)."""
    for _, _, sql_file in MONEY_CHECKS:
        for table in read_inputs(read_sql(f"marts/settlement/{sql_file}")):
            warehouse.register_table(table)
    return SparkConnection(warehouse.spark, empty_tables=False)


def money_and_load_checks(warehouse: SparkWarehouse) -> list[CheckOutcome]:
    """domain.md 5.5's identities on every settlements row of every snapshot, the ledger
    summing to the snapshots, and every file's rows adding up (ops.file_loads): blocking,
    as on DuckDB."""
    from pipelines.ingest.sources import SOURCES
    from pipelines.ops.checks import file_load_conservation
    from pipelines.settlement.checks import find_violations

    reader = settlement_reader(warehouse)
    outcomes = []
    for name, asset, sql_file in MONEY_CHECKS:
        violations = find_violations(reader, sql_file)
        outcomes.append(CheckOutcome(name, asset, violations.count, blocking=True))
    warehouse.register_table("ops.file_loads")
    loads = file_load_conservation(reader, sorted(SOURCES))
    broken = 0 if loads.passed else int(loads.metadata["files_not_adding_up"].value)
    outcomes.append(CheckOutcome("file_load_conservation", "ops.file_loads", broken, True))
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
    outcomes = snapshot_checks(warehouse, models, dates[0], dates[-1], params)
    not_passed = not_passed_lines(outcomes + money_and_load_checks(warehouse))
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

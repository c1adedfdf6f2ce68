"""The Spark arm's ingestion, chosen in one place (`choose_ingestion`).

Spark's own ingestion (`starmap.engines.spark_ingest.ingest(spark, raw_root,
warehouse_dir, policy, as_of)`) is being built. Until that module exists the arm loads
with DuckDB's ingest assets and exports the staging tables the snapshots read as Parquet
(`export_staging`), as the parity tests feed Spark, and names the stage
"ingestion (DuckDB, exported)" so nobody reads its figures as Spark's.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starmap.bench.pipeline import RunWindow, run_window
from starmap.bench.stages import StageClock
from starmap.engines.spark import export_staging, staging_tables
from starmap.settings import Policy
from starmap.warehouse import connect

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

SPARK_MODULE = "starmap.engines.spark_ingest"
SPARK_LABEL = "ingestion (Spark)"
DUCKDB_LABEL = "ingestion (DuckDB, exported)"

# ingest(spark, raw_root, warehouse_dir, policy, as_of) -> what the engine reports
Ingest = Callable[["SparkSession", Path, Path, Policy, date], Any]


@dataclass(frozen=True)
class Ingestion:
    label: str  # the stage's name in the printed table and the results file
    ingest: Ingest


@dataclass(frozen=True)
class StandInResult:
    load_s: float  # DuckDB's ingest assets, publishing included
    export_s: float  # staging tables written as Parquet for Spark


class DuckDBStandIn:
    """DuckDB's ingest assets for the delivery days after the last one loaded, through
    `as_of`, into its own DuckDB warehouse; then the staging tables exported under
    `warehouse_dir`. Like a daily run, each call loads only the days it has not seen."""

    def __init__(self, duckdb_warehouse: Path, first_day: date) -> None:
        self.warehouse = duckdb_warehouse
        self.next_day = first_day

    def __call__(
        self, spark: SparkSession, raw_root: Path, warehouse_dir: Path, policy: Policy, as_of: date
    ) -> StandInResult:
        # The bench runs the default policy, which run_window loads itself (settings=None).
        del spark, policy
        clock = StageClock().start()
        try:
            window = RunWindow(self.next_day, as_of)
            reports = self.warehouse.parent / "reports"
            run_window(raw_root, self.warehouse, reports, window, clock, snapshots=False)
        finally:
            clock.stop()
        started = time.perf_counter()
        with connect(self.warehouse, read_only=True) as conn:
            export_staging(conn, warehouse_dir, staging_tables())
        self.next_day = as_of + timedelta(days=1)
        return StandInResult(
            sum(s.seconds for s in clock.stages.values()), time.perf_counter() - started
        )


def choose_ingestion(scratch: Path, first_day: date) -> Ingestion:
    """Spark's ingestion when its module exists, else DuckDB's with the export."""
    try:
        module = importlib.import_module(SPARK_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name != SPARK_MODULE:
            raise  # the module is there but something it imports is not
        return Ingestion(DUCKDB_LABEL, DuckDBStandIn(scratch / "ingest.duckdb", first_day))
    return Ingestion(SPARK_LABEL, module.ingest)

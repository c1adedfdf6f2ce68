"""Resources shared by every domain: the warehouse, the landing zone and the policy."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from starmap.engines.spark import DEFAULT_SPARK_MASTER, DEFAULT_SPARK_WAREHOUSE
from starmap.settings import DEFAULT_RAW, DEFAULT_REPORTS, DEFAULT_WAREHOUSE, Policy, load_policy
from starmap.warehouse import WarehouseError, connect, ensure_schema, staged_copy

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ENGINES = ("duckdb", "spark")


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse.

    `staged=True` (runs launched from the UI, schedules, sensors): every step writes a
    private copy and publishes it atomically, so readers and crashes never see half a step.
    `staged=False`: `path` is already a private work copy held by `starmap run`, which
    publishes once at the end of the whole run.
    """

    path: str = str(DEFAULT_WAREHOUSE)
    staged: bool = True
    # The engine: duckdb (the file above), or spark: a session on spark_master writing the
    # Parquet warehouse directory spark_warehouse (docs/scaling.md, "Running on Spark"); the
    # graph then ingests with spark_ingest (pipelines/definitions.py).
    engine: str = "duckdb"
    spark_warehouse: str = str(DEFAULT_SPARK_WAREHOUSE)
    spark_master: str = DEFAULT_SPARK_MASTER

    @property
    def on_spark(self) -> bool:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r} (choose {' or '.join(ENGINES)})")
        return self.engine == "spark"

    def spark_session(self) -> SparkSession:
        """The process's Spark session: made by the first step that needs it, then reused
        by the steps of the same process (getOrCreate); it ends with the process."""
        from starmap.engines.spark import local_session

        scratch = Path(tempfile.gettempdir(), "starmap-spark")
        return local_session(scratch, master=self.spark_master)

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection with every schema in place; committed on success. On
        Spark, a connection reading the settlement tables of the Parquet warehouse, for
        the money checks (starmap/engines/spark_pipeline.py, settlement_reader)."""
        if self.on_spark:
            from starmap.engines.spark import SparkWarehouse
            from starmap.engines.spark_pipeline import settlement_reader

            yield settlement_reader(SparkWarehouse(self.spark_session(), self.spark_warehouse))
            return
        if self.staged:
            with staged_copy(self.path) as work, _open(work) as conn:
                yield conn
        else:
            with _open(Path(self.path)) as conn:
                yield conn

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for checks and reports: read-only on the published file, or the
        run's work copy.

        Staged runs publish every step, so the published file already holds what is read;
        reading it read-only neither copies the warehouse nor waits for the writer lock. The
        work copy of `starmap run` is held open read-write by the run (kept_open), and
        DuckDB refuses a read-only connection beside it.
        """
        if not self.staged:
            with self.connection() as conn:
                yield conn
            return
        try:
            conn = connect(self.path, read_only=True)
        except duckdb.Error as error:
            raise WarehouseError(f"cannot open the warehouse {self.path}: {error}") from error
        try:
            yield conn
        finally:
            conn.close()


@contextmanager
def _open(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = connect(path)
    try:
        ensure_schema(conn)
        yield conn
    finally:
        conn.close()


class LandingZoneResource(dg.ConfigurableResource):
    """The landing zone folder of contract.md."""

    path: str = str(DEFAULT_RAW)

    @property
    def root(self) -> Path:
        return Path(self.path)


class PolicyResource(dg.ConfigurableResource):
    """Policy numbers: defaults, overridden by a TOML settings file when given."""

    settings_path: str | None = None
    _policy: Policy | None = PrivateAttr(default=None)

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            self._policy = load_policy(self.settings_path)
        return self._policy


class ReportsResource(dg.ConfigurableResource):
    """Where the HTML reports are written."""

    path: str = str(DEFAULT_REPORTS)

    @property
    def root(self) -> Path:
        return Path(self.path)


def build_resources(
    warehouse: str | Path,
    raw: str | Path,
    settings: str | None,
    reports: str | Path,
    staged: bool,
    engine: str = "duckdb",
    spark_warehouse: str | Path = DEFAULT_SPARK_WAREHOUSE,
    spark_master: str = DEFAULT_SPARK_MASTER,
) -> dict[str, dg.ConfigurableResource]:
    """The resources of every way the graph runs: `dagster dev` (staged: each step publishes),
    `starmap run` and the benchmark (not staged: they hold a work copy for the whole run)."""
    return {
        "warehouse": WarehouseResource(
            path=str(warehouse),
            staged=staged,
            engine=engine,
            spark_warehouse=str(spark_warehouse),
            spark_master=spark_master,
        ),
        "landing_zone": LandingZoneResource(path=str(raw)),
        "policy": PolicyResource(settings_path=settings),
        "reports_dir": ReportsResource(path=str(reports)),
    }

"""The Spark arm of `starmap bench`: on the benchmark's landing zone, the session start,
Spark's per-statement overhead, the ingestion (starmap/engines/spark_ingest.py) and the
snapshot marts of the full run's as-of date, then of the increment's day, on Spark.

Each measured part records wall seconds and the CPU seconds of this process and of the JVM,
since the machine may be shared. A phase's total charges the session start to it, as a
daily job starts its own session; its fixed cost is session + statements x the median
wall time of a trivial statement (starmap/bench/costs.py).
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from starmap.bench.costs import spark_fixed_s
from starmap.bench.cpu import cpu_seconds
from starmap.bench.landing import BenchLanding
from starmap.bench.options import SPARK_MASTER
from starmap.engines.spark import SparkWarehouse, local_session
from starmap.engines.spark_ingest import ingest
from starmap.settings import load_policy

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The JVM's default heap (1 GiB) spills the 10M run's joins; the machine has RAM to spare.
DRIVER_MEMORY = "4g"
INGESTION = "ingestion"  # the stage's name in the table and the results file
JVM_EXIT_TIMEOUT_S = 60
PROBE_REPEATS = 30
PROBE_WARMUP = 5
T = TypeVar("T")


def measured(action: Callable[[], T]) -> tuple[T, dict[str, float]]:
    """Run `action`; its result, wall seconds and the CPU seconds it cost."""
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    return result, {
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu.process_s, 3),
        "jvm_cpu_s": round(cpu.jvm_s, 3),
    }


def _median_ms(action: Callable[[], object], repeats: int, warmup: int) -> float:
    for _ in range(warmup):
        action()
    walls_s = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        walls_s.append(time.perf_counter() - started)
    return statistics.median(walls_s) * 1000


@dataclass(frozen=True)
class Overhead:
    """Median wall time of statements that do no work: what every statement costs."""

    select_ms: float  # spark.sql("select 1").collect()
    parquet_view_ms: float  # a tiny Parquet folder registered as a view and counted
    repeats: int


def probe_overhead(
    spark: SparkSession, scratch: Path, repeats: int = PROBE_REPEATS, warmup: int = PROBE_WARMUP
) -> Overhead:
    """Time trivial statements after a warm-up (the first ones compile and load classes)."""
    tiny = str(scratch / "tiny_parquet")
    spark.range(10).write.mode("overwrite").parquet(tiny)

    def select_one() -> None:
        spark.sql("select 1").collect()

    def count_view() -> None:
        spark.read.parquet(tiny).createOrReplaceTempView("starmap__bench_tiny")
        spark.sql("select count(*) from starmap__bench_tiny").collect()

    select_ms = _median_ms(select_one, repeats, warmup)
    view_ms = _median_ms(count_view, repeats, warmup)
    spark.catalog.dropTempView("starmap__bench_tiny")
    return Overhead(round(select_ms, 3), round(view_ms, 3), repeats)


def _active_session() -> SparkSession | None:
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


def _start_session(scratch: Path, master: str) -> SparkSession:
    session = local_session(scratch, master=master, conf={"spark.driver.memory": DRIVER_MEMORY})
    session.range(1).collect()  # the first job starts the executors' threads
    return session


def _phase(
    spark: SparkSession,
    warehouse_dir: Path,
    raw: Path,
    as_of: date,
    session_row: dict[str, float],
    select_ms: float,
) -> dict[str, Any]:
    """One phase: ingestion through `as_of`, then every snapshot mart of that date."""
    policy = load_policy(None)
    # Every Spark run loads the landing zone whole (docs/scaling.md), so the increment's
    # ingestion is the history's again plus its day.
    ingested, ingest_row = measured(lambda: ingest(spark, raw, warehouse_dir, policy, as_of))
    ingest_row |= {"statements": ingested.statements, "rows_read": ingested.rows_read}
    # A new warehouse object: staging views are listed once per object, and ingestion has
    # just rewritten the staging folders.
    run, snapshot_row = measured(
        lambda: SparkWarehouse(spark, warehouse_dir).write_snapshots([as_of], policy.sql_params())
    )
    snapshot_row |= {
        "statements": run.statements,
        "seconds_by_table": {k: round(v, 3) for k, v in run.seconds_by_table.items()},
    }
    rows = {"session": session_row, INGESTION: ingest_row, "snapshots": snapshot_row}
    return {
        "as_of": as_of.isoformat(),
        "stages": rows,
        "total_s": round(sum(r["seconds"] for r in rows.values()), 3),
        "cpu_s": round(sum(r["cpu_s"] for r in rows.values()), 3),
        "jvm_cpu_s": round(sum(r["jvm_cpu_s"] for r in rows.values()), 3),
        "fixed_s": round(spark_fixed_s(session_row["seconds"], run.statements, select_ms), 3),
    }


def stop_with_jvm(spark: SparkSession) -> None:
    """Stop the session and end its JVM. `stop()` alone keeps pyspark's gateway JVM alive,
    so the next size's session would start warm (0.4 s against ~20 s cold) and the JVM's
    memory would count in the DuckDB arm's peak RSS. The gateway JVM exits when its stdin
    closes; pyspark then starts a new one for the next session."""
    from pyspark import SparkContext

    spark.stop()
    gateway = SparkContext._gateway
    if gateway is None or getattr(gateway, "proc", None) is None:
        return  # a gateway pyspark did not start (Spark Connect, an outside JVM)
    gateway.proc.stdin.close()
    gateway.proc.wait(timeout=JVM_EXIT_TIMEOUT_S)
    SparkContext._gateway = None
    SparkContext._jvm = None


def run_spark_arm(
    landing: BenchLanding,
    size: int,
    workdir: Path,
    master: str = SPARK_MASTER,
    session: SparkSession | None = None,
    say: Callable[[str], None] = lambda _message: None,
) -> dict[str, Any]:
    """The Spark arm on `landing` (simulated for `size` events): the record the results
    file keeps under `spark_runs`. With `session` (a test's), that session is used and left
    running; its start is not measured then (recorded as 0, `session_reused`)."""
    scratch = workdir / "spark"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    load_before = os.getloadavg()
    # A session already running in this process (a test suite's) is used, not replaced:
    # getOrCreate would hand it back anyway, and stopping it would end its owner's JVM.
    session = session or _active_session()
    if session is None:
        spark, session_row = measured(lambda: _start_session(scratch, master))
    else:
        spark, session_row = session, {"seconds": 0.0, "cpu_s": 0.0, "jvm_cpu_s": 0.0}
    say(f"spark session ({master}) {session_row['seconds']:.1f}s")
    try:
        overhead = probe_overhead(spark, scratch)
        say(f"spark: select 1 {overhead.select_ms:.1f} ms, view {overhead.parquet_view_ms:.1f} ms")
        phases: dict[str, dict[str, Any]] = {}
        for phase, as_of, events in (
            ("full", landing.history_last_day, landing.history_events),
            ("increment", landing.increment_day, landing.increment_events),
        ):
            row = _phase(
                spark, scratch / "warehouse", landing.raw, as_of, session_row,
                overhead.select_ms,
            )  # fmt: skip
            phases[phase] = {"events": events, **row}
            say(f"spark {phase}: {row['total_s']:.1f}s, fixed {row['fixed_s']:.1f}s")
        version = spark.version
    finally:
        if session is None:
            stop_with_jvm(spark)
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "events": size,
        "history_events": landing.history_events,
        "increment_events": landing.increment_events,
        "master": master,
        "spark": version,
        "session_reused": session is not None,
        "ingestion": INGESTION,
        "overhead": asdict(overhead),
        "load_average": {"before": list(load_before), "after": list(os.getloadavg())},
        "phases": phases,
    }

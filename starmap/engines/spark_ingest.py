"""Ingestion on Spark: the DuckDB engine's loader (pipelines/ingest/) run unchanged on a
SparkConnection (spark_tables.py), then its staging, quarantine and ops tables published
as Parquet folders of the Spark warehouse (docs/scaling.md, "Ingestion on Spark").

The loader's rules (typing, the pandera contracts, parents, dedupe, held rows, the
summaries) are the same Python and SQL files on both engines. What differs is the
mechanism around them:

- a Spark run loads the whole landing zone up to its as-of date, every time, instead of
  finding what changed since the last run (starmap/increments.py reads DuckDB's own
  tables): the result is the same by construction (tests/spark/test_spark_ingest.py);
- a table is published by writing it to a sibling folder and renaming it into place, so
  a killed run leaves each table as it was or whole.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.ingest.load import (
    BatchCounts,
    load_dimensions,
    load_event_days,
    plan_passes,
    record_stray_files,
    refresh_derived,
)
from pipelines.ingest.sources import SOURCES
from starmap.engines.spark import replace_folder
from starmap.engines.spark_tables import SparkConnection, iter_tables
from starmap.landing import delivery_dates
from starmap.progress import report
from starmap.runner import count_loads
from starmap.settings import Policy

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The order of the Dagster ingest assets' deps (pipelines/ingest/assets.py): engagement
# events after video and live events, whose summaries it brings up to date.
EVENT_ORDER = ("video_events", "live_events", "engagement_events", "order_events")
REFRESHES_DERIVED = "engagement_events"
PUBLISHED_SCHEMAS = ("staging", "quarantine", "ops")
# Landing bytes one load pass spans (DuckDB sizes passes by its memory limit). A pass's
# rows reach Spark from the driver (read as text, then an Arrow table): at 256 MiB of
# Parquet a pass's text ran a 4 GiB driver heap out of memory at 10M events.
PASS_BYTES = 32 * 1024 * 1024


@dataclass
class IngestResult:
    """What a Spark ingestion did, per file as ops.file_loads counts it."""

    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)
    statements: int = 0
    seconds: float = 0.0


def load_landing_zone(
    conn: SparkConnection, raw_root: Path, policy: Policy, as_of: date
) -> list[BatchCounts]:
    """Every dimension and every event delivery day <= as_of into the connection's
    tables, in the order and with the transactions the Dagster assets use."""
    days = [d for d in delivery_dates(raw_root) if d <= as_of]
    if not days:
        return []
    calendar = [days[0] + timedelta(days=n) for n in range((as_of - days[0]).days + 1)]
    conn.execute("begin")
    counts = list(load_dimensions(conn, raw_root, policy).values())
    conn.execute("commit")
    for name in EVENT_ORDER:
        source = SOURCES[name]
        for pass_days in plan_passes(raw_root, source, calendar, PASS_BYTES):
            for done in load_event_days(conn, raw_root, source, pass_days, policy):
                counts.append(done.counts)
        conn.execute("begin")
        record_stray_files(conn, raw_root, source)
        if name == REFRESHES_DERIVED:
            refresh_derived(conn, policy.sql_params())
        conn.execute("commit")
        report(f"{name}: loaded on Spark ({conn.statements} statements so far)")
    return counts


def publish(conn: SparkConnection, warehouse_dir: Path) -> list[str]:
    """Write the staging, quarantine and ops tables to <warehouse>/<schema>/<table>/, each
    into a sibling folder first and then renamed into place; the tables written."""
    written = []
    for table, frame in iter_tables(conn, PUBLISHED_SCHEMAS):
        replace_folder(
            Path(warehouse_dir, *table.split(".")),
            lambda fresh, frame=frame: (
                frame.coalesce(1).write.mode("overwrite").parquet(str(fresh))
            ),
        )
        written.append(table)
    return written


def ingest(
    spark: SparkSession, raw_root: Path, warehouse_dir: Path, policy: Policy, as_of: date
) -> IngestResult:
    """Load the landing zone up to `as_of` on Spark and publish staging, quarantine and
    ops into the warehouse directory."""
    started = time.monotonic()
    conn = SparkConnection(spark)
    try:
        load_landing_zone(conn, Path(raw_root), policy, as_of)
        publish(conn, Path(warehouse_dir))
        result = IngestResult()
        count_loads(conn, result)
    finally:
        conn.close()
    result.statements = conn.statements
    result.seconds = time.monotonic() - started
    return result

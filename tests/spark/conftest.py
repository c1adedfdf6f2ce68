"""The Spark session of the `spark` tests (make test-spark): local mode, two cores, one per
test session. Java and pyspark are installed by `make test-spark`; without them these tests
fail saying so, they do not skip."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from starmap.models import Model

# What the Spark runs of this session measured, printed at the end (docs/scaling.md quotes it).
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("Spark figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def record_run(label: str, run: Any, dates: int) -> None:
    """One line of figures of a SparkWarehouse.write_snapshots run."""
    per_statement_ms = 1000 * run.seconds / max(run.statements, 1)
    slowest = max(run.seconds_by_table.items(), key=lambda item: item[1])
    FIGURES.append(
        f"{label}: {dates} dates x {len(run.seconds_by_table)} marts = {run.dates_written} "
        f"snapshots in {run.seconds:.1f} s ({run.seconds / max(dates, 1):.1f} s a date, "
        f"{run.seconds / max(run.dates_written, 1):.2f} s a snapshot); {run.statements} "
        f"statements, {per_statement_ms:.0f} ms each; slowest {slowest[0]} {slowest[1]:.1f} s"
    )


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.fail("pyspark is not installed: `make test-spark` installs the [spark] extra")
    from starmap.engines.spark import JavaMissingError, local_session

    started = time.monotonic()
    try:
        session = local_session(tmp_path_factory.mktemp("spark"), cores=2, shuffle_partitions=4)
    except JavaMissingError as error:
        pytest.fail(str(error))
    # Hand-sized data: compiling generated code and re-planning after every stage cost
    # more than the work (25% of the tests' Spark time); results are the same either way.
    session.conf.set("spark.sql.codegen.wholeStage", "false")
    session.conf.set("spark.sql.adaptive.enabled", "false")
    session.range(1).collect()  # the first job starts the executors' threads
    FIGURES.append(f"session start (local[2]): {time.monotonic() - started:.1f} s")
    yield session
    session.stop()


def _normal(value: Any) -> Any:
    # Timestamps compare as UTC instants, whatever zone a reader attaches.
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value
    return value


def mart_rows(
    conn: duckdb.DuckDBPyConnection, source: str, model: Model, dates: Sequence[date]
) -> list[tuple[Any, ...]]:
    """A snapshot table's rows of some dates, declared columns in order, sorted by the key."""
    columns = ", ".join(model.column_names)
    key = ", ".join(model.key)
    listed = ", ".join(f"DATE '{d.isoformat()}'" for d in dates)
    rows = conn.execute(
        f"select {columns} from {source} where as_of in ({listed}) order by {key}"
    ).fetchall()
    return [tuple(_normal(v) for v in row) for row in rows]


def copy_tables(
    conn: duckdb.DuckDBPyConnection, warehouse_dir: Path, tables: Sequence[str]
) -> None:
    """DuckDB tables (schema.table) as the Parquet folders of a Spark warehouse."""
    for table in tables:
        folder = Path(warehouse_dir, *table.split("."))
        folder.mkdir(parents=True)
        conn.execute(f"copy (from {table}) to '{folder / 'data.parquet'}' (format parquet)")


def spark_source(warehouse_dir: Path, model: Model) -> str | None:
    """What DuckDB reads a Spark mart from (Hive-partitioned Parquet); None: no file yet."""
    folder = warehouse_dir / "marts" / model.short_name
    if not any(folder.glob("as_of=*/*.parquet")):
        return None
    return f"read_parquet('{folder}/as_of=*/*.parquet', hive_partitioning = true)"


def differences(
    model: Model, want: list[tuple[Any, ...]], got: list[tuple[Any, ...]], limit: int = 5
) -> list[str]:
    """What differs between two sorted row lists (floats within 1e-9), for the message."""
    found: list[str] = []
    if len(want) != len(got):
        found.append(f"{len(want)} rows on DuckDB, {len(got)} on Spark")
    for a, b in zip(want, got, strict=False):
        for column, x, y in zip(model.column_names, a, b, strict=True):
            same = (
                math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
                if isinstance(x, float) and isinstance(y, float)
                else x == y
            )
            if not same:
                found.append(f"{a[: len(model.key)]} {column}: DuckDB {x!r}, Spark {y!r}")
        if len(found) >= limit:
            break
    return found

"""Parity: the whole pipeline on Spark gives the rows DuckDB gives. The landing zone is
loaded on Spark (starmap/engines/spark_ingest.py: the same loader and SQL files) and its
staging, quarantine and ops tables equal DuckDB's; the snapshot models then run on Spark
(starmap/engines/spark.py) from those tables and give DuckDB's rows, table by table and
date by date: on the tiny golden example (every expected date) and on a simulated landing
zone with every fault kind."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from starmap.engines.spark import (
    SparkRun,
    SparkSnapshotError,
    SparkWarehouse,
    staging_tables,
)
from starmap.engines.spark_ingest import PUBLISHED_SCHEMAS, IngestResult, ingest, publish
from starmap.engines.spark_tables import SparkConnection, iter_tables, warehouse_schemas
from starmap.models import Model, snapshot_models
from starmap.runner import run_pipeline
from starmap.settings import load_policy
from starmap.simulate import simulate_landing_zone
from starmap.warehouse import connect
from tests.conftest import TINY_DATES, TINY_RAW, TINY_SETTINGS, tiny_expected
from tests.spark.conftest import (
    FIGURES,
    copy_tables,
    differences,
    mart_rows,
    record_run,
    spark_source,
)

pytestmark = pytest.mark.spark

SNAPSHOTS = sorted(snapshot_models(), key=lambda m: m.name)


@dataclass(frozen=True)
class Parity:
    duckdb_warehouse: Path
    spark_dir: Path
    compared: list[date]
    run: SparkRun
    ingested: IngestResult


# Written by `starmap run` around the loads (fingerprints of the inputs and the schema),
# not by the loader.
RUNNER_TABLES = {"ops.run_inputs", "ops.schema_state"}
INGESTED_TABLES = sorted(
    t
    for t in warehouse_schemas()
    if t.split(".")[0] in PUBLISHED_SCHEMAS and t not in RUNNER_TABLES
)
# loaded_at is the clock of the load; event_key a narrow probe key made by each engine's
# own 64-bit hash function (ids are compared as text before a row is a duplicate).
NOT_COMPARED = {"loaded_at", "event_key"}


def with_previous_snapshots(conn: duckdb.DuckDBPyConnection, dates: Sequence[date]) -> list[date]:
    """The dates plus, for each, the snapshot before it on DuckDB: the ledger of D moves from
    the previous snapshot, so Spark computes that one too (fraud and the other sticky rules
    are computed from the history within one date and need no earlier snapshot)."""
    written = [
        r[0] for r in conn.execute("select distinct as_of from marts.settlements").fetchall()
    ]
    needed = set(dates)
    for as_of in dates:
        earlier = [d for d in written if d < as_of]
        if earlier:
            needed.add(max(earlier))
    return sorted(needed)


def run_both(
    label: str,
    raw: Path,
    duckdb_warehouse: Path,
    spark_dir: Path,
    spark: Any,
    compared: list[date],
    settings: Path | None,
) -> Parity:
    """The landing zone loaded on Spark up to the last compared date, then the snapshots of
    the compared dates (and the ones before them) from the tables Spark loaded."""
    with connect(duckdb_warehouse, read_only=True) as conn:
        dates = with_previous_snapshots(conn, compared)
    policy = load_policy(settings)
    ingested = ingest(spark, raw, spark_dir, policy, max(compared))
    FIGURES.append(
        f"{label}: ingestion of {ingested.rows_read} rows in {ingested.files} files on Spark in "
        f"{ingested.seconds:.1f} s, {ingested.statements} statements "
        f"({1000 * ingested.seconds / max(ingested.statements, 1):.0f} ms each)"
    )
    warehouse = SparkWarehouse(spark, spark_dir)
    run = warehouse.write_snapshots(dates, policy.sql_params())
    record_run(label, run, len(dates))
    return Parity(duckdb_warehouse, spark_dir, compared, run, ingested)


def table_rows(conn: duckdb.DuckDBPyConnection, table: str, source: str) -> list[tuple[Any, ...]]:
    """A loader table's rows (every column but NOT_COMPARED), sorted."""
    schema, name = table.split(".")
    columns = ", ".join(
        c
        for (c,) in conn.execute(
            "select column_name from information_schema.columns "
            "where table_schema = $s and table_name = $t order by ordinal_position",
            {"s": schema, "t": name},
        ).fetchall()
        if c not in NOT_COMPARED
    )
    return conn.execute(f"select {columns} from {source} order by all").fetchall()


def assert_same_ingested(parity: Parity, table: str) -> int:
    folder = Path(parity.spark_dir, *table.split("."))
    assert any(folder.glob("*.parquet")), f"{table}: Spark published no table"
    with connect(parity.duckdb_warehouse, read_only=True) as conn:
        want = table_rows(conn, table, table)
        got = table_rows(conn, table, f"read_parquet('{folder}/*.parquet')")
    assert got == want, (
        f"{table}: {len(want)} rows on DuckDB, {len(got)} on Spark"
        + "".join(f"\n  DuckDB only {r}" for r in sorted(set(want) - set(got), key=str)[:3])
        + "".join(f"\n  Spark only {r}" for r in sorted(set(got) - set(want), key=str)[:3])
    )
    return len(want)


def assert_same_rows(parity: Parity, model: Model) -> int:
    with connect(parity.duckdb_warehouse, read_only=True) as conn:
        want = mart_rows(conn, model.name, model, parity.compared)
        source = spark_source(parity.spark_dir, model)
        got = [] if source is None else mart_rows(conn, source, model, parity.compared)
    found = differences(model, want, got)
    assert not found, f"{model.name}: " + "; ".join(found)
    return len(want)


@pytest.fixture(scope="session")
def tiny_parity(
    tiny_warehouse: Path, spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> Parity:
    return run_both(
        "tiny example",
        TINY_RAW,
        tiny_warehouse,
        tmp_path_factory.mktemp("tiny_spark"),
        spark,
        TINY_DATES,
        TINY_SETTINGS,
    )


@pytest.mark.parametrize("table", INGESTED_TABLES)
def test_tiny_example_loads_on_spark_as_on_duckdb(tiny_parity: Parity, table: str) -> None:
    assert_same_ingested(tiny_parity, table)


@pytest.mark.parametrize("model", SNAPSHOTS, ids=lambda m: m.short_name)
def test_tiny_example_gives_duckdbs_rows_on_spark(tiny_parity: Parity, model: Model) -> None:
    assert_same_rows(tiny_parity, model)


# The tiny example predates live commerce (domain.md 9): it has no live session. The
# simulated zone has them, and its parity test asserts rows in every mart.
WITHOUT_TINY_ROWS = {"marts.live_sessions"}


def test_tiny_example_on_spark_has_rows_in_every_mart(tiny_parity: Parity) -> None:
    # The comparison above would pass on two empty tables: every mart has rows here.
    with connect(tiny_parity.duckdb_warehouse, read_only=True) as conn:
        for model in SNAPSHOTS:
            if model.name in WITHOUT_TINY_ROWS:
                continue
            source = spark_source(tiny_parity.spark_dir, model)
            assert source is not None, model.name
            assert mart_rows(conn, source, model, tiny_parity.compared), model.name


def test_rerunning_the_spark_ingestion_gives_the_same_tables(
    tiny_parity: Parity, spark: Any
) -> None:
    again = ingest(
        spark, TINY_RAW, tiny_parity.spark_dir, load_policy(TINY_SETTINGS), max(TINY_DATES)
    )
    assert again.rows_read == tiny_parity.ingested.rows_read
    for table in INGESTED_TABLES:
        assert_same_ingested(tiny_parity, table)


def test_a_publish_killed_midway_leaves_every_table_whole(
    tiny_parity: Parity, spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyspark.sql import DataFrameWriter

    published = tmp_path / "warehouse"
    shutil.copytree(tiny_parity.spark_dir, published)
    order = [table for table, _ in iter_tables(SparkConnection(spark), PUBLISHED_SCHEMAS)]
    killed = order.index("quarantine.rejected_rows")
    write = DataFrameWriter.parquet

    def dies_writing_the_quarantine(self: Any, path: str, *args: Any, **kwargs: Any) -> None:
        if "rejected_rows" in path:
            Path(path).mkdir(parents=True, exist_ok=True)
            (Path(path) / "part-00000.parquet").write_bytes(b"PAR1 half a file")
            raise RuntimeError("killed")
        write(self, path, *args, **kwargs)

    monkeypatch.setattr(DataFrameWriter, "parquet", dies_writing_the_quarantine)
    with pytest.raises(RuntimeError, match="killed"):
        publish(SparkConnection(spark), published)  # an empty run's tables
    monkeypatch.undo()

    def rows(warehouse: Path, table: str) -> int:
        folder = Path(warehouse, *table.split("."))
        with duckdb.connect() as conn:
            return conn.execute(f"select count(*) from '{folder}/*.parquet'").fetchone()[0]

    # The tables before the kill are the new (empty) ones; the one being written and those
    # after it are as they were, whole: none is half written.
    assert rows(tiny_parity.spark_dir, "quarantine.rejected_rows") > 0
    for table in order[:killed]:
        assert rows(published, table) == 0, table
    for table in order[killed:]:
        assert rows(published, table) == rows(tiny_parity.spark_dir, table), table
    # The half-written folder was removed, not left beside the table.
    assert not list((published / "quarantine").glob(".rejected_rows.*"))


def _expected_value(column: str, value: Any) -> Any:
    if column == "placed_ts" and value is not None:
        return datetime.fromisoformat(value)
    return value


@pytest.mark.parametrize("table", ["settlements", "order_attribution"])
def test_tiny_example_on_spark_matches_the_expected_files(tiny_parity: Parity, table: str) -> None:
    key = {"settlements": "collaboration_id", "order_attribution": "order_id"}[table]
    with duckdb.connect() as conn:
        folder = tiny_parity.spark_dir / "marts" / table
        cursor = conn.execute(
            f"select * from read_parquet('{folder}/as_of=*/*.parquet', hive_partitioning = true)"
        )
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for as_of in TINY_DATES:
        expected = tiny_expected(as_of)[table]
        actual = {r[key]: r for r in rows if r["as_of"] == as_of}
        assert sorted(actual) == sorted(expected), f"{table} as of {as_of}"
        for id_, want in expected.items():
            got = {column: actual[id_][column] for column in want}
            assert got == {c: _expected_value(c, v) for c, v in want.items()}, f"{id_} {as_of}"


def test_rerunning_a_date_replaces_only_its_partition(tiny_parity: Parity, spark: Any) -> None:
    model = next(m for m in SNAPSHOTS if m.name == "marts.settlements")
    folder = tiny_parity.spark_dir / "marts" / "settlements"
    before = {p.name: sorted(f.name for f in p.glob("*.parquet")) for p in folder.glob("as_of=*")}
    warehouse = SparkWarehouse(spark, tiny_parity.spark_dir)
    as_of = TINY_DATES[1]
    warehouse.write_snapshot(model, as_of, load_policy(TINY_SETTINGS).sql_params())
    after = {p.name: sorted(f.name for f in p.glob("*.parquet")) for p in folder.glob("as_of=*")}
    assert after.keys() == before.keys()
    rewritten = f"as_of={as_of.isoformat()}"
    # New files in the date's partition, the other partitions' files untouched.
    assert after[rewritten] != before[rewritten]
    assert {k: v for k, v in after.items() if k != rewritten} == {
        k: v for k, v in before.items() if k != rewritten
    }
    assert_same_rows(tiny_parity, model)


def test_a_repeated_key_writes_nothing_of_the_date(tiny_parity: Parity, spark: Any) -> None:
    model = next(m for m in SNAPSHOTS if m.name == "marts.settlements")
    # as_of alone as the key: every collaboration after the first repeats it.
    broken = replace(model, key=("as_of",))
    partition = tiny_parity.spark_dir / "marts" / "settlements" / f"as_of={TINY_DATES[-1]}"
    files = sorted(p.name for p in partition.glob("*.parquet"))
    warehouse = SparkWarehouse(spark, tiny_parity.spark_dir)
    with pytest.raises(SparkSnapshotError, match=r"marts.settlements: \d+ row\(s\) repeat a key"):
        warehouse.write_snapshot(broken, TINY_DATES[-1], load_policy(TINY_SETTINGS).sql_params())
    assert sorted(p.name for p in partition.glob("*.parquet")) == files
    assert_same_rows(tiny_parity, model)


SIMULATED = {"seed": 11, "days": 6, "creators": 60, "events_per_day": 3_000}
SIMULATED_DATES = 3


@pytest.fixture(scope="module")
def simulated_parity(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Parity:
    root = tmp_path_factory.mktemp("simulated")
    simulate_landing_zone(root / "raw", **SIMULATED)
    warehouse = root / "warehouse.duckdb"
    run_pipeline(raw=str(root / "raw"), warehouse=str(warehouse))
    with connect(warehouse, read_only=True) as conn:
        written = [
            r[0]
            for r in conn.execute(
                "select distinct as_of from marts.settlements order by as_of"
            ).fetchall()
        ]
    return run_both(
        "simulated zone",
        root / "raw",
        warehouse,
        root / "spark",
        spark,
        written[-SIMULATED_DATES:],
        None,
    )


def test_simulated_zone_has_every_fault_kind(simulated_parity: Parity) -> None:
    with connect(simulated_parity.duckdb_warehouse, read_only=True) as conn:
        reasons = {
            r[0]
            for r in conn.execute("select distinct reason from quarantine.rejected_rows").fetchall()
        }
    assert {"schema", "domain", "reference", "conflict", "unreadable"} <= reasons


@pytest.mark.parametrize("table", INGESTED_TABLES)
def test_simulated_zone_loads_on_spark_as_on_duckdb(simulated_parity: Parity, table: str) -> None:
    rows = assert_same_ingested(simulated_parity, table)
    assert rows > 0, f"{table}: no rows to compare"


def test_spark_quarantines_every_fault_kind(simulated_parity: Parity) -> None:
    # Spark's own counts (IngestResult, read off its ops and quarantine tables).
    ingested = simulated_parity.ingested
    assert {"schema", "domain", "reference", "conflict", "unreadable"} <= set(
        ingested.quarantined_by_reason
    )
    quarantined = sum(ingested.quarantined_by_reason.values())
    # Per run, every row read is loaded, a duplicate, or quarantined (held rows admitted
    # later count as loaded and leave quarantine).
    assert ingested.rows_read == ingested.rows_loaded + ingested.rows_duplicate + quarantined
    assert ingested.unreadable_files, "the simulated zone has an unreadable file"


@pytest.mark.parametrize("model", SNAPSHOTS, ids=lambda m: m.short_name)
def test_simulated_zone_gives_duckdbs_rows_on_spark(simulated_parity: Parity, model: Model) -> None:
    rows = assert_same_rows(simulated_parity, model)
    if model.name != "marts.settlement_ledger":
        assert rows > 0, f"{model.name}: no rows to compare"


def test_a_date_without_rows_removes_its_partition(
    tiny_warehouse: Path, spark: Any, tmp_path: Path
) -> None:
    model = next(m for m in SNAPSHOTS if m.name == "marts.mcn_standing")
    with connect(tiny_warehouse, read_only=True) as conn:
        copy_tables(conn, tmp_path, staging_tables([model]))
    warehouse = SparkWarehouse(spark, tmp_path)
    params = load_policy(TINY_SETTINGS).sql_params()
    founded, before = date(2024, 1, 1), date(2023, 12, 31)  # the tiny MCN's founding
    assert warehouse.write_snapshot(model, founded, params) == 1
    # A stale partition of a date on which no MCN was known yet (an earlier run's rows).
    stale = warehouse.partition_path(model.name, before)
    stale.mkdir()
    for written in warehouse.partition_path(model.name, founded).glob("*.parquet"):
        (stale / written.name).write_bytes(written.read_bytes())
    assert warehouse.write_snapshot(model, before, params) == 0
    assert not stale.exists()
    assert len(list(warehouse.partition_path(model.name, founded).glob("*.parquet"))) == 1

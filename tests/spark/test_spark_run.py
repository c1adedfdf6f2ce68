"""`starmap run --engine spark` on the tiny example up to an early date (two snapshot dates,
to keep the Spark time small): the marts equal DuckDB's, the warehouse directory reads with
DuckDB, a rerun gives identical rows, and the snapshot assets' checks run on Spark."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

import starmap.engines.spark_pipeline as spark_pipeline
from starmap.cli import main
from starmap.engines.spark import SparkWarehouse
from starmap.errors import StarmapError
from starmap.models import Model, snapshot_models
from starmap.settings import load_policy
from starmap.warehouse import connect
from tests.conftest import TINY_RAW, TINY_SETTINGS
from tests.spark.conftest import differences, mart_rows, spark_source

pytestmark = pytest.mark.spark

SNAPSHOTS = sorted(snapshot_models(), key=lambda m: m.name)
DATES = [date(2026, 6, 2), date(2026, 6, 3)]  # the first delivery day and the next
# Marts with rows on those dates (no order and no live session is delivered by then).
WITH_ROWS = ("settlements", "creator_tiers", "campaign_funnel", "mcn_standing")


@dataclass(frozen=True)
class CliRun:
    warehouse_dir: Path
    out: str


def run_cli(spark: Any, warehouse_dir: Path) -> str:
    """`starmap run --engine spark` on the tests' session (a run opens its own otherwise)."""

    @contextmanager
    def shared_session(master: str) -> Iterator[Any]:
        yield spark

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out):
        patch.setattr(spark_pipeline, "open_session", shared_session)
        code = main(
            [
                "run",
                "--engine",
                "spark",
                "--raw",
                str(TINY_RAW),
                "--warehouse",
                str(warehouse_dir),
                "--settings",
                str(TINY_SETTINGS),
                "--as-of",
                DATES[-1].isoformat(),
            ]
        )
    assert code == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def cli_run(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    warehouse_dir = tmp_path_factory.mktemp("spark_run") / "warehouse"
    return CliRun(warehouse_dir, run_cli(spark, warehouse_dir))


def all_mart_rows(warehouse_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect() as conn:
        return {
            m.name: mart_rows(conn, source, m, DATES)
            for m in SNAPSHOTS
            if (source := spark_source(warehouse_dir, m)) is not None
        }


def test_the_summary_is_the_duckdb_runs(cli_run: CliRun) -> None:
    lines = cli_run.out.splitlines()
    assert lines[0].startswith(f"as of {DATES[-1]}: {len(DATES)} snapshots computed in")
    assert lines[1].startswith("files 9  rows read 35  loaded 34  duplicates 0  quarantined 1")
    assert lines[-1] == f"warehouse: {cli_run.warehouse_dir}"
    assert not [line for line in lines if line.startswith("check ")]  # every check passed


@pytest.mark.parametrize("model", SNAPSHOTS, ids=lambda m: m.short_name)
def test_spark_run_gives_duckdbs_marts(cli_run: CliRun, tiny_warehouse: Path, model: Model) -> None:
    with connect(tiny_warehouse, read_only=True) as conn:
        want = mart_rows(conn, model.name, model, DATES)
        source = spark_source(cli_run.warehouse_dir, model)
        got = [] if source is None else mart_rows(conn, source, model, DATES)
    found = differences(model, want, got)
    assert not found, f"{model.name}: " + "; ".join(found)


def test_the_warehouse_directory_reads_with_duckdb(cli_run: CliRun) -> None:
    root = cli_run.warehouse_dir
    with duckdb.connect() as conn:

        def scalar(sql: str) -> Any:
            return conn.execute(sql).fetchall()[0][0]

        for mart in WITH_ROWS:
            dates = conn.execute(
                f"select distinct as_of from read_parquet('{root}/marts/{mart}/as_of=*/*.parquet',"
                " hive_partitioning = true) order by as_of"
            ).fetchall()
            assert [d for (d,) in dates] == DATES, mart
        assert scalar(f"select count(*) from '{root}/ops/file_loads/*.parquet'") == 9
        assert scalar(f"select sum(rows_read) from '{root}/ops/file_loads/*.parquet'") == 35
        reason = f"select reason from '{root}/quarantine/rejected_rows/*.parquet'"
        assert conn.execute(reason).fetchall() == [("domain",)]
        assert scalar(f"select count(*) from '{root}/staging/collaborations/*.parquet'") == 6
    # Every table was renamed into place: no temporary folder is left beside one.
    assert not list(root.glob("*/.*"))


def test_a_rerun_gives_identical_rows(cli_run: CliRun, spark: Any) -> None:
    before = all_mart_rows(cli_run.warehouse_dir)
    assert all(before.get(f"marts.{mart}") for mart in WITH_ROWS)
    out = run_cli(spark, cli_run.warehouse_dir)
    assert out.splitlines()[1] == cli_run.out.splitlines()[1]
    assert all_mart_rows(cli_run.warehouse_dir) == before


def test_a_failing_check_on_spark_fails_the_run(
    cli_run: CliRun, spark: Any, tmp_path: Path
) -> None:
    model = next(m for m in SNAPSHOTS if m.name == "marts.mcn_standing")
    copy = tmp_path / "warehouse"
    shutil.copytree(cli_run.warehouse_dir, copy)
    # A second copy of a date's file: its MCN twice, as a stray file would make it.
    partition = copy / "marts" / "mcn_standing" / f"as_of={DATES[0]}"
    written = next(partition.glob("*.parquet"))
    shutil.copy(written, partition / f"stray-{written.name}")
    params = load_policy(TINY_SETTINGS).sql_params()
    outcomes = spark_pipeline.snapshot_checks(
        SparkWarehouse(spark, copy), [model], DATES[0], DATES[-1], params
    )
    assert {o.name: o.violations for o in outcomes} == {
        "key_is_unique": 1,
        "one_row_per_known_mcn": 1,
    }
    with pytest.raises(StarmapError, match="check key_is_unique on mcn_standing failed"):
        spark_pipeline.not_passed_lines(outcomes)


def _rewrite(folder: Path, change: str) -> None:
    """Replace a Parquet table's (or partition's) file by its rows with `change` applied
    (a DuckDB `select * replace (...)` clause)."""
    written = next(folder.glob("*.parquet"))
    changed = folder.parent / f"{folder.name}.changed.parquet"
    with duckdb.connect() as conn:
        conn.execute(f"copy (select * {change} from '{written}') to '{changed}' (format parquet)")
    written.unlink()
    changed.rename(folder / "part-00000.parquet")


def test_the_money_and_load_checks_run_on_spark(
    cli_run: CliRun, spark: Any, tmp_path: Path
) -> None:
    copy = tmp_path / "warehouse"
    shutil.copytree(cli_run.warehouse_dir, copy)
    passing = spark_pipeline.money_and_load_checks(SparkWarehouse(spark, copy))
    assert {o.name: o.violations for o in passing} == {
        "brand_charge_identity": 0,
        "prepaid_identity": 0,
        "ledger_sums_to_snapshots": 0,
        "file_load_conservation": 0,
    }
    # One fen more charged to the brand on every row of a date, and a file that reads one
    # row more than it accounts for.
    settlements = copy / "marts" / "settlements" / f"as_of={DATES[-1]}"
    _rewrite(settlements, "replace (brand_charge_fen + 1 as brand_charge_fen)")
    _rewrite(
        copy / "ops" / "file_loads",
        "replace (rows_read + (source_file = 'creators.csv')::int as rows_read)",
    )
    with duckdb.connect() as conn:
        rows = conn.execute(f"select count(*) from '{settlements}/*.parquet'").fetchone()[0]
    failing = spark_pipeline.money_and_load_checks(SparkWarehouse(spark, copy))
    violations = {o.name: o.violations for o in failing}
    assert violations["brand_charge_identity"] == rows > 0
    assert violations["prepaid_identity"] == 0
    assert violations["file_load_conservation"] == 1
    with pytest.raises(StarmapError, match="check brand_charge_identity on settlements failed"):
        spark_pipeline.not_passed_lines(failing)


def test_the_dagster_money_checks_read_the_spark_tables(cli_run: CliRun) -> None:
    from pipelines.resources import WarehouseResource
    from pipelines.settlement import checks

    warehouse = WarehouseResource(engine="spark", spark_warehouse=str(cli_run.warehouse_dir))
    with warehouse.connection() as conn:
        # What the settlements_identities and ledger checks call, on the Spark tables.
        assert checks.brand_charge_identity(conn).passed
        assert checks.prepaid_identity(conn).passed
        assert checks.ledger_sums(conn).passed
        (rows,) = conn.execute("select count(*) from marts.settlements").fetchone()
    assert rows > 0


def test_dagster_on_spark_ingests_through_the_seam_and_writes_a_partition(
    cli_run: CliRun, tmp_path: Path
) -> None:
    import dagster as dg

    from pipelines.ingest.spark_assets import spark_ingest
    from pipelines.resources import LandingZoneResource, PolicyResource, WarehouseResource
    from pipelines.snapshots import model, snapshot_asset

    target = model("mcn_standing")
    lake = tmp_path / "lake"
    result = dg.materialize(
        [spark_ingest, snapshot_asset(target, "creators")],
        partition_key=DATES[1].isoformat(),
        resources={
            # The tests' session is the process's: the resource's getOrCreate returns it.
            "warehouse": WarehouseResource(
                path=str(tmp_path / "unused.duckdb"), engine="spark", spark_warehouse=str(lake)
            ),
            "landing_zone": LandingZoneResource(path=str(TINY_RAW)),
            "policy": PolicyResource(settings_path=str(TINY_SETTINGS)),
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"key_is_unique": True, "one_row_per_known_mcn": True}
    with duckdb.connect() as conn:
        source = spark_source(lake, target)
        assert source is not None
        got = mart_rows(conn, source, target, DATES)
        loads = conn.execute(f"select count(*) from '{lake}/ops/file_loads/*.parquet'")
        assert loads.fetchall() == [(9,)]  # what the CLI run loaded up to the same day
    assert got == all_mart_rows(cli_run.warehouse_dir)[target.name][-1:]  # one MCN, one date
    assert not (tmp_path / "unused.duckdb").exists()  # nothing of it ran on DuckDB

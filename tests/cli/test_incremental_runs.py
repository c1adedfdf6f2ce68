"""A run redoes only what changed, and ends with exactly the tables of a full run."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipelines.partitions import last_day
from starmap.cli import main
from starmap.runner import run_pipeline
from starmap.warehouse import connect
from tests.conftest import TINY_RAW, TINY_SETTINGS

DIMENSION_TABLES = (
    "staging.creators",
    "staging.mcns",
    "staging.brands",
    "staging.products",
    "staging.campaigns",
    "staging.collaborations",
)
TABLES = (
    *DIMENSION_TABLES,
    "marts.settlements",
    "marts.settlement_ledger",
    "marts.order_attribution",
    "marts.creator_tiers",
    "marts.mcn_standing",
    "marts.campaign_funnel",
    "marts.campaign_funnel_daily",
    "staging.engagement_events",
    "staging.video_events",
    "staging.order_events",
    "quarantine.rejected_rows",
)


def _content(warehouse: Path) -> dict[str, list]:
    with connect(warehouse, read_only=True) as conn:
        state = {t: sorted(conn.execute(f"from {t}").fetchall(), key=repr) for t in TABLES}
        state["ops.file_loads"] = sorted(
            conn.execute("select * exclude (loaded_at) from ops.file_loads").fetchall(), key=repr
        )
    return state


def _run(raw: Path, warehouse: Path, as_of: date):
    return run_pipeline(
        raw=str(raw), warehouse=str(warehouse), as_of=as_of, settings=str(TINY_SETTINGS)
    )


def test_day_by_day_runs_end_like_one_full_run(tmp_path: Path) -> None:
    # Through 06-21: every delivery but the last, held rows admitted in a later run, and
    # ledgers and sticky flags continued across run boundaries. (Running through 08-05 as
    # well cost 45 more snapshots and added no case.)
    full, daily = tmp_path / "full.duckdb", tmp_path / "daily.duckdb"
    _run(TINY_RAW, full, date(2026, 6, 21))
    runs = [_run(TINY_RAW, daily, date(2026, 6, day)) for day in (5, 10, 21)]
    assert [run.snapshots for run in runs] == [4, 5, 11]  # 06-02..06-05, ..06-10, ..06-21
    assert _content(daily) == _content(full)


def test_a_rerun_with_nothing_changed_computes_nothing_and_changes_nothing(
    tmp_path: Path, tiny_warehouse: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    again = _run(TINY_RAW, warehouse, date(2026, 8, 5))
    assert again.snapshots == 0
    assert _content(warehouse) == _content(tiny_warehouse)


def test_a_changed_delivery_recomputes_from_its_day(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(TINY_RAW, raw)
    warehouse, fresh = tmp_path / "w.duckdb", tmp_path / "fresh.duckdb"
    as_of = date(2026, 6, 7)
    _run(raw, warehouse, as_of)
    late = raw / "engagement_events" / "date=2026-06-05" / "part-0.csv"
    late.write_text(late.read_text() + "e0099,like,2026-06-05T11:00:00+08:00,v2,u11,\n")
    rerun = _run(raw, warehouse, as_of)
    assert rerun.snapshots == 3  # 06-05, 06-06 and 06-07
    _run(raw, fresh, as_of)
    assert _content(warehouse) == _content(fresh)
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute(
            "select count(*) from staging.engagement_events where event_id = 'e0099'"
        ).fetchall() == [(1,)]


def _dimension_loads(warehouse: Path) -> list[tuple]:
    with connect(warehouse, read_only=True) as conn:
        return conn.execute(
            "select source_file, loaded_at from ops.file_loads where delivery_date is null "
            "order by source_file"
        ).fetchall()


def test_dimensions_stand_until_a_dimension_file_changes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(TINY_RAW, raw)
    warehouse, fresh = tmp_path / "w.duckdb", tmp_path / "fresh.duckdb"
    as_of = date(2026, 6, 4)
    _run(raw, warehouse, as_of - timedelta(days=1))
    first_loads = _dimension_loads(warehouse)
    assert len(first_loads) == len(DIMENSION_TABLES)

    # A new delivery day, the same dimension files, settings and SQL: not reloaded.
    _run(raw, warehouse, as_of)
    assert _dimension_loads(warehouse) == first_loads

    # A creator's follower count changes: every dimension reloads, every day is redone.
    creators = raw / "creators.csv"
    creators.write_text(creators.read_text().replace(",250000,", ",260000,", 1))
    rerun = _run(raw, warehouse, as_of)
    assert rerun.snapshots == 3  # 06-02..06-04
    reloaded = _dimension_loads(warehouse)
    assert [name for name, _ in reloaded] == [name for name, _ in first_loads]
    assert all(new > old for (_, new), (_, old) in zip(reloaded, first_loads, strict=True))
    _run(raw, fresh, as_of)
    assert _content(warehouse) == _content(fresh)
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute(
            "select followers from staging.creators where creator_id = 'c1'"
        ).fetchall() == [(260000,)]


@pytest.mark.parametrize("folder", ["date=2022-12-31", f"date={last_day() + timedelta(days=30)}"])
def test_a_day_outside_the_calendar_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(TINY_RAW, raw)
    shutil.copytree(
        raw / "engagement_events" / "date=2026-06-05", raw / "engagement_events" / folder
    )
    warehouse = tmp_path / "w.duckdb"
    code = main(["run", "--raw", str(raw), "--warehouse", str(warehouse)])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and folder.removeprefix("date=") in err[0] and "calendar" in err[0]
    assert not warehouse.exists()

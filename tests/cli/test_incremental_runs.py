"""A run redoes only what changed, and ends with exactly the tables of a full run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from starmap.runner import run_pipeline
from starmap.warehouse import connect
from tests.conftest import TINY_RAW, TINY_SETTINGS

TABLES = (
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


def test_day_by_day_runs_end_like_one_full_run(tmp_path: Path, tiny_warehouse: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    first = _run(TINY_RAW, warehouse, date(2026, 6, 5))
    second = _run(TINY_RAW, warehouse, date(2026, 8, 5))
    assert (first.snapshots, second.snapshots) == (4, 61)  # 06-02..06-05, then 06-06..08-05
    assert _content(warehouse) == _content(tiny_warehouse)


def test_a_rerun_with_nothing_changed_computes_nothing_and_changes_nothing(
    tmp_path: Path, tiny_warehouse: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    again = _run(TINY_RAW, warehouse, date(2026, 8, 5))
    assert again.snapshots == 0
    assert _content(warehouse) == _content(tiny_warehouse)


def test_a_changed_delivery_recomputes_from_its_day(tmp_path: Path, tiny_warehouse: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(TINY_RAW, raw)
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    late = raw / "engagement_events" / "date=2026-07-02" / "part-0.csv"
    late.write_text(late.read_text() + "e0099,like,2026-07-02T11:00:00+08:00,v2,u11,\n")
    rerun = _run(raw, warehouse, date(2026, 8, 5))
    assert rerun.snapshots == (date(2026, 8, 5) - date(2026, 7, 2)).days + 1
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute(
            "select count(*) from staging.engagement_events where event_id = 'e0099'"
        ).fetchall() == [(1,)]

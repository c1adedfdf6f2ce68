"""A small simulated zone with live commerce through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from starmap.runner import run_pipeline
from starmap.simulate import simulate_landing_zone
from starmap.warehouse import connect

SHELF_CHANNELS = {"search", "shopping_center", "shop"}


@pytest.fixture(scope="module")
def live_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("live")
    # Ten days: long enough for slots booked before the run to be fulfilled in it.
    simulate_landing_zone(root / "raw", seed=5, days=10, creators=40, events_per_day=4_000)
    warehouse = root / "warehouse.duckdb"
    run_pipeline(raw=str(root / "raw"), warehouse=str(warehouse))
    return warehouse


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with connect(warehouse, read_only=True) as conn:
        return conn.execute(sql).fetchall()


def _newest(table: str) -> str:
    return f"from marts.{table} where as_of = (select max(as_of) from marts.{table})"


def test_sessions_of_both_host_kinds_and_an_open_one(live_warehouse: Path) -> None:
    rows = dict(
        _rows(live_warehouse, f"select host_kind, count(*) {_newest('live_sessions')} group by 1")
    )
    assert rows.get("brand", 0) > 0 and rows.get("creator", 0) > 0, rows
    (open_sessions,) = _rows(
        live_warehouse, f"select count(*) {_newest('live_sessions')} and end_ts is null"
    )[0]
    assert open_sessions >= 1
    (viewed,) = _rows(live_warehouse, f"select sum(views) {_newest('live_sessions')}")[0]
    assert viewed > 0


def test_channels_include_field_and_the_shelf(live_warehouse: Path) -> None:
    channels = {
        c for (c,) in _rows(live_warehouse, f"select distinct channel {_newest('channel_gmv')}")
    }
    assert "field" in channels and channels & SHELF_CHANNELS, channels
    assert len(channels) >= 4, channels


def test_some_live_collaborations_settle(live_warehouse: Path) -> None:
    states = dict(
        _rows(
            live_warehouse,
            f"select state, count(*) {_newest('settlements')} and pricing_model = 'live' "
            "group by 1",
        )
    )
    assert states.get("in_escrow", 0) + states.get("released", 0) > 0, states

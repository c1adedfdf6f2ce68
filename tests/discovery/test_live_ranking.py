"""`starmap creators` ranks by live performance (domain.md 9) beside the video metrics: GPM
and UV value of the creator's own sessions that started in the last 30 days."""

from __future__ import annotations

import json

import pytest

from starmap.cli import main
from tests.creators.warehouse_rows import Rows
from tests.discovery.test_creators_command import D, release


def _session(
    rows: Rows,
    live_id: str,
    creator_id: str | None,
    start: str,
    views: int,
    viewers: int,
    net_gmv_fen: int,
) -> None:
    rows.conn.execute(
        """
        insert into marts.live_sessions (as_of, live_id, host_kind, creator_id, brand_id,
            collaborations, start_ts, views, unique_viewers, likes, comments, shares,
            product_clicks, orders, paid_orders, gmv_fen, net_gmv_fen)
        values (cast($as_of as date), $live, case when $creator is null then 'brand'
            else 'creator' end, $creator, case when $creator is null then 'b1' end, 0,
            cast($start as timestamptz), $views, $viewers, 0, 0, 0, 0, 0, 0, $gmv, $gmv)
        """,
        {
            "as_of": D,
            "live": live_id,
            "creator": creator_id,
            "start": start,
            "views": views,
            "viewers": viewers,
            "gmv": net_gmv_fen,
        },
    )


def _json(rows: Rows, capsys: pytest.CaptureFixture, *argv: str) -> list[dict]:
    path = release(rows)
    assert main(["creators", "--warehouse", path, "--format", "json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_sort_by_live_gpm_and_uv_value_over_the_window(rows: Rows, capsys) -> None:
    for creator, star in (("c1", 90.0), ("c2", 60.0), ("c3", 70.0)):
        rows.tier_row(D, creator, star_index=star)
    # c2: 2 sessions in the window, 30 views / 10 viewers, net 60000: GPM 2,000,000, UV 6000
    _session(rows, "L1", "c2", "2026-06-01T20:00:00+08:00", 10, 5, 20_000)
    _session(rows, "L2", "c2", "2026-06-30T20:00:00+08:00", 20, 5, 40_000)
    # c3: GPM 5,000,000 but UV 5000; an older session (05-31) is outside the window
    _session(rows, "L3", "c3", "2026-06-10T20:00:00+08:00", 10, 10, 50_000)
    _session(rows, "L4", "c3", "2026-05-31T20:00:00+08:00", 1, 1, 9_999_999)
    _session(rows, "L5", None, "2026-06-10T20:00:00+08:00", 1, 1, 9_999_999)  # a brand room
    found = _json(rows, capsys, "--sort", "live_gpm")
    assert [r["creator_id"] for r in found] == ["c3", "c2", "c1"]  # c1 never went live: last
    by_id = {r["creator_id"]: r for r in found}
    assert by_id["c2"]["live_gpm_fen"] == 2_000_000.0
    assert by_id["c2"]["live_uv_value_fen"] == 6000.0
    assert (by_id["c2"]["live_sessions_30d"], by_id["c2"]["live_views_30d"]) == (2, 30)
    assert by_id["c1"]["live_gpm_fen"] is None and by_id["c1"]["live_sessions_30d"] == 0


def test_sort_by_live_uv_value(rows: Rows, capsys) -> None:
    rows.tier_row(D, "c2", star_index=60.0)
    rows.tier_row(D, "c3", star_index=70.0)
    _session(rows, "L1", "c2", "2026-06-20T20:00:00+08:00", 30, 10, 60_000)
    _session(rows, "L3", "c3", "2026-06-10T20:00:00+08:00", 10, 10, 50_000)
    assert [r["creator_id"] for r in _json(rows, capsys, "--sort", "live_uv_value")] == [
        "c2",
        "c3",
    ]


def test_the_table_shows_live_columns_only_when_someone_went_live(rows: Rows, capsys) -> None:
    rows.tier_row(D, "c2", star_index=60.0)
    _session(rows, "L1", "c2", "2026-06-20T20:00:00+08:00", 30, 10, 60_000)
    path = release(rows)
    assert main(["creators", "--warehouse", path, "--sort", "live_gpm"]) == 0
    header = capsys.readouterr().out.splitlines()[1]
    assert "live GPM 元" in header
    assert "UV 元" in header

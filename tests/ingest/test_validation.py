"""Bad rows are caught by the contracts and quarantined with the right reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.landing_zone import (
    DIMENSION_ROWS,
    engagement,
    ingest,
    order,
    publish,
    write_dimensions,
    write_events,
)

PUBLISHED = [publish("p1", "2026-06-02T09:00:00+08:00")]


def _reasons(conn) -> dict[str, tuple[str, str]]:
    rows = conn.execute(
        "select coalesce(event_id, source_file), reason, detail from quarantine.rejected_rows"
    ).fetchall()
    return {key: (reason, detail) for key, reason, detail in rows}


@pytest.mark.parametrize(
    ("row", "reason", "detail_part"),
    [
        (engagement("x", "dislike", "2026-06-03T10:00:00+08:00"), "domain", "event_type"),
        (
            engagement("x", "product_click", "2026-06-03T10:00:00+08:00"),
            "domain",
            "product_click_needs_product",
        ),
        (engagement("x", "like", "yesterday"), "schema", "event_ts"),
        (engagement("x", "like", ""), "schema", "event_ts missing"),
        ({**engagement("x", "like", "2026-06-03T10:00:00+08:00"), "viewer_id": ""}, "schema", ""),
        (engagement("x", "like", "2026-06-03T10:00:00+08:00", video="v404"), "reference", "v404"),
        (
            engagement("x", "product_click", "2026-06-03T10:00:00+08:00", product_id="p404"),
            "reference",
            "p404",
        ),
    ],
)
def test_engagement_rows(tmp_path: Path, row: dict, reason: str, detail_part: str) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-02", PUBLISHED)
    write_events(tmp_path, "engagement_events", "2026-06-03", [row])
    conn = ingest(tmp_path)
    got_reason, detail = _reasons(conn)["x"]
    assert got_reason == reason and detail_part in detail
    assert conn.execute("select count(*) from visible.engagement_events").fetchall() == [(0,)]


@pytest.mark.parametrize(
    ("row", "reason", "detail_part"),
    [
        (order("x", "refunded", "2026-06-03T10:00:00+08:00", amount="-5"), "domain", "amount_fen"),
        (order("x", "paid", "2026-06-03T10:00:00+08:00", amount=None), "domain", "amount"),
        (order("x", "paid", "2026-06-03T10:00:00+08:00", amount="12.5"), "schema", "amount_fen"),
        (order("x", "shipped", "2026-06-03T10:00:00+08:00"), "domain", "event_type"),
        ({**order("x", "placed", "2026-06-03T10:00:00+08:00"), "quantity": "-1"}, "domain", ""),
        (
            {**order("x", "placed", "2026-06-03T10:00:00+08:00"), "product_id": "p9"},
            "reference",
            "",
        ),
    ],
)
def test_order_rows(tmp_path: Path, row: dict, reason: str, detail_part: str) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "order_events", "2026-06-03", [row])
    conn = ingest(tmp_path)
    got_reason, detail = _reasons(conn)["x"]
    assert got_reason == reason and detail_part in detail


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (publish("x", "2026-06-03T10:00:00+08:00", creator="c9"), "reference"),
        (publish("x", "2026-06-03T10:00:00+08:00", collaboration_id="co9"), "reference"),
        (publish("x", "2026-06-03T10:00:00+08:00", creator="c2", collaboration_id="co1"), "domain"),
        (publish("x", "2026-06-03T10:00:00+08:00", duration_s="long"), "schema"),
        (publish("x", "2026-06-03T10:00:00+08:00", is_commercial="maybe"), "schema"),
        (
            {**publish("x", "2026-06-03T10:00:00+08:00"), "event_type": "delete", "video_id": "v9"},
            "reference",
        ),
    ],
)
def test_video_rows(tmp_path: Path, row: dict, reason: str) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-03", [row])
    conn = ingest(tmp_path)
    assert _reasons(conn)["x"][0] == reason


@pytest.mark.parametrize(
    ("source", "change", "reason"),
    [
        ("creators", {"platform": "kuaishou"}, "domain"),
        ("creators", {"followers": "many"}, "schema"),
        ("creators", {"followers": "-3"}, "domain"),
        ("creators", {"mcn_id": "m9", "mcn_share_bps": "3000"}, "reference"),
        ("creators", {"mcn_share_bps": "3000"}, "domain"),  # a share with no MCN
        ("creators", {"mcn_id": "m1", "mcn_share_bps": "12000"}, "domain"),
        ("creators", {"audience_female_share": "1.2"}, "domain"),
        ("collaborations", {"pricing_model": "barter"}, "domain"),
        ("collaborations", {"price_fen": ""}, "domain"),  # flat_fee needs its price
        ("collaborations", {"campaign_id": "k9"}, "reference"),
        ("collaborations", {"booked_at": "soon"}, "schema"),
    ],
)
def test_dimension_rows(tmp_path: Path, source: str, change: dict, reason: str) -> None:
    rows = [{**DIMENSION_ROWS[source][0], **change}]
    write_dimensions(tmp_path, {source: rows})
    conn = ingest(tmp_path)
    rejected = conn.execute("select source, reason from quarantine.rejected_rows").fetchall()
    assert (source, reason) in rejected


def test_bad_rows_never_stop_the_good_rows_of_their_file(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-02", PUBLISHED)
    good = engagement("ok", "like", "2026-06-03T10:00:00+08:00")
    bad = engagement("bad", "like", "not a time")
    write_events(tmp_path, "engagement_events", "2026-06-03", [bad, good, bad | {"event_id": "b2"}])
    conn = ingest(tmp_path)
    assert conn.execute("select event_id from staging.engagement_events").fetchall() == [("ok",)]
    assert conn.execute(
        "select rows_read, rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'engagement_events'"
    ).fetchall() == [(3, 1, 2)]


def test_unknown_file_format_is_quarantined_as_unreadable(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    folder = tmp_path / "engagement_events" / "date=2026-06-03"
    folder.mkdir(parents=True)
    (folder / "part-0.xlsx").write_bytes(b"PK\x03\x04")
    conn = ingest(tmp_path)
    assert conn.execute("select source_file, reason from quarantine.rejected_rows").fetchall() == [
        ("engagement_events/date=2026-06-03/part-0.xlsx", "unreadable")
    ]

"""Every file format loads the same rows; timestamps become Asia/Shanghai business dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.landing_zone import engagement, ingest, publish, write_dimensions, write_events

LIKES = [
    engagement("e1", "like", "2026-06-03T10:00:00+08:00", viewer="u1"),
    engagement("e2", "comment", "2026-06-03T11:00:00+08:00", viewer="u2"),
]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_each_format_loads_the_same_typed_rows(tmp_path: Path, suffix: str) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    write_events(tmp_path, "engagement_events", "2026-06-03", LIKES, name=f"part-0{suffix}")
    conn = ingest(tmp_path)
    rows = conn.execute(
        "select event_id, event_type, viewer_id, business_date, admitted_date "
        "from staging.engagement_events order by event_id"
    ).fetchall()
    assert rows == [
        ("e1", "like", "u1", date(2026, 6, 3), date(2026, 6, 3)),
        ("e2", "comment", "u2", date(2026, 6, 3), date(2026, 6, 3)),
    ]


def test_jsonl_numbers_and_extra_fields_are_kept_as_text_in_raw(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    path = tmp_path / "order_events" / "date=2026-06-03" / "part-0.jsonl"
    path.parent.mkdir(parents=True)
    row = {
        "event_id": "o1a",
        "event_type": "placed",
        "event_ts": "2026-06-03T10:00:00+08:00",
        "order_id": "o1",
        "buyer_id": "u1",
        "product_id": "p1",
        "quantity": 1,
        "amount_fen": 19900,
        "channel": "live",
    }
    path.write_text(json.dumps(row) + "\n")
    conn = ingest(tmp_path)
    raw = conn.execute("select amount_fen, extra_json from raw.order_events").fetchall()
    assert raw[0][0] == "19900" and json.loads(raw[0][1])["channel"] == "live"
    assert conn.execute("select amount_fen from staging.order_events").fetchall() == [(19900,)]


def test_unknown_csv_columns_are_kept_in_raw_extra_json(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    path = tmp_path / "video_events" / "date=2026-06-02" / "part-0.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "event_id,event_type,event_ts,video_id,creator_id,region\n"
        "p1,publish,2026-06-02T09:00:00+08:00,v1,c1,华东\n",
        encoding="utf-8",
    )
    conn = ingest(tmp_path)
    assert conn.execute("select extra_json from raw.video_events").fetchall() == [
        ('{"region":"华东"}',)
    ]
    assert conn.execute("select count(*) from staging.video_events").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("stamp", "business_date"),
    [
        ("2026-06-02T15:59:59Z", date(2026, 6, 2)),  # 23:59:59 in Shanghai
        ("2026-06-02T16:00:00Z", date(2026, 6, 3)),  # midnight in Shanghai: the next day
        ("2026-06-03T00:00:00", date(2026, 6, 3)),  # naive = Shanghai local time
        ("2026-06-02T23:59:59+08:00", date(2026, 6, 2)),
        ("2026-06-03T01:00:00+09:00", date(2026, 6, 3)),  # 00:00 in Shanghai
        ("2026-06-02T18:30:00-05:00", date(2026, 6, 3)),  # 07:30 next day in Shanghai
    ],
)
def test_business_date_is_the_shanghai_calendar_date(
    tmp_path: Path, stamp: str, business_date: date
) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-03", [publish("p1", stamp)])
    conn = ingest(tmp_path)
    assert conn.execute("select business_date from staging.video_events").fetchall() == [
        (business_date,)
    ]

"""The tiny example's quarantine cases (its README) end as listed, through `starmap run`."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from starmap.warehouse import connect, set_as_of

EXPECTED_REASONS = {
    "e9001": "domain",  # unknown type dislike
    "e9002": "reference",  # video v404 never arrives
    "e9003": "schema",  # bad timestamp
    "e0002": "conflict",  # reused id, other content
    "ve11": "domain",  # c1 publishing for c3's collaboration
    "o9a": "domain",  # negative amount
}


@pytest.fixture(scope="module")
def tiny(tiny_warehouse) -> duckdb.DuckDBPyConnection:
    conn = connect(tiny_warehouse, read_only=True)
    yield conn
    conn.close()


def test_each_listed_row_is_quarantined_with_its_reason(tiny) -> None:
    rows = dict(
        tiny.execute(
            "select event_id, reason from quarantine.rejected_rows where event_id is not null"
        ).fetchall()
    )
    for event_id, reason in EXPECTED_REASONS.items():
        assert rows.get(event_id) == reason, event_id


def test_garbage_parquet_is_quarantined_whole_while_its_sibling_loads(tiny) -> None:
    unreadable = tiny.execute(
        "select source_file, row_number from quarantine.rejected_rows where reason = 'unreadable'"
    ).fetchall()
    assert unreadable == [("engagement_events/date=2026-06-07/part-1.parquet", None)]
    loaded = tiny.execute(
        "select event_id from staging.engagement_events "
        "where source_file = 'engagement_events/date=2026-06-07/part-0.jsonl'"
    ).fetchall()
    assert loaded == [("e8001",)]


def test_redelivered_identical_event_is_a_duplicate_not_a_rejection(tiny) -> None:
    copies = tiny.execute(
        "select count(*) from staging.engagement_events where event_id = 'e0001'"
    ).fetchall()
    assert copies == [(1,)]
    duplicates = tiny.execute(
        "select rows_duplicate from ops.file_loads "
        "where source_file = 'engagement_events/date=2026-06-05/part-0.csv'"
    ).fetchall()
    assert duplicates == [(1,)]
    assert tiny.execute(
        "select count(*) from quarantine.rejected_rows where event_id = 'e0001'"
    ).fetchall() == [(0,)]


def test_conflict_keeps_the_first_delivered_copy(tiny) -> None:
    viewer = tiny.execute(
        "select viewer_id from staging.engagement_events where event_id = 'e0002'"
    ).fetchall()
    assert viewer == [("u2",)]


def test_every_file_balances(tiny) -> None:
    unbalanced = tiny.execute(
        "select source_file from ops.file_loads "
        "where rows_read <> rows_loaded + rows_duplicate + rows_quarantined"
    ).fetchall()
    assert unbalanced == []
    raw_rows, read_rows = tiny.execute(
        """
        select
            (select count(*) from raw.video_events) + (select count(*) from raw.engagement_events)
            + (select count(*) from raw.order_events),
            (select sum(rows_read) from ops.file_loads where delivery_date is not null
               and source_file not in (select source_file from quarantine.rejected_rows
                                       where reason = 'unreadable'))
        """
    ).fetchall()[0]
    assert raw_rows == read_rows


def test_late_like_on_v7_is_held_as_of_06_05_and_loaded_as_of_06_06(tiny) -> None:
    held = tiny.execute(
        "select reason, first_seen_at, resolved_at from quarantine.rejected_rows "
        "where event_id = 'e0077'"
    ).fetchall()
    assert held == [("reference", date(2026, 6, 5), date(2026, 6, 6))]
    seen = {}
    for day in (date(2026, 6, 5), date(2026, 6, 6)):
        set_as_of(tiny, day)
        seen[day] = tiny.execute(
            "select count(*) from visible.engagement_events where event_id = 'e0077'"
        ).fetchall()[0][0]
    assert seen == {date(2026, 6, 5): 0, date(2026, 6, 6): 1}


def test_bots_of_06_04_are_marked(tiny) -> None:
    bots = tiny.execute(
        "select viewer_id, business_date, bot_from_date from staging.bot_viewer_days order by 1"
    ).fetchall()
    june_4 = date(2026, 6, 4)
    assert bots == [("u8", june_4, june_4), ("u9", june_4, june_4)]

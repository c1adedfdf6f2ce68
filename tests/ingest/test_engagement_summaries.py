"""The engagement summaries (staging.engagement_counts, staging.interaction_events) give
the snapshots exactly what the event-level views give, as of every date, however the
events arrived: day by day with late video events, held rows, bots, reloads."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.load import (
    load_dimensions,
    load_event_day,
    reexamine_held,
    refresh_derived,
    reset_events_from,
)
from pipelines.ingest.sources import EVENTS, SOURCES
from starmap.settings import Policy
from starmap.simulate import simulate_landing_zone
from starmap.warehouse import connect, ensure_schema, set_as_of
from tests.landing_zone import engagement, ingest, publish, write_dimensions, write_events

# The same numbers counted from every valid event, and from the summaries.
COUNTS_FROM_EVENTS = """
select video_id, business_date, event_type, count(*) as events
from visible.valid_engagement_events
group by all
"""
COUNTS_FROM_SUMMARIES = """
select video_id, business_date, event_type, events from visible.valid_engagement_counts
"""
INTERACTION_COLUMNS = (
    "event_id, event_type, event_ts, business_date, video_id, viewer_id, product_id, "
    "admitted_date, is_bot, is_before_publish, is_while_down"
)
INTERACTIONS_FROM_EVENTS = f"""
select {INTERACTION_COLUMNS} from visible.engagement_events
where event_type in ('like', 'comment', 'share', 'follow', 'product_click')
"""
INTERACTIONS_FROM_SUMMARIES = f"select {INTERACTION_COLUMNS} from visible.interaction_events"


# Half the videos (known or not), for the macro that counts only the videos listed.
SOME_VIDEOS = """
create or replace temp table some_videos as
select distinct video_id from staging.engagement_events where hash(video_id) % 2 = 0
"""
COUNTS_OF_SOME_FROM_EVENTS = f"""
select * from ({COUNTS_FROM_EVENTS}) semi join some_videos using (video_id)
"""
COUNTS_OF_SOME_FROM_SUMMARIES = (
    "select video_id, business_date, event_type, events "
    "from visible.valid_engagement_counts_of('some_videos')"
)


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


def _assert_summaries_match(conn: duckdb.DuckDBPyConnection, as_of: date) -> None:
    set_as_of(conn, as_of)
    assert _rows(conn, COUNTS_FROM_SUMMARIES) == _rows(conn, COUNTS_FROM_EVENTS), as_of
    conn.execute(SOME_VIDEOS)
    some = _rows(conn, COUNTS_OF_SOME_FROM_SUMMARIES)
    assert some == _rows(conn, COUNTS_OF_SOME_FROM_EVENTS), as_of
    assert _rows(conn, INTERACTIONS_FROM_SUMMARIES) == _rows(conn, INTERACTIONS_FROM_EVENTS)


def test_summaries_match_the_events_through_daily_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = tmp_path / "raw"
    # Enough creators for the simulated bot waves (each bot hits over 100 videos a day).
    summary = simulate_landing_zone(raw, seed=5, days=6, creators=150, events_per_day=5_000)
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    load_dimensions(conn, raw)
    days = [summary.first_day + timedelta(days=n) for n in range(6)]
    for day in days:  # one daily run per delivery day, as a schedule would
        for source in EVENTS:
            load_event_day(conn, raw, source, day)
            reexamine_held(conn, source, day)
        refresh_derived(conn, Policy().sql_params())
        for as_of in (days[0], day - timedelta(days=1), day, day + timedelta(days=3)):
            _assert_summaries_match(conn, as_of)
    # Kept in step by the loads themselves: never rebuilt for having drifted.
    assert "rebuilding" not in caplog.text
    # The comparison saw every reason an event is invalid, and the macro a strict part.
    set_as_of(conn, days[-1] + timedelta(days=3))
    conn.execute(SOME_VIDEOS)
    some = _rows(conn, COUNTS_OF_SOME_FROM_SUMMARIES)
    assert 0 < len(some) < len(_rows(conn, COUNTS_FROM_SUMMARIES))
    flagged = conn.execute(
        "select count(*) filter (where is_bot), count(*) filter (where is_before_publish), "
        "count(*) filter (where is_while_down) from visible.engagement_events"
    ).fetchall()[0]
    assert all(n > 0 for n in flagged), flagged


def _landing_with_late_hide(root: Path) -> None:
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00+08:00")])
    write_events(
        root,
        "engagement_events",
        "2026-06-02",
        [
            engagement(f"e{hour}", "play", f"2026-06-02T{hour}:00:00+08:00", viewer=f"u{hour}")
            for hour in (10, 11, 12)
        ],
    )
    # Delivered a day later: the video was hidden from 10:30 to 11:30 on 06-02.
    hide = {**publish("h1", "2026-06-02T10:30:00+08:00"), "event_type": "hide"}
    restore = {**publish("r1", "2026-06-02T11:30:00+08:00"), "event_type": "restore"}
    write_events(root, "video_events", "2026-06-03", [hide, restore])


def _plays(conn: duckdb.DuckDBPyConnection, as_of: str) -> int:
    set_as_of(conn, date.fromisoformat(as_of))
    rows = conn.execute(
        "select events from visible.valid_engagement_counts where event_type = 'play'"
    ).fetchall()
    return sum(n for (n,) in rows)


def test_a_late_hide_splits_the_counted_plays(tmp_path: Path) -> None:
    _landing_with_late_hide(tmp_path)
    conn = ingest(tmp_path)
    # Three plays on 06-02; the hide known from 06-03 takes the 11:00 one away.
    assert _plays(conn, "2026-06-02") == 3
    assert _plays(conn, "2026-06-03") == 2
    (rows,) = conn.execute("select count(*) from staging.engagement_counts").fetchone()
    assert rows == 3  # 10:00 | 11:00 | 12:00, split at the hide and the restore
    for as_of in ("2026-06-02", "2026-06-03"):
        _assert_summaries_match(conn, date.fromisoformat(as_of))


def test_a_held_row_is_summarised_when_admitted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00+08:00")]
    )
    # The like on v2 arrives a day before v2's publish: held on 06-02, admitted on 06-03.
    write_events(
        tmp_path,
        "engagement_events",
        "2026-06-02",
        [engagement("e1", "like", "2026-06-02T10:00:00+08:00", video="v2")],
    )
    write_events(
        tmp_path,
        "video_events",
        "2026-06-03",
        [publish("p2", "2026-06-02T09:00:00+08:00", video="v2")],
    )
    conn = ingest(tmp_path)
    likes = "select count(*) from visible.valid_interaction_events where event_type = 'like'"
    for as_of, expected in (("2026-06-02", 0), ("2026-06-03", 1)):
        set_as_of(conn, date.fromisoformat(as_of))
        assert conn.execute(likes).fetchone() == (expected,)
        _assert_summaries_match(conn, date.fromisoformat(as_of))
    assert "rebuilding" not in caplog.text  # added as admitted since, not by the safety net


def test_reloading_from_a_day_gives_the_same_summaries(tmp_path: Path) -> None:
    _landing_with_late_hide(tmp_path)
    conn = ingest(tmp_path)
    before = {
        t: _rows(conn, f"select * from {t}")
        for t in ("staging.engagement_counts", "staging.interaction_events")
    }
    engagement_events = SOURCES["engagement_events"]
    reset_events_from(conn, engagement_events, date(2026, 6, 2))
    for day in (date(2026, 6, 2), date(2026, 6, 3)):
        load_event_day(conn, tmp_path, engagement_events, day)
        reexamine_held(conn, engagement_events, day)
    refresh_derived(conn, Policy().sql_params())
    after = {t: _rows(conn, f"select * from {t}") for t in before}
    assert after == before
    assert sum(n for *_, n in after["staging.engagement_counts"]) == 3


def test_summaries_missing_or_drifted_are_rebuilt(tmp_path: Path) -> None:
    _landing_with_late_hide(tmp_path)
    conn = ingest(tmp_path)
    # A warehouse from before the summaries: the events are there, the summaries are not.
    conn.execute("delete from staging.engagement_counts")
    conn.execute("delete from staging.interaction_events")
    assert _plays(conn, "2026-06-03") == 0
    refresh_derived(conn, Policy().sql_params())
    assert _plays(conn, "2026-06-03") == 2
    _assert_summaries_match(conn, date(2026, 6, 3))

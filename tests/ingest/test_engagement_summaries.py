"""The engagement summaries (staging.engagement_counts, staging.interaction_events) give
the snapshots exactly what the event-level views give, as of every date, however the
events arrived: day by day with late video events, held rows, bots, reloads."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import engagement_facts
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
# staging.bot_engagement_events by its definition, and as collected run by run.
BOT_EVENT_COLUMNS = "event_id, video_id, business_date, admitted_date, event_type, event_ts"
BOT_EVENTS_BY_DEFINITION = f"""
select e.{BOT_EVENT_COLUMNS.replace(", ", ", e.")}, b.viewer_id, b.bot_from_date
from staging.engagement_events as e
inner join staging.bot_viewer_days as b using (viewer_id, business_date)
where e.admitted_date is not null
"""
BOT_DAYS = "select viewer_id, business_date, bot_from_date from staging.bot_viewer_days"
BOT_EVENTS_COLLECTED = (
    f"select {BOT_EVENT_COLUMNS}, viewer_id, bot_from_date from staging.bot_engagement_events"
)


# The view that counts only the collaboration videos (filtered before it groups).
COUNTS_OF_SOME_FROM_EVENTS = f"""
select * from ({COUNTS_FROM_EVENTS}) semi join visible.collaboration_videos using (video_id)
"""
COUNTS_OF_SOME_FROM_SUMMARIES = (
    "select video_id, business_date, event_type, events "
    "from visible.collaboration_engagement_counts"
)


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


def _bot_days_computed_whole(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """staging.bot_viewer_days as a first run computes it (every date), left unchanged."""
    ((threshold,),) = conn.execute(
        "select bot_videos_per_day from staging.bot_days_basis"
    ).fetchall()
    conn.execute("begin")
    conn.execute("delete from staging.bot_days_basis")
    engagement_facts.refresh_bot_days(conn, Policy(bot_videos_per_day=threshold).sql_params())
    whole = _rows(conn, BOT_DAYS)
    conn.execute("rollback")
    return whole


def _assert_summaries_match(conn: duckdb.DuckDBPyConnection, as_of: date) -> None:
    assert _rows(conn, BOT_DAYS) == _bot_days_computed_whole(conn)
    assert _rows(conn, BOT_EVENTS_COLLECTED) == _rows(conn, BOT_EVENTS_BY_DEFINITION)
    set_as_of(conn, as_of)
    assert _rows(conn, COUNTS_FROM_SUMMARIES) == _rows(conn, COUNTS_FROM_EVENTS), as_of
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
    some = _rows(conn, COUNTS_OF_SOME_FROM_SUMMARIES)
    assert 0 < len(some) < len(_rows(conn, COUNTS_FROM_SUMMARIES))
    flagged = conn.execute(
        "select count(*) filter (where is_bot), count(*) filter (where is_before_publish), "
        "count(*) filter (where is_while_down) from visible.engagement_events"
    ).fetchall()[0]
    assert all(n > 0 for n in flagged), flagged
    # Collected from scratch, as by a first run: the bot days of every date at once.
    (bot_dates,) = conn.execute(
        "select count(distinct business_date) from staging.bot_viewer_days"
    ).fetchone()
    assert bot_dates >= 2
    engagement_facts.rebuild(conn)
    assert _rows(conn, BOT_EVENTS_COLLECTED) == _rows(conn, BOT_EVENTS_BY_DEFINITION)


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


def test_bot_events_follow_the_bot_days_run_by_run(tmp_path: Path) -> None:
    """Viewer b becomes a bot on business day 06-02 only when a late like arrives, and
    more of b's events of that day arrive after that: each run collects what changed, and
    a reload from 06-03 collects the same again."""
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "video_events",
        "2026-06-01",
        [publish(f"p{n}", "2026-06-01T09:00:00+08:00", video=f"v{n}") for n in (1, 2, 3)],
    )
    day_0602 = "2026-06-02T{}:00:00+08:00"
    deliveries = {
        # Two videos liked: not a bot yet (more than bot_videos_per_day = 2 makes one).
        "2026-06-02": [
            engagement("l1", "like", day_0602.format(10), video="v1", viewer="b"),
            engagement("l2", "like", day_0602.format(11), video="v2", viewer="b"),
            engagement("x1", "play", day_0602.format(12), video="v1", viewer="u1"),
        ],
        # The third video, late: b is a bot on 06-02 from 06-03; one more play of b's.
        "2026-06-03": [
            engagement("l3", "like", day_0602.format(13), video="v3", viewer="b"),
            engagement("y1", "play", day_0602.format(14), video="v1", viewer="b"),
        ],
        # More of b's 06-02 events, later still: added to a bot day already collected.
        "2026-06-04": [
            engagement("y2", "play", day_0602.format(15), video="v2", viewer="b"),
            engagement("y3", "impression", day_0602.format(16), video="v3", viewer="b"),
        ],
    }
    for day, rows in deliveries.items():
        write_events(tmp_path, "engagement_events", day, rows)
    params = Policy(bot_videos_per_day=2).sql_params()
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    load_dimensions(conn, tmp_path)
    engagement_events = SOURCES["engagement_events"]
    load_event_day(conn, tmp_path, SOURCES["video_events"], date(2026, 6, 1))
    collected = []
    for day in map(date.fromisoformat, deliveries):
        load_event_day(conn, tmp_path, engagement_events, day)
        refresh_derived(conn, params)
        _assert_summaries_match(conn, day)
        collected.append(
            sorted(
                e
                for (e,) in conn.execute(
                    "select event_id from staging.bot_engagement_events"
                ).fetchall()
            )
        )
    assert collected == [[], ["l1", "l2", "l3", "y1"], ["l1", "l2", "l3", "y1", "y2", "y3"]]
    # Taken off the counts: as of 06-04 only u1's play of v1 on 06-02 counts.
    set_as_of(conn, date(2026, 6, 4))
    assert _rows(conn, COUNTS_FROM_SUMMARIES) == [("v1", date(2026, 6, 2), "play", 1)]

    def reload_from_0603() -> None:
        reset_events_from(conn, engagement_events, date(2026, 6, 3))
        for day in (date(2026, 6, 3), date(2026, 6, 4)):
            load_event_day(conn, tmp_path, engagement_events, day)
        refresh_derived(conn, params)
        _assert_summaries_match(conn, date(2026, 6, 4))

    before = _rows(conn, BOT_EVENTS_COLLECTED)
    reload_from_0603()
    assert _rows(conn, BOT_EVENTS_COLLECTED) == before
    # A corrected 06-03 file without the late like: b is no bot, and nothing stays collected
    # (l1 and l2 were admitted on 06-02, before the reload's first day).
    write_events(tmp_path, "engagement_events", "2026-06-03", deliveries["2026-06-03"][1:])
    reload_from_0603()
    assert _rows(conn, BOT_EVENTS_COLLECTED) == []


def _bot_on_0602(tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """Viewer b likes v1, v2 and v3 on 06-02, all published on 06-01: with
    bot_videos_per_day = 2, a bot on 06-02 from 06-02."""
    write_dimensions(tmp_path)
    publishes = [publish(f"p{n}", "2026-06-01T09:00:00+08:00", video=f"v{n}") for n in (1, 2, 3)]
    write_events(tmp_path, "video_events", "2026-06-01", publishes)
    likes = [
        engagement(f"l{n}", "like", f"2026-06-02T1{n}:00:00+08:00", video=f"v{n}", viewer="b")
        for n in (1, 2, 3)
    ]
    write_events(tmp_path, "engagement_events", "2026-06-02", likes)
    params = Policy(bot_videos_per_day=2).sql_params()
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    load_dimensions(conn, tmp_path)
    load_event_day(conn, tmp_path, SOURCES["video_events"], date(2026, 6, 1))
    load_event_day(conn, tmp_path, SOURCES["engagement_events"], date(2026, 6, 2))
    refresh_derived(conn, params)
    assert _rows(conn, BOT_DAYS) == [("b", date(2026, 6, 2), date(2026, 6, 2))]
    return conn, params


def test_bot_days_follow_a_video_known_from_a_later_date(tmp_path: Path) -> None:
    """A corrected 06-01 video file without v3's publish, which comes on 06-03 instead: v3
    is known from 06-03, so b's third video, and b's bot date, move there. No interaction
    event arrives, so only the changed video points the run to 06-02."""
    conn, params = _bot_on_0602(tmp_path)
    v3 = publish("p3", "2026-06-01T09:00:00+08:00", video="v3")
    write_events(
        tmp_path,
        "video_events",
        "2026-06-01",
        [publish(f"p{n}", "2026-06-01T09:00:00+08:00", video=f"v{n}") for n in (1, 2)],
    )
    write_events(tmp_path, "video_events", "2026-06-03", [v3])
    video_events = SOURCES["video_events"]
    reset_events_from(conn, video_events, date(2026, 6, 1))
    for day in (date(2026, 6, 1), date(2026, 6, 3)):
        load_event_day(conn, tmp_path, video_events, day)
        reexamine_held(conn, video_events, day)
    refresh_derived(conn, params)
    assert _rows(conn, BOT_DAYS) == [("b", date(2026, 6, 2), date(2026, 6, 3))]
    _assert_summaries_match(conn, date(2026, 6, 3))


def test_a_changed_bot_threshold_recomputes_every_date(tmp_path: Path) -> None:
    conn, _ = _bot_on_0602(tmp_path)
    refresh_derived(conn, Policy(bot_videos_per_day=3).sql_params())  # three videos: no bot
    assert _rows(conn, BOT_DAYS) == []
    refresh_derived(conn, Policy(bot_videos_per_day=2).sql_params())
    assert _rows(conn, BOT_DAYS) == [("b", date(2026, 6, 2), date(2026, 6, 2))]


def test_a_reload_that_empties_a_date_drops_its_bot_days(tmp_path: Path) -> None:
    conn, params = _bot_on_0602(tmp_path)
    # Corrected: the delivery holds one like, stamped 06-03; nothing is left on 06-02.
    late = engagement("l1", "like", "2026-06-03T10:00:00+08:00", video="v1", viewer="b")
    write_events(tmp_path, "engagement_events", "2026-06-02", [late])
    engagement_events = SOURCES["engagement_events"]
    reset_events_from(conn, engagement_events, date(2026, 6, 2))
    load_event_day(conn, tmp_path, engagement_events, date(2026, 6, 2))
    refresh_derived(conn, params)
    assert _rows(conn, BOT_DAYS) == []
    _assert_summaries_match(conn, date(2026, 6, 3))

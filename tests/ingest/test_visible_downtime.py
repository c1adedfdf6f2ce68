"""An engagement is invalid while its video is down (domain.md 4): the fast flag of
visible.engagement_events agrees with the rule itself on random hides, restores and deletes,
events exactly on the boundaries included."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from starmap.warehouse import connect, ensure_schema, set_as_of

START = datetime(2026, 9, 1, tzinfo=UTC)
# The rule as written: at or after a delete, or at or after a hide until the next restore.
RULE = """
select e.event_id, exists (
    select 1 from visible.video_downtime as d
    where d.video_id = e.video_id
      and e.event_ts >= d.down_from_ts
      and (d.down_until_ts is null or e.event_ts < d.down_until_ts)
) as down
from staging.engagement_events as e
inner join visible.videos as v on v.video_id = e.video_id
"""
VIDEO_COLUMNS = ["event_id", "event_type", "event_ts", "video_id"]
EVENT_COLUMNS = ["event_id", "event_type", "event_ts", "video_id", "viewer_id"]
FLAG = "select event_id, is_while_down as down from visible.engagement_events"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_while_down_flag_follows_the_rule(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    videos, events = [], []
    for v in range(120):
        video = f"v{v}"

        def stamp() -> datetime:
            return START + timedelta(hours=rng.randint(0, 8))

        videos.append((f"p{v}", "publish", START - timedelta(hours=rng.randint(0, 3)), video))
        kinds = ["hide", "hide", "restore", "restore", "delete"]
        changes = [
            (f"x{v}_{k}", rng.choice(kinds), stamp(), video) for k in range(rng.randint(0, 6))
        ]
        videos += changes
        for _ in range(20):
            events.append((f"e{len(events)}", "like", stamp(), video, f"u{rng.randint(0, 5)}"))
        for _, _, at, _ in changes:  # exactly on a boundary
            events.append((f"e{len(events)}", "play", at, video, "u0"))
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    # One set-based insert per table: executemany prepares a statement per row.
    conn.register("video_rows", pl.DataFrame(videos, schema=VIDEO_COLUMNS, orient="row"))
    conn.register("event_rows", pl.DataFrame(events, schema=EVENT_COLUMNS, orient="row"))
    conn.execute(
        "insert into staging.video_events select event_id, event_type, event_ts, "
        "cast(timezone('Asia/Shanghai', event_ts) as date), video_id, 'c1', null, 10, false, "
        "date '2026-09-01', date '2026-09-01', 'f', 0, true, hash(event_id) from video_rows"
    )
    conn.execute(
        "insert into staging.engagement_events select event_id, event_type, event_ts, "
        "date '2026-09-01', video_id, viewer_id, null, date '2026-09-01', date '2026-09-01', "
        "'f', 0, true, hash(event_id) from event_rows"
    )
    set_as_of(conn, date(2026, 12, 1))
    differ = conn.execute(
        f"select count(*) from (({RULE}) except all ({FLAG})) union all "
        f"select count(*) from (({FLAG}) except all ({RULE}))"
    ).fetchall()
    assert differ == [(0,), (0,)]
    down = conn.execute(f"select count(*) from ({FLAG}) where down").fetchall()[0][0]
    assert 0 < down < len(events)

"""staging.videos is brought up to date by changing only the rows that differ, and always
ends equal to the videos recomputed from scratch."""

from __future__ import annotations

from pathlib import Path

import duckdb

from starmap.warehouse import connect, ensure_schema, run_sql

FROM_SCRATCH = """
select video_id, min(greatest(business_date, admitted_date))
from staging.video_events
where event_type = 'publish' and admitted_date is not null
group by video_id
"""


def _publish(
    conn: duckdb.DuckDBPyConnection, event_id: str, video: str, business: str, admitted: str | None
) -> None:
    conn.execute(
        "insert into staging.video_events values ($id, 'publish', "
        "cast($business as timestamptz), cast($business as date), $video, 'c1', null, 10, "
        "false, cast($business as date), cast($admitted as date), 'f', 0, true, hash($id))",
        {"id": event_id, "video": video, "business": business, "admitted": admitted},
    )


def _videos(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute("select * from staging.videos order by all").fetchall()


def test_videos_follow_added_changed_and_removed_publishes(tmp_path: Path) -> None:
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    _publish(conn, "p1", "v1", "2026-06-02", "2026-06-02")
    _publish(conn, "p2", "v2", "2026-06-03", "2026-06-05")
    _publish(conn, "p3", "v3", "2026-06-03", None)  # held: not known yet
    run_sql(conn, "staging/videos")
    before = _videos(conn)
    assert [v for v, _ in before] == ["v1", "v2"]

    conn.execute("begin")
    conn.execute("delete from staging.video_events where event_id = 'p1'")  # v1 gone
    _publish(conn, "p2b", "v2", "2026-06-03", "2026-06-04")  # v2 known a day earlier
    conn.execute(
        "update staging.video_events set admitted_date = date '2026-06-06' where event_id = 'p3'"
    )  # v3 admitted
    run_sql(conn, "staging/videos")
    conn.execute("commit")

    after = _videos(conn)
    assert after == sorted(conn.execute(FROM_SCRATCH).fetchall())
    assert [v for v, _ in after] == ["v2", "v3"] and after != before

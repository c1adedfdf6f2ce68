"""A delete, hide or restore needs a publish of its video that was admitted (domain.md 2, 3):
a publish that is rejected or held does not make its video known, on its own day or later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from pipelines.ingest.load import load_dimensions
from tests.landing_zone import (
    DIMENSION_ROWS,
    empty_warehouse,
    ingest,
    load_days_one_by_one,
    publish,
    write_dimensions,
    write_events,
)

JUNE_2, JUNE_3, JUNE_4 = date(2026, 6, 2), date(2026, 6, 3), date(2026, 6, 4)


def delete(event_id: str, ts: str, video: str) -> dict:
    return {**publish(event_id, ts, video), "event_type": "delete"}


def _fate(conn: duckdb.DuckDBPyConnection, event_id: str) -> tuple:
    """(admitted_date, quarantine reason, resolved_at) of a video event."""
    return conn.execute(
        """
        select s.admitted_date, q.reason, q.resolved_at
        from staging.video_events as s
        left join quarantine.rejected_rows as q
            on q.source_file = s.source_file and q.row_number = s.row_number
        where s.event_id = $id
        """,
        {"id": event_id},
    ).fetchone()


def test_a_same_day_publish_that_is_rejected_does_not_make_its_video_known(
    tmp_path: Path,
) -> None:
    write_dimensions(tmp_path)
    # c2 publishing for c1's collaboration is a domain error (domain.md 5.2).
    wrong = publish("pub-bad", "2026-06-02T09:00:00+08:00", "v1", creator="c2")
    wrong["collaboration_id"] = "co1"
    gone = delete("del", "2026-06-02T12:00:00+08:00", "v1")
    write_events(tmp_path, "video_events", "2026-06-02", [wrong, gone])
    write_events(
        tmp_path, "video_events", "2026-06-04", [publish("pub-ok", "2026-06-02T09:00:00+08:00")]
    )

    conn = ingest(tmp_path)

    # Held for its video from 06-02, admitted when a publish of v1 loaded on 06-04.
    assert _fate(conn, "del") == (JUNE_4, "reference", JUNE_4)
    assert conn.execute(
        "select rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'video_events' and delivery_date = $d",
        {"d": JUNE_2},
    ).fetchone() == (1, 1)  # the delete, loaded late; the wrong publish


def test_a_held_publish_does_not_make_its_video_known_until_it_is_admitted(
    tmp_path: Path,
) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "video_events",
        "2026-06-02",
        [publish("pub", "2026-06-02T09:00:00+08:00", "v5", creator="c9")],  # c9 is unknown
    )
    write_events(
        tmp_path, "video_events", "2026-06-03", [delete("del", "2026-06-03T09:00:00+08:00", "v5")]
    )
    conn = empty_warehouse()
    load_dimensions(conn, tmp_path)
    load_days_one_by_one(conn, tmp_path, [JUNE_2, JUNE_3])
    assert _fate(conn, "pub") == (None, "reference", None)
    assert _fate(conn, "del") == (None, "reference", None)

    # The next run knows c9: the publish is admitted on the next day it re-examines, and
    # the delete with it.
    c9 = {**DIMENSION_ROWS["creators"][0], "creator_id": "c9"}
    write_dimensions(tmp_path, {"creators": [*DIMENSION_ROWS["creators"], c9]})
    load_dimensions(conn, tmp_path)
    load_days_one_by_one(conn, tmp_path, [JUNE_4])
    assert _fate(conn, "pub") == (JUNE_4, "reference", JUNE_4)
    assert _fate(conn, "del") == (JUNE_4, "reference", JUNE_4)

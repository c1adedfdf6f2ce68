"""Loading a folder twice changes nothing; loading out of order gives the in-order result."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.ingest.load import (
    load_event_day,
    reexamine_held,
    refresh_derived,
    reset_events_from,
)
from pipelines.ingest.sources import EVENTS
from starmap.settings import Policy
from tests.landing_zone import (
    engagement,
    ingest,
    publish,
    warehouse_state,
    write_dimensions,
    write_events,
)


def _landing(root: Path) -> None:
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00+08:00")])
    write_events(
        root,
        "engagement_events",
        "2026-06-03",
        [
            engagement("e1", "like", "2026-06-03T10:00:00+08:00"),
            engagement("e2", "like", "2026-06-03T10:00:00+08:00", video="v2"),
            engagement("e3", "like", "not a time"),
        ],
    )
    write_events(
        root,
        "engagement_events",
        "2026-06-04",
        [engagement("e1", "like", "2026-06-03T10:00:00+08:00", viewer="u7")],
    )
    write_events(
        root, "video_events", "2026-06-04", [publish("p2", "2026-06-03T09:00:00+08:00", video="v2")]
    )


def _reload(conn, root: Path, first: date, last: date) -> None:
    days = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    for source in EVENTS:
        reset_events_from(conn, source, first)
        for day in days:
            load_event_day(conn, root, source, day)
            reexamine_held(conn, source, day)
    refresh_derived(conn, Policy().sql_params())


def test_loading_every_day_again_changes_nothing(tmp_path: Path) -> None:
    _landing(tmp_path)
    conn = ingest(tmp_path)
    before = warehouse_state(conn)
    _reload(conn, tmp_path, date(2026, 6, 2), date(2026, 6, 4))
    assert warehouse_state(conn) == before


def test_reloading_an_earlier_day_after_later_ones_gives_the_in_order_result(
    tmp_path: Path,
) -> None:
    _landing(tmp_path)
    conn = ingest(tmp_path)
    before = warehouse_state(conn)
    _reload(conn, tmp_path, date(2026, 6, 3), date(2026, 6, 4))
    assert warehouse_state(conn) == before
    held = conn.execute(
        "select event_id, resolved_at from quarantine.rejected_rows where reason = 'reference'"
    ).fetchall()
    assert held == [("e2", date(2026, 6, 4))]

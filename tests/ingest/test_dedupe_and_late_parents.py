"""Nothing is counted twice, nothing lost: duplicates, conflicts, claims and late parents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.ingest.load import load_dimensions, load_event_day, reexamine_held
from pipelines.ingest.sources import SOURCES
from starmap.warehouse import set_as_of
from tests.landing_zone import (
    DIMENSION_ROWS,
    engagement,
    ingest,
    publish,
    write_dimensions,
    write_events,
)

LIKE = engagement("e1", "like", "2026-06-03T10:00:00+08:00", viewer="u1")
OTHER_CONTENT = LIKE | {"viewer_id": "u2"}


def _setup(root: Path) -> None:
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00+08:00")])


def _outcome(conn, event_id: str = "e1") -> tuple[list, list]:
    staged = conn.execute(
        "select viewer_id, delivery_date, admitted_date from staging.engagement_events "
        "where event_id = $e order by delivery_date",
        {"e": event_id},
    ).fetchall()
    rejected = conn.execute(
        "select reason, first_seen_at, resolved_at from quarantine.rejected_rows "
        "where event_id = $e order by first_seen_at",
        {"e": event_id},
    ).fetchall()
    return staged, rejected


def test_same_event_delivered_again_counts_once(tmp_path: Path) -> None:
    _setup(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    write_events(tmp_path, "engagement_events", "2026-06-05", [LIKE])
    conn = ingest(tmp_path)
    assert _outcome(conn) == ([("u1", date(2026, 6, 3), date(2026, 6, 3))], [])
    assert conn.execute(
        "select delivery_date, rows_duplicate from ops.file_loads "
        "where source = 'engagement_events' order by 1"
    ).fetchall() == [(date(2026, 6, 3), 0), (date(2026, 6, 5), 1)]


def test_same_content_in_another_timezone_is_a_duplicate(tmp_path: Path) -> None:
    _setup(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    write_events(
        tmp_path, "engagement_events", "2026-06-04", [LIKE | {"event_ts": "2026-06-03T02:00:00Z"}]
    )
    conn = ingest(tmp_path)
    assert conn.execute("select sum(rows_duplicate) from ops.file_loads").fetchall() == [(1,)]


def test_reused_id_with_other_content_is_a_conflict_and_the_first_copy_stands(
    tmp_path: Path,
) -> None:
    _setup(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    write_events(tmp_path, "engagement_events", "2026-06-04", [OTHER_CONTENT])
    conn = ingest(tmp_path)
    staged, rejected = _outcome(conn)
    assert staged == [("u1", date(2026, 6, 3), date(2026, 6, 3))]
    assert rejected == [("conflict", date(2026, 6, 4), None)]


def test_first_copy_is_by_file_name_then_row_within_a_day(tmp_path: Path) -> None:
    _setup(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [OTHER_CONTENT], name="b.csv")
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE, LIKE], name="a.csv")
    conn = ingest(tmp_path)
    staged, rejected = _outcome(conn)
    assert staged == [("u1", date(2026, 6, 3), date(2026, 6, 3))]
    assert rejected == [("conflict", date(2026, 6, 3), None)]
    assert conn.execute(
        "select source_file, rows_duplicate from ops.file_loads "
        "where source = 'engagement_events' order by 1"
    ).fetchall() == [
        ("engagement_events/date=2026-06-03/a.csv", 1),
        ("engagement_events/date=2026-06-03/b.csv", 0),
    ]


def test_rejected_row_does_not_claim_its_id_so_a_later_valid_copy_loads(tmp_path: Path) -> None:
    _setup(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE | {"event_type": "dislike"}])
    write_events(tmp_path, "engagement_events", "2026-06-04", [OTHER_CONTENT])
    conn = ingest(tmp_path)
    staged, rejected = _outcome(conn)
    assert staged == [("u2", date(2026, 6, 4), date(2026, 6, 4))]
    assert rejected == [("domain", date(2026, 6, 3), None)]


def test_row_held_for_missing_video_claims_its_id(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    write_events(tmp_path, "engagement_events", "2026-06-04", [OTHER_CONTENT])
    write_events(
        tmp_path, "video_events", "2026-06-05", [publish("p1", "2026-06-02T09:00:00+08:00")]
    )
    conn = ingest(tmp_path)
    staged, rejected = _outcome(conn)
    assert staged == [("u1", date(2026, 6, 3), date(2026, 6, 5))]
    assert rejected == [
        ("reference", date(2026, 6, 3), date(2026, 6, 5)),
        ("conflict", date(2026, 6, 4), None),
    ]


def test_late_parent_is_held_then_visible_from_the_day_it_arrives(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    write_events(
        tmp_path, "video_events", "2026-06-05", [publish("p1", "2026-06-02T09:00:00+08:00")]
    )
    conn = ingest(tmp_path)
    visible = {}
    for day in (date(2026, 6, 4), date(2026, 6, 5)):
        set_as_of(conn, day)
        visible[day] = conn.execute("select count(*) from visible.engagement_events").fetchall()
    assert visible == {date(2026, 6, 4): [(0,)], date(2026, 6, 5): [(1,)]}
    assert conn.execute(
        "select rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'engagement_events'"
    ).fetchall() == [(1, 0)]


def test_event_is_visible_only_when_both_its_date_and_delivery_are_reached(tmp_path: Path) -> None:
    _setup(tmp_path)
    late = engagement("e9", "like", "2026-06-03T10:00:00+08:00")
    write_events(tmp_path, "engagement_events", "2026-06-06", [late])
    conn = ingest(tmp_path)
    counts = {}
    for day in (date(2026, 6, 3), date(2026, 6, 5), date(2026, 6, 6)):
        set_as_of(conn, day)
        counts[day] = conn.execute("select count(*) from visible.engagement_events").fetchall()[0][
            0
        ]
    assert counts == {date(2026, 6, 3): 0, date(2026, 6, 5): 0, date(2026, 6, 6): 1}


def test_an_id_sharing_its_probe_key_with_an_earlier_id_still_loads(tmp_path: Path) -> None:
    # event_key (hash of event_id) only narrows the search: a 64-bit collision must not make
    # a new id a duplicate or conflict. Force one: an earlier row of another id with e1's key.
    _setup(tmp_path)
    conn = ingest(tmp_path)
    conn.execute(
        "insert into staging.engagement_events by name "
        "select 'other' as event_id, 'like' as event_type, "
        "timestamptz '2026-06-02 10:00:00+08' as event_ts, date '2026-06-02' as business_date, "
        "'v1' as video_id, 'u9' as viewer_id, date '2026-06-02' as delivery_date, "
        "date '2026-06-02' as admitted_date, 'forged' as source_file, 1 as row_number, "
        "true as claims_event_id, hash('e1') as event_key"
    )
    write_events(tmp_path, "engagement_events", "2026-06-03", [LIKE])
    load_event_day(conn, tmp_path, SOURCES["engagement_events"], date(2026, 6, 3))
    assert _outcome(conn) == ([("u1", date(2026, 6, 3), date(2026, 6, 3))], [])


def test_held_rows_that_do_not_claim_their_id_yield_to_a_loaded_copy_and_to_each_other(
    tmp_path: Path,
) -> None:
    # A click held for an unknown product does not claim its id: a valid copy delivered
    # later loads, and when the product arrives the held row must not load a second time.
    # Of two held copies of one id, only the first delivered is admitted.
    _setup(tmp_path)
    unknown = {"product_id": "p9"}
    click = engagement("e7", "product_click", "2026-06-03T10:00:00+08:00", **unknown)
    twin = engagement("e8", "product_click", "2026-06-03T11:00:00+08:00", **unknown)
    write_events(tmp_path, "engagement_events", "2026-06-03", [click, twin])
    write_events(tmp_path, "engagement_events", "2026-06-04", [click | {"product_id": "p1"}])
    write_events(tmp_path, "engagement_events", "2026-06-05", [twin | {"viewer_id": "u2"}])
    conn = ingest(tmp_path)
    held = "select count(*) from staging.engagement_events where admitted_date is null"
    assert conn.execute(held).fetchall() == [(3,)]

    products = DIMENSION_ROWS["products"] + [
        {"product_id": "p9", "brand_id": "b1", "name": "粉底", "price_fen": "29900"}
    ]
    write_dimensions(tmp_path, {"products": products})
    load_dimensions(conn, tmp_path)
    admitted = reexamine_held(conn, SOURCES["engagement_events"], date(2026, 6, 6))

    assert admitted == 1
    assert conn.execute(
        "select event_id, product_id, viewer_id, delivery_date, admitted_date "
        "from staging.engagement_events where admitted_date is not null order by event_id"
    ).fetchall() == [
        ("e7", "p1", "u1", date(2026, 6, 4), date(2026, 6, 4)),
        ("e8", "p9", "u1", date(2026, 6, 3), date(2026, 6, 6)),
    ]
    assert conn.execute(
        "select event_id, first_seen_at, resolved_at from quarantine.rejected_rows "
        "order by event_id, first_seen_at"
    ).fetchall() == [
        ("e7", date(2026, 6, 3), None),
        ("e8", date(2026, 6, 3), date(2026, 6, 6)),
        ("e8", date(2026, 6, 5), None),
    ]


def test_a_held_row_that_does_not_claim_its_id_yields_to_a_held_row_that_does(
    tmp_path: Path,
) -> None:
    # e6 first arrives for an unknown product and a video not yet published: held, not
    # claiming its id. A copy for a known product arrives next, held for the video only:
    # it claims e6. When the product and then the video arrive, both are ready on the same
    # day; only the claiming copy may load, or e6 would count twice.
    _setup(tmp_path)
    first = engagement("e6", "product_click", "2026-06-03T10:00:00+08:00", video="v5")
    write_events(tmp_path, "engagement_events", "2026-06-03", [first | {"product_id": "p9"}])
    write_events(tmp_path, "engagement_events", "2026-06-04", [first | {"product_id": "p1"}])
    conn = ingest(tmp_path)
    products = DIMENSION_ROWS["products"] + [
        {"product_id": "p9", "brand_id": "b1", "name": "粉底", "price_fen": "29900"}
    ]
    write_dimensions(tmp_path, {"products": products})
    load_dimensions(conn, tmp_path)
    write_events(
        tmp_path, "video_events", "2026-06-06", [publish("p5", "2026-06-03T09:00:00+08:00", "v5")]
    )
    load_event_day(conn, tmp_path, SOURCES["video_events"], date(2026, 6, 6))

    admitted = reexamine_held(conn, SOURCES["engagement_events"], date(2026, 6, 6))

    assert admitted == 1
    assert conn.execute(
        "select product_id, delivery_date, admitted_date from staging.engagement_events "
        "where event_id = 'e6' and admitted_date is not null"
    ).fetchall() == [("p1", date(2026, 6, 4), date(2026, 6, 6))]
    assert conn.execute(
        "select first_seen_at, resolved_at from quarantine.rejected_rows "
        "where event_id = 'e6' order by first_seen_at"
    ).fetchall() == [(date(2026, 6, 3), None), (date(2026, 6, 4), date(2026, 6, 6))]

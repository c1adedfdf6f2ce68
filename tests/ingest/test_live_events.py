"""Live events, promotions, live collaborations and traffic sources on the way in
(domain.md 9, 10; sections 2-3 apply to live events as to every event source)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.ingest.load import (
    load_dimensions,
    load_event_days,
    refresh_derived,
    reset_events_from,
)
from pipelines.ingest.sources import SOURCES
from starmap.settings import Policy
from tests.landing_zone import (
    DIMENSION_ROWS,
    empty_warehouse,
    engagement,
    ingest,
    order,
    publish,
    warehouse_state,
    write_dimensions,
    write_events,
)

LIVE_COLLABORATION = {
    "collaboration_id": "co2",
    "campaign_id": "k1",
    "creator_id": "c1",
    "pricing_model": "live",
    "booked_at": "2026-06-01T10:00:00+08:00",
    "publish_deadline": "2026-06-10",
    "commission_bps": "2000",
    "product_id": "p1",
    "slot_fee_fen": "100000",
}


def live(event_id: str, kind: str, ts: str, session: str = "L1", **extra) -> dict:
    return {"event_id": event_id, "event_type": kind, "event_ts": ts, "live_id": session, **extra}


def start(event_id: str, ts: str, session: str = "L1", **host) -> dict:
    return live(event_id, "start", ts, session, **(host or {"creator_id": "c1"}))


def _staged(conn) -> list[tuple]:
    return conn.execute(
        "select event_id, admitted_date from staging.live_events order by event_id"
    ).fetchall()


def _rejected(conn, source: str = "live_events") -> list[tuple]:
    return conn.execute(
        "select event_id, reason, resolved_at from quarantine.rejected_rows "
        "where source = $s order by event_id",
        {"s": source},
    ).fetchall()


def test_viewer_event_before_its_start_is_held_and_admitted_when_the_start_arrives(
    tmp_path: Path,
) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-03",
        [
            live("l2", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            live("l3", "end", "2026-06-03T22:00:00+08:00"),
        ],
    )
    write_events(tmp_path, "live_events", "2026-06-05", [start("l1", "2026-06-03T20:00:00+08:00")])
    conn = ingest(tmp_path)
    assert _staged(conn) == [
        ("l1", date(2026, 6, 5)),
        ("l2", date(2026, 6, 5)),
        ("l3", date(2026, 6, 5)),
    ]
    assert _rejected(conn) == [
        ("l2", "reference", date(2026, 6, 5)),
        ("l3", "reference", date(2026, 6, 5)),
    ]


def test_a_start_in_the_same_delivery_makes_its_session_known(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-03",
        [
            live("l2", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            start("l1", "2026-06-03T20:00:00+08:00"),
        ],
    )
    conn = ingest(tmp_path)
    assert _staged(conn) == [("l1", date(2026, 6, 3)), ("l2", date(2026, 6, 3))]
    assert _rejected(conn) == []


def test_start_host_rules(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-03",
        [
            start("s_creator", "2026-06-03T20:00:00+08:00", "L1", creator_id="c1"),
            start("s_brand", "2026-06-03T20:00:00+08:00", "L2", brand_id="b1"),
            start("s_both", "2026-06-03T20:00:00+08:00", "L3", creator_id="c1", brand_id="b1"),
            start("s_none", "2026-06-03T20:00:00+08:00", "L4", collaboration_id="co1"),
            start("s_unknown_creator", "2026-06-03T20:00:00+08:00", "L5", creator_id="c9"),
            start("s_unknown_brand", "2026-06-03T20:00:00+08:00", "L6", brand_id="b9"),
            # an unknown collaboration loads: it fulfils nothing
            start(
                "s_unknown_co",
                "2026-06-03T20:00:00+08:00",
                "L7",
                creator_id="c1",
                collaboration_id="co9",
            ),
        ],
    )
    conn = ingest(tmp_path)
    assert [e for e, _ in _staged(conn) if _ is not None] == [
        "s_brand",
        "s_creator",
        "s_unknown_co",
    ]
    assert _rejected(conn) == [
        ("s_both", "domain", None),
        ("s_none", "domain", None),
        ("s_unknown_brand", "reference", None),
        ("s_unknown_creator", "reference", None),
    ]


def test_viewer_events_need_their_fields(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-03",
        [
            start("l1", "2026-06-03T20:00:00+08:00"),
            live("no_viewer", "enter", "2026-06-03T20:05:00+08:00"),
            live("no_product", "product_click", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            live("bad_type", "gift", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            live("bad_ts", "enter", "yesterday", viewer_id="u1"),
            live(
                "unknown_product",
                "product_click",
                "2026-06-03T20:06:00+08:00",
                viewer_id="u1",
                product_id="p9",
            ),
        ],
    )
    conn = ingest(tmp_path)
    assert _rejected(conn) == [
        ("bad_ts", "schema", None),
        ("bad_type", "domain", None),
        ("no_product", "domain", None),
        ("no_viewer", "domain", None),
        ("unknown_product", "reference", None),
    ]
    files = conn.execute(
        "select rows_read, rows_loaded, rows_duplicate, rows_quarantined from ops.file_loads "
        "where source = 'live_events'"
    ).fetchall()
    assert files == [(6, 1, 0, 5)]


def test_duplicates_and_conflicts_as_for_every_source(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    enter = live("l2", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u1")
    write_events(
        tmp_path, "live_events", "2026-06-03", [start("l1", "2026-06-03T20:00:00+08:00"), enter]
    )
    write_events(
        tmp_path,
        "live_events",
        "2026-06-04",
        [enter, enter | {"event_id": "l2", "viewer_id": "u2"}],
    )
    conn = ingest(tmp_path)
    assert _rejected(conn) == [("l2", "conflict", None)]
    assert conn.execute(
        "select delivery_date, rows_duplicate, rows_quarantined from ops.file_loads "
        "where source = 'live_events' order by 1"
    ).fetchall() == [(date(2026, 6, 3), 0, 0), (date(2026, 6, 4), 1, 1)]


def test_parquet_and_jsonl_live_events_load_like_csv(tmp_path: Path) -> None:
    rows = [
        start("l1", "2026-06-03T20:00:00+08:00"),
        live("l2", "like", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
    ]
    states = []
    for suffix in ("csv", "jsonl", "parquet"):
        root = tmp_path / suffix
        write_dimensions(root)
        write_events(root, "live_events", "2026-06-03", rows, name="part-0.csv")
        if suffix != "csv":
            (root / "live_events" / "date=2026-06-03" / "part-0.csv").unlink()
            write_events(root, "live_events", "2026-06-03", rows, name=f"part-0.{suffix}")
        conn = ingest(root)
        states.append(
            conn.execute(
                "select event_id, event_type, event_ts, live_id, creator_id, viewer_id, "
                "admitted_date from staging.live_events order by event_id"
            ).fetchall()
        )
    assert states[0] == states[1] == states[2]
    assert len(states[0]) == 2


def test_live_days_in_one_pass_load_as_one_by_one(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-03",
        [
            live("l2", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            live("l4", "end", "2026-06-03T22:00:00+08:00", session="L2"),
        ],
    )
    write_events(tmp_path, "live_events", "2026-06-04", [start("l1", "2026-06-03T20:00:00+08:00")])
    write_events(
        tmp_path,
        "live_events",
        "2026-06-05",
        [
            start("l3", "2026-06-05T20:00:00+08:00", session="L2"),
            live("l2", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
        ],
    )
    one_by_one = warehouse_state(ingest(tmp_path))
    conn = empty_warehouse()
    load_dimensions(conn, tmp_path)
    days = [date(2026, 6, 3), date(2026, 6, 4), date(2026, 6, 5)]
    for source in ("video_events", "engagement_events", "order_events", "live_events"):
        load_event_days(conn, tmp_path, SOURCES[source], days)
    refresh_derived(conn, Policy().sql_params())
    assert warehouse_state(conn) == one_by_one
    assert _staged(conn) == [
        ("l1", date(2026, 6, 4)),
        ("l2", date(2026, 6, 4)),
        ("l3", date(2026, 6, 5)),
        ("l4", date(2026, 6, 5)),
    ]


def test_live_collaboration_needs_a_slot_fee_which_may_be_zero(tmp_path: Path) -> None:
    write_dimensions(
        tmp_path,
        {
            "collaborations": DIMENSION_ROWS["collaborations"]
            + [
                LIVE_COLLABORATION,
                LIVE_COLLABORATION | {"collaboration_id": "co3", "slot_fee_fen": "0"},
                LIVE_COLLABORATION | {"collaboration_id": "co4", "slot_fee_fen": None},
                LIVE_COLLABORATION | {"collaboration_id": "co5", "product_id": None},
                LIVE_COLLABORATION | {"collaboration_id": "co6", "slot_fee_fen": "-1"},
                LIVE_COLLABORATION | {"collaboration_id": "co7", "slot_fee_fen": "1.5"},
            ]
        },
    )
    conn = ingest(tmp_path)
    assert conn.execute(
        "select collaboration_id, pricing_model, slot_fee_fen from staging.collaborations "
        "order by 1"
    ).fetchall() == [("co1", "flat_fee", None), ("co2", "live", 100000), ("co3", "live", 0)]
    assert _rejected(conn, "collaborations") == [
        ("co4", "domain", None),
        ("co5", "domain", None),
        ("co6", "domain", None),
        ("co7", "schema", None),
    ]


def test_promotions_are_optional_and_a_reversed_one_is_domain(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    conn = ingest(tmp_path)
    assert conn.execute("select count(*) from staging.promotions").fetchone() == (0,)
    write_dimensions(
        tmp_path,
        {
            "promotions": [
                {
                    "promotion_id": "pr1",
                    "name": "618",
                    "start_date": "2026-06-01",
                    "end_date": "2026-06-18",
                },
                {"promotion_id": "pr2", "start_date": "2026-06-01", "end_date": "2026-06-01"},
                {"promotion_id": "pr9", "start_date": "2026-06-23", "end_date": "2026-06-21"},
                {"promotion_id": "pr8", "start_date": "soon", "end_date": "2026-06-21"},
            ]
        },
    )
    conn = ingest(tmp_path)
    assert conn.execute("select promotion_id from staging.promotions order by 1").fetchall() == [
        ("pr1",),
        ("pr2",),
    ]
    assert _rejected(conn, "promotions") == [("pr8", "schema", None), ("pr9", "domain", None)]


def test_traffic_source_is_open_text_and_never_rejects(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    sources = ["search", "MALL", "tiktok", None, "shop\t", "直播"]
    write_events(
        tmp_path,
        "order_events",
        "2026-06-03",
        [
            order(
                f"e{n}",
                "placed",
                "2026-06-03T10:00:00+08:00",
                order_id=f"o{n}",
                traffic_source=source,
            )
            for n, source in enumerate(sources)
        ],
    )
    conn = ingest(tmp_path)
    assert _rejected(conn, "order_events") == []
    assert conn.execute(
        "select traffic_source from staging.order_events order by event_id"
    ).fetchall() == [("search",), ("MALL",), ("tiktok",), (None,), ("shop",), ("直播",)]


def test_bot_rule_counts_live_sessions_beside_videos(tmp_path: Path) -> None:
    """Two videos and one live session are three contents: more than 2 makes a bot."""
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "video_events",
        "2026-06-02",
        [
            publish("p1", "2026-06-02T09:00:00+08:00", "v1"),
            publish("p2", "2026-06-02T09:00:00+08:00", "v2"),
        ],
    )
    write_events(
        tmp_path,
        "engagement_events",
        "2026-06-03",
        [
            engagement("e1", "like", "2026-06-03T10:00:00+08:00", "v1", "u1"),
            engagement("e2", "like", "2026-06-03T10:00:00+08:00", "v2", "u1"),
            engagement("e3", "like", "2026-06-03T10:00:00+08:00", "v1", "u2"),
            engagement("e4", "like", "2026-06-03T10:00:00+08:00", "v2", "u2"),
        ],
    )
    policy = Policy(bot_videos_per_day=2)
    assert ingest(tmp_path, policy=policy).execute(
        "select count(*) from staging.bot_viewer_days"
    ).fetchone() == (0,)
    write_events(
        tmp_path,
        "live_events",
        "2026-06-04",
        [
            start("l1", "2026-06-03T20:00:00+08:00"),
            live("l2", "comment", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
            live("l3", "enter", "2026-06-03T20:05:00+08:00", viewer_id="u2"),
        ],
    )
    conn = ingest(tmp_path, policy=policy)
    # u1's comment arrived on 06-04, so the viewer-day is a bot from 06-04; u2 only entered
    assert conn.execute("select * from staging.bot_viewer_days").fetchall() == [
        ("u1", date(2026, 6, 3), date(2026, 6, 4))
    ]


def test_a_later_live_delivery_recomputes_the_bot_days_it_touches(tmp_path: Path) -> None:
    """The bot days stand on a basis (engagement_facts.refresh_bot_days): a live delivery
    after it recomputes the business dates of its likes, and reloading the live source
    without them recomputes them again."""
    write_dimensions(tmp_path)
    write_events(
        tmp_path,
        "video_events",
        "2026-06-02",
        [
            publish("p1", "2026-06-02T09:00:00+08:00", "v1"),
            publish("p2", "2026-06-02T09:00:00+08:00", "v2"),
        ],
    )
    write_events(
        tmp_path,
        "engagement_events",
        "2026-06-03",
        [
            engagement("e1", "like", "2026-06-03T10:00:00+08:00", "v1", "u1"),
            engagement("e2", "share", "2026-06-03T10:00:00+08:00", "v2", "u1"),
        ],
    )
    params = Policy(bot_videos_per_day=2).sql_params()
    conn = ingest(tmp_path, policy=Policy(bot_videos_per_day=2))
    assert conn.execute("select count(*) from staging.bot_viewer_days").fetchall() == [(0,)]

    write_events(
        tmp_path,
        "live_events",
        "2026-06-06",
        [
            start("l1", "2026-06-03T20:00:00+08:00"),
            live("l2", "follow", "2026-06-03T20:05:00+08:00", viewer_id="u1"),
        ],
    )
    live_source = SOURCES["live_events"]
    for _ in load_event_days(conn, tmp_path, live_source, [date(2026, 6, 6)]):
        pass
    refresh_derived(conn, params)
    assert conn.execute("select * from staging.bot_viewer_days").fetchall() == [
        ("u1", date(2026, 6, 3), date(2026, 6, 6))
    ]

    (tmp_path / "live_events" / "date=2026-06-06" / "part-0.csv").unlink()
    reset_events_from(conn, live_source, date(2026, 6, 6))
    for _ in load_event_days(conn, tmp_path, live_source, [date(2026, 6, 6)]):
        pass
    refresh_derived(conn, params)
    assert conn.execute("select count(*) from staging.bot_viewer_days").fetchall() == [(0,)]

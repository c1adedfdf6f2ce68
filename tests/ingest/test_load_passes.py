"""A pass over several delivery days loads exactly what loading them one by one loads."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.load import (
    load_dimensions,
    load_event_range,
    pass_bytes,
    plan_passes,
    refresh_derived,
)
from pipelines.ingest.parquet import refresh_raw_view
from pipelines.ingest.sources import EVENTS, SOURCES
from starmap.settings import Policy
from tests.landing_zone import (
    DIMENSION_ROWS,
    empty_warehouse,
    engagement,
    load_days_one_by_one,
    order,
    publish,
    warehouse_state,
    write_dimensions,
    write_events,
)

DAYS = [date(2026, 6, 2) + timedelta(days=n) for n in range(6)]
ENGAGEMENT_KINDS = ("play", "like", "comment", "product_click")


def _ts(day: date, rng: random.Random) -> str:
    return f"{day.isoformat()}T{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}:00+08:00"


def _write_day(root: Path, source: str, day: date, rows: list[dict], rng: random.Random) -> None:
    # One or two files of mixed formats: the file name is part of the first-copy order.
    rng.shuffle(rows)
    cut = rng.randint(0, len(rows))
    for name, part in (("part-0.csv", rows[:cut]), ("part-1.parquet", rows[cut:])):
        if part:
            write_events(root, source, day.isoformat(), part, name=name)


def _video_rows(n: int, day: date, rng: random.Random, sent: list[dict]) -> list[dict]:
    """Random deletes, hides, restores and publishes of known and unknown videos, some by
    an unknown creator (held) or for another creator's collaboration (domain), and copies.
    Not of v2, v6 and v7, whose rows _fixed_video_rows sets."""
    rows = []
    for k in range(rng.randint(1, 4)):
        if sent and rng.random() < 0.3:
            copy = dict(rng.choice(sent))
            if rng.random() < 0.4:
                copy["event_ts"] = _ts(day, rng)  # same id, other content
            rows.append(copy)
            continue
        row = publish(
            f"ve{n}-{k}",
            _ts(day, rng),
            rng.choice(["v1", "v3", "v4", "v5"]),
            rng.choice(["c1", "c1", "c2", "c9"]),
        )
        row["event_type"] = rng.choice(["delete", "hide", "restore", "publish"])
        if row["event_type"] == "publish" and rng.random() < 0.5:
            row["collaboration_id"] = "co1"  # c1's: a domain error for c2
        rows.append(row)
    return rows


def _fixed_video_rows(rng: random.Random) -> dict[date, list[dict]]:
    """A delete of v2 the day before its publish; a restore of v7, whose publish is held
    (c9 is unknown); a hide of v6 beside its only publish, by c2 for c1's collaboration."""
    return {
        DAYS[1]: [
            {**publish("del-v2", _ts(DAYS[1], rng), "v2"), "event_type": "delete"},
            publish("pub-v7", _ts(DAYS[1], rng), "v7", creator="c9"),
        ],
        DAYS[2]: [{**publish("res-v7", _ts(DAYS[2], rng), "v7"), "event_type": "restore"}],
        DAYS[3]: [
            publish("pub-v6", _ts(DAYS[3], rng), "v6", creator="c2", collaboration_id="co1"),
            {**publish("hide-v6", _ts(DAYS[3], rng), "v6"), "event_type": "hide"},
        ],
    }


def _random_landing(root: Path, seed: int) -> None:
    """Six days with every case a pass must rank like single days: copies within a day and
    across days (identical or not), rows held for a video published days later (or never),
    rows held for an unknown product, copies of held rows, and rows that do not parse; and
    video events whose video is published later in the pass, or only by a publish that is
    held or rejected."""
    rng = random.Random(seed)
    write_dimensions(root)
    videos = ["v1", "v2", "v3", "v4"]
    published_on = {"v1": DAYS[0], "v2": DAYS[2]} | {
        v: rng.choice([*DAYS, None]) for v in videos[2:]
    }
    fixed_video_rows = _fixed_video_rows(rng)
    sent_videos: list[dict] = []
    for n, day in enumerate(DAYS):
        video_rows = [
            publish(f"pub-{v}", _ts(day, rng), v) for v, d in published_on.items() if d == day
        ]
        video_rows += fixed_video_rows.get(day, []) + _video_rows(n, day, rng, sent_videos)
        sent_videos += video_rows
        _write_day(root, "video_events", day, video_rows, rng)
    sent: list[dict] = []
    sent_orders: list[dict] = []
    for n, day in enumerate(DAYS):
        rows, orders = [], []
        for k in range(rng.randint(6, 12)):
            if sent and rng.random() < 0.3:
                copy = dict(rng.choice(sent))
                if rng.random() < 0.4:
                    copy["viewer_id"] = f"u{rng.randint(1, 9)}"  # same id, other content
                rows.append(copy)
                continue
            kind = rng.choice(ENGAGEMENT_KINDS)
            row = engagement(
                f"e{n}-{k}",
                kind,
                "not a time" if (n, k) == (1, 0) or rng.random() < 0.05 else _ts(day, rng),
                video=rng.choice(videos),
                viewer=f"u{rng.randint(1, 9)}",
            )
            if kind == "product_click":
                row["product_id"] = rng.choice(["p1", "p1", "p9"])  # p9 is unknown
            rows.append(row)
        for k in range(rng.randint(2, 5)):
            if sent_orders and rng.random() < 0.3:
                orders.append(dict(rng.choice(sent_orders)))
                continue
            product = rng.choice(["p1", "p1", "p9"])
            orders.append(
                order(f"o{n}-{k}", "placed", _ts(day, rng), f"o{n}-{k}", product_id=product)
            )
        sent += rows
        sent_orders += orders
        _write_day(root, "engagement_events", day, rows, rng)
        _write_day(root, "order_events", day, orders, rng)


def _in_passes(conn: duckdb.DuckDBPyConnection, root: Path, days: list[date]) -> list[int]:
    """Load `days` as the ingest assets do; how many passes each source took."""
    passes = []
    for source in EVENTS:
        passes.append(len(list(load_event_range(conn, root, source, days))))
        refresh_raw_view(conn, source, root)
    return passes


@pytest.mark.parametrize("seed", range(4))
def test_a_pass_over_six_days_loads_what_six_single_days_load(tmp_path: Path, seed: int) -> None:
    _random_landing(tmp_path, seed)
    one_by_one, together = empty_warehouse(), empty_warehouse()
    for conn in (one_by_one, together):
        load_dimensions(conn, tmp_path)
    load_days_one_by_one(one_by_one, tmp_path, DAYS)
    passes = _in_passes(together, tmp_path, DAYS)
    for conn in (one_by_one, together):
        refresh_derived(conn, Policy().sql_params())

    assert passes == [1] * len(EVENTS)  # one pass per event source, live events included
    assert warehouse_state(together) == warehouse_state(one_by_one)
    # The landing zone exercised what a pass could get wrong.
    outcomes = Counter(
        dict(
            one_by_one.execute(
                """
                select 'duplicate', sum(rows_duplicate) from ops.file_loads
                union all
                select reason, count(*) from quarantine.rejected_rows group by reason
                union all
                select 'admitted before the last day', count(*) from quarantine.rejected_rows
                where resolved_at < $last
                """,
                {"last": DAYS[-1]},
            ).fetchall()
        )
    )
    for outcome in ("duplicate", "conflict", "reference", "schema", "admitted before the last day"):
        assert outcomes[outcome] > 0, outcome
    # And what a video pass could get wrong: a delete admitted when its video's publish
    # arrived mid-pass; a hide and a restore whose only publishes were rejected or held.
    assert one_by_one.execute(
        "select event_id, admitted_date from staging.video_events "
        "where event_id in ('del-v2', 'hide-v6', 'res-v7') order by event_id"
    ).fetchall() == [("del-v2", DAYS[2]), ("hide-v6", None), ("res-v7", None)]


def _write_interfering_days(root: Path) -> None:
    """Event x1 clicks unknown product p9 on a video v2 not yet published: held, not
    claiming its id. Products then gain p9 and v2 is published on 06-04: x1 is admitted
    that day, so the other copy of x1 delivered 06-05 is a conflict, not a load."""
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("pub1", "2026-06-02T09:00:00+08:00")])
    click = engagement(
        "x1", "product_click", "2026-06-02T10:00:00+08:00", video="v2", product_id="p9"
    )
    write_events(root, "engagement_events", "2026-06-02", [click])
    write_events(
        root,
        "engagement_events",
        "2026-06-03",
        [engagement("y1", "like", "2026-06-03T10:00:00+08:00")],
    )
    write_events(
        root, "video_events", "2026-06-04", [publish("pub2", "2026-06-04T09:00:00+08:00", "v2")]
    )
    write_events(root, "engagement_events", "2026-06-05", [click | {"viewer_id": "u2"}])


def test_a_held_row_ready_inside_a_pass_sends_the_pass_day_by_day(tmp_path: Path) -> None:
    _write_interfering_days(tmp_path)
    first, later = DAYS[:1], DAYS[1:4]
    with_p9 = DIMENSION_ROWS["products"] + [
        {"product_id": "p9", "brand_id": "b1", "price_fen": "100"}
    ]

    states, passes = [], []
    for load_later in (load_days_one_by_one, _in_passes):
        conn = empty_warehouse()
        load_dimensions(conn, tmp_path)
        load_days_one_by_one(conn, tmp_path, first)
        write_dimensions(tmp_path, {"products": with_p9})  # the next run knows p9
        load_dimensions(conn, tmp_path)
        passes.append(load_later(conn, tmp_path, later))
        write_dimensions(tmp_path)  # as it was, for the other way
        states.append(warehouse_state(conn))
        x1 = conn.execute(
            "select reason, resolved_at from quarantine.rejected_rows where event_id = 'x1' "
            "order by first_seen_at"
        ).fetchall()
        assert x1 == [("reference", date(2026, 6, 4)), ("conflict", None)]
    # The engagement pass fell back to its three days one by one (the others: one pass).
    assert dict(zip([s.name for s in EVENTS], passes[1], strict=True)) == {
        "video_events": 1,
        "engagement_events": 3,
        "order_events": 1,
        "live_events": 1,
    }
    assert states[0] == states[1]


def test_passes_group_consecutive_days_up_to_the_byte_limit(tmp_path: Path) -> None:
    for day in DAYS[:4]:
        write_events(
            tmp_path, "engagement_events", day.isoformat(), [engagement("e", "play", "x")] * 40
        )
    day_bytes = sum(
        p.stat().st_size for p in (tmp_path / "engagement_events").glob("date=2026-06-02/*")
    )
    engagement_events = SOURCES["engagement_events"]

    two_days = plan_passes(tmp_path, engagement_events, DAYS[:5], 2 * day_bytes)
    assert two_days == [DAYS[:2], DAYS[2:5]]  # the fifth day delivered nothing
    assert plan_passes(tmp_path, engagement_events, DAYS[:2], day_bytes // 2) == [
        DAYS[:1],
        DAYS[1:2],
    ]


def test_a_pass_spans_a_32nd_of_the_duckdb_memory_limit() -> None:
    conn = empty_warehouse()
    conn.execute("set memory_limit = '4GiB'")
    assert pass_bytes(conn) == 128 * 2**20
    conn.execute("set memory_limit = '512MiB'")
    assert pass_bytes(conn) == 16 * 2**20


def test_a_held_publish_ready_inside_a_pass_sends_the_pass_day_by_day(tmp_path: Path) -> None:
    # pub-v5 is held for its unknown creator c9; the next run knows c9, so re-examining
    # 06-03 admits it, and the delete of v5 delivered that day with it: the pass has
    # already written that delete, and the hide of 06-04, as held.
    write_dimensions(tmp_path)
    rows = {
        DAYS[0]: publish("pub-v5", "2026-06-02T09:00:00+08:00", "v5", creator="c9"),
        DAYS[1]: {**publish("del-v5", "2026-06-03T09:00:00+08:00", "v5"), "event_type": "delete"},
        DAYS[2]: {**publish("hide-v5", "2026-06-04T09:00:00+08:00", "v5"), "event_type": "hide"},
    }
    for day, row in rows.items():
        write_events(tmp_path, "video_events", day.isoformat(), [row])
    c9 = {**DIMENSION_ROWS["creators"][0], "creator_id": "c9"}

    states, passes = [], []
    for load_later in (load_days_one_by_one, _in_passes):
        conn = empty_warehouse()
        load_dimensions(conn, tmp_path)
        load_days_one_by_one(conn, tmp_path, DAYS[:1])
        write_dimensions(tmp_path, {"creators": [*DIMENSION_ROWS["creators"], c9]})
        load_dimensions(conn, tmp_path)
        passes.append(load_later(conn, tmp_path, DAYS[1:3]))
        write_dimensions(tmp_path)  # as it was, for the other way
        states.append(warehouse_state(conn))
        admitted = conn.execute(
            "select event_id, admitted_date from staging.video_events order by event_id"
        ).fetchall()
        assert admitted == [("del-v5", DAYS[1]), ("hide-v5", DAYS[2]), ("pub-v5", DAYS[1])]
    assert passes[1] == [2, 1, 1, 1]  # the video pass fell back to its two days
    assert states[0] == states[1]

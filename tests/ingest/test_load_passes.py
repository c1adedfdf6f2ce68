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
from starmap.warehouse import connect, ensure_schema
from tests.landing_zone import (
    DIMENSION_ROWS,
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


def _random_landing(root: Path, seed: int) -> None:
    """Six days with every case a pass must rank like single days: copies within a day and
    across days (identical or not), rows held for a video published days later (or never),
    rows held for an unknown product, copies of held rows, and rows that do not parse."""
    rng = random.Random(seed)
    write_dimensions(root)
    videos = ["v1", "v2", "v3", "v4"]
    published_on = {"v1": DAYS[0], "v2": DAYS[2]} | {
        v: rng.choice([*DAYS, None]) for v in videos[2:]
    }
    for video, day in published_on.items():
        if day is not None:
            write_events(
                root,
                "video_events",
                day.isoformat(),
                [publish(f"pub-{video}", _ts(day, rng), video)],
                name=f"{video}.csv",
            )
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


def _warehouse() -> duckdb.DuckDBPyConnection:
    conn = connect(":memory:")
    ensure_schema(conn)
    return conn


@pytest.mark.parametrize("seed", range(4))
def test_a_pass_over_six_days_loads_what_six_single_days_load(tmp_path: Path, seed: int) -> None:
    _random_landing(tmp_path, seed)
    one_by_one, together = _warehouse(), _warehouse()
    for conn in (one_by_one, together):
        load_dimensions(conn, tmp_path)
    load_days_one_by_one(one_by_one, tmp_path, DAYS)
    passes = _in_passes(together, tmp_path, DAYS)
    for conn in (one_by_one, together):
        refresh_derived(conn, Policy().sql_params())

    # Videos go one day at a time; engagement and orders in one pass each.
    assert passes == [len(DAYS), 1, 1]
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
        conn = _warehouse()
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
    # The engagement pass fell back to its three days one by one.
    assert passes[1] == [3, 3, 1]
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
    assert plan_passes(tmp_path, SOURCES["video_events"], DAYS[:2], 2**30) == [
        DAYS[:1],
        DAYS[1:2],
    ]


def test_a_pass_spans_a_32nd_of_the_duckdb_memory_limit() -> None:
    conn = _warehouse()
    conn.execute("set memory_limit = '4GiB'")
    assert pass_bytes(conn) == 128 * 2**20
    conn.execute("set memory_limit = '512MiB'")
    assert pass_bytes(conn) == 16 * 2**20

"""The reports' fixture warehouse: marts, staging dimensions, a few events and the
quarantine, inserted directly (no pipeline). Four campaigns as of three snapshots:

- k1 "618 口红种草": three published videos (styles tutorial, review), orders, one
  expired booking; a bot click and a click before publish that must not count.
- k2 "新品眼影 试色": a published video with plays and clicks but no orders.
- k3 "七夕礼盒 预热": booked, nothing published, nothing charged (cost 0).
- "k4/双11": a CPS video flagged fraud: orders and net GMV but cost 0 (ROAS undefined);
  its id needs a file-safe name.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pipelines.ingest import engagement_facts
from starmap.warehouse import connect, ensure_schema

SHANGHAI = timezone(timedelta(hours=8))
AS_OF_DATES = [date(2026, 6, 10), date(2026, 6, 20), date(2026, 6, 30)]
NEWEST = AS_OF_DATES[-1]
K4 = "k4/双11"
CAMPAIGN_IDS = ["k1", "k2", "k3", K4]
BRAND_IDS = ["b1", "b2"]  # with channel figures as of NEWEST (domain.md 10)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _ts(day: date, hour: int = 12, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, 0, tzinfo=SHANGHAI) + timedelta(
        seconds=second
    )


_FILLER_BY_TYPE = {"BOOLEAN": False, "DATE": date(2026, 1, 1), "VARCHAR": ""}


def _insert(conn, table: str, columns: str, rows: list[tuple]) -> None:
    """Insert rows; NOT NULL columns the reports never read (the marts schemas grow while
    other engineers work) get a neutral filler so the fixture keeps loading."""
    names = [c.strip() for c in columns.split(",")]
    schema, name = table.split(".")
    required = conn.execute(
        """
        select column_name, data_type from duckdb_columns()
        where schema_name = $schema and table_name = $name and not is_nullable
          and column_default is null
        """,
        {"schema": schema, "name": name},
    ).fetchall()
    fillers = {c: _FILLER_BY_TYPE.get(t, 0) for c, t in required if c not in names}
    names += list(fillers)
    marks = ", ".join("?" for _ in names)
    conn.executemany(
        f"insert into {table} ({', '.join(names)}) values ({marks})",
        [(*row, *fillers.values()) for row in rows],
    )


def _dimensions(conn) -> None:
    _insert(
        conn,
        "staging.brands",
        "brand_id, name, industry",
        [
            ("b1", "花西子", "cosmetics"),
            ("b2", "完美日记", "cosmetics"),
        ],
    )
    _insert(
        conn,
        "staging.products",
        "product_id, brand_id, name, category, price_fen",
        [
            ("p1", "b1", "雕花口红", "lipstick", 19900),
            ("p2", "b2", "小细跟眼影盘", "eyeshadow", 12900),
        ],
    )
    _insert(
        conn,
        "staging.campaigns",
        "campaign_id, brand_id, name, start_date, end_date, budget_fen, objective",
        [
            ("k1", "b1", "618 口红种草", date(2026, 6, 1), date(2026, 6, 30), 5_000_000, "sales"),
            (
                "k2",
                "b2",
                "新品眼影 试色",
                date(2026, 6, 5),
                date(2026, 7, 5),
                1_000_000,
                "awareness",
            ),
            ("k3", "b1", "七夕礼盒 预热", date(2026, 6, 20), date(2026, 8, 20), 800_000, "sales"),
            (K4, "b2", "双11 预热 (佣金)", date(2026, 6, 1), date(2026, 7, 15), 300_000, "sales"),
        ],
    )
    _insert(
        conn,
        "staging.creators",
        "creator_id, nickname, platform, category, followers, mcn_id, mcn_share_bps, "
        "identity_verified, joined_at",
        [
            (
                "c1",
                "小美的化妆间",
                "douyin",
                "beauty",
                250_000,
                "m1",
                3000,
                True,
                date(2025, 1, 10),
            ),
            ("c2", "大刘测评", "douyin", "beauty", 1_200_000, None, None, True, date(2024, 5, 1)),
            ("c3", "西瓜姐", "xigua", "beauty", 60_000, None, None, True, date(2025, 3, 1)),
            ("c4", "新人小王", "douyin", "beauty", 80_000, None, None, False, date(2026, 1, 1)),
            ("c5", "Lily的日常", "douyin", "beauty", 150_000, None, None, True, date(2025, 6, 1)),
        ],
    )
    _insert(
        conn,
        "staging.collaborations",
        "collaboration_id, campaign_id, creator_id, pricing_model, booked_at, booked_date, "
        "publish_deadline, price_fen, cpe_rate_fen, cap_fen, commission_bps, product_id, "
        "creative_style",
        [
            (
                "co1",
                "k1",
                "c1",
                "flat_fee",
                _ts(date(2026, 6, 1), 10),
                date(2026, 6, 1),
                date(2026, 6, 10),
                500_000,
                None,
                None,
                None,
                None,
                "tutorial",
            ),
            (
                "co2",
                "k1",
                "c2",
                "cpe",
                _ts(date(2026, 6, 1), 11),
                date(2026, 6, 1),
                date(2026, 6, 10),
                None,
                50,
                100_000,
                None,
                None,
                "review",
            ),
            (
                "co3",
                "k1",
                "c3",
                "cps",
                _ts(date(2026, 6, 1), 12),
                date(2026, 6, 1),
                date(2026, 6, 10),
                None,
                None,
                None,
                2000,
                "p1",
                "review",
            ),
            (
                "co7",
                "k1",
                "c5",
                "flat_fee",
                _ts(date(2026, 6, 1), 13),
                date(2026, 6, 1),
                date(2026, 6, 5),
                200_000,
                None,
                None,
                None,
                None,
                "skit",
            ),
            (
                "co4",
                "k2",
                "c4",
                "flat_fee",
                _ts(date(2026, 6, 5), 10),
                date(2026, 6, 5),
                date(2026, 6, 15),
                100_000,
                None,
                None,
                None,
                None,
                "tutorial",
            ),
            (
                "co5",
                "k3",
                "c2",
                "flat_fee",
                _ts(date(2026, 6, 15), 10),
                date(2026, 6, 15),
                date(2026, 7, 5),
                300_000,
                None,
                None,
                None,
                None,
                "skit",
            ),
            (
                "co6",
                K4,
                "c5",
                "cps",
                _ts(date(2026, 6, 1), 9),
                date(2026, 6, 1),
                date(2026, 6, 10),
                None,
                None,
                None,
                1500,
                "p2",
                "开箱",
            ),
        ],
    )


def _video_events(conn) -> None:
    publishes = [
        ("ve1", date(2026, 6, 2), 12, "v1", "c1", "co1"),
        ("ve2", date(2026, 6, 3), 12, "v2", "c2", "co2"),
        ("ve3", date(2026, 6, 3), 18, "v3", "c3", "co3"),
        ("ve4", date(2026, 6, 6), 12, "v4", "c4", "co4"),
        ("ve6", date(2026, 6, 2), 20, "v6", "c5", "co6"),
    ]
    _insert(
        conn,
        "staging.video_events",
        "event_id, event_type, event_ts, business_date, video_id, creator_id, collaboration_id, "
        "duration_s, is_commercial, delivery_date, admitted_date, source_file, row_number, "
        "claims_event_id",
        [
            (
                eid,
                "publish",
                _ts(day, hour),
                day,
                video,
                creator,
                collab,
                35,
                True,
                day,
                day,
                f"video_events/date={day}/part-0.csv",
                n,
                False,
            )
            for n, (eid, day, hour, video, creator, collab) in enumerate(publishes, 1)
        ],
    )


def _engagements(
    video: str,
    event_type: str,
    n: int,
    day: date,
    prefix: str,
    product_id: str | None = None,
    viewer: str | None = None,
    hour: int = 21,
) -> list[tuple]:
    return [
        (
            f"{prefix}-{i}",
            event_type,
            _ts(day, hour, i),
            day,
            video,
            viewer or f"u{i}",
            product_id,
            day,
            day,
            f"engagement_events/date={day}/part-0.csv",
            i + 1,
            False,
        )
        for i in range(n)
    ]


def _engagement_events(conn) -> None:
    d = date
    rows = (
        _engagements("v1", "play", 40, d(2026, 6, 4), "ply-v1")
        + _engagements("v1", "like", 6, d(2026, 6, 4), "lik-v1")
        + _engagements("v1", "product_click", 4, d(2026, 6, 5), "clk-v1", "p1")
        # clk-v1-x: a click on the other brand's product (its order is not k1's).
        + _engagements("v1", "product_click", 1, d(2026, 6, 5), "clk-v1-x", "p2", "u4")
        # Before v1's publish (12:00): invalid, counts nowhere.
        + _engagements("v1", "product_click", 1, d(2026, 6, 2), "early-v1", "p1", "u7", hour=8)
        + _engagements("v2", "play", 30, d(2026, 6, 5), "ply-v2")
        + _engagements("v2", "product_click", 3, d(2026, 6, 6), "clk-v2", "p1")
        + _engagements("v3", "play", 50, d(2026, 6, 4), "ply-v3")
        + _engagements("v3", "product_click", 5, d(2026, 6, 5), "clk-v3", "p1")
        # A bot's click (bot viewer-day below): invalid.
        + _engagements("v3", "product_click", 1, d(2026, 6, 8), "bot-v3", "p1", "bot1")
        + _engagements("v4", "play", 25, d(2026, 6, 7), "ply-v4")
        + _engagements("v4", "product_click", 3, d(2026, 6, 8), "clk-v4", "p2")
        + _engagements("v6", "play", 20, d(2026, 6, 3), "ply-v6")
        + _engagements("v6", "product_click", 2, d(2026, 6, 4), "clk-v6", "p2")
    )
    _insert(
        conn,
        "staging.engagement_events",
        "event_id, event_type, event_ts, business_date, video_id, viewer_id, product_id, "
        "delivery_date, admitted_date, source_file, row_number, claims_event_id",
        rows,
    )
    _insert(
        conn,
        "staging.bot_viewer_days",
        "viewer_id, business_date, bot_from_date",
        [("bot1", d(2026, 6, 8), d(2026, 6, 8))],
    )


def _orders(conn) -> None:
    def order(
        oid, product, buyer, day, click, video, collab, state, paid, refunded, base, commission, fee
    ):
        return (
            NEWEST,
            oid,
            product,
            buyer,
            _ts(day, 9),
            day,
            click,
            video,
            collab,
            state,
            paid,
            refunded,
            base,
            commission,
            fee,
        )

    d = date
    _insert(
        conn,
        "marts.order_attribution",
        "as_of, order_id, product_id, buyer_id, placed_ts, placed_date, click_event_id, "
        "video_id, collaboration_id, order_state, paid_fen, refunded_fen, base_fen, "
        "commission_fen, platform_fee_fen",
        [
            order(
                "o1",
                "p1",
                "u0",
                d(2026, 6, 6),
                "clk-v3-0",
                "v3",
                "co3",
                "settled",
                19900,
                0,
                19900,
                3980,
                398,
            ),
            order(
                "o2",
                "p1",
                "u0",
                d(2026, 6, 7),
                "clk-v1-0",
                "v1",
                None,
                "paid",
                19900,
                0,
                19900,
                0,
                0,
            ),
            order(
                "o3",
                "p1",
                "u1",
                d(2026, 6, 8),
                "clk-v3-1",
                "v3",
                "co3",
                "delivered",
                39800,
                19900,
                19900,
                3980,
                398,
            ),
            order("o4", "p1", "u0", d(2026, 6, 9), "clk-v2-0", "v2", None, "unpaid", 0, 0, 0, 0, 0),
            order("o5", "p1", "u9", d(2026, 6, 9), None, None, None, "paid", 19900, 0, 19900, 0, 0),
            # A second order from the same click as o3.
            order(
                "o7",
                "p1",
                "u1",
                d(2026, 6, 12),
                "clk-v3-1",
                "v3",
                "co3",
                "paid",
                19900,
                0,
                19900,
                3980,
                398,
            ),
            # Another brand's product clicked on k1's video: not k1's order.
            order(
                "o8",
                "p2",
                "u4",
                d(2026, 6, 6),
                "clk-v1-x-0",
                "v1",
                None,
                "paid",
                12900,
                0,
                12900,
                0,
                0,
            ),
            order(
                "o6",
                "p2",
                "u0",
                d(2026, 6, 5),
                "clk-v6-0",
                "v6",
                "co6",
                "paid",
                12900,
                0,
                12900,
                0,
                0,
            ),
        ],
    )


SETTLEMENT_COLUMNS = (
    "as_of, collaboration_id, campaign_id, creator_id, pricing_model, state, gross_fen, "
    "brand_fee_fen, platform_fee_fen, mcn_fen, creator_net_fen, brand_charge_fen, prepaid_fen, "
    "escrow_fen, refund_fen, disbursed_fen, billable_engagements, attributed_orders, "
    "creator_ineligible_at_booking"
)


def _settlements(conn) -> None:
    def flat(as_of, co, k, c, state, price, mcn_bps=0, inel=False):
        prepaid = price + price * 500 // 10000
        gross = price if state in ("in_escrow", "released") else 0
        fee = (gross * 500 + 5000) // 10000
        mcn = (gross * mcn_bps + 5000) // 10000
        held = prepaid if state in ("booked", "in_escrow") else 0
        refund = prepaid if state in ("expired", "removed_early", "fraud") else 0
        return (
            as_of,
            co,
            k,
            c,
            "flat_fee",
            state,
            gross,
            fee,
            0,
            mcn,
            gross - mcn,
            gross + fee,
            prepaid,
            held,
            refund,
            0,
            None,
            None,
            inel,
        )

    def cpe(as_of, co, k, c, billable, rate, cap):
        gross = min(billable * rate, cap)
        fee = (gross * 500 + 5000) // 10000
        prepaid = cap + (cap * 500 + 5000) // 10000
        return (
            as_of,
            co,
            k,
            c,
            "cpe",
            "in_escrow",
            gross,
            fee,
            0,
            0,
            gross,
            gross + fee,
            prepaid,
            prepaid,
            0,
            0,
            billable,
            None,
            False,
        )

    def cps(as_of, co, k, c, state, commission, platform_fee, disbursed, orders):
        return (
            as_of,
            co,
            k,
            c,
            "cps",
            state,
            commission,
            0,
            platform_fee,
            0,
            commission - platform_fee,
            commission,
            0,
            0,
            0,
            disbursed,
            None,
            orders,
            False,
        )

    d10, d20, d30 = AS_OF_DATES
    rows = [
        flat(d10, "co1", "k1", "c1", "in_escrow", 500_000, 3000),
        cpe(d10, "co2", "k1", "c2", 4, 50, 100_000),
        cps(d10, "co3", "k1", "c3", "active", 7960, 796, 0, 2),
        flat(d10, "co7", "k1", "c5", "expired", 200_000),
        flat(d10, "co4", "k2", "c4", "in_escrow", 100_000, inel=True),
        cps(d10, "co6", K4, "c5", "active", 1935, 194, 0, 1),
        flat(d20, "co1", "k1", "c1", "in_escrow", 500_000, 3000),
        cpe(d20, "co2", "k1", "c2", 6, 50, 100_000),
        cps(d20, "co3", "k1", "c3", "active", 11940, 1194, 3980, 3),
        flat(d20, "co7", "k1", "c5", "expired", 200_000),
        flat(d20, "co4", "k2", "c4", "in_escrow", 100_000, inel=True),
        flat(d20, "co5", "k3", "c2", "booked", 300_000),
        cps(d20, "co6", K4, "c5", "fraud", 0, 0, 0, 1),
    ]
    rows += [(d30, *row[1:]) for row in rows if row[0] == d20]
    _insert(conn, "marts.settlements", SETTLEMENT_COLUMNS, rows)


FUNNEL_COLUMNS = (
    "as_of, campaign_id, brand_id, impressions, plays, complete_plays, engagements, "
    "product_clicks, orders, paid_orders, gmv_fen, refund_fen, net_gmv_fen, cost_fen, roas, "
    "start_date, end_date, collaborations, videos"
)
CAMPAIGN_WINDOWS = {
    "k1": (date(2026, 6, 1), date(2026, 6, 30), 4, 3),
    "k2": (date(2026, 6, 5), date(2026, 7, 5), 1, 1),
    "k3": (date(2026, 6, 20), date(2026, 8, 20), 1, 0),
    K4: (date(2026, 6, 1), date(2026, 7, 15), 1, 1),
}


def _funnels(conn) -> None:
    d10, d20, d30 = AS_OF_DATES

    def row(as_of, k, b, imp, plays, comp, eng, clicks, orders, paid, gmv, refund, net, cost):
        return (
            as_of,
            k,
            b,
            imp,
            plays,
            comp,
            eng,
            clicks,
            orders,
            paid,
            gmv,
            refund,
            net,
            cost,
            net / cost if cost else None,
            *CAMPAIGN_WINDOWS[k],
        )

    _insert(
        conn,
        "marts.campaign_funnel",
        FUNNEL_COLUMNS,
        [
            row(d10, "k1", "b1", 380, 120, 60, 12, 12, 4, 3, 79600, 19900, 59700, 533_200),
            row(d10, "k2", "b2", 80, 25, 10, 0, 3, 0, 0, 0, 0, 0, 105_000),
            row(d10, K4, "b2", 60, 20, 8, 0, 2, 1, 1, 12900, 0, 12900, 1935),
            row(d20, "k1", "b1", 400, 120, 60, 12, 12, 5, 4, 99500, 19900, 79600, 537_255),
            row(d20, "k2", "b2", 90, 25, 10, 0, 3, 0, 0, 0, 0, 0, 105_000),
            row(d20, "k3", "b1", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            row(d20, K4, "b2", 60, 20, 8, 0, 2, 1, 1, 12900, 0, 12900, 0),
            row(d30, "k1", "b1", 400, 120, 60, 12, 12, 5, 4, 99500, 19900, 79600, 537_255),
            row(d30, "k2", "b2", 90, 25, 10, 0, 3, 0, 0, 0, 0, 0, 105_000),
            row(d30, "k3", "b1", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            row(d30, K4, "b2", 60, 20, 8, 0, 2, 1, 1, 12900, 0, 12900, 0),
        ],
    )
    daily = []
    for k, first, days, plays in (
        ("k1", date(2026, 6, 2), 11, 11),
        ("k2", date(2026, 6, 6), 5, 5),
        (K4, date(2026, 6, 2), 5, 4),
    ):
        for i in range(days):
            day = first + timedelta(days=i)
            orders = 1 if k != "k2" and i in (4, 5, 6) else 0
            daily.append(
                (
                    d30,
                    k,
                    day,
                    3 * plays,
                    plays + i,
                    plays // 2,
                    1 + i % 3,
                    1,
                    orders,
                    orders,
                    19900 * orders,
                    0,
                    19900 * orders,
                )
            )
    _insert(
        conn,
        "marts.campaign_funnel_daily",
        "as_of, campaign_id, business_date, impressions, plays, complete_plays, engagements, "
        "product_clicks, orders, paid_orders, gmv_fen, refund_fen, net_gmv_fen",
        daily,
    )


def _creator_tiers(conn) -> None:
    _insert(
        conn,
        "marts.creator_tiers",
        "as_of, creator_id, platform, category, followers, follower_tier, credit_score, "
        "eligible, plays_30d, cooperation_index, performance_tier",
        [
            (NEWEST, "c1", "douyin", "beauty", 250_000, "tail", 12, True, 40_000, 100.0, "B"),
            (NEWEST, "c2", "douyin", "beauty", 1_200_000, "shoulder", 12, True, 90_000, 100.0, "A"),
            (NEWEST, "c3", "xigua", "beauty", 60_000, "koc", 12, True, 500, 100.0, "unrated"),
            (NEWEST, "c4", "douyin", "beauty", 80_000, "koc", 12, False, 25, 100.0, "unrated"),
            (NEWEST, "c5", "douyin", "beauty", 150_000, "tail", 0, False, 12_000, 0.0, "C"),
        ],
    )


def _quarantine(conn) -> None:
    def q(source, reason, seen, resolved=None, n=1):
        return (
            source,
            f"{source}/date={seen}/part-0.csv",
            n,
            seen,
            f"x{n}",
            reason,
            None,
            "{}",
            False,
            seen,
            resolved,
        )

    d = date
    _insert(
        conn,
        "quarantine.rejected_rows",
        "source, source_file, row_number, delivery_date, event_id, reason, detail, payload, "
        "claims_event_id, first_seen_at, resolved_at",
        [
            q("engagement_events", "schema", d(2026, 6, 3), n=1),
            q("engagement_events", "schema", d(2026, 6, 4), n=2),
            q("engagement_events", "domain", d(2026, 6, 4), n=3),
            q("order_events", "domain", d(2026, 6, 5), n=4),
            q("engagement_events", "reference", d(2026, 6, 5), d(2026, 6, 6), n=5),
            q("engagement_events", "reference", d(2026, 6, 5), n=6),
            q("engagement_events", "conflict", d(2026, 6, 9), n=7),
            q("engagement_events", "unreadable", d(2026, 6, 7), n=8),
            # Delivered after the newest snapshot: not yet seen as of it.
            q("order_events", "schema", d(2026, 7, 2), n=9),
        ],
    )


def build_report_warehouse(path: Path) -> Path:
    """Create the fixture warehouse at `path`."""
    conn = connect(path)
    try:
        ensure_schema(conn)
        _dimensions(conn)
        _video_events(conn)
        _engagement_events(conn)
        engagement_facts.rebuild(conn)  # as a load would, for the rows inserted directly
        _orders(conn)
        _settlements(conn)
        _funnels(conn)
        _creator_tiers(conn)
        _quarantine(conn)
        _live_and_channels(conn)
    finally:
        conn.close()
    return path


def _live_and_channels(conn) -> None:
    """A live collaboration of k1 with its session (its performance in marts.live_sessions),
    a platform promotion and the brands' sales channels (domain.md 9, 10)."""
    _insert(
        conn,
        "staging.collaborations",
        "collaboration_id, campaign_id, creator_id, pricing_model, booked_at, booked_date, "
        "publish_deadline, commission_bps, product_id, slot_fee_fen",
        [
            (
                "co9",
                "k1",
                "c1",
                "live",
                _ts(date(2026, 6, 1), 9),
                date(2026, 6, 1),
                date(2026, 6, 25),
                2000,
                "p1",
                100_000,
            )
        ],
    )
    _insert(
        conn,
        "staging.live_events",
        "event_id, event_type, event_ts, business_date, live_id, creator_id, collaboration_id, "
        "delivery_date, admitted_date, source_file, row_number, claims_event_id",
        [
            (
                "s9",
                "start",
                _ts(date(2026, 6, 15), 20),
                date(2026, 6, 15),
                "L9",
                "c1",
                "co9",
                date(2026, 6, 15),
                date(2026, 6, 15),
                "live_events/date=2026-06-15/a.csv",
                1,
                True,
            )
        ],
    )
    _insert(
        conn,
        "marts.live_sessions",
        "as_of, live_id, host_kind, creator_id, collaborations, start_ts, end_ts, duration_s, "
        "views, unique_viewers, likes, comments, shares, product_clicks, orders, paid_orders, "
        "gmv_fen, net_gmv_fen, gpm_fen, uv_value_fen",
        [
            (
                NEWEST,
                "L9",
                "creator",
                "c1",
                1,
                _ts(date(2026, 6, 15), 20),
                _ts(date(2026, 6, 15), 22),
                7200,
                120,
                80,
                30,
                12,
                5,
                20,
                3,
                3,
                59_700,
                59_700,
                59_700 * 1000 / 120,
                59_700 / 80,
            )
        ],
    )
    _insert(
        conn,
        "staging.promotions",
        "promotion_id, name, start_date, end_date",
        [("pr618", "618 大促", date(2026, 6, 1), date(2026, 6, 18))],
    )
    channels = [
        # brand, channel, orders, paid, gmv, refund, net, share, promotion net
        ("b1", "top_kol", 3, 3, 59_700, 0, 59_700, 59_700 / 119_400, 59_700),
        ("b1", "alliance", 2, 2, 39_800, 0, 39_800, 39_800 / 119_400, 19_900),
        ("b1", "search", 1, 1, 19_900, 0, 19_900, 19_900 / 119_400, 0),
        ("b1", "other", 1, 0, 0, 0, 0, 0.0, 0),
        ("b2", "shop", 1, 1, 12_900, 12_900, 0, None, 0),
    ]
    _insert(
        conn,
        "marts.channel_gmv",
        "as_of, brand_id, channel, orders, paid_orders, gmv_fen, refund_fen, net_gmv_fen, "
        "net_gmv_share, promotion_net_gmv_fen",
        [(NEWEST, *row) for row in channels],
    )
    daily = [
        ("b1", date(2026, 6, 15), "top_kol", 3, 59_700),
        ("b1", date(2026, 6, 12), "alliance", 2, 39_800),
        ("b1", date(2026, 6, 25), "search", 1, 19_900),
        ("b1", date(2026, 6, 25), "other", 1, 0),
        ("b2", date(2026, 6, 20), "shop", 1, 0),
    ]
    _insert(
        conn,
        "marts.channel_gmv_daily",
        "as_of, brand_id, business_date, channel, orders, net_gmv_fen",
        [(NEWEST, *row) for row in daily],
    )

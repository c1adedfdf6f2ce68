"""Property test: both money identities of domain.md 9 (brand_charge = creator_net + mcn +
platform_fee + brand_fee; prepaid = disbursed - settled_commission + refund + escrow for
`live`) and the ledger hold on random live collaborations: slot fees, commissions, MCN
shares, slots that start or never do, sessions that end or stay open, bot likes that make a
room fraud, orders with partial refunds, deliveries and cancels, before, around and after
release. The channels partition every brand's orders."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.settlement import checks
from starmap.settings import Policy
from starmap.warehouse import run_sql
from tests.live.live_builder import LiveWarehouse

AS_OF_DATES = ("2026-06-01", "2026-06-06", "2026-06-12", "2026-06-20")

live_deal = st.fixed_dictionaries(
    {
        "slot_fee_fen": st.integers(0, 5_000_001),
        "commission_bps": st.integers(0, 10_000),
        "mcn_share_bps": st.one_of(st.none(), st.integers(0, 10_000)),
        "start_day": st.one_of(st.none(), st.integers(2, 12)),  # deadline 06-10
        "end_after_hours": st.one_of(st.none(), st.integers(0, 30)),
        "likes": st.integers(0, 4),
        "bot_likes": st.integers(0, 3),
        "orders": st.lists(
            st.fixed_dictionaries(
                {
                    "paid_fen": st.one_of(st.none(), st.integers(0, 99_999)),
                    "refund_fen": st.lists(st.integers(0, 60_000), max_size=2),
                    "cancelled": st.booleans(),
                    "delivered_day": st.one_of(st.none(), st.integers(3, 14)),
                }
            ),
            max_size=3,
        ),
    }
)


def _ts(day: int, hour: int) -> str:
    day, hour = day + hour // 24, hour % 24
    return f"2026-06-{day:02d}T{hour:02d}:00:00+08:00"


def _build(lw: LiveWarehouse, n: int, c: dict) -> None:
    co, creator, live, product = f"co{n}", f"c{n}", f"L{n}", f"p{n}"
    mcn = "m1" if c["mcn_share_bps"] is not None else None
    lw.creator(creator, mcn_id=mcn, mcn_share_bps=c["mcn_share_bps"])
    lw.product(product)
    lw.live_collaboration(
        co,
        slot_fee_fen=c["slot_fee_fen"],
        commission_bps=c["commission_bps"],
        product_id=product,
        creator_id=creator,
    )
    if c["start_day"] is None:
        return
    day = c["start_day"]
    lw.start(f"s{n}", _ts(day, 8), live, creator_id=creator, collaboration_id=co)
    if c["end_after_hours"] is not None:
        lw.end(f"e{n}", _ts(day, 9 + c["end_after_hours"]), live)
    for i in range(c["likes"]):
        lw.live_event(f"g{n}-{i}", "like", _ts(day, 9), live, viewer_id=f"u{n}-{i}")
    for i in range(c["bot_likes"]):
        bot = f"b{n}-{i}"
        lw.live_event(f"b{n}-{i}", "like", _ts(day, 9), live, viewer_id=bot)
        lw.bot_day(bot, f"2026-06-{day:02d}")
    for i, order in enumerate(c["orders"]):
        oid, buyer = f"o{n}-{i}", f"buyer{n}-{i}"
        lw.live_click(f"k{oid}", _ts(day, 9), live, viewer_id=buyer, product_id=product)
        lw.order_event(f"{oid}a", "placed", _ts(day, 10), oid, buyer, product, 1)
        if order["paid_fen"] is not None:
            lw.order_event(f"{oid}b", "paid", _ts(day, 11), oid, buyer, product, order["paid_fen"])
        for j, refund in enumerate(order["refund_fen"]):
            lw.order_event(f"{oid}r{j}", "refunded", _ts(15 + j, 10), oid, buyer, product, refund)
        if order["cancelled"]:
            lw.order_event(f"{oid}c", "cancelled", _ts(day, 12), oid, buyer, product)
        if order["delivered_day"] is not None:
            lw.order_event(
                f"{oid}d",
                "delivered",
                _ts(max(day, order["delivered_day"]), 13),
                oid,
                buyer,
                product,
            )


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(deals=st.lists(live_deal, min_size=1, max_size=4))
def test_live_identities_ledger_and_channel_partition_hold(live_template: Path, deals: list):
    with tempfile.TemporaryDirectory() as folder:
        lw = LiveWarehouse(
            Path(folder) / "w.duckdb", Policy(fraud_min_invalid=2), template=live_template
        )
        try:
            lw.brand("b1")
            for n, c in enumerate(deals):
                _build(lw, n, c)
            lw.build(*AS_OF_DATES)
            rows = lw.conn.execute("select count(*) from marts.settlements").fetchone()[0]
            assert rows == len(deals) * len(AS_OF_DATES)
            assert checks.brand_charge_identity(lw.conn).sample == []
            assert checks.prepaid_identity(lw.conn).sample == []
            assert checks.ledger_sums(lw.conn).sample == []
            negative = lw.conn.execute(
                "select count(*) from marts.settlements where least(gross_fen, brand_fee_fen, "
                "platform_fee_fen, mcn_fen, creator_net_fen, prepaid_fen, escrow_fen, "
                "refund_fen, disbursed_fen, settled_commission_fen) < 0"
            ).fetchone()[0]
            assert negative == 0
            # the slot part never exceeds what was prepaid; fraud and expiry refund it all
            wrong_refund = lw.conn.execute(
                "select count(*) from marts.settlements "
                "where state in ('fraud', 'expired') and refund_fen <> prepaid_fen"
            ).fetchone()[0]
            assert wrong_refund == 0
            params = lw.policy.sql_params() | {
                "first": date.fromisoformat(AS_OF_DATES[0]),
                "last": date.fromisoformat(AS_OF_DATES[-1]),
            }
            check = "marts/channels/check_channels_partition_orders"
            assert run_sql(lw.conn, check, params).fetchall() == [(0,)]
        finally:
            lw.close()

"""Property tests: the two money identities of domain.md 5.5 and the ledger hold on random
collaborations (any pricing model, price, cap, rate, MCN share, publish, removal, fraud and
orders with partial refunds), on dates before, around and after release."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.settlement import checks
from starmap.settings import Policy
from tests.settlement.settlement_builder import SettlementWarehouse

AS_OF_DATES = ("2026-06-05", "2026-06-20", "2026-08-03")

collaboration = st.fixed_dictionaries(
    {
        "model": st.sampled_from(["flat_fee", "cpe", "cps"]),
        "price_fen": st.integers(0, 10_000_001),
        "cap_fen": st.integers(0, 100_001),
        "rate_fen": st.integers(0, 999),
        "commission_bps": st.integers(0, 10_000),
        "mcn_share_bps": st.one_of(st.none(), st.integers(0, 10_000)),
        "publish_day": st.one_of(st.none(), st.integers(1, 12)),  # June; deadline 06-10
        "delete_day": st.one_of(st.none(), st.integers(2, 40)),
        "likes": st.integers(0, 6),
        "bot_likes": st.integers(0, 3),
        "orders": st.lists(
            st.fixed_dictionaries(
                {
                    "paid_fen": st.one_of(st.none(), st.integers(0, 99_999)),
                    "refund_fen": st.lists(st.integers(0, 60_000), max_size=2),
                    "cancelled": st.booleans(),
                    "delivered_day": st.one_of(st.none(), st.integers(11, 20)),
                }
            ),
            max_size=3,
        ),
    }
)


def _june(day: int, hour: int = 12) -> str:
    return f"2026-06-{day:02d}T{hour:02d}:00:00+08:00" if day <= 30 else _july(day - 30, hour)


def _july(day: int, hour: int) -> str:
    return f"2026-07-{day:02d}T{hour:02d}:00:00+08:00"


def _build(wh: SettlementWarehouse, n: int, c: dict) -> None:
    co, creator, video = f"co{n}", f"c{n}", f"v{n}"
    mcn = "m1" if c["mcn_share_bps"] is not None else None
    wh.creator(creator, mcn_id=mcn, mcn_share_bps=c["mcn_share_bps"])
    wh.collaboration(
        co,
        c["model"],
        creator_id=creator,
        price_fen=c["price_fen"],
        cpe_rate_fen=c["rate_fen"],
        cap_fen=c["cap_fen"],
        commission_bps=c["commission_bps"],
        product_id=f"p{n}",
    )
    if c["publish_day"] is None:
        return
    wh.publish(f"pub{n}", _june(c["publish_day"], 8), video, co, creator_id=creator)
    if c["delete_day"] is not None:
        wh.video_event(f"del{n}", "delete", _june(c["delete_day"], 23), video, creator)
    day = c["publish_day"]
    wh.likes(video, [f"u{n}-{i}" for i in range(c["likes"])], _june(day, 9), f"l{n}-")
    bots = [f"b{n}-{i}" for i in range(c["bot_likes"])]
    wh.likes(video, bots, _june(day, 10), f"b{n}-")
    for bot in bots:
        wh.bot_day(bot, f"2026-06-{day:02d}")
    for i, order in enumerate(c["orders"]):
        oid, buyer = f"o{n}-{i}", f"buyer{n}-{i}"
        wh.engagement(f"k{oid}", "product_click", _june(day, 11), video, buyer, f"p{n}")
        wh.order_event(f"{oid}a", "placed", _june(day, 12), oid, buyer, f"p{n}", 1)
        if order["paid_fen"] is not None:
            wh.order_event(
                f"{oid}b", "paid", _june(day, 13), oid, buyer, f"p{n}", order["paid_fen"]
            )
        for j, refund in enumerate(order["refund_fen"]):
            wh.order_event(f"{oid}r{j}", "refunded", _june(18 + j), oid, buyer, f"p{n}", refund)
        if order["cancelled"]:
            wh.order_event(f"{oid}c", "cancelled", _june(day, 14), oid, buyer, f"p{n}")
        if order["delivered_day"] is not None:
            wh.order_event(
                f"{oid}d", "delivered", _june(order["delivered_day"]), oid, buyer, f"p{n}"
            )


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(collaborations=st.lists(collaboration, min_size=1, max_size=5))
def test_money_identities_and_ledger_hold_on_random_collaborations(
    settlement_template: Path, collaborations: list[dict]
):
    with tempfile.TemporaryDirectory() as folder:
        wh = SettlementWarehouse(
            Path(folder) / "w.duckdb", Policy(fraud_min_invalid=2), template=settlement_template
        )
        try:
            for n, c in enumerate(collaborations):
                _build(wh, n, c)
            wh.settle(*AS_OF_DATES)
            rows = wh.conn.execute("select count(*) from marts.settlements").fetchone()[0]
            assert rows == len(collaborations) * len(AS_OF_DATES)
            assert checks.brand_charge_identity(wh.conn).sample == []
            assert checks.prepaid_identity(wh.conn).sample == []
            assert checks.ledger_sums(wh.conn).sample == []
            negative = wh.conn.execute(
                "select count(*) from marts.settlements where least(gross_fen, brand_fee_fen, "
                "platform_fee_fen, mcn_fen, creator_net_fen, prepaid_fen, escrow_fen, "
                "refund_fen, disbursed_fen) < 0"
            ).fetchone()[0]
            assert negative == 0
        finally:
            wh.close()

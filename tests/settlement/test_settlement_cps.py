"""CPS collaborations (domain.md 5.4, 5.5): gross, fees, disbursement, clawback, states."""

from __future__ import annotations

from starmap.settings import Policy

PLACED_TS = "2026-06-10T10:00:00+08:00"


def cps(wh, creator_id="c1"):
    wh.collaboration("co1", "cps", creator_id=creator_id, commission_bps=2000, product_id="p1")
    return wh.publish("pub", "2026-06-02T20:00:00+08:00", "v1", "co1", creator_id=creator_id)


def sale(wh, order_id, buyer, amount_fen=19_900, delivered_ts=None):
    wh.engagement(f"k-{order_id}", "product_click", "2026-06-09T10:00:00+08:00", "v1", buyer, "p1")
    wh.order_event(f"{order_id}a", "placed", PLACED_TS, order_id, buyer, amount_fen=amount_fen)
    wh.order_event(f"{order_id}b", "paid", PLACED_TS, order_id, buyer, amount_fen=amount_fen)
    if delivered_ts:
        wh.order_event(f"{order_id}d", "delivered", delivered_ts, order_id, buyer)
    return wh


def test_cps_gross_counts_paid_orders_and_attributed_orders_counts_every_state(wh):
    cps(wh)
    sale(wh, "o1", "u1")
    sale(wh, "o2", "u2")
    wh.order_event("o2c", "cancelled", "2026-06-10T11:00:00+08:00", "o2", "u2")
    wh.settle("2026-06-10")

    row = wh.settlement("2026-06-10", "co1")
    assert (row["state"], row["attributed_orders"], row["billable_engagements"]) == (
        "active",
        2,
        None,
    )
    assert (row["gross_fen"], row["platform_fee_fen"], row["creator_net_fen"]) == (
        3_980,
        398,
        3_582,
    )
    assert (row["brand_fee_fen"], row["prepaid_fen"], row["escrow_fen"], row["refund_fen"]) == (
        0,
        0,
        0,
        0,
    )


def test_cps_disburses_the_commission_of_settled_orders_only(wh):
    cps(wh)
    sale(wh, "o1", "u1", delivered_ts="2026-06-11T10:00:00+08:00")
    sale(wh, "o2", "u2")
    wh.settle("2026-06-18")
    row = wh.settlement("2026-06-18", "co1")
    assert (row["gross_fen"], row["disbursed_fen"]) == (7_960, 3_980)


def test_refund_after_settlement_claws_back_the_commission(wh):
    cps(wh)
    sale(wh, "o1", "u1", amount_fen=39_800, delivered_ts="2026-06-11T10:00:00+08:00")
    # half refunded, stamped 06-20 but delivered on 06-21
    wh.order_event(
        "o1r",
        "refunded",
        "2026-06-20T22:00:00+08:00",
        "o1",
        "u1",
        amount_fen=19_900,
        delivered="2026-06-21",
    )
    wh.settle("2026-06-20", "2026-06-21")

    before = wh.settlement("2026-06-20", "co1")
    assert (before["disbursed_fen"], before["gross_fen"]) == (7_960, 7_960)
    after = wh.settlement("2026-06-21", "co1")
    assert (after["disbursed_fen"], after["gross_fen"], after["platform_fee_fen"]) == (
        3_980,
        3_980,
        398,
    )
    assert wh.order("2026-06-21", "o1")["order_state"] == "settled"
    clawback = wh.conn.execute(
        "select delta_fen from marts.settlement_ledger "
        "where as_of = date '2026-06-21' and account = 'disbursed_fen'"
    ).fetchall()
    assert clawback == [(-3_980,)]


def test_mcn_share_is_taken_after_the_platform_fee(wh):
    wh.creator("c2", mcn_id="m1", mcn_share_bps=3000)
    cps(wh, creator_id="c2")
    sale(wh, "o1", "u1")
    wh.settle("2026-06-10")
    # commission 3980, platform fee 398, MCN 30% of 3582 = 1074.6 -> 1075
    row = wh.settlement("2026-06-10", "co1")
    assert (row["mcn_fen"], row["creator_net_fen"]) == (1_075, 2_507)


def test_cps_removed_early_keeps_its_commission(wh):
    cps(wh)
    sale(wh, "o1", "u1")
    wh.video_event("x", "delete", "2026-06-12T10:00:00+08:00", "v1").settle("2026-06-12")
    row = wh.settlement("2026-06-12", "co1")
    assert (row["state"], row["gross_fen"]) == ("removed_early", 3_980)


def test_cps_fraud_keeps_its_orders_attributed_with_zero_commission(make_wh):
    wh = make_wh(Policy(fraud_min_invalid=2))
    cps(wh)
    sale(wh, "o1", "u1")
    wh.likes("v1", ["b1", "b2"], "2026-06-03T10:00:00+08:00", "b")
    wh.bot_day("b1", "2026-06-03").bot_day("b2", "2026-06-03")
    wh.settle("2026-06-10")

    order = wh.order("2026-06-10", "o1")
    assert (order["collaboration_id"], order["commission_fen"], order["base_fen"]) == (
        "co1",
        0,
        19_900,
    )
    row = wh.settlement("2026-06-10", "co1")
    assert (row["state"], row["attributed_orders"], row["gross_fen"]) == ("fraud", 1, 0)

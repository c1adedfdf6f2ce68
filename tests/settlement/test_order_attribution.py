"""Attribution of every order and its state (domain.md 5.4)."""

from __future__ import annotations

PLACED_TS = "2026-06-10T10:00:00+08:00"


def cps(wh, collaboration_id="co1", video_id="v1", creator_id="c1", product_id="p1"):
    wh.collaboration(
        collaboration_id, "cps", creator_id=creator_id, commission_bps=2000, product_id=product_id
    )
    return wh.publish(
        f"pub-{video_id}", "2026-06-02T20:00:00+08:00", video_id, collaboration_id, creator_id
    )


def click(wh, event_id, ts, video_id="v1", buyer="u1", product_id="p1"):
    return wh.engagement(event_id, "product_click", ts, video_id, buyer, product_id=product_id)


def placed_and_paid(wh, order_id="o1", amount_fen=19_900, ts=PLACED_TS, buyer="u1"):
    wh.order_event(f"{order_id}a", "placed", ts, order_id, buyer, amount_fen=amount_fen)
    return wh.order_event(f"{order_id}b", "paid", ts, order_id, buyer, amount_fen=amount_fen)


def test_last_click_wins_across_creators(wh):
    wh.creator("c2")
    cps(wh, "co1", "v1", "c1")
    cps(wh, "co2", "v2", "c2")
    click(wh, "k1", "2026-06-08T10:00:00+08:00", "v1")
    click(wh, "k2", "2026-06-09T10:00:00+08:00", "v2")
    placed_and_paid(wh).settle("2026-06-10")

    order = wh.order("2026-06-10", "o1")
    assert (order["click_event_id"], order["video_id"], order["collaboration_id"]) == (
        "k2",
        "v2",
        "co2",
    )
    assert (order["base_fen"], order["commission_fen"], order["platform_fee_fen"]) == (
        19_900,
        3_980,
        398,
    )


def test_click_exactly_seven_days_before_is_attributed(wh):
    cps(wh)
    click(wh, "k1", "2026-06-03T10:00:00+08:00")
    placed_and_paid(wh).settle("2026-06-10")
    assert wh.order("2026-06-10", "o1")["click_event_id"] == "k1"


def test_click_more_than_seven_days_before_is_organic(wh):
    cps(wh)
    click(wh, "k1", "2026-06-03T09:59:59+08:00")
    placed_and_paid(wh).settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["click_event_id"], order["video_id"], order["commission_fen"]) == (None, None, 0)


def test_click_after_placing_is_not_attributed_but_one_at_the_same_instant_is(wh):
    cps(wh)
    click(wh, "same", PLACED_TS)
    click(wh, "after", "2026-06-10T10:00:01+08:00")
    placed_and_paid(wh).settle("2026-06-10")
    assert wh.order("2026-06-10", "o1")["click_event_id"] == "same"


def test_timestamp_tie_goes_to_the_larger_event_id_as_a_string(wh):
    cps(wh)
    # as strings "e9" > "e10" (as numbers it would be the other way round)
    click(wh, "e10", "2026-06-09T10:00:00+08:00")
    click(wh, "e9", "2026-06-09T10:00:00+08:00")
    placed_and_paid(wh).settle("2026-06-10")
    assert wh.order("2026-06-10", "o1")["click_event_id"] == "e9"


def test_click_must_be_by_the_buyer_on_the_ordered_product(wh):
    cps(wh)
    click(wh, "other-buyer", "2026-06-09T10:00:00+08:00", buyer="u2")
    click(wh, "other-product", "2026-06-09T11:00:00+08:00", product_id="p2")
    placed_and_paid(wh).settle("2026-06-10")
    assert wh.order("2026-06-10", "o1")["click_event_id"] is None


def test_invalid_click_is_not_attributed(wh):
    cps(wh)
    click(wh, "valid", "2026-06-08T10:00:00+08:00")
    click(wh, "bot", "2026-06-09T10:00:00+08:00")
    wh.bot_day("u1", "2026-06-09")
    placed_and_paid(wh).settle("2026-06-10")
    assert wh.order("2026-06-10", "o1")["click_event_id"] == "valid"


def test_click_on_a_video_of_another_product_or_pricing_model_earns_no_commission(wh):
    cps(wh, product_id="p2")  # v1 sells p2
    wh.collaboration("co9", "flat_fee", price_fen=100)
    wh.publish("pub-v9", "2026-06-02T20:00:00+08:00", "v9", "co9")
    click(wh, "k1", "2026-06-09T10:00:00+08:00", "v1")
    placed_and_paid(wh).settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["video_id"], order["collaboration_id"], order["commission_fen"]) == (
        "v1",
        None,
        0,
    )
    click(wh, "k2", "2026-06-09T11:00:00+08:00", "v9").settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["video_id"], order["collaboration_id"]) == ("v9", None)


def test_commission_rounds_half_up_per_order(wh):
    cps(wh)  # 2000 bps: 19 x 20% = 3.8 -> 4; 4 x 10% = 0.4 -> 0.  And 25 -> 5 -> 0.5 -> 1
    click(wh, "k1", "2026-06-09T10:00:00+08:00")
    placed_and_paid(wh, "o1", amount_fen=19)
    click(wh, "k2", "2026-06-09T10:00:00+08:00", buyer="u2")
    placed_and_paid(wh, "o2", amount_fen=25, buyer="u2")
    wh.settle("2026-06-10")
    o1, o2 = wh.order("2026-06-10", "o1"), wh.order("2026-06-10", "o2")
    assert (o1["commission_fen"], o1["platform_fee_fen"]) == (4, 0)
    assert (o2["commission_fen"], o2["platform_fee_fen"]) == (5, 1)


def test_order_never_paid_and_cancelled_is_cancelled(wh):
    wh.order_event("a", "placed", PLACED_TS, "o1", amount_fen=100)
    wh.order_event("b", "cancelled", "2026-06-10T11:00:00+08:00", "o1").settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["order_state"], order["base_fen"]) == ("cancelled", 0)


def test_order_never_paid_is_unpaid_even_with_a_refund(wh):
    wh.order_event("a", "placed", PLACED_TS, "o1", amount_fen=100)
    wh.order_event("b", "refunded", "2026-06-10T11:00:00+08:00", "o1", amount_fen=100)
    wh.settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["order_state"], order["base_fen"], order["refunded_fen"]) == ("unpaid", 0, 100)


def test_order_refunded_in_full_is_refunded(wh):
    placed_and_paid(wh, amount_fen=100)
    wh.order_event("r1", "refunded", "2026-06-10T11:00:00+08:00", "o1", amount_fen=60)
    wh.order_event("r2", "refunded", "2026-06-10T12:00:00+08:00", "o1", amount_fen=60)
    wh.settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    # refunds above the paid amount: base never below 0
    assert (order["order_state"], order["base_fen"], order["refunded_fen"]) == ("refunded", 0, 120)


def test_order_paid_then_cancelled_without_refund_is_cancelled_with_base_zero(wh):
    placed_and_paid(wh, amount_fen=100)
    wh.order_event("c", "cancelled", "2026-06-10T11:00:00+08:00", "o1").settle("2026-06-10")
    order = wh.order("2026-06-10", "o1")
    assert (order["order_state"], order["paid_fen"], order["base_fen"]) == ("cancelled", 100, 0)


def test_order_is_settled_seven_days_after_first_delivery(wh):
    placed_and_paid(wh, amount_fen=100)
    wh.order_event("d1", "delivered", "2026-06-12T10:00:00+08:00", "o1")
    wh.order_event("d2", "delivered", "2026-06-13T10:00:00+08:00", "o1")
    wh.settle("2026-06-11", "2026-06-12", "2026-06-18", "2026-06-19")
    states = [wh.order(day, "o1")["order_state"] for day in ("2026-06-11", "2026-06-12")]
    assert states == ["paid", "delivered"]
    assert wh.order("2026-06-18", "o1")["order_state"] == "delivered"
    assert wh.order("2026-06-19", "o1")["order_state"] == "settled"


def test_delivered_without_payment_is_unpaid(wh):
    wh.order_event("a", "placed", PLACED_TS, "o1", amount_fen=100)
    wh.order_event("d", "delivered", "2026-06-10T11:00:00+08:00", "o1").settle("2026-06-20")
    assert wh.order("2026-06-20", "o1")["order_state"] == "unpaid"


def test_order_appears_once_its_placed_event_is_visible(wh):
    wh.order_event("a", "placed", PLACED_TS, "o1", amount_fen=100, delivered="2026-06-11")
    wh.settle("2026-06-10", "2026-06-11")
    rows = wh.conn.execute("select as_of from marts.order_attribution").fetchall()
    assert [r[0].isoformat() for r in rows] == ["2026-06-11"]

"""Flat fee (一口价) states, amounts and precedence (domain.md 5.1, 5.2, 5.5)."""

from __future__ import annotations

from starmap.settings import Policy
from tests.settlement.settlement_builder import SettlementWarehouse

PRICE_FEN = 100_000
PREPAID_FEN = 105_000  # price + 500 bps brand fee


def flat_fee(wh: SettlementWarehouse, **kwargs) -> SettlementWarehouse:
    return wh.collaboration("co1", "flat_fee", price_fen=PRICE_FEN, **kwargs)


def test_booked_until_the_deadline_then_expired_with_everything_refunded(wh):
    flat_fee(wh, publish_deadline="2026-06-10").settle("2026-06-10", "2026-06-11")

    on_deadline = wh.settlement("2026-06-10", "co1")
    assert on_deadline["state"] == "booked"
    assert (on_deadline["gross_fen"], on_deadline["escrow_fen"], on_deadline["refund_fen"]) == (
        0,
        PREPAID_FEN,
        0,
    )
    after = wh.settlement("2026-06-11", "co1")
    assert after["state"] == "expired"
    assert (after["gross_fen"], after["escrow_fen"], after["refund_fen"]) == (0, 0, PREPAID_FEN)


def test_in_escrow_before_the_release_date_and_released_on_it(wh):
    # published 06-02: release date 06-02 + 60 = 08-01
    flat_fee(wh).publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.settle("2026-07-31", "2026-08-01")

    held = wh.settlement("2026-07-31", "co1")
    assert held["state"] == "in_escrow"
    assert held["release_date"].isoformat() == "2026-08-01"
    assert (held["gross_fen"], held["escrow_fen"], held["disbursed_fen"]) == (
        PRICE_FEN,
        PREPAID_FEN,
        0,
    )
    released = wh.settlement("2026-08-01", "co1")
    assert released["state"] == "released"
    assert (released["escrow_fen"], released["disbursed_fen"], released["refund_fen"]) == (
        0,
        PREPAID_FEN,
        0,
    )


def test_publish_date_is_the_business_date_in_shanghai(wh):
    # 2026-06-01T16:30Z is 06-02 00:30 in Shanghai
    flat_fee(wh).publish("p1", "2026-06-01T16:30:00Z", "v1", "co1").settle("2026-06-02")
    assert wh.settlement("2026-06-02", "co1")["publish_date"].isoformat() == "2026-06-02"


def test_delete_before_release_date_is_removed_early_with_everything_refunded(wh):
    flat_fee(wh).publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.video_event("x1", "delete", "2026-06-20T08:00:00+08:00", "v1")
    wh.settle("2026-06-19", "2026-06-20")

    assert wh.settlement("2026-06-19", "co1")["state"] == "in_escrow"
    row = wh.settlement("2026-06-20", "co1")
    assert row["state"] == "removed_early"
    assert row["retention_broken_date"].isoformat() == "2026-06-20"
    assert (row["gross_fen"], row["brand_charge_fen"], row["refund_fen"], row["escrow_fen"]) == (
        0,
        0,
        PREPAID_FEN,
        0,
    )


def test_hide_breaks_retention_even_when_restored(wh):
    flat_fee(wh).publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.video_event("h1", "hide", "2026-06-10T08:00:00+08:00", "v1")
    wh.video_event("r1", "restore", "2026-06-10T09:00:00+08:00", "v1")
    wh.settle("2026-08-05")

    row = wh.settlement("2026-08-05", "co1")
    assert row["state"] == "removed_early"
    assert row["retention_broken_date"].isoformat() == "2026-06-10"


def test_delete_on_the_release_date_does_not_break_retention(wh):
    flat_fee(wh).publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.video_event("x1", "delete", "2026-08-01T08:00:00+08:00", "v1")
    wh.settle("2026-08-01")

    row = wh.settlement("2026-08-01", "co1")
    assert row["state"] == "released"
    assert row["retention_broken_date"] is None


def test_fraud_takes_precedence_over_removed_early(make_wh):
    wh = make_wh(Policy(fraud_min_invalid=2))
    flat_fee(wh).publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.likes("v1", ["u1", "u2"], "2026-06-03T10:00:00+08:00", "l")
    wh.bot_day("u1", "2026-06-03").bot_day("u2", "2026-06-03")
    wh.video_event("x1", "delete", "2026-06-05T08:00:00+08:00", "v1")
    wh.settle("2026-06-06")

    row = wh.settlement("2026-06-06", "co1")
    assert row["state"] == "fraud"
    assert row["fraud_date"].isoformat() == "2026-06-03"
    assert row["retention_broken_date"].isoformat() == "2026-06-05"
    assert (row["gross_fen"], row["refund_fen"]) == (0, PREPAID_FEN)


def test_only_a_publish_after_booking_and_by_the_deadline_is_the_collaboration_video(wh):
    flat_fee(wh, booked_at="2026-06-01T10:00:00+08:00", publish_deadline="2026-06-10")
    wh.publish("early", "2026-06-01T09:59:59+08:00", "v0", "co1")  # before booked_at
    wh.publish("late", "2026-06-11T09:00:00+08:00", "v2", "co1")  # after the deadline
    wh.settle("2026-06-12")
    assert wh.settlement("2026-06-12", "co1")["state"] == "expired"

    wh.publish("ok", "2026-06-05T09:00:00+08:00", "v1", "co1").settle("2026-06-12")
    row = wh.settlement("2026-06-12", "co1")
    assert (row["state"], row["video_id"]) == ("in_escrow", "v1")


def test_brand_fee_and_mcn_share_round_half_up(wh):
    # price 30 fen: brand fee 30 x 5% = 1.5 -> 2; MCN 25% of 30 = 7.5 -> 8
    wh.creator("c2", mcn_id="m1", mcn_share_bps=2500)
    wh.collaboration("co1", "flat_fee", creator_id="c2", price_fen=30)
    wh.publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1", creator_id="c2")
    wh.settle("2026-06-03")

    row = wh.settlement("2026-06-03", "co1")
    assert (row["gross_fen"], row["brand_fee_fen"], row["mcn_fen"], row["creator_net_fen"]) == (
        30,
        2,
        8,
        22,
    )
    assert (row["brand_charge_fen"], row["prepaid_fen"]) == (32, 32)


def test_mcn_gets_its_share_of_gross_and_the_creator_the_rest(wh):
    wh.creator("c2", mcn_id="m1", mcn_share_bps=3000)
    wh.collaboration("co1", "flat_fee", creator_id="c2", price_fen=500_000)
    wh.publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1", creator_id="c2")
    wh.settle("2026-06-03")

    row = wh.settlement("2026-06-03", "co1")
    assert (row["mcn_fen"], row["creator_net_fen"], row["platform_fee_fen"]) == (
        150_000,
        350_000,
        0,
    )

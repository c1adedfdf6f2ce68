"""CPE billing (domain.md 5.3): billable engagements, window, validity, cap, refunds."""

from __future__ import annotations

from starmap.settings import Policy

PUBLISH_TS = "2026-06-02T20:00:00+08:00"  # billing window [06-02, 07-02)


def cpe(wh, rate_fen=50, cap_fen=500):
    wh.collaboration("co1", "cpe", cpe_rate_fen=rate_fen, cap_fen=cap_fen)
    return wh.publish("p1", PUBLISH_TS, "v1", "co1")


def test_billable_engagements_count_once_per_viewer_video_and_type(wh):
    cpe(wh)
    wh.engagement("a", "like", "2026-06-03T10:00:00+08:00", "v1", "u1")
    wh.engagement("b", "like", "2026-06-04T10:00:00+08:00", "v1", "u1")  # same viewer, type
    wh.engagement("c", "comment", "2026-06-04T11:00:00+08:00", "v1", "u1")  # other type
    wh.engagement("d", "share", "2026-06-04T12:00:00+08:00", "v1", "u2")
    wh.engagement("e", "play", "2026-06-04T12:00:00+08:00", "v1", "u3")  # not billable
    wh.settle("2026-06-05")

    row = wh.settlement("2026-06-05", "co1")
    assert row["billable_engagements"] == 3
    assert row["gross_fen"] == 150


def test_billing_window_starts_on_publish_date_and_ends_before_day_30(wh):
    cpe(wh)
    wh.engagement("first", "like", "2026-06-02T21:00:00+08:00", "v1", "u1")  # publish date
    wh.engagement("last", "like", "2026-07-01T23:59:59+08:00", "v1", "u2")  # day 29
    wh.engagement("out", "like", "2026-07-02T00:00:00+08:00", "v1", "u3")  # day 30
    wh.settle("2026-07-05")

    assert wh.settlement("2026-07-05", "co1")["billable_engagements"] == 2


def test_invalid_engagements_are_not_billable(wh):
    cpe(wh)
    wh.engagement("ok", "like", "2026-06-03T10:00:00+08:00", "v1", "u1")
    wh.engagement("bot", "like", "2026-06-03T10:00:00+08:00", "v1", "u2")
    wh.bot_day("u2", "2026-06-03")
    wh.engagement("early", "like", "2026-06-02T19:00:00+08:00", "v1", "u3")  # before publish
    wh.video_event("h", "hide", "2026-06-04T08:00:00+08:00", "v1")
    wh.engagement("down", "like", "2026-06-04T09:00:00+08:00", "v1", "u4")  # while hidden
    wh.settle("2026-06-04")

    assert wh.settlement("2026-06-04", "co1")["billable_engagements"] == 1


def test_gross_is_capped_and_release_refunds_the_unspent_cap_and_its_fee(wh):
    # 12 engagements x 50 = 600 > cap 500; prepaid 500 + 25; brand charge 500 + 25
    cpe(wh, rate_fen=50, cap_fen=500)
    wh.likes("v1", [f"u{n}" for n in range(12)], "2026-06-03T10:00:00+08:00", "l")
    wh.settle("2026-08-01")
    capped = wh.settlement("2026-08-01", "co1")
    assert (capped["state"], capped["gross_fen"], capped["refund_fen"]) == ("released", 500, 0)


def test_release_refunds_prepaid_minus_brand_charge(wh):
    # 8 x 50 = 400, fee 20, prepaid 525: the brand gets 105 back, 420 is paid out
    cpe(wh, rate_fen=50, cap_fen=500)
    wh.likes("v1", [f"u{n}" for n in range(8)], "2026-06-03T10:00:00+08:00", "l")
    wh.settle("2026-07-31", "2026-08-01")

    held = wh.settlement("2026-07-31", "co1")
    assert (held["state"], held["escrow_fen"], held["refund_fen"]) == ("in_escrow", 525, 0)
    row = wh.settlement("2026-08-01", "co1")
    assert (row["brand_charge_fen"], row["disbursed_fen"], row["refund_fen"]) == (420, 420, 105)
    assert row["escrow_fen"] == 0


def test_billable_engagements_are_reported_in_every_state(make_wh):
    wh = make_wh(Policy(fraud_min_invalid=1))
    cpe(wh)
    wh.collaboration("co2", "cpe", cpe_rate_fen=50, cap_fen=500)  # never published
    wh.engagement("ok", "like", "2026-06-03T10:00:00+08:00", "v1", "u1")
    wh.engagement("bot", "like", "2026-06-03T10:00:00+08:00", "v1", "u2")
    wh.bot_day("u2", "2026-06-03")
    wh.settle("2026-06-11")

    fraud = wh.settlement("2026-06-11", "co1")
    assert (fraud["state"], fraud["billable_engagements"], fraud["gross_fen"]) == ("fraud", 1, 0)
    expired = wh.settlement("2026-06-11", "co2")
    assert (expired["state"], expired["billable_engagements"]) == ("expired", 0)


def test_late_delivered_engagement_counts_from_its_delivery_date(wh):
    cpe(wh)
    wh.engagement("late", "like", "2026-06-03T10:00:00+08:00", "v1", "u1", delivered="2026-06-05")
    wh.settle("2026-06-04", "2026-06-05")

    assert wh.settlement("2026-06-04", "co1")["billable_engagements"] == 0
    assert wh.settlement("2026-06-05", "co1")["billable_engagements"] == 1

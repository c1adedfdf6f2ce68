"""Fraudulent collaboration video (domain.md 4): thresholds, window, first date, stickiness."""

from __future__ import annotations

from starmap.settings import Policy

PUBLISH_TS = "2026-06-02T20:00:00+08:00"  # billing window [06-02, 07-02)


def published(make_wh, fraud_min_invalid=2, fraud_share=0.2):
    wh = make_wh(Policy(fraud_min_invalid=fraud_min_invalid, fraud_share=fraud_share))
    wh.collaboration("co1", "cpe", cpe_rate_fen=10, cap_fen=10_000)
    return wh.publish("p1", PUBLISH_TS, "v1", "co1")


def test_fraud_needs_the_minimum_number_of_invalid_events(make_wh):
    wh = published(make_wh, fraud_min_invalid=3)
    wh.likes("v1", ["b1", "b2"], "2026-06-03T10:00:00+08:00", "b")
    wh.bot_day("b1", "2026-06-03").bot_day("b2", "2026-06-03")
    wh.settle("2026-06-04")
    assert wh.settlement("2026-06-04", "co1")["state"] == "in_escrow"


def test_fraud_needs_invalid_strictly_above_the_share_of_total(make_wh):
    # 3 invalid of 15 is exactly 20%: not fraud; 3 of 14 is above 20%: fraud
    wh = published(make_wh, fraud_min_invalid=3)
    wh.likes("v1", ["b1", "b2", "b3"], "2026-06-03T10:00:00+08:00", "b")
    for viewer in ("b1", "b2", "b3"):
        wh.bot_day(viewer, "2026-06-03")
    wh.likes("v1", [f"u{n}" for n in range(12)], "2026-06-03T11:00:00+08:00", "u")
    wh.settle("2026-06-04")
    assert wh.settlement("2026-06-04", "co1")["fraud_date"] is None

    wh2 = published(make_wh, fraud_min_invalid=3)
    wh2.likes("v1", ["b1", "b2", "b3"], "2026-06-03T10:00:00+08:00", "b")
    for viewer in ("b1", "b2", "b3"):
        wh2.bot_day(viewer, "2026-06-03")
    wh2.likes("v1", [f"u{n}" for n in range(11)], "2026-06-03T11:00:00+08:00", "u")
    wh2.settle("2026-06-04")
    assert wh2.settlement("2026-06-04", "co1")["fraud_date"].isoformat() == "2026-06-03"


def test_fraud_date_is_the_first_date_the_viewer_days_were_bots(make_wh):
    # the bot status of the 06-03 viewer-days is only known from 06-05
    wh = published(make_wh)
    wh.likes("v1", ["b1", "b2"], "2026-06-03T10:00:00+08:00", "b")
    wh.bot_day("b1", "2026-06-03", "2026-06-05").bot_day("b2", "2026-06-03", "2026-06-05")
    wh.settle("2026-06-04", "2026-06-05", "2026-06-06")

    assert wh.settlement("2026-06-04", "co1")["state"] == "in_escrow"
    assert wh.settlement("2026-06-05", "co1")["fraud_date"].isoformat() == "2026-06-05"
    assert wh.settlement("2026-06-06", "co1")["fraud_date"].isoformat() == "2026-06-05"


def test_fraud_is_sticky_when_later_deliveries_dilute_the_share(make_wh):
    wh = published(make_wh)
    wh.likes("v1", ["b1", "b2"], "2026-06-03T10:00:00+08:00", "b")
    wh.bot_day("b1", "2026-06-03").bot_day("b2", "2026-06-03")
    # 20 valid likes stamped 06-03 but delivered on 06-06: 2 of 22 is under 20%
    wh.likes("v1", [f"u{n}" for n in range(20)], "2026-06-03T11:00:00+08:00", "u", "2026-06-06")
    wh.settle("2026-06-03", "2026-06-06")

    assert wh.settlement("2026-06-03", "co1")["state"] == "fraud"
    late = wh.settlement("2026-06-06", "co1")
    assert (late["state"], late["fraud_date"].isoformat()) == ("fraud", "2026-06-03")


def test_fraud_counts_only_events_in_the_billing_window(make_wh):
    wh = published(make_wh)
    wh.likes("v1", ["b1", "b2"], "2026-07-02T10:00:00+08:00", "b")  # day 30: outside
    wh.bot_day("b1", "2026-07-02").bot_day("b2", "2026-07-02")
    wh.settle("2026-07-03")
    assert wh.settlement("2026-07-03", "co1")["fraud_date"] is None


def test_fraud_counts_comments_and_shares_but_not_plays(make_wh):
    wh = published(make_wh)
    wh.engagement("c", "comment", "2026-06-03T10:00:00+08:00", "v1", "b1")
    wh.engagement("s", "share", "2026-06-03T10:00:00+08:00", "v1", "b2")
    wh.engagement("p", "play", "2026-06-03T10:00:00+08:00", "v1", "b3")
    for viewer in ("b1", "b2", "b3"):
        wh.bot_day(viewer, "2026-06-03")
    wh.settle("2026-06-03")
    fraud = wh.conn.execute(
        "select engagements_total, engagements_bot_invalid from marts.collaboration_fraud"
    ).fetchall()
    assert fraud == [(2, 2)]
    assert wh.settlement("2026-06-03", "co1")["state"] == "fraud"

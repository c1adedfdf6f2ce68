"""The daily ledger (domain.md 5.5) and the creator eligibility flag at booking (5.1)."""

from __future__ import annotations

from pipelines.settlement import checks


def test_ledger_records_only_the_amounts_that_moved_since_the_previous_snapshot(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000)
    wh.publish("p1", "2026-06-03T20:00:00+08:00", "v1", "co1")
    wh.settle("2026-06-02", "2026-06-03", "2026-06-05")

    rows = wh.conn.execute(
        "select as_of, account, delta_fen from marts.settlement_ledger order by all"
    ).fetchall()
    moves = {(a.isoformat(), account): delta for a, account, delta in rows}
    assert moves == {
        ("2026-06-02", "prepaid_fen"): 105_000,
        ("2026-06-02", "escrow_fen"): 105_000,
        ("2026-06-03", "gross_fen"): 100_000,
        ("2026-06-03", "brand_fee_fen"): 5_000,
        ("2026-06-03", "creator_net_fen"): 100_000,
        ("2026-06-03", "brand_charge_fen"): 105_000,
    }


def test_ledger_summed_up_to_each_date_equals_every_snapshot(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000)
    wh.publish("p1", "2026-06-03T20:00:00+08:00", "v1", "co1")
    wh.video_event("x", "delete", "2026-06-06T20:00:00+08:00", "v1")
    wh.settle_days("2026-06-01", "2026-06-08")
    assert checks.ledger_sums(wh.conn).passed


def test_ledger_check_catches_a_snapshot_that_does_not_match(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000).settle("2026-06-02")
    wh.conn.execute("update marts.settlements set escrow_fen = escrow_fen + 1")
    found = checks.ledger_sums(wh.conn)
    assert found.count == 1
    assert found.sample[0][2] == "escrow_fen"


def test_identity_checks_catch_broken_rows(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000).settle("2026-06-02")
    assert checks.brand_charge_identity(wh.conn).passed and checks.prepaid_identity(wh.conn).passed
    wh.conn.execute("update marts.settlements set mcn_fen = 1, refund_fen = 1")
    assert checks.brand_charge_identity(wh.conn).count == 1
    assert checks.prepaid_identity(wh.conn).count == 1


def test_creator_not_eligible_at_booking_is_flagged_and_still_settled(wh):
    wh.creator("unverified", identity_verified=False)
    wh.creator("small", followers=99_999)  # douyin needs 100,000
    wh.creator("xigua", platform="xigua", followers=50_000)  # xigua needs 50,000
    for creator in ("unverified", "small", "xigua", "c1"):
        wh.collaboration(f"co-{creator}", "flat_fee", creator_id=creator, price_fen=100)
    wh.settle("2026-06-02")

    flags = {
        creator: wh.settlement("2026-06-02", f"co-{creator}")["creator_ineligible_at_booking"]
        for creator in ("unverified", "small", "xigua", "c1")
    }
    assert flags == {"unverified": True, "small": True, "xigua": False, "c1": False}
    assert wh.settlement("2026-06-02", "co-small")["escrow_fen"] == 105


def test_creator_with_fraud_before_booking_is_not_eligible_but_one_after_is(make_wh):
    from starmap.settings import Policy

    wh = make_wh(Policy(fraud_min_invalid=2))
    wh.collaboration("co1", "cpe", cpe_rate_fen=1, cap_fen=100)
    wh.publish("p1", "2026-06-02T20:00:00+08:00", "v1", "co1")
    wh.likes("v1", ["b1", "b2"], "2026-06-03T10:00:00+08:00", "b")
    wh.bot_day("b1", "2026-06-03").bot_day("b2", "2026-06-03")
    wh.collaboration("before", "flat_fee", price_fen=100, booked_at="2026-06-02T10:00:00+08:00")
    wh.collaboration("after", "flat_fee", price_fen=100, booked_at="2026-06-03T10:00:00+08:00")
    wh.settle("2026-06-04")

    assert wh.settlement("2026-06-04", "before")["creator_ineligible_at_booking"] is False
    assert wh.settlement("2026-06-04", "after")["creator_ineligible_at_booking"] is True

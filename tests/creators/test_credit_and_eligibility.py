"""Credit score and eligibility to take orders (domain.md 6), at their edges."""

from datetime import date

import pytest

from pipelines.snapshots import make_relations
from starmap.models import registry, relations_for
from starmap.settings import Policy
from tests.creators.warehouse_rows import Rows, creator_tiers

D = "2026-06-30"


def test_credit_starts_at_credit_start_without_deductions(rows: Rows) -> None:
    rows.creator("c1")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["credit_score"] == 12
    assert tier["cooperation_index"] == 100.0


def test_fraud_collaboration_deducts_credit_fraud(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "fraud", fraud_date="2026-06-10")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["credit_score"] == 0
    assert tier["cooperation_index"] == 0.0
    assert tier["eligible"] is False


def test_removed_early_collaboration_deducts_credit_removed(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "removed_early", retention_broken_date="2026-06-20")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["credit_score"] == 10
    assert tier["cooperation_index"] == pytest.approx(100 * 10 / 12)


def test_other_settlement_states_deduct_nothing(rows: Rows) -> None:
    rows.creator("c1")
    for n, state in enumerate(["booked", "expired", "in_escrow", "released", "active"]):
        rows.settlement(D, f"co{n}", "c1", state)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12


def test_unreported_commercial_video_deducts_credit_unreported(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 9


def test_commercial_video_of_a_collaboration_is_reported(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-06-04 12:00", is_commercial=True, collaboration_id="co1")
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12


def test_non_commercial_video_without_collaboration_deducts_nothing(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-06-04 12:00", is_commercial=False)
    rows.publish("v2", "c1", "2026-06-04 13:00", is_commercial=None)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12


def test_unreported_video_published_twice_deducts_once(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)
    rows.publish("v9", "c1", "2026-06-05 12:00", is_commercial=True)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 9


def test_unreported_video_delivered_after_the_date_is_not_seen(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True, delivered="2026-07-01")
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12
    assert creator_tiers(rows.conn, "2026-07-01")["c1"]["credit_score"] == 9


def test_deductions_add_up(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "removed_early", retention_broken_date="2026-06-20")
    rows.settlement(D, "co2", "c1", "removed_early", retention_broken_date="2026-06-21")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12 - 2 - 2 - 3


def test_credit_never_below_zero(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "fraud", fraud_date="2026-06-10")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 0


def test_deduction_counts_on_day_d_minus_364(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v9", "c1", "2025-06-05 12:00", is_commercial=True)
    # 2026-06-04 - 364 days = 2025-06-05: still inside the window.
    assert creator_tiers(rows.conn, "2026-06-04")["c1"]["credit_score"] == 9


def test_deduction_leaves_the_window_on_day_d_minus_365(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v9", "c1", "2025-06-05 12:00", is_commercial=True)
    assert creator_tiers(rows.conn, "2026-06-05")["c1"]["credit_score"] == 12


def test_fraud_deduction_is_dated_by_its_fraud_date(rows: Rows) -> None:
    rows.creator("c1")
    as_of = "2027-06-01"
    # Fraud dated 2026-06-01 is 365 days before 2027-06-01: out of the window.
    rows.settlement(as_of, "co1", "c1", "fraud", fraud_date="2026-06-01")
    assert creator_tiers(rows.conn, as_of)["c1"]["credit_score"] == 12


def test_credit_reads_the_settlements_of_the_same_date_only(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement("2026-07-01", "co1", "c1", "fraud", fraud_date="2026-06-10")
    # The later snapshot says fraud since 06-10; the snapshot of D has no such row.
    assert creator_tiers(rows.conn, D)["c1"]["credit_score"] == 12


def test_eligibility_follower_threshold_per_platform(rows: Rows) -> None:
    cases = {
        ("douyin", 99_999): False,
        ("douyin", 100_000): True,
        ("xigua", 49_999): False,
        ("xigua", 50_000): True,
        ("huoshan", 49_999): False,
        ("huoshan", 50_000): True,
    }
    for platform, followers in cases:
        rows.creator(f"{platform}{followers}", platform=platform, followers=followers)
    tiers = creator_tiers(rows.conn, D)
    actual = {(t["platform"], t["followers"]): t["eligible"] for t in tiers.values()}
    assert actual == cases


def test_unverified_creator_is_not_eligible(rows: Rows) -> None:
    rows.creator("c1", followers=5_000_000, identity_verified=False)
    assert creator_tiers(rows.conn, D)["c1"]["eligible"] is False


def test_creator_with_credit_left_is_eligible(rows: Rows) -> None:
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "removed_early", retention_broken_date="2026-06-20")
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)
    rows.publish("v8", "c1", "2026-06-05 12:00", is_commercial=True)
    rows.publish("v7", "c1", "2026-06-06 12:00", is_commercial=True)
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["credit_score"] == 1
    assert tier["eligible"] is True


def test_eligibility_at_an_earlier_date_uses_deductions_dated_up_to_it(rows: Rows) -> None:
    """The settlement team's use: eligibility of any (creator, date) from one as-of date."""
    rows.creator("c1")
    rows.settlement(D, "co1", "c1", "fraud", fraud_date="2026-06-10")
    params = {**Policy().sql_params(), "as_of": date.fromisoformat(D)}
    rows.conn.execute(
        """
        create temp table eligibility_requests as
        select 'c1' as creator_id, date '2026-06-09' as at_date
        union all select 'c1', date '2026-06-10'
        """
    )
    # The rule's relations as the runner makes them, asked about these pairs instead.
    eligibility = registry()["creator_eligibility"]
    needed = [r for r in relations_for(eligibility) if r.name != "eligibility_requests"]
    make_relations(rows.conn, [*needed, eligibility], params)
    result = dict(
        rows.conn.execute(
            "select at_date::varchar, eligible from creator_eligibility order by at_date"
        ).fetchall()
    )
    assert result == {"2026-06-09": True, "2026-06-10": False}

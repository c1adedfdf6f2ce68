"""The aggregated numbers behind the pages, derived by hand from the fixture warehouse
(see conftest.py for the rows)."""

from datetime import date

import pytest

from starmap.reports.queries import load_report_data, newest_as_of
from starmap.warehouse import connect
from tests.reports.reports_fixture import K4, NEWEST


@pytest.fixture(scope="module")
def data(report_warehouse):
    with connect(report_warehouse, read_only=True) as conn:
        return load_report_data(conn, NEWEST)


def _rows(frame, key: str) -> dict:
    return {row[key]: row for row in frame.to_dicts()}


def test_reports_show_the_newest_snapshot(report_warehouse):
    with connect(report_warehouse, read_only=True) as conn:
        assert newest_as_of(conn) == date(2026, 6, 30)


def test_the_funnel_is_the_purchase_path_and_engagements_stand_beside_it(data):
    stages = data.for_campaign("funnel_stages", "k1").to_dicts()
    # k1 as of 06-30 (fixture): 400 impressions, 120 plays, 12 clicks, 5 orders, 4 paid.
    # A click is not a subset of the likes, comments and shares: no engagement stage.
    assert [(r["stage"], r["reached"]) for r in stages] == [
        ("Impressions", 400),
        ("Plays", 120),
        ("Product clicks", 12),
        ("Orders", 5),
        ("Paid orders", 4),
    ]
    rates = [r["rate_from_previous"] for r in stages]
    assert rates[0] is None
    assert rates[1:] == pytest.approx([120 / 400, 12 / 120, 5 / 12, 4 / 5])
    beside = data.for_campaign("funnel_engagement", "k1").to_dicts()
    assert len(beside) == 1
    # 12 unique likes, comments and shares and 60 complete plays, of 120 plays.
    assert (beside[0]["engagements"], beside[0]["complete_plays"]) == (12, 60)
    assert beside[0]["engagement_rate"] == pytest.approx(0.1)
    assert beside[0]["completion_rate"] == pytest.approx(0.5)
    # A campaign without plays has no rates rather than a division by zero.
    k3 = data.for_campaign("funnel_engagement", "k3").to_dicts()
    assert all(r["engagement_rate"] is None for r in k3 if r["plays"] == 0)


def test_creator_net_gmv_counts_the_campaigns_orders_on_their_videos(data):
    k1 = _rows(data.for_campaign("creator_results", "k1"), "creator_id")
    # c1: o2 (v1, 199.00); o8 on v1 is the other brand's product; o5 is organic.
    assert k1["c1"]["net_gmv_fen"] == 19_900
    # c3: o1 + o3 (paid 398.00, refunded 199.00) + o7 on v3.
    assert k1["c3"]["net_gmv_fen"] == 19_900 * 3
    assert (k1["c3"]["orders"], k1["c3"]["paid_orders"]) == (3, 3)
    # c2: o4 was never paid.
    assert (k1["c2"]["orders"], k1["c2"]["paid_orders"], k1["c2"]["net_gmv_fen"]) == (1, 0, 0)
    # Together they are the campaign's net GMV in marts.campaign_funnel.
    assert sum(r["net_gmv_fen"] for r in k1.values()) == 79_600


def test_creator_cost_is_the_brand_charge_of_their_collaborations(data):
    k1 = _rows(data.for_campaign("creator_results", "k1"), "creator_id")
    assert {c: r["cost_fen"] for c, r in k1.items()} == {
        "c1": 525_000,  # flat fee 5,000.00 + 5% brand fee
        "c2": 315,  # 6 billable engagements x 0.50 + 5%
        "c3": 11_940,  # commissions of o1, o3, o7
        "c5": 0,  # expired
    }


def test_creator_roas_is_net_gmv_over_cost_and_missing_without_cost(data):
    k1 = _rows(data.for_campaign("creator_results", "k1"), "creator_id")
    assert k1["c3"]["roas"] == pytest.approx(59_700 / 11_940)
    assert k1["c5"]["roas"] is None


def test_creator_names_come_from_staging_creators(data):
    names = set(data.creator_results["creator_name"].to_list())
    assert {"小美的化妆间", "大刘测评", "西瓜姐", "新人小王", "Lily的日常"} == names


def test_style_conversion_counts_valid_clicks_that_led_to_an_order(data):
    styles = _rows(data.for_campaign("style_conversion", "k1"), "creative_style")
    # review: 3 clicks on v2 + 5 on v3 (the bot's click is invalid); clicks of o1, o3 and
    # o4 led to orders (o7 reuses o3's click: still one click).
    assert (styles["review"]["product_clicks"], styles["review"]["clicks_with_order"]) == (8, 3)
    # tutorial: 5 valid clicks on v1 (the one before publish is invalid); o2's click
    # converted; o8's click bought the other brand's product.
    assert (styles["tutorial"]["product_clicks"], styles["tutorial"]["clicks_with_order"]) == (
        5,
        1,
    )
    assert styles["review"]["plays"] == 80
    # skit's only collaboration expired unpublished: no video, no style row.
    assert "skit" not in styles


def test_style_conversion_interval_is_the_95_percent_wilson_interval(data):
    review = _rows(data.for_campaign("style_conversion", "k1"), "creative_style")["review"]
    # Wilson score interval for 3 of 8 at z = 1.96: [0.13684, 0.69426].
    assert review["conversion_rate"] == pytest.approx(0.375)
    assert review["conversion_low"] == pytest.approx(0.13684, abs=1e-5)
    assert review["conversion_high"] == pytest.approx(0.69426, abs=1e-5)


def test_style_interval_without_conversions_starts_at_zero(data):
    tutorial = _rows(data.for_campaign("style_conversion", "k2"), "creative_style")["tutorial"]
    # 0 of 3: the Wilson upper bound is z^2 / (n + z^2) = 3.8415 / 6.8415.
    assert tutorial["conversion_low"] == 0.0
    assert tutorial["conversion_high"] == pytest.approx(0.56149, abs=1e-5)


def test_money_over_time_sums_every_settlement_snapshot(data):
    money = _rows(data.money_over_time, "as_of")
    as_of_0610 = money[date(2026, 6, 10)]
    # co1 525,000 + co2 105,000 + co4 105,000 held; co7 expired: 210,000 refunded.
    assert (as_of_0610["escrow_fen"], as_of_0610["disbursed_fen"], as_of_0610["refund_fen"]) == (
        735_000,
        0,
        210_000,
    )
    as_of_0620 = money[date(2026, 6, 20)]
    # co5 booked on 06-15 adds 315,000 held; o1's settled commission paid out.
    assert (as_of_0620["escrow_fen"], as_of_0620["disbursed_fen"]) == (1_050_000, 3_980)


def test_settlement_states_group_money_by_state(data):
    k1 = _rows(data.for_campaign("settlement_states", "k1"), "state")
    assert k1["in_escrow"]["collaborations"] == 2
    assert k1["in_escrow"]["escrow_fen"] == 525_000 + 105_000
    assert k1["expired"]["refund_fen"] == 210_000


def test_quarantine_counts_rows_held_as_of_the_snapshot(data):
    q = {(r["reason"], r["source"]): r for r in data.quarantine_reasons.to_dicts()}
    assert q[("schema", "engagement_events")]["held_rows"] == 2
    # The reference row resolved on 06-06 is no longer held.
    assert (
        q[("reference", "engagement_events")]["held_rows"],
        q[("reference", "engagement_events")]["resolved_rows"],
    ) == (1, 1)
    # The order row first seen on 07-02 is after the snapshot.
    assert ("schema", "order_events") not in q
    assert sum(r["held_rows"] for r in q.values()) == 7


def test_headlines_cover_every_campaign_of_the_snapshot(data):
    h = _rows(data.headlines, "campaign_id")
    assert set(h) == {"k1", "k2", "k3", K4}
    assert {k: r["published_videos"] for k, r in h.items()} == {"k1": 3, "k2": 1, "k3": 0, K4: 1}
    assert h["k1"]["escrow_fen"] == 630_000
    assert h["k3"]["campaign_name"] == "七夕礼盒 预热"
    assert h[K4]["roas"] is None

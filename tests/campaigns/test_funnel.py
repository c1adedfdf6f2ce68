"""Campaign funnel and ROI (domain.md 8), and its daily breakdown, at their edges."""

from datetime import date

import pytest

from tests.creators.warehouse_rows import Rows, campaign_funnel, campaign_funnel_daily

START = "2026-06-01"
END = "2026-06-10"
D = "2026-06-30"


@pytest.fixture
def campaign(rows: Rows) -> Rows:
    """Campaign k1 of brand b1 (06-01 .. 06-10): co1 by c1 with video v1, co2 by c2 with v2.
    v0 is c1's own video outside the campaign; p1 is b1's product, p9 another brand's."""
    rows.brand("b1")
    rows.brand("b9")
    rows.product("p1", "b1")
    rows.product("p9", "b9")
    rows.campaign("k1", "b1", START, END)
    rows.creator("c1")
    rows.creator("c2")
    rows.collaboration("co1", "k1", "c1", booked_at="2026-05-25 10:00")
    rows.collaboration("co2", "k1", "c2", booked_at="2026-05-25 10:00")
    rows.publish("v1", "c1", "2026-05-28 10:00", collaboration_id="co1", is_commercial=True)
    rows.publish("v2", "c2", "2026-06-02 10:00", collaboration_id="co2", is_commercial=True)
    rows.publish("v0", "c1", "2026-05-28 10:00")
    return rows


def order(
    rows: Rows,
    order_id: str,
    video_id: str,
    placed_ts: str,
    *,
    paid_fen: int = 0,
    refunded_fen: int = 0,
    base_fen: int | None = None,
    product_id: str = "p1",
) -> None:
    """An order attributed to a click on `video_id`, with its placed (and paid) events."""
    rows.attributed_order(
        D,
        order_id,
        video_id,
        placed_ts,
        paid_fen=paid_fen,
        refunded_fen=refunded_fen,
        base_fen=base_fen,
        product_id=product_id,
    )
    rows.order_event("placed", order_id, placed_ts, 19_900)
    if paid_fen:
        rows.order_event("paid", order_id, placed_ts, paid_fen)


def test_funnel_counts_valid_events_on_campaign_videos_from_the_start(campaign: Rows) -> None:
    campaign.engagement("impression", "v1", "u1", "2026-05-31 23:59")  # before the start
    campaign.engagement("impression", "v1", "u1", f"{START} 00:00")
    campaign.engagement("impression", "v2", "u2", "2026-06-03 10:00")
    campaign.engagement("play", "v1", "u1", f"{START} 00:01")
    campaign.engagement("play", "v2", "u2", "2026-06-03 10:01")
    campaign.engagement("play", "v2", "u3", "2026-06-02 09:59")  # before v2's publish
    campaign.engagement("play", "v0", "u1", "2026-06-03 10:00")  # not a campaign video
    campaign.engagement("complete_play", "v2", "u2", "2026-06-03 10:02")
    campaign.engagement("product_click", "v2", "u2", "2026-06-03 10:03", product_id="p1")
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    counts = {k: funnel[k] for k in ("impressions", "plays", "complete_plays", "product_clicks")}
    assert counts == {"impressions": 2, "plays": 2, "complete_plays": 1, "product_clicks": 1}
    assert funnel["brand_id"] == "b1"


def test_engagements_are_unique_per_viewer_video_and_type_over_the_period(
    campaign: Rows,
) -> None:
    campaign.engagement("like", "v1", "u1", "2026-06-02 10:00")
    campaign.engagement("like", "v1", "u1", "2026-06-05 10:00")
    campaign.engagement("comment", "v1", "u1", "2026-06-05 10:00")
    campaign.engagement("like", "v2", "u1", "2026-06-05 10:00")
    campaign.engagement("share", "v2", "u2", "2026-06-05 10:00")
    campaign.engagement("follow", "v2", "u3", "2026-06-05 10:00")
    assert campaign_funnel(campaign.conn, D)["k1"]["engagements"] == 4


def test_the_end_date_does_not_cut_the_window(campaign: Rows) -> None:
    campaign.engagement("play", "v1", "u1", "2026-06-25 10:00")
    order(campaign, "o1", "v1", "2026-06-25 10:00", paid_fen=1000)
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    assert funnel["plays"] == 1
    assert funnel["orders"] == 1


def test_campaign_not_started_by_the_date_has_no_row(campaign: Rows) -> None:
    assert campaign_funnel(campaign.conn, "2026-05-31") == {}
    assert set(campaign_funnel(campaign.conn, START)) == {"k1"}


def test_orders_count_brand_products_placed_from_the_start_on_campaign_videos(
    campaign: Rows,
) -> None:
    order(campaign, "o_in", "v1", f"{START} 00:00")
    order(campaign, "o_early", "v1", "2026-05-31 23:59")
    order(campaign, "o_other_brand", "v1", "2026-06-05 10:00", product_id="p9")
    order(campaign, "o_other_video", "v0", "2026-06-05 10:00")
    order(campaign, "o_organic", None, "2026-06-05 10:00")
    assert campaign_funnel(campaign.conn, D)["k1"]["orders"] == 1


def test_order_money_paid_refunded_and_net(campaign: Rows) -> None:
    order(campaign, "o_paid", "v1", "2026-06-05 10:00", paid_fen=1000)
    # Refunds beyond the paid amount count only up to it; the order stays a paid order.
    order(campaign, "o_over_refunded", "v1", "2026-06-05 10:00", paid_fen=500, refunded_fen=800)
    order(campaign, "o_part_refunded", "v2", "2026-06-05 10:00", paid_fen=300, refunded_fen=100)
    # Cancelled after payment: paid, no refund, commission base 0.
    order(campaign, "o_cancelled", "v2", "2026-06-05 10:00", paid_fen=700, base_fen=0)
    order(campaign, "o_unpaid", "v2", "2026-06-05 10:00")
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    money = {k: funnel[k] for k in ("orders", "paid_orders", "gmv_fen", "refund_fen")}
    assert money == {
        "orders": 5,
        "paid_orders": 4,
        "gmv_fen": 1000 + 500 + 300 + 700,
        "refund_fen": 500 + 100,
    }
    assert funnel["net_gmv_fen"] == 1000 + 0 + 200 + 0


def test_cost_is_the_brand_charge_of_the_campaigns_collaborations(campaign: Rows) -> None:
    campaign.settlement(D, "co1", "c1", "in_escrow", brand_charge_fen=525_000)
    campaign.settlement(D, "co2", "c2", "fraud", brand_charge_fen=0)
    campaign.settlement(D, "co9", "c2", "in_escrow", campaign_id="k9", brand_charge_fen=777)
    campaign.settlement("2026-06-29", "co1", "c1", "in_escrow", brand_charge_fen=999)
    order(campaign, "o1", "v1", "2026-06-05 10:00", paid_fen=105_000)
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    assert funnel["cost_fen"] == 525_000
    assert funnel["roas"] == 105_000 / 525_000


def test_roas_is_null_when_cost_is_zero(campaign: Rows) -> None:
    campaign.settlement(D, "co1", "c1", "expired", brand_charge_fen=0)
    order(campaign, "o1", "v1", "2026-06-05 10:00", paid_fen=1000)
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    assert funnel["cost_fen"] == 0
    assert funnel["roas"] is None


def test_roas_is_zero_with_cost_and_no_sales(campaign: Rows) -> None:
    campaign.settlement(D, "co1", "c1", "in_escrow", brand_charge_fen=1000)
    assert campaign_funnel(campaign.conn, D)["k1"]["roas"] == 0.0


def test_stage_to_stage_rates(campaign: Rows) -> None:
    for viewer in ("u1", "u2", "u3", "u4"):
        campaign.engagement("impression", "v1", viewer, "2026-06-05 10:00")
    for viewer in ("u1", "u2"):
        campaign.engagement("play", "v1", viewer, "2026-06-05 10:01")
    campaign.engagement("complete_play", "v1", "u1", "2026-06-05 10:02")
    campaign.engagement("like", "v1", "u1", "2026-06-05 10:03")
    campaign.engagement("product_click", "v1", "u1", "2026-06-05 10:04", product_id="p1")
    campaign.engagement("product_click", "v1", "u2", "2026-06-05 10:04", product_id="p1")
    order(campaign, "o1", "v1", "2026-06-05 11:00", paid_fen=1000)
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    rates = {
        k: funnel[k]
        for k in (
            "play_rate",
            "completion_rate",
            "engagement_rate",
            "click_rate",
            "order_rate",
            "paid_rate",
        )
    }
    assert rates == {
        "play_rate": 2 / 4,
        "completion_rate": 1 / 2,
        "engagement_rate": 1 / 2,
        "click_rate": 2 / 2,
        "order_rate": 1 / 2,
        "paid_rate": 1 / 1,
    }


def test_stage_rates_are_null_without_their_denominator(campaign: Rows) -> None:
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    for column in ("play_rate", "completion_rate", "engagement_rate", "click_rate"):
        assert funnel[column] is None, column
    assert funnel["order_rate"] is None
    assert funnel["paid_rate"] is None
    assert funnel["impressions"] == 0


def test_events_delivered_after_the_date_are_not_seen(campaign: Rows) -> None:
    campaign.engagement("play", "v1", "u1", "2026-06-05 10:00", delivered="2026-06-07")
    assert campaign_funnel(campaign.conn, "2026-06-06")["k1"]["plays"] == 0
    assert campaign_funnel(campaign.conn, "2026-06-07")["k1"]["plays"] == 1


def test_daily_rows_hold_each_days_activity(campaign: Rows) -> None:
    campaign.engagement("play", "v1", "u1", "2026-06-02 10:00")
    campaign.engagement("play", "v1", "u2", "2026-06-04 10:00")
    campaign.engagement("like", "v1", "u1", "2026-06-02 10:00")
    campaign.engagement("like", "v1", "u1", "2026-06-04 10:00")  # counted on 06-02 only
    order(campaign, "o1", "v1", "2026-06-04 11:00", paid_fen=1000, refunded_fen=300)
    daily = campaign_funnel_daily(campaign.conn, D)
    assert set(daily) == {("k1", date(2026, 6, 2)), ("k1", date(2026, 6, 4))}
    first, second = daily["k1", date(2026, 6, 2)], daily["k1", date(2026, 6, 4)]
    assert (first["plays"], first["engagements"], first["orders"]) == (1, 1, 0)
    assert (second["plays"], second["engagements"], second["orders"]) == (1, 0, 1)
    assert (second["gmv_fen"], second["refund_fen"], second["net_gmv_fen"]) == (1000, 300, 700)


def test_daily_rows_sum_to_the_funnel(campaign: Rows) -> None:
    for day in ("2026-06-02", "2026-06-03", "2026-06-20"):
        campaign.engagement("impression", "v1", "u1", f"{day} 10:00")
        campaign.engagement("play", "v2", "u1", f"{day} 10:00")
        campaign.engagement("share", "v2", "u1", f"{day} 10:00")
        campaign.engagement("product_click", "v2", "u1", f"{day} 10:00", product_id="p1")
        order(campaign, f"o{day}", "v2", f"{day} 11:00", paid_fen=500, refunded_fen=100)
    funnel = campaign_funnel(campaign.conn, D)["k1"]
    daily = campaign_funnel_daily(campaign.conn, D).values()
    for column in (
        "impressions",
        "plays",
        "complete_plays",
        "engagements",
        "product_clicks",
        "orders",
        "paid_orders",
        "gmv_fen",
        "refund_fen",
        "net_gmv_fen",
    ):
        assert sum(row[column] for row in daily) == funnel[column], column
    assert funnel["engagements"] == 1

"""The demo's story: the cosmetics campaign aimed at young women in tier-2 cities wins."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from tests.simulate.zone import Zone, parse_ts, publishes


def _per_campaign(zone: Zone) -> pl.DataFrame:
    """Plays, product clicks and orders (placed by a clicker within 7 days) per campaign."""
    videos = publishes(zone).join(
        zone.dimension("collaborations").select("collaboration_id", "campaign_id"),
        on="collaboration_id",
    )
    eng = zone.events["engagement_events"].unique("event_id").join(videos, on="video_id")
    clicks = eng.filter(pl.col("event_type") == "product_click").select(
        "campaign_id",
        pl.col("viewer_id").alias("buyer_id"),
        "product_id",
        parse_ts().alias("click_ts"),
    )
    placed = (
        zone.events["order_events"]
        .unique("event_id")
        .filter(pl.col("event_type") == "placed")
        .with_columns(parse_ts().alias("placed_ts"))
    )
    orders = (
        placed.join(clicks, on=["buyer_id", "product_id"])
        .filter(
            pl.col("click_ts").is_between(
                pl.col("placed_ts") - timedelta(days=7), pl.col("placed_ts")
            )
        )
        .group_by("campaign_id")
        .agg(pl.col("order_id").n_unique().alias("orders"))
    )
    return (
        eng.group_by("campaign_id")
        .agg(
            (pl.col("event_type") == "play").sum().alias("plays"),
            (pl.col("event_type") == "product_click").sum().alias("clicks"),
        )
        .join(orders, on="campaign_id", how="left")
        .with_columns(
            (pl.col("clicks") / pl.col("plays")).alias("ctr"),
            (pl.col("orders").fill_null(0) / pl.col("plays")).alias("orders_per_play"),
        )
        .sort("campaign_id")
    )


def test_story_campaign_targets_young_women_in_tier_2_cities(small_zone: Zone) -> None:
    story = small_zone.summary.story_campaign_id
    booked = small_zone.dimension("collaborations").filter(pl.col("campaign_id") == story)
    audiences = small_zone.dimension("creators").join(booked, on="creator_id")
    assert audiences.height >= 3
    assert (audiences["city_tier"] == "2").all()
    assert (audiences["audience_female_share"].cast(pl.Float64) >= 0.8).all()
    assert (audiences["audience_age_15_24_share"].cast(pl.Float64) >= 0.5).all()
    brand = small_zone.dimension("campaigns").filter(pl.col("campaign_id") == story)["brand_id"]
    industry = small_zone.dimension("brands").filter(pl.col("brand_id") == brand[0])["industry"]
    assert industry[0] == "cosmetics"


def test_story_campaign_has_the_best_click_through_and_orders_per_play(small_zone: Zone) -> None:
    stats = _per_campaign(small_zone)
    is_story = pl.col("campaign_id") == small_zone.summary.story_campaign_id
    story = stats.filter(is_story)
    # Compare with every other campaign big enough to measure, and with all of them pooled.
    others = stats.filter(~is_story & (pl.col("plays") >= 1000))
    pooled = stats.filter(~is_story).select(pl.sum("plays", "clicks", "orders"))
    assert story["ctr"][0] > others["ctr"].max()
    assert story["orders_per_play"][0] > 1.5 * others["orders_per_play"].max()
    assert story["ctr"][0] > 2 * pooled["clicks"][0] / pooled["plays"][0]
    assert story["orders_per_play"][0] > 4 * pooled["orders"][0] / pooled["plays"][0]

"""Creators, MCNs and collaborations look like a real marketplace."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from tests.simulate.zone import SMALL, Zone, publishes


def test_followers_follow_a_power_law(small_zone: Zone) -> None:
    text = small_zone.dimension("creators")["followers"]
    followers = text.filter(text.str.contains(r"^\d+$")).cast(pl.Int64)
    assert followers.max() > 50 * followers.median()
    assert (followers >= 1_000_000).sum() >= 1


def test_douyin_is_the_majority_platform_of_three(small_zone: Zone) -> None:
    platform = small_zone.dimension("creators")["platform"]
    assert set(platform.unique()) == {"douyin", "xigua", "huoshan"}
    assert (platform == "douyin").mean() > 0.6


def test_creators_spread_over_categories_and_city_tiers(small_zone: Zone) -> None:
    creators = small_zone.dimension("creators")
    assert creators["category"].n_unique() >= 7
    assert set(creators["city_tier"].unique()) == {"1", "2", "3", "4", "5"}
    assert (creators["identity_verified"] == "true").mean() > 0.85


def test_mcn_shares_are_1000_to_5000_bps(small_zone: Zone) -> None:
    shares = small_zone.dimension("creators")["mcn_share_bps"].drop_nulls().cast(pl.Int64)
    assert shares.len() > 0
    assert shares.min() >= 1000 and shares.max() <= 5000


def test_some_mcns_are_young_and_some_are_small(small_zone: Zone) -> None:
    mcns = small_zone.dimension("mcns")
    start = SMALL.get("start", date(2026, 9, 1))
    founded = mcns["founded_at"].str.to_date()
    assert (founded > start - timedelta(days=365)).sum() >= 1
    signed = small_zone.dimension("creators").group_by("mcn_id").len()
    sizes = mcns.join(signed, on="mcn_id", how="left")["len"].fill_null(0)
    assert (sizes < 5).sum() >= 1


def test_some_rate_card_quotes_are_missing(small_zone: Zone) -> None:
    quotes = small_zone.dimension("creators")["price_21_60s_fen"]
    assert 0 < quotes.null_count() < quotes.len() / 2


def test_collaborations_use_all_three_pricing_models_with_their_fields(small_zone: Zone) -> None:
    collabs = small_zone.dimension("collaborations")
    by_model = {m: collabs.filter(pl.col("pricing_model") == m) for m in ("flat_fee", "cpe", "cps")}
    assert all(frame.height > 0 for frame in by_model.values())
    assert by_model["flat_fee"]["price_fen"].null_count() == 0
    assert by_model["cpe"].select("cpe_rate_fen", "cap_fen").null_count().sum_horizontal()[0] == 0
    cps = by_model["cps"]
    assert cps["product_id"].null_count() == 0
    # 精选联盟 commissions brands set run from 10% to 40% (docs/simulator.md "Money").
    bps = cps["commission_bps"].cast(pl.Int64)
    assert bps.is_between(1000, 4000).all() and (bps % 500 == 0).all()
    # Live slots (pricing model live) carry the style "live"; the video bookings a video one.
    videos = collabs.filter(pl.col("pricing_model") != "live")
    assert set(videos["creative_style"]) <= {"tutorial", "review", "skit", "unboxing", "vlog"}


def test_collaboration_videos_are_published_after_booking(small_zone: Zone) -> None:
    collabs = small_zone.dimension("collaborations").with_columns(
        pl.col("booked_at").str.strip_suffix("+08:00").str.to_datetime("%Y-%m-%dT%H:%M:%S"),
        pl.col("publish_deadline").str.to_date(),
    )
    assert (collabs["publish_deadline"] > collabs["booked_at"].dt.date()).all()
    # (a publish by another creator than the booked one is a fault row, not a publish)
    published = publishes(small_zone).join(collabs, on=["collaboration_id", "creator_id"])
    assert published.height > 0
    assert (published["publish_ts"] > published["booked_at"]).all()

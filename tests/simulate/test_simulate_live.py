"""Live commerce in the simulated zone: rooms, slots, promotions, traffic sources, faults."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.simulate.zone import Zone, parse_ts

SHELF = ("search", "mall", "shop")
SOURCES = {"video", "live", "search", "mall", "shop", "showcase", "other"}


def _live(zone: Zone) -> pl.DataFrame:
    return zone.events["live_events"]


def _starts(zone: Zone) -> pl.DataFrame:
    return _live(zone).filter(pl.col("event_type") == "start").unique("event_id")


def test_brand_rooms_and_creator_sessions_have_one_host_each(small_zone: Zone) -> None:
    starts = _starts(small_zone)
    hosts = starts.select(pl.col("creator_id").is_not_null(), pl.col("brand_id").is_not_null())
    assert (hosts["creator_id"] ^ hosts["brand_id"]).all()  # exactly one host per start
    brand_rooms = starts.filter(pl.col("brand_id").is_not_null())
    creator_rooms = starts.filter(pl.col("creator_id").is_not_null())
    # Every brand goes live every evening (自播); creators only for their booked slots.
    assert brand_rooms["brand_id"].n_unique() == small_zone.dimension("brands").height
    assert brand_rooms.height >= 5 * creator_rooms.height > 0
    assert brand_rooms["collaboration_id"].null_count() == brand_rooms.height
    live = small_zone.dimension("collaborations").filter(pl.col("pricing_model") == "live")
    slots = creator_rooms.join(live, on="collaboration_id", suffix="_booked")
    assert slots.height == creator_rooms.height  # each creator session fulfils a live slot
    assert (slots["creator_id"] == slots["creator_id_booked"]).all()


def test_brand_rooms_sell_their_own_products(small_zone: Zone) -> None:
    events = _live(small_zone).unique("event_id")
    hosts = (
        _starts(small_zone).select("live_id", "brand_id").filter(pl.col("brand_id").is_not_null())
    )
    products = small_zone.dimension("products").select(
        "product_id", pl.col("brand_id").alias("owner")
    )
    clicks = (
        events.filter(pl.col("event_type") == "product_click")
        .select("live_id", "product_id")
        .join(hosts, on="live_id")
        .join(products, on="product_id")
    )
    assert clicks.height > 100
    assert (clicks["brand_id"] == clicks["owner"]).all()
    kinds = set(events["event_type"])
    assert {"enter", "like", "comment", "share", "follow", "product_click", "end"} <= kinds


def test_live_collaborations_carry_slot_fees_and_commissions(small_zone: Zone) -> None:
    collabs = small_zone.dimension("collaborations")
    live = collabs.filter(pl.col("pricing_model") == "live")
    assert live.height >= 5
    slot = live["slot_fee_fen"].cast(pl.Int64)
    assert slot.null_count() == 0
    # 坑位费 of 1,000-50,000 yuan by follower tier, and some commission-only (0) deals.
    assert slot.is_between(0, 5_000_000).all() and slot.max() >= 1_000_000
    # Bigger creators charge more for a slot: the paid slots of the upper half by followers
    # cost more than those of the lower half (the +-30% spread cannot undo a tier).
    followers = small_zone.dimension("creators").select(
        "creator_id", pl.col("followers").cast(pl.Int64, strict=False)
    )
    paid = (
        live.with_columns(pl.col("slot_fee_fen").cast(pl.Int64))
        .filter(pl.col("slot_fee_fen") > 0)
        .join(followers, on="creator_id")
        .sort("followers")
    )
    half = paid.height // 2
    assert paid["slot_fee_fen"].tail(half).median() > 1.5 * paid["slot_fee_fen"].head(half).median()
    bps = live["commission_bps"].cast(pl.Int64)
    assert bps.is_between(1000, 3000).all()
    brand_of = small_zone.dimension("campaigns").select("campaign_id", "brand_id")
    owner = small_zone.dimension("products").select("product_id", pl.col("brand_id").alias("owner"))
    checked = live.join(brand_of, on="campaign_id").join(owner, on="product_id")
    assert checked.height == live.height and (checked["brand_id"] == checked["owner"]).all()
    # Video bookings carry no slot fee.
    assert collabs.filter(pl.col("pricing_model") != "live")["slot_fee_fen"].null_count() == (
        collabs.height - live.height
    )


def _placed(zone: Zone) -> pl.DataFrame:
    return (
        zone.events["order_events"]
        .filter((pl.col("event_type") == "placed") & ~pl.col("event_id").str.contains("-x"))
        .unique("event_id")
        .with_columns(pl.col("amount_fen").cast(pl.Int64), parse_ts().dt.date().alias("day"))
    )


def test_one_promotion_inside_the_run_with_more_orders(small_zone: Zone) -> None:
    promotions = small_zone.dimension("promotions")
    assert promotions.height == 1
    start = date.fromisoformat(promotions["start_date"][0])
    end = date.fromisoformat(promotions["end_date"][0])
    s = small_zone.summary
    assert s.first_day <= start and end <= s.last_day and 3 <= (end - start).days + 1 <= 5
    per_day = _placed(small_zone).group_by("day").len()
    during = per_day.filter(pl.col("day").is_between(start, end))["len"].mean()
    outside = per_day.filter(~pl.col("day").is_between(start, end))["len"].mean()
    assert during > 1.2 * outside


def test_every_placed_order_has_a_traffic_source_and_the_shelf_a_third(small_zone: Zone) -> None:
    orders = small_zone.events["order_events"]
    placed = _placed(small_zone)
    assert placed["traffic_source"].null_count() == 0
    assert set(placed["traffic_source"]) == SOURCES
    # Only the placed event names where the buyer came from.
    later = orders.filter(pl.col("event_type").is_in(["paid", "delivered", "cancelled"]))
    assert later["traffic_source"].null_count() == later.height
    gmv = placed.group_by("traffic_source").agg(pl.col("amount_fen").sum())
    shelf = gmv.filter(pl.col("traffic_source").is_in(SHELF))["amount_fen"].sum()
    share = shelf / gmv["amount_fen"].sum()
    assert 0.25 <= share <= 0.42, share
    live_share = (
        gmv.filter(pl.col("traffic_source") == "live")["amount_fen"].sum() / gmv["amount_fen"].sum()
    )
    assert 0.1 <= live_share <= 0.45, live_share


def test_live_orders_follow_a_live_click_by_the_buyer(small_zone: Zone) -> None:
    clicks = (
        _live(small_zone)
        .filter(pl.col("event_type") == "product_click")
        .select(pl.col("viewer_id").alias("buyer_id"), "product_id", parse_ts().alias("click_ts"))
    )
    live = _placed(small_zone).filter(pl.col("traffic_source") == "live")
    matched = (
        live.with_columns(parse_ts().alias("placed_ts"))
        .join(clicks, on=["buyer_id", "product_id"])
        .filter(
            pl.col("click_ts").is_between(pl.col("placed_ts") - pl.duration(hours=2), "placed_ts")
        )
        .unique("order_id")
    )
    assert live.height > 20
    # Nearly all: a click in a session delivered late past the run's end never arrives.
    assert matched.height >= 0.9 * live.height


def test_live_events_carry_every_fault_kind(small_zone: Zone) -> None:
    events = _live(small_zone)
    f = small_zone.summary.faults
    copies = events.group_by("event_id").agg(
        pl.len().alias("n"), pl.col("viewer_id").n_unique().alias("viewers")
    )
    assert copies.filter((pl.col("n") > 1) & (pl.col("viewers") == 1)).height > 0  # duplicates
    assert copies.filter(pl.col("viewers") > 1).height > 0  # conflicting re-sends
    late = events.with_columns(parse_ts().dt.date().alias("day")).filter(
        pl.col("delivery_date").str.to_date() > pl.col("day") + pl.duration(days=1)
    )
    assert late.filter(pl.col("event_type") == "start").height > 0  # a late session
    assert f["live_late_session"] >= 1 and f["live_duplicate"] > 0 and f["live_conflict"] > 0
    ended = set(events.filter(pl.col("event_type") == "end")["live_id"])
    assert f["live_open_session"] == 1
    assert set(_starts(small_zone)["live_id"]) - ended  # a session that never ends


def test_a_live_room_has_bot_viewers_who_like_many_videos_that_day(small_zone: Zone) -> None:
    assert small_zone.summary.faults["live_bot_viewers"] > 0
    likes = small_zone.events["engagement_events"].filter(pl.col("event_type") == "like")
    heavy = (
        likes.with_columns(parse_ts().dt.date().alias("day"))
        .group_by("viewer_id", "day")
        .agg(pl.col("video_id").n_unique().alias("videos"))
        .filter(pl.col("videos") > 100)
    )
    live_likes = (
        _live(small_zone)
        .filter(pl.col("event_type") == "like")
        .with_columns(parse_ts().dt.date().alias("day"))
        .join(heavy, on=["viewer_id", "day"])
    )
    assert live_likes["viewer_id"].n_unique() >= 3

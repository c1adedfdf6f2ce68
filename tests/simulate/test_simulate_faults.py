"""Every fault real exports have shows up at least once, read back from the files."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from tests.simulate.zone import EVENT_COLUMNS, Zone, parse_ts, publishes


def _engagements(zone: Zone) -> pl.DataFrame:
    return zone.events["engagement_events"].with_columns(parse_ts().alias("ts"))


def test_late_deliveries_arrive_one_to_five_days_after_their_date(small_zone: Zone) -> None:
    rows = _engagements(small_zone).with_columns(
        (pl.col("delivery_date").str.to_date() - pl.col("ts").dt.date())
        .dt.total_days()
        .alias("lag")
    )
    late = rows.filter(pl.col("lag") > 0)
    assert late.height > 0
    assert late["lag"].max() <= 5 + 3  # late, then possibly re-delivered up to 3 days later


def _copies(zone: Zone, source: str) -> pl.DataFrame:
    rows = zone.events[source]
    return (
        rows.filter(pl.col("event_id").is_duplicated())
        .group_by("event_id")
        .agg(
            pl.struct(EVENT_COLUMNS[source]).n_unique().alias("versions"),
            pl.col("delivery_date").n_unique().alias("deliveries"),
        )
    )


def test_duplicate_deliveries_repeat_rows_identically(small_zone: Zone) -> None:
    for source in ("engagement_events", "order_events"):
        same = _copies(small_zone, source).filter(pl.col("versions") == 1)
        assert same.height > 0
        assert (same["deliveries"] > 1).all()


def test_reused_event_ids_carry_other_content(small_zone: Zone) -> None:
    for source in ("engagement_events", "order_events"):
        assert _copies(small_zone, source).filter(pl.col("versions") > 1).height > 0


def test_schema_faults_unparseable_timestamps_amounts_and_followers(small_zone: Zone) -> None:
    for source in ("engagement_events", "video_events"):
        bad_ts = small_zone.events[source].filter(parse_ts().is_null())
        assert bad_ts.height > 0
    amounts = small_zone.events["order_events"]["amount_fen"].drop_nulls()
    assert (~amounts.str.contains(r"^-?\d+$")).sum() > 0
    followers = small_zone.dimension("creators")["followers"]
    assert (~followers.str.contains(r"^\d+$")).sum() == 1


def test_domain_faults_unknown_types_negative_amounts_clicks_without_product(
    small_zone: Zone,
) -> None:
    eng = small_zone.events["engagement_events"]
    known = [
        "impression",
        "play",
        "complete_play",
        "like",
        "comment",
        "share",
        "follow",
        "product_click",
    ]
    assert eng.filter(~pl.col("event_type").is_in(known)).height > 0
    assert (
        eng.filter(
            (pl.col("event_type") == "product_click") & pl.col("product_id").is_null()
        ).height
        > 0
    )
    orders = small_zone.events["order_events"]
    assert (
        orders.filter(
            ~pl.col("event_type").is_in(["placed", "paid", "delivered", "refunded", "cancelled"])
        ).height
        > 0
    )
    assert orders.filter(pl.col("amount_fen").str.starts_with("-")).height > 0


def test_domain_fault_publish_for_another_creators_collaboration(small_zone: Zone) -> None:
    booked = small_zone.dimension("collaborations").select(
        "collaboration_id", pl.col("creator_id").alias("booked_creator")
    )
    foreign = (
        small_zone.events["video_events"]
        .filter(pl.col("event_type") == "publish")
        .join(booked, on="collaboration_id")
        .filter(pl.col("creator_id") != pl.col("booked_creator"))
    )
    assert foreign.height > 0


def test_reference_faults_unknown_videos_and_products(small_zone: Zone) -> None:
    known_videos = small_zone.events["video_events"]["video_id"].unique()
    eng = small_zone.events["engagement_events"]
    assert eng.filter(~pl.col("video_id").is_in(known_videos.implode())).height > 0
    products = small_zone.dimension("products")["product_id"]
    for source in ("engagement_events", "order_events"):
        rows = small_zone.events[source].filter(pl.col("product_id").is_not_null())
        assert rows.filter(~pl.col("product_id").is_in(products.implode())).height > 0


def test_late_parent_engagement_delivered_before_its_videos_publish(small_zone: Zone) -> None:
    early = (
        small_zone.events["engagement_events"]
        .join(publishes(small_zone), on="video_id")
        .filter(pl.col("delivery_date") < pl.col("publish_delivery"))
    )
    assert early.height > 0


def test_exactly_one_unreadable_parquet_file(small_zone: Zone) -> None:
    assert len(small_zone.unreadable) == 1
    assert small_zone.unreadable[0].suffix == ".parquet"
    assert small_zone.unreadable[0].parent.parent.name == "engagement_events"


def _bot_viewer_ids(zone: Zone) -> pl.Series:
    """Viewers who like, comment, share or follow more than 100 videos on some day."""
    per_day = (
        _engagements(zone)
        .filter(pl.col("event_type").is_in(["like", "comment", "share", "follow"]))
        .group_by("viewer_id", pl.col("ts").dt.date())
        .agg(pl.col("video_id").n_unique().alias("videos"))
    )
    return per_day.filter(pl.col("videos") > 100)["viewer_id"].unique()


def test_bot_viewers_act_on_more_than_100_videos_in_a_day(small_zone: Zone) -> None:
    assert _bot_viewer_ids(small_zone).len() >= 3
    assert small_zone.summary.fraud_collaboration_id is not None


def test_bot_ids_sort_among_real_viewers_ids(small_zone: Zone) -> None:
    # A range of their own would let a join on bot ids skip whole row groups of real
    # viewers by their min/max, which real data never allows.
    bots = _bot_viewer_ids(small_zone)
    viewers = _engagements(small_zone)["viewer_id"].unique()
    real = viewers.filter(~viewers.is_in(bots.implode()))
    assert (real < bots.max()).mean() > 0.5
    assert (real > bots.min()).mean() > 0.5


def test_collaboration_videos_deleted_or_hidden_before_60_days_and_restored(
    small_zone: Zone,
) -> None:
    downs = (
        small_zone.events["video_events"]
        .filter(pl.col("event_type").is_in(["delete", "hide", "restore"]))
        .with_columns(parse_ts().alias("ts"))
        .join(publishes(small_zone).filter(pl.col("collaboration_id").is_not_null()), on="video_id")
    )
    early = downs.filter(pl.col("ts") < pl.col("publish_ts") + timedelta(days=60))
    assert set(early["event_type"]) >= {"delete", "hide"}
    assert small_zone.events["video_events"].filter(pl.col("event_type") == "restore").height > 0


def test_some_engagements_are_stamped_before_their_videos_publish(small_zone: Zone) -> None:
    before = (
        _engagements(small_zone)
        .join(publishes(small_zone), on="video_id")
        .filter(pl.col("ts") < pl.col("publish_ts"))
    )
    assert before.height > 0


def test_unreported_commercial_and_plain_videos_have_no_collaboration(small_zone: Zone) -> None:
    organic = publishes(small_zone).filter(pl.col("collaboration_id").is_null())
    assert organic.filter(pl.col("is_commercial") == "true").height > 0
    assert organic.filter(pl.col("is_commercial") == "false").height > 100

"""Contracts of the event files delivered in `date=` folders."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from models.checks import BusinessTimestamp, required_when
from models.enums import (
    ENGAGEMENT_EVENT_TYPES,
    LIVE_EVENT_TYPES,
    LIVE_SESSION_EVENT_TYPES,
    ORDER_EVENT_TYPES,
    ORDER_EVENTS_WITH_AMOUNT,
    VIDEO_EVENT_TYPES,
)


class VideoEvent(pa.DataFrameModel):
    """publish, delete, hide or restore of a video."""

    event_id: str
    event_type: str = pa.Field(isin=VIDEO_EVENT_TYPES)
    event_ts: BusinessTimestamp
    video_id: str
    creator_id: str
    collaboration_id: str = pa.Field(nullable=True)
    duration_s: pl.Int32 = pa.Field(nullable=True, ge=0)
    is_commercial: bool = pa.Field(nullable=True)

    class Config:
        strict = False


class EngagementEvent(pa.DataFrameModel):
    """A viewer's engagement with a video."""

    event_id: str
    event_type: str = pa.Field(isin=ENGAGEMENT_EVENT_TYPES)
    event_ts: BusinessTimestamp
    video_id: str
    viewer_id: str
    product_id: str = pa.Field(nullable=True)

    @pa.dataframe_check(name="product_click_needs_product")
    def product_click_needs_product(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            required_when("product_id", pl.col("event_type") == "product_click")
        )

    class Config:
        strict = False


class OrderEvent(pa.DataFrameModel):
    """A step in the life of a shop order."""

    event_id: str
    event_type: str = pa.Field(isin=ORDER_EVENT_TYPES)
    event_ts: BusinessTimestamp
    order_id: str
    buyer_id: str
    product_id: str
    quantity: pl.Int32 = pa.Field(nullable=True, ge=0)
    amount_fen: int = pa.Field(nullable=True, ge=0)
    traffic_source: str = pa.Field(nullable=True)  # open text: never rejects (domain.md 10)

    @pa.dataframe_check(name="amount_of_money_events")
    def amount_of_money_events(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """placed, paid and refunded carry the money they move."""
        return data.lazyframe.select(
            required_when("amount_fen", pl.col("event_type").is_in(ORDER_EVENTS_WITH_AMOUNT))
        )

    class Config:
        strict = False


class LiveEvent(pa.DataFrameModel):
    """A live session's start or end, or a viewer's event in it (domain.md 9)."""

    event_id: str
    event_type: str = pa.Field(isin=LIVE_EVENT_TYPES)
    event_ts: BusinessTimestamp
    live_id: str
    creator_id: str = pa.Field(nullable=True)
    brand_id: str = pa.Field(nullable=True)
    collaboration_id: str = pa.Field(nullable=True)
    viewer_id: str = pa.Field(nullable=True)
    product_id: str = pa.Field(nullable=True)

    @pa.dataframe_check(name="start_names_one_host")
    def start_names_one_host(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A start names exactly one host: a creator or a brand."""
        hosts = pl.col("creator_id").is_not_null().cast(pl.Int8) + pl.col(
            "brand_id"
        ).is_not_null().cast(pl.Int8)
        return data.lazyframe.select((pl.col("event_type") != "start") | (hosts == 1))

    @pa.dataframe_check(name="viewer_event_needs_viewer")
    def viewer_event_needs_viewer(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            required_when("viewer_id", ~pl.col("event_type").is_in(LIVE_SESSION_EVENT_TYPES))
        )

    @pa.dataframe_check(name="product_click_needs_product")
    def product_click_needs_product(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            required_when("product_id", pl.col("event_type") == "product_click")
        )

    class Config:
        strict = False

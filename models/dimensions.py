"""Contracts of the dimension files at the landing-zone root."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

from models.checks import BusinessTimestamp, required_when
from models.enums import PLATFORMS, PRICING_MODELS


class Creator(pa.DataFrameModel):
    """A creator (达人) on one platform."""

    creator_id: str
    nickname: str = pa.Field(nullable=True)
    platform: str = pa.Field(isin=PLATFORMS)
    category: str
    followers: int = pa.Field(ge=0)
    mcn_id: str = pa.Field(nullable=True)
    mcn_share_bps: pl.Int32 = pa.Field(nullable=True, ge=0, le=10_000)
    identity_verified: bool = pa.Field(nullable=True)
    joined_at: dt.date = pa.Field(nullable=True)
    city_tier: pl.Int32 = pa.Field(nullable=True, ge=1, le=5)
    audience_female_share: float = pa.Field(nullable=True, ge=0, le=1)
    audience_age_15_24_share: float = pa.Field(nullable=True, ge=0, le=1)
    price_1_20s_fen: int = pa.Field(nullable=True, ge=0)
    price_21_60s_fen: int = pa.Field(nullable=True, ge=0)
    price_60s_plus_fen: int = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(name="mcn_share_needs_mcn")
    def mcn_share_needs_mcn(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """An MCN share without an MCN cannot be paid to anyone."""
        return data.lazyframe.select(
            required_when("mcn_id", pl.col("mcn_share_bps").fill_null(0) > 0)
        )

    class Config:
        strict = False


class Mcn(pa.DataFrameModel):
    """An MCN (agency)."""

    mcn_id: str
    name: str = pa.Field(nullable=True)
    founded_at: dt.date

    class Config:
        strict = False


class Brand(pa.DataFrameModel):
    brand_id: str
    name: str = pa.Field(nullable=True)
    industry: str = pa.Field(nullable=True)

    class Config:
        strict = False


class Product(pa.DataFrameModel):
    product_id: str
    brand_id: str
    name: str = pa.Field(nullable=True)
    category: str = pa.Field(nullable=True)
    price_fen: int = pa.Field(ge=0)

    class Config:
        strict = False


class Campaign(pa.DataFrameModel):
    campaign_id: str
    brand_id: str
    name: str = pa.Field(nullable=True)
    start_date: dt.date
    end_date: dt.date
    budget_fen: int = pa.Field(nullable=True, ge=0)
    objective: str = pa.Field(nullable=True)

    @pa.dataframe_check(name="ends_after_start")
    def ends_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end_date") >= pl.col("start_date"))

    class Config:
        strict = False


class Collaboration(pa.DataFrameModel):
    """One booked Xingtu order with exactly one pricing model and its terms."""

    collaboration_id: str
    campaign_id: str
    creator_id: str
    pricing_model: str = pa.Field(isin=PRICING_MODELS)
    booked_at: BusinessTimestamp
    publish_deadline: dt.date
    price_fen: int = pa.Field(nullable=True, ge=0)
    cpe_rate_fen: int = pa.Field(nullable=True, ge=0)
    cap_fen: int = pa.Field(nullable=True, ge=0)
    commission_bps: pl.Int32 = pa.Field(nullable=True, ge=0, le=10_000)
    product_id: str = pa.Field(nullable=True)
    creative_style: str = pa.Field(nullable=True)
    slot_fee_fen: int = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(name="terms_of_pricing_model")
    def terms_of_pricing_model(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """flat_fee needs a price, cpe a rate and a cap, cps a commission and a product."""
        model = pl.col("pricing_model")
        return data.lazyframe.select(
            required_when("price_fen", model == "flat_fee")
            & required_when("cpe_rate_fen", model == "cpe")
            & required_when("cap_fen", model == "cpe")
            & required_when("commission_bps", model == "cps")
            & required_when("product_id", model == "cps")
        )

    @pa.dataframe_check(name="terms_of_live")
    def terms_of_live(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """live needs a slot fee (0 for a commission-only deal), a commission and a product
        (domain.md 9)."""
        live = pl.col("pricing_model") == "live"
        return data.lazyframe.select(
            required_when("slot_fee_fen", live)
            & required_when("commission_bps", live)
            & required_when("product_id", live)
        )

    class Config:
        strict = False


class Promotion(pa.DataFrameModel):
    """A platform promotion (618, 双11, ...), both dates inclusive (domain.md 10)."""

    promotion_id: str
    name: str = pa.Field(nullable=True)
    start_date: dt.date
    end_date: dt.date

    @pa.dataframe_check(name="ends_after_start")
    def ends_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end_date") >= pl.col("start_date"))

    class Config:
        strict = False

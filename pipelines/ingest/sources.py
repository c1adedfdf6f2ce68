"""The eleven sources of the landing zone: their raw columns, keys and contracts."""

from __future__ import annotations

from dataclasses import dataclass

import pandera.polars as pa

from models import CONTRACTS


@dataclass(frozen=True)
class Source:
    """One kind of landing-zone file."""

    name: str
    columns: tuple[str, ...]  # as in contract.md, in order
    key: str  # event_id, or the dimension's primary key
    is_event: bool
    # Whether some of its rows are parents of others (a delete needs its video's publish):
    # a batch's own publishes that load make their videos known (load.write_event_batch).
    parents_own_rows: bool = False

    @property
    def contract(self) -> type[pa.DataFrameModel]:
        return CONTRACTS[self.name]

    @property
    def raw_table(self) -> str:
        return f"raw.{self.name}"

    @property
    def raw_rows_table(self) -> str:
        """Where copied text rows are kept (events: raw_table is a view, parquet.py)."""
        return f"{self.raw_table}_rows" if self.is_event else self.raw_table

    @property
    def staging_table(self) -> str:
        return f"staging.{self.name}"


def _source(
    name: str, columns: str, key: str, is_event: bool = False, parents_own_rows: bool = False
) -> Source:
    return Source(name, tuple(columns.split()), key, is_event, parents_own_rows)


# Parents before children, so reference checks see what they point to.
DIMENSIONS = (
    _source("mcns", "mcn_id name founded_at", "mcn_id"),
    _source("brands", "brand_id name industry", "brand_id"),
    _source("promotions", "promotion_id name start_date end_date", "promotion_id"),
    _source("products", "product_id brand_id name category price_fen", "product_id"),
    _source(
        "campaigns",
        "campaign_id brand_id name start_date end_date budget_fen objective",
        "campaign_id",
    ),
    _source(
        "creators",
        "creator_id nickname platform category followers mcn_id mcn_share_bps "
        "identity_verified joined_at city_tier audience_female_share "
        "audience_age_15_24_share price_1_20s_fen price_21_60s_fen price_60s_plus_fen",
        "creator_id",
    ),
    _source(
        "collaborations",
        "collaboration_id campaign_id creator_id pricing_model booked_at publish_deadline "
        "price_fen cpe_rate_fen cap_fen commission_bps product_id creative_style slot_fee_fen",
        "collaboration_id",
    ),
)

# Parents of events: creators and collaborations, and for a delete, hide or restore a
# publish of its video (video events); videos and products (engagement); products (orders).
EVENTS = (
    _source(
        "video_events",
        "event_id event_type event_ts video_id creator_id collaboration_id duration_s "
        "is_commercial",
        "event_id",
        is_event=True,
        parents_own_rows=True,
    ),
    _source(
        "engagement_events",
        "event_id event_type event_ts video_id viewer_id product_id",
        "event_id",
        is_event=True,
    ),
    _source(
        "order_events",
        "event_id event_type event_ts order_id buyer_id product_id quantity amount_fen "
        "traffic_source",
        "event_id",
        is_event=True,
    ),
    # Live sessions (domain.md 9): a start is the parent of its session's other events.
    _source(
        "live_events",
        "event_id event_type event_ts live_id creator_id brand_id collaboration_id viewer_id "
        "product_id",
        "event_id",
        is_event=True,
        parents_own_rows=True,
    ),
)

SOURCES = {source.name: source for source in DIMENSIONS + EVENTS}

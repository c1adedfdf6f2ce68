"""The eleven sources of the landing zone: their raw columns, keys and contracts."""

from __future__ import annotations

from dataclasses import dataclass

import pandera.polars as pa

from models import CONTRACTS


@dataclass(frozen=True)
class Source:
    """One kind of landing-zone file."""

    name: str
    columns: tuple[str, ...]  # the contract's, in its order (as in contract.md)
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


def _source(name: str, key: str, is_event: bool = False, parents_own_rows: bool = False) -> Source:
    # The columns are the contract's (models/), in its order: a new landing-zone field is
    # added there; tests/ingest/test_source_descriptions.py checks that the raw DDL, the
    # typed SQL and the SQL pre-check follow.
    columns = tuple(CONTRACTS[name].to_schema().columns)
    return Source(name, columns, key, is_event, parents_own_rows)


# Parents before children, so reference checks see what they point to.
DIMENSIONS = (
    _source("mcns", "mcn_id"),
    _source("brands", "brand_id"),
    _source("promotions", "promotion_id"),
    _source("products", "product_id"),
    _source("campaigns", "campaign_id"),
    _source("creators", "creator_id"),
    _source("collaborations", "collaboration_id"),
)

# Parents of events: creators and collaborations, and for a delete, hide or restore a
# publish of its video (video events); videos and products (engagement); products (orders).
EVENTS = (
    _source("video_events", "event_id", is_event=True, parents_own_rows=True),
    _source("engagement_events", "event_id", is_event=True),
    _source("order_events", "event_id", is_event=True),
    # Live sessions (domain.md 9): a start is the parent of its session's other events.
    _source("live_events", "event_id", is_event=True, parents_own_rows=True),
)

SOURCES = {source.name: source for source in DIMENSIONS + EVENTS}

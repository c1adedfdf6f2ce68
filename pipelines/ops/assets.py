"""Operational asset checks on the ingest assets: file-load conservation, quarantine share
and delivery freshness (docs/operations.md says what to do when one fails).

The ops domain owns no assets; its checks target the ingest assets by key.
"""

from collections.abc import Callable
from datetime import date

import dagster as dg
from pydantic import Field

from pipelines.ops import checks
from pipelines.partitions import shanghai_today
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.landing import DIMENSION_SOURCES, EVENT_SOURCES

# Which landing-zone sources (the `source` column of ops.file_loads) each ingest asset loads.
INGEST_SOURCES: dict[dg.AssetKey, tuple[str, ...]] = {
    dg.AssetKey("dimensions"): DIMENSION_SOURCES,
    **{dg.AssetKey(source): (source,) for source in EVENT_SOURCES},
}

ASSETS: list = []


class FreshnessConfig(dg.Config):
    """Run configuration of the freshness check."""

    today: str | None = Field(
        default=None,
        description="Business date to measure the lag from (YYYY-MM-DD); default: today in "
        "Asia/Shanghai. Set it when replaying an old landing zone.",
    )


def run_delivery_dates(context: dg.AssetCheckExecutionContext) -> tuple[date, date] | None:
    """The delivery dates (first, last) a partitioned run loaded; None for an unpartitioned run."""
    if context.has_partition_key_range:
        keys = context.partition_key_range
        return date.fromisoformat(keys.start), date.fromisoformat(keys.end)
    if context.has_partition_key:
        day = date.fromisoformat(context.partition_key)
        return day, day
    return None


def _conservation_check(key: dg.AssetKey, sources: tuple[str, ...]) -> Callable:
    @dg.asset_check(
        asset=key,
        name="file_load_conservation",
        blocking=True,
        description=f"Every loaded {' / '.join(sources)} file keeps all its rows: rows_read = "
        "rows_loaded + rows_duplicate + rows_quarantined (ops.file_loads). Blocking: a file "
        "that loses or invents rows stops everything downstream.",
    )
    def file_load_conservation(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.reading() as conn:
            return checks.file_load_conservation(conn, sources)

    return file_load_conservation


def _quarantine_check(key: dg.AssetKey, sources: tuple[str, ...]) -> Callable:
    @dg.asset_check(
        asset=key,
        name="quarantine_share",
        blocking=False,
        description=f"Share of {' / '.join(sources)} rows quarantined per delivery date loaded "
        "by this run (or the newest delivery): WARN above policy.quarantine_warn_share, ERROR "
        "above policy.quarantine_fail_share. Not blocking: good rows still flow.",
    )
    def quarantine_share(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        policy: PolicyResource,
    ) -> dg.AssetCheckResult:
        with warehouse.reading() as conn:
            return checks.quarantine_share(
                conn, sources, policy.policy, run_delivery_dates(context)
            )

    return quarantine_share


def _freshness_check(key: dg.AssetKey, source: str) -> Callable:
    @dg.asset_check(
        asset=key,
        name="delivery_freshness",
        blocking=False,
        description=f"The newest {source} delivery folder loaded is at most "
        "policy.freshness_max_days days before today (Asia/Shanghai). WARN: snapshots are "
        "still correct as of their date, but the export is late.",
    )
    def delivery_freshness(
        config: FreshnessConfig, warehouse: WarehouseResource, policy: PolicyResource
    ) -> dg.AssetCheckResult:
        today = date.fromisoformat(config.today) if config.today else shanghai_today()
        with warehouse.reading() as conn:
            return checks.delivery_freshness(conn, source, policy.policy, today)

    return delivery_freshness


ASSET_CHECKS: list = [
    *(_conservation_check(key, sources) for key, sources in INGEST_SOURCES.items()),
    *(_quarantine_check(key, sources) for key, sources in INGEST_SOURCES.items()),
    *(_freshness_check(dg.AssetKey(source), source) for source in EVENT_SOURCES),
]

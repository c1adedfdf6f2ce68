"""Operational asset checks on the ingest assets: file-load conservation, quarantine share
and delivery freshness (docs/operations.md says what to do when one fails).

The ops domain owns no assets; its checks target the ingest assets by key. The checks of
one ingest asset run as one Dagster step (`<asset>_checks`): a step per check cost more
Dagster overhead than the queries themselves.
"""

from collections.abc import Iterator
from datetime import date

import dagster as dg
from pydantic import Field

from pipelines.ops import checks
from pipelines.partitions import shanghai_today
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.landing import (
    DIMENSION_SOURCES,
    EVENT_SOURCES,
    OPTIONAL_DIMENSION_SOURCES,
    OPTIONAL_EVENT_SOURCES,
)

# Which landing-zone sources (the `source` column of ops.file_loads) each ingest asset loads.
# The optional sources of domain.md 9 and 10 get conservation and quarantine checks, not the
# freshness check: a marketplace without live selling delivers no live events.
INGEST_SOURCES: dict[dg.AssetKey, tuple[str, ...]] = {
    dg.AssetKey("dimensions"): DIMENSION_SOURCES + OPTIONAL_DIMENSION_SOURCES,
    **{dg.AssetKey(source): (source,) for source in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES},
}

CONSERVATION = "file_load_conservation"
QUARANTINE = "quarantine_share"
FRESHNESS = "delivery_freshness"

ASSETS: list = []


class FreshnessConfig(dg.Config):
    """Run configuration of the checks of an event asset (only the freshness check reads it)."""

    today: str | None = Field(
        default=None,
        description="Business date to measure the delivery lag from (YYYY-MM-DD); default: "
        "today in Asia/Shanghai. Set it when replaying an old landing zone.",
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


def _specs(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    names = " / ".join(INGEST_SOURCES[key])
    specs = [
        dg.AssetCheckSpec(
            CONSERVATION,
            asset=key,
            blocking=True,
            description=f"Every loaded {names} file keeps all its rows: rows_read = "
            "rows_loaded + rows_duplicate + rows_quarantined (ops.file_loads). Blocking: a "
            "file that loses or invents rows stops everything downstream.",
        ),
        dg.AssetCheckSpec(
            QUARANTINE,
            asset=key,
            description=f"Share of {names} rows quarantined per delivery date loaded by this "
            "run (or the newest delivery): WARN above policy.quarantine_warn_share, ERROR "
            "above policy.quarantine_fail_share. Not blocking: good rows still flow.",
        ),
    ]
    if key.path[-1] in EVENT_SOURCES:
        specs.append(
            dg.AssetCheckSpec(
                FRESHNESS,
                asset=key,
                description=f"The newest {names} delivery folder loaded is at most "
                "policy.freshness_max_days days before today (Asia/Shanghai). WARN: "
                "snapshots are still correct as of their date, but the export is late.",
            )
        )
    return specs


def _results(
    context: dg.AssetCheckExecutionContext,
    key: dg.AssetKey,
    warehouse: WarehouseResource,
    policy: PolicyResource,
    today: date | None = None,
) -> Iterator[dg.AssetCheckResult]:
    """The selected checks of ingest asset `key`, named for Dagster."""
    sources = INGEST_SOURCES[key]
    selected = {check.name for check in context.selected_asset_check_keys}
    with warehouse.reading() as conn:
        found: dict[str, dg.AssetCheckResult] = {}
        if CONSERVATION in selected:
            found[CONSERVATION] = checks.file_load_conservation(conn, sources)
        if QUARANTINE in selected:
            found[QUARANTINE] = checks.quarantine_share(
                conn, sources, policy.policy, run_delivery_dates(context)
            )
        if FRESHNESS in selected:
            found[FRESHNESS] = checks.delivery_freshness(
                conn, sources[0], policy.policy, today or shanghai_today()
            )
    for name, result in found.items():
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=name,
            passed=result.passed,
            severity=result.severity,
            metadata=result.metadata,
            description=result.description,
        )


# Two factories because Dagster reads a step's run config from its signature: only the
# event checks take `today` (the freshness check's).
def _dimension_checks(key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(name=f"{key.path[-1]}_checks", specs=_specs(key), can_subset=True)
    def dimension_checks(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        policy: PolicyResource,
    ) -> Iterator[dg.AssetCheckResult]:
        yield from _results(context, key, warehouse, policy)

    return dimension_checks


def _event_checks(key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(name=f"{key.path[-1]}_checks", specs=_specs(key), can_subset=True)
    def event_checks(
        context: dg.AssetCheckExecutionContext,
        config: FreshnessConfig,
        warehouse: WarehouseResource,
        policy: PolicyResource,
    ) -> Iterator[dg.AssetCheckResult]:
        today = date.fromisoformat(config.today) if config.today else None
        yield from _results(context, key, warehouse, policy, today)

    return event_checks


ASSET_CHECKS: list = [
    _dimension_checks(dg.AssetKey("dimensions")),
    *(_event_checks(dg.AssetKey(source)) for source in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES),
]

"""Ingest assets: the landing zone into raw, staging, quarantine and ops (domain.md 2-4)."""

from datetime import date, timedelta

import dagster as dg

from pipelines.ingest.load import (
    BatchCounts,
    PassCounts,
    load_dimensions,
    load_event_range,
    loaded_days,
    record_stray_files,
    refresh_derived,
    reset_events_from,
)
from pipelines.ingest.parquet import refresh_raw_view
from pipelines.ingest.sources import DIMENSIONS, EVENTS, SOURCES, Source
from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import LandingZoneResource, PolicyResource, WarehouseResource
from starmap.progress import report


def _counts_metadata(counts: list[BatchCounts]) -> dict[str, dg.MetadataValue]:
    total = {
        field: sum(getattr(c, field) for c in counts)
        for field in ("files", "rows_read", "rows_loaded", "rows_duplicate", "rows_quarantined")
    }
    return {name: dg.MetadataValue.int(int(value)) for name, value in total.items()}


@dg.asset(group_name="ingest", kinds={"duckdb"})
def dimensions(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing_zone: LandingZoneResource,
    policy: PolicyResource,
) -> dg.MaterializeResult:
    """Creators, MCNs, brands, products, campaigns and collaborations, reloaded whole from
    the landing-zone root; bad rows quarantined with a reason."""
    with warehouse.connection() as conn:
        conn.execute("begin")
        counts = load_dimensions(conn, landing_zone.root, policy.policy)
        conn.execute("commit")
    for name, c in counts.items():
        report(
            f"{name}: {c.rows_loaded} loaded, {c.rows_duplicate} duplicate, "
            f"{c.rows_quarantined} quarantined",
            context.log,
        )
    return dg.MaterializeResult(metadata=_counts_metadata(list(counts.values())))


def _days_to_load(requested: list[date], already: list[date]) -> list[date]:
    # Later days already loaded are loaded again, so the first delivered copy of an event
    # still wins, and every calendar day in between re-examines held rows.
    last = max(requested + already)
    first = min(requested)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _pass_line(source: Source, done: PassCounts) -> str:
    days = f"{done.first_day}" + (f"..{done.last_day}" if done.last_day != done.first_day else "")
    c = done.counts
    return (
        f"{source.name} {days}: {c.files} files, {c.rows_loaded} loaded, "
        f"{c.rows_duplicate} duplicate, {c.rows_quarantined} quarantined, "
        f"{done.admitted} held rows admitted"
    )


def _event_asset(source: Source, deps: list[str], refresh_after: bool) -> dg.AssetsDefinition:
    @dg.asset(
        name=source.name,
        group_name="ingest",
        partitions_def=DAYS,
        backfill_policy=IN_ORDER,
        deps=[dg.AssetKey(d) for d in deps],
        kinds={"duckdb"},
        description=(
            f"{source.name} of each delivery day (`date=` folder): typed, deduplicated and "
            "validated into staging; rejected rows quarantined with a reason; rows whose "
            "parent arrives later held and admitted on the day it arrives."
        ),
    )
    def _asset(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        landing_zone: LandingZoneResource,
        policy: PolicyResource,
    ) -> dg.MaterializeResult:
        requested = sorted(date.fromisoformat(key) for key in context.partition_keys)
        counts: list[BatchCounts] = []
        with warehouse.connection() as conn:
            # One transaction per load pass keeps memory bounded by a pass, not the history;
            # the run's work copy (or the step's) is what makes the whole load atomic.
            conn.execute("begin")
            days = _days_to_load(requested, loaded_days(conn, source))
            reset_events_from(conn, source, days[0])
            conn.execute("commit")
            for done in load_event_range(conn, landing_zone.root, source, days, policy.policy):
                if done.counts.files or done.admitted:
                    counts.append(done.counts)
                    report(_pass_line(source, done), context.log)
            conn.execute("begin")
            stray = record_stray_files(conn, landing_zone.root, source)
            if stray:
                report(
                    f"{source.name}: {stray} file(s) outside a delivery folder quarantined "
                    "as unreadable",
                    context.log,
                )
            refresh_raw_view(conn, source, landing_zone.root)  # once: it reads every footer
            if refresh_after:
                refresh_derived(conn, policy.policy.sql_params())
            conn.execute("commit")
        return dg.MaterializeResult(metadata=_counts_metadata(counts))

    return _asset


video_events = _event_asset(SOURCES["video_events"], ["dimensions"], refresh_after=False)
live_events = _event_asset(SOURCES["live_events"], ["dimensions"], refresh_after=False)
# The bot viewer-days count live sessions beside videos (domain.md 9): engagement_events,
# which brings them up to date, loads after the live events.
engagement_events = _event_asset(
    SOURCES["engagement_events"], ["dimensions", "video_events", "live_events"], refresh_after=True
)
order_events = _event_asset(SOURCES["order_events"], ["dimensions"], refresh_after=False)

_EVENT_ASSETS = (video_events, engagement_events, order_events, live_events)
assert sorted(a.key.path[-1] for a in _EVENT_ASSETS) == sorted(s.name for s in EVENTS)

ASSETS = [dimensions, video_events, live_events, engagement_events, order_events]

# Which asset writes each staging table: what the snapshot models' deps are derived from
# (pipelines/snapshots.py). engagement_events brings the derived tables up to date after
# its loads (load.refresh_derived).
DERIVED_STAGING = (
    "videos",
    "bot_viewer_days",
    "bot_days_basis",
    "engagement_counts",
    "interaction_events",
    "bot_engagement_events",
)
STAGING_WRITERS = (
    {source.staging_table: "dimensions" for source in DIMENSIONS}
    | {source.staging_table: source.name for source in EVENTS}
    | {f"staging.{table}": engagement_events.key.path[-1] for table in DERIVED_STAGING}
)
ASSET_CHECKS: list = []

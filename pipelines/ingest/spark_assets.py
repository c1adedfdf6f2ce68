"""Ingestion on Spark (STARMAP_ENGINE=spark): one step that loads every source through the
seam of starmap/engines/spark_pipeline.py (`INGEST`), under the keys of the DuckDB ingest
assets, so the snapshot assets' deps, the schedule and the sensors stay as they are."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dagster as dg

from pipelines.ingest.assets import ASSETS as DUCKDB_ASSETS
from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import LandingZoneResource, PolicyResource, WarehouseResource
from starmap.engines import spark_pipeline
from starmap.progress import report

INGEST_KEYS = [key for asset in DUCKDB_ASSETS for key in asset.keys]


@dg.multi_asset(
    name="spark_ingest",
    group_name="ingest",
    specs=[
        dg.AssetSpec(key, description="Loaded on Spark with every other source (spark_ingest).")
        for key in INGEST_KEYS
    ],
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
)
def spark_ingest(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing_zone: LandingZoneResource,
    policy: PolicyResource,
) -> Iterator[dg.MaterializeResult]:
    """Every delivery up to the run's last day into the Parquet warehouse directory."""
    as_of = max(date.fromisoformat(key) for key in context.partition_keys)
    # Looked up at run time: the seam is swapped in spark_pipeline, in one place.
    done = spark_pipeline.INGEST(
        warehouse.spark_session(),
        landing_zone.root,
        Path(warehouse.spark_warehouse),
        policy.policy,
        as_of,
    )
    quarantined = sum(done.quarantined_by_reason.values())
    report(
        f"ingested on Spark up to {as_of}: {done.files} files, {done.rows_loaded} loaded, "
        f"{done.rows_duplicate} duplicate, {quarantined} quarantined in {done.seconds:.1f}s",
        context.log,
    )
    # The counts are those of the whole load, on every key it materialises.
    metadata = {
        "files": dg.MetadataValue.int(done.files),
        "rows_read": dg.MetadataValue.int(done.rows_read),
        "rows_loaded": dg.MetadataValue.int(done.rows_loaded),
        "rows_duplicate": dg.MetadataValue.int(done.rows_duplicate),
        "rows_quarantined": dg.MetadataValue.int(quarantined),
    }
    for key in INGEST_KEYS:
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)

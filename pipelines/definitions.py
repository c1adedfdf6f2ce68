"""The one entry point that builds the Definitions `dagster dev` and `starmap run` use."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines import campaigns, channels, creators, ingest, live, ops, reports, settlement
from pipelines.resources import build_resources
from starmap.engines.spark_pipeline import DEFAULT_SPARK_MASTER, DEFAULT_SPARK_WAREHOUSE
from starmap.settings import Locations

DOMAINS = (ingest, settlement, creators, campaigns, live, channels, reports, ops)


def resources_from_env(staged: bool = True) -> dict[str, dg.ConfigurableResource]:
    """Resources configured from STARMAP_* environment variables (contract.md). With
    STARMAP_ENGINE=spark, STARMAP_WAREHOUSE names the Parquet warehouse directory (as for
    `starmap run --engine spark`) and the ingest assets load the DuckDB file ingest.duckdb
    inside it until ingestion runs on Spark."""
    where = Locations.resolve()
    settings = os.environ.get("STARMAP_SETTINGS") or None
    engine = os.environ.get("STARMAP_ENGINE") or "duckdb"
    spark_warehouse = os.environ.get("STARMAP_WAREHOUSE") or DEFAULT_SPARK_WAREHOUSE
    spark_master = os.environ.get("STARMAP_SPARK_MASTER") or DEFAULT_SPARK_MASTER
    duckdb_file = Path(spark_warehouse, "ingest.duckdb") if engine == "spark" else where.warehouse
    return build_resources(
        duckdb_file,
        where.raw,
        settings,
        where.reports,
        staged,
        engine=engine,
        spark_warehouse=spark_warehouse,
        spark_master=spark_master,
    )


def all_assets() -> list:
    return [asset for domain in DOMAINS for asset in domain.ASSETS]


def all_asset_checks() -> list:
    return [check for domain in DOMAINS for check in domain.ASSET_CHECKS]


defs = dg.Definitions(
    assets=all_assets(),
    asset_checks=all_asset_checks(),
    schedules=ops.SCHEDULES,
    sensors=ops.SENSORS,
    jobs=ops.JOBS,
    resources=resources_from_env(),
)

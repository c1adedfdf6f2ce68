"""The one entry point that builds the Definitions `dagster dev` and `starmap run` use."""

from __future__ import annotations

import os

import dagster as dg

from pipelines import campaigns, channels, creators, ingest, live, ops, reports, settlement
from pipelines.ingest.spark_assets import spark_ingest
from pipelines.resources import build_resources
from starmap.engines.spark import DEFAULT_SPARK_MASTER, DEFAULT_SPARK_WAREHOUSE
from starmap.settings import Locations

DOMAINS = (ingest, settlement, creators, campaigns, live, channels, reports, ops)


def engine_from_env() -> str:
    """STARMAP_ENGINE: duckdb (default) or spark."""
    return os.environ.get("STARMAP_ENGINE") or "duckdb"


def resources_from_env(staged: bool = True) -> dict[str, dg.ConfigurableResource]:
    """Resources configured from STARMAP_* environment variables (contract.md). With
    STARMAP_ENGINE=spark, STARMAP_WAREHOUSE names the Parquet warehouse directory, as for
    `starmap run --engine spark`."""
    where = Locations.resolve()
    settings = os.environ.get("STARMAP_SETTINGS") or None
    return build_resources(
        where.warehouse,
        where.raw,
        settings,
        where.reports,
        staged,
        engine=engine_from_env(),
        spark_warehouse=os.environ.get("STARMAP_WAREHOUSE") or DEFAULT_SPARK_WAREHOUSE,
        spark_master=os.environ.get("STARMAP_SPARK_MASTER") or DEFAULT_SPARK_MASTER,
    )


# What reads or writes a DuckDB warehouse only: on Spark, ingestion is one step of its own
# (spark_ingest, same asset keys) and the rest is left out, not run against an empty file.
DUCKDB_ONLY = (ingest, reports)


def all_assets(engine: str = "duckdb") -> list:
    if engine == "spark":
        kept = [d for d in DOMAINS if d not in DUCKDB_ONLY]
        return [spark_ingest, *(asset for domain in kept for asset in domain.ASSETS)]
    return [asset for domain in DOMAINS for asset in domain.ASSETS]


def all_asset_checks(engine: str = "duckdb") -> list:
    """The checks defined beside the assets (the snapshot assets carry their own); on Spark
    the settlement money checks (through the warehouse resource's reading connection), not
    yet the ops checks of the ingest assets."""
    if engine == "spark":
        return list(settlement.ASSET_CHECKS)
    return [check for domain in DOMAINS for check in domain.ASSET_CHECKS]


defs = dg.Definitions(
    assets=all_assets(engine_from_env()),
    asset_checks=all_asset_checks(engine_from_env()),
    schedules=ops.SCHEDULES,
    sensors=ops.SENSORS,
    jobs=ops.JOBS,
    resources=resources_from_env(),
)

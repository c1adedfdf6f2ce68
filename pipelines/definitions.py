"""The one entry point that builds the Definitions `dagster dev` and `starmap run` use."""

from __future__ import annotations

import os

import dagster as dg

from pipelines import campaigns, channels, creators, ingest, live, ops, reports, settlement
from pipelines.resources import build_resources
from starmap.settings import Locations

DOMAINS = (ingest, settlement, creators, campaigns, live, channels, reports, ops)


def resources_from_env(staged: bool = True) -> dict[str, dg.ConfigurableResource]:
    """Resources configured from STARMAP_* environment variables (contract.md)."""
    where = Locations.resolve()
    settings = os.environ.get("STARMAP_SETTINGS") or None
    return build_resources(where.warehouse, where.raw, settings, where.reports, staged)


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

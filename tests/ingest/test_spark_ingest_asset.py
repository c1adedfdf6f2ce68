"""Dagster's engine choice without Spark: STARMAP_ENGINE=spark configures the warehouse
resource and swaps the DuckDB ingest assets for one step, spark_ingest, that calls the
ingestion seam (here a recorder: no Spark is started) under the same asset keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from pipelines.definitions import all_asset_checks, all_assets, resources_from_env
from pipelines.ingest.spark_assets import INGEST_KEYS, spark_ingest
from pipelines.resources import LandingZoneResource, PolicyResource, WarehouseResource
from starmap.engines import spark_pipeline
from starmap.engines.spark_pipeline import IngestResult
from starmap.settings import Policy


def test_the_engine_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STARMAP_ENGINE", raising=False)
    monkeypatch.delenv("STARMAP_WAREHOUSE", raising=False)
    assert not resources_from_env()["warehouse"].on_spark
    monkeypatch.setenv("STARMAP_ENGINE", "spark")
    monkeypatch.setenv("STARMAP_WAREHOUSE", "lake")
    monkeypatch.setenv("STARMAP_SPARK_MASTER", "local[1]")
    warehouse = resources_from_env()["warehouse"]
    assert warehouse.on_spark
    assert (warehouse.spark_warehouse, warehouse.spark_master) == ("lake", "local[1]")
    with pytest.raises(ValueError, match="unknown engine 'flink'"):
        assert WarehouseResource(engine="flink").on_spark


def test_on_spark_the_graph_keeps_its_keys_and_loses_what_reads_duckdb() -> None:
    def keys(assets: list) -> set[str]:
        return {key.to_user_string() for asset in assets for key in asset.keys}

    on_duckdb, on_spark = keys(all_assets()), keys(all_assets("spark"))
    assert on_duckdb - on_spark == {"reports"}
    assert on_spark == on_duckdb - {"reports"}
    assert {k.to_user_string() for k in INGEST_KEYS} <= on_spark
    assert [a for a in all_assets("spark") if set(a.keys) & set(INGEST_KEYS)] == [spark_ingest]
    # On Spark the money checks stay (they read the Parquet tables); the ops checks of the
    # ingest assets do not yet.
    names = {key.name for check in all_asset_checks("spark") for key in check.check_keys}
    assert names == {"brand_charge_identity", "prepaid_identity", "ledger_sums_to_snapshots"}
    assert len(all_asset_checks()) > len(all_asset_checks("spark"))


def test_spark_ingest_calls_the_seam_once_for_the_last_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[Any, ...]] = []

    def recorder(*args: Any) -> IngestResult:
        calls.append(args)
        return IngestResult(files=3, rows_read=10, rows_loaded=9, quarantined_by_reason={"x": 1})

    monkeypatch.setattr(spark_pipeline, "INGEST", recorder)
    monkeypatch.setattr(WarehouseResource, "spark_session", lambda self: "session")
    result = dg.materialize(
        [spark_ingest],
        resources={
            "warehouse": WarehouseResource(engine="spark", spark_warehouse=str(tmp_path)),
            "landing_zone": LandingZoneResource(path="raw"),
            "policy": PolicyResource(),
        },
        tags={
            "dagster/asset_partition_range_start": "2026-06-02",
            "dagster/asset_partition_range_end": "2026-06-04",
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    assert calls == [("session", Path("raw"), tmp_path, Policy(), date(2026, 6, 4))]
    materialized = result.get_asset_materialization_events()
    assert {e.asset_key for e in materialized} == set(INGEST_KEYS)
    metadata = materialized[0].materialization.metadata
    assert (metadata["files"].value, metadata["rows_quarantined"].value) == (3, 1)

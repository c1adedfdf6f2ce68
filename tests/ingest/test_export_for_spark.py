"""Dagster's engine choice without Spark: STARMAP_ENGINE=spark configures the warehouse
resource, and the ingest assets then export what they load into the Parquet warehouse
directory the Spark snapshot assets read."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import resources_from_env
from pipelines.ingest.assets import dimensions
from pipelines.resources import LandingZoneResource, PolicyResource, WarehouseResource
from tests.conftest import TINY_RAW, TINY_SETTINGS


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
    # The stand-in ingestion's DuckDB file lives in the Spark warehouse directory.
    assert Path(warehouse.path) == Path("lake", "ingest.duckdb")
    with pytest.raises(ValueError, match="unknown engine 'flink'"):
        assert WarehouseResource(engine="flink").on_spark


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_on_spark_the_ingest_assets_export_what_they_load(tmp_path: Path, engine: str) -> None:
    lake = tmp_path / "lake"
    result = dg.materialize(
        [dimensions],
        resources={
            "warehouse": WarehouseResource(
                path=str(tmp_path / "ingest.duckdb"), engine=engine, spark_warehouse=str(lake)
            ),
            "landing_zone": LandingZoneResource(path=str(TINY_RAW)),
            "policy": PolicyResource(settings_path=str(TINY_SETTINGS)),
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    if engine == "duckdb":
        assert not lake.exists()
        return
    with duckdb.connect() as conn:
        creators = conn.execute(f"select count(*) from '{lake}/staging/creators/*.parquet'")
        assert creators.fetchall() == [(4,)]
        loads = conn.execute(f"select count(*) from '{lake}/ops/file_loads/*.parquet'")
        assert loads.fetchall()[0][0] >= 6  # one row per dimension file

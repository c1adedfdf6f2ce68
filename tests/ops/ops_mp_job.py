"""A job of two independent warehouse writers for the multiprocess-executor test.

It lives in its own module so that `dg.reconstructable` can rebuild it in each step process.
"""

import os
import time

import dagster as dg

from pipelines.resources import WarehouseResource

WAREHOUSE_ENV = "STARMAP_OPS_TEST_WAREHOUSE"


def _writer(name: str) -> dg.AssetsDefinition:
    @dg.asset(name=name)
    def _asset(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connection() as conn:
            conn.execute("create schema if not exists ops_probe")
            conn.execute("create table if not exists ops_probe.writes (writer varchar)")
            conn.execute("insert into ops_probe.writes values ($name)", {"name": name})
            time.sleep(0.3)  # hold the writer lock so the other step has to wait for it
        return dg.MaterializeResult(metadata={"pid": os.getpid()})

    return _asset


def two_writers_job() -> dg.JobDefinition:
    """Two assets with no dependency: the multiprocess executor starts both at once."""
    defs = dg.Definitions(
        assets=[_writer("left"), _writer("right")],
        jobs=[
            dg.define_asset_job(
                "two_writers",
                executor_def=dg.multiprocess_executor.configured({"max_concurrent": 2}),
            )
        ],
        resources={"warehouse": WarehouseResource(path=os.environ[WAREHOUSE_ENV], staged=True)},
    )
    return defs.resolve_job_def("two_writers")

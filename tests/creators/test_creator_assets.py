"""The creators assets in Dagster: keys, groups, dependencies, and a backfill of a range."""

from datetime import date
from pathlib import Path

import dagster as dg

from pipelines.creators.assets import creator_tiers, mcn_standing
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.warehouse import connect
from tests.creators.warehouse_rows import Rows

UPSTREAM = {
    dg.AssetKey(name)
    for name in (
        "settlements",
        "order_attribution",
        "dimensions",
        "video_events",
        "engagement_events",
        "order_events",
    )
}


def test_asset_keys_groups_and_dependencies() -> None:
    for asset, key in ((creator_tiers, "creator_tiers"), (mcn_standing, "mcn_standing")):
        assert asset.key == dg.AssetKey(key)
        assert asset.group_names_by_key[asset.key] == "creators"
        assert set(asset.asset_deps[asset.key]) == UPSTREAM


def test_backfill_writes_every_date_of_the_range_and_passes_its_checks(
    rows: Rows, tmp_path: Path
) -> None:
    rows.creator("c1", mcn_id="m1", joined_at="2026-06-02")
    rows.creator("c2", joined_at=None)
    rows.mcn("m1", "2020-01-01")
    path = rows.conn.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    rows.conn.close()

    result = dg.materialize(
        [creator_tiers, mcn_standing],
        resources={
            "warehouse": WarehouseResource(path=path, staged=False),
            "policy": PolicyResource(),
        },
        tags={
            "dagster/asset_partition_range_start": "2026-06-01",
            "dagster/asset_partition_range_end": "2026-06-03",
        },
        instance=dg.DagsterInstance.ephemeral(),
    )

    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 4
    assert all(check.passed for check in checks)
    with connect(Path(path), read_only=True) as conn:
        counts = dict(
            conn.execute(
                "select as_of, count(*) from marts.creator_tiers group by as_of"
            ).fetchall()
        )
        mcn_rows = conn.execute("select count(*) from marts.mcn_standing").fetchone()[0]
    # c1 joins on 06-02: one creator on 06-01, two from 06-02.
    assert counts == {date(2026, 6, 1): 1, date(2026, 6, 2): 2, date(2026, 6, 3): 2}
    assert mcn_rows == 3

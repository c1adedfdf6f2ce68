"""The creators assets in Dagster: keys, groups, dependencies, and a backfill of a range."""

from datetime import date

import dagster as dg

from pipelines.creators.assets import creator_tiers, mcn_standing
from starmap.warehouse import connect
from tests.creators.warehouse_rows import DIMENSIONS, Rows, materialize_range


def test_asset_keys_groups_and_dependencies() -> None:
    for asset, key in ((creator_tiers, "creator_tiers"), (mcn_standing, "mcn_standing")):
        assert asset.key == dg.AssetKey(key)
        assert asset.group_names_by_key[asset.key] == "creators"
    # Read from the SQL: tiers count engagement on videos, GMV from order attribution and
    # credit from the collaboration states; MCN standing only creators and MCNs.
    assert set(creator_tiers.asset_deps[creator_tiers.key]) == {DIMENSIONS} | {
        dg.AssetKey("video_events"),
        dg.AssetKey("engagement_events"),
        dg.AssetKey("order_attribution"),
        dg.AssetKey("collaboration_states"),
    }
    assert set(mcn_standing.asset_deps[mcn_standing.key]) == {DIMENSIONS}


def test_backfill_writes_every_date_of_the_range_and_passes_its_checks(rows: Rows) -> None:
    rows.creator("c1", mcn_id="m1", joined_at="2026-06-02")
    rows.creator("c2", joined_at=None)
    rows.mcn("m1", "2020-01-01")

    result, path = materialize_range(
        rows, [creator_tiers, mcn_standing], "2026-06-01", "2026-06-03"
    )

    assert result.success
    checks = result.get_asset_check_evaluations()
    # Each asset's key, and the three declared checks of the tiers and one of MCN standing.
    assert sorted(check.check_name for check in checks) == [
        "credit_deductions_are_dated",
        "key_is_unique",
        "key_is_unique",
        "one_row_per_known_creator",
        "one_row_per_known_mcn",
        "scores_in_range",
    ]
    assert all(check.passed for check in checks)
    with connect(path, read_only=True) as conn:
        counts = dict(
            conn.execute(
                "select as_of, count(*) from marts.creator_tiers group by as_of"
            ).fetchall()
        )
        mcn_rows = conn.execute("select count(*) from marts.mcn_standing").fetchone()[0]
    # c1 joins on 06-02: one creator on 06-01, two from 06-02.
    assert counts == {date(2026, 6, 1): 1, date(2026, 6, 2): 2, date(2026, 6, 3): 2}
    assert mcn_rows == 3

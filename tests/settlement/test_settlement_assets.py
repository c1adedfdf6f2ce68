"""The settlement assets materialise through Dagster over a range of as-of dates, oldest
first, and their blocking money checks pass."""

from __future__ import annotations

import dagster as dg

from pipelines.resources import PolicyResource, WarehouseResource
from pipelines.settlement.assets import ASSET_CHECKS, ASSETS, settlements_identities


def test_assets_build_every_date_of_the_range_and_checks_pass(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000)
    wh.publish("p1", "2026-06-03T20:00:00+08:00", "v1", "co1")
    wh.settle()  # derive staging.videos only: no snapshot yet
    wh.close()

    result = dg.materialize(
        [*ASSETS, *ASSET_CHECKS],
        resources={
            "warehouse": WarehouseResource(path=str(wh.path), staged=False),
            "policy": PolicyResource(),
        },
        tags={
            "dagster/asset_partition_range_start": "2026-06-02",
            "dagster/asset_partition_range_end": "2026-06-04",
        },
        instance=dg.DagsterInstance.ephemeral(),
    )

    assert result.success
    evaluations = result.get_asset_check_evaluations()
    # The two identities and the ledger, and the key of each of the five snapshot tables.
    names = sorted(e.check_name for e in evaluations)
    identities = ["brand_charge_identity", "ledger_sums_to_snapshots", "prepaid_identity"]
    assert names == sorted(identities + ["key_is_unique"] * 5)
    assert all(e.passed for e in evaluations)
    wh.reopen()
    states = wh.conn.execute("select as_of, state from marts.settlements order by as_of").fetchall()
    assert [(a.isoformat(), s) for a, s in states] == [
        ("2026-06-02", "booked"),
        ("2026-06-03", "in_escrow"),
        ("2026-06-04", "in_escrow"),
    ]


def test_a_broken_money_identity_stops_what_reads_settlements(wh):
    wh.collaboration("co1", "flat_fee", price_fen=100_000).settle("2026-06-02")
    wh.conn.execute("update marts.settlements set mcn_fen = 1, refund_fen = 1")
    wh.close()

    # Stand-ins: settlements as the corrupted table stands, and one asset that reads it.
    @dg.asset(name="settlements")
    def corrupted_settlements() -> None:
        """Leaves marts.settlements as the test broke it."""

    @dg.asset(deps=[corrupted_settlements])
    def reads_settlements() -> None:
        """Would publish money figures."""

    result = dg.materialize(
        [corrupted_settlements, reads_settlements, settlements_identities],
        resources={"warehouse": WarehouseResource(path=str(wh.path), staged=False)},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )

    assert not result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {"brand_charge_identity": False, "prepaid_identity": False}
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert materialized == {dg.AssetKey("settlements")}

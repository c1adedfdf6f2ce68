"""Settlement domain (domain.md 4 and 5): fraud flags, order attribution, settlements, ledger.

The assets are the snapshot models of sql/marts/settlement/ (pipelines/snapshots.py writes
each date in one transaction); the money identities and the ledger are checked here, as
blocking checks over every snapshot.
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.resources import WarehouseResource
from pipelines.settlement import checks
from pipelines.snapshots import snapshot_assets

SNAPSHOTS = snapshot_assets("settlement")
collaboration_fraud = SNAPSHOTS["collaboration_fraud"]
collaboration_states = SNAPSHOTS["collaboration_states"]
order_attribution = SNAPSHOTS["order_attribution"]
settlements = SNAPSHOTS["settlements"]
settlement_ledger = SNAPSHOTS["settlement_ledger"]
ASSETS = list(SNAPSHOTS.values())


def _check_result(
    key: dg.AssetKey, name: str, violations: checks.Violations
) -> dg.AssetCheckResult:
    sample = "\n".join(str(row) for row in violations.sample) or "none"
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=name,
        passed=violations.passed,
        metadata={
            "violations": dg.MetadataValue.int(violations.count),
            "columns": dg.MetadataValue.text(", ".join(violations.columns)),
            "sample": dg.MetadataValue.text(sample),
        },
    )


# Both identities of settlements in one Dagster step: a step per check cost more Dagster
# overhead than the queries.
@dg.multi_asset_check(
    name="settlements_identities",
    specs=[
        dg.AssetCheckSpec(
            "brand_charge_identity",
            asset=settlements,
            blocking=True,
            description="brand_charge_fen = creator_net_fen + mcn_fen + platform_fee_fen + "
            "brand_fee_fen on every row of every snapshot (domain.md 5.5).",
        ),
        dg.AssetCheckSpec(
            "prepaid_identity",
            asset=settlements,
            blocking=True,
            description="prepaid_fen = disbursed_fen + refund_fen + escrow_fen on every "
            "flat_fee and cpe row, prepaid_fen = disbursed_fen - settled_commission_fen + "
            "refund_fen + escrow_fen on every live row, of every snapshot (domain.md 5.5, 9).",
        ),
    ],
    can_subset=True,
)
def settlements_identities(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.AssetCheckResult]:
    identities = {
        "brand_charge_identity": checks.brand_charge_identity,
        "prepaid_identity": checks.prepaid_identity,
    }
    with warehouse.connection() as conn:
        for check_key in context.selected_asset_check_keys:
            violations = identities[check_key.name](conn)
            yield _check_result(check_key.asset_key, check_key.name, violations)


@dg.asset_check(asset=settlement_ledger, blocking=True)
def ledger_sums_to_snapshots(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """The ledger summed over as_of <= D equals marts.settlements as of D, for every snapshot,
    collaboration and amount column."""
    with warehouse.connection() as conn:
        return _check_result(
            settlement_ledger.key, "ledger_sums_to_snapshots", checks.ledger_sums(conn)
        )


ASSET_CHECKS: list = [settlements_identities, ledger_sums_to_snapshots]

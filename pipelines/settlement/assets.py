"""Settlement domain (domain.md 4 and 5): fraud flags, order attribution, settlements, ledger.

Every asset is partitioned by as-of date and walks its dates oldest first; for each date it
points `visible.*` at that date, deletes the date's rows and inserts them again in one
transaction (pipelines/settlement/snapshots.py). The rules themselves live in
sql/marts/settlement/.
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import PolicyResource, WarehouseResource
from pipelines.settlement import checks
from pipelines.settlement.snapshots import (
    COLLABORATION_FRAUD_STEPS,
    ORDER_ATTRIBUTION_STEPS,
    SETTLEMENT_LEDGER_STEPS,
    SETTLEMENTS_STEPS,
)
from pipelines.snapshots import INGEST_DEPS, build_snapshots

GROUP = "settlement"


@dg.asset(
    key="collaboration_fraud",
    group_name=GROUP,
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=INGEST_DEPS,
    kinds={"duckdb"},
)
def collaboration_fraud(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Fraudulent collaboration videos (domain.md 4), as of each date: likes, comments and
    shares in the billing window, how many are bot-invalid, and the sticky fraud date (the
    first date the share of bot-invalid ones met the rule). Table marts.collaboration_fraud."""
    return build_snapshots(
        context, warehouse, policy, "marts.collaboration_fraud", COLLABORATION_FRAUD_STEPS
    )


@dg.asset(
    key="order_attribution",
    group_name=GROUP,
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=[*INGEST_DEPS, dg.AssetKey("collaboration_fraud")],
    kinds={"duckdb"},
)
def order_attribution(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Every order placed as of each date (domain.md 5.4): its last valid product click by the
    buyer on the product within attribution_days, the cps collaboration that click earns for,
    the order state, and paid, refunded, commission base, commission and platform fee."""
    return build_snapshots(
        context, warehouse, policy, "marts.order_attribution", ORDER_ATTRIBUTION_STEPS
    )


@dg.asset(
    key="settlements",
    group_name=GROUP,
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=[*INGEST_DEPS, dg.AssetKey("collaboration_fraud"), dg.AssetKey("order_attribution")],
    kinds={"duckdb"},
)
def settlements(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """What every party is owed per collaboration as of each date (domain.md 5): state with
    its precedence (fraud, removed_early, then booked/expired/in_escrow/released/active),
    gross, brand and platform fees, MCN share, creator net, brand charge, prepaid, escrow,
    refund and disbursed money, and whether the creator was eligible at booking."""
    return build_snapshots(context, warehouse, policy, "marts.settlements", SETTLEMENTS_STEPS)


@dg.asset(
    key="settlement_ledger",
    group_name=GROUP,
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=[dg.AssetKey("settlements")],
    kinds={"duckdb"},
)
def settlement_ledger(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Daily money movements: per collaboration and amount column of marts.settlements, the
    change since the previous available snapshot. Summed up to D it equals the snapshot of D."""
    return build_snapshots(
        context, warehouse, policy, "marts.settlement_ledger", SETTLEMENT_LEDGER_STEPS
    )


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
            "flat_fee and cpe row of every snapshot (domain.md 5.5).",
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


ASSETS: list = [collaboration_fraud, order_attribution, settlements, settlement_ledger]
ASSET_CHECKS: list = [settlements_identities, ledger_sums_to_snapshots]

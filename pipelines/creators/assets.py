"""Creator standing and tiers (domain.md 6, 7): marts.creator_tiers and marts.mcn_standing."""

import dagster as dg

from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import PolicyResource, WarehouseResource
from pipelines.snapshots import SETTLED_DEPS, build_snapshots

CREATOR_TIERS_SQL = (
    "marts/creators/credit_deductions",
    "marts/creators/eligibility_requests_as_of",
    "marts/creators/creator_eligibility",
    "marts/creators/video_engagement",
    "marts/creators/creator_performance",
    "marts/creators/creator_expected_prices",
    "marts/creators/delete_creator_tiers",
    "marts/creators/insert_creator_tiers",
)

MCN_STANDING_SQL = (
    "marts/creators/delete_mcn_standing",
    "marts/creators/insert_mcn_standing",
)


@dg.asset(
    key="creator_tiers",
    group_name="creators",
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=SETTLED_DEPS,
    check_specs=[
        dg.AssetCheckSpec(
            "one_row_per_known_creator",
            asset="creator_tiers",
            description="Each snapshot has one row per creator known as of its date.",
        ),
        dg.AssetCheckSpec(
            "scores_in_range",
            asset="creator_tiers",
            description="Credit within 0..credit_start, indices within 0..100, "
            "unrated exactly when the star index is null.",
        ),
        dg.AssetCheckSpec(
            "credit_deductions_are_dated",
            asset="creator_tiers",
            description="Every fraud / removed_early collaboration carries the date its "
            "credit deduction is dated by.",
        ),
    ],
)
def creator_tiers(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Credit score, eligibility, follower tier, 30-day performance, peer indices, star index,
    performance tier and expected CPM/CPE of every creator known as of each date.

    Credit deductions come from marts.settlements of the same date (fraud, removed_early) and
    unreported commercial videos; GMV from marts.order_attribution of the same date.
    """
    return build_snapshots(
        context,
        warehouse,
        policy,
        "marts.creator_tiers",
        CREATOR_TIERS_SQL,
        checks={
            "one_row_per_known_creator": "marts/creators/check_one_row_per_known_creator",
            "scores_in_range": "marts/creators/check_scores_in_range",
            "credit_deductions_are_dated": "marts/creators/check_deductions_are_dated",
        },
    )


@dg.asset(
    key="mcn_standing",
    group_name="creators",
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=SETTLED_DEPS,
    check_specs=[
        dg.AssetCheckSpec(
            "one_row_per_known_mcn",
            asset="mcn_standing",
            description="Each snapshot has one row per MCN founded by its date.",
        ),
    ],
)
def mcn_standing(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Signed creators and eligibility of every MCN known as of each date: founded at least
    365 days before it and at least 5 creators signed (creators known as of the date)."""
    return build_snapshots(
        context,
        warehouse,
        policy,
        "marts.mcn_standing",
        MCN_STANDING_SQL,
        checks={
            "one_row_per_known_mcn": "marts/creators/check_one_row_per_known_mcn",
        },
    )


ASSETS = [creator_tiers, mcn_standing]
# The checks run inside their assets (check_specs), on the dates the run wrote.
ASSET_CHECKS: list = []

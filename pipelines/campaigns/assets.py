"""Campaign funnels and ROI (domain.md 8): marts.campaign_funnel and its daily breakdown."""

import dagster as dg

from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import PolicyResource, WarehouseResource
from pipelines.snapshots import SETTLED_DEPS, build_snapshots

FUNNEL_DAILY_SQL = (
    "marts/campaigns/delete_campaign_funnel_daily",
    "marts/campaigns/insert_campaign_funnel_daily",
)

FUNNEL_SQL = (
    "marts/campaigns/delete_campaign_funnel",
    "marts/campaigns/insert_campaign_funnel",
)


@dg.asset(
    key="campaign_funnel_daily",
    group_name="campaigns",
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=SETTLED_DEPS,
    check_specs=[
        dg.AssetCheckSpec(
            "days_within_campaign",
            asset="campaign_funnel_daily",
            description="Every day lies between the campaign start and the snapshot date.",
        ),
    ],
)
def campaign_funnel_daily(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """The funnel of every started campaign per business date, as seen as of each date:
    events by their business date, unique engagements on the day first seen, orders (with
    their money as of the snapshot) on the day placed. Days without activity have no row."""
    return build_snapshots(
        context,
        warehouse,
        policy,
        "marts.campaign_funnel_daily",
        FUNNEL_DAILY_SQL,
        checks={
            "days_within_campaign": "marts/campaigns/check_days_within_campaign",
        },
    )


@dg.asset(
    key="campaign_funnel",
    group_name="campaigns",
    partitions_def=DAYS,
    backfill_policy=IN_ORDER,
    deps=[*SETTLED_DEPS, dg.AssetKey("campaign_funnel_daily")],
    check_specs=[
        dg.AssetCheckSpec(
            "roas_defined_by_cost",
            asset="campaign_funnel",
            description="ROAS is null exactly when the campaign's cost is 0.",
        ),
        dg.AssetCheckSpec(
            "order_money_consistent",
            asset="campaign_funnel",
            description="paid_orders <= orders and net GMV + refunds <= GMV.",
        ),
    ],
)
def campaign_funnel(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, policy: PolicyResource
) -> dg.MaterializeResult:
    """Funnel and ROI of every campaign started by each date: impressions to paid orders over
    the videos of its collaborations since its start, GMV, refunds, net GMV, cost (brand
    charges in marts.settlements of the same date), ROAS and stage-to-stage rates."""
    return build_snapshots(
        context,
        warehouse,
        policy,
        "marts.campaign_funnel",
        FUNNEL_SQL,
        checks={
            "roas_defined_by_cost": "marts/campaigns/check_roas_defined_by_cost",
            "order_money_consistent": "marts/campaigns/check_order_money_consistent",
        },
    )


ASSETS = [campaign_funnel_daily, campaign_funnel]
# The checks run inside their assets (check_specs), on the dates the run wrote.
ASSET_CHECKS: list = []

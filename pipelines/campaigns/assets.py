"""Campaign funnels and ROI (domain.md 8): marts.campaign_funnel and its daily breakdown,
the snapshot models of sql/marts/campaigns/ (their checks run inside the assets)."""

from pipelines.snapshots import snapshot_assets

SNAPSHOTS = snapshot_assets("campaigns")
campaign_funnel = SNAPSHOTS["campaign_funnel"]
campaign_funnel_daily = SNAPSHOTS["campaign_funnel_daily"]
ASSETS = list(SNAPSHOTS.values())
ASSET_CHECKS: list = []

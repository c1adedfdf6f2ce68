"""FACT+S sales channels (domain.md 10): marts.channel_gmv and its daily breakdown, the snapshot
models of sql/marts/channels/ (their checks, the channels partitioning each brand's orders and
net GMV among them, run inside the assets)."""

from pipelines.snapshots import snapshot_assets

SNAPSHOTS = snapshot_assets("channels")
channel_gmv = SNAPSHOTS["channel_gmv"]
channel_gmv_daily = SNAPSHOTS["channel_gmv_daily"]
ASSETS = list(SNAPSHOTS.values())
ASSET_CHECKS: list = []

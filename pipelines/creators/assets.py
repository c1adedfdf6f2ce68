"""Creator standing and tiers (domain.md 6, 7): marts.creator_tiers and marts.mcn_standing,
the snapshot models of sql/marts/creators/ (their checks run inside the assets)."""

from pipelines.snapshots import snapshot_assets

SNAPSHOTS = snapshot_assets("creators")
creator_tiers = SNAPSHOTS["creator_tiers"]
mcn_standing = SNAPSHOTS["mcn_standing"]
ASSETS = list(SNAPSHOTS.values())
ASSET_CHECKS: list = []

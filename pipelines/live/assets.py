"""Live commerce (domain.md 9): marts.live_sessions, the snapshot model of sql/marts/live/ (its
checks run inside the asset)."""

from pipelines.snapshots import snapshot_assets

SNAPSHOTS = snapshot_assets("live")
live_sessions = SNAPSHOTS["live_sessions"]
ASSETS = list(SNAPSHOTS.values())
ASSET_CHECKS: list = []

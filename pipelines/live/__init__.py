"""live domain: its assets and checks."""

from pipelines.live.assets import ASSET_CHECKS, ASSETS

__all__ = ["ASSETS", "ASSET_CHECKS"]

"""channels domain: its assets and checks."""

from pipelines.channels.assets import ASSET_CHECKS, ASSETS

__all__ = ["ASSETS", "ASSET_CHECKS"]

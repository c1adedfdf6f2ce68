"""creators domain: its assets, checks, schedules and sensors."""

from pipelines.creators.assets import ASSET_CHECKS, ASSETS

__all__ = ["ASSETS", "ASSET_CHECKS"]

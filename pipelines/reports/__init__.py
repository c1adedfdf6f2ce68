"""reports domain: its assets, checks, schedules and sensors."""

from pipelines.reports.assets import ASSET_CHECKS, ASSETS

__all__ = ["ASSETS", "ASSET_CHECKS"]

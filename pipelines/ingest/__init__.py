"""ingest domain: its assets, checks, schedules and sensors."""

from pipelines.ingest.assets import ASSET_CHECKS, ASSETS

__all__ = ["ASSETS", "ASSET_CHECKS"]

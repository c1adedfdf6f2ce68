"""ops domain: schedules, sensors and operational checks."""

from pipelines.ops.assets import ASSET_CHECKS, ASSETS
from pipelines.ops.automation import JOBS, SCHEDULES, SENSORS

__all__ = ["ASSETS", "ASSET_CHECKS", "JOBS", "SCHEDULES", "SENSORS"]

"""Unattended operation: the daily job, its 06:00 Asia/Shanghai schedule and the
delivery-folder sensor (docs/operations.md).

Both launch the same job for one day: load that delivery date and compute the snapshot as
of it, with dimensions and reports refreshed in the same run.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.ops.deliveries import (
    changed_days,
    decode_cursor,
    encode_cursor,
    folder_fingerprints,
)
from pipelines.partitions import in_calendar, outside_calendar
from pipelines.resources import LandingZoneResource
from starmap.errors import StarmapError
from starmap.warehouse import BUSINESS_TIME_ZONE

# Runs of this job write the one warehouse; an instance-level limit on this tag (see
# docs/operations.md) makes queued runs go one at a time, oldest first.
WRITER_TAG = {"starmap/warehouse": "writer"}

daily_job = dg.define_asset_job(
    name="daily_job",
    # Every asset: those added later by any domain join the daily run without a change here.
    # Unpartitioned assets (dimensions, reports) are refreshed in the same run.
    selection=dg.AssetSelection.all(),
    tags=WRITER_TAG,
    description="Load one delivery date and compute every snapshot as of it, with the "
    "dimensions and the reports.",
)


@dg.schedule(
    job=daily_job,
    cron_schedule="0 6 * * *",
    execution_timezone=BUSINESS_TIME_ZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="06:00 Asia/Shanghai: yesterday's delivery and the snapshot as of yesterday.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Request yesterday's business date: its folder is complete by 06:00, and the snapshot
    moves every day even without new files (escrow releases, expiries)."""
    now = context.scheduled_execution_time or datetime.now(ZoneInfo(BUSINESS_TIME_ZONE))
    day = now.astimezone(ZoneInfo(BUSINESS_TIME_ZONE)).date() - timedelta(days=1)
    return dg.RunRequest(
        run_key=f"daily:{day.isoformat()}",
        partition_key=day.isoformat(),
        tags={"starmap/trigger": "schedule"},
    )


@dg.sensor(
    job=daily_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="A new date= folder, or new or changed files in one, launches a run for "
    "exactly that delivery date.",
)
def delivery_sensor(
    context: dg.SensorEvaluationContext, landing_zone: LandingZoneResource
) -> dg.SensorResult | dg.SkipReason:
    """Compare the landing zone with the folder states in the cursor; one run per change."""
    try:
        now = folder_fingerprints(landing_zone.root)
    except StarmapError as error:
        return dg.SkipReason(str(error))
    seen = decode_cursor(context.cursor)
    days: list[date] = []
    for day in changed_days(seen, now):
        if in_calendar(day):
            days.append(day)
        else:  # no partition to run; the cursor keeps it, so it is reported once
            context.log.warning(f"{outside_calendar(day)}: delivery not loaded")
    newest_seen = max(seen, default=None)
    for day in days:
        if newest_seen is not None and day.isoformat() < newest_seen:
            context.log.warning(
                f"delivery {day} changed after later days were loaded: backfill "
                f"{day}...{newest_seen} to refresh their snapshots"
            )
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                # One run per folder state: a rewritten file gives a new key, a repeat does not.
                run_key=f"delivery:{day.isoformat()}:{now[day]}",
                partition_key=day.isoformat(),
                tags={"starmap/trigger": "delivery"},
            )
            for day in days
        ],
        cursor=encode_cursor(now),
    )


JOBS: list = [daily_job]
SCHEDULES: list = [daily_schedule]
SENSORS: list = [delivery_sensor]

"""One daily calendar for both meanings of a day: a delivery date (ingest) and an as-of
date (snapshots). Sharing it lets one run backfill ingest and snapshots together."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from starmap.errors import StarmapError
from starmap.warehouse import BUSINESS_TIME_ZONE

FIRST_DAY = date(2023, 1, 1)
# Simulated and replayed landing zones may carry dates ahead of the wall clock.
DAYS_AHEAD = 366

# A calendar no longer than it needs to be: Dagster lists every partition of it whenever a
# check or the reports asset records the data versions of its partitioned inputs (~0.03 s
# per thousand days, a dozen times a run).
DAYS = dg.DailyPartitionsDefinition(
    start_date=FIRST_DAY.isoformat(),
    timezone=BUSINESS_TIME_ZONE,
    end_offset=DAYS_AHEAD,
)

# Backfills of any range run as one process that walks the days in order: snapshots need
# the days before them, and per-run overhead would dominate hundreds of small days.
IN_ORDER = dg.BackfillPolicy.single_run()


def shanghai_today() -> date:
    """Today's business date (Asia/Shanghai)."""
    return datetime.now(ZoneInfo(BUSINESS_TIME_ZONE)).date()


def last_day() -> date:
    """The last day of the calendar: DAYS_AHEAD days after today (business time)."""
    return shanghai_today() + timedelta(days=DAYS_AHEAD - 1)


def in_calendar(day: date) -> bool:
    """Whether `day` is a partition of DAYS."""
    return FIRST_DAY <= day <= last_day()


def outside_calendar(day: date) -> str:
    """Why a day with no partition cannot be loaded, naming the calendar's bounds."""
    return f"day {day} is outside Starmap's calendar {FIRST_DAY}..{last_day()}"


def require_in_calendar(first: date, last: date) -> None:
    """Refuse a run whose days fall outside the calendar, naming the day and the bounds."""
    for day in (first, last):
        if not in_calendar(day):
            raise StarmapError(
                f"{outside_calendar(day)}: move the date= folder or fix the as-of date"
            )

"""One daily calendar for both meanings of a day: a delivery date (ingest) and an as-of
date (snapshots). Sharing it lets one run backfill ingest and snapshots together."""

import dagster as dg

DAYS = dg.DailyPartitionsDefinition(
    start_date="2020-01-01",
    timezone="Asia/Shanghai",
    # Simulated and replayed landing zones may carry dates ahead of the wall clock.
    end_offset=3 * 366,
)

# Backfills of any range run as one process that walks the days in order: snapshots need
# the days before them, and per-run overhead would dominate hundreds of small days.
IN_ORDER = dg.BackfillPolicy.single_run()

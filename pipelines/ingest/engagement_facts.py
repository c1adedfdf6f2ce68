"""The engagement summaries of 20_staging.sql, kept in step with every load.

A snapshot used to decide the validity of every engagement event (domain.md 4) and count
them, once per reader: at 100M events each such pass cost seconds. The summaries are
independent of the as-of date, so they are kept as the events load: rows admitted on a
delivery day are added (add.sql), a reload forgets what was admitted from its first day
on, and after every load the rows straddling a video event timestamp are split (split.sql).
"""

from __future__ import annotations

import logging
from datetime import date

import duckdb

from pipelines.ingest.sources import Source
from starmap.warehouse import run_sql

log = logging.getLogger(__name__)

SUMMARIES = ("staging.engagement_counts", "staging.interaction_events")


def _summarised(source: Source) -> bool:
    return source.name == "engagement_events"


def add_admitted(conn: duckdb.DuckDBPyConnection, source: Source, rows: str) -> None:
    """Add the rows of `rows` (a relation of staging columns, all just admitted)."""
    if _summarised(source):
        _add(conn, rows)


def _add(conn: duckdb.DuckDBPyConnection, rows: str) -> None:
    # A view: each statement of add.sql reads only the columns it needs (materialising the
    # rows first cost more than reading them twice).
    conn.execute(
        "create or replace temp view newly_admitted as select event_id, event_type, event_ts, "
        f"business_date, video_id, viewer_id, product_id, admitted_date from {rows}"
    )
    run_sql(conn, "staging/engagement_facts/add")


def forget_from(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> None:
    """Drop what was admitted on or after `day` (a reload admits it again)."""
    if not _summarised(source):
        return
    for table in SUMMARIES:
        conn.execute(f"delete from {table} where admitted_date >= $day", {"day": day})


def settle(conn: duckdb.DuckDBPyConnection) -> None:
    """Make the summaries exact for every loaded event: split what straddles, or rebuild
    them whole if their totals drifted from the events (a warehouse from before them)."""
    (drifted,) = run_sql(conn, "staging/engagement_facts/totals_differ").fetchall()[0]
    if drifted:
        log.warning("engagement summaries differ from the events: rebuilding them")
        rebuild(conn)
    else:
        run_sql(conn, "staging/engagement_facts/split")


def rebuild(conn: duckdb.DuckDBPyConnection) -> None:
    """The summaries computed afresh from every admitted engagement event."""
    for table in SUMMARIES:
        conn.execute(f"delete from {table}")
    _add(conn, "(select * from staging.engagement_events where admitted_date is not null)")
    run_sql(conn, "staging/engagement_facts/split")

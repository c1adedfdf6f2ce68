"""The engagement summaries of 20_staging.sql, brought up to date after the loads.

A snapshot used to decide the validity of every engagement event (domain.md 4) and count
them, once per reader: at 100M events each such pass cost seconds. The summaries do not
depend on the as-of date, so they follow the loads instead. They hold exactly the admitted
events up to the latest admission date they hold: a reload first forgets what was admitted
from its first day on (`forget_from`), and after the loads of a run `settle` adds what was
admitted since, in one pass, then splits the rows that straddle a video event timestamp.
The bot viewer-days are recomputed only for the business dates a run can have changed,
and their events collected after them, again only what changed.
"""

from __future__ import annotations

import logging
from datetime import date

import duckdb

from pipelines.ingest.sources import Source
from starmap.warehouse import fetch_row, run_sql

log = logging.getLogger(__name__)

SUMMARIES = (
    "staging.engagement_counts",
    "staging.interaction_events",
    "staging.bot_engagement_events",
)


# The interaction events the bot rule counts (domain.md 4).
BOT_RULE_TYPES = "('like', 'comment', 'share', 'follow')"


def forget_from(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> None:
    """Drop what was admitted on or after `day` (a reload admits it again). The bot days
    that stood on any of it are recomputed whole by the next refresh_bot_days."""
    if source.name == "live_events":  # the bot rule counts live sessions too (domain.md 9)
        conn.execute(
            "delete from staging.bot_days_basis where admitted_through >= $day", {"day": day}
        )
    if source.name != "engagement_events":
        return
    conn.execute("delete from staging.bot_days_basis where admitted_through >= $day", {"day": day})
    for table in SUMMARIES:
        conn.execute(f"delete from {table} where admitted_date >= $day", {"day": day})


def settle(conn: duckdb.DuckDBPyConnection) -> None:
    """Bring the summaries up to every admitted event: add what was admitted after the
    latest admission date they hold, rebuild them whole if the totals still differ (a
    warehouse from before them, or events changed behind the loads), split what straddles.
    """
    (summarised_to,) = fetch_row(conn, "select max(admitted_date) from staging.engagement_counts")
    # A literal date, so the scan skips the row groups admitted before it.
    since = "" if summarised_to is None else f" and admitted_date > date '{summarised_to}'"
    _add(conn, since)
    (drifted,) = run_sql(conn, "staging/engagement_facts/totals_differ").fetchall()[0]
    if drifted:
        log.warning("engagement summaries differ from the events: rebuilding them")
        rebuild(conn)
    else:
        run_sql(conn, "staging/engagement_facts/split")


def rebuild(conn: duckdb.DuckDBPyConnection) -> None:
    """The summaries computed afresh from every admitted engagement event, and the bot
    events from the bot viewer-days as they stand."""
    for table in SUMMARIES:
        conn.execute(f"delete from {table}")
    _add(conn, "")
    run_sql(conn, "staging/engagement_facts/split")
    conn.execute("delete from staging.bot_days_basis")
    collect_bot_events(conn)


def refresh_bot_days(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Bring staging.bot_viewer_days up to the admitted events and staging.videos (after
    staging/videos.sql, whose temp table changed_videos it reads). Only the business dates
    of the interaction events admitted since its basis, or on changed videos, are
    recomputed; every date when there is no basis (first run, reload, rebuild) or the rule's
    threshold changed. A day's delivery touches a handful of dates, so a run's cost no
    longer grows with the history (0.8 s at 100M over 31 days for every date)."""
    basis = conn.execute(
        "select bot_videos_per_day, admitted_through from staging.bot_days_basis"
    ).fetchall()
    conn.execute(
        "create or replace temp view bot_rule_events as select * from staging.interaction_events "
        f"where event_type in {BOT_RULE_TYPES}"
    )
    # The live sessions' likes, comments, shares and follows: contents of the rule beside
    # the videos (domain.md 9). None on data without live events.
    conn.execute(
        "create or replace temp view bot_rule_live_events as select * from staging.live_events "
        f"where event_type in {BOT_RULE_TYPES} and admitted_date is not null"
    )
    if basis and basis[0][0] == params["bot_videos_per_day"]:
        through = basis[0][1]
        # A literal date, so the scan skips the row groups admitted before it.
        since = "" if through is None else f" where admitted_date > date '{through}'"
        conn.execute(
            "create or replace temp view newly_admitted_interactions as "
            f"select business_date from bot_rule_events{since} "
            f"union all select business_date from bot_rule_live_events{since}"
        )
        run_sql(conn, "staging/engagement_facts/bot_dates_to_recompute")
        dates = _on_dates(conn, "select business_date from bot_dates_to_recompute")
    else:
        conn.execute("delete from staging.bot_viewer_days")
        dates = "true"
    conn.execute(
        "create or replace temp view bot_day_interactions as "
        f"select * from bot_rule_events where {dates}"
    )
    conn.execute(
        "create or replace temp view bot_day_live_interactions as "
        f"select * from bot_rule_live_events where {dates}"
    )
    run_sql(conn, "staging/bot_viewer_days", params)


def collect_bot_events(conn: duckdb.DuckDBPyConnection) -> None:
    """Bring staging.bot_engagement_events up to staging.bot_viewer_days and the admitted
    events: what changed since the latest admission date collected (bot_events.sql)."""
    (collected_to,) = fetch_row(
        conn, "select max(admitted_date) from staging.bot_engagement_events"
    )
    # Nothing collected yet: every bot day is collected whole, none needs its later events.
    since = " and false" if collected_to is None else f" and admitted_date >= date '{collected_to}'"
    _admitted_view(conn, "bot_event_candidates", since)
    run_sql(conn, "staging/engagement_facts/uncollected_bot_days")
    # A join on the days alone skipped no row group, so a first run read every event's
    # viewer id (3.4-3.9 s at 100M against ~1 s with the dates).
    on_those_days = _on_dates(conn, "select distinct business_date from uncollected_bot_days")
    _admitted_view(conn, "uncollected_day_events", f" and {on_those_days}")
    run_sql(conn, "staging/engagement_facts/bot_events")


def _on_dates(conn: duckdb.DuckDBPyConnection, dates_query: str) -> str:
    """A condition keeping the business dates `dates_query` returns, as literal dates so a
    scan skips the row groups of other dates; false when it returns none."""
    dates = conn.execute(dates_query).fetchall()
    listed = ", ".join(f"date '{day}'" for (day,) in dates)
    return f"business_date in ({listed})" if dates else "false"


def _add(conn: duckdb.DuckDBPyConnection, condition: str) -> None:
    _admitted_view(conn, "newly_admitted", condition)
    run_sql(conn, "staging/engagement_facts/add")


def _admitted_view(conn: duckdb.DuckDBPyConnection, name: str, condition: str) -> None:
    """Temp view `name`: the admitted engagement events meeting `condition` (a literal
    date there lets the scan skip the row groups admitted before it)."""
    conn.execute(
        f"create or replace temp view {name} as select * from staging.engagement_events "
        f"where admitted_date is not null{condition}"
    )

"""The numbers behind the reports: every query aggregates in DuckDB (sql/reports/*.sql) and
returns a small frame; raw events never reach Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from starmap.warehouse import read_sql, set_as_of, sql_params

# Two-sided 95% normal quantile for the Wilson interval of the creative-style comparison.
CONFIDENCE_Z = 1.959963984540054
CONFIDENCE_LABEL = "95%"


@dataclass(frozen=True)
class ReportData:
    """Everything the pages show for one snapshot, already aggregated."""

    as_of: date
    headlines: pl.DataFrame
    funnel_stages: pl.DataFrame
    funnel_engagement: pl.DataFrame
    daily_trend: pl.DataFrame
    creator_results: pl.DataFrame
    settlement_states: pl.DataFrame
    style_conversion: pl.DataFrame
    money_over_time: pl.DataFrame
    tier_distribution: pl.DataFrame
    quarantine_reasons: pl.DataFrame
    brand_channels: pl.DataFrame
    brand_channel_daily: pl.DataFrame
    promotion_periods: pl.DataFrame
    campaign_live_sessions: pl.DataFrame

    def for_campaign(self, frame_name: str, campaign_id: str) -> pl.DataFrame:
        """The rows of one campaign in one of the per-campaign frames."""
        frame: pl.DataFrame = getattr(self, frame_name)
        return frame.filter(pl.col("campaign_id") == campaign_id)


def newest_as_of(conn: duckdb.DuckDBPyConnection) -> date | None:
    """The newest as_of in marts.campaign_funnel or marts.settlements (None when empty)."""
    return conn.sql(read_sql("reports/newest_as_of")).fetchall()[0][0]


def _frame(conn: duckdb.DuckDBPyConnection, name: str, params: dict) -> pl.DataFrame:
    # One statement per file; the relation API hands the small result to polars directly.
    sql = read_sql(f"reports/{name}")
    return conn.sql(sql, params=sql_params(sql, params)).pl()


def load_report_data(conn: duckdb.DuckDBPyConnection, as_of: date) -> ReportData:
    """Run every report query for the snapshot `as_of` (also points `visible.*` at it)."""
    set_as_of(conn, as_of)
    params = {"as_of": as_of, "z": CONFIDENCE_Z}
    return ReportData(
        as_of=as_of,
        headlines=_frame(conn, "campaign_headlines", params),
        funnel_stages=_frame(conn, "funnel_stages", params),
        funnel_engagement=_frame(conn, "funnel_engagement", params),
        daily_trend=_frame(conn, "daily_trend", params),
        creator_results=_frame(conn, "creator_results", params),
        settlement_states=_frame(conn, "settlement_states", params),
        style_conversion=_frame(conn, "style_conversion", params),
        money_over_time=_frame(conn, "money_over_time", params),
        tier_distribution=_frame(conn, "tier_distribution", params),
        quarantine_reasons=_frame(conn, "quarantine_reasons", params),
        brand_channels=_frame(conn, "brand_channels", params),
        brand_channel_daily=_frame(conn, "brand_channel_daily", params),
        promotion_periods=_frame(conn, "promotion_periods", params),
        campaign_live_sessions=_frame(conn, "campaign_live_sessions", params),
    )

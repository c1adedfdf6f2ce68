"""Materialisation metadata every asset reports: row counts and a small preview."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dagster as dg
import duckdb

from starmap.warehouse import fetch_row

PREVIEW_ROWS = 5


def snapshot_metadata(
    conn: duckdb.DuckDBPyConnection, table: str, as_of_dates: Sequence[date]
) -> dict[str, dg.MetadataValue]:
    """Rows written for the given as-of dates and a preview of the newest snapshot."""
    newest = max(as_of_dates)
    (rows,) = fetch_row(
        conn,
        f"select count(*) from {table} where as_of between $first and $last",
        {"first": min(as_of_dates), "last": newest},
    )
    preview = conn.sql(
        f"select * from {table} where as_of = $newest limit {PREVIEW_ROWS}",
        params={"newest": newest},
    ).pl()
    return {
        "rows": dg.MetadataValue.int(int(rows)),
        "snapshots": dg.MetadataValue.int(len(as_of_dates)),
        "newest_as_of": dg.MetadataValue.text(newest.isoformat()),
        "preview": dg.MetadataValue.md(_markdown(preview)),
    }


def _markdown(frame) -> str:  # polars.DataFrame
    if frame.is_empty():
        return "_no rows_"
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *body])

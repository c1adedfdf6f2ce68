"""Loading the landing zone into raw, staging, quarantine and ops (domain.md 2, 3).

Per source and delivery day: read every file as text (read.py), keep it in raw, type it in
SQL (sql/staging/typed/), check the pandera contract (validate.py), check parents
(sql/staging/references/), then classify every row once (sql/staging/classify_*.sql):
loaded, held for a late parent, duplicate, or quarantined with a reason. Held rows are
re-examined on every later day and admitted when their parent has arrived.

Table names below come from the fixed Source specs, never from data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.read import UnreadableFileError, read_text_frame
from pipelines.ingest.sources import DIMENSIONS, Source
from pipelines.ingest.validate import domain_rejects
from starmap.landing import delivered_files, relative_name
from starmap.warehouse import fetch_row, run_sql

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchCounts:
    """What happened to the rows of one batch."""

    files: int
    rows_read: int
    rows_loaded: int
    rows_duplicate: int
    rows_quarantined: int


def _landing_frame(
    raw_root: Path, source: Source, files: list[Path], delivery_date: date | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """All rows of `files` as text, and one row per file (size, unreadable reason)."""
    frames, file_rows = [], []
    for path in files:
        name = relative_name(raw_root, path)
        unreadable = None
        try:
            frame = read_text_frame(path, source.columns)
            frames.append(frame.with_columns(pl.lit(name).alias("source_file")))
        except UnreadableFileError as error:
            unreadable = str(error)
            log.warning("%s is unreadable: %s", name, unreadable)
        file_rows.append((name, path.stat().st_size, unreadable))
    schema = {c: pl.String for c in source.columns} | {
        "row_number": pl.Int64,
        "extra_json": pl.String,
        "source_file": pl.String,
    }
    rows = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=schema)
    rows = rows.with_columns(pl.lit(delivery_date, dtype=pl.Date).alias("delivery_date"))
    batch_files = pl.DataFrame(
        file_rows,
        schema={"source_file": pl.String, "file_bytes": pl.Int64, "unreadable_detail": pl.String},
        orient="row",
    ).with_columns(pl.lit(delivery_date, dtype=pl.Date).alias("delivery_date"))
    return rows, batch_files


def _stage_landing(
    conn: duckdb.DuckDBPyConnection, source: Source, rows: pl.DataFrame, files: pl.DataFrame
) -> None:
    """Expose the batch as views landing and batch_files, and keep it in raw.

    The Arrow frames are scanned in place (zero copy): copying the batch into a temp table
    first cost a third of the raw insert. They stay registered until the next batch.
    """
    conn.register("landing", rows.to_arrow())
    conn.register("batch_files", files.to_arrow())
    keep = "" if source.is_event else " exclude (delivery_date)"
    conn.execute(f"insert into {source.raw_table} by name select *{keep} from landing")


def _screen(conn: duckdb.DuckDBPyConnection, source: Source, day: date | None) -> None:
    """Type the batch and find its domain and reference problems (temp tables)."""
    run_sql(conn, f"staging/typed/{source.name}")
    rejects = domain_rejects(conn, source)
    conn.register("domain_rejects_frame", rejects.to_arrow())
    try:
        conn.execute(
            "create or replace temp table domain_rejects as select * from domain_rejects_frame"
        )
    finally:
        conn.unregister("domain_rejects_frame")
    run_sql(conn, f"staging/references/{source.name}", {"day": day})


def _counts(conn: duckdb.DuckDBPyConnection) -> BatchCounts:
    files, read, loaded, duplicate, quarantined = fetch_row(
        conn,
        """
        select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
               coalesce(sum(rows_duplicate), 0), coalesce(sum(rows_quarantined), 0)
        from ops.file_loads as f
        where f.source_file in (select source_file from batch_files)
        """,
    )
    return BatchCounts(files, read, loaded, duplicate, quarantined)


def _record(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    run_sql(conn, "staging/landing_payloads")
    run_sql(conn, "staging/record_outcomes", {"source": source.name})


def load_dimension(conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source) -> BatchCounts:
    """Replace one dimension (a root file such as creators.csv) from the landing zone."""
    path = raw_root / f"{source.name}.csv"
    files = [path] if path.is_file() else []
    if not files:
        log.warning("%s is missing: the %s dimension is empty", path, source.name)
    for table in (source.raw_table, source.staging_table):
        conn.execute(f"delete from {table}")
    conn.execute("delete from quarantine.rejected_rows where source = $s", {"s": source.name})
    conn.execute("delete from ops.file_loads where source = $s", {"s": source.name})
    rows, batch_files = _landing_frame(raw_root, source, files, None)
    _stage_landing(conn, source, rows, batch_files)
    _screen(conn, source, None)
    conn.execute(
        f"create or replace temp table typed as select {source.key} as record_key, * from typed"
    )
    run_sql(conn, "staging/classify_dimension")
    conn.execute(
        f"""
        insert into {source.staging_table} by name
        select * exclude (record_key, source_file, row_number, schema_error, rejection, detail,
                          claims_if_held, status)
        from classified where status = 'loaded'
        """
    )
    _record(conn, source)
    return _counts(conn)


def load_dimensions(conn: duckdb.DuckDBPyConnection, raw_root: Path) -> dict[str, BatchCounts]:
    """Reload every dimension, parents first."""
    return {source.name: load_dimension(conn, raw_root, source) for source in DIMENSIONS}


def _existing(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    conn.execute(f"create or replace temp view existing as select * from {source.staging_table}")


def load_event_day(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, day: date
) -> BatchCounts:
    """Load the files of one source delivered on `day` (rows of later days must not exist)."""
    files = delivered_files(raw_root, source.name, day)
    if not files:
        return BatchCounts(0, 0, 0, 0, 0)
    rows, batch_files = _landing_frame(raw_root, source, files, day)
    _stage_landing(conn, source, rows, batch_files)
    _screen(conn, source, day)
    _existing(conn, source)
    run_sql(conn, "staging/classify_events")
    conn.execute(
        f"""
        insert into {source.staging_table} by name
        select * exclude (record_key, schema_error, rejection, detail, claims_if_held, status),
               case when status = 'loaded' then delivery_date end as admitted_date,
               status = 'loaded' or claims_if_held as claims_event_id
        from classified where status in ('loaded', 'held')
        """
    )
    _record(conn, source)
    return _counts(conn)


def reexamine_held(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> int:
    """Admit held rows whose late parent is known by delivery day `day`; how many."""
    (held,) = fetch_row(
        conn, f"select count(*) from {source.staging_table} where admitted_date is null"
    )
    if not held:
        return 0
    conn.execute(
        f"""
        create or replace temp table typed as
        select * exclude (admitted_date), cast(null as varchar) as schema_error
        from {source.staging_table} where admitted_date is null
        """
    )
    run_sql(conn, f"staging/references/{source.name}", {"day": day})
    _existing(conn, source)
    run_sql(conn, "staging/reexamine_held")
    (admitted,) = fetch_row(conn, "select count(*) from admitted")
    if admitted:
        conn.execute(
            f"""
            update {source.staging_table} as s set admitted_date = $day
            from admitted as a
            where s.source_file = a.source_file and s.row_number = a.row_number
            """,
            {"day": day},
        )
        run_sql(conn, "staging/resolve_admitted", {"day": day, "source": source.name})
    return admitted


def reset_events_from(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> None:
    """Forget what deliveries on or after `day` did to one source, to load them again."""
    run_sql(conn, "staging/unresolve_from", {"day": day, "source": source.name})
    conn.execute(
        f"""
        update {source.staging_table} set admitted_date = null
        where delivery_date < $day and admitted_date >= $day
        """,
        {"day": day},
    )
    for table in (source.staging_table, source.raw_table):
        conn.execute(f"delete from {table} where delivery_date >= $day", {"day": day})


def loaded_days(conn: duckdb.DuckDBPyConnection, source: Source) -> list[date]:
    """Delivery days of a source already in the warehouse, ascending."""
    rows = conn.execute(
        "select distinct delivery_date from ops.file_loads where source = $s order by 1",
        {"s": source.name},
    ).fetchall()
    return [row[0] for row in rows]


def refresh_derived(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Recompute staging.videos and staging.bot_viewer_days from all loaded events."""
    run_sql(conn, "staging/videos")
    run_sql(conn, "staging/bot_viewer_days", params)

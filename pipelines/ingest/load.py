"""Loading the landing zone into raw, staging, quarantine and ops (domain.md 2, 3).

Per source and delivery day: read every file as text (CSV and JSONL through read.py and
copied into raw; Parquet in place by DuckDB, parquet.py), type it in SQL
(sql/staging/typed/), check the pandera contract (validate.py), check parents
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

from pipelines.ingest import engagement_facts
from pipelines.ingest.parquet import (
    conformed_select,
    is_parquet,
    parquet_columns,
    refresh_raw_view,
)
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


@dataclass(frozen=True)
class ParquetFile:
    """A delivered Parquet file, read in place."""

    path: str  # absolute, as DuckDB reads it
    source_file: str  # below the landing zone
    columns: tuple[str, ...]  # from its footer


@dataclass(frozen=True)
class Batch:
    """The files of one batch as read."""

    files: int
    delivery_date: date | None
    parquet: tuple[ParquetFile, ...]

    def parquet_select(self, source: Source, files_table: str, only_rows: str | None) -> str:
        columns = {c for f in self.parquet for c in f.columns}
        paths = [f.path for f in self.parquet]
        return conformed_select(source, paths, columns, files_table, only_rows)


_TEXT_SCHEMA = {"row_number": pl.Int64, "extra_json": pl.String, "source_file": pl.String}


def read_batch(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    files: list[Path],
    delivery_date: date | None,
) -> Batch:
    """Expose `files` as temp view `landing` (text rows) and `batch_files` (one row per file:
    size, unreadable reason), and type the rows into temp table `typed`. Writes nothing
    lasting, so call it outside a transaction: if DuckDB cannot decode a Parquet file that
    looked readable, the batch is read again through polars, which names the bad file.
    """
    try:
        return _read_batch(conn, raw_root, source, files, delivery_date, parquet_in_place=True)
    except duckdb.Error as error:
        if not any(is_parquet(path) for path in files):
            raise
        log.warning("reading Parquet in place failed (%s): reading the batch file by file", error)
        return _read_batch(conn, raw_root, source, files, delivery_date, parquet_in_place=False)


def _read_batch(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    files: list[Path],
    delivery_date: date | None,
    parquet_in_place: bool,
) -> Batch:
    frames, file_rows, parquet = [], [], []
    for path in files:
        name = relative_name(raw_root, path)
        unreadable = None
        try:
            if parquet_in_place and is_parquet(path):
                columns = tuple(parquet_columns(path))
                parquet.append(ParquetFile(path.resolve().as_posix(), name, columns))
            else:
                frame = read_text_frame(path, source.columns)
                frames.append(frame.with_columns(pl.lit(name).alias("source_file")))
        except UnreadableFileError as error:
            unreadable = str(error)
            log.warning("%s is unreadable: %s", name, unreadable)
        file_rows.append((name, path.stat().st_size, unreadable))
    schema = {c: pl.String for c in source.columns} | _TEXT_SCHEMA
    rows = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=schema)
    rows = rows.with_columns(pl.lit(delivery_date, dtype=pl.Date).alias("delivery_date"))
    batch_files = pl.DataFrame(
        file_rows,
        schema={"source_file": pl.String, "file_bytes": pl.Int64, "unreadable_detail": pl.String},
        orient="row",
    ).with_columns(pl.lit(delivery_date, dtype=pl.Date).alias("delivery_date"))
    # Arrow frames are scanned in place (zero copy) and stay registered until the next batch.
    conn.register("landing_text", rows.to_arrow())
    conn.register("batch_files", batch_files.to_arrow())
    batch = Batch(len(files), delivery_date, tuple(parquet))
    if parquet:
        conn.execute(
            "create or replace temp table landing_parquet_files as "
            "select unnest($paths) as path, unnest($names) as source_file, "
            "cast($day as date) as delivery_date",
            {
                "paths": [f.path for f in parquet],
                "names": [f.source_file for f in parquet],
                "day": delivery_date,
            },
        )
    _landing_view(conn, "landing", source, batch)
    run_sql(conn, f"staging/typed/{source.name}")
    return batch


def _landing_view(
    conn: duckdb.DuckDBPyConnection,
    name: str,
    source: Source,
    batch: Batch,
    only_rows: str | None = None,
) -> None:
    """Temp view `name`: the batch's rows as text (copied and Parquet alike), or only those
    listed in table `only_rows` (source_file, row_number), chosen before conforming."""
    select = "select l.* from landing_text as l"
    if only_rows:
        select += (
            f" semi join {only_rows} as w"
            " on w.source_file = l.source_file and w.row_number = l.row_number"
        )
    if batch.parquet:
        select += "\nunion all by name\n"
        select += batch.parquet_select(source, "landing_parquet_files", only_rows)
    conn.execute(f"create or replace temp view {name} as {select}")


def _keep_raw(conn: duckdb.DuckDBPyConnection, source: Source, batch: Batch) -> None:
    """Copy the batch's text rows into raw; list its Parquet files (read in place)."""
    keep = "" if source.is_event else " exclude (delivery_date)"
    conn.execute(f"insert into {source.raw_rows_table} by name select *{keep} from landing_text")
    if batch.parquet:
        conn.execute(
            "insert into raw.parquet_files "
            "select $source, unnest($names), unnest($paths), $day, unnest($columns)",
            {
                "source": source.name,
                "names": [f.source_file for f in batch.parquet],
                "paths": [f.path for f in batch.parquet],
                "day": batch.delivery_date,
                "columns": [list(f.columns) for f in batch.parquet],
            },
        )


def _screen(conn: duckdb.DuckDBPyConnection, source: Source, day: date | None) -> None:
    """Find the domain and reference problems of temp table `typed` (temp tables)."""
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


def _record(conn: duckdb.DuckDBPyConnection, source: Source, batch: Batch) -> None:
    # Only the few rows that end in quarantine need their raw text again, as payload.
    conn.execute(
        "create or replace temp table quarantined_rows as "
        "select source_file, row_number from row_status "
        "where status not in ('loaded', 'duplicate')"
    )
    _landing_view(conn, "quarantined_landing", source, batch, only_rows="quarantined_rows")
    run_sql(conn, "staging/landing_payloads")
    run_sql(conn, "staging/record_outcomes", {"source": source.name})


def load_dimension(conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source) -> BatchCounts:
    """Replace one dimension (a root file such as creators.csv) from the landing zone."""
    path = raw_root / f"{source.name}.csv"
    files = [path] if path.is_file() else []
    if not files:
        log.warning("%s is missing: the %s dimension is empty", path, source.name)
    for table in (source.raw_rows_table, source.staging_table):
        conn.execute(f"delete from {table}")
    conn.execute("delete from quarantine.rejected_rows where source = $s", {"s": source.name})
    conn.execute("delete from ops.file_loads where source = $s", {"s": source.name})
    batch = read_batch(conn, raw_root, source, files, None)
    _keep_raw(conn, source, batch)
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
    _record(conn, source, batch)
    return _counts(conn)


def load_dimensions(conn: duckdb.DuckDBPyConnection, raw_root: Path) -> dict[str, BatchCounts]:
    """Reload every dimension, parents first."""
    return {source.name: load_dimension(conn, raw_root, source) for source in DIMENSIONS}


def _existing(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    # rowid lets a narrow probe name the few history rows worth reading whole.
    conn.execute(
        "create or replace temp view existing as "
        f"select rowid as history_rowid, * from {source.staging_table}"
    )


def read_event_day(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, day: date
) -> Batch:
    """Read and type the files of one source delivered on `day` (see read_batch)."""
    return read_batch(conn, raw_root, source, delivered_files(raw_root, source.name, day), day)


def write_event_day(conn: duckdb.DuckDBPyConnection, source: Source, batch: Batch) -> BatchCounts:
    """Load the batch read by read_event_day (rows of later days must not exist).

    raw.<source> shows its Parquet files after the next refresh_raw_view.
    """
    if not batch.files:
        return BatchCounts(0, 0, 0, 0, 0)
    _keep_raw(conn, source, batch)
    _screen(conn, source, batch.delivery_date)
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
    _record(conn, source, batch)
    return _counts(conn)


def load_event_day(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, day: date
) -> BatchCounts:
    """Read and load the files of one source delivered on `day`, and show them in raw."""
    counts = write_event_day(conn, source, read_event_day(conn, raw_root, source, day))
    refresh_raw_view(conn, source, raw_root)
    return counts


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
        select rowid as staging_rowid, * exclude (admitted_date),
               cast(null as varchar) as schema_error
        from {source.staging_table} where admitted_date is null
        """
    )
    run_sql(conn, f"staging/references/{source.name}", {"day": day})
    _existing(conn, source)
    run_sql(conn, "staging/reexamine_held")
    (admitted,) = fetch_row(conn, "select count(*) from admitted")
    if admitted:
        # By rowid, read in this transaction: matching by file and row scanned every
        # file name of the history.
        conn.execute(
            f"""
            update {source.staging_table} as s set admitted_date = $day
            from admitted as a
            where s.rowid = a.staging_rowid
            """,
            {"day": day},
        )
        run_sql(conn, "staging/resolve_admitted", {"day": day, "source": source.name})
    return admitted


def reset_events_from(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> None:
    """Forget what deliveries on or after `day` did to one source, to load them again."""
    engagement_facts.forget_from(conn, source, day)
    run_sql(conn, "staging/unresolve_from", {"day": day, "source": source.name})
    conn.execute(
        f"""
        update {source.staging_table} set admitted_date = null
        where delivery_date < $day and admitted_date >= $day
        """,
        {"day": day},
    )
    for table in (source.staging_table, source.raw_rows_table):
        conn.execute(f"delete from {table} where delivery_date >= $day", {"day": day})
    # raw.<source> shows the change on the next refresh_raw_view (after the reload).
    conn.execute(
        "delete from raw.parquet_files where source = $s and delivery_date >= $day",
        {"s": source.name, "day": day},
    )


def loaded_days(conn: duckdb.DuckDBPyConnection, source: Source) -> list[date]:
    """Delivery days of a source already in the warehouse, ascending."""
    rows = conn.execute(
        "select distinct delivery_date from ops.file_loads where source = $s order by 1",
        {"s": source.name},
    ).fetchall()
    return [row[0] for row in rows]


def refresh_derived(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Recompute staging.videos and staging.bot_viewer_days from all loaded events, and
    settle the engagement summaries (engagement_facts.py)."""
    run_sql(conn, "staging/videos")
    engagement_facts.settle(conn)
    run_sql(conn, "staging/bot_viewer_days", params)

"""Loading the landing zone into raw, staging, quarantine and ops (domain.md 2, 3).

Per source, one pass over one or more consecutive delivery days: read every file as text
(CSV and JSONL through read.py and copied into raw; Parquet in place by DuckDB,
parquet.py), type it in SQL (sql/staging/typed/), check the pandera contract
(validate.py), check parents as of each row's delivery day (sql/staging/references/), then
classify every row once (sql/staging/classify_*.sql): loaded, held for a late parent,
duplicate, or quarantined with a reason. Held rows are re-examined on every later day and
admitted when their parent has arrived.

A pass over several days gives exactly what loading them one by one gives (see
load_event_days for why, and when it falls back to one day at a time); it probes the
history and runs the ~30 statements of a load once instead of once per day.

Table names below come from the fixed Source specs, never from data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
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
from starmap.landing import (
    OPTIONAL_DIMENSION_SOURCES,
    delivered_files,
    relative_name,
    stray_files,
)
from starmap.settings import Policy
from starmap.timing import stage
from starmap.warehouse import fetch_row, memory_limit_bytes, run_sql

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
    delivery_date: date | None


@dataclass(frozen=True)
class Batch:
    """The files of one batch as read: one or more delivery days of a source."""

    files: int
    days: tuple[date, ...]  # the delivery days it covers; none for a dimension
    parquet: tuple[ParquetFile, ...]

    def parquet_select(self, source: Source, files_table: str, only_rows: str | None) -> str:
        columns = {c for f in self.parquet for c in f.columns}
        paths = [f.path for f in self.parquet]
        return conformed_select(source, paths, columns, files_table, only_rows)


_TEXT_SCHEMA = {
    "row_number": pl.Int64,
    "extra_json": pl.String,
    "read_error": pl.String,  # why read.py could not read the row (kept out of raw)
    "source_file": pl.String,
}


DeliveredFile = tuple[Path, date | None]  # a file and its delivery day (none: a dimension)


@stage("ingest")
def read_batch(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, files: list[DeliveredFile]
) -> Batch:
    """Expose `files` as temp view `landing` (text rows) and `batch_files` (one row per file:
    size, unreadable reason), and type the rows into temp table `typed`. Writes nothing
    lasting, so call it outside a transaction: if DuckDB cannot decode a Parquet file that
    looked readable, the batch is read again through polars, which names the bad file.
    """
    # An engine that cannot read Parquet in place (starmap/engines/spark_tables.py) is
    # given every file's rows as text.
    if not getattr(conn, "reads_parquet_in_place", True):
        return _read_batch(conn, raw_root, source, files, parquet_in_place=False)
    try:
        return _read_batch(conn, raw_root, source, files, parquet_in_place=True)
    except duckdb.Error as error:
        if not any(is_parquet(path) for path, _ in files):
            raise
        log.warning("reading Parquet in place failed (%s): reading the batch file by file", error)
        return _read_batch(conn, raw_root, source, files, parquet_in_place=False)


def _read_batch(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    files: list[DeliveredFile],
    parquet_in_place: bool,
) -> Batch:
    frames, file_rows, parquet = [], [], []
    for path, day in files:
        name = relative_name(raw_root, path)
        unreadable = None
        try:
            if parquet_in_place and is_parquet(path):
                columns = tuple(parquet_columns(path))
                parquet.append(ParquetFile(path.resolve().as_posix(), name, columns, day))
            else:
                frame = read_text_frame(path, source.columns)
                frames.append(
                    frame.with_columns(
                        pl.lit(name).alias("source_file"),
                        pl.lit(day, dtype=pl.Date).alias("delivery_date"),
                    )
                )
        except UnreadableFileError as error:
            unreadable = str(error)
            log.warning("%s is unreadable: %s", name, unreadable)
        file_rows.append((name, path.stat().st_size, unreadable, day))
    schema = {c: pl.String for c in source.columns} | _TEXT_SCHEMA | {"delivery_date": pl.Date}
    rows = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=schema)
    batch_files = pl.DataFrame(
        file_rows,
        schema={
            "source_file": pl.String,
            "file_bytes": pl.Int64,
            "unreadable_detail": pl.String,
            "delivery_date": pl.Date,
        },
        orient="row",
    )
    # Arrow frames are scanned in place (zero copy) and stay registered until the next batch.
    conn.register("landing_text", rows.to_arrow())
    conn.register("batch_files", batch_files.to_arrow())
    days = tuple(sorted({day for _, day in files if day is not None}))
    batch = Batch(len(files), days, tuple(parquet))
    if parquet:
        conn.execute(
            "create or replace temp table landing_parquet_files as "
            "select unnest($paths) as path, unnest($names) as source_file, "
            "unnest(cast($days as date[])) as delivery_date",
            {
                "paths": [f.path for f in parquet],
                "names": [f.source_file for f in parquet],
                "days": [f.delivery_date for f in parquet],
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


@stage("ingest")
def _keep_raw(conn: duckdb.DuckDBPyConnection, source: Source, batch: Batch) -> None:
    """Copy the batch's text rows into raw; list its Parquet files (read in place)."""
    keep = " exclude (read_error)" if source.is_event else " exclude (delivery_date, read_error)"
    conn.execute(f"insert into {source.raw_rows_table} by name select *{keep} from landing_text")
    if batch.parquet:
        conn.execute(
            "insert into raw.parquet_files "
            "select $source, unnest($names), unnest($paths), unnest(cast($days as date[])), "
            "unnest($columns)",
            {
                "source": source.name,
                "names": [f.source_file for f in batch.parquet],
                "paths": [f.path for f in batch.parquet],
                "days": [f.delivery_date for f in batch.parquet],
                "columns": [list(f.columns) for f in batch.parquet],
            },
        )


# The rows of a batch that make their own parents known (Source.parents_own_rows): a
# publish its video, a start its live session (domain.md 9). {key} and {event} are filled
# in per source (_own_parents).
_PARENT_OF = {"video_events": ("video_id", "publish"), "live_events": ("live_id", "start")}
# The publishes (starts) of a batch that can load: the first guess of which make their
# videos (sessions) known.
_PUBLISHES_WITHOUT_SCHEMA_ERROR = (
    "select {key}, delivery_date from typed where event_type = '{event}' and schema_error is null"
)
_LOADED_PUBLISHES = (
    "select {key}, delivery_date from classified where event_type = '{event}' and status = 'loaded'"
)
_NO_PUBLISHES = "select null::varchar as {key}, null::date as delivery_date where false"


def _own_parents(source: Source, query: str) -> str:
    key, event = _PARENT_OF.get(source.name, _PARENT_OF["video_events"])
    return query.format(key=key, event=event)


def _references(
    conn: duckdb.DuckDBPyConnection,
    source: Source,
    day: date | None,
    batch_publishes: str = _NO_PUBLISHES,
) -> None:
    """Temp table reference_problems: the missing parents of temp table `typed`, as of `day`
    or of each row's own delivery day when None. For video events, the query
    `batch_publishes` names the publishes being written that make their videos known."""
    if "video_id" in source.columns:  # events that name a video: it must be known
        publishes = batch_publishes if source.parents_own_rows else _NO_PUBLISHES
        conn.execute(
            f"create or replace temp table batch_publishes as {_own_parents(source, publishes)}"
        )
        run_sql(conn, "staging/references/known_videos")
    if "live_id" in source.columns:  # live events: their session's start must be known
        starts = _own_parents(source, batch_publishes)
        conn.execute(f"create or replace temp table batch_starts as {starts}")
        run_sql(conn, "staging/references/known_lives")
    run_sql(conn, f"staging/references/{source.name}", {"day": day})


@stage("validation")
def _screen(
    conn: duckdb.DuckDBPyConnection, source: Source, day: date | None, policy: Policy | None
) -> None:
    """Find the domain and reference problems of temp table `typed` (temp tables), with
    parents as of `day`, or of each row's own delivery day when None."""
    rejects = domain_rejects(conn, source, (policy or Policy()).max_amount_fen)
    conn.register("domain_rejects_frame", rejects.to_arrow())
    try:
        conn.execute(
            "create or replace temp table domain_rejects as select * from domain_rejects_frame"
        )
    finally:
        conn.unregister("domain_rejects_frame")
    _references(conn, source, day, _PUBLISHES_WITHOUT_SCHEMA_ERROR)


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


@stage(None, "staging._record")
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


def load_dimension(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, policy: Policy | None = None
) -> BatchCounts:
    """Replace one dimension (a root file such as creators.csv) from the landing zone."""
    path = raw_root / f"{source.name}.csv"
    files = [path] if path.is_file() else []
    if not files and source.name not in OPTIONAL_DIMENSION_SOURCES:
        log.warning("%s is missing: the %s dimension is empty", path, source.name)
    for table in (source.raw_rows_table, source.staging_table):
        conn.execute(f"delete from {table}")
    conn.execute("delete from quarantine.rejected_rows where source = $s", {"s": source.name})
    conn.execute("delete from ops.file_loads where source = $s", {"s": source.name})
    batch = read_batch(conn, raw_root, source, [(path, None) for path in files])
    _keep_raw(conn, source, batch)
    _screen(conn, source, None, policy)
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


def load_dimensions(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, policy: Policy | None = None
) -> dict[str, BatchCounts]:
    """Reload every dimension, parents first."""
    return {source.name: load_dimension(conn, raw_root, source, policy) for source in DIMENSIONS}


def _existing(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    # rowid lets a narrow probe name the few history rows worth reading whole.
    conn.execute(
        "create or replace temp view existing as "
        f"select rowid as history_rowid, * from {source.staging_table}"
    )


def read_event_days(
    conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source, days: list[date]
) -> Batch:
    """Read and type the files of one source delivered on `days` (see read_batch)."""
    files = [(path, day) for day in days for path in delivered_files(raw_root, source.name, day)]
    return read_batch(conn, raw_root, source, files)


@stage(None, "staging.write_event_batch")
def write_event_batch(
    conn: duckdb.DuckDBPyConnection, source: Source, batch: Batch, policy: Policy | None = None
) -> BatchCounts:
    """Load the batch read by read_event_days (rows of later days must not exist).

    raw.<source> shows its Parquet files after the next refresh_raw_view.
    """
    if not batch.files:
        return BatchCounts(0, 0, 0, 0, 0)
    _keep_raw(conn, source, batch)
    # One day: its parents as of that day; several: as of each row's own delivery day.
    day = batch.days[0] if len(batch.days) == 1 else None
    _screen(conn, source, day, policy)
    _existing(conn, source)
    run_sql(conn, "staging/classify_events")
    if source.parents_own_rows:
        _settle_own_parents(conn, source, day)
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


def _settle_own_parents(conn: duckdb.DuckDBPyConnection, source: Source, day: date | None) -> None:
    """Classify the batch again if a publish first taken to make its video known did not
    load (rejected, held, a duplicate). Once is enough: whether a publish loads does not
    depend on which videos are known, since a row held for its video claims its id as a
    loaded row does (domain.md 2), so the publishes that loaded now are final."""
    (not_loaded,) = fetch_row(
        conn,
        f"select count(*) from ({_own_parents(source, _PUBLISHES_WITHOUT_SCHEMA_ERROR)} "
        f"except {_own_parents(source, _LOADED_PUBLISHES)})",
    )
    if not_loaded:
        _references(conn, source, day, _LOADED_PUBLISHES)
        run_sql(conn, "staging/classify_events")


def load_event_day(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    day: date,
    policy: Policy | None = None,
) -> BatchCounts:
    """Read and load the files of one source delivered on `day`, and show them in raw."""
    batch = read_event_days(conn, raw_root, source, [day])
    counts = write_event_batch(conn, source, batch, policy)
    refresh_raw_view(conn, source, raw_root)
    return counts


def pass_bytes(conn: duckdb.DuckDBPyConnection) -> int:
    """Landing bytes one load pass may span: 1/32 of DuckDB's memory limit (~180 MiB at the
    default 6 GB). A pass's typed rows take ~12x its Parquet bytes in memory (at 100M
    events, passes of 96 MiB added 1.6 GB to the peak RSS, of 192 MiB 2.6 GB), so they stay
    under half the limit."""
    return memory_limit_bytes(conn) // 32


def plan_passes(
    raw_root: Path, source: Source, days: list[date], max_bytes: int
) -> list[list[date]]:
    """The consecutive `days` grouped into load passes of at most `max_bytes` of files, in
    order (a bigger day is a pass of its own)."""
    passes: list[list[date]] = []
    pass_size = 0
    for day in days:
        day_bytes = sum(p.stat().st_size for p in delivered_files(raw_root, source.name, day))
        if passes and pass_size + day_bytes <= max_bytes:
            passes[-1].append(day)
            pass_size += day_bytes
        else:
            passes.append([day])
            pass_size = day_bytes
    return passes


@dataclass(frozen=True)
class PassCounts:
    """What one load pass did: its rows, and the held rows it admitted."""

    first_day: date
    last_day: date
    counts: BatchCounts
    admitted: int


def load_event_range(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    days: list[date],
    policy: Policy | None = None,
) -> Iterator[PassCounts]:
    """Load consecutive delivery days of one source in passes sized to the memory limit,
    yielding what each pass did as it finishes."""
    for days_of_pass in plan_passes(raw_root, source, days, pass_bytes(conn)):
        yield from load_event_days(conn, raw_root, source, days_of_pass, policy)


class _PassInterference(Exception):
    """A held row that does not claim its event_id became ready before a pass's last day."""


def load_event_days(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    days: list[date],
    policy: Policy | None = None,
) -> list[PassCounts]:
    """Load consecutive delivery days of one source in one pass, one transaction each.

    A pass gives what loading its days one by one gives:
    - parents are checked as of each row's delivery day. They are dimensions, other sources
      loaded before, and for video events the pass's own publishes: a publish that loads
      makes its video known from its delivery day, as it does loaded alone, and whether it
      loads does not depend on the other rows' parents (_settle_own_parents);
    - ids are ranked by delivery day, file and row over the history and the whole pass,
      as one day's load ranks them over the history and that day: a copy that lost to an
      earlier one changes neither which copy is first nor its content;
    - held rows are re-examined on every day of the pass, in order. Ones that claim their
      id were contenders from the day they arrived, so admitting them changes no ranking.
      A held row that does not claim its id starts to claim it when admitted, which could
      turn a later day's copy into a duplicate: if one becomes ready before the last day,
      the pass is rolled back and its days are loaded one at a time.
    """
    try:
        return [_load_pass(conn, raw_root, source, days, policy)]
    except _PassInterference:
        log.info(
            "%s: a held row became ready inside %s..%s: loading day by day",
            source.name,
            days[0],
            days[-1],
        )
        return [_load_pass(conn, raw_root, source, [day], policy) for day in days]


def _load_pass(
    conn: duckdb.DuckDBPyConnection,
    raw_root: Path,
    source: Source,
    days: list[date],
    policy: Policy | None,
) -> PassCounts:
    # Read outside the transaction: a Parquet file DuckDB cannot decode is then read again
    # file by file instead of aborting the pass (read_batch).
    batch = read_event_days(conn, raw_root, source, days)
    conn.execute("begin")
    try:
        counts = write_event_batch(conn, source, batch, policy)
        admitted = 0
        if len(days) > 1:
            admitted += _admit_before_last_day(conn, source, days)
        admitted += reexamine_held(conn, source, days[-1])
    except _PassInterference:
        conn.execute("rollback")
        raise
    conn.execute("commit")
    return PassCounts(days[0], days[-1], counts, admitted)


@stage(None, "staging.reexamine_held")
def reexamine_held(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> int:
    """Admit held rows whose late parent is known by delivery day `day`; how many. For video
    events again after a round admitted some: a publish admitted now makes its video known
    to the held deletes, hides and restores of the same day."""
    admitted = 0
    while _held_as_typed(conn, source):
        _references(conn, source, day)
        _existing(conn, source)
        run_sql(conn, "staging/reexamine_held")
        admitted_now = _admit(conn, source, day)
        admitted += admitted_now
        if not (admitted_now and source.parents_own_rows):
            break
    return admitted


def _admit_before_last_day(
    conn: duckdb.DuckDBPyConnection, source: Source, days: list[date]
) -> int:
    """Admit the held rows that became ready on the days of a pass before its last, which
    are all written already; how many. Readiness only grows with the day, so only the rows
    ready on the last day are examined. Any ready row that does not claim its id raises
    _PassInterference (load_event_days). Among them is every held publish (held for its
    creator or collaboration, it claims no id), whose video the pass took as unknown."""
    if not _held_as_typed(conn, source):
        return 0
    _ready_on(conn, source, days[-1], "ready_by_last_day")
    conn.execute("create or replace temp table typed as select * from ready_by_last_day")
    admitted_in_pass = 0
    for day in days[:-1]:
        _ready_on(conn, source, day, "admitted")
        (unclaimed,) = fetch_row(conn, "select count(*) from admitted where not claims_event_id")
        if unclaimed:
            raise _PassInterference
        # Ones that claim their id are admitted whatever else holds it (reexamine_held.sql).
        admitted_in_pass += _admit(conn, source, day)
        conn.execute(
            "delete from typed where staging_rowid in (select staging_rowid from admitted)"
        )
    return admitted_in_pass


def _ready_on(conn: duckdb.DuckDBPyConnection, source: Source, day: date, into: str) -> None:
    """Temp table `into`: the rows of temp table `typed` whose parents are known on `day`."""
    _references(conn, source, day)
    conn.execute(
        f"create or replace temp table {into} as select t.* from typed as t "
        "anti join reference_problems as r "
        "on r.source_file = t.source_file and r.row_number = t.row_number"
    )


def _held_as_typed(conn: duckdb.DuckDBPyConnection, source: Source) -> int:
    """Temp table `typed`: the source's held rows with their staging rowid; how many."""
    (held,) = fetch_row(
        conn, f"select count(*) from {source.staging_table} where admitted_date is null"
    )
    if held:
        conn.execute(
            f"""
            create or replace temp table typed as
            select rowid as staging_rowid, * exclude (admitted_date),
                   cast(null as varchar) as schema_error
            from {source.staging_table} where admitted_date is null
            """
        )
    return held


def _admit(conn: duckdb.DuckDBPyConnection, source: Source, day: date) -> int:
    """Admit the held rows of temp table `admitted` on `day`; how many."""
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


@stage(None, "staging.reset_events_from")
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
        "select distinct delivery_date from ops.file_loads "
        "where source = $s and delivery_date is not null order by 1",
        {"s": source.name},
    ).fetchall()
    return [row[0] for row in rows]


def record_stray_files(conn: duckdb.DuckDBPyConnection, raw_root: Path, source: Source) -> int:
    """Quarantine (as unreadable, with why) every file under the source's folder that no
    delivery day reads, replacing what the last run recorded; how many. Such a file has
    no delivery date, so no snapshot depends on it."""
    conn.execute(
        "delete from quarantine.rejected_rows where source = $s and delivery_date is null",
        {"s": source.name},
    )
    conn.execute(
        "delete from ops.file_loads where source = $s and delivery_date is null",
        {"s": source.name},
    )
    stray = stray_files(raw_root, source.name)
    for path, reason in stray:
        log.warning("%s is not loaded: %s", relative_name(raw_root, path), reason)
    if stray:
        files = pl.DataFrame(
            {
                "source_file": [relative_name(raw_root, path) for path, _ in stray],
                "file_bytes": [path.stat().st_size for path, _ in stray],
                "detail": [reason for _, reason in stray],
            }
        )
        conn.register("stray_files", files.to_arrow())
        try:
            conn.execute(
                """
                insert into quarantine.rejected_rows
                select $s, source_file, null, null, null, 'unreadable', detail, null, false,
                       null, null
                from stray_files
                """,
                {"s": source.name},
            )
            conn.execute(
                "insert into ops.file_loads "
                "select $s, source_file, null, file_bytes, 1, 0, 0, 1, now() from stray_files",
                {"s": source.name},
            )
        finally:
            conn.unregister("stray_files")
    return len(stray)


@stage(None, "staging.refresh_derived")
def refresh_derived(conn: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Bring staging.videos, the engagement summaries and staging.bot_viewer_days (with
    their events) up to all loaded events (engagement_facts.py)."""
    run_sql(conn, "staging/videos")
    engagement_facts.settle(conn)
    engagement_facts.refresh_bot_days(conn, params)
    engagement_facts.collect_bot_events(conn)

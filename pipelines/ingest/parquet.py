"""Parquet deliveries, read in place by DuckDB (docs/ingestion.md, "Parquet read in place").

Parquet files are already typed, compressed and immutable once delivered, so their rows
are not copied into the warehouse: DuckDB reads them where they lie, once to type the
batch, and `raw.<source>` is a view that shows them, conformed exactly like the copied
rows of CSV and JSONL files (text, trimmed, empty as null, 1-based row numbers, unknown
columns as JSON), beside those copied rows (`raw.<source>_rows`). Copying every event as
text cost more than typing, validating and deduplicating it together.

Table names come from the fixed Source specs; file paths are quoted as SQL literals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.read import (
    BLANKS,
    EXTRA_JSON,
    READ_ERRORS,
    ROW_NUMBER,
    UnreadableFileError,
)
from pipelines.ingest.sources import Source

# The whitespace trimmed from every value, as for copied rows (read.BLANKS).
_BLANKS = " || ".join(f"chr({ord(char)})" for char in BLANKS)


def _text(column: str) -> str:
    """A column as trimmed text, empty as null. Trimming only values that start or end
    with whitespace (<= ' ') costs a quarter of trimming every value."""
    value = f"cast(p.{_identifier(column)} as varchar)"
    return (
        f"case when {value} = '' or {value}[1] <= ' ' or {value}[-1] <= ' ' "
        f"then nullif(trim({value}, {_BLANKS}), '') else {value} end"
    )


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parquet_columns(path: Path) -> list[str]:
    """The file's column names, from its footer; UnreadableFileError if it has none.

    Read by polars, not DuckDB: a DuckDB error inside a transaction would abort it.
    """
    try:
        return list(pl.read_parquet_schema(path))
    except READ_ERRORS as error:
        raise UnreadableFileError.from_error(error) from error


def conformed_select(
    source: Source,
    paths: Sequence[str],
    columns: Iterable[str],
    files_table: str,
    only_rows: str | None = None,
) -> str:
    """SELECT of the rows of `paths` as the raw text columns of `source`.

    `columns` is the union of the files' columns; `files_table` maps each path to its
    source_file and delivery_date; `only_rows` (a table of source_file, row_number), when
    given, keeps just those rows, before any value is conformed.
    """
    present = set(columns)
    text = [
        (_text(c) if c in present else "cast(null as varchar)") + f" as {_identifier(c)}"
        for c in source.columns
    ]
    extras = sorted(present - set(source.columns))
    extra_json = (
        "to_json(struct_pack("
        + ", ".join(f"{_identifier(c)} := p.{_identifier(c)}" for c in extras)
        + "))"
        if extras
        else "cast(null as varchar)"
    )
    files = ", ".join(_literal(path) for path in paths)
    only = (
        f"semi join {only_rows} as w"
        " on w.source_file = f.source_file and w.row_number = p.file_row_number + 1"
        if only_rows
        else ""
    )
    return f"""
        select
            cast(p.file_row_number + 1 as bigint) as {ROW_NUMBER},
            {", ".join(text)},
            {extra_json} as {EXTRA_JSON},
            f.source_file,
            f.delivery_date
        from read_parquet(
            [{files}], filename = true, file_row_number = true, union_by_name = true,
            hive_partitioning = false
        ) as p
        inner join {files_table} as f on f.path = p.filename
        {only}
    """


def refresh_raw_view(conn: duckdb.DuckDBPyConnection, source: Source, raw_root: Path) -> None:
    """(Re)define raw.<source>: the copied text rows and the Parquet files read in place,
    found below `raw_root` (the landing zone of this run, wherever it now lies)."""
    _drop_legacy_raw_table(conn, source)
    conn.execute(
        "update raw.parquet_files set path = $root || '/' || source_file where source = $s",
        {"root": raw_root.resolve().as_posix(), "s": source.name},
    )
    rows = conn.execute(
        "select path, columns from raw.parquet_files where source = $s order by path",
        {"s": source.name},
    ).fetchall()
    select = f"select * from {source.raw_rows_table}"
    if rows:
        columns = {c for _, file_columns in rows for c in file_columns}
        parquet = conformed_select(source, [p for p, _ in rows], columns, "raw.parquet_files")
        select += f"\nunion all by name\n{parquet}"
    conn.execute(f"create or replace view {source.raw_table} as {select}")


def _drop_legacy_raw_table(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    # Warehouses made before Parquet was read in place kept raw.<source> as a table; the
    # changed code reloads every delivery day, so dropping it loses nothing.
    (legacy,) = conn.execute(
        "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = $t",
        {"t": source.name},
    ).fetchone() or (0,)
    if legacy:
        conn.execute(f"drop table {source.raw_table}")

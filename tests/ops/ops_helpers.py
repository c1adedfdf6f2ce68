"""Helpers for the operations tests: hand-made warehouses and content checksums."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from starmap.warehouse import connect, ensure_schema

# ops.file_loads rows: (source, source_file, delivery_date, read, loaded, duplicate, quarantined)
FileLoad = tuple[str, str, date | None, int, int, int, int]

# Columns that hold wall-clock times, not data: left out of content comparisons.
WALL_CLOCK_COLUMNS = {("ops", "file_loads", "loaded_at"), ("ops", "run_inputs", "recorded_at")}


def insert_file_loads(path: Path, rows: list[FileLoad]) -> None:
    """Create the warehouse schema at `path` and append rows to ops.file_loads."""
    with connect(path) as conn:
        ensure_schema(conn)
        if rows:
            conn.executemany(
                """
                insert into ops.file_loads (source, source_file, delivery_date, rows_read,
                    rows_loaded, rows_duplicate, rows_quarantined, loaded_at)
                values (?, ?, ?, ?, ?, ?, ?, now())
                """,
                rows,
            )


def table_checksums(path: Path) -> dict[str, tuple[int, int]]:
    """Per base table: (row count, order-independent content hash), wall-clock columns left out."""
    sums: dict[str, tuple[int, int]] = {}
    with connect(path, read_only=True) as conn:
        tables = conn.execute(
            """
            select schema_name, table_name from duckdb_tables()
            where database_name = current_database() and not temporary
            order by all
            """
        ).fetchall()
        for schema, table in tables:
            columns = [
                name
                for (name,) in conn.execute(
                    """
                    select column_name from duckdb_columns()
                    where database_name = current_database() and schema_name = $schema
                      and table_name = $table
                    order by column_index
                    """,
                    {"schema": schema, "table": table},
                ).fetchall()
                if (schema, table, name) not in WALL_CLOCK_COLUMNS
            ]
            row_hash = "hash(" + ", ".join(f'"{c}"' for c in columns) + ")"
            count, content = conn.execute(
                f'select count(*), coalesce(sum({row_hash}), 0) from "{schema}"."{table}"'
            ).fetchone()
            sums[f"{schema}.{table}"] = (int(count), int(content))
    return sums

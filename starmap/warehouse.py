"""The DuckDB warehouse: connections, SQL files, and crash-safe publishing.

One writer, many readers: a run never writes the published file. It copies the
warehouse to a private work file under an exclusive lock (patching the file the last
publish replaced where it can: starmap/work_base.py), writes there, and on success
atomically renames the work file over the published one. Readers open the published file
read-only at any moment and see the last complete run; a killed run leaves only a stale
work file that the next writer removes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from starmap.models import Model, schema_statements, snapshot_models
from starmap.timing import timed
from starmap.work_base import keep_as_base, work_from_base

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
BUSINESS_TIME_ZONE = "Asia/Shanghai"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened, written or published."""


def read_sql(name: str) -> str:
    """The text of `sql/<name>` (name relative to the sql folder, `.sql` optional)."""
    path = SQL_DIR / (name if name.endswith(".sql") else f"{name}.sql")
    return path.read_text(encoding="utf-8")


def sql_params(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of `params` that `sql` names as `$param` (DuckDB rejects extra ones)."""
    wanted = set(_PARAM.findall(sql))
    missing = wanted - set(params)
    if missing:
        raise KeyError(f"SQL needs parameter(s) {sorted(missing)}")
    return {name: params[name] for name in wanted}


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute every statement of `sql/<name>` with named parameters."""
    with timed(None, f"sql:{name}"):
        return execute(conn, read_sql(name), params)


def execute(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute a script statement by statement, each with the named parameters it uses."""
    result = conn
    for statement in split_statements(sql):
        result = conn.execute(statement, sql_params(statement, params or {}))
    return result


def fetch_row(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> tuple:
    """The single row a query returns, with its result fully consumed (DuckDB 2 refuses
    new work on a connection while a result is still open)."""
    rows = conn.execute(sql, params or {}).fetchall()
    if len(rows) != 1:
        raise ValueError(f"expected one row, got {len(rows)}")
    return rows[0]


def split_statements(sql: str) -> list[str]:
    """Split a SQL script on `;` at line ends (our files keep one statement per `;\\n`)."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", body) if part.strip()]


# DuckDB's own default (80% of RAM) lets one run's buffer pool crowd out everything else on
# the machine; half the RAM, at most 6 GiB, keeps a 100M-event run under 8 GiB of RSS (the
# rest spills to the temp directory beside the warehouse). STARMAP_DUCKDB_MEMORY_LIMIT
# (a DuckDB size such as "12GB") overrides it.
MEMORY_LIMIT_ENV = "STARMAP_DUCKDB_MEMORY_LIMIT"
MAX_DEFAULT_MEMORY_MIB = 6 * 1024


def default_memory_limit() -> str:
    """The DuckDB memory_limit a connection gets: the environment's, or half the RAM <= 6 GiB."""
    configured = os.environ.get(MEMORY_LIMIT_ENV)
    if configured:
        return configured
    ram_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    return f"{min(MAX_DEFAULT_MEMORY_MIB, ram_mib // 2)}MB"


_SIZE_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def memory_limit_bytes(conn: duckdb.DuckDBPyConnection) -> int:
    """The connection's DuckDB memory_limit in bytes (DuckDB shows it as e.g. '5.7 GiB')."""
    (shown,) = fetch_row(conn, "select current_setting('memory_limit')")
    number, unit = str(shown).split()
    return int(float(number) * _SIZE_UNITS[unit])


def connect(path: str | os.PathLike[str], read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with business time zone and the settings every step relies on."""
    conn = duckdb.connect(str(path), read_only=read_only)
    conn.execute(f"set TimeZone = '{BUSINESS_TIME_ZONE}'")
    conn.execute("set memory_limit = $limit", {"limit": default_memory_limit()})
    return conn


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create every schema, table and view of `sql/schema/` (idempotent), in file order, then
    what the models declare (starmap/models.py): the snapshot tables with their comments (a
    column a model gained is added to an existing table) and the analysts' `visible.*` views.

    Skipped when the warehouse already has this exact schema (a fingerprint of the files):
    opening a connection stays cheap, and a changed file is applied on the next open.
    """
    scripts = [path.read_text(encoding="utf-8") for path in sorted(SQL_DIR.glob("schema/*.sql"))]
    declared = list(schema_statements())
    fingerprint = hashlib.sha256("\n".join(scripts + declared).encode()).hexdigest()
    if _schema_fingerprint(conn) == fingerprint:
        return
    conn.execute("begin")
    keyed = _set_aside_keyed_marts(conn)
    for script in scripts:
        execute(conn, script)
    for statement in declared:
        conn.execute(statement)
    add_declared_columns(conn)
    for table in keyed:  # the statements created them again, without the key
        conn.execute(f"insert into marts.{table} by name select * from marts.{table}{_KEYED}")
        conn.execute(f"drop table marts.{table}{_KEYED}")
    conn.execute(
        "create or replace table ops.schema_state as select $f as fingerprint", {"f": fingerprint}
    )
    conn.execute("commit")


_KEYED = "__keyed"


def add_declared_columns(
    conn: duckdb.DuckDBPyConnection, models: Sequence[Model] | None = None
) -> None:
    """Add to the snapshot tables of an older warehouse the columns their models declare
    since (nullable: the rows already there are recomputed by the next run, whose
    fingerprint of the SQL changed)."""
    existing = set(
        conn.execute(
            "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns() "
            "where database_name = current_database()"
        ).fetchall()
    )
    for model in snapshot_models() if models is None else models:
        for column in model.columns:
            if (f"{model.name}.{column.name}",) not in existing:
                nullable = column.type.lower().replace("not null", "").strip()
                conn.execute(f"alter table {model.name} add column {column.name} {nullable}")


def _set_aside_keyed_marts(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Rename the marts tables of older warehouses that still carry a primary key (which
    made replacing a date's rows slow), so the schema scripts create them without it."""
    tables = [
        name
        for (name,) in conn.execute(
            """
            select distinct table_name from duckdb_constraints()
            where database_name = current_database() and schema_name = 'marts'
              and constraint_type = 'PRIMARY KEY'
            """
        ).fetchall()
    ]
    for table in tables:
        conn.execute(f"alter table marts.{table} rename to {table}{_KEYED}")
    return tables


def _schema_fingerprint(conn: duckdb.DuckDBPyConnection) -> str | None:
    exists = conn.execute(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'ops' and table_name = 'schema_state'"
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = conn.execute("select fingerprint from ops.schema_state").fetchall()
    return rows[0][0] if rows else None


def set_as_of(conn: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Point the `visible.*` views of this connection at business date `as_of`."""
    conn.execute("set variable as_of_date = cast($as_of as date)", {"as_of": as_of})


def _work_files(published: Path) -> list[Path]:
    return sorted(published.parent.glob(f".{published.name}.work-*"))


@contextmanager
def _writer_lock(published: Path) -> Iterator[None]:
    lock_path = published.parent / f".{published.name}.lock"
    try:
        published.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise WarehouseError(
            f"cannot write the warehouse folder {published.parent}: {error}"
        ) from error
    try:
        # Blocks until the previous writer is done: a second run waits, it never fails.
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextmanager
def staged_copy(published: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a private work copy of the warehouse; publish it atomically on success.

    On any exception (or a kill) the published file stays exactly as it was. Failures to
    copy, checkpoint or publish raise WarehouseError; errors of the caller's block propagate
    unchanged (they are not warehouse problems).
    """
    published = Path(published).resolve()
    with _writer_lock(published):
        for stale in _work_files(published):
            _remove(stale)  # left by a killed run: its work file, WAL or spill folder
        # A fresh name per call: DuckDB caches open databases by path within a process, so
        # reusing a name could hand a later step a database bound to an already published file.
        work = published.parent / f".{published.name}.work-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        wal = Path(f"{work}.wal")
        try:
            with _warehouse_errors(published):
                if published.exists() and not work_from_base(published, work):
                    shutil.copyfile(published, work)
            yield work
            with _warehouse_errors(published):
                # Fold the write-ahead log into the file so the rename publishes everything.
                with duckdb.connect(str(work)) as conn:
                    conn.execute("checkpoint")
                _fsync(work)
                keep_as_base(published)
                os.replace(work, published)
                _fsync(published.parent)
        finally:
            for leftover in (work, wal, Path(f"{work}.tmp")):
                _remove(leftover)


@contextmanager
def kept_open(work: Path) -> Iterator[None]:
    """Keep the private work copy `work` open for the block.

    DuckDB shares one open database per file within a process, so every connect() inside
    the block joins it (~1 ms) instead of reading the catalog of the file again (50-90 ms
    on a 3 GB warehouse, for each of the ~50 steps of a run), and a step closing its
    connection no longer checkpoints. Closing at the end checkpoints once. Inside the
    block the file cannot be opened read-only in this process, so only for work copies.
    """
    with _warehouse_errors(work):
        anchor = connect(work)
    try:
        yield
    finally:
        anchor.close()


@contextmanager
def _warehouse_errors(published: Path) -> Iterator[None]:
    """Report a failed copy or publish (disk full, permissions) as one WarehouseError line."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise WarehouseError(f"cannot write the warehouse {published}: {reason}") from error


def _remove(path: Path) -> None:
    # DuckDB spills to a `<database>.tmp` folder beside the work file.
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""What a run must redo: the first day whose inputs changed since the last published run.

A snapshot as of D sees only deliveries <= D (domain.md 0), so when nothing delivered on or
before D changed, the snapshots up to D stand as they are. A run therefore reloads and
recomputes from the earliest of: the first delivery day whose files differ (by name and
size) from what the warehouse loaded, and the day after the newest snapshot. Anything that
changes every snapshot (settings, dimension files, the SQL and code) starts from the first
delivery day.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import duckdb

from starmap import __version__
from starmap.landing import (
    DIMENSION_SOURCES,
    EVENT_SOURCES,
    OPTIONAL_DIMENSION_SOURCES,
    OPTIONAL_EVENT_SOURCES,
    delivered_files,
    relative_name,
)
from starmap.settings import Policy
from starmap.warehouse import SQL_DIR

FileSet = frozenset[tuple[str, int]]


def inputs_fingerprint(raw: Path, policy: Policy) -> str:
    """A digest of everything that shapes every snapshot at once."""
    digest = hashlib.sha256(f"{__version__}\n{policy!r}\n".encode())
    for path in sorted(SQL_DIR.rglob("*.sql")):
        digest.update(path.read_bytes())
    for name in DIMENSION_SOURCES + OPTIONAL_DIMENSION_SOURCES:
        file = raw / f"{name}.csv"
        digest.update(file.read_bytes() if file.is_file() else b"<missing>")
    return digest.hexdigest()


def inputs_unchanged(conn: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    """Whether the published warehouse was computed from the same settings, SQL and code
    version and dimension files: then its dimension tables are what reloading would give."""
    stored = conn.execute("select fingerprint from ops.run_inputs").fetchall()
    return bool(stored) and stored[0][0] == fingerprint


def _landing_files(raw: Path, days: list[date]) -> dict[tuple[str, date], FileSet]:
    return {
        (source, day): frozenset(
            (relative_name(raw, f), f.stat().st_size) for f in delivered_files(raw, source, day)
        )
        for source in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES
        for day in days
    }


def _loaded_files(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, date], FileSet]:
    loaded: dict[tuple[str, date], set[tuple[str, int]]] = defaultdict(set)
    rows = conn.execute(
        "select source, delivery_date, source_file, file_bytes from ops.file_loads "
        "where delivery_date is not null"
    ).fetchall()
    for source, day, name, size in rows:
        loaded[(source, day)].add((name, size))
    return {key: frozenset(files) for key, files in loaded.items()}


def first_day_to_redo(
    conn: duckdb.DuckDBPyConnection,
    raw: Path,
    days: list[date],
    as_of: date,
    fingerprint: str,
) -> date | None:
    """The first day to reload and recompute up to `as_of`; None when everything stands."""
    if not inputs_unchanged(conn, fingerprint):
        return days[0]
    wanted = [day for day in days if day <= as_of]
    landing = _landing_files(raw, wanted)
    loaded = _loaded_files(conn)
    changed = [
        day
        for (source, day), files in landing.items()
        if files != loaded.get((source, day), frozenset())
    ]
    changed += [day for (_, day) in loaded if day <= as_of and day not in wanted]
    (newest,) = conn.execute("select max(as_of) from marts.settlements").fetchall()[0]
    missing_from = days[0] if newest is None else max(days[0], newest + timedelta(days=1))
    first = min([*changed, missing_from])
    return first if first <= as_of else None


def record_inputs(conn: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """Remember what this run was computed from (read by the next run)."""
    conn.execute("delete from ops.run_inputs")
    conn.execute("insert into ops.run_inputs values ($f, now())", {"f": fingerprint})

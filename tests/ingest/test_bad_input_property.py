"""Property (issue 22): corrupt random rows and bytes of a valid CSV or JSON Lines file;
every file still balances, every row ends somewhere, and every row left intact loads."""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.load import load_event_day
from pipelines.ingest.sources import SOURCES
from starmap.warehouse import connect
from tests.landing_zone import engagement, ingest, publish, write_dimensions, write_events

COLUMNS = SOURCES["engagement_events"].columns
ROWS = 10
# Bytes a broken export holds: quotes, separators, line breaks, control characters,
# bytes that are not UTF-8, JSON syntax.
NASTY = [b'"', b",", b"\n", b"\r", b"\x00", b"\x01", b"\x1f", b"\xff", b"\xe4\xb8", b"{", b"]"]

corruption = st.tuples(
    st.integers(0, ROWS - 1),  # which row
    st.sampled_from(["insert", "replace", "delete", "truncate"]),
    st.integers(0, 200),  # where in the row (modulo its length)
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=3).map(b"".join),
)


def _event_id(n: int) -> str:
    # Two copies of the number: no single edit of one id gives another.
    return f"e{n:03d}x{n:03d}"


def _lines(suffix: str) -> tuple[bytes, list[bytes]]:
    rows = [
        engagement(_event_id(n), "impression", f"2026-06-03T10:{n:02d}:00+08:00", viewer=f"u{n}")
        for n in range(ROWS)
    ]
    if suffix == ".csv":
        header = ",".join(COLUMNS).encode()
        lines = [",".join(str(row.get(c) or "") for c in COLUMNS).encode() for row in rows]
        return header + b"\n", lines
    return b"", [json.dumps(row).encode() for row in rows]


@functools.cache
def _base() -> tuple[Path, Path]:
    """A landing zone with the dimensions and v1's publish, and its warehouse: each example
    copies the warehouse and loads one engagement file into it (a whole ingest per
    example made the property test take minutes)."""
    root = Path(tempfile.mkdtemp(prefix="corrupt-base-"))
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    warehouse = root / "base.duckdb"
    ingest(root, warehouse).close()
    return root, warehouse


def _corrupt(line: bytes, how: str, where: int, junk: bytes) -> bytes:
    at = where % (len(line) + 1)
    if how == "insert":
        return line[:at] + junk + line[at:]
    if how == "replace":
        return line[:at] + junk + line[at + len(junk) :]
    if how == "delete":
        return line[:at] + line[at + 1 + where % 7 :]
    return line[:at]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: the suite stays deterministic
)
@given(suffix=st.sampled_from([".csv", ".jsonl"]), corruptions=st.lists(corruption, max_size=4))
def test_corrupted_rows_cost_only_themselves(suffix: str, corruptions: list) -> None:
    header, lines = _lines(suffix)
    corrupted = set()
    for row, how, where, junk in corruptions:
        lines[row] = _corrupt(lines[row], how, where, junk)
        corrupted.add(row)
    base_root, base_warehouse = _base()
    work = Path(tempfile.mkdtemp(prefix="corrupt-"))
    try:
        root = work / "raw"
        shutil.copytree(base_root, root, ignore=shutil.ignore_patterns("*.duckdb*"))
        path = root / "engagement_events" / "date=2026-06-03" / f"part-0{suffix}"
        path.parent.mkdir(parents=True)
        path.write_bytes(header + b"\n".join(lines) + b"\n")
        warehouse = work / "w.duckdb"
        shutil.copy(base_warehouse, warehouse)
        with connect(warehouse) as conn:
            load_event_day(conn, root, SOURCES["engagement_events"], date(2026, 6, 3))
            _assert_where_rows_went(conn, corrupted, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _assert_where_rows_went(conn, corrupted: set[int], path: Path) -> None:
    loaded = {
        r[0] for r in conn.execute("select event_id from staging.engagement_events").fetchall()
    }
    intact = {_event_id(n) for n in range(ROWS) if n not in corrupted}
    assert intact <= loaded, (intact - loaded, path.read_bytes())
    files = conn.execute(
        "select rows_read, rows_loaded, rows_duplicate, rows_quarantined, "
        "(select count(*) from quarantine.rejected_rows q "
        " where q.source_file = f.source_file and q.resolved_at is null) "
        "from ops.file_loads f where source = 'engagement_events'"
    ).fetchall()
    assert len(files) == 1
    read, n_loaded, duplicate, quarantined, rejected_rows = files[0]
    assert read == n_loaded + duplicate + quarantined  # conservation
    assert quarantined == rejected_rows  # each quarantined row has its reason
    assert n_loaded == len(loaded)
    unreadable = conn.execute(
        "select count(*) from quarantine.rejected_rows where reason = 'unreadable'"
    ).fetchall()[0][0]
    if intact:  # a file with an intact row is never unreadable
        assert unreadable == 0
        raw_rows = conn.execute("select count(*) from raw.engagement_events").fetchall()[0][0]
        assert raw_rows == read  # every row read is kept in raw

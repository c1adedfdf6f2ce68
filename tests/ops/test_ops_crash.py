"""Crash safety and idempotence: a killed writer leaves the published warehouse as it was,
a rerun after a kill equals an uninterrupted run, and rerunning gives identical tables."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from starmap.runner import run_pipeline
from starmap.warehouse import connect, ensure_schema, kept_open, staged_copy
from tests.conftest import TINY_RAW, TINY_SETTINGS
from tests.ops.ops_helpers import table_checksums
from tests.ops.ops_scripts import ROWS_PER_VERSION

SCRIPTS = Path(__file__).with_name("ops_scripts.py")
# Three delivery days (06-03 .. 06-05): every layer is written, and a run stays short.
AS_OF = date(2026, 6, 5)


def _work_files(warehouse: Path) -> list[Path]:
    return list(warehouse.parent.glob(f".{warehouse.name}.work-*"))


def test_kill_9_inside_staged_copy_leaves_the_published_warehouse_unchanged(
    tmp_path: Path,
) -> None:
    warehouse, ready = tmp_path / "w.duckdb", tmp_path / "ready"
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("create table kept as select range as i from range(5)")
    before = table_checksums(warehouse)

    writer = subprocess.Popen([sys.executable, str(SCRIPTS), "hang", str(warehouse), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():  # it has deleted `kept` and checkpointed its work copy
            assert writer.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    assert table_checksums(warehouse) == before
    assert _work_files(warehouse)  # the killed writer's half-written copy is still there
    # The next writer is not blocked by the dead one, clears its leftovers and publishes.
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("insert into kept values (5)")
    assert not _work_files(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from kept").fetchone() == (6,)
        tables = conn.execute("select table_name from duckdb_tables()").fetchall()
    assert ("half_written",) not in tables


def test_next_writer_clears_the_work_file_wal_and_spill_folder_of_a_killed_run(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("create table kept as select 1 as x")
    dead = tmp_path / ".w.duckdb.work-999-dead"
    for leftover in (dead, Path(f"{dead}.wal")):
        leftover.write_bytes(b"half written")
    Path(f"{dead}.tmp").mkdir()  # DuckDB's spill folder of the dead work copy
    Path(f"{dead}.tmp", "duckdb_temp_block-1.block").write_bytes(b"spilled")
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("insert into kept values (2)")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".w.duckdb.base",
        ".w.duckdb.lock",
        "w.duckdb",
    ]


def _ledger_state(warehouse: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        (version,) = conn.execute("select version from meta").fetchone()
        rows, total = conn.execute(
            "select count(*), coalesce(sum(amount), 0) from ledger"
        ).fetchone()
    return version, rows, int(total)


def test_kill_9_at_random_moments_always_leaves_a_complete_published_version(
    tmp_path: Path,
) -> None:
    """A writer publishing versions back to back, killed at random: during the copy, the
    writes, the checkpoint or the rename. The published file is always one whole version."""
    warehouse = tmp_path / "w.duckdb"
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("create table meta as select 0 as version")
        conn.execute("create table ledger (version int, amount bigint)")
    moments = random.Random(6)
    versions = [0]
    for _ in range(4):
        writer = subprocess.Popen(
            [sys.executable, str(SCRIPTS), "write", str(warehouse), "100000", "0"]
        )
        time.sleep(moments.uniform(0.8, 1.6))  # ~0.5 s to start, then versions every few ms
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        version, rows, total = _ledger_state(warehouse)
        assert (rows, total) == (version * ROWS_PER_VERSION, 0)
        versions.append(version)
    assert versions == sorted(versions)
    assert versions[-1] > 0  # the writers did publish between kills


def _run(warehouse: Path, as_of: date = AS_OF) -> None:
    run_pipeline(
        raw=str(TINY_RAW),
        warehouse=str(warehouse),
        as_of=as_of,
        settings=str(TINY_SETTINGS),
    )


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny landing zone run once, uninterrupted, into a fresh warehouse."""
    warehouse = tmp_path_factory.mktemp("clean") / "w.duckdb"
    _run(warehouse)
    return warehouse


def _kill_run_at(warehouse: Path, progress_line: str, delay_s: float) -> None:
    """Start `starmap run` in another process and SIGKILL it `delay_s` after it prints a line."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "starmap.cli",
            "run",
            "--raw",
            str(TINY_RAW),
            "--warehouse",
            str(warehouse),
            "--settings",
            str(TINY_SETTINGS),
            "--as-of",
            AS_OF.isoformat(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for line in run.stderr:
            if progress_line in line:
                time.sleep(delay_s)
                break
        assert run.poll() is None, "the run ended before it could be killed"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()


def _settlement_rows(warehouse: Path) -> tuple[int]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute("select count(*) from marts.settlements").fetchone()


def test_kill_9_during_a_run_then_rerun_equals_an_uninterrupted_run(
    tmp_path: Path, clean_run: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with connect(warehouse) as conn:  # what was published before: the empty warehouse
        ensure_schema(conn)
    before = table_checksums(warehouse)
    clean = table_checksums(clean_run)

    # Killed while loading the dimensions, then while loading deliveries and snapshots.
    for progress_line, delay_s in [
        ("loading dimensions", 0.3),
        ("loading deliveries and computing snapshots", 1.0),
    ]:
        _kill_run_at(warehouse, progress_line, delay_s)
        assert table_checksums(warehouse) == before
        assert _work_files(warehouse)  # it was killed with its work copy half-written

    # An analyst in another process reads the published file all through the rerun.
    stop, out = tmp_path / "stop", tmp_path / "seen.json"
    reader = subprocess.Popen(
        [sys.executable, str(SCRIPTS), "read-marts", str(warehouse), str(stop), str(out)]
    )
    try:
        _run(warehouse)
        time.sleep(1.0)  # and a moment after it
    finally:
        stop.touch()
        reader.wait(timeout=60)
    assert table_checksums(warehouse) == clean
    assert not _work_files(warehouse)
    seen = json.loads(out.read_text())
    assert seen["errors"] == [] and seen["violations"] == []
    # It saw the old published state during the run, then the new one, never anything between.
    (settlement_rows,) = _settlement_rows(clean_run)
    assert seen["settlement_rows"] == [0, settlement_rows]
    assert settlement_rows > 0


def test_rerunning_days_gives_identical_tables(tmp_path: Path, clean_run: Path) -> None:
    # Days 06-03 and 06-04 again on a warehouse that already holds 06-05: their deliveries
    # are reloaded (with 06-05's, which ingest reloads after them) and their snapshots redone.
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(clean_run, warehouse)
    _run(warehouse, as_of=date(2026, 6, 4))
    assert table_checksums(warehouse) == table_checksums(clean_run)


def test_a_work_copy_kept_open_publishes_every_step_or_nothing(tmp_path: Path) -> None:
    # starmap run keeps its work copy open so each step joins the open database; the
    # steps' writes must still all be published, and a failure must publish none of them.
    warehouse = tmp_path / "w.duckdb"
    with staged_copy(warehouse) as work, kept_open(work):
        for step in range(3):
            with connect(work) as conn:
                conn.execute(f"create table step_{step} as select {step} as i")
        with connect(work) as conn:  # a later step sees the earlier ones at once
            assert conn.execute("select count(*) from duckdb_tables()").fetchone() == (3,)
    with (
        pytest.raises(RuntimeError, match="step failed"),
        staged_copy(warehouse) as work,
        kept_open(work),
    ):
        with connect(work) as conn:
            conn.execute("drop table step_0")
        raise RuntimeError("step failed")

    assert not _work_files(warehouse) and not Path(f"{warehouse}.wal").exists()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = conn.execute("select table_name from duckdb_tables() order by 1").fetchall()
    assert tables == [("step_0",), ("step_1",), ("step_2",)]

"""One writer, many readers: concurrent writers wait for each other, readers always see a
complete published snapshot, and the multiprocess executor never hits a lock error."""

import json
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from starmap.warehouse import staged_copy

SCRIPTS = Path(__file__).with_name("ops_scripts.py")


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPTS), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _finish(process: subprocess.Popen, timeout_s: float = 60) -> None:
    _, stderr = process.communicate(timeout=timeout_s)
    assert process.returncode == 0, stderr.decode()


def test_concurrent_writers_wait_for_each_other_and_lose_no_update(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    writers = [_start("count", str(warehouse), "5") for _ in range(2)]
    for writer in writers:
        _finish(writer)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select n from counter").fetchone() == (10,)
    assert not list(tmp_path.glob(".w.duckdb.work-*"))


def test_reader_in_another_process_always_sees_a_complete_snapshot(tmp_path: Path) -> None:
    warehouse, stop, out = tmp_path / "w.duckdb", tmp_path / "stop", tmp_path / "seen.json"
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("create table meta as select 0 as version")
        conn.execute("create table ledger (version int, amount bigint)")
    reader = _start("read", str(warehouse), str(stop), str(out))
    try:
        time.sleep(1.0)  # the reader is up and reading version 0
        _finish(_start("write", str(warehouse), "6", "0.05"))
        time.sleep(0.5)
    finally:
        stop.touch()
    _finish(reader)
    seen = json.loads(out.read_text())
    assert seen["errors"] == []
    assert seen["violations"] == []
    # It read before, during and after the writes: several published versions, in order.
    assert len(seen["versions"]) >= 3
    assert seen["versions"] == sorted(seen["versions"])
    assert seen["versions"][-1] == 6
    assert seen["opens"] >= 20


def test_analyst_can_read_the_published_file_while_a_writer_holds_its_work_copy(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute("create table kept as select 1 as x")
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as writer:
        writer.execute("insert into kept values (2)")
        # An open read-write work copy does not lock analysts out of the published file.
        with duckdb.connect(str(warehouse), read_only=True) as analyst:
            assert analyst.execute("select count(*) from kept").fetchone() == (1,)
    with duckdb.connect(str(warehouse), read_only=True) as analyst:
        assert analyst.execute("select count(*) from kept").fetchone() == (2,)


def test_multiprocess_executor_steps_share_the_warehouse_without_lock_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ops import ops_mp_job

    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv(ops_mp_job.WAREHOUSE_ENV, str(warehouse))
    # Step processes rebuild the job from its module, found from this folder.
    job = dg.build_reconstructable_job(
        reconstructor_module_name=ops_mp_job.__name__,
        reconstructor_function_name="two_writers_job",
        reconstructor_working_directory=str(Path(ops_mp_job.__file__).parents[2]),
    )
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        result = dg.execute_job(job, instance=instance)
        assert result.success
        pids = {
            event.step_key: event.event_specific_data.materialization.metadata["pid"].value
            for event in result.all_events
            if event.event_type_value == "ASSET_MATERIALIZATION"
        }
    assert len(pids) == 2
    assert len(set(pids.values())) == 2  # two processes wrote, each in its own step
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        written = conn.execute("select writer from ops_probe.writes order by writer").fetchall()
    assert written == [("left",), ("right",)]

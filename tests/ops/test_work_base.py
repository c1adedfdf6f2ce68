"""The next work copy is the file the last publish replaced, patched where it differs from
the published one; never while a reader still holds it."""

import filecmp
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from starmap import work_base
from starmap.warehouse import staged_copy
from starmap.work_base import CHUNK_BYTES, base_path, work_from_base

SCRIPTS = Path(__file__).with_name("ops_scripts.py")


def _publish(warehouse: Path, sql: str) -> None:
    with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
        conn.execute(sql)


def _two_versions(warehouse: Path) -> None:
    _publish(
        warehouse,
        "create table kept as "
        "select range as v, repeat('x', 40) || range as payload from range(200000)",
    )
    _publish(warehouse, "update kept set payload = payload || 'y' where v % 3 = 0")


def _work_inode(warehouse: Path) -> tuple[int, bool]:
    """The inode of the next work copy, and whether it starts equal to the published file."""
    with staged_copy(warehouse) as work:
        return os.stat(work).st_ino, filecmp.cmp(work, warehouse, shallow=False)


def test_the_replaced_file_becomes_the_next_work_copy_patched_to_the_published_bytes(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "w.duckdb"
    _two_versions(warehouse)
    base = base_path(warehouse)
    replaced = os.stat(base).st_ino
    assert replaced != os.stat(warehouse).st_ino
    assert not filecmp.cmp(base, warehouse, shallow=False)  # the version before

    inode, equal = _work_inode(warehouse)

    assert (inode, equal) == (replaced, True)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from kept where payload like '%y'").fetchone() == (
            66667,
        )


def test_patching_gives_the_published_bytes_whatever_the_base_holds(tmp_path: Path) -> None:
    published, work = tmp_path / "w.duckdb", tmp_path / "work"
    noise = random.Random(3)
    published.write_bytes(noise.randbytes(3 * CHUNK_BYTES + 17))
    for base_bytes in (
        published.read_bytes()[: CHUNK_BYTES + 5] + noise.randbytes(9 * CHUNK_BYTES),  # longer
        noise.randbytes(CHUNK_BYTES // 2),  # shorter
        published.read_bytes()[:-1] + b"\0",  # one byte off
    ):
        base_path(published).write_bytes(base_bytes)
        assert work_from_base(published, work)
        assert work.read_bytes() == published.read_bytes()
        assert not base_path(published).exists()


@pytest.mark.parametrize("seen_in_proc", [True, False], ids=["this-user", "another-user"])
def test_a_base_a_duckdb_reader_still_holds_is_not_patched_and_its_snapshot_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seen_in_proc: bool
) -> None:
    if not seen_in_proc:  # another user's reader: its open files are not ours to list
        monkeypatch.setattr(work_base, "_open_in_a_visible_process", lambda _path: False)
    warehouse = tmp_path / "w.duckdb"
    _two_versions(warehouse)
    reader = subprocess.Popen(
        [sys.executable, str(SCRIPTS), "hold", str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "200000"  # it holds version 2
        reader.stdin.write("\n")
        reader.stdin.flush()
        before = reader.stdout.readline()
        _publish(warehouse, "delete from kept where v < 100000")  # version 2 becomes the base
        held = os.stat(base_path(warehouse)).st_ino

        inode, equal = _work_inode(warehouse)
        _publish(warehouse, "update kept set payload = 'z'")

        assert inode != held and equal
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline() == before  # its snapshot, read again from its file
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    assert reader.returncode == 0


def test_a_base_open_in_this_process_is_not_patched(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    _two_versions(warehouse)
    base = base_path(warehouse)
    with open(base, "rb") as backup:  # a plain copy in progress takes no lock
        held = os.fstat(backup.fileno()).st_ino
        inode, equal = _work_inode(warehouse)
    assert inode != held and equal


def test_a_base_that_is_the_published_file_is_dropped_not_patched(tmp_path: Path) -> None:
    """A run killed between keeping the base and replacing the published file leaves both
    names on one file: patching it would write the readers' file."""
    warehouse = tmp_path / "w.duckdb"
    _two_versions(warehouse)
    base = base_path(warehouse)
    base.unlink()
    os.link(warehouse, base)
    readers_file = os.stat(warehouse).st_ino

    inode, equal = _work_inode(warehouse)

    assert inode != readers_file and equal


def test_publishing_on_a_file_system_without_hard_links_keeps_no_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_source: Path, _target: Path) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(work_base.os, "link", no_links)
    warehouse = tmp_path / "w.duckdb"
    _two_versions(warehouse)
    assert not base_path(warehouse).exists()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from kept where payload like '%y'").fetchone() == (
            66667,
        )

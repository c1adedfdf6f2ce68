"""Clear failures: one line naming the problem, a non-zero exit, nothing half-written."""

import errno
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from starmap import warehouse as warehouse_module
from starmap.cli import main
from starmap.warehouse import WarehouseError, connect, ensure_schema, staged_copy
from tests.conftest import TINY_RAW, TINY_SETTINGS
from tests.ops.ops_helpers import table_checksums


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Exit code and the error line: the last line, and the only one that is an error.

    Progress lines ([starmap] ..., Dagster's step logs) may come before it.
    """
    code = main(["run", *args])
    lines = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in lines if line.startswith("starmap run: error:")]
    assert errors == lines[-1:], lines
    return code, errors[0]


def test_missing_raw_folder_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warehouse = tmp_path / "w.duckdb"
    code, line = _run(capsys, "--raw", str(tmp_path / "no-such-raw"), "--warehouse", str(warehouse))
    assert code != 0
    assert line.startswith("starmap run: error:")
    assert "raw folder not found" in line and "no-such-raw" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "cannot be read"), ("[policy\nretention_days = 60\n", "not valid TOML")],
)
def test_unreadable_settings_file_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, problem: str
) -> None:
    settings = tmp_path / "settings.toml"
    if content is None:
        settings.mkdir()  # a folder where the file should be: unreadable
    else:
        settings.write_text(content, encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    code, line = _run(
        capsys, "--raw", str(TINY_RAW), "--warehouse", str(warehouse), "--settings", str(settings)
    )
    assert code != 0
    assert problem in line and "settings.toml" in line
    assert not warehouse.exists()


def test_unwritable_warehouse_path_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A plain file where the warehouse folder should be: cannot be written, even by root.
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    warehouse = tmp_path / "not-a-folder" / "w.duckdb"
    code, line = _run(capsys, "--raw", str(TINY_RAW), "--warehouse", str(warehouse))
    assert code != 0
    assert "cannot write the warehouse folder" in line and "not-a-folder" in line
    assert (tmp_path / "not-a-folder").read_text(encoding="utf-8") == "x"


def _fill(path: Path, megabytes: int) -> None:
    """A warehouse of about `megabytes` MB of incompressible rows, with the full schema."""
    with connect(path) as conn:
        ensure_schema(conn)
        conn.execute(
            "create table ops.filler as select hash(range) as h from range($n)",
            {"n": megabytes * 131_072},
        )


@dataclass
class SmallDisk:
    folder: Path
    mounted: bool  # a real 6 MB file system; otherwise the tests inject ENOSPC


def _disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(args[-1]))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A folder on a 6 MB tmpfs when this machine lets us mount one (root on Linux, as here);
    elsewhere a plain folder, and each test injects ENOSPC where the disk would fill up.
    Either way the test runs; it never skips."""
    folder = tmp_path / "small"
    folder.mkdir()
    try:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
    except OSError:
        mounted = False
    try:
        yield SmallDisk(folder, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)


def test_full_disk_when_copying_the_warehouse_is_one_line_and_changes_nothing(
    small_disk: SmallDisk, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = small_disk.folder / "w.duckdb"
    _fill(warehouse, 4)  # 4 MB on 6 MB: the 4 MB work copy cannot fit
    if not small_disk.mounted:
        monkeypatch.setattr(shutil, "copyfile", _disk_full)
    before = table_checksums(warehouse)
    code, line = _run(capsys, "--raw", str(TINY_RAW), "--warehouse", str(warehouse))
    assert code != 0
    assert "cannot write the warehouse" in line and "No space left on device" in line
    assert table_checksums(warehouse) == before
    assert sorted(p.name for p in small_disk.folder.iterdir()) == [".w.duckdb.lock", "w.duckdb"]


def test_full_disk_during_a_run_is_one_line_and_changes_nothing(
    small_disk: SmallDisk, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = small_disk.folder / "w.duckdb"
    with connect(warehouse) as conn:  # 0.5 MB: the copy fits, the run's 11 MB do not
        ensure_schema(conn)
    if not small_disk.mounted:
        monkeypatch.setattr(warehouse_module, "_fsync", _disk_full)  # fails at publish
    before = table_checksums(warehouse)
    code, line = _run(
        capsys,
        "--raw",
        str(TINY_RAW),
        "--warehouse",
        str(warehouse),
        "--settings",
        str(TINY_SETTINGS),
        "--as-of",
        "2026-06-05",
    )
    assert code != 0
    assert "No space left on device" in line
    assert table_checksums(warehouse) == before
    assert sorted(p.name for p in small_disk.folder.iterdir()) == [".w.duckdb.lock", "w.duckdb"]


def test_full_disk_while_writing_the_work_copy_publishes_nothing(
    small_disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = small_disk.folder / "w.duckdb"
    _fill(warehouse, 1)
    if not small_disk.mounted:
        monkeypatch.setattr(warehouse_module, "_fsync", _disk_full)
    before = table_checksums(warehouse)
    with (
        pytest.raises((duckdb.Error, WarehouseError)),
        staged_copy(warehouse) as work,
        duckdb.connect(str(work)) as conn,
    ):
        # 8 MB more than the disk holds, then a checkpoint to force it onto the disk.
        conn.execute("create table big as select hash(range) as h from range(1048576)")
        conn.execute("checkpoint")
    assert table_checksums(warehouse) == before
    assert sorted(p.name for p in small_disk.folder.iterdir()) == [".w.duckdb.lock", "w.duckdb"]

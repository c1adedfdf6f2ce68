"""`starmap bench --increments K`: every increment starts from the warehouse of the history,
every one after the first with the base a daily run finds, and the median of those is the
run reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from starmap.bench import run as bench_run
from starmap.bench.landing import BenchLanding
from starmap.bench.pipeline import RunWindow
from starmap.bench.stages import StageClock, StageTotals
from starmap.work_base import base_path

LANDING = BenchLanding(
    raw=Path("raw"),
    first_day=date(2026, 9, 1),
    history_last_day=date(2026, 9, 2),
    increment_day=date(2026, 9, 3),
    creators=50,
    events_per_day=100,
)


def test_each_increment_starts_from_the_history_and_the_median_of_the_later_ones_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    warehouse.write_bytes(b"history")
    seconds = iter([3.0, 1.0, 2.0])
    started_from: list[bytes] = []
    bases: list[bytes | None] = []

    def fake_run(
        landing: BenchLanding, workdir: Path, window: RunWindow
    ) -> tuple[StageClock, list[str]]:
        assert window == RunWindow(landing.increment_day, landing.increment_day)
        started_from.append(warehouse.read_bytes())
        base = base_path(warehouse)
        bases.append(base.read_bytes() if base.exists() else None)
        warehouse.write_bytes(b"history + day 3")  # what publishing the increment leaves
        clock = StageClock(stages={"staging": StageTotals(seconds=next(seconds))})
        return clock, [f"check of run {len(started_from)}"]

    monkeypatch.setattr(bench_run, "_timed_run", fake_run)
    clock, failed, runs = bench_run._timed_increments(LANDING, tmp_path, 3)

    assert started_from == [b"history"] * 3
    # The first finds no base; the later ones the file one day's changes away.
    assert bases == [None, b"history + day 3", b"history + day 3"]
    assert runs == [3.0, 1.0, 2.0]
    assert clock.stages["staging"].seconds == 2.0 and failed == ["check of run 3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".warehouse.duckdb.base",
        "warehouse.duckdb",
    ]


def test_one_increment_needs_no_copy_of_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "warehouse.duckdb").write_bytes(b"history")
    copies: list[tuple[Path, Path]] = []
    monkeypatch.setattr(bench_run.shutil, "copyfile", lambda a, b: copies.append((a, b)))
    monkeypatch.setattr(
        bench_run,
        "_timed_run",
        lambda *_: (StageClock(stages={"staging": StageTotals(seconds=1.5)}), []),
    )
    _, _, runs = bench_run._timed_increments(LANDING, tmp_path, 1)
    assert runs == [1.5] and copies == []

"""The benchmark times the runner's own stages (starmap/timing.py): what the loads and the
snapshot runner announce reaches its clock, with nothing patched."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

from pipelines.ingest.load import load_dimensions
from pipelines.snapshots import write_snapshots
from starmap.bench.pipeline import _listener
from starmap.bench.stages import StageClock
from starmap.settings import Policy
from starmap.timing import listening, stage
from starmap.warehouse import connect, ensure_schema
from tests.conftest import TINY_RAW


def test_a_decorated_function_is_charged_to_its_stage_only_while_listened_to() -> None:
    heard: list[tuple[str | None, str]] = []

    @contextmanager
    def record(name: str | None, detail: str):
        heard.append((name, detail))
        yield

    @stage("validation")
    def screen(n: int) -> int:
        return n + 1

    assert screen(1) == 2 and heard == []  # no listener: the call alone
    with listening(record):
        assert screen(2) == 3
    assert screen(3) == 4
    assert heard == [("validation", "validation.screen")]


def test_loads_and_snapshots_reach_the_bench_clock(tmp_path: Path) -> None:
    clock = StageClock()
    with connect(tmp_path / "w.duckdb") as conn, listening(_listener(clock)):
        ensure_schema(conn)
        load_dimensions(conn, TINY_RAW)
        write_snapshots(conn, [date(2026, 6, 5)], "mcn_standing", Policy().sql_params())
    # Dimension files are read and screened (the ingest and validation stages) ...
    assert clock.stages["ingest"].seconds > 0
    assert clock.stages["validation"].seconds > 0
    assert "validation.domain_rejects" in clock.details
    # ... and each snapshot model is a profile detail of its own.
    assert clock.details["model:mcn_standing"] > 0

"""`starmap run --engine`: the engine, warehouse and Spark master a run gets from its flags,
the environment and the defaults (no Spark started: the runs are replaced by recorders)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import starmap.engines.spark_pipeline as spark_pipeline
import starmap.runner as runner
from starmap.cli import main
from starmap.runner import RunSummary


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """The keyword arguments each engine's run was called with, by engine."""
    seen: dict[str, dict[str, Any]] = {}

    def recorder(engine: str):
        def run(**kwargs: Any) -> RunSummary:
            seen[engine] = kwargs
            return RunSummary(warehouse=Path("wh"), as_of=date(2026, 6, 3), snapshots=2)

        return run

    for name in ("STARMAP_ENGINE", "STARMAP_WAREHOUSE", "STARMAP_SPARK_MASTER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(runner, "run_pipeline", recorder("duckdb"))
    monkeypatch.setattr(spark_pipeline, "run_on_spark", recorder("spark"))
    return seen


def test_the_default_engine_is_duckdb(calls: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--warehouse", "w.duckdb"]) == 0
    assert list(calls) == ["duckdb"]
    assert calls["duckdb"]["warehouse"] == "w.duckdb"
    assert "as of 2026-06-03: 2 snapshots" in capsys.readouterr().out


def test_spark_from_the_environment_gets_its_own_defaults(
    calls: dict, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STARMAP_ENGINE", "spark")
    assert main(["run", "--as-of", "2026-06-03"]) == 0
    assert list(calls) == ["spark"]
    assert calls["spark"]["warehouse_dir"] == Path("data/spark-warehouse")
    assert calls["spark"]["master"] == "local[2]"
    assert calls["spark"]["as_of"] == date(2026, 6, 3)
    # The same one-screen summary as a DuckDB run.
    assert "as of 2026-06-03: 2 snapshots" in capsys.readouterr().out


def test_flags_override_the_environment(calls: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARMAP_ENGINE", "duckdb")
    monkeypatch.setenv("STARMAP_SPARK_MASTER", "local[1]")
    monkeypatch.setenv("STARMAP_WAREHOUSE", "env-wh")
    assert main(["run", "--engine", "spark"]) == 0
    assert calls["spark"]["master"] == "local[1]"
    assert calls["spark"]["warehouse_dir"] == Path("env-wh")
    main(["run", "--engine", "spark", "--spark-master", "local[3]", "--warehouse", "flag-wh"])
    assert calls["spark"]["master"] == "local[3]"
    assert calls["spark"]["warehouse_dir"] == Path("flag-wh")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--engine", "flink"], "unknown engine 'flink' (choose duckdb or spark)"),
        (["--engine", "spark", "--reports", "r"], "--reports reads a DuckDB warehouse"),
        (["--engine", "spark", "--warehouse", "{file}"], "writes a directory;"),
    ],
)
def test_a_wrong_engine_choice_is_one_line_before_anything_runs(
    calls: dict,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    duckdb_file = tmp_path / "warehouse.duckdb"
    duckdb_file.write_bytes(b"")
    argv = [a.replace("{file}", str(duckdb_file)) for a in argv]
    assert main(["run", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not calls


def test_a_failed_blocking_check_fails_the_run_and_the_others_are_listed() -> None:
    from starmap.engines.spark_pipeline import CheckOutcome, not_passed_lines
    from starmap.errors import StarmapError

    warned = CheckOutcome("scores_in_range", "creator_tiers", violations=3, blocking=False)
    passed = CheckOutcome("key_is_unique", "creator_tiers", violations=0, blocking=True)
    assert not_passed_lines([passed, warned]) == [
        "check scores_in_range on creator_tiers failed: 3 violation(s)"
    ]
    repeated = CheckOutcome("key_is_unique", "settlements", violations=2, blocking=True)
    with pytest.raises(StarmapError, match=r"^the run failed: check key_is_unique on settlements"):
        not_passed_lines([warned, repeated])

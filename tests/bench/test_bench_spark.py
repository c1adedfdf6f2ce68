"""`starmap bench --engine spark` on a tiny landing zone (marker `spark`, make test-spark):
the results file has the Spark arm's figures and its fixed part is consistent with them.
It starts its own session, since the session's start is one of the figures; a session the
suite already runs (tests/spark/conftest.py) is used instead and recorded as reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from starmap.bench.costs import TOTAL, spark_fixed_s
from starmap.bench.spark_arm import INGESTION
from starmap.cli import main
from starmap.models import snapshot_models

pytestmark = pytest.mark.spark

EVENTS = 20_000  # the smallest zone with orders on both days (2 days of history)


def test_the_spark_arm_records_session_overhead_ingestion_and_snapshots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    code = main(
        ["bench", "--engine", "spark", "--events", str(EVENTS), "--days", "2",
         "--out", str(tmp_path / "work"), "--results", str(results)]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    saved = json.loads(results.read_text())
    record = saved["spark_runs"][str(EVENTS)]
    assert "runs" not in saved or not saved["runs"]  # no DuckDB arm was asked for
    assert record["ingestion"] == INGESTION
    assert record["ingestion"] in printed
    overhead = record["overhead"]
    assert overhead["repeats"] == 30
    assert 0 < overhead["select_ms"] < 10_000 and overhead["parquet_view_ms"] > 0
    marts = {m.name for m in snapshot_models()}
    for phase in ("full", "increment"):
        row = record["phases"][phase]
        stages = row["stages"]
        assert set(stages) == {"session", record["ingestion"], "snapshots"}
        session_s = stages["session"]["seconds"]
        assert record["session_reused"] or session_s > 0
        snapshots = stages["snapshots"]
        assert snapshots["statements"] > len(marts)  # views, checks and writes per mart
        assert set(snapshots["seconds_by_table"]) == marts
        assert snapshots["jvm_cpu_s"] > 0  # the JVM is this process's child and did the work
        assert all(v >= 0 for s in stages.values() for k, v in s.items() if k.endswith("_s"))
        assert row["total_s"] == pytest.approx(sum(s["seconds"] for s in stages.values()), abs=0.01)
        fixed = spark_fixed_s(session_s, snapshots["statements"], overhead["select_ms"])
        assert row["fixed_s"] == pytest.approx(fixed, abs=0.01)
        assert 0 <= row["fixed_s"] <= row["total_s"]
    assert record["phases"]["full"]["events"] > record["phases"]["increment"]["events"] > 0
    # One size: no slope yet, the split says so rather than inventing one.
    totals = [s for s in saved["engines"]["cost_split"] if s["stage"] == TOTAL]
    assert [s["phase"] for s in totals] == ["full", "increment"]
    assert all(s["engine"] == "spark" and s["per_event_us"] is None for s in totals)
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == []  # cleaned up

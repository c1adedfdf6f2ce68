"""`starmap bench` on a tiny landing zone: the summary line and the results file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from starmap.bench.pipeline import STAGES
from starmap.cli import main

SUMMARY = re.compile(
    r"^bench events=(\d+) pipeline_s=\d+\.\d\d floor_s=\d+\.\d\d ratio=\d+\.\d\d "
    r"increment_s=\d+\.\d\d peak_rss_mb=\d+ peer_ratio=(\d+\.\d\d|na)$"
)


def test_bench_prints_the_summary_last_and_records_every_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    code = main(
        [
            "bench", "--events", "20000", "--days", "2", "--peer",
            "--out", str(tmp_path / "work"), "--results", str(results),
        ]
    )  # fmt: skip
    assert code == 0
    *_, floors, last = capsys.readouterr().out.strip().splitlines()
    match = SUMMARY.match(last)
    assert match, last
    assert match.group(1) == "20000"
    assert match.group(2) != "na"
    record = json.loads(results.read_text())["runs"]["20000"]
    assert set(STAGES) <= set(record["stages"])
    assert set(STAGES) <= set(record["increment_stages"])
    assert all(record["stages"][s]["seconds"] > 0 for s in STAGES)
    assert record["peak_rss_mb"] > 0 and record["floor_s"] > 0
    assert record["rules_floor_s"] > record["floor_s"]
    assert floors.startswith(f"rules floor {record['rules_floor_s']:.2f}s (floor ")
    # No pipeline beats the rules floor, so none beats the peer by more than the bound.
    assert record["peer_ratio_bound"] > record["peer_ratio"] > 0
    assert record["increment_runs_s"] == [record["increment_s"]]
    # Cleaned up without --keep, the landing zone's stamp too.
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == []

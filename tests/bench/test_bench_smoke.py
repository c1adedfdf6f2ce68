"""`starmap bench` on a tiny landing zone: the summary line and the results file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from starmap.bench.options import RESULTS_NAME, BenchOptions
from starmap.bench.pipeline import STAGES
from starmap.cli import build_parser, main

CHECKOUT_RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results.json"

SUMMARY = re.compile(
    r"^bench events=(\d+) pipeline_s=\d+\.\d\d floor_s=\d+\.\d\d ratio=\d+\.\d\d "
    r"increment_s=\d+\.\d\d peak_rss_mb=\d+ peer_ratio=(\d+\.\d\d|na)$"
)


def test_bench_prints_the_summary_last_and_records_every_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from another folder without --results: the record lands in --out, and the
    # checkout's results file is left alone (it used to be rewritten from anywhere).
    checkout_before = CHECKOUT_RESULTS.read_bytes() if CHECKOUT_RESULTS.exists() else None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code = main(
        [
            "bench", "--events", "20000", "--days", "2", "--peer",
            "--out", str(tmp_path / "work"),
        ]
    )  # fmt: skip
    results = tmp_path / "work" / RESULTS_NAME
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
    # Cleaned up without --keep, the landing zone's stamp too; only the results stay.
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == [RESULTS_NAME]
    assert list(elsewhere.iterdir()) == []
    after = CHECKOUT_RESULTS.read_bytes() if CHECKOUT_RESULTS.exists() else None
    assert after == checkout_before


def test_results_go_to_the_current_folder_without_out_and_to_results_when_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    parse = build_parser().parse_args
    default = parse(["bench", "--events", "10"])
    assert BenchOptions(events=10, results=default.results).results_path() == (
        tmp_path / RESULTS_NAME
    )
    given = parse(["bench", "--events", "10", "--out", "w", "--results", "r/x.json"])
    options = BenchOptions(events=10, out=given.out, results=given.results)
    assert options.results_path() == Path("r/x.json")
    assert BenchOptions(events=10, out=Path("w")).results_path() == Path("w") / RESULTS_NAME

"""`starmap simulate` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from starmap.cli import main


def test_simulate_command_writes_a_landing_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "raw"
    code = main(
        [
            "simulate",
            "--out",
            str(out),
            "--seed",
            "5",
            "--days",
            "2",
            "--creators",
            "30",
            "--events-per-day",
            "1000",
            "--start",
            "2026-10-01",
            "--formats",
            "csv,jsonl",
        ]
    )
    assert code == 0
    assert (out / "creators.csv").is_file()
    assert (out / "engagement_events" / "date=2026-10-02").is_dir()
    assert {p.suffix for p in out.glob("*_events/date=*/part-*")} <= {".csv", ".jsonl"}
    printed = capsys.readouterr()
    assert "wrote" in printed.out
    assert "2026-10-02" in printed.err  # a progress line per day


def test_simulate_command_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    args = [
        "simulate",
        "--out",
        str(tmp_path),
        "--days",
        "1",
        "--creators",
        "20",
        "--events-per-day",
        "300",
        "--quiet",
    ]
    assert main(args) == 0
    assert main(args) == 2
    assert main([*args, "--force"]) == 0


def test_simulate_command_rejects_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--out", str(tmp_path), "--formats", "xml"])
    assert exit_info.value.code == 2

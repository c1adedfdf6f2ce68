"""What one `starmap bench` run is asked to do (light: the command line imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Beside the work folder (--out) or in the current folder, never in the checkout: a bench
# run from anywhere used to rewrite the repository's bench/results.json.
RESULTS_NAME = "bench-results.json"
PEER_CAP_EVENTS = 10_000_000
ENGINES = ("duckdb", "spark", "both")
SPARK_MASTER = "local[2]"


@dataclass(frozen=True)
class BenchOptions:
    events: int
    days: int = 30
    peer: bool = False
    out: Path | None = None
    keep: bool = False
    seed: int = 7
    results: Path | None = None  # None: RESULTS_NAME in `out`, else in the current folder
    peer_cap: int = PEER_CAP_EVENTS
    reuse: bool = False  # measure the landing zone already in `out` again
    increments: int = 1  # times the increment runs, each from the same history warehouse
    creators: int | None = None  # simulated creators; None: grows with events
    engine: str = "duckdb"  # one of ENGINES
    spark_master: str = SPARK_MASTER

    def results_path(self) -> Path:
        """Where the record goes: --results, else under --out, else the current folder."""
        if self.results is not None:
            return self.results
        return (self.out if self.out is not None else Path.cwd()) / RESULTS_NAME

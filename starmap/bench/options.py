"""What one `starmap bench` run is asked to do (light: the command line imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_RESULTS = REPO / "bench" / "results.json"
PEER_CAP_EVENTS = 10_000_000


@dataclass(frozen=True)
class BenchOptions:
    events: int
    days: int = 30
    peer: bool = False
    out: Path | None = None
    keep: bool = False
    seed: int = 7
    results: Path = DEFAULT_RESULTS
    peer_cap: int = PEER_CAP_EVENTS
    reuse: bool = False  # measure the landing zone already in `out` again
    increments: int = 1  # times the increment runs, each from the same history warehouse
    creators: int | None = None  # simulated creators; None: grows with events

"""Fixed cost and per-event cost of each engine's stages, from runs at two or more sizes.

A stage's time is read as a line in the events it handles: the per-event cost is the slope
between the smallest and the largest size, (T(big) - T(small)) / (N(big) - N(small)), and
the intercept is what the line leaves at zero events. Spark's fixed cost is also measured
directly: session start + statements x the median wall time of a trivial statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

US_PER_S = 1_000_000
TOTAL = "total"
CPU = "cpu (process + JVM)"
# The DuckDB benchmark's stages (starmap/bench/pipeline.py) in the Spark arm's terms.
DUCKDB_INGESTION = ("ingest", "validation", "staging")
DUCKDB_SNAPSHOTS = ("settlement", "standing", "funnels")


@dataclass(frozen=True)
class PhaseFigures:
    """One engine's run of one phase (the full run or the increment) at one size."""

    engine: str
    phase: str  # "full" or "increment"
    size: int  # the --events asked for
    events: int  # engagement events the phase loaded
    stages_s: Mapping[str, float]
    cpu_s: float  # CPU seconds of the process and the JVM
    fixed_s: float | None = None  # measured fixed cost (Spark only)

    @property
    def total_s(self) -> float:
        return sum(self.stages_s.values())


@dataclass(frozen=True)
class CostSplit:
    """One stage of one engine and phase across the sizes measured, smallest first."""

    engine: str
    phase: str
    stage: str
    sizes: list[int]  # --events of each run
    events: list[int]  # events the phase loaded in each run
    seconds: list[float]
    fixed_s: list[float | None] = field(default_factory=list)
    per_event_us: float | None = None  # None with one size
    intercept_s: float | None = None


def per_event_us(small: tuple[int, float], big: tuple[int, float]) -> float | None:
    """Microseconds per event between two (events, seconds) points; None if the sizes tie."""
    (n_small, t_small), (n_big, t_big) = small, big
    if n_big == n_small:
        return None
    return (t_big - t_small) / (n_big - n_small) * US_PER_S


def intercept_s(point: tuple[int, float], slope_us: float | None) -> float | None:
    """What the line through `point` with that slope gives at zero events."""
    if slope_us is None:
        return None
    events, seconds = point
    return seconds - events * slope_us / US_PER_S


def spark_fixed_s(session_s: float, statements: int, per_statement_ms: float) -> float:
    """Spark's fixed cost of a run: its session plus every statement's round trip."""
    return session_s + statements * per_statement_ms / 1000


def duckdb_stages(stages: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The DuckDB record's stages grouped as ingestion, snapshots and the rest."""
    grouped = {"ingestion": 0.0, "snapshots": 0.0, "other": 0.0}
    for name, row in stages.items():
        group = (
            "ingestion"
            if name in DUCKDB_INGESTION
            else "snapshots"
            if name in DUCKDB_SNAPSHOTS
            else "other"
        )
        grouped[group] += row["seconds"]
    return grouped


def duckdb_figures(record: Mapping[str, Any]) -> list[PhaseFigures]:
    """The full run and the increment of one `run_benchmark` record."""
    return [
        PhaseFigures(
            "duckdb",
            phase,
            int(record["events"]),
            int(record[events]),
            duckdb_stages(record[stages]),
            float(record[cpu]),
        )
        for phase, events, stages, cpu in (
            ("full", "history_events", "stages", "pipeline_cpu_s"),
            ("increment", "increment_events", "increment_stages", "increment_cpu_s"),
        )
    ]


def spark_figures(record: Mapping[str, Any]) -> list[PhaseFigures]:
    """The full run and the increment of one Spark arm record (starmap/bench/spark_arm.py)."""
    return [
        PhaseFigures(
            "spark",
            phase,
            int(record["events"]),
            int(row["events"]),
            {name: stage["seconds"] for name, stage in row["stages"].items()},
            float(row["cpu_s"] + row["jvm_cpu_s"]),
            float(row["fixed_s"]),
        )
        for phase, row in record["phases"].items()
    ]


def _split(runs: Sequence[PhaseFigures], stage: str, seconds: list[float]) -> CostSplit:
    first, last = runs[0], runs[-1]
    sizes = [r.size for r in runs]
    events = [r.events for r in runs]
    slope = per_event_us((first.events, seconds[0]), (last.events, seconds[-1]))
    fixed = [r.fixed_s if stage == TOTAL else None for r in runs]
    return CostSplit(
        first.engine,
        first.phase,
        stage,
        sizes,
        events,
        [round(s, 3) for s in seconds],
        fixed,
        slope,
        intercept_s((first.events, seconds[0]), slope),
    )


def split_costs(figures: Sequence[PhaseFigures]) -> list[CostSplit]:
    """Per engine and phase: every stage, the total and the CPU time, across the sizes."""
    groups: dict[tuple[str, str], list[PhaseFigures]] = {}
    for figure in figures:
        groups.setdefault((figure.engine, figure.phase), []).append(figure)
    splits: list[CostSplit] = []
    for runs in groups.values():
        runs = sorted(runs, key=lambda r: r.events)
        for stage in runs[0].stages_s:
            splits.append(_split(runs, stage, [r.stages_s.get(stage, 0.0) for r in runs]))
        splits.append(_split(runs, TOTAL, [r.total_s for r in runs]))
        splits.append(_split(runs, CPU, [r.cpu_s for r in runs]))
    return splits


def short_count(n: int) -> str:
    """1000000 -> 1M, 2500 -> 2.5K: a size as a column heading."""
    for unit, scale in (("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= scale:
            return f"{n / scale:g}{unit}"
    return str(n)


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def cost_table(splits: Sequence[CostSplit]) -> list[str]:
    """The splits as printed lines: seconds per size, measured fixed, us per event."""
    if not splits:
        return []
    head = f"{'engine':<8}{'phase':<11}{'stage':<30}" + "".join(
        f"{short_count(n) + ' s':>10}" for n in splits[0].sizes
    )
    lines = [head + f"{'fixed s':>16}{'us/event':>10}{'intercept':>10}"]
    for s in splits:
        measured = "/".join(f"{f:.2f}" for f in s.fixed_s if f is not None) or "-"
        lines.append(
            f"{s.engine:<8}{s.phase:<11}{s.stage:<30}"
            + "".join(f"{t:>10.2f}" for t in s.seconds)
            + f"{measured:>16}"
            + f"{_number(s.per_event_us, 3):>10}{_number(s.intercept_s, 2):>10}"
        )
    return lines

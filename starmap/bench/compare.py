"""`starmap bench --engine spark|both` and several `--events` sizes: each size's DuckDB
benchmark and/or Spark arm on the same landing zone, then each engine's stages split into
fixed and per-event cost across the sizes (starmap/bench/costs.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starmap.bench.costs import (
    CostSplit,
    PhaseFigures,
    cost_table,
    duckdb_figures,
    spark_figures,
    split_costs,
)
from starmap.bench.landing import make_landing_zone
from starmap.bench.options import BenchOptions
from starmap.bench.run import (
    clear_workdir,
    keep_per_size,
    machine,
    print_record,
    run_benchmark,
    say,
    update_results,
)
from starmap.bench.spark_arm import run_spark_arm

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def _spark_size(
    options: BenchOptions,
    size: int,
    workdir: Path,
    reuse: bool,
    session: SparkSession | None,
) -> dict[str, Any]:
    landing = make_landing_zone(
        workdir / "raw",
        size,
        options.days,
        seed=options.seed,
        progress=say,
        reuse=reuse,
        creators=options.creators,
    )
    say(f"spark arm on {landing.history_events:,} + {landing.increment_events:,} events")
    return run_spark_arm(landing, size, workdir, options.spark_master, session, say)


def _comparison(splits: Sequence[CostSplit], sizes: Sequence[int]) -> Callable[[dict], None]:
    def update(results: dict[str, Any]) -> None:
        results["engines"] = {
            "sizes": list(sizes),
            "machine": machine(),
            "load_average_end": list(os.getloadavg()),
            "cost_split": [asdict(s) for s in splits],
        }

    return update


def run_engines(
    options: BenchOptions, sizes: Sequence[int], session: SparkSession | None = None
) -> list[CostSplit]:
    """Every size on the chosen engines, smallest first; the records go to the results
    file (`runs` for DuckDB, `spark_runs` for Spark, `engines` for the split)."""
    results = options.results_path()
    workdir = options.out or Path(tempfile.mkdtemp(prefix="starmap-bench-"))
    with_duckdb = options.engine in ("duckdb", "both")
    with_spark = options.engine in ("spark", "both")
    figures: list[PhaseFigures] = []
    try:
        for size in sorted(sizes):
            if with_duckdb:
                # Kept when Spark follows: its arm measures the same landing zone.
                sized = replace(
                    options, events=size, out=workdir, results=results,
                    keep=options.keep or with_spark,
                )  # fmt: skip
                record = run_benchmark(sized)
                print_record(record)
                figures += duckdb_figures(record)
            if with_spark:
                if not with_duckdb:
                    clear_workdir(workdir, keep_landing=options.reuse)
                reuse = with_duckdb or options.reuse
                spark_record = _spark_size(options, size, workdir, reuse, session)
                update_results(results, keep_per_size("spark_runs", spark_record))
                figures += spark_figures(spark_record)
                if not options.keep:
                    clear_workdir(workdir)
    finally:
        if options.out is None and not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    splits = split_costs(figures)
    update_results(results, _comparison(splits, sorted(sizes)))
    return splits


def print_costs(splits: Sequence[CostSplit]) -> None:
    """The split of every engine's stages, after the per-size lines."""
    print("fixed (measured: session + statements x select-1) and per-event cost per stage")
    for line in cost_table(splits):
        print(line)

"""`starmap bench --engine ... --events a,b`: the command line, and the arithmetic that
splits each stage into fixed and per-event cost (hand-computed numbers)."""

from __future__ import annotations

import argparse

import pytest

from starmap.bench.cli import event_sizes, options_from
from starmap.bench.costs import (
    CPU,
    TOTAL,
    PhaseFigures,
    cost_table,
    duckdb_stages,
    intercept_s,
    per_event_us,
    short_count,
    spark_fixed_s,
    split_costs,
)
from starmap.bench.cpu import CpuSeconds
from starmap.cli import build_parser

M = 1_000_000


def test_events_take_several_sizes_sorted_and_the_engine_defaults_to_duckdb() -> None:
    parse = build_parser().parse_args
    args = parse(["bench", "--events", "10_000_000,1000000"])
    assert args.events == [M, 10 * M]
    assert args.engine == "duckdb" and args.spark_master == "local[2]"
    assert parse(["bench", "--events", "500"]).events == [500]
    given = parse(["bench", "--events", "5", "--engine", "both", "--spark-master", "local[4]"])
    options = options_from(given, 5)
    assert (options.events, options.engine, options.spark_master) == (5, "both", "local[4]")


@pytest.mark.parametrize("text", ["0", "1000,1000", "10,-3", "ten"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises((argparse.ArgumentTypeError, ValueError)):
        event_sizes(text)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["bench", "--events", "5", "--engine", "polars"])


def test_per_event_cost_is_the_slope_between_sizes_and_the_rest_is_the_intercept() -> None:
    # 12 s at 1M, 57 s at 10M: 45 s for 9M more events = 5 us each; 12 - 5 = 7 s at zero.
    slope = per_event_us((M, 12.0), (10 * M, 57.0))
    assert slope == pytest.approx(5.0)
    assert intercept_s((M, 12.0), slope) == pytest.approx(7.0)
    assert per_event_us((M, 12.0), (M, 13.0)) is None
    assert intercept_s((M, 12.0), None) is None


def test_spark_fixed_cost_is_session_plus_statements_times_overhead() -> None:
    # 10 s session + 400 statements x 250 ms = 110 s.
    assert spark_fixed_s(10.0, 400, 250.0) == pytest.approx(110.0)
    assert spark_fixed_s(0.0, 0, 250.0) == 0.0


def test_duckdb_stages_are_grouped_as_ingestion_snapshots_and_the_rest() -> None:
    stages = {
        name: {"seconds": seconds, "peak_rss_mb": 1.0}
        for name, seconds in [
            ("ingest", 1.0), ("validation", 2.0), ("staging", 3.0), ("settlement", 0.5),
            ("standing", 0.25), ("funnels", 0.25), ("reports", 0.4), ("publish", 0.1),
        ]
    }  # fmt: skip
    assert duckdb_stages(stages) == {"ingestion": 6.0, "snapshots": 1.0, "other": 0.5}


def _figures() -> list[PhaseFigures]:
    # Given out of order: the split sorts by events.
    return [
        PhaseFigures("spark", "full", 10 * M, 10 * M, {"session": 20.0, "snapshots": 110.0},
                     300.0, fixed_s=60.0),
        PhaseFigures("spark", "full", M, M, {"session": 20.0, "snapshots": 65.0},
                     120.0, fixed_s=58.0),
    ]  # fmt: skip


def test_the_split_gives_each_stage_the_total_and_the_cpu_a_slope() -> None:
    splits = {s.stage: s for s in split_costs(_figures())}
    assert list(splits) == ["session", "snapshots", TOTAL, CPU]
    # snapshots: (110 - 65) / 9M = 5 us an event, 65 - 5 = 60 s at zero events
    assert splits["snapshots"].per_event_us == pytest.approx(5.0)
    assert splits["snapshots"].intercept_s == pytest.approx(60.0)
    assert splits["session"].per_event_us == pytest.approx(0.0)
    # total: 85 s at 1M, 130 s at 10M; cpu: (300 - 120) / 9M = 20 us an event
    assert splits[TOTAL].seconds == [85.0, 130.0]
    assert splits[TOTAL].fixed_s == [58.0, 60.0]
    assert splits[TOTAL].per_event_us == pytest.approx(5.0)
    assert splits[CPU].per_event_us == pytest.approx(20.0)
    assert splits[TOTAL].sizes == [M, 10 * M]


def test_the_table_heads_its_columns_by_size() -> None:
    lines = cost_table(split_costs(_figures()))
    assert "1M s" in lines[0] and "10M s" in lines[0]
    total = next(line for line in lines if f" {TOTAL} " in line)
    assert total.split()[-5:] == ["85.00", "130.00", "58.00/60.00", "5.000", "80.00"]
    assert short_count(2_500) == "2.5K" and short_count(999) == "999"


def test_cpu_seconds_subtract_part_by_part() -> None:
    spent = CpuSeconds(5.0, 30.0) - CpuSeconds(1.5, 10.0)
    assert (spent.process_s, spent.jvm_s, spent.total_s) == (3.5, 20.0, 23.5)

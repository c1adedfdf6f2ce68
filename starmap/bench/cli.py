"""The `starmap bench` command."""

from __future__ import annotations

import argparse
from pathlib import Path

from starmap.bench.options import (
    ENGINES,
    PEER_CAP_EVENTS,
    RESULTS_NAME,
    SPARK_MASTER,
    BenchOptions,
)


def _positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def event_sizes(text: str) -> list[int]:
    """`1000000,10000000` -> [1000000, 10000000]: each size at least 1, none repeated."""
    sizes = [_positive(part.strip()) for part in text.split(",")]
    if len(set(sizes)) != len(sizes):
        raise argparse.ArgumentTypeError(f"a size is repeated: {text}")
    return sorted(sizes)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `starmap bench` on the command's subparsers."""
    p = sub.add_parser(
        "bench",
        help="benchmark the pipeline on N simulated engagement events against a floor",
        description="Simulate a Parquet landing zone of N engagement events over D days plus "
        "one more day, run the pipeline for the newest as-of date, then the extra day "
        "incrementally; time every stage, compare with DuckDB alone (the floor) and, with "
        "--peer, a pandas implementation. The last line printed is the summary.",
    )
    p.add_argument(
        "--events",
        type=event_sizes,
        required=True,
        help="engagement events N, or several sizes separated by commas (1000000,10000000): "
        "each is run, then every stage is split into fixed and per-event cost",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="duckdb: the pipeline as deployed; spark: the Spark arm (session, statement "
        "overhead, ingestion, snapshot marts); both: each on the same landing zone [duckdb]",
    )
    p.add_argument(
        "--spark-master",
        default=SPARK_MASTER,
        help=f"Spark master URL of the Spark arm [{SPARK_MASTER}]",
    )
    p.add_argument("--days", type=_positive, default=30, help="delivery days of history [30]")
    p.add_argument("--peer", action="store_true", help="also time the pandas peer")
    p.add_argument(
        "--peer-cap",
        type=_positive,
        default=PEER_CAP_EVENTS,
        help=f"largest event count the peer runs on [{PEER_CAP_EVENTS:,}]",
    )
    p.add_argument("--out", type=Path, help="work folder [a temporary folder]")
    p.add_argument("--keep", action="store_true", help="keep landing zone and warehouse")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="measure the landing zone kept in --out by an earlier --keep run again, if the "
        "same arguments and simulator wrote it (else simulate anew)",
    )
    p.add_argument(
        "--increments",
        type=_positive,
        default=1,
        help="run the increment K times from the same history and report the median [1]",
    )
    p.add_argument(
        "--creators",
        type=_positive,
        help="creators to simulate [N/30,000 within 50..3,000]; hold it fixed to compare "
        "histories of different lengths with the same catalogue",
    )
    p.add_argument("--seed", type=int, default=7, help="simulator seed [7]")
    p.add_argument(
        "--results",
        type=Path,
        help=f"JSON file keeping one record per N [{RESULTS_NAME} in --out, else in the "
        "current folder]",
    )
    p.set_defaults(handler=_bench)


def options_from(args: argparse.Namespace, events: int) -> BenchOptions:
    """The options of one run of `events` from the parsed command line."""
    return BenchOptions(
        events=events,
        days=args.days,
        peer=args.peer,
        out=args.out,
        keep=args.keep,
        seed=args.seed,
        results=args.results,
        peer_cap=args.peer_cap,
        reuse=args.reuse,
        increments=args.increments,
        creators=args.creators,
        engine=args.engine,
        spark_master=args.spark_master,
    )


def _bench(args: argparse.Namespace) -> int:
    sizes: list[int] = args.events
    if args.engine == "duckdb" and len(sizes) == 1:  # the benchmark as it always was
        from starmap.bench.run import print_record, run_benchmark

        print_record(run_benchmark(options_from(args, sizes[0])))
        return 0
    from starmap.bench.compare import print_costs, run_engines

    print_costs(run_engines(options_from(args, sizes[0]), sizes))
    return 0

"""The `starmap` command: demo, simulate, run, sql, creators, bench."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from starmap.errors import USER_ERRORS, StarmapError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="load the landing zone and compute every snapshot up to an as-of date",
        description="Load every delivered day folder <= --as-of and compute every snapshot "
        "up to it through the Dagster asset graph (or, with --engine spark, on Spark into a "
        "Parquet warehouse directory). Exit 0 even when rows were quarantined.",
    )
    p.add_argument("--raw", help="landing zone folder [STARMAP_RAW or data/raw]")
    p.add_argument(
        "--warehouse",
        help="DuckDB file, or with --engine spark a directory [STARMAP_WAREHOUSE or "
        "data/warehouse.duckdb, data/spark-warehouse]",
    )
    p.add_argument(
        "--engine",
        help=f"{' or '.join(ENGINES)} [STARMAP_ENGINE or duckdb]",
    )
    p.add_argument(
        "--spark-master",
        help="Spark master URL of --engine spark [STARMAP_SPARK_MASTER or local[2]]",
    )
    p.add_argument("--as-of", type=_date, help="business date YYYY-MM-DD [latest delivery]")
    p.add_argument("--reports", help="write the HTML reports to this folder")
    p.add_argument("--settings", help="TOML file overriding policy numbers [STARMAP_SETTINGS]")
    p.add_argument(
        "--full",
        action="store_true",
        help="reload every day and recompute every snapshot, even those nothing changed "
        "(every Spark run does)",
    )
    p.set_defaults(handler=_run)


ENGINES = ("duckdb", "spark")


def run_engine(args: argparse.Namespace) -> str:
    """The engine of `starmap run`: --engine, else STARMAP_ENGINE, else duckdb."""
    engine = args.engine or os.environ.get("STARMAP_ENGINE") or "duckdb"
    if engine not in ENGINES:
        raise StarmapError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    return engine


def _run(args: argparse.Namespace) -> int:
    from starmap.runner import print_summary, run_pipeline

    if run_engine(args) == "spark":
        print_summary(_run_spark(args))
        return 0
    summary = run_pipeline(
        raw=args.raw,
        warehouse=args.warehouse,
        as_of=args.as_of,
        reports=args.reports,
        settings=args.settings,
        full=args.full,
    )
    print_summary(summary)
    return 0


def _run_spark(args: argparse.Namespace):
    from starmap.engines.spark import DEFAULT_SPARK_MASTER, DEFAULT_SPARK_WAREHOUSE
    from starmap.engines.spark_pipeline import run_on_spark
    from starmap.progress import print_progress_lines
    from starmap.settings import Locations, load_policy

    if args.reports:
        raise StarmapError("--reports reads a DuckDB warehouse: not with --engine spark yet")
    warehouse = args.warehouse or os.environ.get("STARMAP_WAREHOUSE") or DEFAULT_SPARK_WAREHOUSE
    if os.path.isfile(warehouse):
        raise StarmapError(f"--engine spark writes a directory; {warehouse} is a file")
    policy = load_policy(args.settings)  # settings errors surface before Spark starts
    print_progress_lines()
    return run_on_spark(
        raw=Locations.resolve(raw=args.raw).raw,
        warehouse_dir=Path(warehouse),
        as_of=args.as_of,
        policy=policy,
        master=args.spark_master or os.environ.get("STARMAP_SPARK_MASTER") or DEFAULT_SPARK_MASTER,
    )


def _add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="simulate a landing zone (if data/raw is empty), run everything, write reports",
    )
    p.add_argument("--seed", type=int, default=7, help="simulator seed [7]")
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from starmap.runner import run_demo

    return run_demo(seed=args.seed)


SQL_FORMATS = ("table", "csv", "json")  # starmap.sql_shell.FORMATS; not imported: keep --help fast


def _add_sql(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sql",
        help="SQL on the published warehouse (read-only): a prompt, or one query",
        description="Without a query: an interactive read-only SQL prompt on the published "
        "warehouse (statements end with ;, .help lists the commands, Ctrl-D leaves). With a "
        "query: run it, print the result to stdout and exit (1 on an SQL error). The as-of "
        "date the visible.* views read is --as-of, else the newest snapshot.",
        epilog='examples:\n  starmap sql\n  starmap sql "from marts.creator_tiers limit 5"'
        ' --format csv\n  starmap sql --as-of 2026-09-10 "select count(*) from visible.videos"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", nargs="?", help="SQL to run once; without it, the prompt")
    p.add_argument("--warehouse", help="DuckDB file [STARMAP_WAREHOUSE or data/warehouse.duckdb]")
    p.add_argument(
        "--as-of", type=_date, help="as-of date for visible.* (YYYY-MM-DD) [newest snapshot]"
    )
    p.add_argument(
        "--format", choices=SQL_FORMATS, default="table", help="output of a query [table]"
    )
    p.set_defaults(handler=_sql)


def _sql(args: argparse.Namespace) -> int:
    from starmap.settings import Locations
    from starmap.sql_shell import interactive, one_shot

    warehouse = Locations.resolve(warehouse=args.warehouse).warehouse
    if args.query is None or args.query == "-":
        if args.query == "-" or not sys.stdin.isatty():
            # `starmap sql < query.sql` or a pipe: the statements on stdin, once.
            return one_shot(warehouse, sys.stdin.read(), args.format, args.as_of)
        return interactive(warehouse, args.as_of)
    return one_shot(warehouse, args.query, args.format, args.as_of)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="starmap",
        description="Settlement and analytics for Xingtu-style influencer marketing.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_demo(sub)
    _add_run(sub)
    _add_sql(sub)
    for module in ("starmap.simulate.cli", "starmap.discovery", "starmap.bench"):
        _register(sub, module)
    return parser


def _register(sub: argparse._SubParsersAction, module: str) -> None:
    """Each optional command module exposes `add_parser(sub)`."""
    import importlib

    try:
        importlib.import_module(module).add_parser(sub)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except USER_ERRORS as error:
        print(f"starmap {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"starmap {args.command}: interrupted; the warehouse is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

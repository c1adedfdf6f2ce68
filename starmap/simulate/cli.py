"""`starmap simulate`: write a synthetic landing zone."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from starmap.simulate.config import DEFAULT_CREATORS, DEFAULT_EVENTS_PER_DAY, EVENT_FORMATS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in chosen if f not in EVENT_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"formats are a comma list of {', '.join(EVENT_FORMATS)}, not {text!r}"
        )
    return chosen


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `starmap simulate` (called by starmap.cli)."""
    p = sub.add_parser(
        "simulate",
        help="write a synthetic landing zone, deterministic for a seed",
        description="Write a realistic synthetic landing zone (creators, collaborations, "
        "video/engagement/order events in date= delivery folders) with the faults real "
        "exports have. The same arguments give byte-identical files.",
    )
    p.add_argument("--out", required=True, help="landing zone folder to write")
    p.add_argument("--seed", type=int, default=7, help="random seed [7]")
    p.add_argument("--days", type=int, default=30, help="delivery days [30]")
    p.add_argument(
        "--creators", type=int, default=DEFAULT_CREATORS, help=f"creators [{DEFAULT_CREATORS}]"
    )
    p.add_argument(
        "--events-per-day",
        type=int,
        default=DEFAULT_EVENTS_PER_DAY,
        help=f"engagement events per day [{DEFAULT_EVENTS_PER_DAY}]",
    )
    p.add_argument("--start", type=_date, default=date(2026, 9, 1), help="first day [2026-09-01]")
    p.add_argument(
        "--formats",
        type=_formats,
        default=EVENT_FORMATS,
        help="event file formats to mix, comma separated [csv,jsonl,parquet]",
    )
    p.add_argument("--no-faults", action="store_true", help="write a clean landing zone")
    p.add_argument("--force", action="store_true", help="replace a landing zone already in --out")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(handler=_simulate)


def _progress(message: str) -> None:
    print(f"[simulate] {message}", file=sys.stderr, flush=True)


def _simulate(args: argparse.Namespace) -> int:
    from starmap.simulate import simulate_landing_zone

    summary = simulate_landing_zone(
        args.out,
        seed=args.seed,
        days=args.days,
        creators=args.creators,
        events_per_day=args.events_per_day,
        start=args.start,
        progress=None if args.quiet else _progress,
        formats=args.formats,
        inject_faults=not args.no_faults,
        overwrite=args.force,
    )
    rows = ", ".join(f"{name} {n:,}" for name, n in summary.rows.items())
    print(f"wrote {summary.files:,} files to {summary.out} in {summary.seconds:.1f}s")
    print(f"rows: {rows}")
    print(
        f"engagement events per second: {summary.engagement_rows_per_second:,.0f}; "
        f"story campaign {summary.story_campaign_id}"
        + (
            f", fraud collaboration {summary.fraud_collaboration_id}"
            if summary.fraud_collaboration_id
            else ""
        )
    )
    return 0

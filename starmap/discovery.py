"""`starmap creators`: find creators in a creator_tiers snapshot, the way a brand shops on Xingtu.

Filters become query parameters of sql/queries/discover_creators.sql; nothing a user
types is pasted into SQL. The warehouse is opened read-only, so this runs safely while a
pipeline run is writing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

import duckdb

from starmap.errors import StarmapError
from starmap.settings import Locations
from starmap.warehouse import connect, fetch_row, read_sql, sql_params

PLATFORMS = ("douyin", "xigua", "huoshan")
FOLLOWER_TIERS = ("koc", "tail", "waist", "shoulder", "head", "top")
PERFORMANCE_TIERS = ("S", "A", "B", "C", "unrated")
SORTS = ("star_index", "expected_cpe", "live_gpm", "live_uv_value")
# Live sessions count over the performance window of domain.md 7 (its default).
LIVE_WINDOW_DAYS = 30
FORMATS = ("table", "csv", "json")
DEFAULT_LIMIT = 50
NICKNAME_WIDTH = 16

DESCRIPTION = """\
List the creators of one creator_tiers snapshot, filtered and sorted the way a brand shops
on Xingtu. Filters combine with AND; a filter given several times (e.g. --platform douyin
--platform xigua) matches any of its values. A creator with an unknown audience share, city
tier or expected price never passes a filter on it.
"""

EPILOG = """\
money: --max-expected-cpm and --max-expected-cpe are in yuan (元, e.g. 1.5 = 150 fen). The
table shows expected prices in yuan; csv and json give the exact fen rates
(expected_cpm_fen, expected_cpe_fen) as stored in marts.creator_tiers.

examples:
  starmap creators --platform douyin --category beauty --eligible-only --limit 10
  starmap creators --follower-tier waist --follower-tier shoulder --min-female-share 0.6
  starmap creators --max-expected-cpe 2 --sort expected_cpe --format csv > shortlist.csv
  starmap creators --sort live_gpm --limit 10    # best live sellers (GPM over 30 days)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `starmap creators` on the `starmap` command line."""
    p = subparsers.add_parser(
        "creators",
        help="find creators by platform, tier, audience and expected price",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = p.add_argument_group("snapshot")
    where.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="snapshot date [the latest snapshot in the warehouse]",
    )
    where.add_argument(
        "--warehouse",
        metavar="FILE",
        help="DuckDB file, opened read-only [STARMAP_WAREHOUSE or data/warehouse.duckdb]",
    )
    who = p.add_argument_group("creator filters")
    who.add_argument(
        "--platform",
        action="append",
        choices=PLATFORMS,
        help="platform; repeat for several",
    )
    who.add_argument(
        "--category",
        action="append",
        metavar="NAME",
        help="content category (e.g. beauty), as in creators.csv; repeat for several",
    )
    who.add_argument(
        "--follower-tier",
        action="append",
        choices=FOLLOWER_TIERS,
        help="koc <100k <= tail <300k <= waist <1M <= shoulder <3M <= head <10M <= top; "
        "repeat for several",
    )
    who.add_argument(
        "--performance-tier",
        action="append",
        choices=PERFORMANCE_TIERS,
        help="star index tier: S >=85, A >=70, B >=50, C, or unrated (too few plays in 30 "
        "days); repeat for several",
    )
    who.add_argument(
        "--eligible-only",
        action="store_true",
        help="only creators eligible to take orders (identity verified, credit score > 0, "
        "enough followers for the platform)",
    )
    audience = p.add_argument_group("audience filters")
    audience.add_argument(
        "--min-female-share",
        type=_share,
        metavar="SHARE",
        help="at least this share of the audience female, 0 to 1 (0.6 = 60%%)",
    )
    audience.add_argument(
        "--min-age-15-24-share",
        type=_share,
        metavar="SHARE",
        help="at least this share of the audience aged 15-24, 0 to 1",
    )
    audience.add_argument(
        "--city-tier",
        action="append",
        type=_city_tier,
        metavar="N",
        help="audience city tier, 1 (first-tier cities) to 5; repeat for several",
    )
    price = p.add_argument_group("price filters (yuan)")
    price.add_argument(
        "--max-expected-cpm",
        type=_yuan,
        metavar="YUAN",
        help="expected CPM (预期CPM: price per 1000 plays) at most this many yuan",
    )
    price.add_argument(
        "--max-expected-cpe",
        type=_yuan,
        metavar="YUAN",
        help="expected CPE (预期CPE: price per engagement) at most this many yuan",
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "--sort",
        choices=SORTS,
        default="star_index",
        help="star_index: best first; expected_cpe: cheapest first; live_gpm, "
        "live_uv_value: best live selling over the last 30 days first; creators without a "
        "value last [star_index]",
    )
    out.add_argument(
        "--limit",
        type=_positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N creators [{DEFAULT_LIMIT}]",
    )
    out.add_argument("--format", choices=FORMATS, default="table", help="output [table]")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the creators matching `args` to `out` (stdout by default)."""
    out = out or sys.stdout
    warehouse = Locations.resolve(warehouse=args.warehouse).warehouse
    with _open_read_only(warehouse) as conn:
        as_of = _snapshot_date(conn, args.as_of)
        _check_categories(conn, as_of, args.category)
        result = conn.execute(
            *_query(
                {
                    "as_of": as_of,
                    "platforms": args.platform,
                    "categories": args.category,
                    "follower_tiers": args.follower_tier,
                    "performance_tiers": args.performance_tier,
                    "city_tiers": args.city_tier,
                    "eligible_only": args.eligible_only,
                    "min_female_share": args.min_female_share,
                    "min_age_15_24_share": args.min_age_15_24_share,
                    "max_expected_cpm_fen": _fen(args.max_expected_cpm),
                    "max_expected_cpe_fen": _fen(args.max_expected_cpe),
                    "sort": args.sort,
                    "window_days": LIVE_WINDOW_DAYS,
                    "limit": args.limit,
                }
            )
        )
        columns = [d[0] for d in result.description]
        records = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    WRITERS[args.format](records, columns, as_of, out)
    return 0


# argument types: a bad value is an argparse error (usage, one line, exit 2) -----------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a share is between 0 and 1 (0.6 = 60%), got {text}")
    return value


def _city_tier(text: str) -> int:
    if text.strip() not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(f"a city tier is 1, 2, 3, 4 or 5, got {text!r}")
    return int(text)


def _yuan(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount in yuan: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"an amount in yuan is 0 or more, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _fen(yuan: Decimal | None) -> float | None:
    """Yuan to fen; expected prices are fractional fen rates, so no rounding."""
    return None if yuan is None else float(yuan * 100)


# the warehouse ---------------------------------------------------------------------------


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise StarmapError(f"no warehouse at {path}: run `starmap run` first or pass --warehouse")
    try:
        return connect(path, read_only=True)
    except duckdb.Error as error:
        raise StarmapError(f"cannot open the warehouse {path}: {error}") from None


def _snapshot_date(conn: duckdb.DuckDBPyConnection, wanted: date | None) -> date:
    """The requested snapshot date if it exists, else the latest one."""
    try:
        first, last = fetch_row(conn, "select min(as_of), max(as_of) from marts.creator_tiers")
    except duckdb.CatalogException:
        raise StarmapError("the warehouse has no marts.creator_tiers: run `starmap run`") from None
    if last is None:
        raise StarmapError("marts.creator_tiers is empty: run `starmap run` first")
    if wanted is None:
        return last
    (found,) = fetch_row(
        conn, "select count(*) from marts.creator_tiers where as_of = $as_of", {"as_of": wanted}
    )
    if not found:
        raise StarmapError(f"no creator_tiers snapshot as of {wanted} (snapshots: {first}..{last})")
    return wanted


def _check_categories(
    conn: duckdb.DuckDBPyConnection, as_of: date, categories: Sequence[str] | None
) -> None:
    """A category nobody has is almost always a typo: say which ones exist."""
    if not categories:
        return
    known = {
        row[0]
        for row in conn.execute(
            "select distinct category from marts.creator_tiers where as_of = $as_of",
            {"as_of": as_of},
        ).fetchall()
    }
    unknown = sorted(set(categories) - known)
    if unknown:
        raise StarmapError(
            f"unknown category {', '.join(map(repr, unknown))} as of {as_of} "
            f"(known: {', '.join(sorted(known))})"
        )


def _query(params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    sql = read_sql("queries/discover_creators").strip().rstrip(";")
    return sql, sql_params(sql, params)


# output ------------------------------------------------------------------------------------


def _write_json(records: list[dict], columns: list[str], as_of: date, out: TextIO) -> None:
    json.dump(records, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def _write_csv(records: list[dict], columns: list[str], as_of: date, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("creator_id", "creator"),
    ("nickname", "nickname"),
    ("platform", "platform"),
    ("category", "category"),
    ("followers", "followers"),
    ("follower_tier", "tier"),
    ("performance_tier", "perf"),
    ("star_index", "star"),
    ("credit_score", "credit"),
    ("eligible", "eligible"),
    ("expected_cpm_fen", "CPM 元"),
    ("expected_cpe_fen", "CPE 元"),
)
# Shown only when a listed creator went live in the window (no live data: the table as before).
LIVE_TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("live_gpm_fen", "live GPM 元"),
    ("live_uv_value_fen", "UV 元"),
)
RIGHT_ALIGNED = {
    "followers",
    "star_index",
    "credit_score",
    "expected_cpm_fen",
    "expected_cpe_fen",
    "live_gpm_fen",
    "live_uv_value_fen",
}


def _write_table(records: list[dict], columns: list[str], as_of: date, out: TextIO) -> None:
    out.write(f"creators as of {as_of}: {len(records)} shown\n")
    if not records:
        out.write("no creator matches these filters\n")
        return
    shown = TABLE_COLUMNS
    if any(record.get("live_sessions_30d") for record in records):
        shown = TABLE_COLUMNS + LIVE_TABLE_COLUMNS
    cells = [[_cell(name, record.get(name)) for name, _ in shown] for record in records]
    headers = [title for _, title in shown]
    widths = [
        max(_width(text) for text in [header] + [row[i] for row in cells])
        for i, header in enumerate(headers)
    ]
    aligned = [name in RIGHT_ALIGNED for name, _ in shown]
    for row in [headers, ["-" * w for w in widths], *cells]:
        padded = [_pad(text, w, right) for text, w, right in zip(row, widths, aligned, strict=True)]
        out.write("  ".join(padded).rstrip() + "\n")


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name == "nickname":
        return _truncate(str(value), NICKNAME_WIDTH)
    if name == "followers":
        return f"{value:,}"
    if name == "star_index":
        return f"{value:.1f}"
    if name in ("expected_cpm_fen", "expected_cpe_fen", "live_gpm_fen", "live_uv_value_fen"):
        return f"{value / 100:,.2f}"
    if name == "eligible":
        return "yes" if value else "no"
    return str(value)


def _width(text: str) -> int:
    """Terminal columns: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _truncate(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    kept = ""
    for ch in text:
        if _width(kept + ch) > width - 1:
            break
        kept += ch
    return kept + "…"


WRITERS = {"table": _write_table, "csv": _write_csv, "json": _write_json}

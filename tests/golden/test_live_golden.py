"""Golden example of live commerce and the FACT+S channels (tests/golden/live/README.md): the
landing zone run through `starmap run` gives every expected row of every expected table, for
every expected date (worked out by hand from domain.md 9 and 10)."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from starmap.warehouse import connect

LIVE = Path(__file__).resolve().parent / "live"
DATES = sorted(
    date.fromisoformat(p.stem.removeprefix("as_of_")) for p in (LIVE / "expected").glob("*.json")
)
# The key of each table in its expected files (columns joined with "|", in key order).
KEYS = {
    "live_sessions": ("live_id",),
    "channel_gmv": ("brand_id", "channel"),
    "channel_gmv_daily": ("brand_id", "business_date", "channel"),
    "order_attribution": ("order_id",),
    "settlements": ("collaboration_id",),
    "campaign_funnel": ("campaign_id",),
    "creator_tiers": ("creator_id",),
}
_TIMESTAMPS = ("placed_ts", "start_ts", "end_ts")


def _expected(as_of: date) -> dict[str, Any]:
    return json.loads((LIVE / "expected" / f"as_of_{as_of.isoformat()}.json").read_text())


@pytest.fixture(scope="module")
def live_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from starmap.runner import run_pipeline

    warehouse = tmp_path_factory.mktemp("live") / "warehouse.duckdb"
    run_pipeline(
        raw=str(LIVE / "raw"),
        warehouse=str(warehouse),
        as_of=DATES[-1],
        settings=str(LIVE / "settings.toml"),
    )
    return warehouse


def _rows(warehouse: Path, table: str, as_of: date) -> dict[str, dict[str, Any]]:
    with connect(warehouse, read_only=True) as conn:
        cursor = conn.execute(f"select * from marts.{table} where as_of = $as_of", {"as_of": as_of})
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {"|".join(str(row[k]) for k in KEYS[table]): row for row in rows}


def _same(column: str, got: Any, want: Any) -> bool:
    if want is None or got is None:
        return got is None and want is None
    if column in _TIMESTAMPS:
        return got == datetime.fromisoformat(want)
    if column == "business_date":
        return got == date.fromisoformat(want)
    if isinstance(want, float) or isinstance(got, float):
        # relative: GPM of about 2.3e7 may differ in its last bit with the order of division
        return math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-9)
    return got == want


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("table", sorted(KEYS))
def test_live_example_matches_expected(live_warehouse: Path, table: str, as_of: date) -> None:
    expected = _expected(as_of)[table]
    actual = _rows(live_warehouse, table, as_of)

    assert sorted(actual) == sorted(expected), f"{table} as of {as_of}"
    for key, want in expected.items():
        got = actual[key]
        differ = {
            column: (got[column], value)
            for column, value in want.items()
            if not _same(column, got[column], value)
        }
        assert not differ, f"{table} {key} as of {as_of}: (got, expected) {differ}"

"""Golden example: marts.settlements and marts.order_attribution of the tiny landing zone run
through `starmap run` equal the hand-made expected files, for every expected date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from starmap.warehouse import connect
from tests.conftest import TINY_DATES, tiny_expected

TABLES = {"settlements": "collaboration_id", "order_attribution": "order_id"}


def _rows(warehouse: Path, table: str, key: str, as_of: date) -> dict[str, dict[str, Any]]:
    with connect(warehouse, read_only=True) as conn:
        cursor = conn.execute(f"select * from marts.{table} where as_of = $as_of", {"as_of": as_of})
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    return {row[columns.index(key)]: dict(zip(columns, row, strict=True)) for row in rows}


def _expected_value(column: str, value: Any) -> Any:
    # placed_ts compares as an instant, whatever offset the file writes it with
    if column == "placed_ts" and value is not None:
        return datetime.fromisoformat(value)
    return value


@pytest.mark.parametrize("as_of", TINY_DATES, ids=str)
@pytest.mark.parametrize("table", sorted(TABLES))
def test_tiny_example_matches_expected(tiny_warehouse: Path, table: str, as_of: date):
    expected = tiny_expected(as_of)[table]
    actual = _rows(tiny_warehouse, table, TABLES[table], as_of)

    assert sorted(actual) == sorted(expected)
    for key, expected_row in expected.items():
        got = {column: actual[key][column] for column in expected_row}
        want = {column: _expected_value(column, v) for column, v in expected_row.items()}
        assert got == want, f"{table} {key} as of {as_of}"

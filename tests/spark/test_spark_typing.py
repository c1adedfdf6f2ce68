"""The loader types delivered text in SQL (sql/staging/typed/): on Spark the same
expressions, translated (starmap/engines/spark_tables.py), must read every text as DuckDB
reads it, or the same row would load on one engine and be quarantined on the other. Each
expression is evaluated on both over texts of every spelling the landing zone shows and of
the faults the simulator and issue 22 feed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb
import pytest

from starmap.engines.spark_tables import SparkConnection
from starmap.warehouse import BUSINESS_TIME_ZONE, ensure_schema

pytestmark = pytest.mark.spark

TIMESTAMPS = [
    "2026-06-05T10:00:00+08:00",
    "2026-06-05 10:00:00+08:00",
    "2026-06-05T02:00:00Z",
    "2026-06-05T10:00:00",
    "2026-06-05 10:00:00",
    "2026-06-05T10:00:00.123456+08:00",
    "2026-06-05T10:00:00+0800",
    "2026-06-05T10:00:00+08",
    "2026-06-05T10:00:00-05:30",
    "2026-06-05T10:00:00+14:00",
    "2026-06-05T10:00:00-12:00",
    "2026-06-05T10:00:00+24:00",
    "2026-06-05T10:00:00+08:60",
    "2026-06-05T10:00:00-12:30",
    "2026-06-05T10:00:00+15",
    "1991-12-31T23:30:00+00:00",
    "2026-06-05",
    "2026/06/05 10:00:00",
    "2026/06/05T10:00:00+08:00",
    "2026/06-05 10:00:00",
    "2026.06.05 10:00:00",
    "20260605T100000",
    "2026-13-05T10:00:00+08:00",
    "2026-06-31T10:00:00+08:00",
    "yesterday",
    "",
    "10:00:00",
    "T10:00:00+08:00",
]
NUMBERS = ["12", "+12", "-3", "007", "1.5", "1e3", "12 ", "0x10", "9223372036854775808", "", "abc"]
DECIMALS = ["0.25", "-0.5", "1e-3", ".5", "5.", "NaN", "inf", "-Infinity", "1,5", "", "x"]
DATES = ["2026-06-05", "2026-6-5", "2026-06-05 10:00", "20260605", "2026-02-30", "", "06/05/2026"]
BOOLEANS = ["true", "TRUE", "1", "false", "0", "yes", "", "t"]

EXPRESSIONS = {
    "instant": ("staging.instant(v)", TIMESTAMPS),
    "business_date": ("staging.shanghai_date(staging.instant(v))", TIMESTAMPS),
    "offset_is_possible": ("staging.offset_is_possible(v)", TIMESTAMPS),
    "integer": (
        "try_cast(case when regexp_full_match(v, '[+-]?[0-9]+') then v end as bigint)",
        NUMBERS,
    ),
    "double": ("try_cast(v as double)", DECIMALS),
    "date": ("try_cast(v as date)", DATES),
    "boolean": (
        "case lower(v) when 'true' then true when '1' then true "
        "when 'false' then false when '0' then false end",
        BOOLEANS,
    ),
}


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, float) and value != value:
        return "NaN"
    return value


def _texts_table(texts: list[str]) -> str:
    rows = ", ".join(f"({i}, {_quote(t)})" for i, t in enumerate(texts))
    return f"(values {rows}) as texts(i, v)"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def duck() -> Any:
    conn = duckdb.connect()
    ensure_schema(conn)
    conn.execute(f"set TimeZone = '{BUSINESS_TIME_ZONE}'")
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def on_spark(spark: Any) -> SparkConnection:
    return SparkConnection(spark)


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_spark_types_delivered_text_as_duckdb_does(
    name: str, duck: Any, on_spark: SparkConnection
) -> None:
    expression, texts = EXPRESSIONS[name]
    # An empty text reaches typing as null (read.py trims and nulls it): keep it as a case.
    query = (
        f"select i, {expression} as typed from "
        f"(select i, nullif(v, '') as v from {_texts_table(texts)}) as t order by i"
    )
    want = [(i, _normal(v)) for i, v in duck.execute(query).fetchall()]
    got = [(i, _normal(v)) for i, v in on_spark.sql(query).fetchall()]
    differing = [(texts[w[0]], w[1], g[1]) for w, g in zip(want, got, strict=True) if w != g]
    assert not differing, f"{name}: (text, DuckDB, Spark) {differing}"

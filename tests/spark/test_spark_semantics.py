"""Where DuckDB and Spark SQL could differ, the translated SQL (to_spark_sql) gives DuckDB's
value on Spark: the project's rewrites and what sqlglot already handles, one case each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb
import pytest

from starmap.engines.spark import to_spark_sql
from starmap.warehouse import BUSINESS_TIME_ZONE

pytestmark = pytest.mark.spark

CASES = {
    # rewrite _float_division: a decimal literal times an integer, divided (a DOUBLE on DuckDB)
    "decimal_division": "select 100.0 * 5 / nullif(12, 0) as v",
    "integer_division_is_floating": "select 7 / 2 as v",
    # `//` truncates toward zero on both (money is never negative where a rate applies)
    "integer_division": "select (-7) // 2 as a, (1999 * 500 + 5000) // 10000 as b",
    "date_plus_days": "select DATE '2026-06-05' + 30 as v, DATE '2026-06-05' - (30 - 1) as w",
    "days_between_dates": "select cast(DATE '2026-06-05' - DATE '2025-06-05' as integer) as v",
    "filtered_count": (
        "select count(*) filter (where x > 1) as n, sum(x) filter (where x > 2) as s "
        "from (values (1), (2), (3)) as t(x)"
    ),
    "cume_dist_with_peers": (
        "select x, 100 * cume_dist() over (order by x) as c from (values (1), (2), (2), (3)) "
        "as t(x) order by x"
    ),
    "nulls_last_in_ascending_order": (
        "select x, row_number() over (order by x) as r from (values (1), (null), (2)) as t(x) "
        "order by r"
    ),
    "nulls_in_descending_order": (
        "select x, row_number() over (order by x desc) as r "
        "from (values (1), (null), (2)) as t(x) order by r"
    ),
    "semi_join": (
        "select a.x from (values (1), (2), (3)) as a(x) "
        "semi join (values (2), (3), (3)) as b(y) on a.x = b.y order by a.x"
    ),
    "string_order_is_by_bytes": (
        "select x, row_number() over (order by x) as r "
        "from (values ('b'), ('B'), ('a1'), ('é'), ('z')) as t(x) order by r"
    ),
    "timestamp_minus_days": (
        "select cast('2026-06-05 10:00:00+08:00' as timestamptz) - 7 * interval '1 day' as v"
    ),
    "exact_share_comparison": "select 3 > cast(0.2 as decimal(18, 6)) * 15 as v",
    "greatest_skips_nulls": "select greatest(DATE '2026-06-01', null, DATE '2026-06-03') as v",
    # Ties that a double holds exactly round half away from zero on both engines.
    "round_exact_ties": (
        "select round(2.5, 0) as a, round(cast(-2.5 as double)) as b, "
        "round(cast(0.1953125 as double), 6) as c, round(cast(85.25 as double), 1) as d"
    ),
    "median_by_ranks": (
        "select avg(case when 2 * r between n and n + 2 then cast(x as double) end) as m "
        "from (select x, row_number() over (order by x) as r, count(*) over () as n "
        "from (values (4), (1), (3), (2)) as t(x))"
    ),
}


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        # Spark hands back naive local datetimes of the Python process: compare as UTC.
        aware = value if value.tzinfo else value.astimezone()
        return aware.astimezone(UTC)
    return (
        float(value) if hasattr(value, "as_integer_ratio") and not isinstance(value, int) else value
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_spark_gives_duckdbs_value(spark: Any, name: str) -> None:
    sql = CASES[name]
    with duckdb.connect() as conn:
        conn.execute(f"set TimeZone = '{BUSINESS_TIME_ZONE}'")
        want = [tuple(_normal(v) for v in row) for row in conn.execute(sql).fetchall()]
    got = [tuple(_normal(v) for v in row) for row in spark.sql(to_spark_sql(sql)).collect()]
    assert len(got) == len(want) > 0
    # Exactly: both engines compute IEEE doubles, so the same operations give the same bits.
    assert got == want, name


def test_rounding_a_double_near_a_tie_is_the_known_difference(spark: Any) -> None:
    # DuckDB rounds the double's binary value (0.1234565 is 0.12345649999...), Spark its
    # shortest decimal text, half up. They differ only for a double whose text ends in that
    # 5 without being the tie: star_index would need millions of rated creators in one
    # category for it (docs/scaling.md). Should this start to pass, the note can go.
    sql = "select round(cast(0.1234565 as double), 6) as v"
    with duckdb.connect() as conn:
        (want,) = conn.execute(sql).fetchone()
    (got,) = spark.sql(to_spark_sql(sql)).collect()[0]
    assert (want, got) == (0.123456, 0.123457)

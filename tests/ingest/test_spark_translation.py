"""The loader's DuckDB statements as Spark SQL (starmap/engines/spark_tables.py): each
rewrite on the statement shape the loader sends. Runs without Spark; what the rewritten
statements compute is compared with DuckDB on Spark itself in tests/spark/."""

from __future__ import annotations

from datetime import date

import pytest

from starmap.engines.spark_tables import SparkStatementError, parse, spark_sql, translate


def spark(statement: str, params: dict | None = None) -> str:
    return spark_sql(translate(parse(statement, params)))


def test_the_timestamp_macros_are_written_in_where_they_are_called() -> None:
    sql = spark("select staging.instant(l.event_ts) as ts from landing as l")
    assert "staging." not in sql.lower()
    assert "TRY_CAST(REGEXP_REPLACE(l.event_ts, " in sql
    # offset_is_possible inside instant, and clock_offset_ok inside that, inlined too.
    assert "ENDSWITH(l.event_ts, '+08:00')" in sql
    assert "SUBSTRING(l.event_ts, -6, 1) IN ('+', '-')" in sql


def test_a_timestamp_is_read_only_after_a_date_with_its_slashes_made_dashes() -> None:
    assert spark("select try_cast(v as timestamptz) from t") == (
        "SELECT CASE WHEN v RLIKE '^[0-9]+(-[0-9]+-|/[0-9]+/)[0-9]+' "
        "THEN TRY_CAST(REGEXP_REPLACE(v, '^([0-9]+)/([0-9]+)/([0-9]+)', '$1-$2-$3') AS TIMESTAMP) "
        "END FROM t"
    )


def test_rewrites_reach_inside_what_other_rewrites_return() -> None:
    # epoch_us(...) is rewritten around a try_cast that is rewritten too.
    sql = spark("select epoch_us(try_cast(v as timestamptz)) from t")
    assert sql.startswith("SELECT UNIX_MICROS(CASE WHEN v RLIKE")


def test_a_full_regular_expression_match_is_anchored() -> None:
    sql = spark("select regexp_full_match(followers, '[+-]?[0-9]+') from landing")
    assert "RLIKE" in sql and "'^(?:[+-]?[0-9]+)$'" in sql


@pytest.mark.parametrize(
    ("duckdb", "expected"),
    [
        ("ts[-3]", "SUBSTRING(ts, -3, 1)"),
        ("ts[1]", "SUBSTRING(ts, 1, 1)"),
        ("ts[-5:-4]", "SUBSTRING(ts, -5, 2)"),
        ("ts[-2:]", "SUBSTRING(ts, -2)"),
    ],
)
def test_text_is_indexed_by_character_from_one(duckdb: str, expected: str) -> None:
    assert spark(f"select {duckdb} from t") == f"SELECT {expected} FROM t"


def test_a_row_of_the_remaining_columns_is_a_struct_of_them() -> None:
    sql = spark("select row(*columns(s.* exclude (event_id, row_number))) as content from t as s")
    assert sql == "SELECT STRUCT(s.* EXCEPT (event_id, row_number)) AS content FROM t AS s"


def test_json_of_a_row_keeps_its_null_fields() -> None:
    sql = spark("select to_json(struct_pack(*columns(* exclude (source_file)))) from t")
    assert "TO_JSON(STRUCT(* EXCEPT (source_file)), MAP('ignoreNullFields', 'false'))" in sql


def test_rowid_is_the_hidden_row_id_of_the_full_view() -> None:
    sql = spark(
        "select rowid as staging_rowid, * exclude (admitted_date) from staging.engagement_events"
    )
    assert sql == (
        "SELECT engagement_events.__rowid AS staging_rowid, * EXCEPT (admitted_date, __rowid) "
        "FROM staging__engagement_events__full AS engagement_events"
    ) or sql == (
        "SELECT __rowid AS staging_rowid, * EXCEPT (admitted_date, __rowid) "
        "FROM staging__engagement_events__full AS engagement_events"
    )


def test_rowid_from_a_join_is_refused() -> None:
    with pytest.raises(SparkStatementError, match="single table"):
        spark("select a.rowid from staging.videos as a join staging.creators as c on true")


def test_an_asof_join_is_refused_with_what_to_do() -> None:
    with pytest.raises(SparkStatementError, match="write it as a join"):
        spark("select * from e asof left join k on k.v = e.v and e.ts >= k.ts")


def test_hash_and_epoch_have_spark_names() -> None:
    assert spark("select hash(event_id), epoch_us(ts) from t") == (
        "SELECT XXHASH64(event_id), UNIX_MICROS(ts) FROM t"
    )


def test_a_date_in_the_business_time_zone_is_a_cast_in_the_session_zone() -> None:
    assert spark("select cast(timezone('Asia/Shanghai', ts) as date) from t") == (
        "SELECT CAST(ts AS DATE) FROM t"
    )
    with pytest.raises(SparkStatementError, match="time zone"):
        spark("select cast(timezone('UTC', ts) as date) from t")


def test_the_materialized_hint_is_left_to_spark() -> None:
    sql = spark("with c as materialized (select 1 as a) select a from c")
    assert "MATERIALIZED" not in sql.upper()


def test_parameters_are_written_in_as_typed_literals() -> None:
    sql = spark(
        "select * from t where d = $day and coalesce($none, d) = d "
        "and list_contains($kinds, kind) and n > $max",
        {"day": date(2026, 6, 5), "none": None, "kinds": ["a", "b"], "max": 10},
    )
    assert "d = CAST('2026-06-05' AS DATE)" in sql
    assert "COALESCE(NULL, d)" in sql
    assert "ARRAY_CONTAINS(ARRAY('a', 'b'), kind)" in sql
    assert "n > 10" in sql
    with pytest.raises(SparkStatementError, match=r"\$day"):
        parse("select $day", {})

"""The Spark translation of the models (starmap/engines/spark.py) without a Spark session:
each project rewrite, the declared types, the order of the snapshot models. That the
translated SQL gives DuckDB's values is proved on Spark by tests/spark/ (make test-spark)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlglot

from starmap.engines.spark import (
    REWRITES,
    snapshot_order,
    snapshot_select,
    spark_type,
    staging_tables,
    to_spark_sql,
    warehouse_view,
)
from starmap.models import ModelError, bind_literals, registry
from starmap.settings import Policy


def test_warehouse_tables_are_read_through_schema_named_views_keeping_their_alias() -> None:
    sql = to_spark_sql(
        "select c.creator_id, brands.name from staging.creators as c, staging.brands"
    )
    assert "FROM staging__creators AS c, staging__brands AS brands" in sql
    # Relations of the date (bare names) and CTEs stay as they are.
    assert "FROM visible_videos AS v" in to_spark_sql("select * from visible_videos as v")


def test_warehouse_view_names_a_schema_and_table() -> None:
    assert warehouse_view("marts.settlements") == "marts__settlements"
    with pytest.raises(ModelError):
        warehouse_view("visible_videos")


def test_division_is_floating_point_as_in_duckdb() -> None:
    sql = to_spark_sql("select 100.0 * credit_score / nullif(12, 0) as x from t")
    assert sql == (
        "SELECT CAST(100.0 * credit_score AS DOUBLE) / CAST(NULLIF(12, 0) AS DOUBLE) AS x FROM t"
    )


def test_integer_division_stays_integer_division() -> None:
    assert to_spark_sql("select (a * 500 + 5000) // 10000 as f from t") == (
        "SELECT (a * 500 + 5000) DIV 10000 AS f FROM t"
    )


def test_ascending_order_puts_nulls_last_as_duckdb_does() -> None:
    # Spark sorts NULLS FIRST in ascending order, DuckDB NULLS LAST: sqlglot writes it out.
    sql = to_spark_sql("select row_number() over (partition by v order by ts, id desc) from t")
    assert "ORDER BY ts NULLS LAST, id DESC" in sql


def test_every_model_translates_with_its_literals_bound() -> None:
    params = Policy().sql_params() | {"as_of": date(2026, 6, 5)}
    for model in registry().values():
        sql = to_spark_sql(bind_literals(model.select, params))
        assert "$" not in sql, model.name
        assert "staging." not in sql and "marts." not in sql, model.name
        sqlglot.parse_one(sql, read="spark")


def test_rewrites_are_the_documented_ones() -> None:
    assert [r.__name__ for r in REWRITES] == ["_warehouse_tables_as_views", "_float_division"]


def test_declared_types_map_to_spark_types() -> None:
    assert spark_type("bigint not null") == "BIGINT"
    assert spark_type("timestamptz not null") == "TIMESTAMP"
    assert spark_type("varchar") == "STRING"
    assert spark_type("integer") == "INT"
    with pytest.raises(ModelError, match="no Spark type"):
        spark_type("hugeint")


def test_the_snapshot_select_casts_to_the_declared_columns_in_order() -> None:
    model = registry()["marts.mcn_standing"]
    sql = snapshot_select(model, "SELECT 1")
    casts = [line.strip().rstrip(",") for line in sql.splitlines() if "cast(" in line]
    assert casts[0] == "cast(`as_of` as DATE) as `as_of`"
    assert [c.split("`")[1] for c in casts] == list(model.column_names)


def test_snapshot_models_come_after_the_snapshot_tables_they_read() -> None:
    order = [m.name for m in snapshot_order()]
    assert sorted(order) == sorted(n for n, m in registry().items() if m.is_snapshot)
    before = [
        ("marts.collaboration_fraud", "marts.collaboration_states"),
        ("marts.collaboration_fraud", "marts.order_attribution"),
        ("marts.collaboration_states", "marts.settlements"),
        ("marts.order_attribution", "marts.settlements"),
        ("marts.settlements", "marts.settlement_ledger"),  # through marts.settlement_amounts
        ("marts.campaign_funnel_daily", "marts.campaign_funnel"),
        ("marts.settlements", "marts.campaign_funnel"),
        ("marts.collaboration_states", "marts.creator_tiers"),  # through credit_deductions
    ]
    for first, then in before:
        assert order.index(first) < order.index(then), (first, then)


def test_staging_tables_are_what_the_snapshots_read() -> None:
    tables = staging_tables()
    assert "staging.engagement_counts" in tables and "staging.collaborations" in tables
    assert all(t.startswith("staging.") for t in tables)
    # The full event table is read by no snapshot, only by the analysts' visible views.
    assert "staging.engagement_events" not in tables

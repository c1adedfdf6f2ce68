"""What analysts see in the DuckDB catalog: every marts table and column is described."""

from __future__ import annotations

from starmap.warehouse import connect, ensure_schema


def test_every_marts_table_and_column_has_a_comment() -> None:
    conn = connect(":memory:")
    ensure_schema(conn)
    tables = conn.execute(
        "select table_name, coalesce(comment, '') from duckdb_tables() where schema_name = 'marts' "
        "union all "
        "select view_name, coalesce(comment, '') from duckdb_views() where schema_name = 'marts'"
    ).fetchall()
    assert {
        "settlements",
        "settlement_ledger",
        "order_attribution",
        "creator_tiers",
        "mcn_standing",
        "campaign_funnel",
        "campaign_funnel_daily",
        "settlement_amounts",
    } <= {t for t, _ in tables}
    assert [t for t, comment in tables if not comment.strip()] == []
    undescribed = conn.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where schema_name = 'marts' and coalesce(comment, '') = ''"
    ).fetchall()
    assert undescribed == []

"""Snapshot tables keep one row per key without primary keys: a date written with a repeated
key is rolled back, every snapshot table has a key, and older warehouses lose their keys
with their rows intact."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.snapshots import SnapshotKeyError, model, write_snapshots
from starmap.models import snapshot_models
from starmap.settings import Policy
from starmap.warehouse import connect, ensure_schema

AS_OF = date(2026, 6, 5)
ORDER_ROW = (
    "insert into marts.order_attribution values ($as_of, 'o1', 'p1', 'u1', "
    "timestamptz '2026-06-05 10:00:00+08', date '2026-06-05', null, null, null, 'paid', "
    "100, 0, 100, 0, 0, null, 'other', null, 'b1', null)"
)


# The model's own select with its one row written twice: a bug the key check must catch.
ORDER_ROWS_TWICE = """
select
    cast($as_of as date) as as_of, 'o1' as order_id, 'p1' as product_id, 'u1' as buyer_id,
    timestamptz '2026-06-05 10:00:00+08' as placed_ts, date '2026-06-05' as placed_date,
    null as click_event_id, null as video_id, null as collaboration_id, 'paid' as order_state,
    100 as paid_fen, 0 as refunded_fen, 100 as base_fen, 0 as commission_fen,
    0 as platform_fee_fen, null as live_id, 'other' as channel, null as promotion_id,
    'b1' as brand_id, null as traffic_source
from range(2)
"""


def test_a_date_written_with_a_repeated_key_is_rolled_back(tmp_path: Path) -> None:
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    conn.execute(ORDER_ROW, {"as_of": AS_OF})  # the date's rows before the faulty rewrite
    faulty = replace(model("order_attribution"), select=ORDER_ROWS_TWICE, inputs=())
    with pytest.raises(SnapshotKeyError, match=r"order_attribution: 1 row\(s\) repeat a key"):
        write_snapshots(conn, [AS_OF], faulty, Policy().sql_params())
    # Rolled back: the date keeps the one row it had, not none and not two.
    assert conn.execute("select order_id from marts.order_attribution").fetchall() == [("o1",)]


def test_every_snapshot_model_is_keyed_from_as_of_on_declared_columns() -> None:
    models = snapshot_models()
    assert {m.name for m in models} >= {"marts.settlements", "marts.creator_tiers"}
    for snapshot in models:
        assert snapshot.key[0] == "as_of", snapshot.name
        assert set(snapshot.key) <= set(snapshot.column_names), snapshot.name


def _primary_keys(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        "select table_name from duckdb_constraints() "
        "where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
    ).fetchall()


def test_a_warehouse_with_primary_keys_loses_them_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path) as conn:
        ensure_schema(conn)
        conn.execute(ORDER_ROW, {"as_of": AS_OF})
        # The table as warehouses before this change have it: with a primary key.
        (ddl,) = conn.execute(
            "select sql from duckdb_tables() where table_name = 'order_attribution'"
        ).fetchall()[0]
        keyed = re.sub(r"\);?\s*$", ", primary key (as_of, order_id));", ddl)
        conn.execute("alter table marts.order_attribution rename to old")
        conn.execute(keyed)
        conn.execute("insert into marts.order_attribution select * from marts.old")
        conn.execute("drop table marts.old")
        conn.execute("delete from ops.schema_state")  # as after a schema change
        assert _primary_keys(conn) == [("order_attribution",)]
    with connect(path) as conn:
        ensure_schema(conn)
        assert _primary_keys(conn) == []
        rows = conn.execute("select as_of, order_id from marts.order_attribution").fetchall()
        assert rows == [(AS_OF, "o1")]
        comment = conn.execute(
            "select comment from duckdb_tables() where table_name = 'order_attribution'"
        ).fetchall()
        assert comment[0][0]  # the schema scripts described the new table


def test_progress_names_the_table_a_snapshot_writes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    with caplog.at_level("INFO", logger="starmap.progress"):
        write_snapshots(conn, [AS_OF, date(2026, 6, 6)], "mcn_standing", Policy().sql_params())
    (line,) = [r.getMessage() for r in caplog.records if r.name == "starmap.progress"]
    # The table a person knows, not a SQL file.
    assert line.startswith("mcn_standing: 2 snapshots 2026-06-05..2026-06-06 in ")

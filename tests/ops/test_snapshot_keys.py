"""Snapshot tables keep one row per key without primary keys: a date written with a repeated
key is rolled back, every snapshot table has a key, and older warehouses lose their keys
with their rows intact."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

import pipelines.snapshots as snapshots
from pipelines.snapshots import SNAPSHOT_KEYS, SnapshotKeyError, write_snapshots
from starmap.settings import Policy
from starmap.warehouse import SQL_DIR, connect, ensure_schema

AS_OF = date(2026, 6, 5)
ORDER_ROW = (
    "insert into marts.order_attribution values ($as_of, 'o1', 'p1', 'u1', "
    "timestamptz '2026-06-05 10:00:00+08', date '2026-06-05', null, null, null, 'paid', "
    "100, 0, 100, 0, 0)"
)


def test_a_date_written_with_a_repeated_key_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)

    def twice(conn: duckdb.DuckDBPyConnection, name: str, params: dict) -> None:
        conn.execute(ORDER_ROW, {"as_of": params["as_of"]})
        conn.execute(ORDER_ROW, {"as_of": params["as_of"]})

    monkeypatch.setattr(snapshots, "run_sql", twice)
    steps = ["marts/settlement/order_attribution"]  # names the table the step writes
    with pytest.raises(SnapshotKeyError, match=r"order_attribution: 1 row\(s\) repeat a key"):
        write_snapshots(conn, [AS_OF], steps, Policy().sql_params())
    assert conn.execute("select count(*) from marts.order_attribution").fetchall() == [(0,)]


def test_every_table_a_snapshot_step_writes_has_a_key() -> None:
    written = {
        table
        for path in (SQL_DIR / "marts").rglob("*.sql")
        for table in snapshots.written_tables([str(path.relative_to(SQL_DIR))])
    }
    assert written == set(SNAPSHOT_KEYS)


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

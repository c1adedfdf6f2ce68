"""The model layer (starmap/models.py): each model one select with its declaration, the
inputs read from its SQL, nothing DuckDB-only in what the models read, and a new mart
column added in one file."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from pipelines.snapshots import make_relations, model, write_snapshots
from starmap.models import (
    SQL_DIR,
    ModelError,
    load_registry,
    read_inputs,
    registry,
    relations_for,
    snapshot_models,
)
from starmap.settings import Policy
from starmap.warehouse import add_declared_columns, connect, ensure_schema

AS_OF = date(2026, 6, 5)
# What the models must not read (domain.md 0's knowledge rule runs on another engine too).
DUCKDB_ONLY = re.compile(
    r"getvariable|query_table|\basof\s+join|\bunpivot\b|\blist_\w+\(|\bmacro\b|::",
    re.IGNORECASE,
)


@pytest.fixture
def warehouse(tmp_path: Path):
    conn = connect(tmp_path / "w.duckdb")
    ensure_schema(conn)
    yield conn
    conn.close()


def test_every_snapshot_model_selects_exactly_its_declared_columns(warehouse) -> None:
    params = Policy().sql_params() | {"as_of": AS_OF}
    for snapshot in snapshot_models():
        make_relations(warehouse, relations_for(snapshot), params)
        described = warehouse.execute(
            f"describe select * from ({snapshot.select})",
            {k: v for k, v in params.items() if f"${k}" in snapshot.select},
        ).fetchall()
        assert tuple(row[0] for row in described) == snapshot.column_names, snapshot.name


def test_models_read_no_duckdb_only_features_and_translate_to_spark() -> None:
    for declared in registry().values():
        assert not DUCKDB_ONLY.search(declared.select), declared.path
        # sqlglot raises on anything it cannot express in Spark SQL.
        sqlglot.transpile(
            declared.select, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE
        )


def test_inputs_are_read_from_the_sql_leaving_its_own_ctes_out() -> None:
    sql = """
    with settled as (select * from marts.settlements where as_of = $as_of)
    select * from settled join visible_creators using (creator_id)
    """
    assert read_inputs(sql) == ("marts.settlements", "visible_creators")


def test_relations_come_after_the_relations_they_read() -> None:
    order = [r.name for r in relations_for(model("settlements"))]
    assert order.index("credit_deductions") < order.index("creator_eligibility")
    assert order.index("eligibility_requests") < order.index("creator_eligibility")
    assert order.index("visible_video_events") < order.index("visible_videos")
    # Only what it reads: no creator performance in the settlements' transaction.
    assert "creator_performance" not in order


def _copy_sql(tmp_path: Path) -> Path:
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    return sql


def test_a_model_without_a_declaration_is_refused(tmp_path: Path) -> None:
    sql = _copy_sql(tmp_path)
    (sql / "marts" / "creators" / "stray.sql").write_text("select 1 as one\n")
    with pytest.raises(ModelError, match=r"stray\.sql: no declaration header"):
        load_registry(sql)


def test_a_relation_read_but_never_declared_is_refused(tmp_path: Path) -> None:
    sql = _copy_sql(tmp_path)
    path = sql / "marts" / "creators" / "mcn_standing.sql"
    path.write_text(path.read_text().replace("from visible_mcns", "from visible_agencies"))
    with pytest.raises(ModelError, match="reads visible_agencies, which no model declares"):
        load_registry(sql)


def test_a_snapshot_without_a_key_from_as_of_is_refused(tmp_path: Path) -> None:
    sql = _copy_sql(tmp_path)
    path = sql / "marts" / "creators" / "mcn_standing.sql"
    path.write_text(path.read_text().replace("key: as_of, mcn_id", "key: mcn_id"))
    with pytest.raises(ModelError, match="a key from as_of"):
        load_registry(sql)


def test_adding_a_column_to_a_mart_takes_one_file(tmp_path: Path, warehouse) -> None:
    """The worked example of docs/architecture.md: a column declared in the header and
    selected in the body is created, commented and written."""
    sql = _copy_sql(tmp_path)
    path = sql / "marts" / "creators" / "mcn_standing.sql"
    text = path.read_text()
    text = text.replace(
        "  age_days: integer not null | Days from founded_at to as_of\n",
        "  age_days: integer not null | Days from founded_at to as_of\n"
        "  age_years: integer | Whole years from founded_at to as_of\n",
    )
    text = text.replace(
        "    a.age_days\nfrom aged",
        "    a.age_days,\n    a.age_days // 365 as age_years\nfrom aged",
    )
    path.write_text(text)
    changed = load_registry(sql)["marts.mcn_standing"]
    changed = replace(changed, path=model("mcn_standing").path)  # its checks stay where they are

    assert changed.column_names[-1] == "age_years"
    assert any("age_years is 'Whole years" in statement for statement in changed.ddl())
    add_declared_columns(warehouse, [changed])  # as ensure_schema does on the next open
    warehouse.execute("insert into staging.mcns values ('m1', 'Star MCN', date '2020-06-01')")
    write_snapshots(warehouse, [AS_OF], changed, Policy().sql_params())
    rows = warehouse.execute("select mcn_id, age_days, age_years from marts.mcn_standing")
    assert rows.fetchall() == [("m1", 2195, 6)]


def test_analysts_read_the_visible_views_as_of_the_session_variable(warehouse) -> None:
    warehouse.execute(
        """
        insert into staging.mcns values
            ('m_old', 'Old', date '2020-01-01'), ('m_new', 'New', date '2026-06-10')
        """
    )
    warehouse.execute("set variable as_of_date = date '2026-06-05'")
    assert warehouse.execute("select as_of_date from visible.params").fetchall() == [(AS_OF,)]
    assert warehouse.execute("select mcn_id from visible.mcns").fetchall() == [("m_old",)]
    warehouse.execute("set variable as_of_date = date '2026-06-10'")
    assert warehouse.execute("select count(*) from visible.mcns").fetchall() == [(2,)]

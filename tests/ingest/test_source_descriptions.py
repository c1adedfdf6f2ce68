"""One description of each source (issue 21): the pandera contract in models/ names a
source's landing-zone fields. The column lists of pipelines/ingest/sources.py are derived
from it; the raw DDL (sql/schema/10_raw.sql), the typed SQL (sql/staging/typed/) and the
SQL pre-check (models/precheck.py) are written by hand, and these tests fail when one of
them disagrees with the contract."""

from __future__ import annotations

import duckdb
import pytest

from models.precheck import precheck_for
from pipelines.ingest.sources import SOURCES, Source
from starmap.warehouse import SQL_DIR, run_sql
from tests.landing_zone import empty_warehouse

# Bookkeeping columns that are no landing-zone field.
RAW_BOOKKEEPING = {"source_file", "row_number", "extra_json", "delivery_date"}
TYPED_BOOKKEEPING = {
    "source_file",
    "row_number",
    "schema_error",
    "delivery_date",
    "business_date",  # events: the Shanghai date of event_ts
    "booked_date",  # collaborations: the Shanghai date of booked_at
}
# The DuckDB type of each pandera dtype of the contracts.
DUCKDB_TYPES = {
    "String": "VARCHAR",
    "Int64": "BIGINT",
    "Int32": "INTEGER",
    "Boolean": "BOOLEAN",
    "Date": "DATE",
    "Float64": "DOUBLE",
    "Datetime(time_unit='us', time_zone='Asia/Shanghai')": "TIMESTAMP WITH TIME ZONE",
}


@pytest.fixture(scope="module")
def conn() -> duckdb.DuckDBPyConnection:
    connection = empty_warehouse()
    yield connection
    connection.close()


def _contract_columns(source: Source) -> dict[str, str]:
    """The contract's fields and their DuckDB types, in the contract's order."""
    columns = source.contract.to_schema().columns
    return {name: DUCKDB_TYPES[str(column.dtype)] for name, column in columns.items()}


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The columns of a table and their types, in order."""
    return {row[0]: row[1] for row in conn.execute(f"describe {table}").fetchall()}


def _typed(conn: duckdb.DuckDBPyConnection, source: Source) -> dict[str, str]:
    """Run the source's typed SQL on an empty landing view; its output columns."""
    fields = ", ".join(f"cast(null as varchar) as {c}" for c in source.columns)
    conn.execute(
        f"""
        create or replace temp view landing as
        select {fields}, cast(null as varchar) as source_file, cast(null as bigint) as row_number,
               cast(null as varchar) as extra_json, cast(null as varchar) as read_error,
               cast(null as date) as delivery_date
        where false
        """
    )
    run_sql(conn, f"staging/typed/{source.name}")
    return _columns(conn, "typed")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_column_list_is_the_contracts(name: str) -> None:
    source = SOURCES[name]
    assert list(source.columns) == list(_contract_columns(source))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_raw_ddl_has_a_text_column_for_every_contract_field(conn, name: str) -> None:
    source = SOURCES[name]
    raw = _columns(conn, source.raw_rows_table)
    fields = {c: t for c, t in raw.items() if c not in RAW_BOOKKEEPING}
    assert list(fields) == list(source.columns), f"{SQL_DIR}/schema/10_raw.sql, {name}"
    assert set(fields.values()) == {"VARCHAR"}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_typed_sql_gives_every_contract_field_its_type(conn, name: str) -> None:
    source = SOURCES[name]
    typed = {c: t for c, t in _typed(conn, source).items() if c not in TYPED_BOOKKEEPING}
    assert typed == _contract_columns(source), f"sql/staging/typed/{name}.sql"
    assert list(typed) == list(source.columns)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_typed_sql_reports_every_required_field_missing(name: str) -> None:
    source = SOURCES[name]
    sql = (SQL_DIR / "staging" / "typed" / f"{name}.sql").read_text(encoding="utf-8")
    required = [n for n, c in source.contract.to_schema().columns.items() if not c.nullable]
    for column in required:
        assert f"when {column} is null then '{column} missing'" in sql, column
    assert "when read_error is not null then read_error" in sql  # unreadable rows first


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_precheck_binds_on_the_typed_rows(conn, name: str) -> None:
    """The pre-check is derived from the contract; it must name only columns the typed SQL
    gives (a field renamed in one place but not the other fails here)."""
    source = SOURCES[name]
    _typed(conn, source)
    precheck = precheck_for(source.contract)
    conn.execute(f"select count(*) from typed where {precheck.flags}", precheck.params).fetchall()

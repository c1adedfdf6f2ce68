"""Fixtures of these tests: a fresh warehouse per test and the shared row builder."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.creators.warehouse_rows import Rows, empty_warehouse, open_copy


@pytest.fixture(scope="session")
def empty_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty warehouse with every schema, copied by each test."""
    return empty_warehouse(tmp_path_factory.mktemp("template") / "empty.duckdb")


@pytest.fixture
def rows(empty_warehouse_file: Path, tmp_path: Path) -> Iterator[Rows]:
    """A row builder on an empty warehouse of its own."""
    conn = open_copy(empty_warehouse_file, tmp_path / "warehouse.duckdb")
    try:
        yield Rows(conn)
    finally:
        conn.close()

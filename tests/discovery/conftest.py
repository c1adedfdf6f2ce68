"""Fixtures of these tests: those of the creators tests (a fresh warehouse per test and
the shared row builder)."""

from tests.creators.conftest import empty_warehouse_file, rows

__all__ = ["empty_warehouse_file", "rows"]

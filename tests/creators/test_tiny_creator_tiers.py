"""Golden end-to-end test: creator tiers of the tiny example equal the expected files."""

import pytest

from tests.creators.warehouse_rows import (
    mismatches,
    read_table,
    tiny_expected_dates,
    tiny_expected_table,
)


@pytest.mark.parametrize("as_of", tiny_expected_dates())
def test_tiny_creator_tiers_match_the_expected_file(tiny_warehouse, as_of: str) -> None:
    actual = read_table(tiny_warehouse, "marts.creator_tiers", "creator_id", as_of)
    assert mismatches(actual, tiny_expected_table(as_of, "creator_tiers")) == []

"""Golden end-to-end test: campaign funnels of the tiny example equal the expected files."""

import pytest

from tests.creators.warehouse_rows import (
    mismatches,
    read_table,
    tiny_expected_dates,
    tiny_expected_table,
)


@pytest.mark.parametrize("as_of", tiny_expected_dates())
def test_tiny_campaign_funnel_matches_the_expected_file(tiny_warehouse, as_of: str) -> None:
    actual = read_table(tiny_warehouse, "marts.campaign_funnel", "campaign_id", as_of)
    assert mismatches(actual, tiny_expected_table(as_of, "campaign_funnel")) == []


@pytest.mark.parametrize("as_of", tiny_expected_dates())
def test_tiny_campaign_funnel_daily_sums_to_the_funnel(tiny_warehouse, as_of: str) -> None:
    funnel = read_table(tiny_warehouse, "marts.campaign_funnel", "campaign_id", as_of)["k1"]
    daily = read_table(tiny_warehouse, "marts.campaign_funnel_daily", "business_date", as_of)
    for column in ("impressions", "plays", "engagements", "orders", "gmv_fen", "net_gmv_fen"):
        assert sum(row[column] for row in daily.values()) == funnel[column], column

"""Number formatting of the reports: yuan from fen, counts, percentages, file-safe ids."""

import re

from starmap.reports.format import (
    campaign_page_name,
    count,
    percent,
    roas,
    safe_filename_id,
    yuan,
)


def test_yuan_shows_fen_as_yuan_with_thousands_separators():
    assert yuan(123_456_789) == "¥1,234,567.89"
    assert yuan(100) == "¥1.00"
    assert yuan(5) == "¥0.05"
    assert yuan(0) == "¥0.00"


def test_yuan_is_exact_beyond_float_precision():
    # 2**53 + 1 fen cannot be held by a float; integer arithmetic keeps the last fen.
    assert yuan(2**53 + 1) == "¥90,071,992,547,409.93"


def test_negative_yuan_keeps_the_sign_before_the_currency():
    assert yuan(-105) == "-¥1.05"


def test_missing_numbers_show_a_dash():
    assert yuan(None) == "—"
    assert count(None) == "—"
    assert percent(None) == "—"
    assert percent(float("nan")) == "—"
    assert roas(None) == "—"


def test_counts_have_thousands_separators():
    assert count(1_234_567) == "1,234,567"
    assert count(0) == "0"


def test_rates_are_percentages():
    assert percent(0.375) == "37.5%"
    assert percent(1 / 3, digits=2) == "33.33%"
    assert percent(0.0) == "0.0%"
    assert percent(1.053) == "105.3%"


def test_roas_is_a_multiple_of_cost():
    assert roas(79_600 / 537_255) == "0.15×"
    assert roas(5.0) == "5.00×"


def test_safe_campaign_ids_keep_their_name():
    assert safe_filename_id("k1") == "k1"
    assert safe_filename_id("spring-2026_A") == "spring-2026_A"
    assert campaign_page_name("k1") == "campaign_k1.html"


def test_unsafe_campaign_ids_get_distinct_file_safe_names():
    ids = ["k/1", "k:1", "k 1", "k1?", "../k1", "双11", "k4/双11"]
    names = [safe_filename_id(i) for i in ids]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", n) for n in names)
    assert len(set(names)) == len(ids)
    assert safe_filename_id("k/1") == safe_filename_id("k/1")  # stable between runs

"""The demo's landing zone through the pipeline: creator tiers and money look like Xingtu.

The zone is the one `starmap demo` simulates (the simulator's defaults, seed 7), written
as Parquet only: the file format changes no row, and Parquet loads fastest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from starmap.runner import run_pipeline
from starmap.settings import Policy
from starmap.simulate import simulate_landing_zone
from starmap.warehouse import connect

# Median 21-60 s quote by follower tier, yuan: the levels docs/simulator.md cites (tail in
# the low thousands, waist 5-20k, shoulder 20-60k, head 60-200k), widened for a demo that
# has a handful of creators in the upper tiers.
QUOTE_RANGES_YUAN = {
    "koc": (300, 1_500),
    "tail": (1_000, 3_500),
    "waist": (3_500, 20_000),
    "shoulder": (15_000, 60_000),
    "head": (50_000, 200_000),
    "top": (150_000, 2_000_000),
}


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    simulate_landing_zone(root / "raw", seed=7, formats=("parquet",))
    warehouse = root / "warehouse.duckdb"
    run_pipeline(raw=str(root / "raw"), warehouse=str(warehouse))
    return warehouse


def _newest_tiers(warehouse: Path) -> list[dict]:
    with connect(warehouse, read_only=True) as conn:
        result = conn.execute(
            "select * from marts.creator_tiers "
            "where as_of = (select max(as_of) from marts.creator_tiers)"
        )
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def test_every_performance_tier_has_creators_and_at_most_a_third_are_unrated(
    demo_warehouse: Path,
) -> None:
    tiers = _newest_tiers(demo_warehouse)
    counts: dict[str, int] = {}
    for row in tiers:
        counts[row["performance_tier"]] = counts.get(row["performance_tier"], 0) + 1
    assert {"S", "A", "B", "C"} <= set(counts), counts
    assert all(counts[t] >= 1 for t in "SABC")
    assert counts.get("unrated", 0) <= len(tiers) / 3, counts
    # Rated means 10,000 valid plays in the 30-day window (domain.md 7).
    threshold = Policy().rated_min_plays
    assert all((r["plays_30d"] >= threshold) == (r["performance_tier"] != "unrated") for r in tiers)


def test_rate_cards_are_at_xingtu_levels_by_follower_tier(demo_warehouse: Path) -> None:
    quotes: dict[str, list[int]] = {}
    for row in _newest_tiers(demo_warehouse):
        if row["price_21_60s_fen"] is not None:
            quotes.setdefault(row["follower_tier"], []).append(row["price_21_60s_fen"])
    # The demo's 40 creators cover koc to head (stratified followers); top is rarer.
    assert {"koc", "tail", "waist", "shoulder", "head"} <= set(quotes)
    for tier, fen in quotes.items():
        fen.sort()
        median_yuan = (fen[(len(fen) - 1) // 2] + fen[len(fen) // 2]) / 2 / 100
        low, high = QUOTE_RANGES_YUAN[tier]
        assert low <= median_yuan <= high, (tier, median_yuan)


def test_campaigns_cost_what_booking_such_creators_costs(demo_warehouse: Path) -> None:
    with connect(demo_warehouse, read_only=True) as conn:
        (flat_median, booked_total) = conn.execute(
            "select median(price_fen), sum(coalesce(price_fen, 0) + coalesce(cap_fen, 0)) "
            "from staging.collaborations"
        ).fetchone()
        (cost_total,) = conn.execute(
            "select sum(cost_fen) from marts.campaign_funnel "
            "where as_of = (select max(as_of) from marts.campaign_funnel)"
        ).fetchone()
    # A flat fee is the creator's quote: the demo's creators are mostly tail and waist.
    assert 100_000 <= flat_median <= 2_000_000  # 1,000-20,000 yuan
    # Twelve campaigns booking 36 creators commit hundreds of thousands of yuan (the old
    # demo's whole campaigns cost 156-4,168 yuan).
    assert booked_total >= 10_000_000
    assert cost_total >= 5_000_000

"""Prices in the simulated dimension files are at the levels brands pay on Xingtu
(docs/simulator.md "Money" has the sources)."""

from __future__ import annotations

import polars as pl

from tests.simulate.zone import Zone

TIER_BOUNDS = [100_000, 300_000, 1_000_000, 3_000_000, 10_000_000]
TIERS = ["koc", "tail", "waist", "shoulder", "head", "top"]


def _creators(zone: Zone) -> pl.DataFrame:
    creators = zone.dimension("creators").filter(pl.col("followers").str.contains(r"^\d+$"))
    return creators.with_columns(
        pl.col("followers").cast(pl.Int64),
        *(pl.col(c).cast(pl.Int64) for c in ("price_1_20s_fen", "price_21_60s_fen")),
        pl.col("price_60s_plus_fen").cast(pl.Int64),
    ).with_columns(
        # domain.md 7: koc < 100k <= tail < 300k <= waist < 1M <= shoulder < 3M <= head ...
        pl.sum_horizontal([(pl.col("followers") >= b).cast(pl.Int8) for b in TIER_BOUNDS])
        .replace_strict(dict(enumerate(TIERS)))
        .alias("tier")
    )


def test_a_tail_creator_quotes_thousands_and_a_head_creator_tens_of_thousands(
    small_zone: Zone,
) -> None:
    medians = dict(
        _creators(small_zone)
        .group_by("tier")
        .agg(pl.col("price_21_60s_fen").median() / 100)
        .iter_rows()
    )
    assert 1_000 <= medians["tail"] <= 3_500
    assert 3_500 <= medians["waist"] <= 20_000
    assert 15_000 <= medians["shoulder"] <= 60_000
    assert 50_000 <= medians["head"] <= 200_000
    # Quotes rise with the tier.
    ordered = [medians[t] for t in TIERS if t in medians]
    assert ordered == sorted(ordered)


def test_longer_videos_are_quoted_higher(small_zone: Zone) -> None:
    quoted = _creators(small_zone).drop_nulls(
        ["price_1_20s_fen", "price_21_60s_fen", "price_60s_plus_fen"]
    )
    assert quoted.height > 50
    assert (quoted["price_1_20s_fen"] <= quoted["price_21_60s_fen"]).all()
    assert (quoted["price_21_60s_fen"] < quoted["price_60s_plus_fen"]).all()


def test_cpe_rates_are_half_a_yuan_to_three_yuan_with_a_cap_near_the_quote(
    small_zone: Zone,
) -> None:
    cpe = (
        small_zone.dimension("collaborations")
        .filter(pl.col("pricing_model") == "cpe")
        .join(_creators(small_zone), on="creator_id")
        .with_columns(pl.col("cpe_rate_fen", "cap_fen").cast(pl.Int64))
    )
    assert cpe.height >= 3
    assert cpe["cpe_rate_fen"].is_between(50, 300).all()
    # A cap pays for at least a hundred engagements and is in the hundreds of yuan or more.
    assert (cpe["cap_fen"] >= 100 * cpe["cpe_rate_fen"]).all()
    quoted = cpe.drop_nulls("price_21_60s_fen")
    ratio = quoted["cap_fen"] / quoted["price_21_60s_fen"]
    # 0.6-1.2x the quote of the video's length, and 60 s+ quotes are 1.4x: 0.5-1.8x here.
    assert ratio.is_between(0.5, 1.8).all(), ratio.to_list()


def test_flat_fees_are_the_rate_card(small_zone: Zone) -> None:
    flat = (
        small_zone.dimension("collaborations")
        .filter(pl.col("pricing_model") == "flat_fee")
        .join(_creators(small_zone), on="creator_id")
        .with_columns(pl.col("price_fen").cast(pl.Int64))
        .drop_nulls(["price_1_20s_fen", "price_60s_plus_fen"])
    )
    assert flat.height >= 3
    # At most the 60 s+ quote, at least 85% of the 21-60 s one (a package discount).
    assert (flat["price_fen"] <= flat["price_60s_plus_fen"] + 100).all()
    assert (flat["price_fen"] >= 0.85 * flat["price_21_60s_fen"] - 100).all()

"""Collaborations (星图 orders): who each campaign books, when, under which pricing model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from starmap.simulate.catalog import BRANDS, STORY_CAMPAIGN, Catalog
from starmap.simulate.clock import DAY_S, HOUR_S, day_number
from starmap.simulate.config import RATE_CARD
from starmap.simulate.people import CATEGORIES, Creators
from starmap.simulate.text import int_text, optional_text

PRICING_MODELS = np.array(["flat_fee", "cpe", "cps", "live"])
FLAT_FEE, CPE, CPS, LIVE = 0, 1, 2, 3  # live slots are booked by live.book_live
PRICING_SHARES = (0.5, 0.3, 0.2)
STYLES = np.array(["tutorial", "review", "skit", "unboxing", "vlog"])
# Typical video length per creative style, seconds (low, high).
STYLE_DURATION_S = np.array([[60, 180], [30, 90], [15, 60], [25, 120], [60, 240]])
# The rate card column (1-20 s, 21-60 s, 60 s+) a style's videos are priced at.
STYLE_QUOTE = np.array([2, 1, 1, 1, 2])
COMMISSION_BPS = np.array(RATE_CARD.commission_bps)


@dataclass
class Collaborations:
    ids: np.ndarray
    campaign: np.ndarray
    creator: np.ndarray
    model: np.ndarray  # FLAT_FEE, CPE, CPS
    booked_s: np.ndarray  # local seconds
    deadline_day: np.ndarray  # day number
    style: np.ndarray
    product: np.ndarray  # the product on the video card (cps: the commissioned product)
    price_fen: np.ndarray | None = None
    cpe_rate_fen: np.ndarray | None = None
    cap_fen: np.ndarray | None = None
    commission_bps: np.ndarray | None = None
    slot_fee_fen: np.ndarray | None = None  # live only (-1 elsewhere)
    live_day: np.ndarray | None = None  # live: the day number of its session (-1 elsewhere)

    def __len__(self) -> int:
        return len(self.ids)


def book_collaborations(
    rng: np.random.Generator, creators: Creators, catalog: Catalog, start: date, days: int
) -> Collaborations:
    """Each campaign books creators of matching categories; the story campaign its own cast."""
    first, last = day_number(start), day_number(start) + days - 1
    n_creators = len(creators)
    campaign_parts, creator_parts = [], []
    for k, brand in enumerate(catalog.campaign_brand):  # a dozen campaigns, not rows
        if k == STORY_CAMPAIGN:
            picked = np.flatnonzero(creators.is_story)
        else:
            picked = _pick_creators(rng, creators, brand, k, n_creators)
        campaign_parts.append(np.full(len(picked), k))
        creator_parts.append(picked)
    campaign = np.concatenate(campaign_parts)
    creator = np.concatenate(creator_parts)
    n = len(campaign)

    model = rng.choice(3, size=n, p=PRICING_SHARES)
    story = np.flatnonzero(campaign == STORY_CAMPAIGN)
    model[story[:3]] = [FLAT_FEE, CPE, CPS][: len(story[:3])]  # every model at least once
    c_start = catalog.campaign_start_day[campaign]
    c_end = catalog.campaign_end_day[campaign]
    booked_day = c_start + (rng.random(n) * (np.minimum(c_end, last) - c_start) * 0.5).astype(int)
    booked_day = np.clip(booked_day - rng.integers(0, 6, n), first - 5, max(first, last - 2))
    booked_day[story] = first - rng.integers(1, 4, len(story))
    # A joined creator can be booked only after joining.
    joined = creators.joined_day[creator]
    booked_day = np.where(joined >= 0, np.maximum(booked_day, joined), booked_day)
    booked_s = booked_day * DAY_S + rng.integers(9 * HOUR_S, 21 * HOUR_S, n)

    product = np.empty(n, dtype=np.int64)
    for k in np.unique(campaign):
        rows = np.flatnonzero(campaign == k)
        own = catalog.products_of_brand(catalog.campaign_brand[k])
        product[rows] = own[rng.integers(0, len(own), len(rows))]
    return Collaborations(
        ids=np.char.add("co", np.char.zfill(np.arange(1, n + 1).astype(str), 5)),
        campaign=campaign,
        creator=creator,
        model=model,
        booked_s=booked_s,
        deadline_day=booked_day + rng.integers(7, 16, n),
        style=rng.integers(0, len(STYLES), n),
        product=product,
    )


def _pick_creators(
    rng: np.random.Generator, creators: Creators, brand: int, campaign: int, n_creators: int
) -> np.ndarray:
    """Creators of the brand's categories, bigger ones preferred; never the story cast."""
    wanted = np.isin(CATEGORIES[creators.category], BRANDS[brand][2]) & ~creators.is_story
    pool = np.flatnonzero(wanted) if wanted.sum() >= 3 else np.flatnonzero(~creators.is_story)
    weight = np.sqrt(creators.followers[pool].astype(float))
    if campaign == 1:  # the other cosmetics campaign goes for tier-1 city audiences
        weight = weight * np.where(creators.city_tier[pool] == 1, 4.0, 1.0)
    size = min(len(pool), max(3, round(n_creators / 30 * rng.uniform(0.7, 1.3))))
    return rng.choice(pool, size=size, replace=False, p=weight / weight.sum())


def round_price_fen(fen: np.ndarray) -> np.ndarray:
    """Prices are round numbers: to 10 yuan below 10,000 yuan, to 100 yuan above."""
    step = np.where(fen < 1_000_000, 1_000, 10_000)
    return (np.round(fen / step) * step).astype(np.int64)


def price_collaborations(
    rng: np.random.Generator,
    collabs: Collaborations,
    quote_fen: np.ndarray,
    followers: np.ndarray,
    catalog: Catalog,
) -> None:
    """Flat fees at the rate card, CPE rates per engagement with a cap, CPS commissions."""
    n = len(collabs)
    # 一口价 is the listed quote, sometimes with a small discount for a package deal.
    flat = np.round(quote_fen * rng.uniform(0.85, 1.0, n), -2).astype(np.int64)
    low, high = RATE_CARD.cpe_rate_yuan
    # Bigger creators charge more per engagement: 1 yuan at 300k followers, x1.6 at 3M.
    rate_yuan = (followers / 300_000) ** 0.2 * rng.lognormal(0, 0.3, n)
    rate = np.round(np.clip(rate_yuan, low, high) * 10) * 10  # fen, to 0.1 yuan
    cap_low, cap_high = RATE_CARD.cpe_cap_of_quote
    cap = np.maximum(round_price_fen(quote_fen * rng.uniform(cap_low, cap_high, n)), rate * 100)
    missing = np.full(n, -1, dtype=np.int64)
    collabs.price_fen = np.where(collabs.model == FLAT_FEE, np.maximum(flat, 100), missing)
    collabs.cpe_rate_fen = np.where(collabs.model == CPE, rate.astype(np.int64), missing)
    collabs.cap_fen = np.where(collabs.model == CPE, cap.astype(np.int64), missing)
    collabs.commission_bps = np.where(
        collabs.model == CPS, COMMISSION_BPS[rng.integers(0, len(COMMISSION_BPS), n)], missing
    )
    committed = np.maximum(collabs.price_fen, 0) + np.maximum(collabs.cap_fen, 0)
    spend = np.bincount(collabs.campaign, weights=committed, minlength=len(catalog.campaign_ids))
    # Budgets leave room for commissions and extra bookings, rounded to 1,000 yuan.
    catalog.campaign_budget_fen[:] = (np.ceil(spend * 1.3 / 100_000 + 1) * 100_000).astype(np.int64)


def collaborations_frame(
    collabs: Collaborations, creators: Creators, catalog: Catalog
) -> pl.DataFrame:
    """collaborations.csv as the contract names its columns."""
    n = len(collabs)
    slot = collabs.slot_fee_fen if collabs.slot_fee_fen is not None else np.full(n, -1)
    live = collabs.model == LIVE
    booked = pl.Series(collabs.booked_s, dtype=pl.Int64)
    deadline = pl.Series(collabs.deadline_day.astype(np.int32)).cast(pl.Date)
    return pl.DataFrame(
        {
            "collaboration_id": collabs.ids,
            "campaign_id": catalog.campaign_ids[collabs.campaign],
            "creator_id": creators.ids[collabs.creator],
            "pricing_model": PRICING_MODELS[collabs.model],
            "booked_at": pl.select(
                pl.from_epoch(booked, time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
            ).to_series(),
            "publish_deadline": deadline.dt.to_string("%Y-%m-%d"),
            "price_fen": int_text(collabs.price_fen),
            "cpe_rate_fen": int_text(collabs.cpe_rate_fen),
            "cap_fen": int_text(collabs.cap_fen),
            "commission_bps": int_text(collabs.commission_bps),
            "product_id": optional_text(
                np.where((collabs.model == CPS) | live, catalog.product_ids[collabs.product], "")
            ),
            "slot_fee_fen": int_text(slot),
            "creative_style": np.where(live, "live", STYLES[np.maximum(collabs.style, 0)]),
        }
    )

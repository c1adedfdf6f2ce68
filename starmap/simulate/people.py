"""MCNs (agencies) and creators (达人): power-law followers, audiences, a few story creators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from starmap.simulate.clock import day_number
from starmap.simulate.text import date_text, int_text, optional_text

PLATFORMS = np.array(["douyin", "xigua", "huoshan"])
PLATFORM_SHARES = (0.78, 0.14, 0.08)
CATEGORIES = np.array(
    ["beauty", "fashion", "food", "tech", "travel", "parenting", "gaming", "lifestyle", "fitness"]
)
CATEGORY_SHARES = (0.22, 0.14, 0.16, 0.10, 0.08, 0.09, 0.10, 0.07, 0.04)
# Mean audience female share and 15-24 share per category (same order as CATEGORIES).
FEMALE_MEAN = np.array([0.76, 0.70, 0.55, 0.28, 0.56, 0.82, 0.22, 0.60, 0.45])
YOUNG_MEAN = np.array([0.30, 0.33, 0.26, 0.30, 0.28, 0.12, 0.48, 0.27, 0.30])
CITY_TIER_SHARES = (0.20, 0.27, 0.25, 0.17, 0.11)
# Followers: Pareto above 70k with alpha 0.85, median ~158k. Tier shares (domain.md 7):
# koc ~26%, tail ~45%, waist ~19%, shoulder ~6%, head ~2.6%, top ~1.5%.
FOLLOWERS_MIN = 70_000
FOLLOWERS_ALPHA = 0.85

_NAME_HEADS = np.array(list("小大阿甜酷胖萌呆七九橙桃米可乐"))
_NAME_BODIES = np.array(["美", "刘", "王", "鱼", "熊", "猫", "叶", "夏", "柚", "木", "安", "豆"])
_NAME_TAILS = np.array(
    [
        "的化妆间",
        "穿搭日记",
        "吃遍天下",
        "数码测评",
        "去旅行",
        "带娃日常",
        "游戏解说",
        "的生活",
        "爱健身",
        "说好物",
        "vlog",
        "研究所",
    ]
)
_MCN_HEADS = np.array(
    ["无忧", "星辰", "蓝海", "青木", "橙子", "大鱼", "白鹭", "麦田", "银河", "远山"]
)
_MCN_TAILS = np.array(["传媒", "文化", "娱乐", "网络科技", "互动"])


@dataclass
class Mcns:
    ids: np.ndarray
    founded_day: np.ndarray  # day numbers

    def frame(self, rng: np.random.Generator) -> pl.DataFrame:
        heads = _MCN_HEADS[rng.integers(0, len(_MCN_HEADS), len(self.ids))]
        tails = _MCN_TAILS[rng.integers(0, len(_MCN_TAILS), len(self.ids))]
        return pl.DataFrame(
            {
                "mcn_id": self.ids,
                "name": np.char.add(heads, tails),
                "founded_at": date_text(self.founded_day),
            }
        )


@dataclass
class Creators:
    """One row per creator, as numpy columns (index = position)."""

    ids: np.ndarray
    platform: np.ndarray  # index into PLATFORMS
    category: np.ndarray  # index into CATEGORIES
    followers: np.ndarray
    mcn: np.ndarray  # index into Mcns, -1 without
    mcn_share_bps: np.ndarray
    verified: np.ndarray
    joined_day: np.ndarray  # day number, -1 when unknown
    city_tier: np.ndarray
    female_share: np.ndarray
    young_share: np.ndarray
    is_story: np.ndarray  # the cosmetics story's creators (young women, tier-2 cities)
    activity: np.ndarray  # relative posting rate
    quotes_fen: np.ndarray | None = None  # (n, 3): 1-20 s, 21-60 s, 60 s+; -1 when missing
    true_quotes_fen: np.ndarray | None = None  # what they would quote (used for pricing)

    def __len__(self) -> int:
        return len(self.ids)


def make_mcns(rng: np.random.Generator, n_creators: int, start: date) -> Mcns:
    """Agencies founded over the last eight years; about a quarter younger than a year."""
    n = max(4, n_creators // 12)
    age_days = rng.integers(400, 3000, n)
    young = rng.random(n) < 0.25
    age_days[young] = rng.integers(30, 360, young.sum())
    return Mcns(
        ids=np.char.add("m", np.char.zfill(np.arange(1, n + 1).astype(str), 3)),
        founded_day=day_number(start) - age_days,
    )


def make_creators(rng: np.random.Generator, n: int, mcns: Mcns, start: date, days: int) -> Creators:
    """Creators with Pareto followers, category audiences, MCN contracts and joining dates."""
    category = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_SHARES)
    # Pareto tail above FOLLOWERS_MIN: the creators a brand can book on Xingtu are mostly
    # 100k+ (douyin's threshold to take orders); docs/simulator.md has the tier shares.
    # Stratified draws (one in each 1/n of the distribution, shuffled): a 50-creator demo
    # still shows every follower tier in its share, up to a head and a top creator.
    u = (rng.permutation(n) + rng.random(n)) / n
    followers = np.minimum(FOLLOWERS_MIN * u ** (-1 / FOLLOWERS_ALPHA), 80_000_000).astype(np.int64)
    mcn_weights = 1.0 / np.arange(1, len(mcns.ids) + 1) ** 1.1  # a few big agencies, a long tail
    has_mcn = rng.random(n) < 0.55
    mcn = np.where(
        has_mcn, rng.choice(len(mcns.ids), size=n, p=mcn_weights / mcn_weights.sum()), -1
    )
    joined_day = day_number(start) - rng.integers(30, 2500, n)
    newcomer = rng.random(n) < 0.03
    joined_day[newcomer] = day_number(start) + rng.integers(0, max(days, 1), newcomer.sum())
    joined_day[rng.random(n) < 0.02] = -1
    creators = Creators(
        ids=np.char.add("c", np.char.zfill(np.arange(1, n + 1).astype(str), 5)),
        platform=rng.choice(3, size=n, p=PLATFORM_SHARES),
        category=category,
        followers=followers,
        mcn=mcn,
        mcn_share_bps=np.where(has_mcn, rng.integers(2, 11, n) * 500, -1),
        verified=rng.random(n) < 0.94,
        joined_day=joined_day,
        city_tier=rng.choice(5, size=n, p=CITY_TIER_SHARES) + 1,
        female_share=np.clip(rng.normal(FEMALE_MEAN[category], 0.08), 0.05, 0.95),
        young_share=np.clip(rng.normal(YOUNG_MEAN[category], 0.07), 0.03, 0.80),
        is_story=np.zeros(n, dtype=bool),
        activity=rng.lognormal(0.0, 0.3, n),
    )
    _cast_story_creators(rng, creators, start)
    return creators


def story_creator_count(n_creators: int) -> int:
    return max(3, n_creators // 30)


def _cast_story_creators(rng: np.random.Generator, creators: Creators, start: date) -> None:
    """Beauty creators whose audience is young women in tier-2 cities: the demo's winners."""
    k = story_creator_count(len(creators))
    picked = rng.choice(len(creators), size=k, replace=False)
    creators.is_story[picked] = True
    creators.category[picked] = 0  # beauty
    creators.platform[picked] = 0  # douyin
    creators.city_tier[picked] = 2
    creators.female_share[picked] = rng.uniform(0.82, 0.93, k)
    creators.young_share[picked] = rng.uniform(0.50, 0.68, k)
    creators.followers[picked] = rng.integers(400_000, 3_000_000, k)
    creators.verified[picked] = True
    creators.joined_day[picked] = day_number(start) - rng.integers(200, 1500, k)


def creators_frame(rng: np.random.Generator, creators: Creators, mcns: Mcns) -> pl.DataFrame:
    """creators.csv as the contract names its columns."""
    n = len(creators)
    nickname = np.char.add(
        np.char.add(
            _NAME_HEADS[rng.integers(0, len(_NAME_HEADS), n)],
            _NAME_BODIES[rng.integers(0, len(_NAME_BODIES), n)],
        ),
        _NAME_TAILS[rng.integers(0, len(_NAME_TAILS), n)],
    )
    quotes = creators.quotes_fen if creators.quotes_fen is not None else np.full((n, 3), -1)
    has_mcn = creators.mcn >= 0
    return pl.DataFrame(
        {
            "creator_id": creators.ids,
            "nickname": nickname,
            "platform": PLATFORMS[creators.platform],
            "category": CATEGORIES[creators.category],
            "followers": creators.followers.astype(str),
            "mcn_id": optional_text(np.where(has_mcn, mcns.ids[np.maximum(creators.mcn, 0)], "")),
            "mcn_share_bps": int_text(creators.mcn_share_bps),
            "identity_verified": np.where(creators.verified, "true", "false"),
            "joined_at": date_text(creators.joined_day),
            "city_tier": creators.city_tier.astype(str),
            "audience_female_share": np.char.mod("%.2f", creators.female_share),
            "audience_age_15_24_share": np.char.mod("%.2f", creators.young_share),
            "price_1_20s_fen": int_text(quotes[:, 0]),
            "price_21_60s_fen": int_text(quotes[:, 1]),
            "price_60s_plus_fen": int_text(quotes[:, 2]),
        }
    )

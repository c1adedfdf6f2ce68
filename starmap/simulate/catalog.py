"""Brands, their products and campaigns: a fixed cast, with the cosmetics story campaign first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from starmap.simulate.clock import day_number

# (brand, industry, [(product, category, price_fen)], creator categories it books)
BRANDS: tuple[tuple[str, str, tuple[tuple[str, str, int], ...], tuple[str, ...]], ...] = (
    (
        "花漾",
        "cosmetics",
        (
            ("丝绒雾面唇釉", "lipstick", 12_900),
            ("水光气垫", "cushion", 21_900),
            ("玫瑰卸妆油", "cleanser", 9_900),
        ),
        ("beauty",),
    ),
    (
        "轻氧",
        "cosmetics",
        (
            ("玻尿酸精华", "serum", 29_900),
            ("清透防晒乳", "sunscreen", 15_900),
            ("修护面霜", "cream", 25_900),
        ),
        ("beauty", "lifestyle"),
    ),
    (
        "衣橱志",
        "fashion",
        (
            ("廓形风衣", "coat", 59_900),
            ("直筒牛仔裤", "jeans", 19_900),
            ("针织开衫", "cardigan", 25_900),
        ),
        ("fashion", "lifestyle"),
    ),
    (
        "山野咖啡",
        "food",
        (("冻干咖啡粉", "coffee", 6_990), ("挂耳咖啡礼盒", "coffee", 12_800)),
        ("food", "lifestyle"),
    ),
    (
        "辣小厨",
        "food",
        (("重庆火锅底料", "seasoning", 3_990), ("柳州螺蛳粉", "noodles", 4_590)),
        ("food",),
    ),
    (
        "极客数码",
        "electronics",
        (
            ("主动降噪耳机", "earbuds", 39_900),
            ("65W氮化镓充电器", "charger", 12_900),
            ("机械键盘", "keyboard", 45_900),
        ),
        ("tech", "gaming"),
    ),
    (
        "小鹿母婴",
        "mother_baby",
        (("婴儿纸尿裤", "diapers", 15_900), ("儿童保温杯", "bottle", 8_900)),
        ("parenting",),
    ),
    (
        "云游旅行",
        "travel",
        (("周末民宿双人套餐", "hotel", 69_900), ("铝框行李箱", "luggage", 49_900)),
        ("travel",),
    ),
    (
        "星火游戏",
        "gaming",
        (("月卡礼包", "game_pass", 3_000), ("无线游戏手柄", "gamepad", 29_900)),
        ("gaming", "tech"),
    ),
    (
        "动力派",
        "sports",
        (("跑步鞋", "shoes", 49_900), ("蛋白粉", "protein", 25_900)),
        ("fitness", "lifestyle"),
    ),
)
# (brand index, campaign name, objective); the first is the story campaign.
CAMPAIGNS: tuple[tuple[int, str, str], ...] = (
    (0, "花漾唇釉 · 新一线少女种草", "sales"),
    (1, "轻氧精华 · 一线白领焕肤季", "sales"),
    (2, "衣橱志 · 秋冬上新", "sales"),
    (3, "山野咖啡 · 开学季", "sales"),
    (4, "辣小厨 · 深夜食堂", "awareness"),
    (5, "极客数码 · 双十一预热", "sales"),
    (6, "小鹿母婴 · 新手爸妈指南", "sales"),
    (7, "云游旅行 · 国庆出游", "awareness"),
    (8, "星火游戏 · 新赛季", "awareness"),
    (9, "动力派 · 秋季跑", "sales"),
    (2, "衣橱志 · 冬季大衣节", "awareness"),
    (5, "极客数码 · 开学装备", "sales"),
)
STORY_CAMPAIGN = 0
COSMETICS_CATEGORIES = ("lipstick", "cushion", "cleanser", "serum", "sunscreen", "cream")


@dataclass
class Catalog:
    brand_ids: np.ndarray
    product_ids: np.ndarray
    product_brand: np.ndarray  # brand index per product
    product_price_fen: np.ndarray
    product_is_cosmetic: np.ndarray
    campaign_ids: np.ndarray
    campaign_brand: np.ndarray
    campaign_start_day: np.ndarray
    campaign_end_day: np.ndarray
    campaign_budget_fen: np.ndarray  # filled once collaborations are priced

    def products_of_brand(self, brand: int) -> np.ndarray:
        return np.flatnonzero(self.product_brand == brand)


def make_catalog(rng: np.random.Generator, start: date, days: int) -> Catalog:
    """The brands, products and campaigns; the story campaign starts on the first day."""
    rows = [
        (b, name, cat, price)
        for b, (_, _, products, _) in enumerate(BRANDS)
        for name, cat, price in products
    ]
    n_products = len(rows)
    n_campaigns = len(CAMPAIGNS)
    first = day_number(start)
    start_day = first + rng.integers(-7, max(days // 3, 1) + 1, n_campaigns)
    start_day[STORY_CAMPAIGN] = first
    return Catalog(
        brand_ids=np.char.add("b", np.char.zfill(np.arange(1, len(BRANDS) + 1).astype(str), 2)),
        product_ids=np.char.add("p", np.char.zfill(np.arange(1, n_products + 1).astype(str), 3)),
        product_brand=np.array([r[0] for r in rows]),
        product_price_fen=np.array([r[3] for r in rows], dtype=np.int64),
        product_is_cosmetic=np.array([r[2] in COSMETICS_CATEGORIES for r in rows]),
        campaign_ids=np.char.add("k", np.char.zfill(np.arange(1, n_campaigns + 1).astype(str), 2)),
        campaign_brand=np.array([c[0] for c in CAMPAIGNS]),
        campaign_start_day=start_day,
        campaign_end_day=start_day + rng.integers(30, 61, n_campaigns),
        campaign_budget_fen=np.zeros(n_campaigns, dtype=np.int64),
    )


def brands_frame(catalog: Catalog) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "brand_id": catalog.brand_ids,
            "name": [b[0] for b in BRANDS],
            "industry": [b[1] for b in BRANDS],
        }
    )


def products_frame(catalog: Catalog) -> pl.DataFrame:
    rows = [(name, cat) for _, _, products, _ in BRANDS for name, cat, _ in products]
    return pl.DataFrame(
        {
            "product_id": catalog.product_ids,
            "brand_id": catalog.brand_ids[catalog.product_brand],
            "name": [r[0] for r in rows],
            "category": [r[1] for r in rows],
            "price_fen": catalog.product_price_fen.astype(str),
        }
    )


def campaigns_frame(catalog: Catalog) -> pl.DataFrame:
    start = pl.Series(catalog.campaign_start_day.astype(np.int32)).cast(pl.Date)
    end = pl.Series(catalog.campaign_end_day.astype(np.int32)).cast(pl.Date)
    return pl.DataFrame(
        {
            "campaign_id": catalog.campaign_ids,
            "brand_id": catalog.brand_ids[catalog.campaign_brand],
            "name": [c[1] for c in CAMPAIGNS],
            "start_date": start.dt.to_string("%Y-%m-%d"),
            "end_date": end.dt.to_string("%Y-%m-%d"),
            "budget_fen": catalog.campaign_budget_fen.astype(str),
            "objective": [c[2] for c in CAMPAIGNS],
        }
    )

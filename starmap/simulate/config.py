"""The knobs of the simulated world: funnel rates, fault rates, and seeded random streams.

All rates are shares (0-1) of rows or entities; docs/simulator.md lists them for
readers. Changing one changes the data of every seed, so they live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The demo's size. Few creators for the events: the tiers rate a creator only with 10,000
# plays in 30 days (domain.md 7), and 2.1M events (~800k plays) give 40 creators enough
# for about three quarters to be rated; 1.5M events over 300 creators rated 2%.
DEFAULT_CREATORS = 40
DEFAULT_EVENTS_PER_DAY = 70_000

EVENT_FORMATS = ("csv", "jsonl", "parquet")
# How often each file format is chosen when several are allowed.
FORMAT_WEIGHTS = {"csv": 0.4, "jsonl": 0.2, "parquet": 0.4}
# An engagement delivery is split into files of at most this many rows.
ROWS_PER_FILE = 1_000_000


@dataclass(frozen=True)
class Funnel:
    """Average per-video funnel rates (each video draws its own around these)."""

    play_per_impression: float = 0.8
    play_rate_range: tuple[float, float] = (0.65, 0.95)
    # Traffic of a video grows with its creator's followers to this power: Douyin's feed
    # recommends by content, so followers matter less than on a follow feed.
    reach_exponent: float = 0.25
    complete_per_play: float = 0.30
    like_per_play: float = 0.040
    comment_per_play: float = 0.008
    share_per_play: float = 0.006
    follow_per_play: float = 0.003
    click_per_play: float = 0.02  # product card clicks, on videos that carry a product
    order_per_click: float = 0.09  # for a 150-yuan product; dearer ones convert less
    # Orders with no click (search, mall, shop page, showcase): with live orders this puts
    # the shelf at about a third of GMV (LiveRates.organic_sources).
    organic_orders_per_clicked_order: float = 0.8
    collaboration_traffic_boost: float = 3.5  # sponsored videos are promoted (加热)


@dataclass(frozen=True)
class RateCard:
    """Xingtu price levels in yuan (docs/simulator.md "Money": sources and tier medians)."""

    # The 21-60 s quote of a creator with 150k followers, and its growth with followers:
    # ~2,000 at 150k (tail), ~7,000 at 500k (waist), ~30,000 at 2M (shoulder), ~100,000
    # at 6M (head), ~350,000 at 20M (top).
    yuan_21_60s_at_150k: float = 2_000.0
    follower_exponent: float = 1.06
    duration_factors: tuple[float, float, float] = (0.75, 1.0, 1.4)  # 1-20 s, 21-60 s, 60 s+
    min_quote_yuan: int = 100
    # CPE: yuan per billable like, comment or share (0.5-3, more for bigger creators), and
    # a cap of 0.6-1.2x the creator's quote (what a flat fee would have cost).
    cpe_rate_yuan: tuple[float, float] = (0.5, 3.0)
    cpe_cap_of_quote: tuple[float, float] = (0.6, 1.2)
    # CPS commission (精选联盟): 10-40% of the commission base, in 5% steps.
    commission_bps: tuple[int, ...] = (1000, 1500, 2000, 2500, 3000, 3500, 4000)


@dataclass(frozen=True)
class Orders:
    """How a placed order goes on (shares of orders)."""

    paid: float = 0.90
    cancelled_unpaid: float = 0.08  # the rest of the unpaid stay open
    cancelled_after_payment: float = 0.02
    delivered: float = 0.93  # of paid, not cancelled
    refunded_before_delivery: float = 0.01  # of paid: refund only (仅退款), never shipped
    refunded: float = 0.15  # of delivered (apparel and beauty return a lot)
    refund_full: float = 0.5  # of refunds; the rest partial
    second_partial_refund: float = 0.2  # of partial refunds
    refund_after_window: float = 0.25  # of refunds after delivery: outside the 7-day window
    click_to_order_after_window: float = 0.04  # placed 8-10 days after the click (organic)


@dataclass(frozen=True)
class Faults:
    """What goes wrong in the exports, as shares of rows (each kind at least once per run)."""

    late_delivery: float = 0.015  # delivered 1-5 days after the event date
    duplicate: float = 0.004  # the same row delivered again 1-3 days later
    conflict: float = 0.0005  # an event_id reused later with other content
    bad_row: float = 0.00005  # per quarantine kind
    before_publish: float = 0.00002  # engagement stamped before its video's publish
    stale_while_down: float = 0.02  # engagement kept after a delete/hide (stale caches)
    late_parent_videos: float = 0.01  # publish delivered a day after its first engagement
    unreported_commercial: float = 0.006  # of organic videos
    collaboration_deleted: float = 0.03
    collaboration_hidden: float = 0.03
    organic_deleted: float = 0.015
    organic_hidden: float = 0.01
    restored: float = 0.6  # of hidden videos
    bot_wave_per_day: float = 0.25  # chance of a small wave of bot viewers on a day


@dataclass(frozen=True)
class LiveRates:
    """Live commerce levels (docs/simulator.md "Live": sources and estimates)."""

    # Live events per engagement event of the day: live is a modest share of the traffic.
    events_per_engagement_event: float = 0.07
    actions_per_viewer: float = 1.2  # likes, comments, shares, follows, clicks per entry
    order_per_click: float = 0.05  # per live click (many clicks only look at the price)
    creators_per_campaign: int = 2  # live slots booked per campaign (1 to this)
    # 坑位费: ~5,000 yuan at 500k followers, growing with followers; a tail creator gets
    # ~2,000, a head creator (6M) ~35,000; clipped to the range.
    slot_yuan_at_500k: float = 5_000.0
    slot_exponent: float = 0.8
    slot_yuan_range: tuple[float, float] = (1_000.0, 50_000.0)
    commission_only: float = 0.1  # 纯佣 deals: slot fee 0
    commission_bps: tuple[int, ...] = (1000, 1500, 2000, 2500, 3000)
    promotion_days: int = 4
    promotion_order_boost: float = 1.6  # orders during the promotion, x normal
    # traffic_source of orders without a click: search, mall, shop, showcase, other. Shelf
    # (search + mall + shop) is 3/4 of them, so that with organic orders at ~45% of all,
    # the shelf carries about a third of GMV (Douyin EC reports ~30-35% for 2024).
    organic_sources: tuple[float, ...] = (0.36, 0.24, 0.15, 0.15, 0.10)


FUNNEL = Funnel()
LIVE_RATES = LiveRates()
RATE_CARD = RateCard()
ORDERS = Orders()
FAULTS = Faults()


def stream(seed: int, *keys: int) -> np.random.Generator:
    """An independent random stream for one purpose (and day), fixed by the seed."""
    return np.random.default_rng(np.random.SeedSequence([seed, *keys]))


# Stream keys: one per purpose, so adding a draw in one place changes nothing elsewhere.
S_MCNS, S_CREATORS, S_CATALOG, S_BOOKINGS, S_VIDEOS, S_PLAN = 1, 2, 3, 4, 5, 6
S_ENGAGEMENT, S_BOTS, S_ORDERS, S_FAULTS, S_FILES, S_BAD = 10, 11, 12, 13, 14, 15
S_LIVE, S_LIVE_ORDERS, S_LIVE_FAULTS, S_TRAFFIC = 16, 17, 18, 19

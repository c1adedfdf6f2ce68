"""Live commerce (直播带货): brands' own daily rooms, creators' booked live slots, their
viewers and the orders their product clicks lead to (domain.md 9; docs/simulator.md "Live")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from starmap.simulate.bookings import LIVE, Collaborations, round_price_fen
from starmap.simulate.catalog import STORY_CAMPAIGN, Catalog
from starmap.simulate.clock import (
    DAY_S,
    HOUR_S,
    date_of_day_number,
    day_number,
    draw_styles,
    spell_timestamps,
)
from starmap.simulate.config import LIVE_RATES
from starmap.simulate.engagement import VIEWER_ID_BASE
from starmap.simulate.people import Creators
from starmap.simulate.rows import DELIVERY, _lookup, _prefixed

LIVE_TYPES = np.array(
    ["start", "end", "enter", "like", "comment", "share", "follow", "product_click"]
)
START, END, ENTER, LIKE, COMMENT, SHARE, FOLLOW, CLICK = range(8)
# What a viewer does after entering, with its share of the actions (likes dominate: the
# like button is tapped repeatedly; comments and shares are rarer; clicks open the cart).
ACTION_KINDS = np.array([LIKE, COMMENT, SHARE, FOLLOW, CLICK])
ACTION_SHARES = np.array([0.62, 0.14, 0.04, 0.05, 0.15])
LIVE_IDS_PER_DAY = 1_000  # live_id = "L" + (day block + session)
LIVE_EVENT_IDS_PER_DAY = 1_000_000_000  # event_id = "l" + (day block + row)


@dataclass
class Session:
    """One live session of a day: its host, slot, time and audience weight."""

    live_number: int
    brand: int  # host brand index, -1 for a creator's room
    creator: int  # host creator index, -1 for a brand room
    collab: int  # collaboration index it fulfils, -1 without
    products: np.ndarray  # product indexes on its cart
    start_s: int
    end_s: int
    weight: float


@dataclass
class LiveEvents:
    """One day's live events as parallel arrays, with the session index of each row."""

    kind: np.ndarray
    ts: np.ndarray
    session: np.ndarray  # index into the day's sessions
    viewer: np.ndarray  # viewer number, -1 for start and end
    product: np.ndarray  # product index, -1 without

    def __len__(self) -> int:
        return len(self.kind)


def book_live(
    rng: np.random.Generator,
    collabs: Collaborations,
    creators: Creators,
    catalog: Catalog,
    start: date,
    days: int,
) -> int:
    """Append `live` collaborations (slot fee + commission) to the bookings; returns how many.

    A few creators per campaign, bigger ones preferred (brands book reach for a slot); the
    slot fee (坑位费) grows with followers (LIVE_RATES). Booked so that most sessions fall
    inside the run; appended after the video bookings so their draws stay as they were.
    """
    first, last = day_number(start), day_number(start) + days - 1
    campaign_parts, creator_parts = [], []
    for k in range(len(catalog.campaign_ids)):
        if k == STORY_CAMPAIGN:  # the story's cast and money stay as docs/simulator.md tells
            continue
        pool = np.flatnonzero(~creators.is_story)
        weight = creators.followers[pool].astype(float) ** 0.7
        size = min(len(pool), int(rng.integers(1, LIVE_RATES.creators_per_campaign + 1)))
        picked = rng.choice(pool, size=size, replace=False, p=weight / weight.sum())
        campaign_parts.append(np.full(size, k))
        creator_parts.append(picked)
    campaign = np.concatenate(campaign_parts)
    creator = np.concatenate(creator_parts)
    n = len(campaign)
    booked_day = np.clip(
        np.maximum(catalog.campaign_start_day[campaign], first - 3)
        + rng.integers(0, max(1, days - 2), n),
        first - 3,
        max(first, last - 2),
    )
    joined = creators.joined_day[creator]
    booked_day = np.where(joined >= 0, np.maximum(booked_day, joined), booked_day)
    booked_s = booked_day * DAY_S + rng.integers(9 * HOUR_S, 18 * HOUR_S, n)
    followers = creators.followers[creator].astype(float)
    slot_yuan = (
        LIVE_RATES.slot_yuan_at_500k
        * (followers / 500_000) ** LIVE_RATES.slot_exponent
        * rng.lognormal(0, 0.3, n)
    )
    slot_yuan = np.clip(slot_yuan, *LIVE_RATES.slot_yuan_range)
    slot_fen = round_price_fen(slot_yuan * 100)
    slot_fen[rng.random(n) < LIVE_RATES.commission_only] = 0  # 纯佣: commission-only deals
    bps = np.array(LIVE_RATES.commission_bps)[rng.integers(0, len(LIVE_RATES.commission_bps), n)]
    product = np.array(
        [
            (own := catalog.products_of_brand(catalog.campaign_brand[k]))[rng.integers(0, len(own))]
            for k in campaign
        ],
        dtype=np.int64,
    )
    missing = np.full(n, -1, dtype=np.int64)
    base = len(collabs)
    collabs.ids = np.concatenate(
        [
            collabs.ids,
            np.char.add("co", np.char.zfill(np.arange(base + 1, base + n + 1).astype(str), 5)),
        ]
    )
    collabs.campaign = np.concatenate([collabs.campaign, campaign])
    collabs.creator = np.concatenate([collabs.creator, creator])
    collabs.model = np.concatenate([collabs.model, np.full(n, LIVE)])
    collabs.booked_s = np.concatenate([collabs.booked_s, booked_s])
    collabs.deadline_day = np.concatenate(
        [collabs.deadline_day, booked_day + rng.integers(5, 12, n)]
    )
    collabs.style = np.concatenate([collabs.style, np.full(n, -1)])
    collabs.product = np.concatenate([collabs.product, product])
    collabs.price_fen = np.concatenate([collabs.price_fen, missing])
    collabs.cpe_rate_fen = np.concatenate([collabs.cpe_rate_fen, missing])
    collabs.cap_fen = np.concatenate([collabs.cap_fen, missing])
    collabs.commission_bps = np.concatenate([collabs.commission_bps, bps])
    collabs.slot_fee_fen = np.concatenate([np.full(base, -1, dtype=np.int64), slot_fen])
    # The session day: after booking, by the deadline (a few slip past it: expired).
    lo = booked_day + 1
    collabs.live_day = np.concatenate(
        [
            np.full(base, -1, dtype=np.int64),
            lo + (rng.random(n) * (booked_day + 8 - lo)).astype(int),
        ]
    )
    # Budgets cover the slot fees too (rounded up to 1,000 yuan).
    extra = np.bincount(campaign, weights=slot_fen * 1.3, minlength=len(catalog.campaign_ids))
    catalog.campaign_budget_fen[:] += (np.ceil(extra / 100_000) * 100_000).astype(np.int64)
    return n


def day_sessions(
    rng: np.random.Generator,
    collabs: Collaborations,
    creators: Creators,
    catalog: Catalog,
    today: int,
    day_index: int,
) -> list[Session]:
    """Every brand's own room (自播, evening, 2-4 h) and the creators' booked slots of a day."""
    sessions = []
    serial = (day_index + 1) * LIVE_IDS_PER_DAY
    day_s = today * DAY_S
    for b in range(len(catalog.brand_ids)):
        products = catalog.products_of_brand(b)
        if len(products) == 0:
            continue
        start_s = day_s + int(rng.integers(18 * HOUR_S, 20 * HOUR_S))
        end_s = start_s + int(rng.integers(2 * HOUR_S, 4 * HOUR_S))
        sessions.append(Session(serial, b, -1, -1, products, start_s, end_s, 1.0))
        serial += 1
    live_day = collabs.live_day if collabs.live_day is not None else np.zeros(0)
    for c in np.flatnonzero(live_day == today):
        start_s = day_s + int(rng.integers(19 * HOUR_S, 21 * HOUR_S))
        end_s = start_s + int(rng.integers(HOUR_S + HOUR_S // 2, 3 * HOUR_S))
        # A creator's room draws by followers (a follow feed shows a live first).
        weight = float((creators.followers[collabs.creator[c]] / 300_000) ** 0.5)
        products = catalog.products_of_brand(catalog.product_brand[collabs.product[c]])
        sessions.append(
            Session(serial, -1, int(collabs.creator[c]), int(c), products, start_s, end_s, weight)
        )
        serial += 1
    return sessions


def day_live_events(
    rng: np.random.Generator,
    sessions: list[Session],
    collabs: Collaborations,
    events_per_day: int,
    pool: int,
) -> LiveEvents:
    """Start, end, and viewers entering then liking, commenting, clicking, over the sessions."""
    if not sessions:
        z = np.zeros(0, dtype=np.int64)
        return LiveEvents(z, z, z, z, z)
    budget = events_per_day * LIVE_RATES.events_per_engagement_event
    weights = np.array([s.weight for s in sessions])
    per_action = 1.0 + LIVE_RATES.actions_per_viewer
    viewers = rng.poisson(budget * weights / weights.sum() / per_action)
    kinds, ts, sess, viewer, product = [], [], [], [], []
    for i, s in enumerate(sessions):
        kinds += [np.array([START, END])]
        ts += [np.array([s.start_s, s.end_s])]
        sess += [np.full(2, i)]
        viewer += [np.full(2, -1)]
        product += [np.full(2, -1)]
        n = int(viewers[i])
        who = VIEWER_ID_BASE + rng.integers(0, pool, n)
        enter_s = s.start_s + rng.integers(0, max(1, s.end_s - s.start_s - 60), n)
        acts = rng.poisson(LIVE_RATES.actions_per_viewer, n)
        owner = np.repeat(np.arange(n), acts)
        kind = ACTION_KINDS[rng.choice(len(ACTION_KINDS), size=len(owner), p=ACTION_SHARES)]
        # Actions follow the entry and stay inside the session.
        act_s = np.minimum(enter_s[owner] + rng.integers(5, 40 * 60, len(owner)), s.end_s)
        featured = collabs.product[s.collab] if s.collab >= 0 else -1
        clicked = s.products[rng.integers(0, len(s.products), len(owner))]
        if featured >= 0:  # a slot's clicks go mostly to the product it presents
            clicked = np.where(rng.random(len(owner)) < 0.7, featured, clicked)
        kinds += [np.full(n, ENTER), kind]
        ts += [enter_s, act_s]
        sess += [np.full(n + len(owner), i)]
        viewer += [who, who[owner]]
        product += [np.full(n, -1), np.where(kind == CLICK, clicked, -1)]
    out = LiveEvents(
        np.concatenate(kinds).astype(np.int64),
        np.concatenate(ts).astype(np.int64),
        np.concatenate(sess).astype(np.int64),
        np.concatenate(viewer).astype(np.int64),
        np.concatenate(product).astype(np.int64),
    )
    order = np.lexsort((out.kind, out.ts))
    return LiveEvents(
        *(getattr(out, f)[order] for f in ("kind", "ts", "session", "viewer", "product"))
    )


def live_frame(
    rng: np.random.Generator,
    events: LiveEvents,
    sessions: list[Session],
    collabs: Collaborations,
    creators: Creators,
    catalog: Catalog,
    day_index: int,
    today: int,
) -> pl.DataFrame:
    """live_events rows as the contract spells them (strings), with `_delivery`."""
    n = len(events)
    live_no = np.array([s.live_number for s in sessions], dtype=np.int64)[events.session]
    is_start = events.kind == START
    host_brand = np.array([s.brand for s in sessions], dtype=np.int64)[events.session]
    host_creator = np.array([s.creator for s in sessions], dtype=np.int64)[events.session]
    collab = np.array([s.collab for s in sessions], dtype=np.int64)[events.session]
    ids = (day_index + 1) * LIVE_EVENT_IDS_PER_DAY + np.arange(n, dtype=np.int64)
    viewer = pl.Series(events.viewer, dtype=pl.Int64)
    return pl.DataFrame(
        {
            "event_id": _prefixed("l", ids),
            "event_type": _lookup(LIVE_TYPES, events.kind),
            "event_ts": spell_timestamps(events.ts, draw_styles(rng, n)),
            "live_id": _prefixed("L", live_no),
            "creator_id": _lookup(creators.ids, np.where(is_start, host_creator, -1)),
            "brand_id": _lookup(catalog.brand_ids, np.where(is_start, host_brand, -1)),
            "collaboration_id": _lookup(collabs.ids, np.where(is_start, collab, -1)),
            "viewer_id": pl.select(
                pl.when(viewer >= 0).then(pl.concat_str(pl.lit("u"), viewer.cast(pl.String)))
            ).to_series(),
            "product_id": _lookup(catalog.product_ids, events.product),
            DELIVERY: np.maximum(events.ts // DAY_S, today),
        }
    )


def promotion_window(first: int, days: int) -> tuple[int, int]:
    """The 双11 warm-up: 4 days (fewer in a short run) about two thirds into the run."""
    start = first + max(0, min(days - 1, days * 2 // 3 - 1))
    return start, min(start + LIVE_RATES.promotion_days - 1, first + days - 1)


def promotions_frame(first: int, days: int) -> pl.DataFrame:
    """promotions.csv: the one promotion of the run."""
    start, end = promotion_window(first, days)
    return pl.DataFrame(
        {
            "promotion_id": ["pr1"],
            "name": ["双11 预热"],
            "start_date": [date_of_day_number(start).isoformat()],
            "end_date": [date_of_day_number(end).isoformat()],
        }
    )

"""The video plan: every video of the run, when it is published, taken down, and how it performs.

Videos are few (thousands) next to events (millions), so the whole run's plan is
made up front; each day's engagement then draws viewers onto the videos that
are up that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from starmap.simulate.bookings import CPE, STYLE_DURATION_S, Collaborations
from starmap.simulate.catalog import BRANDS, STORY_CAMPAIGN, Catalog
from starmap.simulate.clock import DAY_S, HOUR_S, day_number
from starmap.simulate.config import FAULTS, FUNNEL
from starmap.simulate.people import CATEGORIES, Creators

NEVER = np.iinfo(np.int64).max
# When people post: a share per hour of the day, evening peak.
POST_HOUR_WEIGHTS = np.array(
    [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1, 1.5, 2, 2, 2, 2.5, 2, 2, 2, 2.5, 3, 4, 5, 5.5, 5, 4, 2]
)
ORGANIC_POSTS_PER_DAY = 0.6
DOWN_NONE, DOWN_DELETE, DOWN_HIDE = 0, 1, 2


@dataclass
class Videos:
    """One row per video, ordered by publish time (index = position)."""

    ids: np.ndarray
    creator: np.ndarray
    collab: np.ndarray  # -1 for organic videos
    campaign: np.ndarray  # -1 for organic videos
    publish_s: np.ndarray
    duration_s: np.ndarray
    is_commercial: np.ndarray
    product: np.ndarray  # product card, -1 without
    weight: np.ndarray  # relative traffic
    play_rate: np.ndarray
    complete_rate: np.ndarray
    action_rates: np.ndarray  # (n, 4): like, comment, share, follow per play
    click_rate: np.ndarray  # 0 without product
    order_rate: np.ndarray
    down_kind: np.ndarray
    down_s: np.ndarray  # NEVER when never taken down
    restore_s: np.ndarray  # NEVER when not restored
    late_parent: np.ndarray  # publish delivered a day late
    fraud_target: int = -1  # the collaboration video a bot farm pumps

    def __len__(self) -> int:
        return len(self.ids)


def plan_videos(
    rng: np.random.Generator,
    creators: Creators,
    collabs: Collaborations,
    catalog: Catalog,
    start: date,
    days: int,
    faults: bool,
) -> Videos:
    """Organic and collaboration videos with their traffic, funnel rates and take-downs."""
    start_s = day_number(start) * DAY_S
    end_s = start_s + days * DAY_S

    # Organic posts: each creator at its own rate, from the later of start and joining.
    first_s = np.maximum(
        start_s, np.where(creators.joined_day >= 0, creators.joined_day, 0) * DAY_S
    )
    active_days = np.maximum(end_s - first_s, 0) / DAY_S
    counts = rng.poisson(ORGANIC_POSTS_PER_DAY * creators.activity * active_days)
    o_creator = np.repeat(np.arange(len(creators)), counts)
    o_day = first_s[o_creator] // DAY_S + (
        rng.random(len(o_creator)) * active_days[o_creator]
    ).astype(np.int64)
    o_publish = o_day * DAY_S + _post_seconds(rng, len(o_creator))
    o_duration = np.clip(rng.lognormal(np.log(35), 0.7, len(o_creator)), 7, 600).astype(np.int64)

    # Collaboration videos: most publish before the deadline, a few late, a few never.
    n = len(collabs)
    deadline_end = (collabs.deadline_day + 1) * DAY_S
    lo = np.maximum(collabs.booked_s + 2 * HOUR_S, start_s)
    hi = np.minimum(deadline_end, end_s)
    c_publish = lo + (rng.random(n) * np.maximum(hi - lo, 0)).astype(np.int64)
    story = collabs.campaign == STORY_CAMPAIGN  # the story's creators deliver on time
    late = (rng.random(n) < 0.03) & ~story
    c_publish[late] = deadline_end[late] + rng.integers(DAY_S, 3 * DAY_S, late.sum())
    published = ((rng.random(n) >= 0.04) | story) & (hi > lo) & (c_publish < end_s)
    # A few re-posts carry the collaboration_id again (they do not count for it).
    repost = published & (rng.random(n) < 0.02)
    rows = np.concatenate([np.flatnonzero(published), np.flatnonzero(repost)])
    r_publish = np.concatenate(
        [c_publish[published], c_publish[repost] + rng.integers(DAY_S, 3 * DAY_S, repost.sum())]
    )
    keep = r_publish < end_s
    rows, r_publish = rows[keep], r_publish[keep]
    low, high = STYLE_DURATION_S[collabs.style[rows]].T
    c_duration = rng.integers(low, high + 1)

    creator = np.concatenate([o_creator, collabs.creator[rows]])
    collab = np.concatenate([np.full(len(o_creator), -1), rows])
    publish_s = np.concatenate([o_publish, r_publish])
    duration_s = np.concatenate([o_duration, c_duration])
    order = np.argsort(publish_s, kind="stable")
    creator, collab, publish_s, duration_s = (
        creator[order],
        collab[order],
        publish_s[order],
        duration_s[order],
    )
    v = len(order)
    is_collab = collab >= 0
    campaign = np.where(is_collab, collabs.campaign[np.maximum(collab, 0)], -1)

    product = np.full(v, -1)
    product[is_collab] = collabs.product[collab[is_collab]]
    selling = ~is_collab & (rng.random(v) < 0.35)
    product[selling] = _organic_products(rng, creators.category[creator[selling]], catalog)
    unreported = (
        ~is_collab & (rng.random(v) < FAULTS.unreported_commercial) if faults else np.zeros(v, bool)
    )
    if faults and not unreported.any() and (~is_collab).any():
        unreported[np.flatnonzero(~is_collab)[0]] = True
    product[unreported & (product < 0)] = _organic_products(
        rng, creators.category[creator[unreported & (product < 0)]], catalog
    )

    popularity = (creators.followers[creator] / 100_000) ** FUNNEL.reach_exponent * rng.lognormal(
        0, 0.7, v
    )
    weight = popularity * np.where(is_collab, FUNNEL.collaboration_traffic_boost, 1.0)
    fit = _audience_fit(creators, creator, product, catalog)
    # Dearer products convert less: a 1,999-yuan hotel stay sells rarer than a lipstick.
    price = catalog.product_price_fen[np.maximum(product, 0)]
    price_factor = np.clip((15_000 / price) ** 0.9, 0.05, 3.0)
    noise = lambda sigma: rng.lognormal(0, sigma, v)  # noqa: E731
    videos = Videos(
        ids=np.char.add("v", np.char.zfill(np.arange(1, v + 1).astype(str), 7)),
        creator=creator,
        collab=collab,
        campaign=campaign,
        publish_s=publish_s,
        duration_s=duration_s,
        is_commercial=is_collab | unreported,
        product=product,
        weight=weight,
        play_rate=np.clip(rng.normal(FUNNEL.play_per_impression, 0.06, v), *FUNNEL.play_rate_range),
        complete_rate=np.clip(
            FUNNEL.complete_per_play * (35 / duration_s) ** 0.25 * noise(0.1), 0.15, 0.5
        ),
        action_rates=np.column_stack(
            [
                FUNNEL.like_per_play * noise(0.3),
                FUNNEL.comment_per_play * noise(0.3),
                FUNNEL.share_per_play * noise(0.3),
                FUNNEL.follow_per_play * noise(0.3),
            ]
        ),
        click_rate=np.where(product >= 0, FUNNEL.click_per_play * fit * noise(0.15), 0.0),
        order_rate=np.clip(FUNNEL.order_per_click * fit * price_factor * noise(0.15), 0, 0.5),
        down_kind=np.zeros(v, dtype=np.int8),
        down_s=np.full(v, NEVER),
        restore_s=np.full(v, NEVER),
        late_parent=np.zeros(v, dtype=bool),
    )
    if faults:
        _take_down(rng, videos, end_s)
        _pick_late_parents(rng, videos, end_s)
        _pick_fraud_target(rng, videos, collabs, start_s, end_s)
    return videos


def _post_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    hour = rng.choice(24, size=n, p=POST_HOUR_WEIGHTS / POST_HOUR_WEIGHTS.sum())
    return hour * HOUR_S + rng.integers(0, HOUR_S, n)


def _organic_products(
    rng: np.random.Generator, category: np.ndarray, catalog: Catalog
) -> np.ndarray:
    """A product of a brand that books the creator's category (else any product)."""
    out = rng.integers(0, len(catalog.product_ids), len(category))
    for b, (_, _, _, booked) in enumerate(BRANDS):  # ten brands, vectorised inside
        mine = np.isin(CATEGORIES[category], booked) & (rng.random(len(category)) < 0.5)
        own = catalog.products_of_brand(b)
        out[mine] = own[rng.integers(0, len(own), mine.sum())]
    return out


def _audience_fit(
    creators: Creators, creator: np.ndarray, product: np.ndarray, catalog: Catalog
) -> np.ndarray:
    """How well a video's audience fits its product: drives click and order rates.

    Cosmetics sell to young women, best in tier-2 cities (the story); other products sell
    somewhat better on creators of the categories their brand books.
    """
    has = product >= 0
    p = np.maximum(product, 0)
    cosmetic = has & catalog.product_is_cosmetic[p]
    female = creators.female_share[creator]
    young = creators.young_share[creator]
    tier2 = np.where(creators.city_tier[creator] == 2, 1.15, 1.0)
    cosmetic_fit = (female / 0.65) * (young / 0.30) ** 0.6 * tier2
    books = np.array([[c in b[2] for b in BRANDS] for c in CATEGORIES])  # category x brand
    match = books[creators.category[creator], catalog.product_brand[p]]
    other_fit = np.where(match, 1.1, 0.8)
    return np.clip(np.where(cosmetic, cosmetic_fit, other_fit), 0.3, 4.0)


def _take_down(rng: np.random.Generator, videos: Videos, end_s: int) -> None:
    """Early deletes and hides (some restored); never the story campaign's videos."""
    v = len(videos)
    is_collab = videos.collab >= 0
    draw = rng.random(v)
    p_delete = np.where(is_collab, FAULTS.collaboration_deleted, FAULTS.organic_deleted)
    p_hide = np.where(is_collab, FAULTS.collaboration_hidden, FAULTS.organic_hidden)
    kind = np.where(draw < p_delete, DOWN_DELETE, np.where(draw < p_delete + p_hide, DOWN_HIDE, 0))
    kind[videos.campaign == STORY_CAMPAIGN] = DOWN_NONE
    down_s = videos.publish_s + rng.integers(HOUR_S * 12, 20 * DAY_S, v)
    # Make sure the run shows each kind at least once, on a collaboration video if possible.
    candidates = np.flatnonzero(is_collab & (videos.campaign != STORY_CAMPAIGN) & (down_s < end_s))
    for wanted in (DOWN_DELETE, DOWN_HIDE):
        spare = candidates[kind[candidates] == DOWN_NONE]
        if not (kind[candidates] == wanted).any() and len(spare):
            kind[spare[0]] = wanted
    kind[down_s >= end_s] = DOWN_NONE
    videos.down_kind = kind.astype(np.int8)
    videos.down_s = np.where(kind > 0, down_s, NEVER)
    restore_s = down_s + rng.integers(HOUR_S * 6, 3 * DAY_S, v)
    restored = (kind == DOWN_HIDE) & (rng.random(v) < FAULTS.restored) & (restore_s < end_s)
    hidden = np.flatnonzero((kind == DOWN_HIDE) & (restore_s < end_s))
    if not restored.any() and len(hidden):
        restored[hidden[0]] = True
    videos.restore_s = np.where(restored, restore_s, NEVER)


def _pick_late_parents(rng: np.random.Generator, videos: Videos, end_s: int) -> None:
    """Videos whose publish arrives a day after their first engagement."""
    hour = (videos.publish_s % DAY_S) // HOUR_S
    eligible = (
        (hour < 16)
        & (videos.publish_s < end_s - DAY_S)
        & (videos.campaign != STORY_CAMPAIGN)
        & (videos.down_kind == DOWN_NONE)
    )
    pool = np.flatnonzero(eligible)
    if len(pool) == 0:
        return
    k = max(1, round(len(pool) * FAULTS.late_parent_videos))
    videos.late_parent[rng.choice(pool, size=k, replace=False)] = True


def _pick_fraud_target(
    rng: np.random.Generator, videos: Videos, collabs: Collaborations, start_s: int, end_s: int
) -> None:
    """A CPE collaboration video, published early enough in a day when >110 organic videos
    are up, that a bot farm will pump (and so turn `fraud`)."""
    organic_publish = np.sort(videos.publish_s[videos.collab < 0])
    up_by_publish = np.searchsorted(organic_publish, videos.publish_s)
    hour = (videos.publish_s % DAY_S) // HOUR_S
    model = np.where(videos.collab >= 0, collabs.model[np.maximum(videos.collab, 0)], -1)
    first_of_collab = np.zeros(len(videos), dtype=bool)
    _, first = np.unique(
        np.where(videos.collab >= 0, videos.collab, -1 - np.arange(len(videos))), return_index=True
    )
    first_of_collab[first] = True
    eligible = (
        (model == CPE)
        & first_of_collab
        & (videos.campaign != STORY_CAMPAIGN)
        & (videos.down_kind == DOWN_NONE)
        & ~videos.late_parent
        & (hour < 18)
        & (up_by_publish > 110)
        & (videos.publish_s < end_s - DAY_S)
        & (videos.publish_s < (collabs.deadline_day[np.maximum(videos.collab, 0)] + 1) * DAY_S)
    )
    pool = np.flatnonzero(eligible)
    if len(pool):
        videos.fraud_target = int(pool[rng.integers(0, len(pool))])

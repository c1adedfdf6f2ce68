"""A day of engagement events: impressions drawn onto the videos that are up, then the funnel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from starmap.simulate.clock import DAY_S
from starmap.simulate.config import FAULTS
from starmap.simulate.videos import Videos

ENGAGEMENT_TYPES = np.array(
    ["impression", "play", "complete_play", "like", "comment", "share", "follow", "product_click"]
)
IMPRESSION, PLAY, COMPLETE, LIKE, COMMENT, SHARE, FOLLOW, CLICK = range(8)
ACTIONS = (LIKE, COMMENT, SHARE, FOLLOW)
VIEWER_ID_BASE = 10_000_000  # viewer_id = "u" + (base + pool index)


@dataclass
class Engagements:
    """Engagement events as parallel arrays (no strings until they are written)."""

    kind: np.ndarray
    ts: np.ndarray  # local seconds
    video: np.ndarray  # index into Videos
    viewer: np.ndarray  # viewer number (the id without its "u")
    product: np.ndarray  # index into products, -1 without

    def __len__(self) -> int:
        return len(self.kind)

    def take(self, rows: np.ndarray) -> Engagements:
        return Engagements(
            self.kind[rows], self.ts[rows], self.video[rows], self.viewer[rows], self.product[rows]
        )

    @staticmethod
    def concat(parts: list[Engagements]) -> Engagements:
        return Engagements(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in Engagements.FIELDS)
        )

    FIELDS = ("kind", "ts", "video", "viewer", "product")


def empty() -> Engagements:
    z = np.zeros(0, dtype=np.int64)
    return Engagements(z.astype(np.uint8), z, z, z, z)


def viewer_pool_size(events_per_day: int) -> int:
    """Distinct viewers the audience is drawn from: enough that no real person looks like a bot."""
    return max(20_000, 2 * events_per_day)


def day_engagements(
    rng: np.random.Generator,
    videos: Videos,
    day_start_s: int,
    target_rows: int,
    pool: int,
) -> Engagements:
    """About `target_rows` engagement events stamped on one business day."""
    end_s = day_start_s + DAY_S
    up = np.flatnonzero(videos.publish_s < end_s - 600)
    if len(up) == 0 or target_rows <= 0:
        return empty()
    age_days = np.maximum(day_start_s + DAY_S / 2 - videos.publish_s[up], 0) / DAY_S
    decay = 0.8 * np.exp(-age_days / 3) + 0.2 * np.exp(-age_days / 25)
    # A video posted late in the day has only the rest of the day to be seen.
    remaining = (end_s - np.maximum(videos.publish_s[up], day_start_s)) / DAY_S
    weight = videos.weight[up] * decay * remaining
    p = weight / weight.sum()
    per_play = (
        1 + videos.complete_rate[up] + videos.action_rates[up].sum(axis=1) + videos.click_rate[up]
    )
    rows_per_impression = 1 + float(p @ (videos.play_rate[up] * per_play))
    n = round(target_rows / rows_per_impression)

    video = up[rng.choice(len(up), size=n, p=p)]
    lo = np.maximum(day_start_s, videos.publish_s[video])
    ts = lo + (rng.random(n) * (end_s - lo)).astype(np.int64)
    # Heavy users watch more: a skewed draw over the pool.
    viewer = VIEWER_ID_BASE + (pool * rng.random(n) ** 1.5).astype(np.int64)
    parts = [Engagements(np.full(n, IMPRESSION, np.uint8), ts, video, viewer, np.full(n, -1))]

    played = np.flatnonzero(rng.random(n) < videos.play_rate[video])
    pv, pw = video[played], viewer[played]
    pt = ts[played] + rng.integers(1, 8, len(played))
    m = len(played)
    duration = videos.duration_s[pv]
    no_product = np.full(m, -1)
    parts.append(Engagements(np.full(m, PLAY, np.uint8), pt, pv, pw, no_product))
    done = rng.random(m) < videos.complete_rate[pv]
    parts.append(
        Engagements(
            np.full(done.sum(), COMPLETE, np.uint8),
            pt[done] + duration[done],
            pv[done],
            pw[done],
            no_product[done],
        )
    )
    for j, kind in enumerate(ACTIONS):
        acted = rng.random(m) < videos.action_rates[pv, j]
        at = pt[acted] + (rng.random(acted.sum()) * duration[acted]).astype(np.int64)
        parts.append(
            Engagements(
                np.full(acted.sum(), kind, np.uint8), at, pv[acted], pw[acted], no_product[acted]
            )
        )
    clicked = rng.random(m) < videos.click_rate[pv]
    at = pt[clicked] + (rng.random(clicked.sum()) * duration[clicked]).astype(np.int64)
    parts.append(
        Engagements(
            np.full(clicked.sum(), CLICK, np.uint8),
            at,
            pv[clicked],
            pw[clicked],
            videos.product[pv[clicked]],
        )
    )
    events = Engagements.concat(parts)
    # A play that runs past midnight leaves its later events to the next day's export.
    events = events.take(np.flatnonzero(events.ts < end_s))
    return _drop_while_down(rng, videos, events)


def _drop_while_down(rng: np.random.Generator, videos: Videos, events: Engagements) -> Engagements:
    """A deleted or hidden video gets (almost) no traffic; a few stale events slip through."""
    down = (events.ts >= videos.down_s[events.video]) & (events.ts < videos.restore_s[events.video])
    if not down.any():
        return events
    keep = ~down | (rng.random(len(events)) < FAULTS.stale_while_down)
    return events.take(np.flatnonzero(keep))


def stamp_before_publish(
    rng: np.random.Generator, videos: Videos, events: Engagements, day_start_s: int, k: int
) -> int:
    """Move k events on videos published today to minutes before the publish (clock skew)."""
    fresh = np.flatnonzero(videos.publish_s[events.video] >= day_start_s)
    if k <= 0 or len(fresh) == 0:
        return 0
    rows = rng.choice(fresh, size=min(k, len(fresh)), replace=False)
    events.ts[rows] = videos.publish_s[events.video[rows]] - rng.integers(60, 1800, len(rows))
    return len(rows)


def time_order(events: Engagements) -> Engagements:
    """Rows ordered by minute, as an export job writes them (a linear-time radix sort)."""
    if len(events) == 0:
        return events
    minute = events.ts // 60
    span = int(minute.max() - minute.min())
    key = (minute - minute.min()).astype(np.uint16 if span < 65_535 else np.int64)
    return events.take(np.argsort(key, kind="stable"))

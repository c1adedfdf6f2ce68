"""Invalid traffic (刷量): bot accounts that like, comment, share and follow 100+ videos a day."""

from __future__ import annotations

import numpy as np

from starmap.simulate.clock import DAY_S, HOUR_S
from starmap.simulate.engagement import (
    COMMENT,
    FOLLOW,
    IMPRESSION,
    LIKE,
    PLAY,
    SHARE,
    VIEWER_ID_BASE,
    Engagements,
    empty,
)
from starmap.simulate.videos import Videos

MIN_VIDEOS_PER_BOT = 105  # above the 100-distinct-videos rule, so every bot is caught
MAX_VIDEOS_PER_BOT = 140
SAMPLE_OF_VIDEOS = 400
SERIAL_DIGITS = 10**8  # room for the bot serials of 10,000 days of waves
SPREAD_MULTIPLIER = 2_654_435_761  # Knuth's multiplicative hash: serials land far apart


def bot_viewer_numbers(serials: np.ndarray, pool: int) -> np.ndarray:
    """Viewer numbers of bot accounts: a number from the audience's range with the bot's
    serial appended. Their ids sort among the real viewers' and never equal one, as
    opaque platform ids would; a range of their own would let any join on bot ids skip
    the row groups of real viewers, which flatters the benchmark."""
    spread = (serials.astype(np.int64) * SPREAD_MULTIPLIER) % pool
    return (VIEWER_ID_BASE + spread) * SERIAL_DIGITS + serials


def organic_videos_up(videos: Videos, at_s: int) -> np.ndarray:
    """Organic videos published before `at_s` and not taken down by then."""
    return np.flatnonzero(
        (videos.collab < 0)
        & (videos.publish_s < at_s)
        & ~((videos.down_s <= at_s) & (videos.restore_s > at_s))
    )


def bot_wave(
    rng: np.random.Generator,
    videos: Videos,
    viewer_pool: int,
    burst_start_s: int,
    n_bots: int,
    first_bot: int,
    target: int = -1,
) -> Engagements:
    """`n_bots` accounts (serials `first_bot`...) each hitting 105-140 distinct organic
    videos within two hours; with a target, each also likes, comments on and shares that
    one video. `viewer_pool` is the audience's size, which the bots' ids hide among."""
    pool = organic_videos_up(videos, burst_start_s)
    if len(pool) < MIN_VIDEOS_PER_BOT or n_bots <= 0:
        return empty()
    sample = rng.choice(pool, size=min(len(pool), SAMPLE_OF_VIDEOS), replace=False)
    per_bot = rng.integers(MIN_VIDEOS_PER_BOT, min(MAX_VIDEOS_PER_BOT, len(sample)) + 1, n_bots)
    # Distinct videos per bot: the first per_bot of a random permutation of the sample.
    order = np.argsort(rng.random((n_bots, len(sample))), axis=1)
    take = np.arange(len(sample))[None, :] < per_bot[:, None]
    bots = bot_viewer_numbers(first_bot + np.arange(n_bots), viewer_pool)
    bot = bots[:, None].repeat(len(sample), axis=1)[take]
    video = sample[order][take]
    ts = burst_start_s + rng.integers(0, 2 * HOUR_S, len(video))
    actions = [
        (IMPRESSION, np.ones(len(video), bool), 0),
        (PLAY, np.ones(len(video), bool), 2),
        (LIKE, np.ones(len(video), bool), 5),
        (FOLLOW, rng.random(len(video)) < 0.3, 7),
        (COMMENT, rng.random(len(video)) < 0.1, 9),
        (SHARE, rng.random(len(video)) < 0.1, 11),
    ]
    parts = [
        Engagements(
            np.full(mask.sum(), kind, np.uint8),
            ts[mask] + lag,
            video[mask],
            bot[mask],
            np.full(mask.sum(), -1),
        )
        for kind, mask, lag in actions
    ]
    if target >= 0:
        at = np.maximum(burst_start_s, videos.publish_s[target] + 60) + rng.integers(
            0, HOUR_S, n_bots
        )
        for lag, kind in enumerate((IMPRESSION, PLAY, LIKE, COMMENT, SHARE)):
            parts.append(
                Engagements(
                    np.full(n_bots, kind, np.uint8),
                    at + 3 * lag,
                    np.full(n_bots, target),
                    bots,
                    np.full(n_bots, -1),
                )
            )
    events = Engagements.concat(parts)
    day_end = (burst_start_s // DAY_S + 1) * DAY_S
    events.ts = np.minimum(events.ts, day_end - 1)
    return events


def fraud_bots_needed(events: Engagements, target: int) -> int:
    """Enough bots that their likes+comments+shares are >= 100 and well over 20% of the
    target's (three each), whatever the organic traffic on it that day."""
    organic = int(np.isin(events.kind[events.video == target], (LIKE, COMMENT, SHARE)).sum())
    return min(9_000, max(40, int(np.ceil(organic * 0.6))))

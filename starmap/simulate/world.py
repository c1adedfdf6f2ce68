"""The simulated world before any event: dimensions, bookings, the video plan, rate cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from starmap.simulate import bookings, catalog, live, people, videos
from starmap.simulate.clock import DAY_S, HOUR_S, day_number
from starmap.simulate.config import (
    FAULTS,
    RATE_CARD,
    S_BOOKINGS,
    S_CATALOG,
    S_CREATORS,
    S_LIVE,
    S_MCNS,
    S_PLAN,
    S_VIDEOS,
    stream,
)
from starmap.simulate.engagement import viewer_pool_size


@dataclass
class World:
    start: date
    days: int
    events_per_day: int
    pool: int  # viewer pool size
    mcns: people.Mcns
    creators: people.Creators
    catalog: catalog.Catalog
    collabs: bookings.Collaborations
    videos: videos.Videos
    bot_days: np.ndarray  # day indexes with a small wave of bot accounts
    fraud_day: int  # day index of the bot farm on the fraud target, -1 without
    n_live: int = 0  # live collaborations, the last rows of collabs

    @property
    def n_video_collabs(self) -> int:
        return len(self.collabs) - self.n_live

    @property
    def live_bot_day(self) -> int:
        """The day of the bot wave in a live room: the first small bot wave's, -1 without."""
        return int(self.bot_days[0]) if len(self.bot_days) else -1

    @property
    def first_day(self) -> int:
        return day_number(self.start)

    def dimension_frames(self, seed: int) -> dict[str, pl.DataFrame]:
        """The six dimension files and promotions.csv, in contract column order."""
        return {
            "creators": people.creators_frame(
                stream(seed, S_CREATORS, 1), self.creators, self.mcns
            ),
            "mcns": self.mcns.frame(stream(seed, S_MCNS, 1)),
            "brands": catalog.brands_frame(self.catalog),
            "products": catalog.products_frame(self.catalog),
            "campaigns": catalog.campaigns_frame(self.catalog),
            "collaborations": bookings.collaborations_frame(
                self.collabs, self.creators, self.catalog
            ),
            "promotions": live.promotions_frame(self.first_day, self.days),
        }


def build_world(
    seed: int, start: date, days: int, n_creators: int, events_per_day: int, faults: bool
) -> World:
    """Everything that exists before the first event, deterministic for the seed."""
    mcns = people.make_mcns(stream(seed, S_MCNS), n_creators, start)
    creators = people.make_creators(stream(seed, S_CREATORS), n_creators, mcns, start, days)
    cat = catalog.make_catalog(stream(seed, S_CATALOG), start, days)
    collabs = bookings.book_collaborations(stream(seed, S_BOOKINGS), creators, cat, start, days)
    plan = videos.plan_videos(stream(seed, S_VIDEOS), creators, collabs, cat, start, days, faults)
    rng = stream(seed, S_PLAN)
    _write_rate_cards(rng, creators)
    _price(rng, collabs, creators, cat)
    # Live slots after the video bookings and their own stream: the videos keep their draws.
    n_live = live.book_live(stream(seed, S_LIVE), collabs, creators, cat, start, days)
    # Its own stream: repricing the rate cards must not move the bot waves.
    bot_days, fraud_day = _plan_bots(stream(seed, S_PLAN, 1), plan, start, days, faults)
    return World(
        start=start,
        days=days,
        events_per_day=events_per_day,
        pool=viewer_pool_size(events_per_day),
        mcns=mcns,
        creators=creators,
        catalog=cat,
        collabs=collabs,
        videos=plan,
        bot_days=bot_days,
        fraud_day=fraud_day,
        n_live=n_live,
    )


def _write_rate_cards(rng: np.random.Generator, creators: people.Creators) -> None:
    """Quotes at the levels Xingtu creators list (docs/simulator.md has the sources): the
    21-60 s quote grows a little faster than followers (RATE_CARD), with +-30% spread for
    category, engagement and negotiating power. Money is real yuan, whatever the sample
    size of the simulated traffic."""
    n = len(creators)
    followers = creators.followers.astype(float)
    yuan = (
        RATE_CARD.yuan_21_60s_at_150k
        * (followers / 150_000) ** RATE_CARD.follower_exponent
        * rng.lognormal(0, 0.3, n)
    )
    quotes_fen = bookings.round_price_fen(
        yuan[:, None] * np.array(RATE_CARD.duration_factors)[None, :] * 100
    )
    quotes = np.maximum(quotes_fen, RATE_CARD.min_quote_yuan * 100)
    creators.true_quotes_fen = quotes.copy()
    missing = rng.random((n, 3)) < 0.12
    missing |= (rng.random(n) < 0.05)[:, None]  # some creators publish no rate card at all
    missing[creators.is_story] = False
    creators.quotes_fen = np.where(missing, -1, quotes)


def _price(
    rng: np.random.Generator,
    collabs: bookings.Collaborations,
    creators: people.Creators,
    cat: catalog.Catalog,
) -> None:
    # A sponsored video is priced at the quote of the duration its creative style runs to.
    quote = creators.true_quotes_fen[collabs.creator, bookings.STYLE_QUOTE[collabs.style]]
    bookings.price_collaborations(rng, collabs, quote, creators.followers[collabs.creator], cat)


def _plan_bots(
    rng: np.random.Generator, plan: videos.Videos, start: date, days: int, faults: bool
) -> tuple[np.ndarray, int]:
    """Days with small bot waves (at least one) and the day of the fraud bot farm."""
    if not faults:
        return np.zeros(0, dtype=np.int64), -1
    first_s = day_number(start) * DAY_S
    organic = np.sort(plan.publish_s[plan.collab < 0])
    up_at_8 = np.searchsorted(organic, first_s + np.arange(days) * DAY_S + 8 * HOUR_S)
    possible = np.flatnonzero(up_at_8 >= 115)
    chosen = possible[rng.random(len(possible)) < FAULTS.bot_wave_per_day]
    fraud_day = -1
    if plan.fraud_target >= 0:
        fraud_day = int(plan.publish_s[plan.fraud_target] // DAY_S - day_number(start))
    # At least one wave on a day of its own, so a run has bot days besides the farm's.
    others = possible[possible != fraud_day]
    if not (chosen != fraud_day).any() and len(others):
        chosen = np.union1d(chosen, others[:1])
    if len(chosen) == 0 and len(possible):
        chosen = possible[:1]
    return chosen, fraud_day

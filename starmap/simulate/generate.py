"""The day-by-day loop that writes a simulated landing zone (see docs/simulator.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from starmap.errors import StarmapError
from starmap.landing import EVENT_SOURCES, OPTIONAL_EVENT_SOURCES
from starmap.simulate import bots, faults, files, live
from starmap.simulate.clock import DAY_S, HOUR_S, date_of_day_number
from starmap.simulate.config import (
    DEFAULT_CREATORS,
    DEFAULT_EVENTS_PER_DAY,
    EVENT_FORMATS,
    FAULTS,
    LIVE_RATES,
    S_BAD,
    S_BOTS,
    S_ENGAGEMENT,
    S_FAULTS,
    S_FILES,
    S_LIVE,
    S_LIVE_FAULTS,
    S_LIVE_ORDERS,
    S_ORDERS,
    S_TRAFFIC,
    stream,
)
from starmap.simulate.engagement import (
    Engagements,
    day_engagements,
    stamp_before_publish,
    time_order,
)
from starmap.simulate.orders import PLACED, OrderEvents, day_orders, live_orders
from starmap.simulate.rows import DELIVERY, empty_frame, engagement_frame, order_frame, video_frame
from starmap.simulate.world import World, build_world

ENGAGEMENT_BAD_KINDS = (
    "schema_timestamp",
    "domain_event_type",
    "domain_click_without_product",
    "reference_unknown_video",
    "reference_unknown_product",
)
ORDER_BAD_KINDS = (
    "schema_amount",
    "domain_negative_amount",
    "domain_event_type",
    "reference_unknown_product",
)
VIDEO_BAD_KINDS = ("domain_foreign_publish", "schema_timestamp")
BOTS_PER_WAVE = 10_000  # bot serials of a day: day * BOTS_PER_WAVE + k
LIVE_BOT_SERIAL = 5_000  # the live room's bots: day * BOTS_PER_WAVE + 5,000 + k
LIVE_BOTS = 4
SOURCES = EVENT_SOURCES + OPTIONAL_EVENT_SOURCES  # live_events last: the others keep streams


@dataclass
class SimulationSummary:
    """What a simulation wrote: where, how much, which faults, how fast."""

    out: Path
    seed: int
    first_day: date
    last_day: date
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # per source, as written
    faults: dict[str, int] = field(default_factory=dict)  # rows (or videos/files) per fault
    fraud_collaboration_id: str | None = None
    story_campaign_id: str | None = None
    seconds: float = 0.0

    @property
    def engagement_rows_per_second(self) -> float:
        return self.rows.get("engagement_events", 0) / max(self.seconds, 1e-9)


def simulate_landing_zone(
    out: Path,
    seed: int = 7,
    days: int = 30,
    creators: int = DEFAULT_CREATORS,
    events_per_day: int = DEFAULT_EVENTS_PER_DAY,
    start: date = date(2026, 9, 1),
    progress: Callable[[str], None] | None = None,
    *,
    formats: Sequence[str] = EVENT_FORMATS,
    inject_faults: bool = True,
    overwrite: bool = False,
) -> SimulationSummary:
    """Write a synthetic landing zone (contract.md "Landing zone") into `out`.

    Deterministic: the same arguments give byte-identical files. Generation runs day by
    day with vectorised arrays, so memory stays bounded by one day's events.
    `formats` limits the event file formats (e.g. `("parquet",)` for benchmarks);
    `inject_faults=False` writes a clean zone. Raises StarmapError on bad arguments or
    when `out` already holds a landing zone (unless `overwrite`).
    """
    formats = tuple(formats)
    _check(days, creators, events_per_day, formats)
    started = time.monotonic()
    out = Path(out)
    files.prepare(out, overwrite)
    say = progress or (lambda _message: None)

    world = build_world(seed, start, days, creators, events_per_day, inject_faults)
    summary = SimulationSummary(
        out=out, seed=seed, first_day=start, last_day=start + timedelta(days=days - 1)
    )
    dimensions = world.dimension_frames(seed)
    if inject_faults:
        dimensions["creators"] = _with_unparseable_followers(dimensions["creators"])
        summary.faults["schema_followers"] = 1
    for name, frame in dimensions.items():
        summary.rows[name] = frame.height
    files.write_dimensions(out, dimensions)
    _note_world_faults(world, summary, inject_faults)
    say(
        f"{creators} creators, {len(world.collabs)} collaborations, {len(world.videos)} videos; "
        f"writing {days} days of ~{events_per_day:,} engagement events to {out}"
    )

    videos = video_frame(
        stream(seed, S_FAULTS, 0), world.videos, world.creators.ids, world.collabs.ids
    )
    if inject_faults:
        videos, late = faults.delay(
            stream(seed, S_FAULTS, 1),
            videos,
            FAULTS.late_delivery,
            pl.col("event_type") != "publish",
        )
        summary.faults["late_delivery"] = late
    pending = {s: empty_frame(s) for s in SOURCES}
    pending["video_events"] = videos
    last = world.first_day + days - 1
    for d in range(days):
        today = world.first_day + d
        fresh = _simulate_day(seed, world, d, summary, inject_faults)
        for source in SOURCES:
            batch = pl.concat([pending[source], fresh.get(source, empty_frame(source))])
            due = batch.filter(pl.col(DELIVERY) <= today)
            pending[source] = batch.filter((pl.col(DELIVERY) > today) & (pl.col(DELIVERY) <= last))
            written = files.write_delivery(
                stream(seed, S_FILES, d, SOURCES.index(source)),
                out,
                source,
                date_of_day_number(today),
                due,
                formats,
            )
            summary.files += len(written)
            summary.rows[source] = summary.rows.get(source, 0) + due.height
        if inject_faults and d == days // 2:
            _write_unreadable(out, date_of_day_number(today), fresh["engagement_events"], formats)
            summary.files += 1
            summary.faults["unreadable_file"] = 1
        summary.seconds = time.monotonic() - started
        say(
            f"{date_of_day_number(today)}: {summary.rows.get('engagement_events', 0):,} engagement "
            f"events so far ({summary.engagement_rows_per_second:,.0f}/s)"
        )
    summary.files += len(dimensions)
    summary.seconds = time.monotonic() - started
    return summary


def _check(days: int, creators: int, events_per_day: int, formats: tuple[str, ...]) -> None:
    if days < 1:
        raise StarmapError(f"days must be at least 1, not {days}")
    if creators < 10:
        raise StarmapError(f"creators must be at least 10, not {creators}")
    if events_per_day < 0:
        raise StarmapError(f"events per day must not be negative, not {events_per_day}")
    unknown = [f for f in formats if f not in EVENT_FORMATS]
    if unknown or not formats:
        raise StarmapError(f"formats must be some of {', '.join(EVENT_FORMATS)}, not {formats}")


def _simulate_day(
    seed: int, world: World, d: int, summary: SimulationSummary, inject: bool
) -> dict[str, pl.DataFrame]:
    """The events generated on day index d (each with the day it will be delivered)."""
    today = world.first_day + d
    day_start = today * DAY_S
    v = world.videos
    events = day_engagements(
        stream(seed, S_ENGAGEMENT, d), v, day_start, world.events_per_day, world.pool
    )
    shoppers = events  # bots never buy
    if inject:
        events = _add_bots(seed, world, d, events, summary)
        k = faults.count(stream(seed, S_FAULTS, 2, d), len(events), FAULTS.before_publish, d == 0)
        moved = stamp_before_publish(stream(seed, S_FAULTS, 3, d), v, events, day_start, k)
        _bump(summary, "before_publish", moved)
    events = time_order(events)
    promo_start, promo_end = live.promotion_window(world.first_day, world.days)
    boost = LIVE_RATES.promotion_order_boost if promo_start <= today <= promo_end else 1.0
    c, cat = world.collabs, world.catalog
    sessions = live.day_sessions(stream(seed, S_LIVE, 1, d), c, world.creators, cat, today, d)
    viewers = live.day_live_events(
        stream(seed, S_LIVE, 2, d), sessions, c, world.events_per_day, world.pool
    )
    clicks = viewers.kind == live.CLICK
    bought = live_orders(
        stream(seed, S_LIVE_ORDERS, d),
        viewers.ts[clicks],
        viewers.viewer[clicks],
        viewers.product[clicks],
        cat.product_price_fen,
        d,
        boost,
    )
    orders = day_orders(
        stream(seed, S_ORDERS, d),
        shoppers,
        v,
        world.catalog.product_price_fen,
        d,
        day_start,
        world.pool,
        stream(seed, S_TRAFFIC, d),
        boost,
        int((bought.kind == PLACED).sum()),
    )
    orders = OrderEvents.concat([orders, bought])
    if inject and d == world.live_bot_day and sessions and summary.faults.get("live_bot_viewers"):
        viewers = _live_bots(seed, world, d, sessions, viewers)
    rng = stream(seed, S_FAULTS, 4, d)
    engagement = engagement_frame(rng, events, v, world.catalog.product_ids, d, today)
    order = order_frame(rng, orders, world.catalog.product_ids)
    room = live.live_frame(
        stream(seed, S_LIVE, 3, d), viewers, sessions, c, world.creators, cat, d, today
    )
    if not inject:
        return {"engagement_events": engagement, "order_events": order, "live_events": room}
    spoilt = _spoil(seed, world, d, engagement, order, summary)
    spoilt["live_events"] = _spoil_live(seed, world, d, room, sessions, summary)
    return spoilt


def _add_bots(
    seed: int, world: World, d: int, events: Engagements, summary: SimulationSummary
) -> Engagements:
    rng = stream(seed, S_BOTS, d)
    day_start = (world.first_day + d) * DAY_S
    first_bot = d * BOTS_PER_WAVE
    parts = [events]
    if d in world.bot_days:
        n = int(rng.integers(3, 9))
        burst = day_start + int(rng.integers(8 * HOUR_S, 20 * HOUR_S))
        wave = bots.bot_wave(rng, world.videos, world.pool, burst, n, first_bot)
        parts.append(wave)
        first_bot += n
        _bump(summary, "bot_viewers", n if len(wave) else 0)
    if d == world.live_bot_day:
        # The live room's bots like 105+ videos too: with the room, more contents than the
        # rule allows in a day, so their live events are bot-invalid (domain.md 9).
        burst = day_start + 17 * HOUR_S
        serial = d * BOTS_PER_WAVE + LIVE_BOT_SERIAL
        own = stream(seed, S_LIVE_FAULTS, 2, d)  # its own stream: the other waves keep theirs
        wave = bots.bot_wave(own, world.videos, world.pool, burst, LIVE_BOTS, serial)
        parts.append(wave)
        _bump(summary, "live_bot_viewers", LIVE_BOTS if len(wave) else 0)
    if d == world.fraud_day:
        target = world.videos.fraud_target
        n = bots.fraud_bots_needed(events, target)
        burst = int(world.videos.publish_s[target]) + int(rng.integers(HOUR_S // 2, 2 * HOUR_S))
        wave = bots.bot_wave(rng, world.videos, world.pool, burst, n, first_bot, target=target)
        parts.append(wave)
        if len(wave):
            _bump(summary, "bot_viewers", n)
            summary.fraud_collaboration_id = str(world.collabs.ids[world.videos.collab[target]])
    if len(parts) > 1:
        _bump(summary, "bot_events", sum(len(p) for p in parts[1:]))
    return Engagements.concat(parts)


def _spoil(
    seed: int,
    world: World,
    d: int,
    engagement: pl.DataFrame,
    order: pl.DataFrame,
    summary: SimulationSummary,
) -> dict[str, pl.DataFrame]:
    """Late deliveries, re-deliveries, reused ids and bad rows on one day's events."""
    rng = stream(seed, S_BAD, d)
    first = d == 0  # every kind at least once in a run: on the first day
    engagement, late_e = faults.delay(rng, engagement, FAULTS.late_delivery)
    order, late_o = faults.delay(rng, order, FAULTS.late_delivery)
    _bump(summary, "late_delivery", late_e + late_o)
    extra_e = [
        faults.resend(rng, engagement, FAULTS.duplicate, first),
        faults.reuse_ids(rng, engagement, FAULTS.conflict, first, "viewer_id"),
    ]
    extra_o = [
        faults.resend(rng, order, FAULTS.duplicate, first),
        faults.reuse_ids(rng, order, FAULTS.conflict, first, "buyer_id"),
    ]
    _bump(summary, "duplicate", extra_e[0].height + extra_o[0].height)
    _bump(summary, "conflict", extra_e[1].height + extra_o[1].height)
    forced = d == min(1, world.days - 1)  # a day with rows of every kind to copy from
    e_counts = {
        k: faults.count(rng, engagement.height, FAULTS.bad_row, forced)
        for k in ENGAGEMENT_BAD_KINDS
    }
    o_counts = {k: faults.count(rng, order.height, FAULTS.bad_row, forced) for k in ORDER_BAD_KINDS}
    v_counts = {k: int(forced) for k in VIDEO_BAD_KINDS}
    today = world.first_day + d
    bad_e = faults.bad_engagements(rng, engagement, d, e_counts).with_columns(
        pl.lit(today, dtype=pl.Int64).alias(DELIVERY)
    )
    bad_o = faults.bad_orders(rng, order, o_counts).with_columns(
        pl.lit(today, dtype=pl.Int64).alias(DELIVERY)
    )
    bad_v = faults.bad_videos(
        rng,
        _video_template(world, today),
        world.collabs.ids[: world.n_video_collabs],  # publishes claim video collaborations
        world.creators.ids[world.collabs.creator[: world.n_video_collabs]],
        world.creators.ids,
        v_counts,
        d,
    )
    for prefix, counts, frame in (
        ("engagement", e_counts, bad_e),
        ("order", o_counts, bad_o),
        ("video", v_counts, bad_v),
    ):
        for kind, k in counts.items():
            _bump(summary, f"{kind}:{prefix}", k if frame.height else 0)
    return {
        "engagement_events": pl.concat([engagement, bad_e, *extra_e]),
        "order_events": pl.concat([order, bad_o, *extra_o]),
        "video_events": bad_v,
    }


def _video_template(world: World, today: int) -> pl.DataFrame:
    """A publish row to corrupt (decoy ids are set by faults.bad_videos)."""
    frame = empty_frame("video_events")
    row = {c: None for c in frame.columns} | {
        "event_ts": f"{date_of_day_number(today).isoformat()}T12:00:00+08:00",
        "creator_id": str(world.creators.ids[0]),
        DELIVERY: today,
    }
    return pl.DataFrame([row], schema=frame.schema)


def _with_unparseable_followers(creators: pl.DataFrame) -> pl.DataFrame:
    """One extra creator whose followers came through as '12.5万' (a schema fault)."""
    row = creators.tail(1).with_columns(
        pl.lit(f"c{creators.height + 1:05d}").alias("creator_id"),
        pl.lit("12.5万").alias("followers"),
    )
    return pl.concat([creators, row])


def _note_world_faults(world: World, summary: SimulationSummary, inject: bool) -> None:
    v = world.videos
    summary.story_campaign_id = str(world.catalog.campaign_ids[0])
    if not inject:
        return
    summary.faults["late_parent_videos"] = int(v.late_parent.sum())
    summary.faults["deleted_videos"] = int((v.down_kind == 1).sum())
    summary.faults["hidden_videos"] = int((v.down_kind == 2).sum())
    summary.faults["restored_videos"] = int((v.restore_s < np.iinfo(np.int64).max).sum())
    organic = v.collab < 0
    summary.faults["unreported_commercial_videos"] = int((organic & v.is_commercial).sum())


def _write_unreadable(out: Path, day: date, frame: pl.DataFrame, formats: tuple[str, ...]) -> None:
    folder = out / "engagement_events" / f"date={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    sample = frame.drop(DELIVERY).head(200)
    (folder / "resend-0000.parquet").write_bytes(faults.truncated_parquet(sample))


def _bump(summary: SimulationSummary, key: str, n: int) -> None:
    summary.faults[key] = summary.faults.get(key, 0) + int(n)


def _live_bots(
    seed: int, world: World, d: int, sessions: list[live.Session], viewers: live.LiveEvents
) -> live.LiveEvents:
    """The live room's bots (see _add_bots) enter the day's first room and like it."""
    rng = stream(seed, S_LIVE_FAULTS, 0, d)
    room = sessions[0]
    serials = d * BOTS_PER_WAVE + LIVE_BOT_SERIAL + np.arange(LIVE_BOTS)
    who = bots.bot_viewer_numbers(serials, world.pool)
    likes = 30  # a like storm: every bot taps many times
    enter_s = room.start_s + rng.integers(60, HOUR_S, LIVE_BOTS)
    like_s = np.repeat(enter_s, likes) + rng.integers(5, 600, LIVE_BOTS * likes)
    like_s = np.minimum(like_s, room.end_s)
    n = LIVE_BOTS * (likes + 1)
    added = live.LiveEvents(
        np.concatenate([np.full(LIVE_BOTS, live.ENTER), np.full(LIVE_BOTS * likes, live.LIKE)]),
        np.concatenate([enter_s, like_s]),
        np.zeros(n, dtype=np.int64),
        np.concatenate([who, np.repeat(who, likes)]),
        np.full(n, -1, dtype=np.int64),
    )
    fields = ("kind", "ts", "session", "viewer", "product")
    return live.LiveEvents(
        *(np.concatenate([getattr(viewers, f), getattr(added, f)]) for f in fields)
    )


def _spoil_live(
    seed: int,
    world: World,
    d: int,
    room: pl.DataFrame,
    sessions: list[live.Session],
    summary: SimulationSummary,
) -> pl.DataFrame:
    """The faults of the other sources on a day of live events, plus a whole session
    delivered late and a session whose end never arrives."""
    rng = stream(seed, S_LIVE_FAULTS, 1, d)
    first = d == 0
    if sessions and (first or rng.random() < 0.1):
        # One session's export comes 1-3 days late, start, end and viewers alike.
        late_id = f"L{sessions[-1].live_number}"
        lag = int(rng.integers(1, 4))
        room = room.with_columns(
            pl.when(pl.col("live_id") == late_id)
            .then(pl.col(DELIVERY) + lag)
            .otherwise(pl.col(DELIVERY))
            .alias(DELIVERY)
        )
        _bump(summary, "live_late_session", 1)
    if sessions and d == world.days // 2:
        # A room whose end event was never exported: open in the data.
        open_id = f"L{sessions[0].live_number}"
        room = room.filter(~((pl.col("live_id") == open_id) & (pl.col("event_type") == "end")))
        _bump(summary, "live_open_session", 1)
    # Starts stay on time row by row: a late start holds its whole audience (reference)
    # until it arrives, which on one day is more than the quarantine check allows.
    room, late = faults.delay(rng, room, FAULTS.late_delivery, pl.col("event_type") != "start")
    _bump(summary, "live_late_delivery", late)
    extra = faults.resend(rng, room, FAULTS.duplicate, first)
    watched = room.filter(pl.col("viewer_id").is_not_null())
    conflict = faults.reuse_ids(rng, watched, FAULTS.conflict, first, "viewer_id")
    _bump(summary, "live_duplicate", extra.height)
    _bump(summary, "live_conflict", conflict.height)
    return pl.concat([room, extra, conflict])

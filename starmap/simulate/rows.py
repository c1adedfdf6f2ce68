"""Events as the exports spell them: string columns in contract order, plus `_delivery`.

`_delivery` (the day number of the `date=` folder the row will arrive in) travels with
each row until it is written and is never written itself.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from starmap.simulate.clock import DAY_S, draw_styles, spell_timestamps
from starmap.simulate.engagement import ENGAGEMENT_TYPES, Engagements
from starmap.simulate.orders import NO_SOURCE, ORDER_TYPES, SUFFIXES, TRAFFIC_SOURCES, OrderEvents
from starmap.simulate.videos import Videos

DELIVERY = "_delivery"
COLUMNS = {
    "video_events": (
        "event_id",
        "event_type",
        "event_ts",
        "video_id",
        "creator_id",
        "collaboration_id",
        "duration_s",
        "is_commercial",
    ),
    "engagement_events": (
        "event_id",
        "event_type",
        "event_ts",
        "video_id",
        "viewer_id",
        "product_id",
    ),
    "order_events": (
        "event_id",
        "event_type",
        "event_ts",
        "order_id",
        "buyer_id",
        "product_id",
        "quantity",
        "amount_fen",
        "traffic_source",
    ),
    "live_events": (
        "event_id",
        "event_type",
        "event_ts",
        "live_id",
        "creator_id",
        "brand_id",
        "collaboration_id",
        "viewer_id",
        "product_id",
    ),
}
ENGAGEMENT_IDS_PER_DAY = 10_000_000_000  # event_id = "e" + (day block + row)


def empty_frame(source: str) -> pl.DataFrame:
    schema = {c: pl.String for c in COLUMNS[source]} | {DELIVERY: pl.Int64}
    return pl.DataFrame(schema=schema)


def _prefixed(prefix: str, numbers: np.ndarray) -> pl.Series:
    return pl.select(
        pl.concat_str(pl.lit(prefix), pl.Series(numbers, dtype=pl.Int64).cast(pl.String))
    ).to_series()


def _lookup(names: np.ndarray, index: np.ndarray) -> pl.Series:
    """names[index] as a string column, null where index < 0."""
    table = pl.Series(names.astype(str), dtype=pl.String)
    idx = pl.Series(np.maximum(index, 0), dtype=pl.Int64)
    spelled = table.gather(idx)
    if (index >= 0).all():
        return spelled
    return pl.select(pl.when(pl.Series(index >= 0)).then(spelled)).to_series()


def engagement_frame(
    rng: np.random.Generator,
    events: Engagements,
    videos: Videos,
    product_ids: np.ndarray,
    day_index: int,
    today: int,
) -> pl.DataFrame:
    """One day's engagement events; ids numbered in row order within the day's block."""
    n = len(events)
    ids = (day_index + 1) * ENGAGEMENT_IDS_PER_DAY + np.arange(n, dtype=np.int64)
    return pl.DataFrame(
        {
            "event_id": _prefixed("e", ids),
            "event_type": _lookup(ENGAGEMENT_TYPES, events.kind.astype(np.int64)),
            "event_ts": spell_timestamps(events.ts, draw_styles(rng, n)),
            "video_id": _lookup(videos.ids, events.video),
            "viewer_id": _prefixed("u", events.viewer),
            "product_id": _lookup(product_ids, events.product),
            DELIVERY: np.maximum(events.ts // DAY_S, today),
        }
    )


def order_frame(
    rng: np.random.Generator, events: OrderEvents, product_ids: np.ndarray
) -> pl.DataFrame:
    """Order events with ids `o<order>-<suffix>`, delivered on their own business date."""
    n = len(events)
    order_id = _prefixed("o", events.order)
    suffix = _lookup(SUFFIXES, events.suffix.astype(np.int64))
    return pl.DataFrame(
        {
            "event_id": pl.select(pl.concat_str(order_id, pl.lit("-"), suffix)).to_series(),
            "event_type": _lookup(ORDER_TYPES, events.kind.astype(np.int64)),
            "event_ts": spell_timestamps(events.ts, draw_styles(rng, n)),
            "order_id": order_id,
            "buyer_id": _prefixed("u", events.buyer),
            "product_id": _lookup(product_ids, events.product),
            "quantity": pl.Series(events.quantity, dtype=pl.Int64).cast(pl.String),
            "amount_fen": _optional_int(events.amount_fen),
            "traffic_source": _lookup(
                TRAFFIC_SOURCES,
                np.where(events.source == NO_SOURCE, -1, events.source.astype(np.int64)),
            ),
            DELIVERY: events.ts // DAY_S,
        }
    )


def _optional_int(values: np.ndarray) -> pl.Series:
    numbers = pl.Series(values, dtype=pl.Int64)
    return pl.select(pl.when(numbers >= 0).then(numbers.cast(pl.String))).to_series()


VIDEO_TYPES = np.array(["publish", "delete", "hide", "restore"])


def video_frame(
    rng: np.random.Generator, videos: Videos, creator_ids: np.ndarray, collab_ids: np.ndarray
) -> pl.DataFrame:
    """Every video event of the run: publishes, then take-downs and restores."""
    v = np.arange(len(videos))
    down = np.flatnonzero(videos.down_kind > 0)
    restored = np.flatnonzero(videos.restore_s < np.iinfo(np.int64).max)
    kind = np.concatenate([np.zeros(len(v)), videos.down_kind[down], np.full(len(restored), 3)])
    video = np.concatenate([v, down, restored])
    ts = np.concatenate([videos.publish_s, videos.down_s[down], videos.restore_s[restored]])
    order = np.argsort(ts, kind="stable")
    kind, video, ts = kind[order].astype(np.int64), video[order], ts[order]
    is_publish = kind == 0
    delivery = ts // DAY_S + (is_publish & videos.late_parent[video])
    collab = np.where(is_publish, videos.collab[video], -1)
    duration = np.where(is_publish, videos.duration_s[video], -1)
    commercial = pl.Series(videos.is_commercial[video]).cast(pl.String)
    return pl.DataFrame(
        {
            "event_id": _prefixed("ve", 1_000_000 + np.arange(len(kind))),
            "event_type": _lookup(VIDEO_TYPES, kind),
            "event_ts": spell_timestamps(ts, draw_styles(rng, len(kind))),
            "video_id": _lookup(videos.ids, video),
            "creator_id": _lookup(creator_ids, videos.creator[video]),
            "collaboration_id": _lookup(collab_ids, collab),
            "duration_s": _optional_int(duration),
            "is_commercial": pl.select(pl.when(pl.Series(is_publish)).then(commercial)).to_series(),
            DELIVERY: delivery,
        }
    )

"""What real exports get wrong: late and repeated deliveries, reused ids, bad rows.

Each function takes or makes rows in the written (string) form with `_delivery`, and
returns how many rows it touched so the summary can tell.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from starmap.simulate.rows import DELIVERY, empty_frame

BAD_TIMESTAMPS = np.array(
    ["2026-09-31T25:61:00+08:00", "not-a-time", "2026/13/01 10:00", "昨天 21:30"]
)
BAD_AMOUNTS = np.array(["199.00元", "N/A", "十九元", "1,990"])
UNKNOWN_ENGAGEMENT_TYPES = np.array(["dislike", "view", "collect"])
UNKNOWN_ORDER_TYPES = np.array(["returned", "shipped_partially"])
# Bad rows get event ids of their own, far from the real ones.
BAD_ID_OFFSET = 9_000_000_000


def delay(
    rng: np.random.Generator, frame: pl.DataFrame, share: float, eligible: pl.Expr | None = None
) -> tuple[pl.DataFrame, int]:
    """Deliver a share of the rows 1-5 days after their day (late deliveries)."""
    n = frame.height
    late = rng.random(n) < share
    if eligible is not None:
        late &= frame.select(eligible).to_series().to_numpy()
    days = np.where(late, rng.integers(1, 6, n), 0)
    return frame.with_columns(pl.col(DELIVERY) + pl.Series(days)), int(late.sum())


def resend(
    rng: np.random.Generator, frame: pl.DataFrame, share: float, force: bool
) -> pl.DataFrame:
    """The same rows delivered again, identical, 1-3 days after their first delivery."""
    rows = _sample(rng, frame.height, share, force)
    copies = frame[rows]
    return copies.with_columns(pl.col(DELIVERY) + pl.Series(rng.integers(1, 4, len(rows))))


def reuse_ids(
    rng: np.random.Generator, frame: pl.DataFrame, share: float, force: bool, person: str
) -> pl.DataFrame:
    """Rows whose event_id comes again 1-3 days later with other content (another person)."""
    rows = _sample(rng, frame.height, share, force)
    copies = frame[rows]
    return copies.with_columns(
        pl.concat_str(pl.col(person), pl.lit("7")).alias(person),
        pl.col(DELIVERY) + pl.Series(rng.integers(1, 4, len(rows))),
    )


def _sample(rng: np.random.Generator, n: int, share: float, force: bool) -> np.ndarray:
    k = rng.binomial(n, share) if n else 0
    if force and n:
        k = max(k, 1)
    return np.sort(rng.choice(n, size=k, replace=False)) if k else np.zeros(0, dtype=np.int64)


def count(rng: np.random.Generator, n: int, share: float, force: bool) -> int:
    """How many bad rows of one kind a delivery of n rows carries (>= 1 when forced)."""
    k = int(rng.binomial(n, share)) if n else 0
    return max(k, 1) if force else k


def bad_engagements(
    rng: np.random.Generator, template: pl.DataFrame, day_index: int, counts: dict[str, int]
) -> pl.DataFrame:
    """Engagement rows that must land in quarantine, one kind per entry of `counts`."""
    if template.height == 0:
        return empty_frame("engagement_events")
    parts = []
    next_id = (day_index + 1) * 10_000_000_000 + BAD_ID_OFFSET
    for kind, k in counts.items():
        if k == 0:
            continue
        rows = template[rng.integers(0, template.height, k)].with_columns(
            pl.Series("event_id", np.char.add("e", (next_id + np.arange(k)).astype(str)))
        )
        next_id += k
        parts.append(rows.with_columns(_corrupt_engagement(rng, kind, k)))
    return pl.concat(parts) if parts else empty_frame("engagement_events")


def _corrupt_engagement(rng: np.random.Generator, kind: str, k: int) -> list[pl.Series]:
    if kind == "schema_timestamp":
        return [pl.Series("event_ts", rng.choice(BAD_TIMESTAMPS, k))]
    if kind == "domain_event_type":
        return [
            pl.Series("event_type", rng.choice(UNKNOWN_ENGAGEMENT_TYPES, k)),
            pl.Series("product_id", [None] * k, dtype=pl.String),
        ]
    if kind == "domain_click_without_product":
        return [
            pl.Series("event_type", ["product_click"] * k),
            pl.Series("product_id", [None] * k, dtype=pl.String),
        ]
    if kind == "reference_unknown_video":  # ids of 8 digits: no real video has one
        return [
            pl.Series(
                "video_id", np.char.add("v9", rng.integers(1_000_000, 9_999_999, k).astype(str))
            ),
            pl.Series("event_type", ["like"] * k),
            pl.Series("product_id", [None] * k, dtype=pl.String),
        ]
    if kind == "reference_unknown_product":
        return [
            pl.Series("event_type", ["product_click"] * k),
            pl.Series("product_id", np.char.add("p9", rng.integers(100, 999, k).astype(str))),
        ]
    raise ValueError(kind)


def bad_orders(
    rng: np.random.Generator, template: pl.DataFrame, counts: dict[str, int]
) -> pl.DataFrame:
    """Order rows that must land in quarantine (new event ids: `<order>-x<n>`)."""
    if template.height == 0:
        return empty_frame("order_events")
    parts = []
    serial = 0
    for kind, k in counts.items():
        if k == 0:
            continue
        rows = template[rng.integers(0, template.height, k)]
        ids = np.char.add("-x", (serial + np.arange(k)).astype(str))
        serial += k
        rows = rows.with_columns(
            pl.concat_str(pl.col("order_id"), pl.Series(ids)).alias("event_id")
        )
        parts.append(rows.with_columns(_corrupt_order(rng, kind, k)))
    return pl.concat(parts) if parts else empty_frame("order_events")


def _corrupt_order(rng: np.random.Generator, kind: str, k: int) -> list[pl.Series]:
    if kind == "schema_amount":
        return [
            pl.Series("event_type", ["paid"] * k),
            pl.Series("amount_fen", rng.choice(BAD_AMOUNTS, k)),
        ]
    if kind == "domain_negative_amount":
        return [
            pl.Series("event_type", ["refunded"] * k),
            pl.Series("amount_fen", (-rng.integers(1, 5000, k)).astype(str)),
        ]
    if kind == "domain_event_type":
        return [pl.Series("event_type", rng.choice(UNKNOWN_ORDER_TYPES, k))]
    if kind == "reference_unknown_product":
        return [
            pl.Series("event_type", ["placed"] * k),
            pl.Series("product_id", np.char.add("p9", rng.integers(100, 999, k).astype(str))),
        ]
    raise ValueError(kind)


def bad_videos(
    rng: np.random.Generator,
    template: pl.DataFrame,
    collab_ids: np.ndarray,
    collab_creator_ids: np.ndarray,
    creator_ids: np.ndarray,
    counts: dict[str, int],
    day_index: int,
) -> pl.DataFrame:
    """Publishes that must be quarantined, of decoy videos nobody ever watches."""
    if template.height == 0 or len(collab_ids) == 0:
        return empty_frame("video_events")
    parts = []
    serial = 0
    for kind, k in counts.items():
        if k == 0:
            continue
        rows = template[rng.integers(0, template.height, k)]
        numbers = np.arange(serial, serial + k) + (day_index + 1) * 1000
        serial += k
        changes = [
            pl.Series("event_id", np.char.add("ve9", numbers.astype(str))),
            pl.Series("event_type", ["publish"] * k),
            pl.Series("video_id", np.char.add("v8", (1_000_000 + numbers).astype(str))),
            pl.Series("duration_s", rng.integers(10, 90, k).astype(str)),
            pl.Series("is_commercial", ["true"] * k),
        ]
        c = rng.integers(0, len(collab_ids), k)
        if kind == "domain_foreign_publish":
            # Another creator than the booked one claims the collaboration.
            other = (np.searchsorted(creator_ids, collab_creator_ids[c]) + 1) % len(creator_ids)
            changes += [
                pl.Series("collaboration_id", collab_ids[c]),
                pl.Series("creator_id", creator_ids[other]),
            ]
        elif kind == "schema_timestamp":
            changes += [
                pl.Series("event_ts", rng.choice(BAD_TIMESTAMPS, k)),
                pl.Series("collaboration_id", [None] * k, dtype=pl.String),
            ]
        else:
            raise ValueError(kind)
        parts.append(rows.with_columns(changes))
    return pl.concat(parts) if parts else empty_frame("video_events")


def truncated_parquet(frame: pl.DataFrame) -> bytes:
    """A Parquet file cut in half, as an interrupted upload leaves it: unreadable."""
    import io

    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    data = buffer.getvalue()
    return data[: len(data) // 2]

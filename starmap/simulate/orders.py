"""Shop orders: placed by viewers after their product clicks (and some organically), then
paid, delivered, refunded or cancelled over the following days."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from starmap.simulate.clock import DAY_S, HOUR_S
from starmap.simulate.config import FUNNEL, LIVE_RATES, ORDERS
from starmap.simulate.engagement import CLICK, VIEWER_ID_BASE, Engagements
from starmap.simulate.videos import Videos

ORDER_TYPES = np.array(["placed", "paid", "delivered", "refunded", "cancelled"])
PLACED, PAID, DELIVERED, REFUNDED, CANCELLED = range(5)
# The last part of an order event's id, per event (the second refund gets its own).
SUFFIXES = np.array(["p", "y", "d", "r", "c", "s"])
SECOND_REFUND = 5
ORDERS_PER_DAY_ID_BLOCK = 10_000_000  # order_id = "o" + (day block + n)
LIVE_ORDER_OFFSET = 5_000_000  # live orders number from here within the day's block
TRAFFIC_SOURCES = np.array(["video", "live", "search", "mall", "shop", "showcase", "other"])
VIDEO_SOURCE, LIVE_SOURCE = 0, 1
ORGANIC_SOURCES = np.arange(2, 7)
NO_SOURCE = 255  # events other than placed carry no traffic_source


@dataclass
class OrderEvents:
    kind: np.ndarray
    suffix: np.ndarray  # index into SUFFIXES
    ts: np.ndarray
    order: np.ndarray  # order number
    buyer: np.ndarray  # viewer number
    product: np.ndarray
    quantity: np.ndarray
    amount_fen: np.ndarray  # -1 when the event carries no amount
    source: np.ndarray | None = None  # index into TRAFFIC_SOURCES, NO_SOURCE without

    FIELDS = (
        "kind",
        "suffix",
        "ts",
        "order",
        "buyer",
        "product",
        "quantity",
        "amount_fen",
        "source",
    )

    def __len__(self) -> int:
        return len(self.kind)

    @staticmethod
    def concat(parts: list[OrderEvents]) -> OrderEvents:
        return OrderEvents(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in OrderEvents.FIELDS)
        )


def day_orders(
    rng: np.random.Generator,
    engagements: Engagements,
    videos: Videos,
    price_fen: np.ndarray,
    day_index: int,
    day_start_s: int,
    pool: int,
    source_rng: np.random.Generator,
    boost: float = 1.0,
    other_clicked_orders: int = 0,
) -> OrderEvents:
    """Every event of the orders placed because of (or independently of) one day's clicks.

    `boost` multiplies the orders of a promotion day; `source_rng` draws the traffic_source
    of the organic orders (its own stream, so the orders themselves keep their draws);
    `other_clicked_orders` (the day's live orders) add to the base of the organic ones."""
    clicks = np.flatnonzero(engagements.kind == CLICK)
    rate = videos.order_rate[engagements.video[clicks]] * boost
    ordered = clicks[rng.random(len(clicks)) < rate]
    n_click = len(ordered)
    delay = np.where(
        rng.random(n_click) < 0.7,
        rng.integers(120, HOUR_S, n_click),
        rng.integers(HOUR_S, 5 * DAY_S, n_click),
    )
    after_window = rng.random(n_click) < ORDERS.click_to_order_after_window
    delay[after_window] = rng.integers(7 * DAY_S + HOUR_S, 10 * DAY_S, after_window.sum())
    if day_index == 0:
        # The first orders take one outcome each (_lifecycle); placed within the hour, so
        # that even the late refund of the first falls inside a two-week run.
        delay[:4] = np.minimum(delay[:4], HOUR_S)
    n_organic = rng.poisson(
        (n_click + other_clicked_orders) * FUNNEL.organic_orders_per_clicked_order
    )
    placed_s = np.concatenate(
        [engagements.ts[ordered] + delay, day_start_s + rng.integers(0, DAY_S, n_organic)]
    )
    buyer = np.concatenate(
        [engagements.viewer[ordered], VIEWER_ID_BASE + rng.integers(0, pool, n_organic)]
    )
    product = np.concatenate(
        [engagements.product[ordered], rng.integers(0, len(price_fen), n_organic)]
    )
    n = len(placed_s)
    order = (day_index + 1) * ORDERS_PER_DAY_ID_BLOCK + np.arange(n)
    quantity = rng.choice([1, 2, 3], size=n, p=[0.82, 0.14, 0.04])
    amount = price_fen[product] * quantity
    shares = np.array(LIVE_RATES.organic_sources)
    source = np.concatenate(
        [
            np.full(n_click, VIDEO_SOURCE),
            ORGANIC_SOURCES[
                source_rng.choice(len(shares), size=n_organic, p=shares / shares.sum())
            ],
        ]
    )
    events = _lifecycle(rng, placed_s, order, buyer, product, quantity, amount, day_index == 0)
    return _with_source(events, source)


def live_orders(
    rng: np.random.Generator,
    click_ts: np.ndarray,
    viewer: np.ndarray,
    product: np.ndarray,
    price_fen: np.ndarray,
    day_index: int,
    boost: float = 1.0,
) -> OrderEvents:
    """Orders placed by live viewers soon after a product click (traffic_source live)."""
    ordered = rng.random(len(click_ts)) < LIVE_RATES.order_per_click * boost
    n = int(ordered.sum())
    # Live buyers decide within the session mostly (限时 offers): 1 minute to 2 hours.
    placed_s = click_ts[ordered] + rng.integers(60, 2 * HOUR_S, n)
    order = (day_index + 1) * ORDERS_PER_DAY_ID_BLOCK + LIVE_ORDER_OFFSET + np.arange(n)
    quantity = rng.choice([1, 2, 3], size=n, p=[0.75, 0.18, 0.07])
    amount = price_fen[product[ordered]] * quantity
    events = _lifecycle(
        rng, placed_s, order, viewer[ordered], product[ordered], quantity, amount, False
    )
    return _with_source(events, np.full(n, LIVE_SOURCE))


def _with_source(events: OrderEvents, placed_source: np.ndarray) -> OrderEvents:
    """The placed events come first from _lifecycle, one per order in order."""
    source = np.full(len(events), NO_SOURCE, dtype=np.uint8)
    source[: len(placed_source)] = placed_source
    events.source = source
    return events


def _lifecycle(
    rng: np.random.Generator,
    placed_s: np.ndarray,
    order: np.ndarray,
    buyer: np.ndarray,
    product: np.ndarray,
    quantity: np.ndarray,
    amount: np.ndarray,
    show_every_outcome: bool,
) -> OrderEvents:
    """Each order's events; with `show_every_outcome`, the first orders take one outcome each
    (full refund after the return window, partial refund, cancelled after and before payment)
    so that even a short run has every kind."""
    n = len(placed_s)
    draw = rng.random(n)
    paid = draw < ORDERS.paid
    cancelled_unpaid = ~paid & (draw < ORDERS.paid + ORDERS.cancelled_unpaid)
    paid_s = placed_s + rng.integers(30, 1800, n)
    cancel_after_pay = paid & (rng.random(n) < ORDERS.cancelled_after_payment)
    refund_only = paid & ~cancel_after_pay & (rng.random(n) < ORDERS.refunded_before_delivery)
    delivered = paid & ~cancel_after_pay & ~refund_only & (rng.random(n) < ORDERS.delivered)
    late_refund = rng.random(n) < ORDERS.refund_after_window
    refunded = delivered & (rng.random(n) < ORDERS.refunded)
    full = rng.random(n) < ORDERS.refund_full
    if show_every_outcome and n >= 4:
        paid[:3] = delivered[:2] = refunded[:2] = cancel_after_pay[2] = True
        delivered[2] = refunded[2] = cancel_after_pay[:2] = refund_only[:3] = False
        late_refund[0], full[0], late_refund[1], full[1] = True, True, False, False
        paid[3], cancelled_unpaid[3] = False, True
    delivered &= paid & ~cancel_after_pay & ~refund_only
    refunded &= delivered
    delivered_s = paid_s + rng.integers(2 * DAY_S, 5 * DAY_S, n)
    cancel_s = np.where(
        paid, paid_s + rng.integers(HOUR_S, 20 * HOUR_S, n), placed_s + rng.integers(300, 7200, n)
    )

    refund_s = np.where(
        late_refund,
        delivered_s + rng.integers(8 * DAY_S, 12 * DAY_S, n),
        delivered_s + rng.integers(HOUR_S * 12, int(6.5 * DAY_S), n),
    )
    refund_s = np.where(refund_only, paid_s + rng.integers(HOUR_S, 2 * DAY_S, n), refund_s)
    if show_every_outcome and n >= 4:  # soon enough to fall inside a short run
        delivered_s[:2] = paid_s[:2] + 2 * DAY_S
        refund_s[:2] = delivered_s[:2] + np.array([8 * DAY_S, DAY_S])
    refunded |= refund_only
    partial_fen = np.maximum((amount * rng.uniform(0.2, 0.6, n)).astype(np.int64), 1)
    refund_fen = np.where(full | refund_only, amount, partial_fen)
    second = refunded & ~full & ~refund_only & (rng.random(n) < ORDERS.second_partial_refund)
    second_fen = np.maximum(((amount - refund_fen) * rng.uniform(0.2, 0.5, n)).astype(np.int64), 1)

    no_amount = np.full(n, -1)
    spec = [
        (PLACED, PLACED, np.ones(n, bool), placed_s, amount),
        (PAID, PAID, paid, paid_s, amount),
        (CANCELLED, CANCELLED, cancelled_unpaid | cancel_after_pay, cancel_s, no_amount),
        (DELIVERED, DELIVERED, delivered, delivered_s, no_amount),
        (REFUNDED, REFUNDED, refunded, refund_s, refund_fen),
        (
            REFUNDED,
            SECOND_REFUND,
            second,
            refund_s + rng.integers(HOUR_S, 2 * DAY_S, n),
            second_fen,
        ),
    ]
    parts = [
        OrderEvents(
            np.full(mask.sum(), kind, np.uint8),
            np.full(mask.sum(), suffix, np.uint8),
            ts[mask],
            order[mask],
            buyer[mask],
            product[mask],
            quantity[mask],
            money[mask],
            np.full(mask.sum(), NO_SOURCE, dtype=np.uint8),
        )
        for kind, suffix, mask, ts, money in spec
    ]
    return OrderEvents.concat(parts)

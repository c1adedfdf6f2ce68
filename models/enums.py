"""Enumerations of contract.md."""

PLATFORMS = ("douyin", "xigua", "huoshan")
PRICING_MODELS = ("flat_fee", "cpe", "cps", "live")
VIDEO_EVENT_TYPES = ("publish", "delete", "hide", "restore")
ENGAGEMENT_EVENT_TYPES = (
    "impression",
    "play",
    "complete_play",
    "like",
    "comment",
    "share",
    "follow",
    "product_click",
)
ORDER_EVENT_TYPES = ("placed", "paid", "delivered", "refunded", "cancelled")
# Order events whose amount_fen carries money (domain.md 2): placed and paid the order
# amount, refunded the amount refunded.
ORDER_EVENTS_WITH_AMOUNT = ("placed", "paid", "refunded")
# Live events (domain.md 9): a session's start and end, and its viewers' events.
LIVE_EVENT_TYPES = (
    "start",
    "end",
    "enter",
    "like",
    "comment",
    "share",
    "follow",
    "product_click",
)
LIVE_SESSION_EVENT_TYPES = ("start", "end")

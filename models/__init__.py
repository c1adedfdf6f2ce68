"""Data contracts of the landing zone: pandera models of typed rows, no Dagster.

Each model describes a row after parsing (types) and states the domain rules a row must
meet to be loaded. A failing check sends the row to quarantine with reason `domain`;
a missing or unparseable field is caught before, as `schema`.
"""

from models.dimensions import Brand, Campaign, Collaboration, Creator, Mcn, Product, Promotion
from models.events import EngagementEvent, LiveEvent, OrderEvent, VideoEvent

CONTRACTS = {
    "creators": Creator,
    "mcns": Mcn,
    "brands": Brand,
    "products": Product,
    "campaigns": Campaign,
    "collaborations": Collaboration,
    "video_events": VideoEvent,
    "engagement_events": EngagementEvent,
    "order_events": OrderEvent,
    "promotions": Promotion,
    "live_events": LiveEvent,
}

__all__ = ["CONTRACTS"]

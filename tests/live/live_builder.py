"""A tiny warehouse for the live and channel rules (domain.md 9, 10): staging rows written
directly, as tests/settlement/settlement_builder.py does, plus live events, live
collaborations, brands, products and promotions, and the live and channel snapshots."""

from __future__ import annotations

from typing import Any

from pipelines.snapshots import write_snapshots
from tests.settlement.settlement_builder import (
    BOOKED_AT,
    DEADLINE,
    SETTLEMENT_MODELS,
    SettlementWarehouse,
    d,
)

LIVE_MODELS = (*SETTLEMENT_MODELS, "live_sessions", "channel_gmv", "channel_gmv_daily")


class LiveWarehouse(SettlementWarehouse):
    """SettlementWarehouse with the live sources and marts."""

    def brand(self, brand_id: str = "b1") -> LiveWarehouse:
        self.conn.execute("insert into staging.brands (brand_id) values ($b)", {"b": brand_id})
        return self

    def product(self, product_id: str = "p1", brand_id: str = "b1", price_fen: int = 19900):
        self.conn.execute(
            "insert into staging.products (product_id, brand_id, price_fen) values ($p, $b, $f)",
            {"p": product_id, "b": brand_id, "f": price_fen},
        )
        return self

    def promotion(self, promotion_id: str, start: str, end: str) -> LiveWarehouse:
        self.conn.execute(
            "insert into staging.promotions values ($p, null, cast($s as date), cast($e as date))",
            {"p": promotion_id, "s": start, "e": end},
        )
        return self

    def live_collaboration(
        self,
        collaboration_id: str,
        slot_fee_fen: int = 100_000,
        commission_bps: int = 2000,
        product_id: str = "p1",
        creator_id: str = "c1",
        booked_at: str = BOOKED_AT,
        publish_deadline: str = DEADLINE,
    ) -> LiveWarehouse:
        self.collaboration(
            collaboration_id,
            "live",
            creator_id=creator_id,
            booked_at=booked_at,
            publish_deadline=publish_deadline,
            commission_bps=commission_bps,
            product_id=product_id,
        )
        self.conn.execute(
            "update staging.collaborations set slot_fee_fen = $f where collaboration_id = $c",
            {"f": slot_fee_fen, "c": collaboration_id},
        )
        return self

    def live_event(
        self,
        event_id: str,
        event_type: str,
        ts: str,
        live_id: str = "L1",
        viewer_id: str | None = None,
        product_id: str | None = None,
        creator_id: str | None = None,
        brand_id: str | None = None,
        collaboration_id: str | None = None,
        delivered: str | None = None,
    ) -> LiveWarehouse:
        """A live event; admitted on its delivery date (default: its business date)."""
        self.conn.execute(
            """
            insert into staging.live_events (event_id, event_type, event_ts, business_date,
                live_id, creator_id, brand_id, collaboration_id, viewer_id, product_id,
                delivery_date, admitted_date, source_file, row_number, claims_event_id)
            with e as (
                select cast($ts as timestamptz) as ts,
                       cast(cast($ts as timestamptz) as date) as business_date
            )
            select $id, $type, ts, business_date, $live, $creator, $brand, $collab, $viewer,
                $product, coalesce(cast($delivered as date), business_date),
                coalesce(cast($delivered as date), business_date), 'test', $row, true
            from e
            """,
            {
                "id": event_id,
                "type": event_type,
                "ts": ts,
                "live": live_id,
                "creator": creator_id,
                "brand": brand_id,
                "collab": collaboration_id,
                "viewer": viewer_id,
                "product": product_id,
                "delivered": delivered,
                "row": self._next_row(),
            },
        )
        return self

    def start(self, event_id: str, ts: str, live_id: str = "L1", **kwargs: Any) -> LiveWarehouse:
        if "brand_id" not in kwargs:
            kwargs.setdefault("creator_id", "c1")
        return self.live_event(event_id, "start", ts, live_id, **kwargs)

    def end(self, event_id: str, ts: str, live_id: str = "L1", **kwargs: Any) -> LiveWarehouse:
        return self.live_event(event_id, "end", ts, live_id, **kwargs)

    def live_click(
        self,
        event_id: str,
        ts: str,
        live_id: str = "L1",
        viewer_id: str = "u1",
        product_id: str = "p1",
        **kwargs: Any,
    ) -> LiveWarehouse:
        return self.live_event(
            event_id,
            "product_click",
            ts,
            live_id,
            viewer_id=viewer_id,
            product_id=product_id,
            **kwargs,
        )

    def placed(
        self,
        order_id: str,
        ts: str,
        amount_fen: int = 19900,
        buyer_id: str = "u1",
        product_id: str = "p1",
        traffic_source: str | None = None,
        paid: bool = True,
    ) -> LiveWarehouse:
        self.order_event(
            f"{order_id}-placed", "placed", ts, order_id, buyer_id, product_id, amount_fen
        )
        self.conn.execute(
            "update staging.order_events set traffic_source = $t where event_id = $e",
            {"t": traffic_source, "e": f"{order_id}-placed"},
        )
        if paid:
            self.order_event(
                f"{order_id}-paid", "paid", ts, order_id, buyer_id, product_id, amount_fen
            )
        return self

    def build(self, *as_of: str) -> LiveWarehouse:
        """Every settlement, live and channel snapshot for the given dates (oldest first)."""
        self._derive()
        dates = sorted(d(text) for text in as_of)
        for name in LIVE_MODELS:
            write_snapshots(self.conn, dates, name, self.policy.sql_params())
        return self

    def session(self, as_of: str, live_id: str = "L1") -> dict[str, Any]:
        return self._one(
            "select * from marts.live_sessions where as_of = $as_of and live_id = $id",
            as_of,
            live_id,
        )

    def channels(self, as_of: str, brand_id: str = "b1") -> dict[str, dict[str, Any]]:
        cursor = self.conn.execute(
            "select * from marts.channel_gmv where as_of = $a and brand_id = $b",
            {"a": d(as_of), "b": brand_id},
        )
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
        return {row["channel"]: row for row in rows}

"""A tiny warehouse for settlement tests: staging rows written directly, then snapshots built.

Ingestion is not under test here: rows go straight into the staging tables with their
business, delivery and admission dates, and the staging derivations the visible views rely
on are written the simple way (staging.videos, staging.bot_viewer_days) or rebuilt whole
(the engagement summaries).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipelines.ingest import engagement_facts
from pipelines.snapshots import write_snapshots
from starmap.settings import Policy
from starmap.warehouse import connect, ensure_schema

# Defaults shared by most tests: one campaign booked on 06-01, deadline 06-10.
BOOKED_AT = "2026-06-01T10:00:00+08:00"
DEADLINE = "2026-06-10"


def empty_warehouse(path: Path) -> Path:
    """An empty warehouse with every schema at `path` (copy it per test: creating is slow)."""
    conn = connect(path)
    ensure_schema(conn)
    conn.close()
    return path


def d(text: str) -> date:
    """A date from ISO text, to keep test tables short."""
    return date.fromisoformat(text)


SETTLEMENT_MODELS = (
    "collaboration_fraud",
    "collaboration_states",
    "order_attribution",
    "settlements",
    "settlement_ledger",
)


class SettlementWarehouse:
    """Builder for a temporary DuckDB warehouse with staging rows and settlement snapshots."""

    def __init__(self, path: Path, policy: Policy | None = None, template: Path | None = None):
        """Open `path`, a copy of `template` (an empty warehouse) when given; else create it."""
        if template is not None:
            shutil.copyfile(template, path)
        self.path = path
        self.conn = connect(path)
        if template is None:
            ensure_schema(self.conn)
        self.policy = policy or Policy()
        self._row = 0

    def close(self) -> None:
        self.conn.close()

    def reopen(self) -> None:
        """Open the file again after something else (a Dagster run) wrote it."""
        self.conn = connect(self.path)

    # -- dimensions ------------------------------------------------------------------------

    def creator(
        self,
        creator_id: str = "c1",
        platform: str = "douyin",
        followers: int = 200_000,
        mcn_id: str | None = None,
        mcn_share_bps: int | None = None,
        identity_verified: bool = True,
        joined_at: str | None = None,
    ) -> SettlementWarehouse:
        self.conn.execute(
            """
            insert into staging.creators (creator_id, platform, category, followers, mcn_id,
                mcn_share_bps, identity_verified, joined_at)
            values ($id, $platform, 'beauty', $followers, $mcn, $share, $verified,
                cast($joined as date))
            """,
            {
                "id": creator_id,
                "platform": platform,
                "followers": followers,
                "mcn": mcn_id,
                "share": mcn_share_bps,
                "verified": identity_verified,
                "joined": joined_at,
            },
        )
        return self

    def collaboration(
        self,
        collaboration_id: str,
        pricing_model: str,
        creator_id: str = "c1",
        booked_at: str = BOOKED_AT,
        publish_deadline: str = DEADLINE,
        price_fen: int | None = None,
        cpe_rate_fen: int | None = None,
        cap_fen: int | None = None,
        commission_bps: int | None = None,
        product_id: str | None = None,
        campaign_id: str = "k1",
    ) -> SettlementWarehouse:
        self.conn.execute(
            """
            insert into staging.collaborations (collaboration_id, campaign_id, creator_id,
                pricing_model, booked_at, booked_date, publish_deadline, price_fen,
                cpe_rate_fen, cap_fen, commission_bps, product_id)
            values ($id, $campaign, $creator, $model, cast($booked as timestamptz),
                cast(cast($booked as timestamptz) as date), cast($deadline as date), $price,
                $rate, $cap, $bps, $product)
            """,
            {
                "id": collaboration_id,
                "campaign": campaign_id,
                "creator": creator_id,
                "model": pricing_model,
                "booked": booked_at,
                "deadline": publish_deadline,
                "price": price_fen,
                "rate": cpe_rate_fen,
                "cap": cap_fen,
                "bps": commission_bps,
                "product": product_id,
            },
        )
        return self

    # -- events ----------------------------------------------------------------------------

    def _next_row(self) -> int:
        self._row += 1
        return self._row

    def video_event(
        self,
        event_id: str,
        event_type: str,
        ts: str,
        video_id: str,
        creator_id: str = "c1",
        collaboration_id: str | None = None,
        is_commercial: bool | None = None,
        delivered: str | None = None,
    ) -> SettlementWarehouse:
        """A video event; delivered defaults to its business date."""
        self.conn.execute(
            """
            insert into staging.video_events (event_id, event_type, event_ts, business_date,
                video_id, creator_id, collaboration_id, duration_s, is_commercial,
                delivery_date, admitted_date, source_file, row_number, claims_event_id)
            with e as (
                select cast($ts as timestamptz) as ts,
                       cast(cast($ts as timestamptz) as date) as business_date
            )
            select $id, $type, ts, business_date, $video, $creator, $collab, 30, $commercial,
                coalesce(cast($delivered as date), business_date),
                coalesce(cast($delivered as date), business_date), 'test', $row, true
            from e
            """,
            {
                "id": event_id,
                "type": event_type,
                "ts": ts,
                "video": video_id,
                "creator": creator_id,
                "collab": collaboration_id,
                "commercial": is_commercial,
                "delivered": delivered,
                "row": self._next_row(),
            },
        )
        return self

    def publish(
        self,
        event_id: str,
        ts: str,
        video_id: str,
        collaboration_id: str | None,
        creator_id: str = "c1",
        delivered: str | None = None,
        is_commercial: bool = True,
    ) -> SettlementWarehouse:
        return self.video_event(
            event_id,
            "publish",
            ts,
            video_id,
            creator_id=creator_id,
            collaboration_id=collaboration_id,
            is_commercial=is_commercial,
            delivered=delivered,
        )

    def engagement(
        self,
        event_id: str,
        event_type: str,
        ts: str,
        video_id: str,
        viewer_id: str,
        product_id: str | None = None,
        delivered: str | None = None,
    ) -> SettlementWarehouse:
        """An engagement; admitted on its delivery date (default: its business date)."""
        self.conn.execute(
            """
            insert into staging.engagement_events (event_id, event_type, event_ts,
                business_date, video_id, viewer_id, product_id, delivery_date, admitted_date,
                source_file, row_number, claims_event_id)
            with e as (
                select cast($ts as timestamptz) as ts,
                       cast(cast($ts as timestamptz) as date) as business_date
            )
            select $id, $type, ts, business_date, $video, $viewer, $product,
                coalesce(cast($delivered as date), business_date),
                coalesce(cast($delivered as date), business_date), 'test', $row, true
            from e
            """,
            {
                "id": event_id,
                "type": event_type,
                "ts": ts,
                "video": video_id,
                "viewer": viewer_id,
                "product": product_id,
                "delivered": delivered,
                "row": self._next_row(),
            },
        )
        return self

    def likes(
        self,
        video_id: str,
        viewers: Iterable[str],
        ts: str,
        prefix: str,
        delivered: str | None = None,
    ) -> SettlementWarehouse:
        """One like per viewer on a video, event ids `<prefix><n>`."""
        for n, viewer in enumerate(viewers):
            self.engagement(f"{prefix}{n}", "like", ts, video_id, viewer, delivered=delivered)
        return self

    def order_event(
        self,
        event_id: str,
        event_type: str,
        ts: str,
        order_id: str,
        buyer_id: str = "u1",
        product_id: str = "p1",
        amount_fen: int | None = None,
        delivered: str | None = None,
    ) -> SettlementWarehouse:
        self.conn.execute(
            """
            insert into staging.order_events (event_id, event_type, event_ts, business_date,
                order_id, buyer_id, product_id, quantity, amount_fen, delivery_date,
                admitted_date, source_file, row_number, claims_event_id)
            with e as (
                select cast($ts as timestamptz) as ts,
                       cast(cast($ts as timestamptz) as date) as business_date
            )
            select $id, $type, ts, business_date, $order, $buyer, $product, 1, $amount,
                coalesce(cast($delivered as date), business_date),
                coalesce(cast($delivered as date), business_date), 'test', $row, true
            from e
            """,
            {
                "id": event_id,
                "type": event_type,
                "ts": ts,
                "order": order_id,
                "buyer": buyer_id,
                "product": product_id,
                "amount": amount_fen,
                "delivered": delivered,
                "row": self._next_row(),
            },
        )
        return self

    def bot_day(self, viewer_id: str, business_date: str, bot_from_date: str | None = None):
        """Mark a viewer-day as a bot from bot_from_date (default: that business date)."""
        self.conn.execute(
            "insert into staging.bot_viewer_days values ($v, cast($d as date), cast($f as date))",
            {"v": viewer_id, "d": business_date, "f": bot_from_date or business_date},
        )
        return self

    # -- snapshots -------------------------------------------------------------------------

    def _derive(self) -> None:
        engagement_facts.rebuild(self.conn)
        # staging.videos: known from the first date one of its publishes is visible.
        self.conn.execute("delete from staging.videos")
        self.conn.execute(
            """
            insert into staging.videos
            select video_id, min(greatest(business_date, admitted_date))
            from staging.video_events
            where event_type = 'publish'
            group by video_id
            """
        )

    def settle(self, *as_of: str) -> SettlementWarehouse:
        """Build every settlement snapshot for the given dates (oldest first); with no date,
        only derive what ingestion would."""
        self._derive()
        dates = sorted(d(text) for text in as_of)
        for name in SETTLEMENT_MODELS:  # each reads the ones before it (same date)
            write_snapshots(self.conn, dates, name, self.policy.sql_params())
        return self

    def settle_days(self, first: str, last: str) -> SettlementWarehouse:
        """Build every snapshot from first to last, one per day."""
        start, end = d(first), d(last)
        days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
        return self.settle(*days)

    # -- reading ---------------------------------------------------------------------------

    def settlement(self, as_of: str, collaboration_id: str) -> dict[str, Any]:
        return self._one(
            "select * from marts.settlements where as_of = $as_of and collaboration_id = $id",
            as_of,
            collaboration_id,
        )

    def order(self, as_of: str, order_id: str) -> dict[str, Any]:
        return self._one(
            "select * from marts.order_attribution where as_of = $as_of and order_id = $id",
            as_of,
            order_id,
        )

    def _one(self, sql: str, as_of: str, key: str) -> dict[str, Any]:
        cursor = self.conn.execute(sql, {"as_of": d(as_of), "id": key})
        rows = cursor.fetchall()
        assert len(rows) == 1, f"expected one row for {key} as of {as_of}, got {len(rows)}"
        return dict(zip([c[0] for c in cursor.description], rows[0], strict=True))

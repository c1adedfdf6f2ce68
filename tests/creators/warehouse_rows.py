"""Small literal rows for the creators, campaigns and discovery tests.

`Rows` writes straight into the staging tables and the settlement marts of a temporary
warehouse, with defaults for every column a test does not care about. Timestamps are
naive Asia/Shanghai local times ("2026-06-02 10:00"); an event's business date is the date
of its timestamp and it is delivered on that date unless `delivered` says otherwise.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines.ingest import engagement_facts
from pipelines.resources import PolicyResource, WarehouseResource
from pipelines.snapshots import write_snapshots
from starmap.settings import Policy
from starmap.warehouse import connect, ensure_schema

# What every creators and campaigns snapshot asset reads, through the visible relations:
# the dimensions (creators, collaborations, campaigns, products).
DIMENSIONS = dg.AssetKey("dimensions")


def materialize_range(
    rows: Rows, assets: list[dg.AssetsDefinition], first: str, last: str
) -> tuple[dg.ExecuteInProcessResult, Path]:
    """Close the rows' warehouse and backfill `assets` over the as-of dates first..last in
    one Dagster run; the result and the warehouse path."""
    engagement_facts.rebuild(rows.conn)  # the rows were written straight to staging
    (path,) = rows.conn.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone() or (None,)
    rows.conn.close()
    result = dg.materialize(
        assets,
        resources={
            "warehouse": WarehouseResource(path=path, staged=False),
            "policy": PolicyResource(),
        },
        tags={
            "dagster/asset_partition_range_start": first,
            "dagster/asset_partition_range_end": last,
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    return result, Path(path)


def empty_warehouse(path: Path) -> Path:
    """Create a warehouse file with every schema in place and nothing in it."""
    with connect(path) as conn:
        ensure_schema(conn)
    return path


def open_copy(template: Path, path: Path) -> duckdb.DuckDBPyConnection:
    """A connection on a fresh copy of `template` (copying beats re-creating the schema)."""
    shutil.copyfile(template, path)
    return connect(path)


class Rows:
    """Inserts rows with sensible defaults; ids of generated events are unique."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self._ids = itertools.count(1)

    def _event_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    # dimensions -------------------------------------------------------------------------

    def creator(
        self,
        creator_id: str,
        *,
        platform: str = "douyin",
        category: str = "beauty",
        followers: int = 200_000,
        identity_verified: bool = True,
        joined_at: str | None = None,
        mcn_id: str | None = None,
        nickname: str | None = None,
        city_tier: int | None = None,
        audience_female_share: float | None = None,
        audience_age_15_24_share: float | None = None,
        price_21_60s_fen: int | None = None,
    ) -> None:
        self.conn.execute(
            """
            insert into staging.creators (
                creator_id, nickname, platform, category, followers, mcn_id, mcn_share_bps,
                identity_verified, joined_at, city_tier, audience_female_share,
                audience_age_15_24_share, price_21_60s_fen
            ) values ($id, $nickname, $platform, $category, $followers, $mcn_id,
                      case when $mcn_id is null then null else 3000 end,
                      $verified, cast($joined_at as date), $city_tier, $female, $young, $price)
            """,
            {
                "id": creator_id,
                "nickname": nickname or creator_id,
                "platform": platform,
                "category": category,
                "followers": followers,
                "mcn_id": mcn_id,
                "verified": identity_verified,
                "joined_at": joined_at,
                "city_tier": city_tier,
                "female": audience_female_share,
                "young": audience_age_15_24_share,
                "price": price_21_60s_fen,
            },
        )

    def mcn(self, mcn_id: str, founded_at: str, name: str | None = None) -> None:
        self.conn.execute(
            "insert into staging.mcns (mcn_id, name, founded_at) "
            "values ($id, $name, cast($founded as date))",
            {"id": mcn_id, "name": name or mcn_id, "founded": founded_at},
        )

    def brand(self, brand_id: str) -> None:
        self.conn.execute(
            "insert into staging.brands (brand_id, name, industry) values ($id, $id, 'cosmetics')",
            {"id": brand_id},
        )

    def product(self, product_id: str, brand_id: str, price_fen: int = 19_900) -> None:
        self.conn.execute(
            "insert into staging.products (product_id, brand_id, name, category, price_fen) "
            "values ($id, $brand, $id, 'lipstick', $price)",
            {"id": product_id, "brand": brand_id, "price": price_fen},
        )

    def campaign(self, campaign_id: str, brand_id: str, start: str, end: str) -> None:
        self.conn.execute(
            """
            insert into staging.campaigns (
                campaign_id, brand_id, name, start_date, end_date, budget_fen, objective
            ) values ($id, $brand, $id, cast($start as date), cast($end as date), 5000000, 'sales')
            """,
            {"id": campaign_id, "brand": brand_id, "start": start, "end": end},
        )

    def collaboration(
        self,
        collaboration_id: str,
        campaign_id: str,
        creator_id: str,
        *,
        booked_at: str = "2026-06-01 10:00",
        publish_deadline: str = "2026-06-30",
    ) -> None:
        self.conn.execute(
            """
            insert into staging.collaborations (
                collaboration_id, campaign_id, creator_id, pricing_model, booked_at,
                booked_date, publish_deadline, price_fen
            ) values ($id, $campaign, $creator, 'flat_fee', cast($booked as timestamptz),
                      cast(cast($booked as timestamptz) as date), cast($deadline as date),
                      100000)
            """,
            {
                "id": collaboration_id,
                "campaign": campaign_id,
                "creator": creator_id,
                "booked": booked_at,
                "deadline": publish_deadline,
            },
        )

    # events -----------------------------------------------------------------------------

    def video_event(
        self,
        event_type: str,
        video_id: str,
        creator_id: str,
        ts: str,
        *,
        collaboration_id: str | None = None,
        is_commercial: bool | None = None,
        delivered: str | None = None,
    ) -> None:
        self.conn.execute(
            """
            insert into staging.video_events (
                event_id, event_type, event_ts, business_date, video_id, creator_id,
                collaboration_id, duration_s, is_commercial, delivery_date, admitted_date,
                source_file, row_number, claims_event_id
            ) values (
                $event_id, $type, cast($ts as timestamptz), cast(cast($ts as timestamptz) as date),
                $video, $creator, $collab, 30, $commercial,
                coalesce(cast($delivered as date), cast(cast($ts as timestamptz) as date)),
                coalesce(cast($delivered as date), cast(cast($ts as timestamptz) as date)),
                'test.csv', 1, true)
            """,
            {
                "event_id": self._event_id("ve"),
                "type": event_type,
                "ts": ts,
                "video": video_id,
                "creator": creator_id,
                "collab": collaboration_id,
                "commercial": is_commercial,
                "delivered": delivered,
            },
        )

    def publish(self, video_id: str, creator_id: str, ts: str, **kwargs: Any) -> None:
        self.video_event("publish", video_id, creator_id, ts, **kwargs)

    def engagement(
        self,
        event_type: str,
        video_id: str,
        viewer_id: str,
        ts: str,
        *,
        product_id: str | None = None,
        event_id: str | None = None,
        delivered: str | None = None,
    ) -> str:
        event_id = event_id or self._event_id("e")
        self.conn.execute(
            """
            insert into staging.engagement_events (
                event_id, event_type, event_ts, business_date, video_id, viewer_id, product_id,
                delivery_date, admitted_date, source_file, row_number, claims_event_id
            ) values (
                $event_id, $type, cast($ts as timestamptz), cast(cast($ts as timestamptz) as date),
                $video, $viewer, $product,
                coalesce(cast($delivered as date), cast(cast($ts as timestamptz) as date)),
                coalesce(cast($delivered as date), cast(cast($ts as timestamptz) as date)),
                'test.csv', 1, true)
            """,
            {
                "event_id": event_id,
                "type": event_type,
                "ts": ts,
                "video": video_id,
                "viewer": viewer_id,
                "product": product_id,
                "delivered": delivered,
            },
        )
        return event_id

    def engagements(self, event_type: str, video_id: str, count: int, ts: str) -> None:
        """`count` events of one type on a video, by viewers viewer0, viewer1, ... (one insert)."""
        self.conn.execute(
            """
            insert into staging.engagement_events (
                event_id, event_type, event_ts, business_date, video_id, viewer_id, product_id,
                delivery_date, admitted_date, source_file, row_number, claims_event_id
            )
            select
                $prefix || n, $type, cast($ts as timestamptz),
                cast(cast($ts as timestamptz) as date), $video, 'viewer' || n, null,
                cast(cast($ts as timestamptz) as date), cast(cast($ts as timestamptz) as date),
                'test.csv', 1, true
            from range($count) as t(n)
            """,
            {
                "prefix": self._event_id("bulk") + "_",
                "type": event_type,
                "ts": ts,
                "video": video_id,
                "count": count,
            },
        )

    def order_event(
        self, event_type: str, order_id: str, ts: str, amount_fen: int | None = None
    ) -> None:
        self.conn.execute(
            """
            insert into staging.order_events (
                event_id, event_type, event_ts, business_date, order_id, buyer_id, product_id,
                quantity, amount_fen, delivery_date, admitted_date, source_file, row_number,
                claims_event_id
            ) values (
                $event_id, $type, cast($ts as timestamptz), cast(cast($ts as timestamptz) as date),
                $order, 'buyer', 'p1', 1, $amount,
                cast(cast($ts as timestamptz) as date), cast(cast($ts as timestamptz) as date),
                'test.csv', 1, true)
            """,
            {
                "event_id": self._event_id("o"),
                "type": event_type,
                "ts": ts,
                "order": order_id,
                "amount": amount_fen,
            },
        )

    # settlement marts (written by the settlement team's assets in a real run) ------------

    def settlement(
        self,
        as_of: str,
        collaboration_id: str,
        creator_id: str,
        state: str,
        *,
        campaign_id: str = "k1",
        brand_charge_fen: int = 0,
        fraud_date: str | None = None,
        retention_broken_date: str | None = None,
        video_id: str | None = None,
    ) -> None:
        self.conn.execute(
            """
            insert into marts.settlements (
                as_of, collaboration_id, campaign_id, creator_id, pricing_model, state,
                gross_fen, brand_fee_fen, platform_fee_fen, mcn_fen, creator_net_fen,
                brand_charge_fen, prepaid_fen, escrow_fen, refund_fen, disbursed_fen,
                creator_ineligible_at_booking, video_id, fraud_date, retention_broken_date,
                settled_commission_fen
            ) values (cast($as_of as date), $id, $campaign, $creator, 'flat_fee', $state,
                      $charge, 0, 0, 0, $charge, $charge, 0, 0, 0, 0, false, $video,
                      cast($fraud as date), cast($broken as date), 0)
            """,
            {
                "as_of": as_of,
                "id": collaboration_id,
                "campaign": campaign_id,
                "creator": creator_id,
                "state": state,
                "charge": brand_charge_fen,
                "video": video_id,
                "fraud": fraud_date,
                "broken": retention_broken_date,
            },
        )
        # The state as marts.collaboration_states decided it (what the credit rule reads).
        self.conn.execute(
            """
            insert into marts.collaboration_states (
                as_of, collaboration_id, creator_id, pricing_model, state, video_id,
                fraud_date, retention_broken_date
            ) values (cast($as_of as date), $id, $creator, 'flat_fee', $state, $video,
                      cast($fraud as date), cast($broken as date))
            """,
            {
                "as_of": as_of,
                "id": collaboration_id,
                "creator": creator_id,
                "state": state,
                "video": video_id,
                "fraud": fraud_date,
                "broken": retention_broken_date,
            },
        )

    def attributed_order(
        self,
        as_of: str,
        order_id: str,
        video_id: str | None,
        placed_ts: str,
        *,
        paid_fen: int = 0,
        refunded_fen: int = 0,
        base_fen: int | None = None,
        product_id: str = "p1",
        order_state: str = "paid",
    ) -> None:
        """A row of marts.order_attribution; base defaults to max(paid - refunded, 0)."""
        if base_fen is None:
            base_fen = max(paid_fen - refunded_fen, 0)
        self.conn.execute(
            """
            insert into marts.order_attribution (
                as_of, order_id, product_id, buyer_id, placed_ts, placed_date,
                click_event_id, video_id, collaboration_id, order_state, paid_fen,
                refunded_fen, base_fen, commission_fen, platform_fee_fen, channel
            ) values (cast($as_of as date), $order, $product, 'buyer',
                      cast($placed as timestamptz), cast(cast($placed as timestamptz) as date),
                      case when $video is null then null else 'click' end, $video, null,
                      $state, $paid, $refunded, $base, 0, 0,
                      case when $video is null then 'other' else 'alliance' end)
            """,
            {
                "as_of": as_of,
                "order": order_id,
                "product": product_id,
                "placed": placed_ts,
                "video": video_id,
                "state": order_state,
                "paid": paid_fen,
                "refunded": refunded_fen,
                "base": base_fen,
            },
        )

    # creators marts (for discovery) ---------------------------------------------------------

    def tier_row(self, as_of: str, creator_id: str, **columns: Any) -> None:
        """A row of marts.creator_tiers: a rated, eligible douyin beauty creator unless told."""
        row: dict[str, Any] = {
            "as_of": date.fromisoformat(as_of),
            "creator_id": creator_id,
            "nickname": creator_id,
            "platform": "douyin",
            "category": "beauty",
            "followers": 200_000,
            "follower_tier": "tail",
            "credit_score": 12,
            "eligible": True,
            "identity_verified": True,
            "plays_30d": 20_000,
            "cooperation_index": 100.0,
            "star_index": 60.0,
            "performance_tier": "B",
            "engagements_30d": 0,
            "complete_plays_30d": 0,
            "product_clicks_30d": 0,
            "net_gmv_30d_fen": 0,
        } | columns
        names = ", ".join(row)
        values = ", ".join(f"${name}" for name in row)
        self.conn.execute(f"insert into marts.creator_tiers ({names}) values ({values})", row)


# running the marts ------------------------------------------------------------------------


def build(
    conn: duckdb.DuckDBPyConnection,
    as_of: str,
    snapshot_models: tuple[str, ...],
    policy: Policy | None = None,
) -> None:
    """Write the snapshot of `as_of` of the given models, in order, as the assets do (after
    summarising the engagement rows written straight to staging, as a load would)."""
    params = (policy or Policy()).sql_params()
    engagement_facts.rebuild(conn)
    for name in snapshot_models:
        write_snapshots(conn, [date.fromisoformat(as_of)], name, params)


def creator_tiers(
    conn: duckdb.DuckDBPyConnection, as_of: str, policy: Policy | None = None
) -> dict[str, dict[str, Any]]:
    """marts.creator_tiers as of a date (computed now), keyed by creator_id."""
    build(conn, as_of, ("creator_tiers",), policy)
    return _rows(conn, "marts.creator_tiers", "creator_id", as_of)


def mcn_standing(conn: duckdb.DuckDBPyConnection, as_of: str) -> dict[str, dict[str, Any]]:
    """marts.mcn_standing as of a date (computed now), keyed by mcn_id."""
    build(conn, as_of, ("mcn_standing",))
    return _rows(conn, "marts.mcn_standing", "mcn_id", as_of)


def campaign_funnel(conn: duckdb.DuckDBPyConnection, as_of: str) -> dict[str, dict[str, Any]]:
    """marts.campaign_funnel as of a date (computed now with its daily rows), by campaign."""
    build(conn, as_of, ("campaign_funnel_daily", "campaign_funnel"))
    return _rows(conn, "marts.campaign_funnel", "campaign_id", as_of)


def campaign_funnel_daily(
    conn: duckdb.DuckDBPyConnection, as_of: str
) -> dict[tuple[str, date], dict[str, Any]]:
    """marts.campaign_funnel_daily as of a date (computed now), by (campaign, business date)."""
    build(conn, as_of, ("campaign_funnel_daily",))
    result = conn.execute(
        "select * from marts.campaign_funnel_daily where as_of = cast($as_of as date)",
        {"as_of": as_of},
    )
    columns = [d[0] for d in result.description]
    rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    return {(r["campaign_id"], r["business_date"]): r for r in rows}


def _rows(
    conn: duckdb.DuckDBPyConnection, table: str, key: str, as_of: str
) -> dict[str, dict[str, Any]]:
    result = conn.execute(
        f"select * from {table} where as_of = cast($as_of as date)", {"as_of": as_of}
    )
    columns = [d[0] for d in result.description]
    return {
        row[columns.index(key)]: dict(zip(columns, row, strict=True)) for row in result.fetchall()
    }


# the golden example -------------------------------------------------------------------------

TINY_EXPECTED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "tiny" / "expected"


def tiny_expected_dates() -> list[str]:
    """The as-of dates with an expected file in the tiny example."""
    return sorted(p.stem.removeprefix("as_of_") for p in TINY_EXPECTED.glob("as_of_*.json"))


def tiny_expected_table(as_of: str, table: str) -> dict[str, dict[str, Any]]:
    """The expected rows of one marts table in the tiny example, keyed by id."""
    document = json.loads((TINY_EXPECTED / f"as_of_{as_of}.json").read_text(encoding="utf-8"))
    return document[table]


def mismatches(actual: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]) -> list[str]:
    """Differences between actual and expected rows; floats compare to 1e-9."""
    problems = [f"rows {sorted(actual)} != expected {sorted(expected)}"] * (
        set(actual) != set(expected)
    )
    for key, row in expected.items():
        for column, want in row.items():
            got = actual.get(key, {}).get(column)
            if isinstance(want, float) and isinstance(got, float):
                same = math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
            else:
                same = got == want
            if not same:
                problems.append(f"{key}.{column}: {got!r} != expected {want!r}")
    return problems


def read_table(warehouse: Path, table: str, key: str, as_of: str) -> dict[str, dict[str, Any]]:
    """One snapshot of a marts table from a published warehouse (read-only), keyed by id."""
    with connect(warehouse, read_only=True) as conn:
        return _rows(conn, table, key, as_of)

"""The floor: DuckDB alone, reading the event files once, computing the heaviest aggregates.

What no implementation of the pipeline can beat on this machine: one scan of every
engagement file (projected to the columns and rows the aggregates need), unique
engagements per video and type (domain.md 5.3), and the click-to-order join of last-click
attribution (5.4: the last product click by the buyer on the product in the 7 days
before the order was placed). No validation, deduplication, history or snapshots.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

FLOOR_SQL = """
create temp table picked as
select
    event_type,
    video_id,
    viewer_id,
    product_id,
    event_id,
    try_cast(event_ts as timestamptz) as event_ts
from read_parquet($engagement_files)
where event_type in ('like', 'comment', 'share', 'product_click');

create temp table unique_engagements as
select video_id, event_type, count(distinct viewer_id) as engagements
from picked
where event_type in ('like', 'comment', 'share')
group by video_id, event_type;

create temp table last_clicks as
with placed as (
    select order_id, buyer_id, product_id, try_cast(event_ts as timestamptz) as placed_ts
    from read_parquet($order_files)
    where event_type = 'placed'
)
select
    p.order_id,
    arg_max(c.video_id, struct_pack(ts := c.event_ts, id := c.event_id)) as video_id
from placed as p
inner join picked as c
    on c.event_type = 'product_click'
   and c.viewer_id = p.buyer_id
   and c.product_id = p.product_id
   and c.event_ts between p.placed_ts - interval 7 day and p.placed_ts
group by p.order_id
"""


@dataclass(frozen=True)
class FloorResult:
    seconds: float
    engagement_groups: int  # (video, type) pairs with unique engagements
    attributed_orders: int


def run_floor(engagement_files: list[Path], order_files: list[Path]) -> FloorResult:
    """Time the floor on an in-memory DuckDB with default settings (all cores)."""
    conn = duckdb.connect()
    try:
        params = {
            "engagement_files": [str(p) for p in engagement_files],
            "order_files": [str(p) for p in order_files],
        }
        started = time.perf_counter()
        for statement in FLOOR_SQL.split(";\n"):
            named = {k: v for k, v in params.items() if f"${k}" in statement}
            conn.execute(statement, named)
        seconds = time.perf_counter() - started
        groups = conn.execute("select count(*) from unique_engagements").fetchall()[0][0]
        orders = conn.execute("select count(*) from last_clicks").fetchall()[0][0]
        return FloorResult(seconds, int(groups), int(orders))
    finally:
        conn.close()

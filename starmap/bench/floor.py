"""The floors: DuckDB alone on the event files, doing less than any pipeline can.

- **The floor** (issue 7): one scan of every engagement file, projected to the columns and
  rows the heaviest aggregates need: unique engagements per video and type (domain.md
  5.3), and the click-to-order join of last-click attribution (5.4: the last product click
  by the buyer on the product in the 7 days before the order was placed). No validation,
  deduplication, history or snapshots.
- **The rules floor**: the floor plus the least domain.md 2-3 asks of every row before any
  of it may count: every field of every row read, typed and checked, and every event_id
  checked for an earlier copy. It is a lower bound for any implementation that follows
  the rules, so `pipeline / rules floor` is the pipeline's own overhead, and
  `peer / rules floor` the most any such implementation could beat the peer by.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from models.events import EngagementEvent
from models.precheck import precheck_for
from starmap.warehouse import execute

WARM_CHUNK_BYTES = 8 << 20

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

# One scan of every column, each row checked by the engagement contract's own SQL
# pre-check (models/precheck.py: what the pipeline's validation asks of DuckDB) and grouped
# by a 64-bit hash of event_id: the few keys that repeat are all an exact duplicate check
# then needs to read. Only keys with a repeat or a malformed row are kept, so the output is
# small and nothing but the scan and the grouping is timed.
RULES_SQL = """
create temp table rule_exceptions as
select hash(event_id) as event_key,
       count(*) as copies,
       count(*) filter (where malformed) as malformed_rows
from (
    select event_id, coalesce({flags}, false) as malformed
    from (
        select * replace (try_cast(event_ts as timestamptz) as event_ts)
        from read_parquet($engagement_files)
    )
)
group by event_key
having count(*) > 1 or count(*) filter (where malformed) > 0
"""


@dataclass(frozen=True)
class FloorResult:
    seconds: float  # the floor
    engagement_groups: int  # (video, type) pairs with unique engagements
    attributed_orders: int
    rules_s: float  # every row typed and checked, every id checked for an earlier copy
    repeated_ids: int  # event_id hashes delivered more than once
    malformed_rows: int  # rows with a field missing, unparseable or out of its enum

    @property
    def rules_floor_s(self) -> float:
        return self.seconds + self.rules_s


def _timed(conn: duckdb.DuckDBPyConnection, script: str, params: dict[str, object]) -> float:
    started = time.perf_counter()
    execute(conn, script, params)
    return time.perf_counter() - started


def _warm(files: list[Path]) -> None:
    """Read the files once, so the floors find them in the page cache as the pipeline does
    after them: read from disk, the 100M floor took 15 s instead of 5-9 s."""
    for path in files:
        with path.open("rb", buffering=0) as handle:
            while handle.read(WARM_CHUNK_BYTES):
                pass


def run_floor(engagement_files: list[Path], order_files: list[Path]) -> FloorResult:
    """Time both floors on an in-memory DuckDB with default settings (all cores)."""
    _warm(engagement_files + order_files)
    conn = duckdb.connect()
    try:
        contract = precheck_for(EngagementEvent)
        params = contract.params | {
            "engagement_files": [str(p) for p in engagement_files],
            "order_files": [str(p) for p in order_files],
        }
        seconds = _timed(conn, FLOOR_SQL, params)
        conn.execute("drop table picked")  # the floor's rows need not sit beside the scan
        rules_s = _timed(conn, RULES_SQL.format(flags=contract.flags), params)
        (groups,) = conn.execute("select count(*) from unique_engagements").fetchone() or (0,)
        (orders,) = conn.execute("select count(*) from last_clicks").fetchone() or (0,)
        repeated, malformed = conn.execute(
            "select count(*) filter (where copies > 1), coalesce(sum(malformed_rows), 0) "
            "from rule_exceptions"
        ).fetchone() or (0, 0)
        return FloorResult(
            seconds, int(groups), int(orders), rules_s, int(repeated), int(malformed)
        )
    finally:
        conn.close()

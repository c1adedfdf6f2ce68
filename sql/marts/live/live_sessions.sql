/*
name: marts.live_sessions
kind: snapshot
key: as_of, live_id
description: Performance of every live session (直播) whose start is known as of each business date
  (domain.md 9): host, start and end, views and unique viewers, unique likes, comments and
  shares, product clicks, the orders attributed to its clicks and their money, GPM and UV value.
columns:
  as_of: date not null | Snapshot business date
  live_id: varchar not null | Live session
  host_kind: varchar not null | creator (a creator's room) or brand (the brand's own room, 自播)
  creator_id: varchar | Hosting creator (host_kind creator), else null
  brand_id: varchar | Hosting brand (host_kind brand), else null
  collaborations: bigint not null | Live collaborations this session fulfils (one per slot),
    fraud included
  start_ts: timestamptz not null | Earliest start known as of as_of
  end_ts: timestamptz | Earliest end stamped at or after start_ts; null while open
  duration_s: bigint | Whole seconds from start_ts to end_ts, rounded down; null while open
  views: bigint not null | Valid enter events
  unique_viewers: bigint not null | Viewers with a valid enter
  likes: bigint not null | Viewers with a valid like (unique per viewer)
  comments: bigint not null | Viewers with a valid comment (unique per viewer)
  shares: bigint not null | Viewers with a valid share (unique per viewer)
  product_clicks: bigint not null | Valid product clicks, any product
  orders: bigint not null | Orders attributed to the session's clicks, any product, with or
    without a collaboration
  paid_orders: bigint not null | Those ever paid (even if later refunded or cancelled)
  gmv_fen: bigint not null | Paid amount of the paid orders, fen
  net_gmv_fen: bigint not null | Commission bases of those orders summed (domain.md 8), fen
  gpm_fen: double | net_gmv_fen x 1000 / views; null without views (a rate, not an amount)
  uv_value_fen: double | net_gmv_fen / unique_viewers; null without viewers (a rate)
checks:
  viewers_within_views: unique_viewers <= views and paid_orders <= orders on every row.
*/
-- Live session performance as of $as_of (domain.md 9), from the sessions and valid live
-- events visible then and marts.order_attribution of the same date.
with slots as (
    select live_id, count(*) as collaborations
    from visible_live_slots
    group by live_id
),

engaged as (
    select
        live_id,
        count(case when event_type = 'enter' then 1 end) as views,
        count(distinct case when event_type = 'enter' then viewer_id end) as unique_viewers,
        count(distinct case when event_type = 'like' then viewer_id end) as likes,
        count(distinct case when event_type = 'comment' then viewer_id end) as comments,
        count(distinct case when event_type = 'share' then viewer_id end) as shares,
        count(case when event_type = 'product_click' then 1 end) as product_clicks
    from visible_valid_live_events
    group by live_id
),

sold as (
    select
        live_id,
        count(*) as orders,
        sum(case when is_paid then 1 else 0 end) as paid_orders,
        sum(gmv_fen) as gmv_fen,
        sum(net_gmv_fen) as net_gmv_fen
    from order_money
    where live_id is not null
    group by live_id
),

measured as (
    select
        s.live_id,
        s.host_kind,
        s.creator_id,
        s.brand_id,
        coalesce(sl.collaborations, 0) as collaborations,
        s.start_ts,
        s.end_ts,
        s.duration_s,
        coalesce(e.views, 0) as views,
        coalesce(e.unique_viewers, 0) as unique_viewers,
        coalesce(e.likes, 0) as likes,
        coalesce(e.comments, 0) as comments,
        coalesce(e.shares, 0) as shares,
        coalesce(e.product_clicks, 0) as product_clicks,
        coalesce(o.orders, 0) as orders,
        coalesce(o.paid_orders, 0) as paid_orders,
        coalesce(o.gmv_fen, 0) as gmv_fen,
        coalesce(o.net_gmv_fen, 0) as net_gmv_fen
    from visible_live_sessions as s
    left join slots as sl on sl.live_id = s.live_id
    left join engaged as e on e.live_id = s.live_id
    left join sold as o on o.live_id = s.live_id
)

select
    cast($as_of as date) as as_of,
    live_id,
    host_kind,
    creator_id,
    brand_id,
    collaborations,
    start_ts,
    end_ts,
    duration_s,
    views,
    unique_viewers,
    likes,
    comments,
    shares,
    product_clicks,
    orders,
    paid_orders,
    gmv_fen,
    net_gmv_fen,
    cast(net_gmv_fen * 1000 as double) / nullif(views, 0) as gpm_fen,
    cast(net_gmv_fen as double) / nullif(unique_viewers, 0) as uv_value_fen
from measured

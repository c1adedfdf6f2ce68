/*
name: visible_video_down_spans
kind: view
description: The down time of each known video merged into disjoint spans (overlapping or
  touching downtimes joined; an open one, down_until_ts null, swallows every later one), so
  testing an event is a join that matches it at most once, not a subquery per event.
*/
with downtime_ordered as (
    select
        video_id,
        down_from_ts,
        down_until_ts,
        bool_or(down_until_ts is null) over earlier as earlier_open,
        max(down_until_ts) over earlier as earlier_until_ts
    from visible_video_downtime
    window earlier as (
        partition by video_id order by down_from_ts, down_until_ts
        rows between unbounded preceding and 1 preceding
    )
),

downtime_islands as (
    select
        video_id,
        down_from_ts,
        down_until_ts,
        sum(
            case
                when earlier_open is null then 1
                when not earlier_open and down_from_ts > earlier_until_ts then 1
                else 0
            end
        ) over (
            -- range: identical downtimes (peers) share one island whatever their order
            partition by video_id order by down_from_ts, down_until_ts
            range between unbounded preceding and current row
        ) as island
    from downtime_ordered
)

select
    video_id,
    min(down_from_ts) as down_from_ts,
    case when bool_or(down_until_ts is null) then null else max(down_until_ts) end
        as down_until_ts
from downtime_islands
group by video_id, island

/*
name: visible_live_sessions
kind: view
description: The live session of every live_id with a start known as of the date (domain.md 9):
  host and start_ts from its earliest start (by event_ts, then event_id), end_ts from the earliest
  end stamped at or after start_ts (null: open), duration in whole seconds.
*/
-- Later starts of the same host are restarts or further slots; a start naming another host
-- changes nothing; an end stamped before start_ts changes nothing (decisions as of the date,
-- not quarantine).
with starts as (
    select
        live_id,
        event_id,
        event_ts,
        business_date,
        creator_id,
        brand_id,
        row_number() over (partition by live_id order by event_ts, event_id) as start_rank
    from visible_live_events
    where event_type = 'start'
),

hosts as (
    select live_id, event_id, event_ts, business_date, creator_id, brand_id
    from starts
    where start_rank = 1
),

ends as (
    select
        h.live_id,
        e.event_ts,
        e.business_date,
        row_number() over (partition by h.live_id order by e.event_ts, e.event_id) as end_rank
    from hosts as h
    inner join visible_live_events as e
        on e.live_id = h.live_id
       and e.event_type = 'end'
       and e.event_ts >= h.event_ts
)

select
    h.live_id,
    case when h.creator_id is not null then 'creator' else 'brand' end as host_kind,
    h.creator_id,
    h.brand_id,
    h.event_id as start_event_id,
    h.event_ts as start_ts,
    h.business_date as start_date,
    e.event_ts as end_ts,
    e.business_date as end_date,
    date_diff('second', h.event_ts, e.event_ts) as duration_s
from hosts as h
left join ends as e on e.live_id = h.live_id and e.end_rank = 1

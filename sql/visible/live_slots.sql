/*
name: visible_live_slots
kind: view
description: The session (slot) of each live collaboration (domain.md 9): its first start (by
  event_ts, then event_id) that carries the collaboration_id, names the collaboration's creator,
  who also hosts the session, is stamped at or after booked_at and has business date on or before
  publish_deadline.
*/
-- A start naming another host than its session's fulfils nothing, even when it carries a
-- collaboration of that other host (tests/golden/live decision 6).
with candidates as (
    select
        c.collaboration_id,
        e.live_id,
        e.event_id as slot_start_event_id,
        e.event_ts as slot_start_ts,
        e.business_date as slot_start_date,
        row_number() over (
            partition by c.collaboration_id order by e.event_ts, e.event_id
        ) as candidate_rank
    from visible_collaborations as c
    inner join visible_live_events as e
        on e.collaboration_id = c.collaboration_id
       and e.event_type = 'start'
       and e.creator_id = c.creator_id
       and e.event_ts >= c.booked_at
       and e.business_date <= c.publish_deadline
    inner join visible_live_sessions as s
        on s.live_id = e.live_id
       and s.creator_id = e.creator_id
    where c.pricing_model = 'live'
)

select collaboration_id, live_id, slot_start_event_id, slot_start_ts, slot_start_date
from candidates
where candidate_rank = 1

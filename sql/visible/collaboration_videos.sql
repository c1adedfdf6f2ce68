/*
name: visible_collaboration_videos
kind: view
description: The video of each collaboration (domain.md 5.2): its first publish (by time, then
  event_id) carrying the collaboration_id, stamped at or after booked_at, with business date
  on or before publish_deadline. A publish carrying a live collaboration fulfils nothing
  (domain.md 9).
*/
with candidates as (
    select
        c.collaboration_id,
        p.video_id,
        p.event_id as publish_event_id,
        p.event_ts as publish_ts,
        p.business_date as publish_date,
        row_number() over (
            partition by c.collaboration_id order by p.event_ts, p.event_id
        ) as candidate_rank
    from visible_collaborations as c
    inner join visible_video_events as p
        on p.collaboration_id = c.collaboration_id
       and p.event_type = 'publish'
       and p.event_ts >= c.booked_at
       and p.business_date <= c.publish_deadline
    where c.pricing_model <> 'live'
)
select collaboration_id, video_id, publish_event_id, publish_ts, publish_date
from candidates
where candidate_rank = 1

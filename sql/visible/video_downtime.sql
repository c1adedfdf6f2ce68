/*
name: visible_video_downtime
kind: view
description: When each known video was down: [down_from_ts, down_until_ts). A delete is final
  (down_until_ts null); a hide lasts until the next restore after it.
*/
select
    d.video_id,
    d.event_type,
    d.event_ts as down_from_ts,
    d.business_date as down_from_date,
    case
        when d.event_type = 'hide' then (
            select min(r.event_ts)
            from visible_video_events as r
            where r.video_id = d.video_id
              and r.event_type = 'restore'
              and r.event_ts > d.event_ts
        )
    end as down_until_ts
from visible_video_events as d
where d.event_type in ('delete', 'hide')

/*
name: visible_live_viewer_events
kind: view
description: The viewers' live events (enter, like, comment, share, follow, product_click) visible
  as of the date in sessions known then, with why an event is invalid (domain.md 9): is_bot (its
  viewer-day is a bot as of the date: videos and live sessions count as contents) and
  is_outside_session (stamped before start_ts, or after a known end_ts).
*/
select
    e.*,
    coalesce(b.bot_from_date is not null, false) as is_bot,
    (e.event_ts < s.start_ts or (s.end_ts is not null and e.event_ts > s.end_ts))
        as is_outside_session
from visible_live_events as e
inner join visible_live_sessions as s on s.live_id = e.live_id
left join staging.bot_viewer_days as b
    on b.viewer_id = e.viewer_id
   and b.business_date = e.business_date
   and b.bot_from_date <= $as_of
where e.event_type not in ('start', 'end')

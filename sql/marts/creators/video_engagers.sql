/*
name: video_engagers
kind: table
description: Each unique (viewer, video, type) valid like, comment and share of the performance
  window, with the last business date it occurred on.
*/
-- Visible events all lie on or before $as_of, so a key occurs in a window ending $as_of
-- exactly when its last date is in that window (video_event_counts says why only the window
-- is read).
select video_id, viewer_id, event_type, max(business_date) as last_date
from visible_valid_interaction_events
where event_type in ('like', 'comment', 'share')
  and business_date >= $as_of - ($performance_window_days - 1)
group by video_id, viewer_id, event_type

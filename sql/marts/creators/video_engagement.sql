-- Valid engagement of every known video as of $as_of, aggregated once for the two marts
-- that need it (creator_performance, creator_expected_prices):
--   video_event_counts: plays, complete plays and product clicks per video and day;
--   video_engagers: each unique (viewer, video, type) like, comment and share, with the
--   last business date it occurred on (visible events all lie on or before $as_of, so the
--   key occurs in a window ending $as_of exactly when its last date is in that window).
-- Only events of the window $as_of - ($performance_window_days - 1) .. $as_of are read, so
-- a snapshot's work does not grow with the history. Nothing else is used: performance
-- counts the window's events, and expected prices count every valid event of videos first
-- published in the window, which cannot precede the publish (an earlier event is invalid,
-- and both business dates are the Shanghai date of the timestamps).
create or replace temp table video_event_counts as
select
    video_id,
    business_date,
    cast(coalesce(sum(events) filter (where event_type = 'play'), 0) as bigint) as plays,
    cast(coalesce(sum(events) filter (where event_type = 'complete_play'), 0) as bigint)
        as complete_plays,
    cast(coalesce(sum(events) filter (where event_type = 'product_click'), 0) as bigint)
        as product_clicks
from visible.valid_engagement_counts
where event_type in ('play', 'complete_play', 'product_click')
  and business_date >= $as_of - ($performance_window_days - 1)
group by video_id, business_date;

create or replace temp table video_engagers as
select video_id, viewer_id, event_type, max(business_date) as last_date
from visible.valid_interaction_events
where event_type in ('like', 'comment', 'share')
  and business_date >= $as_of - ($performance_window_days - 1)
group by video_id, viewer_id, event_type;

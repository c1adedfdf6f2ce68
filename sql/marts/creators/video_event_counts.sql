/*
name: video_event_counts
kind: table
description: Valid plays, complete plays and product clicks of every known video per business
  date of the performance window, for creator_performance and creator_expected_prices.
*/
-- Only the window $as_of - ($performance_window_days - 1) .. $as_of is read, so a snapshot's
-- work does not grow with the history: performance counts the window's events, and
-- expected prices count the events of videos first published in the window, which cannot
-- precede the publish (an earlier event is invalid, and both business dates are the
-- Shanghai dates of their timestamps).
select
    video_id,
    business_date,
    cast(coalesce(sum(events) filter (where event_type = 'play'), 0) as bigint) as plays,
    cast(coalesce(sum(events) filter (where event_type = 'complete_play'), 0) as bigint)
        as complete_plays,
    cast(coalesce(sum(events) filter (where event_type = 'product_click'), 0) as bigint)
        as product_clicks
from visible_valid_engagement_counts
where event_type in ('play', 'complete_play', 'product_click')
  and business_date >= $as_of - ($performance_window_days - 1)
group by video_id, business_date

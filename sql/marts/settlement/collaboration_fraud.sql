/*
name: marts.collaboration_fraud
kind: snapshot
key: as_of, collaboration_id
description: Fraud rule per collaboration video as of each date (domain.md 4): likes, comments
  and shares in the billing window, how many are bot-invalid, and the first date the rule held
  (sticky).
columns:
  as_of: date not null | Snapshot business date
  collaboration_id: varchar not null | Collaboration with a video as of as_of
  video_id: varchar not null | The collaboration's video (first qualifying publish)
  publish_date: date not null | Business date of the video's publish: first day of the billing
    window
  window_end_date: date not null | publish_date + cpe_window_days: first day after the billing
    window (exclusive)
  engagements_total: bigint not null | like, comment and share events on the video in the
    billing window visible as of as_of, any validity
  engagements_bot_invalid: bigint not null | Those of engagements_total whose viewer-day is a
    bot as of as_of
  fraud_date: date | First date d <= as_of on which, as of d, bot-invalid >= fraud_min_invalid
    and bot-invalid > fraud_share x total; null: not fraud
*/
-- Fraudulent collaboration video (domain.md 4), snapshot as of $as_of.
-- Counts like/comment/share events on the collaboration video whose business date is in its
-- billing window [publish_date, publish_date + cpe_window_days). As of a date d an event
-- counts in total from the date it became visible (greatest of business date, admission date
-- and the date its video became known) and in invalid from the later of that date and the
-- date its viewer-day became a bot. Both counts only change on those dates, so the first d
-- meeting the rule is found among them: a running sum per collaboration, not a loop over days.
-- Reads visible.* as of $as_of, so no event later than $as_of can move the fraud date.
with collaboration_windows as (
    select
        cv.collaboration_id,
        cv.video_id,
        cv.publish_date,
        cv.publish_date + $cpe_window_days as window_end_date
    from visible_collaboration_videos as cv
),

window_events as (
    select
        w.collaboration_id,
        greatest(e.business_date, e.admitted_date, k.known_from_date) as visible_from_date,
        b.bot_from_date
    from collaboration_windows as w
    inner join visible_interaction_events as e
        on e.video_id = w.video_id
       and e.event_type in ('like', 'comment', 'share')
       and e.business_date >= w.publish_date
       and e.business_date < w.window_end_date
    inner join staging.videos as k
        on k.video_id = e.video_id
    left join staging.bot_viewer_days as b
        on b.viewer_id = e.viewer_id
       and b.business_date = e.business_date
       and b.bot_from_date <= $as_of
),

movements as (
    select collaboration_id, visible_from_date as change_date, 1 as total_added, 0 as invalid_added
    from window_events
    union all
    select
        collaboration_id,
        greatest(visible_from_date, bot_from_date) as change_date,
        0 as total_added,
        1 as invalid_added
    from window_events
    where bot_from_date is not null
),

daily as (
    select
        collaboration_id,
        change_date,
        sum(total_added) as total_added,
        sum(invalid_added) as invalid_added
    from movements
    group by collaboration_id, change_date
),

running as (
    select
        collaboration_id,
        change_date,
        sum(total_added) over (
            partition by collaboration_id order by change_date
            rows between unbounded preceding and current row
        ) as total_as_of_date,
        sum(invalid_added) over (
            partition by collaboration_id order by change_date
            rows between unbounded preceding and current row
        ) as invalid_as_of_date
    from daily
),

first_fraud as (
    select collaboration_id, min(change_date) as fraud_date
    from running
    where invalid_as_of_date >= $fraud_min_invalid
      -- exact decimal comparison: 20% of 15 is 3, not 3.0000000000000004
      and invalid_as_of_date > cast($fraud_share as decimal(18, 6)) * total_as_of_date
    group by collaboration_id
),

counts as (
    select
        collaboration_id,
        count(*) as engagements_total,
        count(bot_from_date) as engagements_bot_invalid
    from window_events
    group by collaboration_id
)

select
    cast($as_of as date) as as_of,
    w.collaboration_id,
    w.video_id,
    w.publish_date,
    w.window_end_date,
    coalesce(c.engagements_total, 0) as engagements_total,
    coalesce(c.engagements_bot_invalid, 0) as engagements_bot_invalid,
    f.fraud_date
from collaboration_windows as w
left join counts as c on c.collaboration_id = w.collaboration_id
left join first_fraud as f on f.collaboration_id = w.collaboration_id

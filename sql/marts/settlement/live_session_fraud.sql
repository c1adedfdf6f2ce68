/*
name: live_session_fraud
kind: table
description: The fraud rule per live session as of the date (domain.md 9, 4): its likes,
  comments and shares stamped from start_ts to end_ts (to the date while open), how many are
  bot-invalid, and the first date d the rule held as of d (sticky).
*/
-- As collaboration_fraud.sql: as of a date d an event counts in total from the date it became
-- visible (the later of business and admission date) and in invalid from the later of that
-- and its viewer-day's bot date; the first change date meeting the rule is the fraud date.
-- The session's window is the one known as of $as_of (decision: docs/settlement.md).
with window_events as (
    select
        s.live_id,
        greatest(e.business_date, e.admitted_date) as visible_from_date,
        b.bot_from_date
    from visible_live_sessions as s
    inner join visible_live_events as e
        on e.live_id = s.live_id
       and e.event_type in ('like', 'comment', 'share')
       and e.event_ts >= s.start_ts
       and (s.end_ts is null or e.event_ts <= s.end_ts)
    left join staging.bot_viewer_days as b
        on b.viewer_id = e.viewer_id
       and b.business_date = e.business_date
       and b.bot_from_date <= $as_of
),

movements as (
    select live_id, visible_from_date as change_date, 1 as total_added, 0 as invalid_added
    from window_events
    union all
    select live_id, greatest(visible_from_date, bot_from_date), 0, 1
    from window_events
    where bot_from_date is not null
),

daily as (
    select live_id, change_date, sum(total_added) as total_added,
           sum(invalid_added) as invalid_added
    from movements
    group by live_id, change_date
),

running as (
    select
        live_id,
        change_date,
        sum(total_added) over (
            partition by live_id order by change_date
            rows between unbounded preceding and current row
        ) as total_as_of_date,
        sum(invalid_added) over (
            partition by live_id order by change_date
            rows between unbounded preceding and current row
        ) as invalid_as_of_date
    from daily
),

first_fraud as (
    select live_id, min(change_date) as fraud_date
    from running
    where invalid_as_of_date >= $fraud_min_invalid
      and invalid_as_of_date > cast($fraud_share as decimal(18, 6)) * total_as_of_date
    group by live_id
),

counts as (
    select live_id, count(*) as engagements_total, count(bot_from_date) as engagements_bot_invalid
    from window_events
    group by live_id
)

select
    s.live_id,
    coalesce(c.engagements_total, 0) as engagements_total,
    coalesce(c.engagements_bot_invalid, 0) as engagements_bot_invalid,
    f.fraud_date
from visible_live_sessions as s
left join counts as c on c.live_id = s.live_id
left join first_fraud as f on f.live_id = s.live_id

/*
name: marts.collaboration_states
kind: snapshot
key: as_of, collaboration_id
description: The state of every collaboration booked as of each business date, with the dates that
  decide it (domain.md 5.2-5.4: fraud, then removed_early, then booked, expired, active,
  in_escrow or released). What marts.settlements prices and the credit rule of domain.md 6
  deducts for; kept as a table so both read one decision.
columns:
  as_of: date not null | Snapshot business date
  collaboration_id: varchar not null | The booked Xingtu order
  creator_id: varchar not null | Creator (达人) booked
  pricing_model: varchar not null | flat_fee (一口价), cpe, cps or live
  state: varchar not null | booked, expired, in_escrow, released, removed_early, fraud
    (flat_fee, cpe); booked, expired, active, removed_early, fraud (cps); booked, expired,
    in_escrow, released, fraud (live)
  video_id: varchar | The collaboration's video (first qualifying publish), null before publish
  publish_date: date | Business date of the collaboration video's publish
  release_date: date | publish_date + retention_days: escrow may be released from this date
  fraud_date: date | First as-of date on which the video met the fraud rule (sticky), else null
  retention_broken_date: date | Business date of the delete/hide that broke retention, else null
  live_id: varchar | live: the collaboration's session (its fulfilling start's live_id), null
    before it starts and for the other pricing models
  live_end_date: date | live: business date of the session's end_ts, null while open
*/
with collaborations as (
    select
        c.*,
        cv.video_id,
        cv.publish_date,
        cv.publish_date + $retention_days as release_date
    from visible_collaborations as c
    left join visible_collaboration_videos as cv on cv.collaboration_id = c.collaboration_id
),

-- live (domain.md 9): the session of the collaboration's slot, its end and its fraud date;
-- released from the end's business date + live_release_days.
live_collaborations as (
    select
        sl.collaboration_id,
        sl.live_id,
        sl.slot_start_date,
        s.end_date as live_end_date,
        s.end_date + $live_release_days as live_release_date,
        f.fraud_date as live_fraud_date
    from visible_live_slots as sl
    inner join visible_live_sessions as s on s.live_id = sl.live_id
    left join live_session_fraud as f on f.live_id = sl.live_id
),

-- Retention (5.1): the first delete or hide of the video dated before its release date.
-- A later restore does not mend it.
retention_breaks as (
    select c.collaboration_id, min(t.business_date) as retention_broken_date
    from collaborations as c
    inner join visible_video_events as t
        on t.video_id = c.video_id
       and t.event_type in ('delete', 'hide')
       and t.business_date < c.release_date
    group by c.collaboration_id
)

-- precedence (5.2): fraud, then removed_early, then the others
select
    cast($as_of as date) as as_of,
    c.collaboration_id,
    c.creator_id,
    c.pricing_model,
    case
        when f.fraud_date is not null or l.live_fraud_date is not null then 'fraud'
        when r.retention_broken_date is not null then 'removed_early'
        when c.pricing_model = 'live' and l.live_id is null and $as_of <= c.publish_deadline
            then 'booked'
        when c.pricing_model = 'live' and l.live_id is null then 'expired'
        when c.pricing_model = 'live' and $as_of >= l.live_release_date then 'released'
        when c.pricing_model = 'live' then 'in_escrow'
        when c.video_id is null and $as_of <= c.publish_deadline then 'booked'
        when c.video_id is null then 'expired'
        when c.pricing_model = 'cps' then 'active'
        when $as_of < c.release_date then 'in_escrow'
        else 'released'
    end as state,
    c.video_id,
    coalesce(c.publish_date, l.slot_start_date) as publish_date,
    coalesce(c.release_date, l.live_release_date) as release_date,
    coalesce(f.fraud_date, l.live_fraud_date) as fraud_date,
    r.retention_broken_date,
    l.live_id,
    l.live_end_date
from collaborations as c
left join marts.collaboration_fraud as f
    on f.as_of = $as_of
   and f.collaboration_id = c.collaboration_id
left join live_collaborations as l on l.collaboration_id = c.collaboration_id
left join retention_breaks as r on r.collaboration_id = c.collaboration_id

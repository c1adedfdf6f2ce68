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
  pricing_model: varchar not null | flat_fee (一口价), cpe or cps
  state: varchar not null | booked, expired, in_escrow, released, removed_early, fraud
    (flat_fee, cpe); booked, expired, active, removed_early, fraud (cps)
  video_id: varchar | The collaboration's video (first qualifying publish), null before publish
  publish_date: date | Business date of the collaboration video's publish
  release_date: date | publish_date + retention_days: escrow may be released from this date
  fraud_date: date | First as-of date on which the video met the fraud rule (sticky), else null
  retention_broken_date: date | Business date of the delete/hide that broke retention, else null
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
        when f.fraud_date is not null then 'fraud'
        when r.retention_broken_date is not null then 'removed_early'
        when c.video_id is null and $as_of <= c.publish_deadline then 'booked'
        when c.video_id is null then 'expired'
        when c.pricing_model = 'cps' then 'active'
        when $as_of < c.release_date then 'in_escrow'
        else 'released'
    end as state,
    c.video_id,
    c.publish_date,
    c.release_date,
    f.fraud_date,
    r.retention_broken_date
from collaborations as c
left join marts.collaboration_fraud as f
    on f.as_of = $as_of
   and f.collaboration_id = c.collaboration_id
left join retention_breaks as r on r.collaboration_id = c.collaboration_id

/*
name: credit_deductions
kind: table
description: Every credit deduction known as of the date, one row each, dated by the event that
  caused it (domain.md 6).
*/
-- Credit deductions (domain.md 6): the one place of the credit rule. Every deduction known
-- as of $as_of, whatever its date, one row each, dated by the event that caused it:
--   collaboration in state fraud as of $as_of   -> $credit_fraud, dated its fraud_date
--   collaboration in state removed_early        -> $credit_removed, dated retention_broken_date
--   unreported commercial video (a publish with is_commercial and no collaboration_id)
--                                                -> $credit_unreported, dated its publish date
-- The credit score of a creator at any date X <= $as_of is
--   greatest(0, $credit_start - sum(points) of its rows dated X - 364 .. X);
-- creator_eligibility.sql computes it (and eligibility) for any (creator, date) pairs.
-- The states are those marts.settlements prices (marts.collaboration_states).
with collaboration_deductions as (
    select
        s.creator_id,
        s.state as reason,
        case when s.state = 'fraud' then s.fraud_date else s.retention_broken_date end
            as deduction_date,
        case when s.state = 'fraud' then $credit_fraud else $credit_removed end as points,
        s.collaboration_id,
        s.video_id
    from marts.collaboration_states as s
    where s.as_of = $as_of
      and s.state in ('fraud', 'removed_early')
),

commercial_publishes as (
    select
        p.creator_id,
        p.video_id,
        p.business_date,
        row_number() over (
            partition by p.video_id order by p.event_ts, p.event_id
        ) as publish_rank
    from visible_video_events as p
    where p.event_type = 'publish'
      and p.is_commercial
      and coalesce(p.collaboration_id, '') = ''
),

-- One deduction per video, however often it is (re)published unreported.
unreported_videos as (
    select
        creator_id,
        'unreported_commercial_video' as reason,
        business_date as deduction_date,
        $credit_unreported as points,
        cast(null as varchar) as collaboration_id,
        video_id
    from commercial_publishes
    where publish_rank = 1
)

select creator_id, reason, deduction_date, points, collaboration_id, video_id
from collaboration_deductions
union all
select creator_id, reason, deduction_date, points, collaboration_id, video_id
from unreported_videos

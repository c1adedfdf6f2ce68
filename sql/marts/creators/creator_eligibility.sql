/*
name: creator_eligibility
kind: table
description: Credit score and eligibility to take orders (domain.md 6) of every (creator, date) that
  eligibility_requests asks about.
*/
-- Credit score and eligibility to take orders (domain.md 6) of any (creator, date) pairs.
-- One row per distinct request of eligibility_requests.
-- Eligible: identity verified, credit score > 0 and enough followers for the platform.
with requests as (
    select distinct creator_id, at_date
    from eligibility_requests
),

credit as (
    select
        r.creator_id,
        r.at_date,
        greatest(0, $credit_start - coalesce(sum(d.points), 0)) as credit_score
    from requests as r
    left join credit_deductions as d
        on d.creator_id = r.creator_id
       and d.deduction_date between r.at_date - ($credit_window_days - 1) and r.at_date
    group by r.creator_id, r.at_date
)

select
    credit.creator_id,
    credit.at_date,
    cast(credit.credit_score as integer) as credit_score,
    coalesce(
        c.identity_verified
        and credit.credit_score > 0
        and c.followers >= case c.platform
            when 'douyin' then $douyin_min_followers
            when 'xigua' then $xigua_min_followers
            when 'huoshan' then $huoshan_min_followers
        end,
        false
    ) as eligible
from credit
left join staging.creators as c on c.creator_id = credit.creator_id

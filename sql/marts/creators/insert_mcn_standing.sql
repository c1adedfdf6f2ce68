-- MCN standing as of $as_of (domain.md 6), one row per MCN known as of $as_of (founded by
-- then). "Signed" creators are those of the MCN known as of $as_of (joined_at <= $as_of or
-- no joined_at), so the snapshot never changes once taken.
insert into marts.mcn_standing (as_of, mcn_id, founded_at, creators, eligible, name, age_days)
with signed as (
    select mcn_id, count(*) as creators
    from visible.creators
    where mcn_id is not null
    group by mcn_id
),

aged as (
    select
        m.mcn_id,
        m.founded_at,
        m.name,
        cast($as_of - m.founded_at as integer) as age_days,
        coalesce(s.creators, 0) as creators
    from visible.mcns as m
    left join signed as s on s.mcn_id = m.mcn_id
)

select
    cast($as_of as date) as as_of,
    a.mcn_id,
    a.founded_at,
    a.creators,
    a.age_days >= $mcn_min_age_days and a.creators >= $mcn_min_creators as eligible,
    a.name,
    a.age_days
from aged as a;

/*
name: marts.mcn_standing
kind: snapshot
key: as_of, mcn_id
description: MCN (agency) standing per MCN known as of each business date (founded_at <= as_of):
  signed creators and eligibility (domain.md 6).
columns:
  as_of: date not null | Snapshot business date
  mcn_id: varchar not null | MCN (agency)
  founded_at: date not null | Founding date of the MCN
  creators: bigint not null | Creators signed to the MCN and known as of the date (joined_at <=
    as_of or no joined_at)
  eligible: boolean not null | Founded at least 365 days before as_of and at least 5 creators
    signed
  name: varchar | Name of the MCN
  age_days: integer not null | Days from founded_at to as_of
checks:
  one_row_per_known_mcn: Each snapshot has one row per MCN founded by its date.
*/
-- MCN standing as of $as_of (domain.md 6), one row per MCN known as of $as_of (founded by
-- then). "Signed" creators are those of the MCN known as of $as_of (joined_at <= $as_of or
-- no joined_at), so the snapshot never changes once taken.
with signed as (
    select mcn_id, count(*) as creators
    from visible_creators
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
    from visible_mcns as m
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
from aged as a

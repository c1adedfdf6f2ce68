-- Snapshots of $first .. $last whose row count differs from the creators known then.
with written as (
    select as_of, count(*) as creator_rows
    from marts.creator_tiers
    where as_of between $first and $last
    group by as_of
),

known as (
    select w.as_of, count(c.creator_id) as known_creators
    from written as w
    left join staging.creators as c on c.joined_at is null or c.joined_at <= w.as_of
    group by w.as_of
)

select count(*) as violations
from written as w
inner join known as k on k.as_of = w.as_of
where w.creator_rows <> k.known_creators;

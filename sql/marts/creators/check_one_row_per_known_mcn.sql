-- Snapshots of $first .. $last whose row count differs from the MCNs founded by then.
with written as (
    select as_of, count(*) as mcn_rows
    from marts.mcn_standing
    where as_of between $first and $last
    group by as_of
),

known as (
    select w.as_of, count(m.mcn_id) as known_mcns
    from written as w
    left join staging.mcns as m on m.founded_at <= w.as_of
    group by w.as_of
)

select count(*) as violations
from written as w
inner join known as k on k.as_of = w.as_of
where w.mcn_rows <> k.known_mcns;

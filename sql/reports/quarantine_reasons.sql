-- Rows kept out of the marts because of data problems, as of $as_of: held (seen by then
-- and not yet resolved by then) and resolved (a late parent arrived), by reason and source.
select
    reason,
    source,
    count(*) filter (
        where resolved_at is null or resolved_at > $as_of
    ) as held_rows,
    count(*) filter (where resolved_at <= $as_of) as resolved_rows
from quarantine.rejected_rows
where first_seen_at is null or first_seen_at <= $as_of
group by reason, source
order by held_rows desc, reason, source

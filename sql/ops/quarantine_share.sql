-- Share of rows quarantined per delivery date of one source, for the delivery dates in
-- scope (dimension files and files outside a delivery folder carry no delivery date and
-- are always in scope); worst first. An unreadable file is counted apart, not as one row
-- read: how many rows it held is unknown, so it cannot dilute or weigh on the share.
with files as (
    select
        f.delivery_date,
        f.source_file,
        f.rows_read,
        f.rows_quarantined,
        exists (
            select 1 from quarantine.rejected_rows as q
            where q.source = f.source and q.source_file = f.source_file
              and q.reason = 'unreadable'
        ) as unreadable
    from ops.file_loads as f
    where f.source = $source
      and (f.delivery_date is null or f.delivery_date between $first_date and $last_date)
),
scoped as (
    select
        delivery_date,
        coalesce(sum(rows_read) filter (where not unreadable), 0) as rows_read,
        coalesce(sum(rows_quarantined) filter (where not unreadable), 0) as rows_quarantined,
        count(*) filter (where unreadable) as unreadable_files,
        string_agg(source_file, ', ' order by source_file) filter (where unreadable)
            as unreadable_names
    from files
    group by delivery_date
)

select
    delivery_date,
    rows_read,
    rows_quarantined,
    case when rows_read = 0 then 0.0 else rows_quarantined / rows_read end as quarantine_share,
    unreadable_files,
    unreadable_names
from scoped
order by quarantine_share desc, delivery_date

-- Share of rows quarantined per delivery date of one source, for the delivery dates in
-- scope (dimension files carry no delivery date and are always in scope); worst first.
with scoped as (
    select
        delivery_date,
        sum(rows_read) as rows_read,
        sum(rows_quarantined) as rows_quarantined
    from ops.file_loads
    where source = $source
      and (delivery_date is null or delivery_date between $first_date and $last_date)
    group by delivery_date
)

select
    delivery_date,
    rows_read,
    rows_quarantined,
    case when rows_read = 0 then 0.0 else rows_quarantined / rows_read end as quarantine_share
from scoped
order by quarantine_share desc, delivery_date

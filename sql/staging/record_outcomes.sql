-- Record where the rows of the batch went: quarantine rows (with the raw row as JSON) and
-- one ops.file_loads row per file of temp table batch_files. Temp table row_status holds
-- the rows that were not loaded; every other row of temp table typed was loaded.
insert into quarantine.rejected_rows
select
    $source as source,
    c.source_file,
    c.row_number,
    l.delivery_date,
    c.record_key as event_id,
    case c.status when 'held' then 'reference' else c.status end as reason,
    case
        when c.status = 'conflict'
            then 'id ' || c.record_key || ' was delivered before with other content'
        else c.detail
    end as detail,
    l.payload,
    coalesce(c.status = 'held' and c.claims_if_held, false) as claims_event_id,
    l.delivery_date as first_seen_at,
    cast(null as date) as resolved_at
from row_status as c
inner join landing_payloads as l
    on l.source_file = c.source_file and l.row_number = c.row_number
where c.status not in ('loaded', 'duplicate');

insert into ops.file_loads
with rows_per_file as (
    select source_file, count(*) as rows_read from typed group by source_file
),
outcomes_per_file as (
    select
        source_file,
        count(*) filter (where status = 'duplicate') as rows_duplicate,
        count(*) filter (where status not in ('loaded', 'duplicate')) as rows_quarantined
    from row_status
    group by source_file
)
select
    $source as source,
    f.source_file,
    f.delivery_date,
    f.file_bytes,
    case when f.unreadable_detail is null then coalesce(n.rows_read, 0) else 1 end as rows_read,
    coalesce(n.rows_read, 0) - coalesce(o.rows_duplicate, 0) - coalesce(o.rows_quarantined, 0)
        as rows_loaded,
    coalesce(o.rows_duplicate, 0) as rows_duplicate,
    case
        when f.unreadable_detail is null then coalesce(o.rows_quarantined, 0)
        else 1
    end as rows_quarantined,
    now() as loaded_at
from batch_files as f
left join rows_per_file as n on n.source_file = f.source_file
left join outcomes_per_file as o on o.source_file = f.source_file;

-- A file that cannot be parsed is quarantined whole, as one row naming it.
insert into quarantine.rejected_rows
select
    $source, source_file, cast(null as bigint), delivery_date, cast(null as varchar),
    'unreadable', unreadable_detail, cast(null as varchar), false, delivery_date,
    cast(null as date)
from batch_files
where unreadable_detail is not null;

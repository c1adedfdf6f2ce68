-- Undo the effects of deliveries on or after $day on one source's quarantine and file
-- counts, before those days are loaded again: held rows they admitted are held again.
update ops.file_loads as f
set rows_loaded = f.rows_loaded - n.readmitted_rows,
    rows_quarantined = f.rows_quarantined + n.readmitted_rows
from (
    select source_file, count(*) as readmitted_rows
    from quarantine.rejected_rows
    where source = $source and resolved_at >= $day and first_seen_at < $day
    group by source_file
) as n
where f.source = $source and f.source_file = n.source_file;

update quarantine.rejected_rows
set resolved_at = null
where source = $source and resolved_at >= $day;

delete from quarantine.rejected_rows where source = $source and first_seen_at >= $day;

delete from ops.file_loads where source = $source and delivery_date >= $day;

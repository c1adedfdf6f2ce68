-- Held rows of temp table admitted leave quarantine on delivery day $day; their files now
-- count them as loaded.
update quarantine.rejected_rows as q
set resolved_at = $day
from admitted as a
where q.source = $source
  and q.source_file = a.source_file
  and q.row_number = a.row_number
  and q.resolved_at is null;

update ops.file_loads as f
set rows_loaded = f.rows_loaded + n.admitted_rows,
    rows_quarantined = f.rows_quarantined - n.admitted_rows
from (select source_file, count(*) as admitted_rows from admitted group by source_file) as n
where f.source = $source and f.source_file = n.source_file;

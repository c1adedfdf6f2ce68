-- Per source: files loaded, and those whose rows do not add up
-- (rows_read = rows_loaded + rows_duplicate + rows_quarantined, domain.md section 3).
select
    count(*) as files,
    count(*) filter (
        where rows_read <> rows_loaded + rows_duplicate + rows_quarantined
    ) as broken_files,
    string_agg(source_file, ', ' order by delivery_date, source_file) filter (
        where rows_read <> rows_loaded + rows_duplicate + rows_quarantined
    ) as broken_file_names
from ops.file_loads
where source = $source

-- The newest delivery date of one source in the file-load log (null when nothing loaded).
select max(delivery_date) as newest_delivery_date
from ops.file_loads
where source = $source

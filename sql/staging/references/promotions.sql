-- No parents.
create or replace temp table reference_problems as
select source_file, row_number, 'reference' as reason, false as missing_video_only,
       cast(null as varchar) as detail
from typed
where false;

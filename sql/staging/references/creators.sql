-- Parent of a creator: its MCN, when it names one.
create or replace temp table reference_problems as
select t.source_file, t.row_number, 'reference' as reason, false as missing_video_only,
       'unknown mcn ' || t.mcn_id as detail
from typed as t
where t.mcn_id is not null
  and not exists (select 1 from staging.mcns as m where m.mcn_id = t.mcn_id);

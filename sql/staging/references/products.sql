-- Parent of a product: its brand.
create or replace temp table reference_problems as
select t.source_file, t.row_number, 'reference' as reason, false as missing_video_only,
       'unknown brand ' || t.brand_id as detail
from typed as t
where not exists (select 1 from staging.brands as b where b.brand_id = t.brand_id);

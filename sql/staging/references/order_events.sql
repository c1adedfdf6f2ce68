-- Parent of order events: a known product.
create or replace temp table reference_problems as
select
    t.source_file,
    t.row_number,
    'reference' as reason,
    false as missing_video_only,
    'unknown product ' || t.product_id as detail
from typed as t
where not exists (select 1 from staging.products as p where p.product_id = t.product_id);

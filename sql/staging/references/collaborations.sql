-- Parents of a collaboration: its campaign, its creator and, when named, its product.
create or replace temp table reference_problems as
with problems as (
    select t.source_file, t.row_number, 'unknown campaign ' || t.campaign_id as detail
    from typed as t
    where not exists (select 1 from staging.campaigns as c where c.campaign_id = t.campaign_id)
    union all
    select t.source_file, t.row_number, 'unknown creator ' || t.creator_id
    from typed as t
    where not exists (select 1 from staging.creators as c where c.creator_id = t.creator_id)
    union all
    select t.source_file, t.row_number, 'unknown product ' || t.product_id
    from typed as t
    where t.product_id is not null
      and not exists (select 1 from staging.products as p where p.product_id = t.product_id)
)
select source_file, row_number, 'reference' as reason, false as missing_video_only,
       string_agg(detail, '; ' order by detail) as detail
from problems
group by source_file, row_number;

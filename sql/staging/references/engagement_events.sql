-- Parents of engagement events: a video known (temp table known_videos) by $day, or when
-- $day is null (a pass over several days) by the row's own delivery day (a row held for it
-- claims its event_id); and, for product clicks, a known product.
create or replace temp table reference_problems as
with problems as (
    select t.source_file, t.row_number, true as missing_video, 'unknown video ' || t.video_id as detail
    from typed as t
    left join known_videos as v on v.video_id = t.video_id
    where v.known_from is null or v.known_from > coalesce($day, t.delivery_date)
    union all
    select t.source_file, t.row_number, false, 'unknown product ' || t.product_id
    from typed as t
    where t.product_id is not null
      and not exists (select 1 from staging.products as p where p.product_id = t.product_id)
)
select
    source_file,
    row_number,
    'reference' as reason,
    bool_and(missing_video) as missing_video_only,
    string_agg(detail, '; ' order by detail) as detail
from problems
group by source_file, row_number;

-- Parents of live events (domain.md 9): a start's creator or brand; a viewer event's or
-- an end's session, known (temp table known_lives, with the batch's own starts that load)
-- by $day, or when $day is null (a pass over several days) by the row's own delivery day:
-- such a row is held and claims its event_id, as an engagement held for its video; and a
-- product click's product. A start whose collaboration is unknown loads (it fulfils
-- nothing).
create or replace temp table reference_problems as
with problems as (
    select t.source_file, t.row_number, false as missing_session,
           'unknown creator ' || t.creator_id as detail
    from typed as t
    where t.event_type = 'start' and t.creator_id is not null
      and not exists (select 1 from staging.creators as c where c.creator_id = t.creator_id)
    union all
    select t.source_file, t.row_number, false, 'unknown brand ' || t.brand_id
    from typed as t
    where t.event_type = 'start' and t.brand_id is not null
      and not exists (select 1 from staging.brands as b where b.brand_id = t.brand_id)
    union all
    select t.source_file, t.row_number, true, 'unknown live session ' || t.live_id
    from typed as t
    left join known_lives as k on k.live_id = t.live_id
    where t.event_type <> 'start'
      and (k.known_from is null or k.known_from > coalesce($day, t.delivery_date))
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
    bool_and(missing_session) as missing_video_only,
    string_agg(detail, '; ' order by detail) as detail
from problems
group by source_file, row_number;

-- Parents of video events: the creator, the collaboration (whose creator must be the
-- publisher: else `domain`, domain.md 5.2) and, for delete/hide/restore, a video known
-- (temp table known_videos, with the batch's own publishes that load) by $day, or when $day
-- is null (a pass over several days) by the row's own delivery day.
create or replace temp table reference_problems as
with problems as (
    select t.source_file, t.row_number, 'reference' as reason, false as missing_video,
           'unknown creator ' || t.creator_id as detail
    from typed as t
    where not exists (select 1 from staging.creators as c where c.creator_id = t.creator_id)
    union all
    select t.source_file, t.row_number, 'reference', false,
           'unknown collaboration ' || t.collaboration_id
    from typed as t
    where t.collaboration_id is not null
      and not exists (
          select 1 from staging.collaborations as c where c.collaboration_id = t.collaboration_id
      )
    union all
    select t.source_file, t.row_number, 'domain', false,
           'creator ' || t.creator_id || ' published for ' || c.collaboration_id
           || ' of creator ' || c.creator_id
    from typed as t
    inner join staging.collaborations as c on c.collaboration_id = t.collaboration_id
    where t.event_type = 'publish' and c.creator_id <> t.creator_id
    union all
    select t.source_file, t.row_number, 'reference', true, 'unknown video ' || t.video_id
    from typed as t
    left join known_videos as v on v.video_id = t.video_id
    where t.event_type <> 'publish'
      and (v.known_from is null or v.known_from > coalesce($day, t.delivery_date))
)
select
    source_file,
    row_number,
    -- a domain problem outranks a missing parent: the row is wrong whatever arrives later
    case when bool_or(reason = 'domain') then 'domain' else 'reference' end as reason,
    bool_and(missing_video) as missing_video_only,
    string_agg(detail, '; ' order by detail) as detail
from problems
group by source_file, row_number;

-- staging.bot_viewer_days (domain.md 4): a viewer-day is a bot as of d when its like,
-- comment, share and follow events visible as of d cover more than $bot_videos_per_day
-- distinct videos. Each video counts from the first date one of the viewer's events on
-- it that day is visible, so bot_from_date is the (N+1)-th smallest of those dates.
delete from staging.bot_viewer_days;
insert into staging.bot_viewer_days
with video_visible_from as (
    select
        e.viewer_id,
        e.business_date,
        e.video_id,
        min(greatest(e.business_date, e.admitted_date, v.known_from_date)) as visible_from_date
    from staging.interaction_events as e  -- the admitted events of those types, and clicks
    inner join staging.videos as v on v.video_id = e.video_id
    where e.event_type in ('like', 'comment', 'share', 'follow')
    group by e.viewer_id, e.business_date, e.video_id
),
ranked as (
    select
        *,
        row_number() over (
            partition by viewer_id, business_date order by visible_from_date
        ) as video_rank
    from video_visible_from
)
select viewer_id, business_date, visible_from_date as bot_from_date
from ranked
where video_rank = $bot_videos_per_day + 1;

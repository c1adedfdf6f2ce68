-- staging.bot_viewer_days (domain.md 4): a viewer-day is a bot as of d when its like,
-- comment, share and follow events visible as of d cover more than $bot_videos_per_day
-- distinct videos. Each video counts from the first date one of the viewer's events on
-- it that day is visible, so bot_from_date is the (N+1)-th smallest of those dates.
-- Contents are videos and live sessions (domain.md 9): a live session's events count from
-- the first date one of them is visible (temp view bot_day_live_interactions, the admitted
-- live likes, comments, shares and follows of the same dates; empty without live events).
-- Input: temp view bot_day_interactions, the admitted likes, comments, shares and follows
-- of the business dates to recompute (engagement_facts.refresh_bot_days: the dates a run
-- can have changed, or all). A viewer-day depends only on its own date's events, so the
-- other dates' rows stand.
delete from staging.bot_viewer_days
where business_date in (
    select business_date from bot_day_interactions
    union
    select business_date from bot_day_live_interactions
);

insert into staging.bot_viewer_days
with video_visible_from as (
    select
        e.viewer_id,
        e.business_date,
        'video' as content_kind,
        e.video_id as content_id,
        min(greatest(e.business_date, e.admitted_date, v.known_from_date)) as visible_from_date
    from bot_day_interactions as e
    inner join staging.videos as v on v.video_id = e.video_id
    group by e.viewer_id, e.business_date, e.video_id
    union all
    select
        l.viewer_id,
        l.business_date,
        'live',
        l.live_id,
        min(greatest(l.business_date, l.admitted_date))
    from bot_day_live_interactions as l
    group by l.viewer_id, l.business_date, l.live_id
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

delete from staging.bot_days_basis;
insert into staging.bot_days_basis
select $bot_videos_per_day, max(admitted_date)
from (
    select admitted_date from staging.interaction_events
    union all
    select admitted_date from staging.live_events where admitted_date is not null
);

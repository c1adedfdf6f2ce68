-- Beside the purchase path: how the audience of each campaign's videos engaged as of
-- $as_of, as shares of its plays (null when there are none). Engagements are unique per
-- viewer, video and type (likes, comments, shares; domain.md 8).
select
    campaign_id,
    plays,
    complete_plays,
    engagements,
    case when plays > 0 then cast(complete_plays as double) / plays end as completion_rate,
    case when plays > 0 then cast(engagements as double) / plays end as engagement_rate
from marts.campaign_funnel
where as_of = $as_of
order by campaign_id

-- The live sessions of each campaign in the snapshot $as_of: the sessions that fulfil its
-- live collaborations (visible.live_slots), with their performance (marts.live_sessions).
with campaign_sessions as (
    select distinct c.campaign_id, s.live_id
    from visible.live_slots as s
    inner join visible.collaborations as c on c.collaboration_id = s.collaboration_id
)

select
    cs.campaign_id,
    l.live_id,
    coalesce(cr.nickname, l.creator_id, l.brand_id) as host_name,
    l.start_ts,
    l.end_ts,
    l.views,
    l.unique_viewers,
    l.orders,
    l.net_gmv_fen,
    l.gpm_fen,
    l.uv_value_fen
from campaign_sessions as cs
inner join marts.live_sessions as l on l.live_id = cs.live_id and l.as_of = $as_of
left join staging.creators as cr on cr.creator_id = l.creator_id
order by cs.campaign_id, l.start_ts, l.live_id;

-- Creators by performance tier and follower tier in the snapshot $as_of.
select performance_tier, follower_tier, count(*) as creators
from marts.creator_tiers
where as_of = $as_of
group by performance_tier, follower_tier
order by performance_tier, follower_tier

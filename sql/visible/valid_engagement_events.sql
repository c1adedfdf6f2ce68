/*
name: visible_valid_engagement_events
kind: view
description: The valid rows of visible_engagement_events: what billing, funnels, tiers and attribution
  count.
*/
select *
from visible_engagement_events
where not is_bot and not is_before_publish and not is_while_down

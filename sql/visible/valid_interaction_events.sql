/*
name: visible_valid_interaction_events
kind: view
description: The valid rows of visible_interaction_events: what billing, funnels, tiers and attribution
  count.
*/
select *
from visible_interaction_events
where not is_bot and not is_before_publish and not is_while_down

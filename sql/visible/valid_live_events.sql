/*
name: visible_valid_live_events
kind: view
description: The valid rows of visible_live_viewer_events: what live sessions, attribution and
  funnels count.
*/
select *
from visible_live_viewer_events
where not is_bot and not is_outside_session

-- The business dates whose bot viewer-days a run can have changed, in temp table
-- bot_dates_to_recompute: those of the likes, comments, shares and follows (temp view
-- bot_rule_events) admitted since staging.bot_days_basis was written (temp view
-- newly_admitted_interactions; both from engagement_facts.py), and those of any such event
-- on a video that staging/videos.sql found known from another date (temp table
-- changed_videos). Forgotten events are not among them: forgetting drops the basis, and
-- every date is recomputed.
create or replace temp table bot_dates_to_recompute as
select business_date from newly_admitted_interactions
union
select e.business_date
from bot_rule_events as e
semi join changed_videos as c on c.video_id = e.video_id;

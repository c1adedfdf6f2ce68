-- Whether staging.engagement_counts has drifted from the admitted engagement events (a
-- warehouse from before the summaries, or a step that changed events without them). The
-- two summaries are written together, so one total tells.
select
    (select count(*) from staging.engagement_events where admitted_date is not null)
    <> (select coalesce(sum(events), 0) from staging.engagement_counts);

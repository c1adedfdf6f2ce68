/*
name: visible_video_events
kind: view
description: Video events whose business date and admission date are both on or before the
  date (domain.md 0).
*/
select v.*
from staging.video_events as v
where v.business_date <= $as_of
  and v.admitted_date <= $as_of

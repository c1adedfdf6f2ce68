/*
name: eligibility_requests
kind: table
description: The (creator, date) pairs whose eligibility the marts need as of the date: every
  creator known then at the date itself (creator tiers), and every collaboration's creator on
  the business date of its booked_at (creator_ineligible_at_booking, domain.md 5.1).
*/
select creator_id, cast($as_of as date) as at_date
from visible_creators
union
select creator_id, booked_date as at_date
from visible_collaborations

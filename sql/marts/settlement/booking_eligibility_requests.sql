-- creator_ineligible_at_booking (domain.md 5.1): ask the creators domain's eligibility rule
-- (sql/marts/creators/creator_eligibility.sql, the one place of domain.md 6) about every
-- collaboration's creator on the business date of its booked_at.
create or replace temp table eligibility_requests as
select distinct creator_id, booked_date as at_date
from visible.collaborations;

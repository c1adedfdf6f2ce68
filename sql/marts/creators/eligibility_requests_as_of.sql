-- Ask creator_eligibility.sql for every creator known as of $as_of, at $as_of.
create or replace temp table eligibility_requests as
select creator_id, cast($as_of as date) as at_date
from visible.creators;

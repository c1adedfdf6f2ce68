-- Flag the settlements of $as_of whose creator was not eligible to take orders on the
-- booking's business date (temp table creator_eligibility, from the creators domain's
-- creator_eligibility.sql). A creator the rule does not know counts as not eligible.
update marts.settlements
set creator_ineligible_at_booking = not coalesce((
    select e.eligible
    from visible.collaborations as c
    inner join creator_eligibility as e
        on e.creator_id = c.creator_id
       and e.at_date = c.booked_date
    where c.collaboration_id = marts.settlements.collaboration_id
), false)
where as_of = $as_of;

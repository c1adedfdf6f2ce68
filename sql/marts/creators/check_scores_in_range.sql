-- Rows of $first .. $last with a score out of range or a tier that contradicts its index.
select count(*) as violations
from marts.creator_tiers
where as_of between $first and $last
  and (
      credit_score < 0
      or credit_score > $credit_start
      or cooperation_index < 0
      or cooperation_index > 100
      or spread_index not between 0 and 100
      or seeding_index not between 0 and 100
      or conversion_index not between 0 and 100
      or star_index not between 0 and 100
      or (performance_tier = 'unrated') <> (star_index is null)
  );

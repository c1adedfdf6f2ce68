-- Fraud or removed_early collaborations of $first .. $last without the date their credit
-- deduction needs (it would silently not count).
select count(*) as violations
from marts.settlements
where as_of between $first and $last
  and (
      (state = 'fraud' and fraud_date is null)
      or (state = 'removed_early' and retention_broken_date is null)
  );

-- Check (domain.md 5.5): prepaid = disbursed + refund + escrow on every flat_fee and cpe row
-- of marts.settlements. Returns the rows where it does not hold (none: passed).
select
    as_of,
    collaboration_id,
    prepaid_fen,
    disbursed_fen + refund_fen + escrow_fen as accounted_fen
from marts.settlements
where pricing_model in ('flat_fee', 'cpe')
  and prepaid_fen <> disbursed_fen + refund_fen + escrow_fen
order by as_of, collaboration_id;

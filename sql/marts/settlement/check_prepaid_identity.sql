-- Check (domain.md 5.5, 9): prepaid = disbursed + refund + escrow on every flat_fee and cpe
-- row of marts.settlements, and prepaid = disbursed - settled_commission + refund + escrow on
-- every live row (the settled commission is paid out of the brand's orders, not the
-- prepayment). Returns the rows where it does not hold (none: passed).
select
    as_of,
    collaboration_id,
    prepaid_fen,
    disbursed_fen
    - case when pricing_model = 'live' then settled_commission_fen else 0 end
    + refund_fen + escrow_fen as accounted_fen
from marts.settlements
where pricing_model in ('flat_fee', 'cpe', 'live')
  and prepaid_fen <> disbursed_fen
    - case when pricing_model = 'live' then settled_commission_fen else 0 end
    + refund_fen + escrow_fen
order by as_of, collaboration_id;

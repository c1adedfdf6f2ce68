-- Check (domain.md 5.5): brand_charge = creator_net + mcn + platform_fee + brand_fee on every
-- row of marts.settlements. Returns the rows where it does not hold (none: passed).
select
    as_of,
    collaboration_id,
    brand_charge_fen,
    creator_net_fen + mcn_fen + platform_fee_fen + brand_fee_fen as parts_fen
from marts.settlements
where brand_charge_fen <> creator_net_fen + mcn_fen + platform_fee_fen + brand_fee_fen
order by as_of, collaboration_id;

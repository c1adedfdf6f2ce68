/*
name: marts.settlement_amounts
kind: view
description: marts.settlements in long form: one row per snapshot, collaboration and amount
  column (the accounts of marts.settlement_ledger).
columns:
  as_of: date | Snapshot business date
  collaboration_id: varchar | The booked Xingtu order
  account: varchar | Amount column of marts.settlements (gross_fen, escrow_fen, ...)
  amount_fen: bigint | Its value in that snapshot, fen
*/
select as_of, collaboration_id, 'gross_fen' as account, gross_fen as amount_fen
from marts.settlements
union all
select as_of, collaboration_id, 'brand_fee_fen', brand_fee_fen from marts.settlements
union all
select as_of, collaboration_id, 'platform_fee_fen', platform_fee_fen from marts.settlements
union all
select as_of, collaboration_id, 'mcn_fen', mcn_fen from marts.settlements
union all
select as_of, collaboration_id, 'creator_net_fen', creator_net_fen from marts.settlements
union all
select as_of, collaboration_id, 'brand_charge_fen', brand_charge_fen from marts.settlements
union all
select as_of, collaboration_id, 'prepaid_fen', prepaid_fen from marts.settlements
union all
select as_of, collaboration_id, 'escrow_fen', escrow_fen from marts.settlements
union all
select as_of, collaboration_id, 'refund_fen', refund_fen from marts.settlements
union all
select as_of, collaboration_id, 'disbursed_fen', disbursed_fen from marts.settlements
union all
select as_of, collaboration_id, 'settled_commission_fen', settled_commission_fen
from marts.settlements

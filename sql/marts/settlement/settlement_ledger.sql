-- Daily movements of the settlement amounts (domain.md 5.5), as of $as_of: for each
-- collaboration and amount column of marts.settlements, the change since the previous
-- available snapshot (the latest as_of before $as_of; none: the change from zero). Only
-- columns that moved get a row, so summing delta_fen over as_of <= D gives the snapshot of D.
-- Needs marts.settlements of $as_of and of the previous snapshot date.
delete from marts.settlement_ledger where as_of = $as_of;

insert into marts.settlement_ledger (as_of, collaboration_id, account, delta_fen)
with previous_snapshot as (
    select max(as_of) as as_of
    from marts.settlements
    where as_of < $as_of
),

snapshots as (
    select s.*
    from marts.settlements as s
    where s.as_of = $as_of
    union all
    select s.*
    from marts.settlements as s
    inner join previous_snapshot as p on p.as_of = s.as_of
),

amounts as (
    select as_of, collaboration_id, 'gross_fen' as account, gross_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'brand_fee_fen' as account, brand_fee_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'platform_fee_fen' as account, platform_fee_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'mcn_fen' as account, mcn_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'creator_net_fen' as account, creator_net_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'brand_charge_fen' as account, brand_charge_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'prepaid_fen' as account, prepaid_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'escrow_fen' as account, escrow_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'refund_fen' as account, refund_fen as amount_fen from snapshots
    union all
    select as_of, collaboration_id, 'disbursed_fen' as account, disbursed_fen as amount_fen from snapshots
),

movements as (
    select
        collaboration_id,
        account,
        sum(case when as_of = $as_of then amount_fen else -amount_fen end) as delta_fen
    from amounts
    group by collaboration_id, account
)

select cast($as_of as date) as as_of, collaboration_id, account, delta_fen
from movements
where delta_fen <> 0;

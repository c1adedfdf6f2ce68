-- Check: the ledger summed over as_of <= D equals the snapshot of D, for every snapshot,
-- collaboration and amount column. Returns the rows where it does not (none: passed).
with snapshot_amounts as (
    select as_of, collaboration_id, 'gross_fen' as account, gross_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'brand_fee_fen' as account, brand_fee_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'platform_fee_fen' as account, platform_fee_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'mcn_fen' as account, mcn_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'creator_net_fen' as account, creator_net_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'brand_charge_fen' as account, brand_charge_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'prepaid_fen' as account, prepaid_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'escrow_fen' as account, escrow_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'refund_fen' as account, refund_fen as amount_fen
    from marts.settlements
    union all
    select as_of, collaboration_id, 'disbursed_fen' as account, disbursed_fen as amount_fen
    from marts.settlements
),

ledger_totals as (
    select
        s.as_of,
        s.collaboration_id,
        s.account,
        s.amount_fen,
        coalesce(sum(l.delta_fen), 0) as ledger_fen
    from snapshot_amounts as s
    left join marts.settlement_ledger as l
        on l.collaboration_id = s.collaboration_id
       and l.account = s.account
       and l.as_of <= s.as_of
    group by s.as_of, s.collaboration_id, s.account, s.amount_fen
)

select as_of, collaboration_id, account, amount_fen, ledger_fen
from ledger_totals
where ledger_fen <> amount_fen
order by as_of, collaboration_id, account;

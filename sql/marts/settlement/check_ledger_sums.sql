-- Check: the ledger summed over as_of <= D equals the snapshot of D, for every snapshot,
-- collaboration and amount column. Returns the rows where it does not (none: passed).
with ledger_totals as (
    select
        s.as_of,
        s.collaboration_id,
        s.account,
        s.amount_fen,
        coalesce(sum(l.delta_fen), 0) as ledger_fen
    from marts.settlement_amounts as s
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

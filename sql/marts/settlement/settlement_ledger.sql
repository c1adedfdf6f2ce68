/*
name: marts.settlement_ledger
kind: snapshot
key: as_of, collaboration_id, account
description: Daily movements: the change of each amount column of marts.settlements between the
  previous snapshot and as_of; summed over as_of <= D it equals the snapshot of D.
columns:
  as_of: date not null | Snapshot business date the movement lands on
  collaboration_id: varchar not null | Collaboration whose amount moved
  account: varchar not null | The amount column of marts.settlements that moved (gross_fen,
    escrow_fen, ...)
  delta_fen: bigint not null | Change since the previous snapshot, fen (negative: decrease)
*/
-- Daily movements of the settlement amounts (domain.md 5.5), as of $as_of: for each
-- collaboration and amount column of marts.settlements, the change since the previous
-- available snapshot (the latest as_of before $as_of; none: the change from zero). Only
-- columns that moved get a row, so summing delta_fen over as_of <= D gives the snapshot of D.
-- Needs marts.settlements of $as_of and of the previous snapshot date.
with previous_snapshot as (
    select max(as_of) as as_of
    from marts.settlements
    where as_of < $as_of
),

-- The two snapshots compared, as a join: its bounds prune the other dates from the scans.
compared_dates as (
    select cast($as_of as date) as as_of
    union all
    select as_of from previous_snapshot
),

amounts as (
    select a.*
    from marts.settlement_amounts as a
    semi join compared_dates as d on d.as_of = a.as_of
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
where delta_fen <> 0

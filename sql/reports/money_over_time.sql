-- Brand money across every settlement snapshot up to $as_of: held in escrow, paid out
-- (released) and refunded to brands, in fen.
select
    as_of,
    cast(sum(escrow_fen) as bigint) as escrow_fen,
    cast(sum(disbursed_fen) as bigint) as disbursed_fen,
    cast(sum(refund_fen) as bigint) as refund_fen
from marts.settlements
where as_of <= $as_of
group by as_of
order by as_of

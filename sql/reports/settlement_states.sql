-- Where each campaign's money is as of $as_of: collaborations and amounts by state.
select
    campaign_id,
    state,
    count(*) as collaborations,
    cast(sum(brand_charge_fen) as bigint) as brand_charge_fen,
    cast(sum(prepaid_fen) as bigint) as prepaid_fen,
    cast(sum(escrow_fen) as bigint) as escrow_fen,
    cast(sum(disbursed_fen) as bigint) as disbursed_fen,
    cast(sum(refund_fen) as bigint) as refund_fen
from marts.settlements
where as_of = $as_of
group by campaign_id, state
order by campaign_id, state

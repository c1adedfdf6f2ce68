-- What every party is owed per collaboration as of $as_of (domain.md 5.1-5.5).
-- Needs, for the same date: marts.collaboration_fraud and marts.order_attribution.
-- creator_ineligible_at_booking is written false here and set by
-- settlements_ineligible_at_booking.sql in the same transaction: the creators domain's
-- credit rule reads these very rows (fraud and removed_early states).
delete from marts.settlements where as_of = $as_of;

insert into marts.settlements (
    as_of, collaboration_id, campaign_id, creator_id, pricing_model, state, gross_fen,
    brand_fee_fen, platform_fee_fen, mcn_fen, creator_net_fen, brand_charge_fen, prepaid_fen,
    escrow_fen, refund_fen, disbursed_fen, billable_engagements, attributed_orders,
    creator_ineligible_at_booking, video_id, publish_date, release_date, fraud_date,
    retention_broken_date
)
with collaborations as (
    select
        c.*,
        cv.video_id,
        cv.publish_date,
        cv.publish_date + $retention_days as release_date
    from visible.collaborations as c
    left join visible.collaboration_videos as cv on cv.collaboration_id = c.collaboration_id
),

-- Retention (5.1): the first delete or hide of the video dated before its release date.
-- A later restore does not mend it.
retention_breaks as (
    select c.collaboration_id, min(t.business_date) as retention_broken_date
    from collaborations as c
    inner join visible.video_events as t
        on t.video_id = c.video_id
       and t.event_type in ('delete', 'hide')
       and t.business_date < c.release_date
    group by c.collaboration_id
),

-- CPE billable engagements (5.3): valid likes, comments and shares in the billing window
-- [publish_date, publish_date + cpe_window_days), once per viewer, video and type.
billable_keys as (
    select distinct c.collaboration_id, e.viewer_id, e.event_type
    from collaborations as c
    inner join visible.valid_interaction_events as e
        on e.video_id = c.video_id
       and e.event_type in ('like', 'comment', 'share')
       and e.business_date >= c.publish_date
       and e.business_date < c.publish_date + $cpe_window_days
    where c.pricing_model = 'cpe'
),

billable as (
    select collaboration_id, count(*) as billable_engagements
    from billable_keys
    group by collaboration_id
),

-- CPS (5.4): orders attributed to the collaboration; gross counts those not unpaid,
-- cancelled or refunded (their base, so commission, is 0 anyway); disbursed: settled ones.
cps_orders as (
    select
        collaboration_id,
        count(*) as attributed_orders,
        sum(
            case when order_state not in ('unpaid', 'cancelled', 'refunded') then commission_fen end
        ) as commission_fen,
        sum(
            case when order_state not in ('unpaid', 'cancelled', 'refunded') then platform_fee_fen end
        ) as platform_fee_fen,
        sum(case when order_state = 'settled' then commission_fen end) as settled_commission_fen
    from marts.order_attribution
    where as_of = $as_of
      and collaboration_id is not null
    group by collaboration_id
),

stated as (
    select
        c.*,
        f.fraud_date,
        r.retention_broken_date,
        coalesce(b.billable_engagements, 0) as billable_count,
        -- precedence (5.2): fraud, then removed_early, then the others
        case
            when f.fraud_date is not null then 'fraud'
            when r.retention_broken_date is not null then 'removed_early'
            when c.video_id is null and $as_of <= c.publish_deadline then 'booked'
            when c.video_id is null then 'expired'
            when c.pricing_model = 'cps' then 'active'
            when $as_of < c.release_date then 'in_escrow'
            else 'released'
        end as state,
        -- what the brand prepays into escrow: price or cap, without the fee (fee added below)
        case
            when c.pricing_model = 'flat_fee' then coalesce(c.price_fen, 0)
            when c.pricing_model = 'cpe' then coalesce(c.cap_fen, 0)
            else 0
        end as committed_fen
    from collaborations as c
    left join marts.collaboration_fraud as f
        on f.as_of = $as_of
       and f.collaboration_id = c.collaboration_id
    left join retention_breaks as r on r.collaboration_id = c.collaboration_id
    left join billable as b on b.collaboration_id = c.collaboration_id
),

grossed as (
    select
        s.*,
        o.attributed_orders,
        o.settled_commission_fen,
        case
            when s.pricing_model = 'cps' then coalesce(o.commission_fen, 0)
            when s.state not in ('in_escrow', 'released') then 0
            when s.pricing_model = 'flat_fee' then coalesce(s.price_fen, 0)
            else least(s.billable_count * coalesce(s.cpe_rate_fen, 0), coalesce(s.cap_fen, 0))
        end as gross_fen,
        case
            when s.pricing_model = 'cps' then coalesce(o.platform_fee_fen, 0)
            else 0
        end as platform_fee_fen,
        s.committed_fen + (s.committed_fen * $brand_fee_bps + 5000) // 10000 as prepaid_fen
    from stated as s
    left join cps_orders as o on o.collaboration_id = s.collaboration_id
),

charged as (
    select
        g.*,
        case
            when g.pricing_model = 'cps' then 0
            else (g.gross_fen * $brand_fee_bps + 5000) // 10000
        end as brand_fee_fen,
        case
            when cr.mcn_id is null then 0
            else ((g.gross_fen - g.platform_fee_fen) * coalesce(cr.mcn_share_bps, 0) + 5000)
                // 10000
        end as mcn_fen
    from grossed as g
    left join visible.creators as cr on cr.creator_id = g.creator_id
)

select
    cast($as_of as date) as as_of,
    c.collaboration_id,
    c.campaign_id,
    c.creator_id,
    c.pricing_model,
    c.state,
    c.gross_fen,
    c.brand_fee_fen,
    c.platform_fee_fen,
    c.mcn_fen,
    c.gross_fen - c.platform_fee_fen - c.mcn_fen as creator_net_fen,
    c.gross_fen + c.brand_fee_fen as brand_charge_fen,
    c.prepaid_fen,
    case when c.state in ('booked', 'in_escrow') then c.prepaid_fen else 0 end as escrow_fen,
    case
        when c.state = 'released' then c.prepaid_fen - (c.gross_fen + c.brand_fee_fen)
        when c.state in ('expired', 'removed_early', 'fraud') then c.prepaid_fen
        else 0
    end as refund_fen,
    case
        when c.pricing_model = 'cps' then coalesce(c.settled_commission_fen, 0)
        when c.state = 'released' then c.gross_fen + c.brand_fee_fen
        else 0
    end as disbursed_fen,
    case when c.pricing_model = 'cpe' then c.billable_count end as billable_engagements,
    case when c.pricing_model = 'cps' then coalesce(c.attributed_orders, 0) end
        as attributed_orders,
    false as creator_ineligible_at_booking,
    c.video_id,
    c.publish_date,
    c.release_date,
    c.fraud_date,
    c.retention_broken_date
from charged as c;

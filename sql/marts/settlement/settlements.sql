/*
name: marts.settlements
kind: snapshot
key: as_of, collaboration_id
description: What every party is owed per collaboration, as of each business date (domain.md 5).
  Identities: brand_charge = creator_net + mcn + platform_fee + brand_fee; prepaid = disbursed +
  refund + escrow (flat_fee, cpe); prepaid = disbursed - settled_commission + refund + escrow
  (live, domain.md 9).
columns:
  as_of: date not null | Snapshot business date (Asia/Shanghai): only events with business date
    and delivery date <= as_of are seen
  collaboration_id: varchar not null | The booked Xingtu order
  campaign_id: varchar not null | Campaign the collaboration belongs to
  creator_id: varchar not null | Creator (达人) booked
  pricing_model: varchar not null | flat_fee (一口价), cpe, cps or live (slot fee 坑位费 plus
    commission)
  state: varchar not null | booked, expired, in_escrow, released, removed_early, fraud
    (flat_fee, cpe); booked, expired, active, removed_early, fraud (cps); booked, expired,
    in_escrow, released, fraud (live)
  gross_fen: bigint not null | What the creator side earned under the contract (live: slot fee
    in in_escrow and released, plus commission), fen
  brand_fee_fen: bigint not null | Brand service fee on gross (flat_fee, cpe) or on the slot
    part of gross (live), charged to the brand on top, fen
  platform_fee_fen: bigint not null | Platform technical service fee on commission (cps, live),
    deducted from the creator side, fen
  mcn_fen: bigint not null | MCN share of (gross - platform fee), fen
  creator_net_fen: bigint not null | What the creator keeps: gross - platform fee - MCN share,
    fen
  brand_charge_fen: bigint not null | The brand's committed cost: gross + brand fee, fen
  prepaid_fen: bigint not null | Price, CPE cap or slot fee plus the brand fee on it, prepaid
    into escrow at booking (0 for cps), fen
  escrow_fen: bigint not null | Prepaid money still held (booked, in_escrow), fen
  refund_fen: bigint not null | Prepaid money returned to the brand, fen
  disbursed_fen: bigint not null | Money paid out to creator, MCN and platform: brand charge
    once released; cps: commission of settled orders; live: slot fee plus its brand fee once
    released, plus the commission of settled orders, fen
  billable_engagements: bigint | cpe: valid likes, comments, shares in the billing window, once
    per viewer, video and type; null otherwise
  attributed_orders: bigint | cps, live: orders whose commission-earning collaboration this is,
    in any state; null otherwise
  creator_ineligible_at_booking: boolean not null | The creator was not eligible to take orders
    at booked_at; settled by the same rules
  video_id: varchar | The collaboration's video (first qualifying publish), null before publish
  publish_date: date | Business date of the collaboration video's publish
  release_date: date | publish_date + retention_days: escrow may be released from this date
  fraud_date: date | First as-of date on which the video met the fraud rule (sticky), else null
  retention_broken_date: date | Business date of the delete/hide that broke retention, else null
  settled_commission_fen: bigint not null | cps, live: commission of the attributed orders in
    state settled (0 in fraud); 0 for flat_fee and cpe, fen
  live_id: varchar | live: the collaboration's session (its slot's live_id); null while booked
    and for the other pricing models
*/
-- What every party is owed per collaboration as of $as_of (domain.md 5.1-5.5), from the
-- states (marts.collaboration_states) and order attribution of the same date, and the
-- creators domain's eligibility rule at each booking (creator_eligibility).
with collaborations as (
    select
        c.*,
        s.state,
        s.video_id,
        s.publish_date,
        s.release_date,
        s.fraud_date,
        s.retention_broken_date,
        s.live_id
    from visible_collaborations as c
    inner join marts.collaboration_states as s
        on s.as_of = $as_of
       and s.collaboration_id = c.collaboration_id
),

-- CPE billable engagements (5.3): valid likes, comments and shares in the billing window
-- [publish_date, publish_date + cpe_window_days), once per viewer, video and type.
billable_keys as (
    select distinct c.collaboration_id, e.viewer_id, e.event_type
    from collaborations as c
    inner join visible_valid_interaction_events as e
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
        coalesce(b.billable_engagements, 0) as billable_count,
        -- what the brand prepays into escrow: price or cap, without the fee (fee added below)
        case
            when c.pricing_model = 'flat_fee' then coalesce(c.price_fen, 0)
            when c.pricing_model = 'cpe' then coalesce(c.cap_fen, 0)
            when c.pricing_model = 'live' then coalesce(c.slot_fee_fen, 0)
            else 0
        end as committed_fen
    from collaborations as c
    left join billable as b on b.collaboration_id = c.collaboration_id
),

grossed as (
    select
        s.*,
        o.attributed_orders,
        coalesce(o.settled_commission_fen, 0) as settled_commission_fen,
        -- live: the slot part (slot fee while in_escrow or released), the rest commission
        case
            when s.pricing_model = 'live' and s.state in ('in_escrow', 'released')
                then coalesce(s.slot_fee_fen, 0)
            else 0
        end as slot_gross_fen,
        case
            when s.pricing_model = 'cps' then coalesce(o.commission_fen, 0)
            when s.pricing_model = 'live' then
                coalesce(o.commission_fen, 0)
                + case
                    when s.state in ('in_escrow', 'released') then coalesce(s.slot_fee_fen, 0)
                    else 0
                end
            when s.state not in ('in_escrow', 'released') then 0
            when s.pricing_model = 'flat_fee' then coalesce(s.price_fen, 0)
            else least(s.billable_count * coalesce(s.cpe_rate_fen, 0), coalesce(s.cap_fen, 0))
        end as gross_fen,
        case
            when s.pricing_model in ('cps', 'live') then coalesce(o.platform_fee_fen, 0)
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
            when g.pricing_model = 'live' then (g.slot_gross_fen * $brand_fee_bps + 5000) // 10000
            else (g.gross_fen * $brand_fee_bps + 5000) // 10000
        end as brand_fee_fen,
        case
            when cr.mcn_id is null then 0
            else ((g.gross_fen - g.platform_fee_fen) * coalesce(cr.mcn_share_bps, 0) + 5000)
                // 10000
        end as mcn_fen
    from grossed as g
    left join visible_creators as cr on cr.creator_id = g.creator_id
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
        when c.pricing_model = 'live' and c.state = 'released' then 0
        when c.state = 'released' then c.prepaid_fen - (c.gross_fen + c.brand_fee_fen)
        when c.state in ('expired', 'removed_early', 'fraud') then c.prepaid_fen
        else 0
    end as refund_fen,
    case
        when c.pricing_model = 'cps' then c.settled_commission_fen
        when c.pricing_model = 'live' then
            c.settled_commission_fen
            + case when c.state = 'released' then c.prepaid_fen else 0 end
        when c.state = 'released' then c.gross_fen + c.brand_fee_fen
        else 0
    end as disbursed_fen,
    case when c.pricing_model = 'cpe' then c.billable_count end as billable_engagements,
    case when c.pricing_model in ('cps', 'live') then coalesce(c.attributed_orders, 0) end
        as attributed_orders,
    -- A creator the eligibility rule does not know counts as not eligible.
    not coalesce(e.eligible, false) as creator_ineligible_at_booking,
    c.video_id,
    c.publish_date,
    c.release_date,
    c.fraud_date,
    c.retention_broken_date,
    case
        when c.pricing_model in ('cps', 'live') then c.settled_commission_fen
        else 0
    end as settled_commission_fen,
    c.live_id
from charged as c
left join creator_eligibility as e
    on e.creator_id = c.creator_id
   and e.at_date = c.booked_date

"""The three kinds of report page, composed from aggregated report data."""

from __future__ import annotations

from typing import Any

import polars as pl

from starmap.reports import charts
from starmap.reports.format import (
    MISSING,
    brand_page_name,
    campaign_page_name,
    count,
    percent,
    roas,
    yuan,
)
from starmap.reports.html import Cell, Page, num
from starmap.reports.queries import CONFIDENCE_LABEL, ReportData


def _campaign_labels(headlines: pl.DataFrame) -> list[str]:
    """Campaign names for chart axes; a repeated name gets its id so bars never merge."""
    names = headlines["campaign_name"].to_list()
    return [
        name if names.count(name) == 1 else f"{name} ({cid})"
        for name, cid in zip(names, headlines["campaign_id"], strict=True)
    ]


def _window(row: dict[str, Any]) -> str:
    if row["start_date"] is None:
        return MISSING
    return f"{row['start_date']} – {row['end_date']}"


def index_page(data: ReportData) -> Page:
    """Every campaign with its headline numbers, linking to its page and the overview."""
    page = Page(
        "Campaign reports",
        data.as_of,
        subtitle="Every campaign with what it cost, what it sold and where the money is. "
        "Click a campaign for its funnel, daily trend, creators and creative styles; "
        "see the overview for campaigns side by side and data quality.",
    )
    page.parts.append('<p><a href="overview.html">Open the overview of all campaigns →</a></p>')
    rows = data.headlines.to_dicts()
    if not rows:
        page.empty("no-campaigns", "No campaign has started or been booked yet in this snapshot.")
        return page
    headers = [
        "Campaign",
        "Brand",
        "Runs",
        num("Cost"),
        num("Net GMV"),
        num("ROAS"),
        num("Orders (paid)"),
        num("Held in escrow"),
        num("Paid out"),
        num("Refunded to brand"),
    ]
    body = [
        [
            Cell(r["campaign_name"], href=campaign_page_name(r["campaign_id"])),
            r["brand_name"] or MISSING,
            _window(r),
            num(yuan(r["cost_fen"])),
            num(yuan(r["net_gmv_fen"])),
            num(roas(r["roas"]) if r["cost_fen"] else "no cost yet"),
            num(f"{count(r['orders'])} ({count(r['paid_orders'])})"),
            num(yuan(r["escrow_fen"])),
            num(yuan(r["disbursed_fen"])),
            num(yuan(r["settlement_refund_fen"])),
        ]
        for r in rows
    ]
    h = data.headlines
    total_cost, total_gmv = int(h["cost_fen"].sum()), int(h["net_gmv_fen"].sum())
    total = [
        f"All {len(rows)} campaigns",
        "",
        "",
        num(yuan(total_cost)),
        num(yuan(total_gmv)),
        num(roas(total_gmv / total_cost) if total_cost else "no cost yet"),
        num(f"{count(h['orders'].sum())} ({count(h['paid_orders'].sum())})"),
        num(yuan(h["escrow_fen"].sum())),
        num(yuan(h["disbursed_fen"].sum())),
        num(yuan(h["settlement_refund_fen"].sum())),
    ]
    page.table(headers, body, total)
    page.paragraph(
        "Cost: what brands are charged for the creators' work (fees included). Net GMV: paid "
        "order value minus refunds for orders that came through the campaign's videos. ROAS: "
        "net GMV per yuan of cost. Orders (paid): orders placed after clicking a campaign "
        "video's product card (of which ever paid)."
    )
    _brand_links(page, data)
    return page


def _brand_links(page: Page, data: ReportData) -> None:
    """Each brand's sales channels page, when the snapshot has channel figures."""
    brands = data.brand_channels.group_by("brand_id", "brand_name", maintain_order=True).agg(
        pl.col("net_gmv_fen").sum(), pl.col("orders").sum()
    )
    if brands.is_empty():
        return
    page.heading("Brands: where sales came from", "brands")
    page.table(
        ["Brand", num("Orders (30 days)"), num("Net GMV (30 days)")],
        [
            [
                Cell(r["brand_name"], href=brand_page_name(r["brand_id"])),
                num(count(r["orders"])),
                num(yuan(r["net_gmv_fen"])),
            ]
            for r in brands.to_dicts()
        ],
    )


def overview_page(data: ReportData) -> Page:
    """Campaigns side by side, creator tiers, brand money over time, data quality."""
    page = Page(
        "Overview",
        data.as_of,
        subtitle="All campaigns side by side, the creators we work with, where brand money "
        "is over time, and the data held back by quality checks.",
    )
    h = data.headlines
    page.heading("Campaigns side by side")
    if h.is_empty():
        page.empty("no-campaigns", "No campaign has started or been booked yet.")
    else:
        labels = _campaign_labels(h)
        roas_values = [v if c else None for v, c in zip(h["roas"], h["cost_fen"], strict=True)]
        page.figure(charts.campaigns_roas_figure(labels, roas_values))
        page.figure(
            charts.campaigns_cost_figure(
                labels, h["cost_fen"].to_list(), h["net_gmv_fen"].to_list(), roas_values
            )
        )

    page.heading("Creators by tier")
    if data.tier_distribution.is_empty():
        page.empty("no-creators", "No creator tiers were computed for this snapshot.")
    else:
        page.figure(charts.tiers_figure(data.tier_distribution))

    page.heading("Brand money over time")
    if data.money_over_time.is_empty():
        page.empty("no-settlements", "No collaboration has been booked yet.")
    else:
        page.figure(charts.money_over_time_figure(data.money_over_time))
        last = data.money_over_time.row(-1, named=True)
        page.cards(
            [
                ("Held in escrow", yuan(last["escrow_fen"]), "prepaid, not yet released"),
                ("Paid out", yuan(last["disbursed_fen"]), "to creators, MCNs and platform"),
                ("Refunded to brands", yuan(last["refund_fen"]), "prepaid money returned"),
            ]
        )

    page.heading("Data held back by quality checks")
    q = data.quarantine_reasons
    held = int(q["held_rows"].sum()) if not q.is_empty() else 0
    if held == 0:
        page.empty("no-quarantine", "No rows are held back: every delivered row passed the checks.")
    else:
        page.paragraph(
            f"{count(held)} delivered rows are held back and count nowhere until fixed or "
            "their missing parent arrives. Numbers above exclude them."
        )
        page.figure(charts.quarantine_figure(q))
    if not q.is_empty():
        page.table(
            ["Reason", "Source", num("Rows held"), num("Rows resolved later")],
            [
                [
                    r["reason"],
                    r["source"],
                    num(count(r["held_rows"])),
                    num(count(r["resolved_rows"])),
                ]
                for r in q.to_dicts()
            ],
        )
    return page


def campaign_page(data: ReportData, campaign: dict[str, Any]) -> Page:
    """One campaign: funnel, daily trend, creators, settlement money, creative styles."""
    cid = campaign["campaign_id"]
    page = Page(
        campaign["campaign_name"],
        data.as_of,
        subtitle=f"Campaign {cid} · brand {campaign['brand_name'] or MISSING} · "
        f"runs {_window(campaign)}",
    )
    has_videos = campaign["published_videos"] > 0
    has_orders = campaign["orders"] > 0
    has_cost = campaign["cost_fen"] > 0
    page.cards(
        [
            ("Cost", yuan(campaign["cost_fen"]), "charged to the brand"),
            ("Net GMV", yuan(campaign["net_gmv_fen"]), "paid minus refunds"),
            (
                "ROAS",
                roas(campaign["roas"]) if has_cost else MISSING,
                "net GMV ÷ cost" if has_cost else "no cost yet",
            ),
            ("Orders", count(campaign["orders"]), f"{count(campaign['paid_orders'])} paid"),
            ("GMV paid", yuan(campaign["gmv_fen"]), f"refunds {yuan(campaign['refund_fen'])}"),
            ("Held in escrow", yuan(campaign["escrow_fen"]), ""),
            ("Paid out", yuan(campaign["disbursed_fen"]), ""),
            ("Refunded to brand", yuan(campaign["settlement_refund_fen"]), ""),
        ]
    )
    if not has_videos:
        page.notice("No video of this campaign has been published yet.")
    elif not has_orders:
        page.notice("No orders yet through this campaign's videos.")
    if not has_cost:
        page.notice("Nothing has been charged to the brand yet, so ROAS is not defined.")

    no_videos_text = (
        f"No video of this campaign was published by {data.as_of}, so there is no audience "
        "to show yet. Booked creators and their deadlines are under 'Settlement' below."
    )
    no_orders_text = (
        f"No shopper has ordered through this campaign's videos yet (as of {data.as_of})."
    )

    page.heading("Where shoppers drop off", "funnel")
    stages = data.for_campaign("funnel_stages", cid)
    if not has_videos or stages.is_empty():
        page.empty("no-videos", no_videos_text)
    else:
        page.figure(charts.funnel_figure(stages))
        page.table(
            ["Stage", num("Reached"), num("Of the previous stage")],
            [
                [r["stage"], num(count(r["reached"])), num(percent(r["rate_from_previous"]))]
                for r in stages.to_dicts()
            ],
        )
        _engagement_beside(page, data.for_campaign("funnel_engagement", cid))

    page.heading("Day by day", "trend")
    daily = data.for_campaign("daily_trend", cid)
    if not has_videos or daily.is_empty():
        page.empty("no-videos", no_videos_text)
    else:
        page.figure(charts.audience_trend_figure(daily))
        if has_orders:
            page.figure(charts.sales_trend_figure(daily))
        else:
            page.empty("no-orders", no_orders_text)

    page.heading("Creators: cost, sales and return", "creators")
    creators = data.for_campaign("creator_results", cid)
    if creators.is_empty():
        page.empty("no-collaborations", "No creator has been booked for this campaign yet.")
    else:
        if not has_cost:
            page.empty(
                "zero-cost",
                "Nothing has been charged to the brand yet (cost ¥0.00), so return on spend "
                "(ROAS) is not defined. Flat-fee and CPE creators are charged once their "
                "video is published; commission creators once their orders are paid.",
            )
        if creators["cost_fen"].sum() + creators["net_gmv_fen"].sum() > 0:
            page.figure(charts.creators_figure(creators))
        page.table(
            [
                "Creator",
                "Followers",
                "Performance tier",
                num("Cost"),
                num("Orders (paid)"),
                num("Net GMV"),
                num("ROAS"),
            ],
            [
                [
                    r["creator_name"],
                    r["follower_tier"] or MISSING,
                    r["performance_tier"] or MISSING,
                    num(yuan(r["cost_fen"])),
                    num(f"{count(r['orders'])} ({count(r['paid_orders'])})"),
                    num(yuan(r["net_gmv_fen"])),
                    num(roas(r["roas"]) if r["cost_fen"] else "no cost yet"),
                ]
                for r in creators.to_dicts()
            ],
        )

    page.heading("Settlement: where the brand's money is", "settlement")
    states = data.for_campaign("settlement_states", cid)
    if states.is_empty():
        page.empty("no-collaborations", "No collaboration has been booked for this campaign.")
    else:
        if states["prepaid_fen"].sum() + states["disbursed_fen"].sum() == 0:
            page.empty("no-money", "No money has been prepaid or paid out for this campaign.")
        else:
            page.figure(charts.settlement_figure(states))
        page.table(
            [
                "State",
                num("Collaborations"),
                num("Charged"),
                num("Prepaid"),
                num("Held in escrow"),
                num("Paid out"),
                num("Refunded to brand"),
            ],
            [
                [
                    charts.STATE_LABELS.get(r["state"], r["state"]),
                    num(count(r["collaborations"])),
                    num(yuan(r["brand_charge_fen"])),
                    num(yuan(r["prepaid_fen"])),
                    num(yuan(r["escrow_fen"])),
                    num(yuan(r["disbursed_fen"])),
                    num(yuan(r["refund_fen"])),
                ]
                for r in states.to_dicts()
            ],
        )

    _live_sessions_section(page, data, cid)

    page.heading("Creative styles compared", "styles")
    styles = data.for_campaign("style_conversion", cid)
    if not has_videos or styles.is_empty():
        page.empty("no-videos", no_videos_text)
    elif styles["product_clicks"].sum() == 0:
        page.empty("no-clicks", "No product card on this campaign's videos has been clicked yet.")
    elif not has_orders:
        page.empty(
            "no-orders",
            no_orders_text + " Styles can be compared once clicks start turning into orders.",
        )
    else:
        page.paragraph(
            "Conversion = share of product-card clicks on the style's videos that led to an "
            f"order. The bars show the {CONFIDENCE_LABEL} range (Wilson interval): when two "
            "styles' ranges overlap a lot, the difference may be chance."
        )
        page.figure(charts.style_figure(styles, CONFIDENCE_LABEL))
    if has_videos and not styles.is_empty():
        page.table(
            [
                "Creative style",
                num("Videos"),
                num("Plays"),
                num("Product clicks"),
                num("Clicks that led to an order"),
                num("Conversion"),
                num(f"{CONFIDENCE_LABEL} range"),
            ],
            [
                [
                    r["creative_style"],
                    num(count(r["videos"])),
                    num(count(r["plays"])),
                    num(count(r["product_clicks"])),
                    num(count(r["clicks_with_order"])),
                    num(percent(r["conversion_rate"])),
                    num(
                        f"{percent(r['conversion_low'])} – {percent(r['conversion_high'])}"
                        if r["conversion_rate"] is not None
                        else MISSING
                    ),
                ]
                for r in styles.to_dicts()
            ],
        )
    return page


def _engagement_beside(page: Page, engagement: pl.DataFrame) -> None:
    """Likes, comments and shares next to the funnel, not in it: a shopper can click the
    product card without engaging, so engagements are no step between plays and clicks."""
    if engagement.is_empty():
        return
    row = engagement.row(0, named=True)
    page.paragraph(
        "Beside the purchase path: how viewers engaged. A product click needs no like, "
        "comment or share first, so these are shares of plays, not a stage of the funnel."
    )
    page.cards(
        [
            (
                "Engagements",
                count(row["engagements"]),
                f"{percent(row['engagement_rate'])} of plays · likes, comments, shares "
                "(unique per viewer)",
            ),
            (
                "Complete plays",
                count(row["complete_plays"]),
                f"{percent(row['completion_rate'])} of plays",
            ),
        ]
    )


def brand_page(data: ReportData, brand_id: str) -> Page:
    """A brand's channel mix (FACT+S): share of net GMV by channel, daily net GMV by channel
    with the promotion periods marked, and the numbers per channel."""
    channels = data.brand_channels.filter(pl.col("brand_id") == brand_id)
    name = channels["brand_name"][0] if not channels.is_empty() else brand_id
    page = Page(
        f"{name}: sales channels",
        data.as_of,
        subtitle="Where the brand's orders of the last 30 days came from: its own live room, "
        "the creator matrix, top KOLs, search, the shopping center and its shop (FACT+S).",
    )
    if channels["net_gmv_fen"].sum() > 0:
        page.figure(charts.channel_mix_figure(channels))
    else:
        page.empty("no-net-gmv", "No net GMV in the window: every order was refunded or unpaid.")
    daily = data.brand_channel_daily.filter(pl.col("brand_id") == brand_id)
    page.figure(charts.channel_daily_figure(daily, data.promotion_periods))
    if not data.promotion_periods.is_empty():
        page.paragraph(
            "Platform promotions (shaded): "
            + "; ".join(
                f"{p['promotion_name']} ({p['start_date']} – {p['end_date']})"
                for p in data.promotion_periods.to_dicts()
            )
        )
    page.table(
        [
            "Channel",
            num("Orders (paid)"),
            num("GMV paid"),
            num("Refunds"),
            num("Net GMV"),
            num("Share"),
            num("During promotions"),
        ],
        [
            [
                charts.CHANNEL_LABELS.get(r["channel"], r["channel"]),
                num(f"{count(r['orders'])} ({count(r['paid_orders'])})"),
                num(yuan(r["gmv_fen"])),
                num(yuan(r["refund_fen"])),
                num(yuan(r["net_gmv_fen"])),
                num(percent(r["net_gmv_share"])),
                num(yuan(r["promotion_net_gmv_fen"])),
            ]
            for r in channels.to_dicts()
        ],
    )
    return page


def _live_sessions_section(page: Page, data: ReportData, cid: str) -> None:
    """The campaign's live sessions, when it has any (nothing on a video-only campaign)."""
    sessions = data.for_campaign("campaign_live_sessions", cid)
    if sessions.is_empty():
        return
    page.heading("Live sessions", "live")
    page.table(
        [
            "Session",
            "Host",
            "Started",
            num("Views"),
            num("Unique viewers"),
            num("Orders"),
            num("Net GMV"),
            num("GPM"),
            num("UV value"),
        ],
        [
            [
                r["live_id"],
                r["host_name"] or MISSING,
                f"{r['start_ts']:%Y-%m-%d %H:%M}",
                num(count(r["views"])),
                num(count(r["unique_viewers"])),
                num(count(r["orders"])),
                num(yuan(r["net_gmv_fen"])),
                num(MISSING if r["gpm_fen"] is None else yuan(round(r["gpm_fen"]))),
                num(MISSING if r["uv_value_fen"] is None else yuan(round(r["uv_value_fen"]))),
            ]
            for r in sessions.to_dicts()
        ],
    )
    page.paragraph(
        "GPM: net GMV per 1,000 views. UV value: net GMV per unique viewer. Views and viewers "
        "count valid room entries only (no fake traffic, inside the session)."
    )

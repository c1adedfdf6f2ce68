"""Plotly figures of the reports, each titled in a marketer's words. Builders take small
aggregated frames (see queries.py); amounts arrive in fen and are labelled with the exact
`yuan` text, axes use yuan numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import plotly.io as pio
import polars as pl

from starmap.reports.format import count, fen_to_yuan_number, percent, roas, yuan

# CJK-capable fonts first so Chinese names render wherever the reports are opened.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif'
)
COLORS = {
    "cost": "#7f8c9a",
    "gmv": "#e4572e",
    "plays": "#2e86ab",
    "engagements": "#f6ae2d",
    "orders": "#5b8e7d",
    "escrow": "#f6ae2d",
    "paid_out": "#5b8e7d",
    "refund": "#a23b72",
    "charged": "#7f8c9a",
}
STATE_LABELS = {
    "booked": "Booked, not yet published",
    "in_escrow": "Published, money held",
    "released": "Released to the creator",
    "active": "Commission deal live",
    "expired": "Not published in time",
    "removed_early": "Taken down early",
    "fraud": "Fake traffic found",
}
TIER_ORDER = ["S", "A", "B", "C", "unrated"]
FOLLOWER_TIER_ORDER = ["koc", "tail", "waist", "shoulder", "head", "top"]


# Gridlines and axis lines shared by every chart; builders add their own settings.
_X_AXIS = {"gridcolor": "#e4e7eb", "linecolor": "#9aa5b1", "automargin": True}
_Y_AXIS = {"gridcolor": "#e4e7eb", "zerolinecolor": "#9aa5b1", "automargin": True}


# Plain plotly specs: building graph objects validated every property on every render, more
# than half the reports' time. tests/reports/test_chart_specs.py validates every builder's
# output against plotly's schema instead.
Trace = dict[str, Any]
Figure = dict[str, Any]
_TEMPLATE = pio.templates["none"].to_plotly_json()


def _trace(kind: str, **properties: Any) -> Trace:
    return {"type": kind, **properties}


def _figure(
    traces: list,
    title: str,
    *,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    height: int = 420,
    **layout: Any,
) -> Figure:
    """A figure spec in one piece, with the layout every chart shares."""
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "x": 0.01, "xanchor": "left", "y": 0.97, "yanchor": "top"},
            # A lean built-in template keeps each figure's JSON small; grid styled below.
            "template": _TEMPLATE,
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "font": {"family": FONT_FAMILY, "size": 13, "color": "#1f2933"},
            "height": height,
            # Legend above the plot: below it, it would collide with long rotated labels.
            "margin": {"l": 60, "r": 30, "t": 90, "b": 60},
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.02,
                "xanchor": "left",
                "x": 0,
            },
            "separators": ".,",
            "xaxis": {**_X_AXIS, **(xaxis or {})},
            "yaxis": {**_Y_AXIS, **(yaxis or {})},
            **layout,
        },
    }


def _count_axis(values: list, title: str) -> dict[str, Any]:
    """A y axis of whole numbers: small counts get a tick per unit, never '1, 1, 1'."""
    top = max((v for v in values if v is not None), default=0)
    ticks = {"dtick": 1} if top <= 8 else {}
    return {"title": {"text": title}, "tickformat": ",d", "rangemode": "tozero", **ticks}


_YUAN_AXIS = {
    "title": {"text": "yuan"},
    "tickprefix": "¥",
    "tickformat": ",.0f",
    "rangemode": "tozero",
}


def _yuan_points(amounts_fen: Iterable[int | None]) -> dict[str, list]:
    """Trace arguments for fen amounts on a yuan axis: the numbers, and exact text for the
    hover (%{customdata})."""
    amounts_fen = list(amounts_fen)
    return {
        "y": [fen_to_yuan_number(v) for v in amounts_fen],
        "customdata": [yuan(v) for v in amounts_fen],
    }


def funnel_figure(stages: pl.DataFrame) -> Figure:
    """Where shoppers drop off on the purchase path: impressions, plays, product clicks,
    orders, paid orders, with stage-to-stage rates (engagements are not a stage)."""
    labels = [
        count(n) if rate is None else f"{count(n)} ({percent(rate)} of previous)"
        for n, rate in zip(stages["reached"], stages["rate_from_previous"], strict=True)
    ]
    funnel = _trace(
        "funnel",
        y=stages["stage"].to_list(),
        x=stages["reached"].to_list(),
        text=labels,
        textinfo="text",
        hovertemplate="%{y}: %{text}<extra></extra>",
        marker={"color": COLORS["plays"]},
    )
    return _figure([funnel], "Where shoppers drop off: from seeing a video to paying")


def audience_trend_figure(daily: pl.DataFrame) -> Figure:
    """Plays and engagements per business day."""
    traces = [
        _trace(
            "scatter",
            x=daily["business_date"].to_list(),
            y=daily[column].to_list(),
            name=name,
            mode="lines+markers",
            line={"color": COLORS[column]},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra>" + name + "</extra>",
        )
        for column, name in (("plays", "Plays"), ("engagements", "Likes, comments and shares"))
    ]
    counts = daily["plays"].to_list() + daily["engagements"].to_list()
    return _figure(
        traces, "Daily audience: plays and engagements", yaxis=_count_axis(counts, "per day")
    )


def sales_trend_figure(daily: pl.DataFrame) -> Figure:
    """Orders (bars) and GMV in yuan (line, on a second axis at the right) per business day."""
    days = daily["business_date"].to_list()
    orders = _trace(
        "bar",
        x=days,
        y=daily["orders"].to_list(),
        name="Orders placed",
        marker={"color": COLORS["orders"]},
        hovertemplate="%{x|%Y-%m-%d}: %{y:,} orders<extra></extra>",
    )
    gmv = _trace(
        "scatter",
        x=days,
        **_yuan_points(daily["gmv_fen"]),
        name="GMV (paid, ¥)",
        mode="lines+markers",
        line={"color": COLORS["gmv"]},
        hovertemplate="%{x|%Y-%m-%d}: %{customdata} paid<extra></extra>",
        yaxis="y2",
    )
    return _figure(
        [orders, gmv],
        "Daily sales: orders and GMV",
        yaxis=_count_axis(daily["orders"].to_list(), "orders"),
        yaxis2={
            **_Y_AXIS,
            **_YUAN_AXIS,
            "title": {"text": "GMV (¥)"},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
        },
    )


def _cost_vs_gmv_bars(
    labels: list[str], cost_fen: list[int], net_gmv_fen: list[int], roas_values: list
) -> list[Trace]:
    roas_text = [roas(v) if v is not None else "no cost yet" for v in roas_values]
    return [
        _trace(
            "bar",
            x=labels,
            y=[fen_to_yuan_number(v) for v in values],
            customdata=list(zip([yuan(v) for v in values], roas_text, strict=True)),
            name=name,
            marker={"color": color},
            hovertemplate="%{x}<br>"
            + name
            + ": %{customdata[0]}<br>ROAS: %{customdata[1]}<extra></extra>",
        )
        for name, values, color in (
            ("Cost to the brand", cost_fen, COLORS["cost"]),
            ("Net GMV (after refunds)", net_gmv_fen, COLORS["gmv"]),
        )
    ]


def creators_figure(creators: pl.DataFrame) -> Figure:
    """Each creator's cost against the net GMV their videos brought (ROAS on hover)."""
    bars = _cost_vs_gmv_bars(
        creators["creator_name"].to_list(),
        creators["cost_fen"].to_list(),
        creators["net_gmv_fen"].to_list(),
        creators["roas"].to_list(),
    )
    return _figure(
        bars,
        "What each creator cost and what their videos sold",
        yaxis=_YUAN_AXIS,
        barmode="group",
    )


def settlement_figure(states: pl.DataFrame) -> Figure:
    """Money by collaboration state: held in escrow, paid out, refunded to the brand."""
    labels = [STATE_LABELS.get(s, s) for s in states["state"]]
    bars = [
        _trace(
            "bar",
            x=labels,
            **_yuan_points(states[column]),
            name=name,
            marker={"color": color},
            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>",
        )
        for column, name, color in (
            ("escrow_fen", "Held in escrow", COLORS["escrow"]),
            ("disbursed_fen", "Paid out", COLORS["paid_out"]),
            ("refund_fen", "Refunded to the brand", COLORS["refund"]),
        )
    ]
    return _figure(
        bars,
        "Where the brand's money stands, by collaboration state",
        yaxis=_YUAN_AXIS,
        barmode="stack",
    )


def style_figure(styles: pl.DataFrame, confidence_label: str) -> Figure:
    """Click-to-order rate per creative style with its Wilson interval as error bars."""
    rated = styles.filter(pl.col("product_clicks") > 0)
    rates = rated["conversion_rate"].to_list()
    lows = rated["conversion_low"].to_list()
    highs = rated["conversion_high"].to_list()
    text = [
        f"{percent(p)} of {count(n)} clicks (likely {percent(lo)} – {percent(hi)})"
        for p, n, lo, hi in zip(rates, rated["product_clicks"], lows, highs, strict=True)
    ]
    points = _trace(
        "scatter",
        x=rated["creative_style"].to_list(),
        y=rates,
        mode="markers",
        marker={"size": 14, "color": COLORS["gmv"]},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [hi - p for p, hi in zip(rates, highs, strict=True)],
            "arrayminus": [p - lo for p, lo in zip(rates, lows, strict=True)],
            "color": COLORS["cost"],
            "thickness": 2,
            "width": 10,
        },
        text=text,
        hovertemplate="%{x}: %{text}<extra></extra>",
        name="Clicks that led to an order",
    )
    return _figure(
        [points],
        f"Which creative style turns product clicks into orders ({confidence_label} range)",
        xaxis={"title": {"text": "creative style"}},
        yaxis={
            "title": {"text": "clicks that led to an order"},
            "tickformat": ".0%",
            "rangemode": "tozero",
        },
    )


def campaigns_roas_figure(labels: list[str], roas_values: list) -> Figure:
    """ROAS side by side; campaigns without cost get a label instead of a bar."""
    bars = _trace(
        "bar",
        x=labels,
        y=roas_values,
        text=[roas(v) if v is not None else "no cost yet" for v in roas_values],
        textposition="outside",
        marker={"color": COLORS["gmv"]},
        hovertemplate="%{x}: %{text}<extra></extra>",
    )
    return _figure(
        [bars],
        "Return on ad spend by campaign (net GMV ÷ cost)",
        yaxis={"title": {"text": "¥ net GMV per ¥ cost"}, "rangemode": "tozero"},
    )


def campaigns_cost_figure(
    labels: list[str], cost_fen: list[int], net_gmv_fen: list[int], roas_values: list
) -> Figure:
    """Cost against net GMV per campaign."""
    return _figure(
        _cost_vs_gmv_bars(labels, cost_fen, net_gmv_fen, roas_values),
        "What each campaign cost and what it sold",
        yaxis=_YUAN_AXIS,
        barmode="group",
    )


def tiers_figure(tiers: pl.DataFrame) -> Figure:
    """Creators per performance tier, stacked by follower tier."""
    present = set(tiers["performance_tier"].to_list())
    x_order = [t for t in TIER_ORDER if t in present] + sorted(present - set(TIER_ORDER))
    followers_present = set(tiers["follower_tier"].to_list())
    follower_order = [t for t in FOLLOWER_TIER_ORDER if t in followers_present] + sorted(
        followers_present - set(FOLLOWER_TIER_ORDER)
    )
    bars = []
    for follower_tier in follower_order:
        rows = tiers.filter(pl.col("follower_tier") == follower_tier)
        by_tier = dict(zip(rows["performance_tier"], rows["creators"], strict=True))
        bars.append(
            _trace(
                "bar",
                x=x_order,
                y=[by_tier.get(t, 0) for t in x_order],
                name=f"{follower_tier} followers",
                hovertemplate="tier %{x}: %{y:,} creators<extra>" + follower_tier + "</extra>",
            )
        )
    return _figure(
        bars,
        "Creators by performance tier and follower size",
        xaxis={"title": {"text": "performance tier (S best; unrated: under the play threshold)"}},
        yaxis=_count_axis(tiers["creators"].to_list(), "creators"),
        barmode="stack",
    )


def money_over_time_figure(money: pl.DataFrame) -> Figure:
    """Escrow held, money paid out and refunds to brands across the snapshots."""
    lines = [
        _trace(
            "scatter",
            x=money["as_of"].to_list(),
            **_yuan_points(money[column]),
            name=name,
            mode="lines+markers",
            line={"color": color},
            hovertemplate="as of %{x|%Y-%m-%d}: %{customdata}<extra>" + name + "</extra>",
        )
        for column, name, color in (
            ("escrow_fen", "Held in escrow", COLORS["escrow"]),
            ("disbursed_fen", "Paid out (released)", COLORS["paid_out"]),
            ("refund_fen", "Refunded to brands", COLORS["refund"]),
        )
    ]
    return _figure(
        lines,
        "Brand money over time: held in escrow, paid out, refunded",
        xaxis={"title": {"text": "as of"}},
        yaxis=_YUAN_AXIS,
    )


def quarantine_figure(reasons: pl.DataFrame) -> Figure:
    """Rows still held back by data checks, per reason and source."""
    held = reasons.filter(pl.col("held_rows") > 0)
    reason_order = (
        held.group_by("reason")
        .agg(pl.col("held_rows").sum())
        .sort(["held_rows", "reason"], descending=[True, False])["reason"]
        .to_list()
    )
    bars = []
    for source in sorted(set(held["source"].to_list())):
        rows = held.filter(pl.col("source") == source)
        by_reason = dict(zip(rows["reason"], rows["held_rows"], strict=True))
        bars.append(
            _trace(
                "bar",
                x=reason_order,
                y=[by_reason.get(r, 0) for r in reason_order],
                name=source,
                hovertemplate="%{x}: %{y:,} rows<extra>" + source + "</extra>",
            )
        )
    return _figure(
        bars,
        "Data held back by quality checks, by reason",
        xaxis={"title": {"text": "why the rows were held back"}},
        yaxis=_count_axis(held["held_rows"].to_list(), "rows held"),
        barmode="stack",
    )


CHANNEL_LABELS = {
    "field": "Own live room (F)",
    "alliance": "Creator matrix (A)",
    "top_kol": "Top KOLs (T)",
    "search": "Search (S)",
    "shopping_center": "Shopping center (S)",
    "shop": "Shop (S)",
    "other": "Other",
}
CHANNEL_ORDER = list(CHANNEL_LABELS)
_CHANNEL_COLORS = {
    "field": "#e4572e",
    "alliance": "#f6ae2d",
    "top_kol": "#a23b72",
    "search": "#2e86ab",
    "shopping_center": "#5b8e7d",
    "shop": "#86bbd8",
    "other": "#7f8c9a",
}


def channel_mix_figure(channels: pl.DataFrame) -> Figure:
    """A brand's share of net GMV by FACT+S channel over the channel window."""
    rows = sorted(channels.to_dicts(), key=lambda r: CHANNEL_ORDER.index(r["channel"]))
    bars = _trace(
        "bar",
        x=[CHANNEL_LABELS[r["channel"]] for r in rows],
        y=[r["net_gmv_share"] for r in rows],
        text=[
            f"{percent(r['net_gmv_share'])} · {yuan(r['net_gmv_fen'])}"
            if r["net_gmv_share"] is not None
            else yuan(r["net_gmv_fen"])
            for r in rows
        ],
        textposition="outside",
        marker={"color": [_CHANNEL_COLORS[r["channel"]] for r in rows]},
        hovertemplate="%{x}: %{text}<extra></extra>",
    )
    return _figure(
        [bars],
        "Where the brand's sales came from: share of net GMV by channel",
        yaxis={"title": {"text": "share of net GMV"}, "tickformat": ".0%", "rangemode": "tozero"},
    )


def channel_daily_figure(daily: pl.DataFrame, promotions: pl.DataFrame) -> Figure:
    """Daily net GMV by channel (stacked), with the promotion periods shaded."""
    present = [c for c in CHANNEL_ORDER if c in set(daily["channel"].to_list())]
    traces = []
    for channel in present:
        rows = daily.filter(pl.col("channel") == channel)
        traces.append(
            _trace(
                "bar",
                x=rows["business_date"].to_list(),
                **_yuan_points(rows["net_gmv_fen"]),
                name=CHANNEL_LABELS[channel],
                marker={"color": _CHANNEL_COLORS[channel]},
                hovertemplate="%{x|%Y-%m-%d}: %{customdata}<extra>" + channel + "</extra>",
            )
        )
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": f"{p['start_date']}T00:00:00",
            "x1": f"{p['end_date']}T23:59:59",
            "y0": 0,
            "y1": 1,
            "fillcolor": "#f6ae2d",
            "opacity": 0.12,
            "line": {"width": 0},
            "layer": "below",
        }
        for p in promotions.to_dicts()
    ]
    annotations = [
        {
            "x": f"{p['start_date']}T00:00:00",
            "xref": "x",
            "y": 1,
            "yref": "paper",
            "text": p["promotion_name"],
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 11},
        }
        for p in promotions.to_dicts()
    ]
    return _figure(
        traces,
        "Daily net GMV by channel (shaded: platform promotions)",
        yaxis=_YUAN_AXIS,
        barmode="stack",
        shapes=shapes,
        annotations=annotations,
    )

"""The peer: CPE billing, last-click attribution and the campaign funnel as an analyst would
write them in pandas, for one as-of date, on the same landing-zone files.

Straightforward, vectorised pandas (no row loops): read every event file, parse
timestamps, keep the first copy of each event_id, drop what is invalid (bot viewer-days,
before publish, while down), then merges and group-bys. It skips what a one-off analysis
skips: quarantine bookkeeping, late-parent admission dates, fraud, history, money states.
It is a yardstick for speed, not a second implementation of the rules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

LOCAL_TZ = "Asia/Shanghai"
ENGAGEMENT_TYPES = ["like", "comment", "share"]
BOT_TYPES = ["like", "comment", "share", "follow"]


@dataclass(frozen=True)
class PeerResult:
    seconds: float
    events: int  # engagement rows read
    cpe_billable: int  # unique billable engagements over every cpe collaboration
    attributed_orders: int
    campaigns: int


def _read(files: list[Path]) -> pd.DataFrame:
    frames = []
    for path in files:
        frame = pd.read_parquet(path)
        frame["delivery_date"] = path.parent.name.removeprefix("date=")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _timestamps(text: pd.Series) -> pd.Series:
    """ISO-8601 text to UTC; naive values are Shanghai local time."""
    naive = ~text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", na=False)
    text = text.where(~naive, text + "+08:00")
    return pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")


def _events(files: list[Path], as_of: pd.Timestamp) -> pd.DataFrame:
    """Parsed, deduplicated (first delivered copy) events with business date <= as_of."""
    frame = _read(files)
    frame["ts"] = _timestamps(frame["event_ts"])
    frame = frame.dropna(subset=["ts"]).drop_duplicates(subset="event_id", keep="first")
    frame["business_date"] = frame["ts"].dt.tz_convert(LOCAL_TZ).dt.tz_localize(None).dt.normalize()
    return frame[frame["business_date"] <= as_of]


def _valid_engagements(engagements: pd.DataFrame, videos: pd.DataFrame) -> pd.DataFrame:
    """Engagements on known videos, minus bot viewer-days, before-publish and while-down."""
    publishes = videos[videos["event_type"] == "publish"].sort_values(["ts", "event_id"])
    first_publish = publishes.drop_duplicates("video_id")[["video_id", "ts"]]
    e = engagements.merge(first_publish.rename(columns={"ts": "publish_ts"}), on="video_id")
    e = e[e["ts"] >= e["publish_ts"]]

    social = e[e["event_type"].isin(BOT_TYPES)]
    videos_per_day = social.groupby(["viewer_id", "business_date"])["video_id"].nunique()
    bots = videos_per_day[videos_per_day > 100].reset_index()[["viewer_id", "business_date"]]
    e = e.merge(bots.assign(is_bot=True), on=["viewer_id", "business_date"], how="left")
    e = e[e["is_bot"].isna()]

    hides = videos[videos["event_type"] == "hide"][["video_id", "ts"]]
    restores = videos[videos["event_type"] == "restore"][["video_id", "ts"]]
    pairs = hides.merge(restores, on="video_id", how="left", suffixes=("", "_restore"))
    pairs = pairs[pairs["ts_restore"].isna() | (pairs["ts_restore"] > pairs["ts"])]
    hidden = pairs.groupby(["video_id", "ts"], as_index=False)["ts_restore"].min()
    deletes = videos[videos["event_type"] == "delete"][["video_id", "ts"]].assign(ts_restore=pd.NaT)
    down = pd.concat([hidden, deletes]).rename(columns={"ts": "down_ts", "ts_restore": "up_ts"})
    hit = e[["event_id", "video_id", "ts"]].merge(down, on="video_id")
    hit = hit[(hit["ts"] >= hit["down_ts"]) & (hit["up_ts"].isna() | (hit["ts"] < hit["up_ts"]))]
    return e[~e["event_id"].isin(hit["event_id"])]


def run_peer(
    raw: Path,
    engagement_files: list[Path],
    video_files: list[Path],
    order_files: list[Path],
    as_of: date,
) -> PeerResult:
    """Time the pandas peer for the snapshot as of `as_of`."""
    started = time.perf_counter()
    day = pd.Timestamp(as_of)
    videos = _events(video_files, day)
    engagements = _events(engagement_files, day)
    orders = _events(order_files, day)
    events_read = len(engagements)
    valid = _valid_engagements(engagements, videos)

    collabs = pd.read_csv(raw / "collaborations.csv", dtype=str)
    collabs["booked_ts"] = _timestamps(collabs["booked_at"])
    collabs["publish_deadline"] = pd.to_datetime(collabs["publish_deadline"], errors="coerce")
    collabs = collabs[
        collabs["booked_ts"].dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
        < day + pd.Timedelta(days=1)
    ]
    publishes = videos[(videos["event_type"] == "publish") & videos["collaboration_id"].notna()]
    candidates = collabs.merge(
        publishes[["collaboration_id", "video_id", "ts", "event_id", "business_date"]],
        on="collaboration_id",
    )
    candidates = candidates[
        (candidates["ts"] >= candidates["booked_ts"])
        & (candidates["business_date"] <= candidates["publish_deadline"])
    ]
    collab_videos = candidates.sort_values(["ts", "event_id"]).drop_duplicates("collaboration_id")

    # CPE billing: unique (viewer, video, type) likes, comments, shares in the billing window.
    cpe = collab_videos[collab_videos["pricing_model"] == "cpe"]
    social = valid[valid["event_type"].isin(ENGAGEMENT_TYPES)]
    billed = social.merge(
        cpe[["collaboration_id", "video_id", "business_date", "cpe_rate_fen", "cap_fen"]].rename(
            columns={"business_date": "publish_date"}
        ),
        on="video_id",
    )
    billed = billed[
        (billed["business_date"] >= billed["publish_date"])
        & (billed["business_date"] < billed["publish_date"] + pd.Timedelta(days=30))
    ]
    billed = billed.drop_duplicates(["collaboration_id", "viewer_id", "video_id", "event_type"])
    billable = billed.groupby("collaboration_id").size().rename("billable").reset_index()
    cpe = cpe.merge(billable, on="collaboration_id", how="left").fillna({"billable": 0})
    cpe["gross_fen"] = (cpe["billable"] * cpe["cpe_rate_fen"].astype("int64")).clip(
        upper=cpe["cap_fen"].astype("int64")
    )

    # Last-click attribution: the buyer's last click on the product in the 7 days before.
    placed = orders[orders["event_type"] == "placed"][
        ["order_id", "buyer_id", "product_id", "ts", "business_date"]
    ]
    clicks = valid[valid["event_type"] == "product_click"][
        ["viewer_id", "product_id", "ts", "event_id", "video_id"]
    ]
    joined = placed.merge(
        clicks,
        left_on=["buyer_id", "product_id"],
        right_on=["viewer_id", "product_id"],
        suffixes=("", "_click"),
    )
    joined = joined[
        (joined["ts_click"] <= joined["ts"])
        & (joined["ts_click"] >= joined["ts"] - pd.Timedelta(days=7))
    ]
    last = joined.sort_values(["ts_click", "event_id"]).drop_duplicates("order_id", keep="last")
    attributed = placed.merge(last[["order_id", "video_id"]], on="order_id", how="left")
    amounts = orders.assign(amount=pd.to_numeric(orders["amount_fen"], errors="coerce"))
    paid = (
        amounts[amounts["event_type"] == "paid"]
        .groupby("order_id")["amount"]
        .sum()
        .rename("paid_fen")
    )
    refunded = (
        amounts[amounts["event_type"] == "refunded"]
        .groupby("order_id")["amount"]
        .sum()
        .rename("refund_fen")
    )
    attributed = (
        attributed.merge(paid, on="order_id", how="left")
        .merge(refunded, on="order_id", how="left")
        .fillna({"paid_fen": 0, "refund_fen": 0})
    )
    attributed["base_fen"] = (attributed["paid_fen"] - attributed["refund_fen"]).clip(lower=0)

    # Campaign funnel: the campaign's collaboration videos from its start to the as-of date.
    campaigns = pd.read_csv(raw / "campaigns.csv", dtype=str)
    campaigns["start_date"] = pd.to_datetime(campaigns["start_date"], errors="coerce")
    campaigns = campaigns[campaigns["start_date"] <= day]
    products = pd.read_csv(raw / "products.csv", dtype=str)[["product_id", "brand_id"]]
    campaign_videos = collab_videos[["campaign_id", "video_id"]].merge(
        campaigns[["campaign_id", "brand_id", "start_date"]], on="campaign_id"
    )
    funnel_events = valid.merge(campaign_videos, on="video_id")
    funnel_events = funnel_events[funnel_events["business_date"] >= funnel_events["start_date"]]
    counts = funnel_events.pivot_table(
        index="campaign_id", columns="event_type", values="event_id", aggfunc="count", fill_value=0
    )
    unique = (
        funnel_events[funnel_events["event_type"].isin(ENGAGEMENT_TYPES)]
        .drop_duplicates(["campaign_id", "viewer_id", "video_id", "event_type"])
        .groupby("campaign_id")
        .size()
        .rename("engagements")
    )
    campaign_orders = attributed.merge(products, on="product_id").merge(
        campaign_videos, on=["video_id", "brand_id"]
    )
    campaign_orders = campaign_orders[
        campaign_orders["business_date"] >= campaign_orders["start_date"]
    ]
    sales = campaign_orders.groupby("campaign_id").agg(
        orders=("order_id", "nunique"),
        paid_orders=("paid_fen", lambda s: int((s > 0).sum())),
        gmv_fen=("paid_fen", "sum"),
        net_gmv_fen=("base_fen", "sum"),
    )
    funnel = (
        campaigns[["campaign_id"]]
        .set_index("campaign_id")
        .join(counts)
        .join(unique)
        .join(sales)
        .fillna(0)
    )

    return PeerResult(
        seconds=time.perf_counter() - started,
        events=events_read,
        cpe_billable=int(cpe["billable"].sum()),
        attributed_orders=int(attributed["video_id"].notna().sum()),
        campaigns=len(funnel),
    )

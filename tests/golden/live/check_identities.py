"""Checks the hand-made expected files of the live golden example against themselves.

Not a test of the pipeline: it re-derives, from the expected JSON (and the commission rates in
raw/collaborations.csv), the amounts that follow from other amounts, so an arithmetic slip in a
hand-made file shows up. Run: python tests/golden/live/check_identities.py
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BRAND_FEE_BPS = 500
PLATFORM_FEE_BPS = 1000
AMOUNTS = ("orders", "paid_orders", "gmv_fen", "refund_fen", "net_gmv_fen", "promotion_net_gmv_fen")


def rate(amount: int, bps: int) -> int:
    """A rate applied to an amount, rounded half up to a whole fen."""
    return (amount * bps + 5000) // 10000


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def check(doc: dict, collabs: dict[str, dict[str, str]]) -> list[str]:
    errors: list[str] = []
    err = errors.append
    as_of = doc["as_of"]

    for cid, s in doc["settlements"].items():
        if s["brand_charge_fen"] != (
            s["creator_net_fen"] + s["mcn_fen"] + s["platform_fee_fen"] + s["brand_fee_fen"]
        ):
            err(f"{as_of} {cid}: brand_charge != net + mcn + platform_fee + brand_fee")
        if s["prepaid_fen"] != (
            s["disbursed_fen"] - s["settled_commission_fen"] + s["refund_fen"] + s["escrow_fen"]
        ):
            err(f"{as_of} {cid}: prepaid != disbursed - settled_commission + refund + escrow")
        if s["brand_charge_fen"] != s["gross_fen"] + s["brand_fee_fen"]:
            err(f"{as_of} {cid}: brand_charge != gross + brand_fee")
        c = collabs[cid]
        if c["pricing_model"] == "live":
            slot = int(c["slot_fee_fen"])
            if s["prepaid_fen"] != slot + rate(slot, BRAND_FEE_BPS):
                err(f"{as_of} {cid}: prepaid != slot + fee")
        orders = [o for o in doc["order_attribution"].values() if o["collaboration_id"] == cid]
        if s["attributed_orders"] != len(orders):
            err(f"{as_of} {cid}: attributed_orders")
        counted = [o for o in orders if o["order_state"] not in ("unpaid", "cancelled", "refunded")]
        commission = sum(o["commission_fen"] for o in counted)
        fees = sum(o["platform_fee_fen"] for o in counted)
        settled = sum(o["commission_fen"] for o in counted if o["order_state"] == "settled")
        if s["platform_fee_fen"] != fees or s["settled_commission_fen"] != settled:
            err(f"{as_of} {cid}: platform fee or settled commission != its orders'")
        slot_gross = s["gross_fen"] - commission
        if s["brand_fee_fen"] != rate(slot_gross, BRAND_FEE_BPS):
            err(f"{as_of} {cid}: brand_fee != round(slot_gross * 500 bps)")

    for oid, o in doc["order_attribution"].items():
        cid = o["collaboration_id"]
        fraud = cid is not None and doc["settlements"][cid]["state"] == "fraud"
        bps = int(collabs[cid]["commission_bps"]) if cid and not fraud else 0
        if o["commission_fen"] != rate(o["base_fen"], bps):
            err(f"{as_of} {oid}: commission != round(base * bps)")
        if o["platform_fee_fen"] != rate(o["commission_fen"], PLATFORM_FEE_BPS):
            err(f"{as_of} {oid}: platform fee != round(commission * 1000 bps)")

    # channels: the daily rows sum to the window rows; shares add up; orders partition
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in doc["channel_gmv_daily"].values():
        for k in AMOUNTS:
            sums[f"{row['brand_id']}|{row['channel']}"][k] += row[k]
    for key, row in doc["channel_gmv"].items():
        for k, v in sums[key].items():
            if row[k] != v:
                err(f"{as_of} channel_gmv {key}.{k} != sum of its daily rows")
    if set(sums) != set(doc["channel_gmv"]):
        err(f"{as_of} channel_gmv keys != daily keys")
    per_channel: dict[str, int] = defaultdict(int)
    for o in doc["order_attribution"].values():
        per_channel[o["channel"]] += 1
    for key, row in doc["channel_gmv"].items():
        if per_channel[row["channel"]] != row["orders"]:
            err(f"{as_of} channel_gmv {key}: orders != attributed orders of that channel")
    total = sum(r["net_gmv_fen"] for r in doc["channel_gmv"].values())
    if total != sum(o["base_fen"] for o in doc["order_attribution"].values()):
        err(f"{as_of} channel net GMV != sum of commission bases")
    for key, row in doc["channel_gmv"].items():
        if not close(row["net_gmv_share"], row["net_gmv_fen"] / total if total else None):
            err(f"{as_of} channel_gmv {key}: share")
    by_day: dict[str, int] = defaultdict(int)
    for row in doc["channel_gmv_daily"].values():
        by_day[row["business_date"]] += row["net_gmv_fen"]
    for key, row in doc["channel_gmv_daily"].items():
        day = by_day[row["business_date"]]
        if not close(row["net_gmv_share"], row["net_gmv_fen"] / day if day else None):
            err(f"{as_of} channel_gmv_daily {key}: share")

    for lid, s in doc["live_sessions"].items():
        orders = [o for o in doc["order_attribution"].values() if o["live_id"] == lid]
        if s["orders"] != len(orders) or s["net_gmv_fen"] != sum(o["base_fen"] for o in orders):
            err(f"{as_of} {lid}: orders or net GMV != its attributed orders")
        if not close(s["gpm_fen"], s["net_gmv_fen"] * 1000 / s["views"] if s["views"] else None):
            err(f"{as_of} {lid}: gpm")
        viewers = s["unique_viewers"]
        if not close(s["uv_value_fen"], s["net_gmv_fen"] / viewers if viewers else None):
            err(f"{as_of} {lid}: uv value")
        if (s["end_ts"] is None) != (s["duration_s"] is None):
            err(f"{as_of} {lid}: end_ts and duration_s null together")

    for kid, f in doc["campaign_funnel"].items():
        rows = doc["settlements"].values()
        cost = sum(s["brand_charge_fen"] for s in rows if s["campaign_id"] == kid)
        if f["cost_fen"] != cost:
            err(f"{as_of} {kid}: cost != sum of brand_charge")
        if not close(f["roas"], f["net_gmv_fen"] / cost if cost else None):
            err(f"{as_of} {kid}: roas")
        if f["net_gmv_fen"] != f["gmv_fen"] - f["refund_fen"]:
            err(f"{as_of} {kid}: net != gmv - refund (no cancelled-after-payment orders here)")
    return errors


def main() -> int:
    with (HERE / "raw" / "collaborations.csv").open(encoding="utf-8") as f:
        collabs = {row["collaboration_id"]: row for row in csv.DictReader(f)}
    errors: list[str] = []
    files = sorted((HERE / "expected").glob("as_of_*.json"))
    for path in files:
        errors += check(json.loads(path.read_text(encoding="utf-8")), collabs)
    print("\n".join(errors) or f"ok: {len(files)} files")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""The rules of live commerce and the FACT+S channels (domain.md 9, 10), one test per rule and
edge, on literal rows."""

from __future__ import annotations

from datetime import date

from starmap.settings import Policy
from tests.live.live_builder import LiveWarehouse

DAY = "2026-06-05"


def at(clock: str, day: str = DAY) -> str:
    return f"{day}T{clock}+08:00"


def _room(lw: LiveWarehouse, slot_fee: int = 100_000) -> LiveWarehouse:
    """c1's room L1, 20:00-22:00 on 06-05, fulfilling the live collaboration co1 (p1, 20%)."""
    lw.live_collaboration("co1", slot_fee_fen=slot_fee)
    lw.start("s1", at("20:00:00"), collaboration_id="co1")
    return lw.end("e1", at("22:00:00"))


# -- sessions and validity -----------------------------------------------------------------


def test_a_click_just_before_start_or_just_after_end_attributes_nothing(lw: LiveWarehouse):
    _room(lw)
    lw.live_click("k_before", at("19:59:59"), viewer_id="u1")
    lw.live_click("k_after", at("22:00:01"), viewer_id="u2")
    lw.live_click("k_at_end", at("22:00:00"), viewer_id="u3")
    for buyer in ("u1", "u2", "u3"):
        lw.placed(f"o-{buyer}", at("22:10:00"), buyer_id=buyer, traffic_source="live")
    lw.build(DAY)
    assert lw.order(DAY, "o-u1")["click_event_id"] is None
    assert lw.order(DAY, "o-u1")["channel"] == "other"  # live without a valid click
    assert lw.order(DAY, "o-u2")["click_event_id"] is None
    assert lw.order(DAY, "o-u3")["click_event_id"] == "k_at_end"  # the end is inclusive
    assert lw.session(DAY)["product_clicks"] == 1


def test_a_session_without_end_is_open_and_its_clicks_count(lw: LiveWarehouse):
    lw.live_collaboration("co1")
    lw.start("s1", at("20:00:00"), collaboration_id="co1")
    lw.live_click("k1", at("23:50:00"))
    lw.placed("o1", at("23:55:00"))
    lw.end("e1", at("00:30:00", "2026-06-06"))  # stamped and delivered the next day
    lw.build(DAY, "2026-06-06")
    assert lw.session(DAY)["end_ts"] is None
    assert lw.session(DAY)["duration_s"] is None
    assert lw.settlement(DAY, "co1")["state"] == "in_escrow"
    assert lw.order(DAY, "o1")["collaboration_id"] == "co1"
    assert lw.session("2026-06-06")["duration_s"] == 4 * 3600 + 30 * 60


def test_an_end_before_start_changes_nothing_and_the_earliest_start_is_the_host(
    lw: LiveWarehouse,
):
    lw.creator("c2")
    lw.end("e0", at("19:00:00"))
    lw.start("s2", at("20:30:00"), creator_id="c2")
    lw.start("s1", at("20:00:00"))
    lw.end("e1", at("21:00:00"))
    lw.end("e2", at("21:30:00"))
    lw.build(DAY)
    session = lw.session(DAY)
    assert (session["host_kind"], session["creator_id"]) == ("creator", "c1")
    assert session["duration_s"] == 3600


def test_a_bot_viewer_day_invalidates_its_live_events(lw: LiveWarehouse):
    _room(lw)
    lw.live_event("v1", "enter", at("20:05:00"), viewer_id="u1")
    lw.live_event("v2", "enter", at("20:05:00"), viewer_id="bot")
    lw.live_event("v3", "like", at("20:06:00"), viewer_id="bot")
    lw.bot_day("bot", DAY)
    lw.build(DAY)
    session = lw.session(DAY)
    assert (session["views"], session["unique_viewers"], session["likes"]) == (1, 1, 0)


# -- live settlement --------------------------------------------------------------------------


def test_live_collaboration_states_from_booking_to_release(lw: LiveWarehouse):
    _room(lw)
    lw.build("2026-06-04", DAY, "2026-06-11", "2026-06-12")
    assert lw.settlement("2026-06-04", "co1")["state"] == "booked"
    assert lw.settlement("2026-06-04", "co1")["live_id"] is None
    assert lw.settlement(DAY, "co1")["live_id"] == "L1"
    # released on the exact day E + live_release_days (E = 06-05)
    assert lw.settlement("2026-06-11", "co1")["state"] == "in_escrow"
    released = lw.settlement("2026-06-12", "co1")
    assert released["state"] == "released"
    assert (released["escrow_fen"], released["refund_fen"], released["disbursed_fen"]) == (
        0,
        0,
        105_000,
    )


def test_release_days_come_from_the_policy(make_live):
    lw = _room(make_live(Policy(live_release_days=3)))
    lw.build("2026-06-07", "2026-06-08")
    assert lw.settlement("2026-06-07", "co1")["state"] == "in_escrow"
    assert lw.settlement("2026-06-08", "co1")["state"] == "released"


def test_no_session_by_the_deadline_expires_and_refunds_everything(lw: LiveWarehouse):
    lw.live_collaboration("co1", slot_fee_fen=33_330)
    lw.start("late", at("20:00:00", "2026-06-11"), collaboration_id="co1")  # after 06-10
    lw.build("2026-06-10", "2026-06-11")
    assert lw.settlement("2026-06-10", "co1")["state"] == "booked"
    expired = lw.settlement("2026-06-11", "co1")
    assert expired["state"] == "expired"
    assert expired["prepaid_fen"] == 33_330 + 1667  # 1666.5 rounds half up
    assert expired["refund_fen"] == expired["prepaid_fen"]


def test_slot_fee_and_commission_add_up(lw: LiveWarehouse):
    _room(lw)
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"), amount_fen=19_900)
    lw.build(DAY)
    s = lw.settlement(DAY, "co1")
    assert s["gross_fen"] == 100_000 + 3980
    assert s["brand_fee_fen"] == 5000  # on the slot part only
    assert s["platform_fee_fen"] == 398
    assert s["brand_charge_fen"] == 108_980
    assert (s["prepaid_fen"], s["escrow_fen"], s["attributed_orders"]) == (105_000, 105_000, 1)
    assert s["billable_engagements"] is None


def test_a_slot_fee_of_zero_earns_only_commission(lw: LiveWarehouse):
    _room(lw, slot_fee=0)
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"), amount_fen=10_000)
    lw.build(DAY)
    s = lw.settlement(DAY, "co1")
    assert (s["prepaid_fen"], s["escrow_fen"], s["gross_fen"], s["brand_fee_fen"]) == (
        0,
        0,
        2000,
        0,
    )


def test_the_latest_slot_at_or_before_the_click_takes_the_order(lw: LiveWarehouse):
    lw.live_collaboration("co1", commission_bps=2000)
    lw.live_collaboration("co2", commission_bps=1500)
    lw.start("s1", at("19:00:00"), collaboration_id="co1")
    lw.start("s2", at("20:00:00"), collaboration_id="co2")
    lw.live_click("k1", at("19:59:59"), viewer_id="u1")
    lw.live_click("k2", at("20:00:00"), viewer_id="u2")
    lw.placed("o1", at("20:30:00"), buyer_id="u1")
    lw.placed("o2", at("20:30:00"), buyer_id="u2")
    lw.build(DAY)
    assert lw.order(DAY, "o1")["collaboration_id"] == "co1"
    assert lw.order(DAY, "o2")["collaboration_id"] == "co2"
    assert lw.order(DAY, "o2")["commission_fen"] == 2985
    assert lw.session(DAY)["collaborations"] == 2


def test_a_start_of_another_host_fulfils_nothing(lw: LiveWarehouse):
    lw.creator("c2")
    lw.live_collaboration("co2", creator_id="c2")
    lw.start("s1", at("19:00:00"))
    lw.start("s_other", at("19:30:00"), creator_id="c2", collaboration_id="co2")
    lw.build(DAY)
    assert lw.settlement(DAY, "co2")["state"] == "booked"
    assert lw.session(DAY)["creator_id"] == "c1"


def test_a_start_before_booking_or_for_another_model_fulfils_nothing(lw: LiveWarehouse):
    lw.live_collaboration("co1", booked_at=at("21:00:00"))
    lw.collaboration("co3", "cps", commission_bps=1000, product_id="p1")
    lw.start("s1", at("20:00:00"), collaboration_id="co1")
    lw.start("s3", at("20:00:00"), "L3", collaboration_id="co3")
    lw.build(DAY)
    assert lw.settlement(DAY, "co1")["state"] == "booked"
    assert lw.settlement(DAY, "co3")["state"] == "booked"  # cps: no video yet


def test_a_fraud_live_room_refunds_everything_and_keeps_its_orders(make_live):
    lw = make_live(Policy(fraud_min_invalid=2))
    _room(lw)
    lw.live_event("g1", "like", at("20:05:00"), viewer_id="u9")
    for bot in ("b1", "b2"):
        lw.live_event(f"like-{bot}", "like", at("20:06:00"), viewer_id=bot)
        lw.bot_day(bot, DAY)
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"))
    lw.build("2026-06-04", DAY)
    s = lw.settlement(DAY, "co1")
    assert (s["state"], s["fraud_date"]) == ("fraud", date(2026, 6, 5))
    assert (s["gross_fen"], s["refund_fen"], s["escrow_fen"]) == (0, 105_000, 0)
    order = lw.order(DAY, "o1")
    assert (order["collaboration_id"], order["commission_fen"]) == ("co1", 0)
    assert order["channel"] == "alliance"
    assert lw.session(DAY)["net_gmv_fen"] == 19_900


def test_a_refund_after_settlement_claws_back_the_live_commission(lw: LiveWarehouse):
    _room(lw)
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"), amount_fen=19_900)
    lw.order_event("o1-d", "delivered", at("21:00:00"), "o1")
    lw.order_event("o1-r", "refunded", at("10:00:00", "2026-06-13"), "o1", amount_fen=9900)
    lw.build("2026-06-12", "2026-06-13")
    before, after = lw.settlement("2026-06-12", "co1"), lw.settlement("2026-06-13", "co1")
    assert (before["settled_commission_fen"], after["settled_commission_fen"]) == (3980, 2000)
    assert before["disbursed_fen"] - after["disbursed_fen"] == 1980
    ledger = dict(
        lw.conn.execute(
            "select account, delta_fen from marts.settlement_ledger "
            "where as_of = date '2026-06-13' and collaboration_id = 'co1'"
        ).fetchall()
    )
    assert ledger["settled_commission_fen"] == -1980


# -- attribution and channels -----------------------------------------------------------------


def test_an_order_attributed_to_a_top_kol_live_click(lw: LiveWarehouse):
    lw.creator("kol", followers=3_000_000)
    lw.start("s1", at("20:00:00"), creator_id="kol")
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"))
    lw.build(DAY)
    order = lw.order(DAY, "o1")
    assert (order["live_id"], order["video_id"], order["channel"]) == ("L1", None, "top_kol")
    assert order["collaboration_id"] is None  # no slot of the room sells it


def test_the_brands_own_room_is_field_and_another_brands_room_is_alliance(lw: LiveWarehouse):
    lw.brand("b2")
    lw.start("s1", at("10:00:00"), "L1", brand_id="b1")
    lw.start("s2", at("10:00:00"), "L2", brand_id="b2")
    lw.live_click("k1", at("10:10:00"), "L1", viewer_id="u1")
    lw.live_click("k2", at("10:10:00"), "L2", viewer_id="u2")
    lw.placed("o1", at("10:20:00"), buyer_id="u1")
    lw.placed("o2", at("10:20:00"), buyer_id="u2")
    lw.build(DAY)
    assert lw.order(DAY, "o1")["channel"] == "field"
    assert lw.order(DAY, "o2")["channel"] == "alliance"
    assert lw.session(DAY, "L1")["host_kind"] == "brand"


def test_a_video_click_and_a_live_click_of_one_id_and_time_go_to_the_video(lw: LiveWarehouse):
    lw.collaboration("co3", "cps", commission_bps=2000, product_id="p1")
    lw.publish("pub", at("08:00:00"), "v1", "co3")
    lw.start("s1", at("20:00:00"))
    lw.engagement("tie", "product_click", at("21:00:00"), "v1", "u1", product_id="p1")
    lw.live_click("tie", at("21:00:00"))
    lw.live_click("later", at("21:00:00"), viewer_id="u2")
    lw.engagement("z", "product_click", at("21:00:00"), "v1", "u2", product_id="p1")
    lw.placed("o1", at("21:05:00"), buyer_id="u1")
    lw.placed("o2", at("21:05:00"), buyer_id="u2")
    lw.build(DAY)
    assert (lw.order(DAY, "o1")["video_id"], lw.order(DAY, "o1")["live_id"]) == ("v1", None)
    assert lw.order(DAY, "o1")["collaboration_id"] == "co3"
    # same time, different ids: the larger event_id wins, whatever its source
    assert lw.order(DAY, "o2")["click_event_id"] == "z"


def test_each_shelf_source_maps_to_its_channel(lw: LiveWarehouse):
    sources = {
        "search": "search",
        "MALL": "shopping_center",
        "shop": "shop",
        "showcase": "alliance",
        "Video": "other",
        "live": "other",
        "tiktok": "other",
        None: "other",
    }
    for n, source in enumerate(sources):
        lw.placed(f"o{n}", at("10:00:00"), buyer_id=f"u{n}", traffic_source=source)
    lw.build(DAY)
    for n, channel in enumerate(sources.values()):
        assert lw.order(DAY, f"o{n}")["channel"] == channel
    channels = lw.channels(DAY)
    assert {c: row["orders"] for c, row in channels.items()} == {
        "search": 1,
        "shopping_center": 1,
        "shop": 1,
        "alliance": 1,
        "other": 4,
    }
    assert sum(row["net_gmv_share"] for row in channels.values()) == 1.0


def test_overlapping_promotions_the_earliest_start_then_the_smaller_id(lw: LiveWarehouse):
    lw.promotion("pr2", "2026-06-01", "2026-06-05")
    lw.promotion("pr1", "2026-06-03", "2026-06-10")
    lw.promotion("pr0", "2026-06-01", "2026-06-01")
    lw.promotion("pr3", "2026-06-01", "2026-06-01")
    lw.placed("o1", at("10:00:00", "2026-06-01"), buyer_id="u1")
    lw.placed("o2", at("10:00:00", "2026-06-05"), buyer_id="u2")
    lw.placed("o3", at("10:00:00", "2026-06-06"), buyer_id="u3")
    lw.placed("o4", at("10:00:00", "2026-06-11"), buyer_id="u4")
    lw.build("2026-06-11")
    promotions = [lw.order("2026-06-11", f"o{n}")["promotion_id"] for n in (1, 2, 3, 4)]
    assert promotions == ["pr0", "pr2", "pr1", None]
    other = lw.channels("2026-06-11")["other"]
    assert (other["net_gmv_fen"], other["promotion_net_gmv_fen"]) == (4 * 19_900, 3 * 19_900)


def test_the_channel_window_holds_the_last_channel_window_days(lw: LiveWarehouse):
    lw.placed("old", at("10:00:00", "2026-05-06"), buyer_id="u1", traffic_source="search")
    lw.placed("in", at("10:00:00", "2026-05-07"), buyer_id="u2", traffic_source="search")
    lw.build(DAY)
    assert lw.channels(DAY)["search"]["orders"] == 1  # 06-05 - 29 = 05-07
    daily = lw.conn.execute(
        "select business_date, orders from marts.channel_gmv_daily where as_of = date '2026-06-05'"
    ).fetchall()
    assert daily == [(date(2026, 5, 7), 1)]


def test_a_day_with_no_net_gmv_has_null_shares(lw: LiveWarehouse):
    lw.placed("o1", at("10:00:00"), traffic_source="mall")
    lw.order_event("o1-r", "refunded", at("11:00:00"), "o1", amount_fen=19_900)
    lw.build(DAY)
    row = lw.channels(DAY)["shopping_center"]
    assert (row["gmv_fen"], row["refund_fen"], row["net_gmv_fen"]) == (19_900, 19_900, 0)
    assert row["net_gmv_share"] is None


def test_the_channels_partition_check_counts_no_violation(lw: LiveWarehouse):
    from starmap.warehouse import run_sql

    _room(lw)
    lw.live_click("k1", at("20:10:00"))
    lw.placed("o1", at("20:15:00"))
    lw.placed("o2", at("20:15:00"), buyer_id="u2", traffic_source="search")
    lw.build(DAY)
    params = lw.policy.sql_params() | {"first": date(2026, 6, 5), "last": date(2026, 6, 5)}
    check = "marts/channels/check_channels_partition_orders"
    assert run_sql(lw.conn, check, params).fetchall() == [(0,)]
    lw.conn.execute("delete from marts.channel_gmv where channel = 'search'")
    assert run_sql(lw.conn, check, params).fetchall() == [(1,)]

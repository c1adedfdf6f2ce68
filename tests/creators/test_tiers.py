"""Creator tiers (domain.md 7): follower tiers, 30-day performance, peer indices, star index,
performance tiers and expected prices, at their edges."""

import pytest

from starmap.settings import Policy
from tests.creators.warehouse_rows import Rows, creator_tiers

D = "2026-06-30"
D_MINUS_29 = "2026-06-01"
D_MINUS_30 = "2026-05-31"
MIN3 = Policy(rated_min_plays=3)


def performer(
    rows: Rows,
    creator_id: str,
    plays: int,
    *,
    engagements: int = 0,
    net_gmv_fen: int = 0,
    category: str = "beauty",
    day: str = "2026-06-20",
) -> None:
    """A creator with one video and `plays` plays, `engagements` distinct likes and one order
    of commission base `net_gmv_fen` attributed to the video, all on `day`."""
    rows.creator(creator_id, category=category)
    video = f"v_{creator_id}"
    rows.publish(video, creator_id, "2026-05-01 08:00")
    rows.engagements("play", video, plays, f"{day} 10:00")
    rows.engagements("like", video, engagements, f"{day} 10:05")
    if net_gmv_fen:
        rows.attributed_order(D, f"o_{creator_id}", video, f"{day} 11:00", paid_fen=net_gmv_fen)


FOLLOWER_TIERS = {
    0: "koc",
    99_999: "koc",
    100_000: "tail",
    299_999: "tail",
    300_000: "waist",
    999_999: "waist",
    1_000_000: "shoulder",
    2_999_999: "shoulder",
    3_000_000: "head",
    9_999_999: "head",
    10_000_000: "top",
}


def test_follower_tier_boundaries(rows: Rows) -> None:
    for followers in FOLLOWER_TIERS:
        rows.creator(f"c{followers}", followers=followers)
    tiers = creator_tiers(rows.conn, D)
    actual = {t["followers"]: t["follower_tier"] for t in tiers.values()}
    assert actual == FOLLOWER_TIERS


def test_performance_window_includes_day_d_minus_29(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-05-01 08:00")
    rows.engagement("play", "v1", "u1", f"{D_MINUS_29} 00:00")
    rows.engagement("play", "v1", "u2", f"{D} 23:59")
    assert creator_tiers(rows.conn, D)["c1"]["plays_30d"] == 2


def test_performance_window_excludes_day_d_minus_30(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-05-01 08:00")
    rows.engagement("play", "v1", "u1", f"{D_MINUS_30} 23:59")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["plays_30d"] == 0
    assert tier["completion_rate"] is None


def test_performance_sums_all_the_creators_videos(rows: Rows) -> None:
    rows.creator("c1")
    rows.creator("c2")
    rows.publish("v1", "c1", "2026-05-01 08:00")
    rows.publish("v2", "c1", "2026-06-10 08:00")
    rows.publish("v3", "c2", "2026-06-10 08:00")
    for video in ("v1", "v2", "v3"):
        rows.engagement("play", video, "u1", "2026-06-20 10:00")
    assert creator_tiers(rows.conn, D)["c1"]["plays_30d"] == 2


def test_invalid_events_count_nowhere(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-06-10 08:00")
    rows.engagement("play", "v1", "u1", "2026-06-10 07:59")  # before the publish
    rows.engagement("play", "v1", "u2", "2026-06-10 08:00")
    rows.video_event("delete", "v1", "c1", "2026-06-20 00:00")
    rows.engagement("play", "v1", "u3", "2026-06-21 10:00")  # after the delete
    assert creator_tiers(rows.conn, D)["c1"]["plays_30d"] == 1


def test_engagement_rate_counts_each_viewer_video_and_type_once(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-06-10 08:00")
    for viewer in ("u1", "u2", "u3", "u4"):
        rows.engagement("play", "v1", viewer, "2026-06-20 10:00")
    rows.engagement("like", "v1", "u1", "2026-06-20 10:01")
    rows.engagement("like", "v1", "u1", "2026-06-21 10:01")  # same viewer, video, type
    rows.engagement("comment", "v1", "u1", "2026-06-20 10:02")
    rows.engagement("share", "v1", "u2", "2026-06-20 10:03")
    rows.engagement("follow", "v1", "u3", "2026-06-20 10:04")  # not an engagement here
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["engagement_rate"] == 3 / 4


def test_completion_rate_and_ctr_divide_by_plays(rows: Rows) -> None:
    rows.creator("c1")
    rows.publish("v1", "c1", "2026-06-10 08:00")
    for viewer in ("u1", "u2", "u3", "u4"):
        rows.engagement("play", "v1", viewer, "2026-06-20 10:00")
    rows.engagement("complete_play", "v1", "u1", "2026-06-20 10:01")
    rows.engagement("complete_play", "v1", "u2", "2026-06-20 10:01")
    rows.engagement("complete_play", "v1", "u3", "2026-06-20 10:01")
    rows.engagement("product_click", "v1", "u1", "2026-06-20 10:02", product_id="p1")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["completion_rate"] == 3 / 4
    assert tier["ctr"] == 1 / 4


def test_gpm_is_net_gmv_of_orders_placed_in_the_window_per_thousand_plays(rows: Rows) -> None:
    rows.creator("c1")
    rows.creator("c2")
    rows.publish("v1", "c1", "2026-05-01 08:00")
    rows.publish("v2", "c2", "2026-05-01 08:00")
    for viewer in ("u1", "u2", "u3", "u4"):
        rows.engagement("play", "v1", viewer, "2026-06-20 10:00")
    rows.attributed_order(D, "o1", "v1", f"{D_MINUS_29} 00:00", paid_fen=1000)
    rows.attributed_order(D, "o2", "v1", f"{D_MINUS_30} 23:59", paid_fen=5000)  # too early
    rows.attributed_order(D, "o3", "v1", "2026-06-10 10:00", paid_fen=3000, refunded_fen=1000)
    rows.attributed_order(D, "o4", "v1", "2026-06-10 10:00", paid_fen=900, base_fen=0)
    rows.attributed_order(D, "o5", "v2", "2026-06-10 10:00", paid_fen=7000)  # other creator
    rows.attributed_order("2026-07-01", "o6", "v1", "2026-06-10 10:00", paid_fen=7000)
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["gpm_fen"] == (1000 + 2000) * 1000 / 4


def test_rates_are_null_without_plays(rows: Rows) -> None:
    rows.creator("c1")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["plays_30d"] == 0
    for column in ("engagement_rate", "completion_rate", "ctr", "gpm_fen"):
        assert tier[column] is None, column
    assert tier["performance_tier"] == "unrated"
    assert tier["cooperation_index"] == 100.0


def test_creator_below_rated_min_plays_is_unrated_with_rates(rows: Rows) -> None:
    performer(rows, "c1", plays=4, engagements=1)
    tier = creator_tiers(rows.conn, D, Policy(rated_min_plays=5))["c1"]
    assert tier["performance_tier"] == "unrated"
    assert tier["engagement_rate"] == 1 / 4
    for column in ("spread_index", "seeding_index", "conversion_index", "star_index"):
        assert tier[column] is None, column
    assert tier["cooperation_index"] == 100.0


def test_creator_at_rated_min_plays_is_rated(rows: Rows) -> None:
    performer(rows, "c1", plays=5)
    tier = creator_tiers(rows.conn, D, Policy(rated_min_plays=5))["c1"]
    assert tier["performance_tier"] == "S"
    assert tier["spread_index"] == 100.0


def test_unrated_creators_are_not_peers(rows: Rows) -> None:
    performer(rows, "c1", plays=5)
    performer(rows, "c2", plays=4)
    performer(rows, "c3", plays=9)
    tiers = creator_tiers(rows.conn, D, Policy(rated_min_plays=5))
    assert tiers["c1"]["spread_index"] == pytest.approx(50.0)
    assert tiers["c3"]["spread_index"] == pytest.approx(100.0)


def test_peer_index_ties_share_the_cume_dist(rows: Rows) -> None:
    performer(rows, "c1", plays=5)
    performer(rows, "c2", plays=8)
    performer(rows, "c3", plays=8)
    tiers = creator_tiers(rows.conn, D, MIN3)
    assert tiers["c1"]["spread_index"] == pytest.approx(100 / 3)
    assert tiers["c2"]["spread_index"] == pytest.approx(100.0)
    assert tiers["c3"]["spread_index"] == pytest.approx(100.0)
    # Nobody engaged or sold: every rated creator ties at the top.
    assert {t["seeding_index"] for t in tiers.values()} == {100.0}
    assert {t["conversion_index"] for t in tiers.values()} == {100.0}


def test_peer_indices_rank_within_the_category(rows: Rows) -> None:
    performer(rows, "c1", plays=5, category="beauty")
    performer(rows, "c2", plays=50, category="food")
    tiers = creator_tiers(rows.conn, D, MIN3)
    assert tiers["c1"]["spread_index"] == 100.0
    assert tiers["c2"]["spread_index"] == 100.0


def test_star_index_is_the_mean_of_four_indices_rounded_to_6_decimals(rows: Rows) -> None:
    performer(rows, "c1", plays=8)
    performer(rows, "c2", plays=6)
    performer(rows, "c3", plays=5, engagements=1)
    rows.publish("v9", "c1", "2026-06-04 12:00", is_commercial=True)  # credit 12 -> 9
    tier = creator_tiers(rows.conn, D, MIN3)["c1"]
    # spread 100, seeding 2/3 (c1 and c2 tie at 0), conversion 100, cooperation 75
    assert tier["star_index"] == 85.416667
    assert tier["performance_tier"] == "S"


def test_performance_tier_thresholds_are_inclusive(rows: Rows) -> None:
    # Five rated peers; each index is 20, 40, 60, 80 or 100.
    performer(rows, "a", plays=7, engagements=3, net_gmv_fen=100)
    performer(rows, "b", plays=6, engagements=1, net_gmv_fen=200)
    performer(rows, "c", plays=5)
    performer(rows, "d", plays=4, engagements=1, net_gmv_fen=200)
    performer(rows, "e", plays=3, engagements=1, net_gmv_fen=200)
    for n in range(5):  # d: credit 12 - 5 x 2 = 2, cooperation 100 x 2 / 12
        rows.settlement(D, f"co{n}", "d", "removed_early", retention_broken_date="2026-06-20")
    tiers = creator_tiers(rows.conn, D, MIN3)
    stars = {cid: (t["star_index"], t["performance_tier"]) for cid, t in tiers.items()}
    assert stars == {
        "a": (85.0, "S"),  # (100 + 100 + 40 + 100) / 4
        "b": (70.0, "A"),  # (80 + 40 + 60 + 100) / 4
        "c": (50.0, "B"),  # (60 + 20 + 20 + 100) / 4
        "d": (49.166667, "C"),  # (40 + 60 + 80 + 16.67) / 4
        "e": (75.0, "A"),  # (20 + 80 + 100 + 100) / 4
    }


def test_expected_cpm_uses_the_median_plays_of_videos_published_in_the_window(
    rows: Rows,
) -> None:
    rows.creator("c1", price_21_60s_fen=400_000)
    for video, plays in (("v1", 1), ("v2", 4), ("v3", 10)):
        rows.publish(video, "c1", f"{D_MINUS_29} 08:00")
        rows.engagements("play", video, plays, "2026-06-20 10:00")
    rows.publish("v0", "c1", f"{D_MINUS_30} 08:00")  # published before the window
    rows.engagements("play", "v0", 50, "2026-06-20 10:00")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["expected_cpm_fen"] == 400_000 * 1000 / 4


def test_expected_prices_median_of_an_even_count_is_the_mean_of_the_middle_two(
    rows: Rows,
) -> None:
    rows.creator("c1", price_21_60s_fen=300_000)
    for video, plays, likes in (("v1", 2, 1), ("v2", 3, 2), ("v3", 9, 9), ("v4", 1, 0)):
        rows.publish(video, "c1", "2026-06-10 08:00")
        rows.engagements("play", video, plays, "2026-06-20 10:00")
        rows.engagements("like", video, likes, "2026-06-20 10:01")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["expected_cpm_fen"] == 300_000 * 1000 / 2.5  # plays 1, 2, 3, 9
    assert tier["expected_cpe_fen"] == 300_000 / 1.5  # engagements 0, 1, 2, 9


def test_expected_cpe_counts_unique_engagements_per_video(rows: Rows) -> None:
    rows.creator("c1", price_21_60s_fen=300_000)
    rows.publish("v1", "c1", "2026-06-10 08:00")
    rows.engagement("like", "v1", "u1", "2026-06-20 10:00")
    rows.engagement("like", "v1", "u1", "2026-06-21 10:00")
    rows.engagement("comment", "v1", "u1", "2026-06-20 10:00")
    rows.engagement("share", "v1", "u2", "2026-06-20 10:00")
    assert creator_tiers(rows.conn, D)["c1"]["expected_cpe_fen"] == 300_000 / 3


def test_expected_prices_are_null_when_the_median_is_zero(rows: Rows) -> None:
    rows.creator("c1", price_21_60s_fen=300_000)
    for video, plays in (("v1", 0), ("v2", 0), ("v3", 5)):
        rows.publish(video, "c1", "2026-06-10 08:00")
        rows.engagements("play", video, plays, "2026-06-20 10:00")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["expected_cpm_fen"] is None
    assert tier["expected_cpe_fen"] is None


def test_expected_prices_are_null_without_a_quote(rows: Rows) -> None:
    rows.creator("c1", price_21_60s_fen=None)
    rows.publish("v1", "c1", "2026-06-10 08:00")
    rows.engagements("play", "v1", 5, "2026-06-20 10:00")
    rows.engagements("like", "v1", 5, "2026-06-20 10:00")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["expected_cpm_fen"] is None
    assert tier["expected_cpe_fen"] is None


def test_expected_prices_are_null_without_videos_in_the_window(rows: Rows) -> None:
    rows.creator("c1", price_21_60s_fen=300_000)
    rows.publish("v1", "c1", f"{D_MINUS_30} 08:00")
    rows.engagements("play", "v1", 5, "2026-06-20 10:00")
    assert creator_tiers(rows.conn, D)["c1"]["expected_cpm_fen"] is None


def test_one_row_per_creator_known_as_of_the_date(rows: Rows) -> None:
    rows.creator("c_on_d", joined_at=D)
    rows.creator("c_after", joined_at="2026-07-01")
    rows.creator("c_undated", joined_at=None)
    assert set(creator_tiers(rows.conn, D)) == {"c_on_d", "c_undated"}


def test_recomputing_a_snapshot_replaces_its_rows(rows: Rows) -> None:
    rows.creator("c1")
    creator_tiers(rows.conn, D)
    creator_tiers(rows.conn, D)
    count = rows.conn.execute("select count(*) from marts.creator_tiers").fetchone()[0]
    assert count == 1


def test_engagements_on_the_first_day_of_the_window_count_for_rate_and_cpe(
    rows: Rows,
) -> None:
    # Snapshots read only the window's events: its first day must be in, with the day before.
    rows.creator("c1", price_21_60s_fen=300_000)
    rows.publish("v1", "c1", f"{D_MINUS_29} 00:00")
    rows.engagement("play", "v1", "u1", f"{D_MINUS_29} 00:00")
    rows.engagement("play", "v1", "u2", f"{D_MINUS_29} 00:01")
    rows.engagement("like", "v1", "u1", f"{D_MINUS_29} 00:00")
    rows.publish("v0", "c1", f"{D_MINUS_30} 08:00")  # before the window, liked on both sides
    rows.engagement("like", "v0", "u3", f"{D_MINUS_30} 23:59")
    rows.engagement("like", "v0", "u3", f"{D_MINUS_29} 00:00")
    tier = creator_tiers(rows.conn, D)["c1"]
    assert tier["engagement_rate"] == 2 / 2  # (u1, v1, like) and (u3, v0, like)
    assert tier["expected_cpe_fen"] == 300_000 / 1  # v1 alone was published in the window

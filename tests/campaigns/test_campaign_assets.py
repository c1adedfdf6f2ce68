"""The campaigns assets in Dagster: keys, groups, dependencies, and a backfill of a range."""

from datetime import date

import dagster as dg

from pipelines.campaigns.assets import campaign_funnel, campaign_funnel_daily
from starmap.warehouse import connect
from tests.creators.warehouse_rows import DIMENSIONS, Rows, materialize_range


def test_asset_keys_groups_and_dependencies() -> None:
    assert campaign_funnel.key == dg.AssetKey("campaign_funnel")
    assert campaign_funnel_daily.key == dg.AssetKey("campaign_funnel_daily")
    for asset in (campaign_funnel, campaign_funnel_daily):
        assert asset.group_names_by_key[asset.key] == "campaigns"
    # Read from the SQL: the daily funnel counts events and attributed orders; the funnel
    # sums its days and takes the cost from the settlements.
    assert set(campaign_funnel_daily.asset_deps[campaign_funnel_daily.key]) == {DIMENSIONS} | {
        dg.AssetKey("video_events"),
        dg.AssetKey("engagement_events"),
        dg.AssetKey("order_events"),
        dg.AssetKey("order_attribution"),
        dg.AssetKey("live_events"),  # the campaign's live sessions (domain.md 9)
    }
    assert set(campaign_funnel.asset_deps[campaign_funnel.key]) == {DIMENSIONS} | {
        dg.AssetKey("video_events"),
        dg.AssetKey("settlements"),
        dg.AssetKey("campaign_funnel_daily"),
    }


def test_backfill_writes_every_date_of_the_range_and_passes_its_checks(rows: Rows) -> None:
    rows.brand("b1")
    rows.campaign("k1", "b1", "2026-06-02", "2026-06-10")
    rows.creator("c1")
    rows.collaboration("co1", "k1", "c1", booked_at="2026-06-01 10:00")
    rows.publish("v1", "c1", "2026-06-01 12:00", collaboration_id="co1")
    rows.engagement("play", "v1", "u1", "2026-06-02 10:00")
    rows.settlement("2026-06-03", "co1", "c1", "in_escrow", brand_charge_fen=1000)

    result, path = materialize_range(
        rows, [campaign_funnel_daily, campaign_funnel], "2026-06-01", "2026-06-03"
    )

    assert result.success
    checks = result.get_asset_check_evaluations()
    assert sorted(check.check_name for check in checks) == [
        "days_within_campaign",
        "key_is_unique",
        "key_is_unique",
        "order_money_consistent",
        "roas_defined_by_cost",
    ]
    assert all(check.passed for check in checks)
    with connect(path, read_only=True) as conn:
        funnel = conn.execute(
            "select as_of, plays, cost_fen from marts.campaign_funnel order by as_of"
        ).fetchall()
    # Not started on 06-01; the play of 06-02 from then on; the cost of 06-03 only then.
    assert funnel == [(date(2026, 6, 2), 1, 0), (date(2026, 6, 3), 1, 1000)]

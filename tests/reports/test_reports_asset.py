"""The Dagster asset `reports`: its place in the graph and a materialisation."""

import dagster as dg

from pipelines.reports.assets import ASSET_CHECKS, ASSETS, reports
from pipelines.resources import ReportsResource, WarehouseResource
from starmap.reports.format import campaign_page_name
from tests.reports.reports_fixture import CAMPAIGN_IDS


def test_reports_asset_depends_on_every_mart_it_reads():
    assert [reports] == ASSETS
    assert ASSET_CHECKS == []
    spec = next(iter(reports.specs))
    assert spec.key == dg.AssetKey("reports")
    assert spec.group_name == "reports"
    assert reports.partitions_def is None
    # Read from sql/reports/: the pages show money from the settlements, not the ledger.
    assert {dep.asset_key for dep in spec.deps} == {
        dg.AssetKey(k)
        for k in (
            "settlements",
            "order_attribution",
            "creator_tiers",
            "campaign_funnel",
            "campaign_funnel_daily",
            # the brand channel pages and the campaigns' live sessions (domain.md 9, 10)
            "channel_gmv",
            "channel_gmv_daily",
            "live_sessions",
        )
    }


def test_reports_asset_writes_every_page_for_the_newest_snapshot(report_warehouse, tmp_path):
    folder = tmp_path / "reports"
    result = dg.materialize(
        [reports],
        resources={
            "warehouse": WarehouseResource(path=str(report_warehouse)),
            "reports_dir": ReportsResource(path=str(folder)),
        },
    )
    assert result.success
    metadata = result.asset_materializations_for_node("reports")[0].metadata
    assert metadata["as_of"].value == "2026-06-30"
    assert metadata["campaign_pages"].value == len(CAMPAIGN_IDS)
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"pages_open_offline": True, "every_campaign_has_a_page": True}
    for name in ["index.html", "overview.html", "plotly.min.js"] + [
        campaign_page_name(c) for c in CAMPAIGN_IDS
    ]:
        assert (folder / name).is_file(), name

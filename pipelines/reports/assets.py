"""reports domain: the HTML reports marketers open (starmap/reports renders them)."""

import re

import dagster as dg

from pipelines.resources import ReportsResource, WarehouseResource
from pipelines.snapshots import asset_keys_writing
from starmap.models import SQL_DIR, read_inputs
from starmap.reports import RenderSummary, render_reports
from starmap.reports.html import PLOTLY_JS
from starmap.warehouse import fetch_row


def upstream() -> list[dg.AssetKey]:
    """The snapshot assets whose marts the report queries (sql/reports/) read."""
    read = {
        table
        for path in sorted((SQL_DIR / "reports").glob("*.sql"))
        for table in read_inputs(path.read_text(encoding="utf-8"))
        if table.startswith("marts.")
    }
    return asset_keys_writing(read)


# A page that fetches anything from the network would not open offline.
_REMOTE_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _offline_check(summary: RenderSummary) -> dg.AssetCheckResult:
    remote = [
        name
        for name in summary.pages
        if _REMOTE_REFERENCE.search((summary.folder / name).read_text(encoding="utf-8"))
    ]
    shipped = (summary.folder / PLOTLY_JS).is_file()
    return dg.AssetCheckResult(
        check_name="pages_open_offline",
        passed=shipped and not remote,
        metadata={"plotly_js_shipped": shipped, "pages_with_remote_references": remote},
    )


def _every_campaign_check(summary: RenderSummary, campaigns: int) -> dg.AssetCheckResult:
    pages = [name for name in summary.pages if name.startswith("campaign_")]
    return dg.AssetCheckResult(
        check_name="every_campaign_has_a_page",
        passed=len(pages) == campaigns,
        metadata={"campaigns": campaigns, "campaign_pages": len(pages)},
    )


@dg.asset(
    group_name="reports",
    deps=upstream(),
    check_specs=[
        dg.AssetCheckSpec(
            "pages_open_offline",
            asset="reports",
            description="plotly.min.js ships beside the pages; no page loads from the network",
        ),
        dg.AssetCheckSpec(
            "every_campaign_has_a_page",
            asset="reports",
            description="one campaign_<id>.html per campaign of the snapshot",
        ),
    ],
    kinds={"html", "plotly"},
)
def reports(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    reports_dir: ReportsResource,
) -> dg.MaterializeResult:
    """HTML reports for marketers, for the newest snapshot in the marts.

    `index.html` lists every campaign with cost, net GMV, ROAS, orders and settlement
    money; `overview.html` puts campaigns side by side with creator tiers, brand money over
    time and quarantine counts; `campaign_<id>.html` shows one campaign's funnel, daily
    trend, creators, settlement states and creative styles. Opens offline: plotly.min.js is
    written once beside the pages.
    """
    # The reports never change the warehouse: readers may run beside a writer.
    with warehouse.reading() as conn:
        summary = render_reports(conn, reports_dir.root)
        campaigns = len([name for name in summary.pages if name.startswith("campaign_")])
        (snapshot_campaigns,) = fetch_row(
            conn,
            "select count(distinct campaign_id) from ("
            " select campaign_id from marts.campaign_funnel where as_of = $as_of"
            " union all select campaign_id from marts.settlements where as_of = $as_of)",
            {"as_of": summary.as_of},
        )
    context.log.info(
        f"reports as of {summary.as_of}: {len(summary.pages)} pages in {summary.seconds:.1f}s "
        f"-> {reports_dir.root}"
    )
    return dg.MaterializeResult(
        metadata={
            "as_of": dg.MetadataValue.text(str(summary.as_of)),
            "index": dg.MetadataValue.path(str((reports_dir.root / "index.html").resolve())),
            "pages": dg.MetadataValue.int(len(summary.pages)),
            "campaign_pages": dg.MetadataValue.int(campaigns),
            "figures": dg.MetadataValue.int(sum(summary.figures.values())),
            "largest_page_bytes": dg.MetadataValue.int(max(summary.page_bytes.values())),
            "render_seconds": dg.MetadataValue.float(round(summary.seconds, 3)),
        },
        check_results=[
            _offline_check(summary),
            _every_campaign_check(summary, int(snapshot_campaigns)),
        ],
    )


ASSETS = [reports]
ASSET_CHECKS: list = []  # the reports' checks run inside the asset (check_specs above)

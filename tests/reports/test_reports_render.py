"""The report folder: pages, links, offline plotly.js, formatting and empty states."""

import re
import shutil

from pipelines.ingest import engagement_facts
from starmap.reports import render_reports
from starmap.reports.format import brand_page_name, campaign_page_name
from starmap.warehouse import connect, ensure_schema
from tests.reports.reports_fixture import BRAND_IDS, CAMPAIGN_IDS, K4

AS_OF_TEXT = "As of 2026-06-30"


def _page(rendered, name: str) -> str:
    return (rendered.folder / name).read_text(encoding="utf-8")


def _empty_states(html: str) -> set[str]:
    return set(re.findall(r'class="empty-state" data-empty="([a-z-]+)"', html))


def test_every_campaign_gets_a_page_linked_from_the_index(rendered):
    index = _page(rendered, "index.html")
    expected = {campaign_page_name(c) for c in CAMPAIGN_IDS} | {
        brand_page_name(b) for b in BRAND_IDS
    }
    assert expected | {"index.html", "overview.html"} == set(rendered.pages)
    for name in expected:
        assert f'href="{name}"' in index
    assert 'href="overview.html"' in index


def test_plotly_js_ships_once_beside_the_pages(rendered):
    scripts = sorted(p.name for p in rendered.folder.glob("*.js"))
    assert scripts == ["plotly.min.js"]
    for name in rendered.pages:
        html = _page(rendered, name)
        assert "://" not in html  # nothing from a CDN or any other server
        if rendered.figures[name]:
            assert html.count('<script src="plotly.min.js"') == 1
        # plotly.js (4.8 MB) is not inlined: every page stays small.
        assert rendered.page_bytes[name] < 100_000


def test_every_page_shows_the_as_of_date(rendered):
    for name in rendered.pages:
        assert AS_OF_TEXT in _page(rendered, name), name


def test_pages_declare_utf8_and_a_cjk_font_fallback(rendered):
    for name in rendered.pages:
        html = _page(rendered, name)
        assert '<meta charset="utf-8">' in html
        assert "Noto Sans CJK SC" in html
    assert "618 口红种草" in _page(rendered, "index.html")
    assert "小美的化妆间" in _page(rendered, "campaign_k1.html")


def test_index_shows_headline_money_in_yuan(rendered):
    index = _page(rendered, "index.html")
    # k1: cost 537,255 fen, net GMV 79,600 fen, ROAS 0.148..., 5 orders (4 paid),
    # held 630,000 fen, paid out 3,980 fen, refunded 210,000 fen.
    for text in ("¥5,372.55", "¥796.00", "0.15×", "5 (4)", "¥6,300.00", "¥39.80", "¥2,100.00"):
        assert text in index, text
    assert "no cost yet" in index  # k3 and k4


def test_campaign_page_shows_stage_to_stage_rates(rendered):
    html = _page(rendered, "campaign_k1.html")
    # plays 120 of 400 impressions; 4 paid of 5 orders.
    assert "30.0%" in html
    assert "80.0%" in html
    assert "Where shoppers drop off" in html


def test_the_funnel_runs_from_plays_to_clicks_with_engagements_beside(rendered):
    html = _page(rendered, "campaign_k1.html")
    funnel = html[html.index('id="funnel"') : html.index('id="trend"')]
    table = funnel[funnel.index("<table>") : funnel.index("</table>")]
    stages = re.findall(r"<tr><td>([^<]+)</td>", table)
    assert stages == ["Impressions", "Plays", "Product clicks", "Orders", "Paid orders"]
    # Clicks are a share of plays (12 of 120), orders of clicks (5 of 12).
    assert "10.0%" in table and "41.7%" in table
    chart = funnel[: funnel.index("<table>")]
    assert "Engagements" not in chart and "12 (10.0% of previous)" in chart
    # Beside it: 12 unique likes, comments and shares, 60 complete plays of 120 plays.
    beside = funnel[funnel.index("</table>") :]
    assert "Engagements" in beside and "10.0% of plays" in beside
    assert "Complete plays" in beside and "50.0% of plays" in beside


def test_campaign_with_orders_has_no_empty_state(rendered):
    assert _empty_states(_page(rendered, "campaign_k1.html")) == set()
    assert rendered.figures["campaign_k1.html"] == 6


def test_campaign_without_orders_says_so_instead_of_sales_charts(rendered):
    html = _page(rendered, "campaign_k2.html")
    assert _empty_states(html) == {"no-orders"}
    assert "No shopper has ordered" in html
    assert "Daily sales: orders and GMV" not in html


def test_campaign_without_published_videos_says_so(rendered):
    html = _page(rendered, "campaign_k3.html")
    assert {"no-videos", "zero-cost"} <= _empty_states(html)
    assert "Where shoppers drop off: from seeing" not in html  # no funnel chart
    assert rendered.figures["campaign_k3.html"] == 1  # only the escrow held for the booking


def test_campaign_with_zero_cost_explains_the_missing_roas(rendered):
    html = _page(rendered, campaign_page_name(K4))
    assert "zero-cost" in _empty_states(html)
    assert "ROAS" in html and "not defined" in html


def test_unsafe_campaign_id_gets_a_file_safe_page_name(rendered):
    name = campaign_page_name(K4)
    assert re.fullmatch(r"campaign_[A-Za-z0-9_-]+\.html", name)
    assert (rendered.folder / name).is_file()


def test_overview_shows_quarantine_by_reason_and_tiers(rendered):
    html = _page(rendered, "overview.html")
    assert "Data held back by quality checks" in html
    assert "unreadable" in html and "conflict" in html
    assert "Creators by performance tier" in html
    assert "Brand money over time" in html
    assert rendered.figures["overview.html"] == 5


def test_pages_stay_small_when_events_grow(report_warehouse, rendered, tmp_path):
    big = tmp_path / "big.duckdb"
    shutil.copyfile(report_warehouse, big)
    with connect(big) as conn:
        # 300,000 more valid plays on k1's tutorial video.
        conn.execute(
            """
            insert into staging.engagement_events (
                event_id, event_type, event_ts, business_date, video_id, viewer_id,
                product_id, delivery_date, admitted_date, source_file, row_number,
                claims_event_id
            )
            select
                'bulk-' || i, 'play', timestamptz '2026-06-10 10:00:00+08' + i * interval 1 second,
                date '2026-06-10', 'v1', 'viewer-' || i, null, date '2026-06-10',
                date '2026-06-10', 'bulk.csv', i, false
            from range(300000) as t(i)
            """
        )
        engagement_facts.rebuild(conn)  # as the load of those rows would
    with connect(big, read_only=True) as conn:
        summary = render_reports(conn, tmp_path / "reports")
    for name, size in summary.page_bytes.items():
        assert abs(size - rendered.page_bytes[name]) < 200, name  # a few digits more at most
    assert "300,040" in (tmp_path / "reports" / "campaign_k1.html").read_text(encoding="utf-8")


def test_an_empty_warehouse_gets_an_index_that_says_so(tmp_path):
    with connect(tmp_path / "empty.duckdb") as conn:
        ensure_schema(conn)
        summary = render_reports(conn, tmp_path / "reports")
    assert summary.as_of is None
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'data-empty="no-campaigns"' in index
    assert set(summary.pages) == {"index.html", "overview.html"}


def test_a_campaign_page_from_an_older_render_is_removed(report_warehouse, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "campaign_gone.html").write_text("old", encoding="utf-8")
    with connect(report_warehouse, read_only=True) as conn:
        render_reports(conn, folder)
    assert not (folder / "campaign_gone.html").exists()

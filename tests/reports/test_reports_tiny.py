"""End to end: the tiny golden landing zone through `starmap run`, then the reports.
Expected numbers are those of ../shared/examples/tiny/expected/as_of_2026-08-05.json."""

from starmap.reports import render_reports
from starmap.warehouse import connect


def test_tiny_reports_show_the_golden_campaign_numbers(tiny_warehouse, tmp_path):
    with connect(tiny_warehouse, read_only=True) as conn:
        summary = render_reports(conn, tmp_path / "reports")
    assert str(summary.as_of) == "2026-08-05"
    assert set(summary.pages) == {"index.html", "overview.html", "campaign_k1.html"}
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "618 口红种草" in index
    # k1: cost_fen 533380, net_gmv_fen 59700, roas 0.1119..., 4 orders of which 3 paid.
    for text in ("¥5,333.80", "¥597.00", "0.11×", "4 (3)", "As of 2026-08-05"):
        assert text in index, text
    page = (tmp_path / "reports" / "campaign_k1.html").read_text(encoding="utf-8")
    # Funnel stage rates: 6 clicks of 20 plays, 4 orders of 6 clicks, 3 paid of 4 orders;
    # beside it 10 engagements (and 9 complete plays) of 20 plays.
    for text in ("30.0%", "66.7%", "75.0%", "50.0% of plays", "45.0% of plays"):
        assert text in page, text
    # co1 (c1) released as of 08-05: 5,000.00 + 5% fee paid out.
    assert "小美的化妆间" in page and "¥5,250.00" in page

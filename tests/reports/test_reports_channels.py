"""The brand pages (FACT+S channel mix, domain.md 10) and the live sessions of a campaign
(domain.md 9) in the rendered reports of the fixture warehouse."""

from starmap.reports.format import campaign_page_name


def _page(rendered, name: str) -> str:
    return (rendered.folder / name).read_text(encoding="utf-8")


def test_each_brand_page_is_linked_from_the_index(rendered):
    index = _page(rendered, "index.html")
    assert 'href="brand_b1.html"' in index and 'href="brand_b2.html"' in index
    assert "¥1,194.00" in index  # b1's net GMV over the window


def test_the_brand_page_shows_its_channel_mix_and_promotions(rendered):
    html = _page(rendered, "brand_b1.html")
    assert rendered.figures["brand_b1.html"] == 2  # share by channel, daily by channel
    for label in ("Top KOLs (T)", "Creator matrix (A)", "Search (S)", "Other"):
        assert label in html
    assert "50.0%" in html  # top KOLs: 59,700 of 119,400
    assert "618 大促" in html  # the promotion period marked on the daily chart
    assert rendered.empty_states["brand_b1.html"] == []


def test_a_brand_without_net_gmv_says_so_instead_of_a_share_chart(rendered):
    assert rendered.empty_states["brand_b2.html"] == ["no-net-gmv"]
    assert rendered.figures["brand_b2.html"] == 1


def test_a_campaign_page_lists_its_live_sessions(rendered):
    html = _page(rendered, campaign_page_name("k1"))
    assert "Live sessions" in html
    assert "L9" in html and "2026-06-15 20:00" in html
    assert "¥597.00" in html  # net GMV of L9
    assert "¥4,975.00" in html  # GPM: 59,700 x 1000 / 120 fen
    assert "¥7.46" in html  # UV value: 59,700 / 80 = 746.25 fen
    assert "Live sessions" not in _page(rendered, campaign_page_name("k2"))

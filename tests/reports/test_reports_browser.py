"""Every generated page opened in headless Debian chromium: no JavaScript or console
error, no network request, every emitted chart drawn, empty states visible. A screenshot
of each page lands in the test's tmp dir."""

import pytest

from starmap.reports.format import brand_page_name, campaign_page_name
from tests.reports.reports_fixture import BRAND_IDS, CAMPAIGN_IDS, K4

PAGES = [
    "index.html",
    "overview.html",
    *(campaign_page_name(c) for c in CAMPAIGN_IDS),
    *(brand_page_name(b) for b in BRAND_IDS),
]
DRAWN_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(plot => plot.querySelector('svg.main-svg') !== null).length"""


def _open(browser, url: str, problems: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda error: problems.append(f"javascript error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )

    # Listening (not routing) keeps the 4.8 MB plotly.min.js off Playwright's wire.
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith("file://")
            else problems.append(f"network request: {request.url}")
        ),
    )
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_every_chart_and_empty_state_without_errors(browser, rendered, name, tmp_path):
    problems: list[str] = []
    page = _open(browser, (rendered.folder / name).as_uri(), problems)
    try:
        expected = rendered.figures[name]
        if expected:
            page.wait_for_function(f"({DRAWN_CHARTS})() >= {expected}", timeout=30_000)
        assert page.evaluate(DRAWN_CHARTS) == expected
        assert page.locator(".js-plotly-plot").count() == expected
        assert "As of 2026-06-30" in page.inner_text("header")
        for reason in rendered.empty_states[name]:
            notice = page.locator(f'.empty-state[data-empty="{reason}"]').first
            assert notice.is_visible()
            assert len(notice.inner_text()) > 40  # a sentence, not a blank box
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    finally:
        page.close()
    assert problems == []
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_the_empty_state_pages_are_the_expected_ones(rendered):
    # What the browser test above checks on each page, pinned per campaign.
    assert set(rendered.empty_states[campaign_page_name("k2")]) == {"no-orders"}
    assert {"no-videos", "zero-cost"} <= set(rendered.empty_states[campaign_page_name("k3")])
    assert "zero-cost" in rendered.empty_states[campaign_page_name(K4)]


def test_chinese_names_render_with_a_cjk_font(browser, rendered):
    page = _open(browser, (rendered.folder / "index.html").as_uri(), [])
    try:
        family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert family.startswith('"Noto Sans CJK SC"')
        # A CJK font draws each ideograph one em wide; a missing glyph (tofu) box does not.
        width = page.evaluate(
            """() => {
                const context = document.createElement('canvas').getContext('2d');
                context.font = '40px ' + getComputedStyle(document.body).fontFamily;
                return context.measureText('口红种草').width;
            }"""
        )
        assert abs(width - 160) < 1
        assert "618 口红种草" in page.inner_text("table")
    finally:
        page.close()

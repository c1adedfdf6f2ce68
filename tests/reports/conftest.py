"""Fixtures of the report tests: the fixture warehouse (reports_fixture.py), the reports
rendered from it once, and one headless chromium for the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from starmap.warehouse import connect
from tests.reports.reports_fixture import BROWSER_ARGS, build_report_warehouse


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture warehouse file (build once; open it read-only in tests)."""
    return build_report_warehouse(tmp_path_factory.mktemp("report_wh") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def rendered(report_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    """The reports rendered once from the fixture warehouse."""
    from starmap.reports import render_reports

    folder = tmp_path_factory.mktemp("reports")
    with connect(report_warehouse, read_only=True) as conn:
        return render_reports(conn, folder)


# Module scope: only the browser tests use it, so it is launched once per session and its
# Playwright event loop is gone before any later test runs Dagster.
@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Debian chromium (never a downloaded one), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=BROWSER_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()

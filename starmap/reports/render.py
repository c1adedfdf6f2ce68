"""Write the report folder: index.html, overview.html, one page per campaign and one
shared plotly.min.js (offline, loaded by every page that has a chart)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from starmap.reports.format import brand_page_name, campaign_page_name
from starmap.reports.html import PLOTLY_JS, Page
from starmap.reports.pages import brand_page, campaign_page, index_page, overview_page
from starmap.reports.queries import load_report_data, newest_as_of


@dataclass
class RenderSummary:
    """What was written: figures and empty states per page, sizes, time taken."""

    folder: Path
    as_of: date | None
    figures: dict[str, int] = field(default_factory=dict)
    empty_states: dict[str, list[str]] = field(default_factory=dict)
    page_bytes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pages(self) -> list[str]:
        return list(self.figures)


def _write_atomically(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return len(data)


def _ship_plotly_js(folder: Path) -> None:
    """plotly.js once beside the pages, rewritten only when the bundled version changed."""
    bundle = get_plotlyjs()
    target = folder / PLOTLY_JS
    if not target.exists() or target.stat().st_size != len(bundle.encode("utf-8")):
        _write_atomically(target, bundle)


def render_reports(
    conn: duckdb.DuckDBPyConnection, folder: str | os.PathLike[str], as_of: date | None = None
) -> RenderSummary:
    """Render every page for `as_of` (default: the newest snapshot in the marts)."""
    started = time.monotonic()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    as_of = as_of or newest_as_of(conn)
    data = load_report_data(conn, as_of)
    summary = RenderSummary(folder=folder, as_of=as_of)

    pages: dict[str, Page] = {
        "index.html": index_page(data),
        "overview.html": overview_page(data),
    }
    for campaign in data.headlines.to_dicts():
        pages[campaign_page_name(campaign["campaign_id"])] = campaign_page(data, campaign)
    for brand_id in data.brand_channels["brand_id"].unique(maintain_order=True).to_list():
        pages[brand_page_name(brand_id)] = brand_page(data, brand_id)

    _ship_plotly_js(folder)
    for name, page in pages.items():
        summary.page_bytes[name] = _write_atomically(folder / name, page.html())
        summary.figures[name] = page.figures
        summary.empty_states[name] = list(page.empty_states)
    # A campaign page left from an earlier render of another snapshot would mislead.
    for stale in [*folder.glob("campaign_*.html"), *folder.glob("brand_*.html")]:
        if stale.name not in pages:
            stale.unlink()
    summary.seconds = time.monotonic() - started
    return summary

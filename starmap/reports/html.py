"""A tiny HTML page builder: header with the as-of date, headline cards, tables, Plotly
figures (plotly.js loaded once from the reports folder) and readable empty states."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

import plotly.io as pio

from starmap.reports.charts import FONT_FAMILY, Figure

PLOTLY_JS = "plotly.min.js"
_PLOT_CONFIG = {"displaylogo": False, "responsive": True}

_CSS = """
body { font-family: FONT_FAMILY; margin: 0; color: #1f2933; background: #f7f8fa; }
header { background: #1f2933; color: #fff; padding: 14px 28px; }
header a { color: #ffd36e; margin-right: 18px; text-decoration: none; }
header .as-of { float: right; color: #d9e2ec; }
main { max-width: 1180px; margin: 0 auto; padding: 18px 28px 40px; }
h1 { font-size: 26px; margin: 10px 0 4px; }
h2 { font-size: 19px; margin: 34px 0 8px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
p.lead { color: #52606d; margin-top: 2px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.card { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; padding: 10px 14px;
        min-width: 150px; }
.card .label { font-size: 12px; color: #52606d; }
.card .value { font-size: 21px; font-weight: 600; }
.card .note { font-size: 11px; color: #7b8794; }
table { border-collapse: collapse; background: #fff; margin: 10px 0; width: 100%; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 6px 10px; text-align: left; font-size: 14px; }
th { background: #f0f4f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
.chart { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; margin: 10px 0; }
.empty-state { background: #fffbea; border: 1px dashed #f0b429; border-radius: 6px;
               padding: 22px; margin: 10px 0; color: #513c06; }
.notice { background: #e3f8ff; border-left: 4px solid #2e86ab; padding: 8px 12px; margin: 8px 0; }
footer { color: #7b8794; font-size: 12px; margin-top: 40px; }
""".replace("FONT_FAMILY", FONT_FAMILY)


@dataclass
class Cell:
    """A table cell: text, right-aligned when numeric, optionally a link."""

    text: str
    numeric: bool = False
    href: str | None = None

    def html(self, tag: str = "td") -> str:
        inner = escape(self.text)
        if self.href:
            inner = f'<a href="{escape(self.href)}">{inner}</a>'
        css = ' class="num"' if self.numeric else ""
        return f"<{tag}{css}>{inner}</{tag}>"


def num(text: str) -> Cell:
    """A right-aligned numeric cell."""
    return Cell(text, numeric=True)


@dataclass
class Page:
    """One report page; `figures` counts the Plotly charts it embeds."""

    title: str
    as_of: date | None
    subtitle: str = ""
    parts: list[str] = field(default_factory=list)
    figures: int = 0
    empty_states: list[str] = field(default_factory=list)

    def heading(self, text: str, anchor: str | None = None) -> None:
        ident = f' id="{escape(anchor)}"' if anchor else ""
        self.parts.append(f"<h2{ident}>{escape(text)}</h2>")

    def paragraph(self, text: str, css: str = "") -> None:
        cls = f' class="{css}"' if css else ""
        self.parts.append(f"<p{cls}>{escape(text)}</p>")

    def notice(self, text: str) -> None:
        self.parts.append(f'<div class="notice">{escape(text)}</div>')

    def cards(self, cards: Sequence[tuple[str, str, str]]) -> None:
        """Headline numbers: (label, value, note) each."""
        items = "".join(
            f'<div class="card"><div class="label">{escape(label)}</div>'
            f'<div class="value">{escape(value)}</div>'
            + (f'<div class="note">{escape(note)}</div>' if note else "")
            + "</div>"
            for label, value, note in cards
        )
        self.parts.append(f'<div class="cards">{items}</div>')

    def table(
        self,
        headers: Sequence[Cell | str],
        rows: Sequence[Sequence[Cell | str]],
        total: Sequence[Cell | str] | None = None,
    ) -> None:
        def cell(c: Cell | str) -> Cell:
            return c if isinstance(c, Cell) else Cell(c)

        head = "".join(cell(h).html("th") for h in headers)
        body = "".join("<tr>" + "".join(cell(c).html() for c in row) + "</tr>" for row in rows)
        if total is not None:
            body += '<tr class="total">' + "".join(cell(c).html() for c in total) + "</tr>"
        self.parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def figure(self, fig: Figure) -> None:
        """Embed a chart; plotly.js itself comes from the shared plotly.min.js."""
        self.figures += 1
        div = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.figures}",
            config=_PLOT_CONFIG,
            default_height=f"{fig['layout']['height']}px",  # charts._figure always sets it
            validate=False,  # the chart builders' specs are validated by the tests
        )
        self.parts.append(f'<div class="chart">{div}</div>')

    def empty(self, reason: str, message: str) -> None:
        """A readable message where a chart would have nothing to show."""
        self.empty_states.append(reason)
        self.parts.append(
            f'<div class="empty-state" data-empty="{escape(reason)}">{escape(message)}</div>'
        )

    def html(self) -> str:
        as_of = self.as_of.isoformat() if self.as_of else "no snapshot yet"
        subtitle = f'<p class="lead">{escape(self.subtitle)}</p>' if self.subtitle else ""
        return (
            "<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="starmap-as-of" content="{as_of}">\n'
            f'<meta name="starmap-figures" content="{self.figures}">\n'
            f"<title>{escape(self.title)} · as of {as_of}</title>\n"
            f"<style>{_CSS}</style>\n"
            + (f'<script src="{PLOTLY_JS}" charset="utf-8"></script>\n' if self.figures else "")
            + "</head>\n<body>\n"
            '<header><a href="index.html">All campaigns</a>'
            '<a href="overview.html">Overview</a>'
            f'<span class="as-of">As of {as_of} (business date, Asia/Shanghai)</span>'
            "</header>\n<main>\n"
            f"<h1>{escape(self.title)}</h1>{subtitle}\n"
            + "\n".join(self.parts)
            + f"\n<footer>Starmap reports · data as of {as_of}. Money in yuan (¥); "
            "rates as percentages.</footer>\n</main>\n</body>\n</html>\n"
        )

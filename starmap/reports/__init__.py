"""HTML reports for marketers, rendered with Plotly from the marts (see docs/reports.md)."""

from starmap.reports.render import RenderSummary, render_reports

__all__ = ["RenderSummary", "render_reports"]

"""The chart builders return plain plotly specs, rendered without plotly's validation (it
took more than half the reports' time); here every spec of the fixture's reports is
validated against plotly's schema instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from starmap.reports import charts, render_reports
from starmap.warehouse import connect

BUILDERS = sorted(
    name for name in dir(charts) if name.endswith("_figure") and not name.startswith("_")
)


@pytest.fixture(scope="module")
def specs(report_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """Every spec each builder returned while the fixture's reports rendered."""
    built: dict[str, list[charts.Figure]] = {}

    def recording(name: str, builder: Callable[..., charts.Figure]) -> Callable:
        def build(*args: Any, **kwargs: Any) -> charts.Figure:
            spec = builder(*args, **kwargs)
            built.setdefault(name, []).append(spec)
            return spec

        return build

    with pytest.MonkeyPatch.context() as patch:
        for name in BUILDERS:
            patch.setattr(charts, name, recording(name, getattr(charts, name)))
        with connect(report_warehouse, read_only=True) as conn:
            render_reports(conn, tmp_path_factory.mktemp("chart_specs"))
    return built


def test_the_reports_use_every_chart_builder(specs: dict[str, list]) -> None:
    assert sorted(specs) == BUILDERS


def test_every_chart_spec_is_a_valid_plotly_figure(specs: dict[str, list]) -> None:
    for name, built in specs.items():
        for spec in built:
            figure = go.Figure(spec)  # raises ValueError on anything plotly does not know
            assert figure.layout.title.text == spec["layout"]["title"]["text"], name
            assert [trace.type for trace in figure.data] == [t["type"] for t in spec["data"]]


def test_validation_rejects_a_misspelled_property(specs: dict[str, list]) -> None:
    spec = specs["funnel_figure"][0]
    broken = {**spec, "layout": {**spec["layout"], "heigth": 420}}
    with pytest.raises(ValueError, match="heigth"):
        go.Figure(broken)

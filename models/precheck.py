"""A SQL pre-check derived from each pandera contract: which rows pandera might reject.

The pandera models stay the contract and the judge. Checking millions of typed rows in
pandera means copying them out of DuckDB first, so ingestion asks DuckDB for the rows that
*may* fail (this module's predicate) and runs pandera on those alone. The predicate is
built from the model itself: nullability and the column checks (isin, >=, <=) are read off
`Model.to_schema()`; each dataframe check has a SQL twin here. A check without a twin
raises, so a new rule cannot be skipped silently. The predicate may flag more rows than
pandera rejects (pandera then passes them), never fewer: tests/bench/test_contract_precheck.py
runs both on bad rows of every kind and checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandera.polars as pa

from models.enums import ORDER_EVENTS_WITH_AMOUNT


@dataclass(frozen=True)
class SqlTwin:
    """A dataframe check as a SQL boolean: true where the row passes."""

    passes: str
    params: dict[str, Any]


# Twins of the models' dataframe checks, by check name (see the model for the rule).
DATAFRAME_CHECK_TWINS: dict[str, SqlTwin] = {
    "mcn_share_needs_mcn": SqlTwin(
        "not (coalesce(mcn_share_bps, 0) > 0) or mcn_id is not null", {}
    ),
    "ends_after_start": SqlTwin("end_date >= start_date", {}),
    "terms_of_pricing_model": SqlTwin(
        "(pricing_model <> 'flat_fee' or price_fen is not null)"
        " and (pricing_model <> 'cpe' or (cpe_rate_fen is not null and cap_fen is not null))"
        " and (pricing_model <> 'cps' or (commission_bps is not null and product_id is not null))",
        {},
    ),
    "terms_of_live": SqlTwin(
        "pricing_model <> 'live' or (slot_fee_fen is not null"
        " and commission_bps is not null and product_id is not null)",
        {},
    ),
    "start_names_one_host": SqlTwin(
        "event_type <> 'start'"
        " or (creator_id is not null and brand_id is null)"
        " or (creator_id is null and brand_id is not null)",
        {},
    ),
    "viewer_event_needs_viewer": SqlTwin(
        "event_type in ('start', 'end') or viewer_id is not null", {}
    ),
    "product_click_needs_product": SqlTwin(
        "event_type <> 'product_click' or product_id is not null", {}
    ),
    "amount_of_money_events": SqlTwin(
        "not list_contains($order_events_with_amount, event_type) or amount_fen is not null",
        {"order_events_with_amount": list(ORDER_EVENTS_WITH_AMOUNT)},
    ),
}


@dataclass(frozen=True)
class Precheck:
    """A SQL predicate (true where pandera may reject the row) and its named parameters."""

    flags: str
    params: dict[str, Any]


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _column_flags(name: str, column: pa.Column, index: int) -> tuple[list[str], dict[str, Any]]:
    col = _quoted(name)
    is_float = str(column.dtype).startswith("Float")
    flags: list[str] = [] if column.nullable else [f"{col} is null"]
    params: dict[str, Any] = {}
    for n, check in enumerate(column.checks):
        param = f"c{index}_{n}"
        stats = check.statistics
        if check.name == "isin":
            params[param] = list(stats["allowed_values"])
            flags.append(f"({col} is not null and not list_contains(${param}, {col}))")
        elif check.name == "greater_than_or_equal_to":
            params[param] = stats["min_value"]
            flags.append(f"{col} < ${param}")
        elif check.name == "less_than_or_equal_to":
            params[param] = stats["max_value"]
            flags.append(f"{col} > ${param}")
        else:
            raise NotImplementedError(f"no SQL pre-check for {check.name} on {name}")
    if is_float and column.checks:
        flags.append(f"isnan({col})")  # NaN fails every comparison pandera makes
    return flags, params


def precheck_for(model: type[pa.DataFrameModel]) -> Precheck:
    """The pre-check of a contract: every column rule and dataframe check, OR-ed."""
    schema = model.to_schema()
    flags: list[str] = []
    params: dict[str, Any] = {}
    for index, (name, column) in enumerate(schema.columns.items()):
        column_flags, column_params = _column_flags(name, column, index)
        flags.extend(column_flags)
        params.update(column_params)
    for check in schema.checks:
        twin = DATAFRAME_CHECK_TWINS.get(check.name)
        if twin is None:
            raise NotImplementedError(f"{model.__name__}.{check.name} has no SQL twin")
        flags.append(f"not coalesce({twin.passes}, false)")
        params.update(twin.params)
    return Precheck(" or ".join(f"({flag})" for flag in flags) or "false", params)

"""Row-level rules shared by several contracts."""

from __future__ import annotations

from typing import Annotated

import polars as pl

# A parsed timestamp: an instant, shown in business time (domain.md 0).
BusinessTimestamp = Annotated[pl.Datetime, "us", "Asia/Shanghai"]


def required_when(column: str, condition: pl.Expr) -> pl.Expr:
    """True where `column` is present or the row does not need it."""
    return ~condition | pl.col(column).is_not_null()

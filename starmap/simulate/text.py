"""Spelling dimension values as the CSV exports do: text, empty for missing."""

from __future__ import annotations

import numpy as np
import polars as pl


def int_text(values: np.ndarray) -> pl.Series:
    """Integers as text, null where negative (the simulator's mark for missing)."""
    numbers = pl.Series("v", np.asarray(values, dtype=np.int64))
    return pl.select(pl.when(numbers >= 0).then(numbers.cast(pl.String)).alias("v")).to_series()


def date_text(day_numbers: np.ndarray) -> pl.Series:
    """Day numbers as YYYY-MM-DD, null where negative (unknown)."""
    days = pl.Series("d", np.asarray(day_numbers, dtype=np.int32))
    return pl.select(
        pl.when(days >= 0).then(days.cast(pl.Date).dt.to_string("%Y-%m-%d")).alias("d")
    ).to_series()


def optional_text(values: np.ndarray) -> pl.Series:
    """Strings, null where empty."""
    text = pl.Series("t", np.asarray(values, dtype=str))
    return pl.select(pl.when(text != "").then(text).alias("t")).to_series()

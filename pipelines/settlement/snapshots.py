"""Build the settlement snapshots of one as-of date: the SQL of sql/marts/settlement/, in order.

Each step deletes the rows of its date and inserts them again in one transaction, so a
step run twice for the same date gives the same rows (domain.md 0: snapshots are
reproducible). Python only conducts; every rule lives in the SQL files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from starmap.settings import Policy
from starmap.warehouse import run_sql, set_as_of

# Steps per asset, in the order they run; each names a file below sql/.
COLLABORATION_FRAUD_STEPS = ("marts/settlement/collaboration_fraud",)
ORDER_ATTRIBUTION_STEPS = ("marts/settlement/order_attribution",)
SETTLEMENTS_STEPS = (
    "marts/settlement/settlements",
    # creator_ineligible_at_booking: the credit and eligibility rule of domain.md 6 lives in
    # the creators domain; it reads the fraud and removed_early rows just written.
    "marts/creators/credit_deductions",
    "marts/settlement/booking_eligibility_requests",
    "marts/creators/creator_eligibility",
    "marts/settlement/settlements_ineligible_at_booking",
)
SETTLEMENT_LEDGER_STEPS = ("marts/settlement/settlement_ledger",)
ALL_STEPS = (
    COLLABORATION_FRAUD_STEPS
    + ORDER_ATTRIBUTION_STEPS
    + SETTLEMENTS_STEPS
    + SETTLEMENT_LEDGER_STEPS
)


def settlement_params(policy: Policy, as_of: date) -> dict[str, Any]:
    """Named SQL parameters for one as-of date: the policy numbers plus `$as_of`."""
    return {**policy.sql_params(), "as_of": as_of}


def rebuild(
    conn: duckdb.DuckDBPyConnection, steps: Sequence[str], as_of: date, policy: Policy
) -> None:
    """Run `steps` for `as_of` in one transaction with `visible.*` pointed at `as_of`."""
    params = settlement_params(policy, as_of)
    conn.begin()
    try:
        set_as_of(conn, as_of)
        for step in steps:
            run_sql(conn, step, params)
        conn.commit()
    except Exception:
        conn.rollback()
        raise


def rebuild_all(
    conn: duckdb.DuckDBPyConnection, as_of_dates: Sequence[date], policy: Policy
) -> None:
    """Every settlement snapshot for each date, oldest first (the ledger needs the day before)."""
    for as_of in sorted(as_of_dates):
        rebuild(conn, ALL_STEPS, as_of, policy)

"""The settlement snapshot steps: the SQL of sql/marts/settlement/, in the order they run.

Each step deletes the rows of its date and inserts them again (pipelines/snapshots.py runs
a date in one transaction), so a re-run gives the same rows. Every rule lives in the SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from pipelines.snapshots import write_snapshots
from starmap.settings import Policy

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


def rebuild_all(
    conn: duckdb.DuckDBPyConnection, as_of_dates: Sequence[date], policy: Policy
) -> None:
    """Every settlement snapshot for each date, oldest first (the ledger needs the day before)."""
    write_snapshots(conn, sorted(as_of_dates), ALL_STEPS, policy.sql_params())

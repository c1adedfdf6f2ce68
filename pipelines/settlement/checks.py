"""Money checks of domain.md 5.5 as queries: each returns the rows that break its rule."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from starmap.warehouse import run_sql

SAMPLE_ROWS = 10


@dataclass(frozen=True)
class Violations:
    """Rows that break a rule: how many, and the first few for the check's metadata."""

    count: int
    columns: list[str]
    sample: list[tuple]

    @property
    def passed(self) -> bool:
        return self.count == 0


def find_violations(conn: duckdb.DuckDBPyConnection, check: str) -> Violations:
    """Run `sql/marts/settlement/<check>.sql` and collect the rows it returns."""
    result = run_sql(conn, f"marts/settlement/{check}")
    columns = [d[0] for d in result.description]
    rows = result.fetchall()
    return Violations(count=len(rows), columns=columns, sample=rows[:SAMPLE_ROWS])


def brand_charge_identity(conn: duckdb.DuckDBPyConnection) -> Violations:
    """brand_charge = creator_net + mcn + platform_fee + brand_fee, on every settlements row."""
    return find_violations(conn, "check_brand_charge_identity")


def prepaid_identity(conn: duckdb.DuckDBPyConnection) -> Violations:
    """prepaid = disbursed + refund + escrow, on every flat_fee and cpe settlements row;
    prepaid = disbursed - settled_commission + refund + escrow on every live row."""
    return find_violations(conn, "check_prepaid_identity")


def ledger_sums(conn: duckdb.DuckDBPyConnection) -> Violations:
    """The ledger summed over as_of <= D equals the snapshot of D, for every snapshot."""
    return find_violations(conn, "check_ledger_sums")

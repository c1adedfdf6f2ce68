"""Number and name formatting for the reports: exact yuan from integer fen, rates as
percentages, counts with thousands separators, file-safe campaign ids."""

from __future__ import annotations

import hashlib
import re

# Shown wherever a number does not exist (a rate over zero, ROAS without cost).
MISSING = "—"

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


def yuan(fen: int | None) -> str:
    """Integer fen as yuan with thousands separators: 123456789 -> '¥1,234,567.89'.

    Integer arithmetic only, so the text is exact for any amount.
    """
    if fen is None:
        return MISSING
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def count(n: int | None) -> str:
    """A count with thousands separators: 1234567 -> '1,234,567'."""
    return MISSING if n is None else f"{int(n):,}"


def percent(rate: float | None, digits: int = 1) -> str:
    """A rate (0.1234) as a percentage ('12.3%'); missing when there is no rate."""
    if rate is None or rate != rate:  # None or NaN
        return MISSING
    return f"{rate * 100:,.{digits}f}%"


def roas(value: float | None) -> str:
    """ROAS as a multiple of cost: 2.5 -> '2.50×' (yuan of net GMV per yuan spent)."""
    if value is None or value != value:
        return MISSING
    return f"{value:,.2f}×"


def fen_to_yuan_number(fen: int | None) -> float | None:
    """Fen as a yuan number for chart axes only (labels use `yuan`, which is exact)."""
    return None if fen is None else int(fen) / 100


def safe_filename_id(identifier: str) -> str:
    """A campaign id usable in a file name on any OS and in a URL without escaping.

    Ids made of letters, digits, '_' and '-' stay as they are. Others get their unsafe
    characters replaced and a short hash of the original appended, so two ids that differ
    only in unsafe characters ('k/1', 'k:1') never share a file.
    """
    if _SAFE_ID.match(identifier):
        return identifier
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    stem = _UNSAFE_CHARS.sub("_", identifier).strip("_")[:40]
    return f"{stem}-{digest}" if stem else digest


def campaign_page_name(campaign_id: str) -> str:
    """The file name of a campaign's page: 'campaign_<safe id>.html'."""
    return f"campaign_{safe_filename_id(campaign_id)}.html"


def brand_page_name(brand_id: str) -> str:
    """The file name of a brand's channel page: 'brand_<safe id>.html'."""
    return f"brand_{safe_filename_id(brand_id)}.html"

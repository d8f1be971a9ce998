"""Small helpers for the values that cells hold, shared by every stage.

Excel stores a date as the number of days since 1899-12-30 (its *serial*); a cell read back may be
None, NaN, blank text or a value. These are the one definition of each, so that the template's
formulas, the bulk writer, the validator and the follow-up read values the same way.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime
from typing import Any

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's date serials (1900 date system, with Excel's 1900 leap-year quirk)."""


def excel_serial(value: date) -> float:
    """The Excel serial of a date (whole days) or a datetime (days and the fraction of the day)."""
    if isinstance(value, datetime):
        delta = value - datetime(EXCEL_EPOCH.year, EXCEL_EPOCH.month, EXCEL_EPOCH.day)
        return delta.days + delta.seconds / 86400
    return (value - EXCEL_EPOCH).days


def is_date(value: Any) -> bool:
    """True for a date, datetime or pandas Timestamp that is not NaT."""
    if value is None or not isinstance(value, (date, datetime)):
        return False
    return value == value  # NaT is the only date that is not equal to itself


def present(value: Any) -> bool:
    """True for a value worth showing or carrying: not None, NaN or blank text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def text_or_empty(value: Any) -> str:
    """The value as stripped text; '' for None and NaN."""
    return str(value).strip() if present(value) else ""


def fold(text: str) -> str:
    """Return ``text`` normalised for tolerant comparison: NFC, trimmed, single spaces, casefolded."""
    text = str(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()).casefold()

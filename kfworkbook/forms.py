"""The forms kfworkbook hands out: the plan and the follow-up per tertial.

A form is what a stage of the pipeline needs to know about one kind of workbook: its activity table
(columns, sheet, table name, header row), which of its columns the manager fills in, and the kind
recorded in its metadata. The plan form is :mod:`kfworkbook.columns` as it always was; the follow-up
form reuses the plan's columns (read-only) and adds the period's inputs. The workbook's metadata
(``Blankett`` on the hidden Listor sheet) says which form a file is, so ``validate`` and ``merge``
need no new commands. See docs/forms.md.

The follow-up periods are the förvaltning's tertial reports: T1 (January–April), T2 (May–August) and
VB, the verksamhetsberättelse (the whole year).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from . import columns as C
from .columns import Column
from .config import fold

PLAN_KIND, FOLLOW_UP_KIND = "Kompetensförsörjningsplan", "Uppföljning"
"""The ``Blankett`` metadata of each form (a workbook without it is a plan)."""
PERIODS: tuple[str, ...] = ("T1", "T2", "VB")
PERIOD_NAMES = {"T1": "Tertial 1", "T2": "Tertial 2", "VB": "Verksamhetsberättelse"}
_PERIOD_END = {"T1": (4, 30), "T2": (8, 31), "VB": (12, 31)}
DELAYED = "försenad"
"""The status (folded) that asks for a new Måldatum."""
ONGOING_STATUSES = ("ej påbörjad", "pågår")
"""Statuses (folded) that are a warning once Måldatum has passed."""


def delayed_statuses(config: Any) -> list[str]:
    """The config's statuses that mean delayed (Försenad), as the list spells them."""
    return [s for s in config.list_names("statuses") if fold(s) == DELAYED]


@dataclass(frozen=True)
class Form:
    """One kind of workbook: its activity table and the columns the manager fills in."""

    kind: str
    sheet: str
    table_name: str
    columns: tuple[Column, ...]
    inputs: tuple[str, ...]
    """Keys of the columns the manager fills in; the others are locked."""
    header_row: int = C.HEADER_ROW

    @property
    def first_row(self) -> int:
        """The first Excel row of the activity table."""
        return self.header_row + 1

    @property
    def by_key(self) -> dict[str, Column]:
        """The columns by key."""
        return {c.key: c for c in self.columns}

    def letter(self, key: str) -> str:
        """Column letter of ``key`` in this form's table (A for the first column)."""
        keys = [c.key for c in self.columns]
        return C.get_column_letter(keys.index(key) + 1)

    @property
    def check_letter(self) -> str:
        """The live check column just right of the table."""
        return C.get_column_letter(len(self.columns) + 1)


PLAN = Form(PLAN_KIND, C.SHEET_PLAN, C.TABLE_NAME, C.COLUMNS, tuple(c.key for c in C.COLUMNS))

# -- the follow-up form ----------------------------------------------------------------------------

SHEET_FOLLOW_UP = "Uppföljning"
FOLLOW_UP_TABLE = "Uppfoljning"
ID_KEY, STATUS, COMMENT, NEW_DUE = "activity_id", "fu_status", "fu_comment", "fu_new_due"
PLAN_KEYS = ("category", "goal", "activity", "due", "responsible", "follow_up")
"""The plan's columns a follow-up workbook shows, read-only."""
ID_COLUMN = Column(ID_KEY, "Aktivitets-ID", "text", True, 12,
                   "Aktivitetens id, satt av HR. Ändra det inte: svaret hör till aktiviteten genom det.",
                   template_width=11)
_COMMENT_HEADER = "Kommentar – vad har gjorts och med vilken effekt"


def _inputs(suffix: str = "", width: float = 1.0) -> tuple[Column, ...]:
    """The three answers of a period; with ``suffix`` (' T1') the read-only copy of an earlier period's."""
    key = suffix.strip()
    return (
        Column(STATUS + ("_" + key if key else ""), "Status" + suffix, "list", not key, 13,
               "Välj aktivitetens status vid uppföljningen.", "statuses", template_width=11 * width),
        Column(COMMENT + ("_" + key if key else ""), (_COMMENT_HEADER if not key else "Kommentar" + suffix), "text",
               False, 40, "Beskriv vad som har gjorts och med vilken effekt. Krävs för Genomförd, Försenad och Utgår.",
               template_width=30 * width),
        Column(NEW_DUE + ("_" + key if key else ""), "Nytt måldatum" + suffix, "date", False, 13,
               "För en försenad aktivitet: skriv det nya datumet inom planperioden, till exempel {due_example}.",
               template_width=11 * width),
    )


def follow_up_form(period: str) -> Form:
    """The follow-up form of ``period`` (T1, T2 or VB): ID, the plan's columns, earlier answers, inputs."""
    earlier = PERIODS[:PERIODS.index(period)]
    history = tuple(col for p in earlier for col in _inputs(" " + p, 0.8))
    columns = (ID_COLUMN, *(C.COLUMN_BY_KEY[k] for k in PLAN_KEYS), *history, *_inputs())
    return Form(FOLLOW_UP_KIND, SHEET_FOLLOW_UP, FOLLOW_UP_TABLE, columns, (STATUS, COMMENT, NEW_DUE))


FOLLOW_UP_ALL = follow_up_form("VB")
"""The follow-up form with every period's columns: the reader finds any period's headers with it."""


def history_key(key: str, period: str) -> str:
    """The key of an earlier period's copy of input ``key`` ('fu_status' at T1 → 'fu_status_T1')."""
    return f"{key}_{period}"


def form_of(meta: Mapping[str, str]) -> Form:
    """The form a workbook's metadata names (a plan when it names none)."""
    if fold(meta.get("form", "")) == fold(FOLLOW_UP_KIND):
        period = meta.get("follow_up_period", "")
        return follow_up_form(period) if period in PERIODS else FOLLOW_UP_ALL
    return PLAN


def is_follow_up(meta: Mapping[str, str]) -> bool:
    """True when a workbook's metadata says it is a follow-up workbook."""
    return fold(meta.get("form", "")) == fold(FOLLOW_UP_KIND)


# -- periods ---------------------------------------------------------------------------------------


def period_end(period: str, year: int) -> date:
    """The last day the follow-up ``period`` of plan year ``year`` covers."""
    month, day = _PERIOD_END[period]
    return date(year, month, day)


@lru_cache(maxsize=4096)
def _periods(text: str) -> frozenset[str]:
    found: set[str] = set()
    if "verksamhetsber" in text or re.search(r"\bvb\b", text):
        found.add("VB")
    if re.search(r"\bt1\b", text):
        found.add("T1")
    if re.search(r"\bt2\b", text):
        found.add("T2")
    if "tertial" in text:
        digits = set(re.findall(r"\b([12])\b", text))
        found.update(f"T{d}" for d in digits)
        if not digits:  # 'per tertial'
            found.update(("T1", "T2"))
    return frozenset(found)


def periods_of(follow_up: Any) -> frozenset[str]:
    """The periods an Uppföljning value names: 'Tertial 1 och 2' → {T1, T2}; 'VB' → {VB}.

    Expects the list spelling (aliases already resolved); understands T1/T2/VB written out or short.
    """
    return _periods(fold(follow_up) if isinstance(follow_up, str) else "")


# -- activity identity -----------------------------------------------------------------------------

ID_FIELDS = ("category", "goal", "activity", "due", "responsible")
"""The plan columns an activity ID is made from, besides the plan's identity."""


def _part(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()).casefold()


def activity_ids(forvaltning: str, plan_year: int | str, department: str, unit: str,
                 rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Stable IDs of a unit's activities: 'A-' and 8 hex digits from the plan's identity and row content.

    The same approved plan (or the summary made from it) always gives the same IDs, whichever of
    the two the follow-up workbooks are made from, in whatever order its rows stand. Two identical
    rows of one unit get '-2', '-3' after the second and third.
    """
    base = "|".join(_part(v) for v in (forvaltning, plan_year, department, unit))
    ids, seen = [], Counter[str]()
    for row in rows:
        digest = hashlib.sha1((base + "|" + "|".join(_part(row.get(k)) for k in ID_FIELDS)).encode()).hexdigest()
        key = "A-" + digest[:8].upper()
        seen[key] += 1
        ids.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return ids

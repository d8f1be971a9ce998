"""Every rule of the follow-up form, in one place: periods, activity IDs, what a status means, the latest answer.

The template writer (:mod:`kfworkbook.template.follow_up`), the validator
(:mod:`kfworkbook.validate.follow_up`), the report (:mod:`kfworkbook.summary.follow_up`) and the
roll-over to next year (:mod:`kfworkbook.prefill`) all ask here, so that a rule has one definition.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from ..config import Config, PlanUnit, fold
from ..values import present
from .spec import COMMENT, NEW_DUE, PERIODS, STATUS, history_key

_PERIOD_END = {"T1": (4, 30), "T2": (8, 31), "VB": (12, 31)}
DELAYED = "försenad"
"""The status (folded) that asks for a new Måldatum."""
ONGOING_STATUSES = ("ej påbörjad", "pågår")
"""Statuses (folded) that are a warning once Måldatum has passed."""


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


# -- what a status means ---------------------------------------------------------------------------


def delayed_statuses(config: Any) -> list[str]:
    """The config's statuses that mean delayed (Försenad), as the list spells them."""
    return [s for s in config.list_names("statuses") if fold(s) == DELAYED]


def comment_statuses(config: Config) -> list[str]:
    """The statuses that need a comment: the finished ones (Genomförd, Utgår) and Försenad."""
    return [*config.finished_statuses(), *delayed_statuses(config)]


def open_statuses(config: Config) -> list[str]:
    """The statuses that are a warning once Måldatum has passed (Ej påbörjad, Pågår)."""
    return [s for s in config.list_names("statuses") if fold(s) in ONGOING_STATUSES]


def is_due(row: Mapping[str, Any], period: str) -> bool:
    """True when the activity's Uppföljning names ``period``."""
    return period in periods_of(row.get("follow_up"))


def due_date(value: Any) -> date | None:
    """Måldatum as a date (None for Löpande, text or empty)."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# -- the latest answer -----------------------------------------------------------------------------


def latest_of_report(values: dict[str, Any]) -> dict[str, Any]:
    """A follow-up report row with its latest status, comment and Måldatum in the plan's columns."""
    row = {k: v for k, v in values.items() if k not in ("status", "comment", "activity_id") and
           not k.startswith("latest_")}
    for key, latest in (("status", "latest_status"), ("comment", "latest_comment"), ("due", "latest_due")):
        if present(values.get(latest)):
            row[key] = values[latest]
    return row


def latest_answer(values: dict[str, Any], period: str, year: int | str | None) -> dict[str, Any]:
    """A follow-up row as a plan row for next year's template, with its latest answer.

    The latest status reported (this period's, else the last earlier one) becomes Status, so that
    the roll-over rules leave finished activities behind; it and its comment go into Kommentar
    ('Uppföljning VB 2022: Försenad – …'); a Nytt måldatum replaces Måldatum.
    """
    answers = [(p, values.get(history_key(STATUS, p)), values.get(history_key(COMMENT, p)),
                values.get(history_key(NEW_DUE, p))) for p in PERIODS if p != period]
    answers.append((period, values.get(STATUS), values.get(COMMENT), values.get(NEW_DUE)))
    row = {k: v for k, v in values.items() if not k.startswith(("fu_", "activity_id"))}
    reported = [a for a in answers if present(a[1]) or present(a[2])]
    if not reported:
        return row
    when, status, comment, new_due = reported[-1]
    text = " – ".join(str(v).strip() for v in (status, comment) if present(v))
    row["status"] = status if present(status) else None
    row["comment"] = f"Uppföljning {when} {year or ''}".rstrip() + f": {text}"
    if new_due is not None and present(new_due):
        row["due"] = new_due
    return {k: v for k, v in row.items() if v is not None}


# -- who the follow-up was sent to -----------------------------------------------------------------


def units_sent(metas: Iterable[Mapping[str, str]], config: Config) -> list[PlanUnit] | None:
    """The units a period's follow-up was sent to, from its returned workbooks' metadata; None when none says."""
    units: dict[tuple[str, str], PlanUnit] = {}
    lists = {meta.get("units_sent", "") for meta in metas}  # the same in every workbook
    for sent in lists:
        for line in sent.splitlines():
            department, _, unit = line.partition("|")
            found = config.plan_unit(department, unit)
            units.setdefault((fold(found.department), fold(found.unit)), found)
    if not units:
        return None
    return config.in_unit_order(units.values())

"""The plan's printed content as plain data, shared by the summary workbook and the Word document.

:func:`activity_plans` lays out chapter 3 (the activity plan per department: department, then its
own plan and its units, UBARA sections in process order where they hold activities, rows with errors
marked, and the units whose plans are missing); :func:`key_figures` gives the departments' key
figures with the förvaltning's totals where they add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from ..issues import UNREADABLE, WITH_ERRORS
from ..values import present
from .model import INVALID, MISSING, Summary

PRINT_HEADERS = ("Vad ska vi uppnå?", "Aktivitet – Hur gör vi det?", "Måldatum – När ska det vara klart?",
                 "Ansvarig (funktion)", "Uppföljning/kommentar")
"""The seeds' column headers of an activity plan, in full."""
OTHER_STEP = "Övrigt (kategori saknas eller finns inte i listan)"
OWN_PLAN = "Avdelningsgemensamma aktiviteter"
ROW_ERROR = "Raden har fel och är inte godkänd (se Valideringsfel)."
PLAN_ERROR = "planen har fel och är inte godkänd"
NOT_CONFIGURED = " (enheten finns inte i konfigurationen)"
"""Added to the sub-heading of a unit the configuration does not have (prefill reads it back from a document)."""
WEIGHT_KEY = "antal_tillsvidareanstallda"
"""The key figure that weights the departments' percentages in the förvaltning's total."""
TOTAL = "Förvaltningen totalt"


@dataclass(slots=True)
class PrintRow:
    """One activity as printed: the seeds' five columns, and whether the row has errors."""

    cells: tuple[Any, ...]
    error: bool


@dataclass
class Block:
    """One plan's activities: the department's own plan or one unit's, by UBARA section."""

    heading: str | None
    """The unit sub-heading (None in a department without units)."""
    sections: list[tuple[str, list[PrintRow]]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """The number of activities in the block."""
        return sum(len(rows) for _, rows in self.sections)


@dataclass
class DepartmentPlan:
    """Chapter 3 for one department: its heading, its plans' blocks and the line about missing plans."""

    department: str
    heading: str
    blocks: list[Block]
    missing: str | None

    @property
    def rows(self) -> int:
        """The number of activities of the department."""
        return sum(block.rows for block in self.blocks)


def department_title(department: str) -> str:
    """'Avdelning förskola', as the seeds name a department in headings."""
    return "Okänd avdelning" if department == INVALID else f"Avdelning {department[:1].lower()}{department[1:]}"


def as_date(value: Any) -> Any:
    """A date for a date or timestamp value (time of day dropped); other values unchanged."""
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def _plan_status(summary: Summary) -> dict[tuple[str, str], str]:
    subs = summary.submissions
    expected = subs[subs["Förväntad"]] if len(subs) else subs
    return {(d, u if isinstance(u, str) else ""): s
            for d, u, s in zip(expected.get("Avdelning", []), expected.get("Enhet", []), expected.get("Status", []),
                               strict=True)}


def activity_plans(summary: Summary) -> list[DepartmentPlan]:
    """Chapter 3, per department in config order (then unknown departments); every configured department.

    A department's own plan comes first, then its units in config order (then units the config does
    not have). Rows with errors are marked; with ``--strict`` merge has already left them out.
    """
    config, frame = summary.config, summary.activities
    steps = config.list_names("categories")
    known = {d.name: d for d in config.departments}
    status = _plan_status(summary)
    grouped: dict[str, dict[str, dict[str, list[PrintRow]]]] = {}
    columns = ["Avdelning", "Enhet", "Kategori (UBARA)", "Vad ska vi uppnå?", "Aktivitet – hur gör vi det?",
               "Måldatum", "Ansvarig (funktion)", "Uppföljning", "Kommentar", "Fel"]
    part = frame[columns]
    for d, u, step, goal, activity, due, who, follow, comment, errors in \
            part.astype(object).where(part.notna(), None).to_numpy().tolist():
        error = bool(errors)
        note = "\n".join(str(v) for v in (ROW_ERROR if error else None, follow, comment) if v) or None
        row = PrintRow((goal, activity, as_date(due), who, note), error)
        grouped.setdefault(d if d in known else INVALID, {}).setdefault(u or "", {}).setdefault(
            step if step in steps else OTHER_STEP, []).append(row)
    plans = []
    for department in summary.departments():
        units = grouped.get(department, {})
        configured = known.get(department)
        order = ["", *configured.units] if configured else []
        order += sorted(u for u in units if u not in order)
        blocks = []
        for unit in order:
            if unit not in units:
                continue
            by_step = units[unit]
            heading = None
            if configured is None or configured.units or unit:
                heading = unit or OWN_PLAN
                if configured is not None and unit and unit not in configured.units:
                    heading += NOT_CONFIGURED
            if status.get((department, unit)) == WITH_ERRORS:
                heading = f"{heading or department_title(department)} – {PLAN_ERROR}"
            sections = [(s, by_step[s]) for s in [*steps, OTHER_STEP] if s in by_step]
            blocks.append(Block(heading, sections))
        if configured is None and not blocks:
            continue
        heading = "Aktivitetsplan, okänd avdelning" if department == INVALID else \
            f"Aktivitetsplan avdelningen {department.lower()}"
        plans.append(DepartmentPlan(department, heading, blocks,
                                    _missing_line(summary, configured, status, units)))
    return plans


def _missing_line(summary: Summary, department: Any, status: dict[tuple[str, str], str],
                  units: dict[str, Any]) -> str | None:
    """'Planer saknas för: …' naming the department's expected plans that are not in the chapter."""
    if department is None:
        return None
    missing, unreadable, left_out = [], [], []
    for unit in config_units(department):
        state = status.get((department.name, unit))
        name = unit or "avdelningens egen plan"
        if state == MISSING:
            missing.append(name)
        elif state == UNREADABLE:
            unreadable.append(name)
        elif state == WITH_ERRORS and summary.strict and unit not in units:
            left_out.append(name)
    parts = []
    if missing:
        parts.append(f"Planer saknas för {', '.join(missing)}." if department.units or len(missing) > 1
                     else "Planen saknas.")
    if unreadable:
        parts.append(f"Kunde inte läsas: {', '.join(unreadable)}.")
    if left_out:
        parts.append(f"Utelämnade eftersom planen har fel: {', '.join(left_out)}.")
    return " ".join(parts) or None


def config_units(department: Any) -> list[str]:
    """The plans a department is expected to hand in: '' for its own plan, then its units."""
    return [*([""] if department.has_department_plan else []), *department.units]


# -- key figures ---------------------------------------------------------------------------------


def analysis_fields(summary: Summary) -> list[tuple[str, str, str]]:
    """The Analys fields present, as (key, label, type), in the config's order."""
    frame = summary.analysis
    seen: dict[str, tuple[str, str, str]] = {}
    for key, label, kind in zip(frame["Nyckel"], frame["Rubrik"], frame["Typ"], strict=True):
        seen.setdefault(key, (key, label, kind))
    return list(seen.values())


def _plan_values(summary: Summary) -> dict[tuple[str, str], dict[str, Any]]:
    plans: dict[tuple[str, str], dict[str, Any]] = {}
    frame = summary.analysis
    for d, u, key, value in zip(frame["Avdelning"], frame["Enhet"], frame["Nyckel"], frame["Värde"], strict=True):
        unit = u if isinstance(u, str) else ""
        plans.setdefault((d, unit), {})[key] = value if present(value) else None
    return plans


def combine(plans: list[dict[str, Any]], key: str, kind: str, weights: bool) -> Any:
    """One key figure over several plans: numbers add up, percentages are weighted, lists are joined.

    A percentage is weighted by each plan's 'Antal tillsvidareanställda' and only when every plan
    giving it also gives that number (``weights`` says whether the field exists); else None.
    """
    values = [(p.get(key), p.get(WEIGHT_KEY)) for p in plans if present(p.get(key))]
    if not values:
        return None
    if kind == "tal":
        return float(sum(float(v) for v, _ in values))
    if kind == "procent":
        if len(values) == 1:
            return float(values[0][0])
        if not weights or any(not present(w) or float(w) <= 0 for _, w in values):
            return None
        total = sum(float(w) for _, w in values)
        return sum(float(v) * float(w) for v, w in values) / total
    names: list[str] = []
    for value, _ in values:
        for name in (value if isinstance(value, (list, tuple)) else str(value).replace(";", ",").split(",")):
            name = str(name).strip()
            if name and name not in names:
                names.append(name)
    return ", ".join(names)


def key_figures(summary: Summary) -> tuple[list[tuple[str, str, str]], list[tuple[str, list[Any]]]]:
    """The key figures (not the texts): the fields, and one row per department plus the förvaltning's total.

    Each department's figure combines its plans (own plan and units) by :func:`combine`; the total
    combines the departments' plans the same way. Departments without any figure are left out.
    """
    fields = [f for f in analysis_fields(summary) if f[2] != "text"]
    if not fields:
        return [], []
    weights = any(key == WEIGHT_KEY for key, _, _ in fields)
    plans = _plan_values(summary)
    rows = []
    everything = []
    for department in summary.departments():
        mine = [values for (d, _), values in plans.items() if d == department or
                (department == INVALID and d not in {x.name for x in summary.config.departments})]
        figures = [combine(mine, key, kind, weights) for key, _, kind in fields]
        if any(f is not None for f in figures):
            rows.append(("Okänd avdelning" if department == INVALID else department, figures))
            everything += mine
    if len(rows) > 1:
        rows.append((TOTAL, [combine(everything, key, kind, weights) for key, _, kind in fields]))
    return fields, rows


def format_figure(value: Any, kind: str) -> str:
    """A key figure as Swedish text: '1 234', '12,5 %', a list as it is, '–' for none."""
    if value is None:
        return "–"
    if kind in ("tal", "procent"):
        number = float(value)
        text = f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"
        text = text.replace(",", "\u00a0").replace(".", ",")
        return f"{text} %" if kind == "procent" else text
    return str(value)


def format_date(value: Any) -> str:
    """A Måldatum as printed: ISO date for dates, the text as written otherwise."""
    value = as_date(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)

"""The plan's printed content as plain data, shared by the summary workbook and the Word document.

:func:`activity_plans` lays out chapter 3 (the activity plan per department: department, then its
own plan and its units, UBARA sections in process order where they hold activities, rows with errors
marked, and the units whose plans are missing); :func:`key_figures` gives the departments' key
figures with the förvaltning's totals where they add up.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from ..forms import columns as C
from ..issues import ERROR, UNREADABLE, WITH_ERRORS, Issue
from ..values import present
from .model import INVALID, MISSING, Summary

PRINT_HEADERS = ("Vad ska vi uppnå?", "Aktivitet – Hur gör vi det?", "Måldatum – När ska det vara klart?",
                 "Ansvarig (funktion)", "Uppföljning/kommentar")
"""The seeds' column headers of an activity plan, in full."""
OTHER_STEP = "Övrigt (kategori saknas eller finns inte i listan)"
OWN_PLAN = "Avdelningsgemensamma aktiviteter"
ROW_ERROR = "Raden har fel och är inte godkänd."
ROW_ERROR_SHEET = f"{ROW_ERROR} Se fliken Valideringsfel."
"""The summary workbook's wording: there, the sheet Valideringsfel lists the errors (the document has no such sheet)."""
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


def activity_plans(summary: Summary, row_error: str = ROW_ERROR, plain: bool = False) -> list[DepartmentPlan]:
    """Chapter 3, per department in config order (then unknown departments); every configured department.

    A department's own plan comes first, then its units in config order (then units the config does
    not have). Rows with errors are marked with ``row_error``; with ``--strict`` merge has already left
    them out. ``plain`` names every expected plan that is not in the chapter as missing, without the
    intake's reasons (unreadable, left out for errors): the wording for the document the council reads.
    """
    config, frame = summary.config, summary.activities
    steps = config.list_names("categories")
    known = {d.name: d for d in config.departments}
    status = _plan_status(summary)
    grouped: dict[str, dict[str, dict[str, list[PrintRow]]]] = {}
    columns = ["Avdelning", "Enhet", "Kategori (UBARA)", "Vad ska vi uppnå?", "Aktivitet – hur gör vi det?",
               "Måldatum", "Ansvarig (funktion)", "Uppföljning", "Kommentar", "Fel"]
    values = []
    for name in columns:
        column = frame[name].astype(object)
        values.append(column.where(column.notna(), None).tolist())
    groups: dict[tuple[str, str, str], list[PrintRow]] = {}
    notes: dict[tuple[bool, Any, Any], str | None] = {}  # few distinct (error, follow-up, comment) in a plan
    in_steps = set(steps)
    for d, u, step, goal, activity, due, who, follow, comment, errors in zip(*values, strict=True):
        error = bool(errors)
        key = (error, follow, comment)
        note = notes.get(key, notes)
        if note is notes:
            note = notes[key] = "\n".join(str(v) for v in (row_error if error else None, follow, comment) if v) or None
        group = (d if d in known else INVALID, u or "", step if step in in_steps else OTHER_STEP)
        rows = groups.get(group)
        if rows is None:
            rows = groups[group] = []
        rows.append(PrintRow((goal, activity, as_date(due), who, note), error))
    for (d, u, step), rows in groups.items():  # in the order they first occur, as row by row
        grouped.setdefault(d, {}).setdefault(u, {})[step] = rows
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
                                    _missing_line(summary, configured, status, units, plain)))
    return plans


def missing_lines(summary: Summary) -> list[tuple[str, str]]:
    """(department, line) for every configured department whose expected plans are not all in chapter 3, in the
    configuration's order and the intake's words (the ``missing`` of :func:`activity_plans` without ``plain``),
    without laying out the chapter: the document's appendix needs only these lines."""
    frame = summary.activities
    departments, units = (frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in ("Avdelning", "Enhet"))
    with_rows: dict[str, set[str]] = {}  # the plans in the chapter: (department, unit or '') with activities
    for department, unit in zip(departments, units, strict=True):
        with_rows.setdefault(department, set()).add(unit or "")
    status = _plan_status(summary)
    lines = [(d.name, _missing_line(summary, d, status, with_rows.get(d.name, set())))
             for d in summary.config.departments]
    return [(name, line) for name, line in lines if line]


def _missing_line(summary: Summary, department: Any, status: dict[tuple[str, str], str],
                  units: Collection[str], plain: bool = False) -> str | None:
    """'Planer saknas för: …' naming the department's expected plans that are not in the chapter."""
    if department is None:
        return None
    missing, unreadable, left_out = [], [], []
    for unit in config_units(department):
        state = status.get((department.name, unit))
        name = unit or "avdelningens egen plan"
        if state == MISSING or (plain and state == UNREADABLE):
            missing.append(name)
        elif state == UNREADABLE:
            unreadable.append(name)
        elif state == WITH_ERRORS and summary.strict and unit not in units:
            (missing if plain else left_out).append(name)
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


PlanKey = tuple[str, str]
"""A plan in the key figures: (department, unit), unit '' for the department's own plan."""
LEFT_OUT_WARNINGS = frozenset({"analys-procent-andel"})
"""Warnings on a figure whose value is not counted: 0,12 as a share of 12 % is not averaged in as 0,12 %."""


@dataclass
class KeyFigures:
    """The departments' key figures: the fields (key, label, type), a row per department and the förvaltning's
    total (:data:`TOTAL`), and per plan the notes that say which values were left out or read, and why."""

    fields: list[tuple[str, str, str]]
    rows: list[tuple[str, list[Any]]]
    notes: dict[PlanKey, list[str]] = field(default_factory=dict)

    def notes_for(self, department: str | None = None) -> list[str]:
        """The notes of every plan, or of one department's plans, in plan order."""
        return [text for (d, _), texts in self.notes.items() if department in (None, d) for text in texts]


def plan_name(plan: PlanKey) -> str:
    """'Förskola – Årsta förskolor', or the department for its own plan."""
    department, unit = plan
    return f"{department} – {unit}" if unit else department


def _plan_values(summary: Summary) -> dict[PlanKey, dict[str, Any]]:
    plans: dict[PlanKey, dict[str, Any]] = {}
    frame = summary.analysis
    for d, u, key, value in zip(frame["Avdelning"], frame["Enhet"], frame["Nyckel"], frame["Värde"], strict=True):
        unit = u if isinstance(u, str) else ""
        plans.setdefault((d, unit), {})[key] = value if present(value) else None
    return plans


def _flags(summary: Summary) -> dict[PlanKey, dict[str, Issue]]:
    """Per counted plan and field label, the first issue validation raised on that Analys value."""
    flags: dict[PlanKey, dict[str, Issue]] = {}
    for report in summary.reports:
        identity = summary.identities.get(report.file)
        if identity is None or identity.foreign:
            continue
        for issue in report.issues:
            if issue.sheet == C.SHEET_ANALYSIS and issue.column:
                flags.setdefault((identity.department, identity.unit), {}).setdefault(issue.column, issue)
    return flags


def combine(plans: list[dict[str, Any]], key: str, kind: str, weights: bool) -> Any:
    """One key figure over several plans: numbers add up, percentages are weighted, lists are joined.

    A percentage is the mean weighted by 'Antal tillsvidareanställda' over the plans that give both
    (``weights`` says whether the field exists); a plan without that number is left out of the mean
    (:func:`key_figures` names it). One plan's percentage is itself; several without any weight give None.
    """
    values = [(p.get(key), p.get(WEIGHT_KEY)) for p in plans if present(p.get(key))]
    if not values:
        return None
    if kind == "tal":
        return float(sum(float(v) for v, _ in values))
    if kind == "procent":
        weighted = [(float(v), float(w)) for v, w in values if weights and present(w) and float(w) > 0]
        if weighted:
            return sum(v * w for v, w in weighted) / sum(w for _, w in weighted)
        return float(values[0][0]) if len(values) == 1 else None
    names: list[str] = []
    for value, _ in values:
        for name in (value if isinstance(value, (list, tuple)) else str(value).replace(";", ",").split(",")):
            name = str(name).strip()
            if name and name not in names:
                names.append(name)
    return ", ".join(names)


def key_figures(summary: Summary) -> tuple[list[tuple[str, str, str]], list[tuple[str, list[Any]]]]:
    """The key figures (not the texts): the fields, and one row per department plus the förvaltning's total
    (see :func:`key_figure_table`, which also says what was left out)."""
    table = key_figure_table(summary)
    return table.fields, table.rows


def key_figure_table(summary: Summary) -> KeyFigures:
    """The key figures per department and for the förvaltning, and the notes on what they leave out.

    Each department's figure combines its plans (own plan and units) by :func:`combine`; the total
    combines the departments' plans the same way. Departments without any figure, and figures no plan
    gives, are left out. A value
    validation could not read (an error) is not there to count; a value it flagged as probably meant
    otherwise (:data:`LEFT_OUT_WARNINGS`) is left out; a number written as text is counted as validation
    read it. Each is named in the notes, as is a plan whose percentages are not weighted in because it
    gives no number of employees.
    """
    fields = [f for f in analysis_fields(summary) if f[2] != "text"]
    if not fields:
        return KeyFigures([], [])
    weights = any(key == WEIGHT_KEY for key, _, _ in fields)
    plans = _plan_values(summary)
    notes = _left_out(plans, fields, _flags(summary), weights)
    rows = []
    everything = []
    known = {x.name for x in summary.config.departments}
    for department in summary.departments():
        mine = [values for (d, _), values in plans.items() if d == department or
                (department == INVALID and d not in known)]
        figures = [combine(mine, key, kind, weights) for key, _, kind in fields]
        if any(f is not None for f in figures):
            rows.append(("Okänd avdelning" if department == INVALID else department, figures))
            everything += mine
    if len(rows) > 1:
        rows.append((TOTAL, [combine(everything, key, kind, weights) for key, _, kind in fields]))
    given = [i for i in range(len(fields)) if any(values[i] is not None for _, values in rows)]
    return KeyFigures([fields[i] for i in given], [(label, [values[i] for i in given]) for label, values in rows],
                      notes)


def _left_out(plans: dict[PlanKey, dict[str, Any]], fields: list[tuple[str, str, str]],
              flags: dict[PlanKey, dict[str, Issue]], weights: bool) -> dict[PlanKey, list[str]]:
    """Take flagged values out of ``plans`` and say, per plan, what is not counted and why (in Swedish)."""
    weight_label = next((label for key, label, _ in fields if key == WEIGHT_KEY), "")
    notes: dict[PlanKey, list[str]] = {}
    for plan, values in plans.items():
        mine, said = flags.get(plan, {}), notes.setdefault(plan, [])
        for key, label, kind in fields:
            issue = mine.get(label)
            if issue is None or kind not in ("tal", "procent") or (key == WEIGHT_KEY and issue.severity == ERROR):
                continue
            if issue.severity == ERROR:
                said.append(f"{plan_name(plan)}: {label} '{issue.value}' {_not_valid(issue)} och räknas inte.")
            elif issue.code in LEFT_OUT_WARNINGS:
                values[key] = None
                said.append(f"{plan_name(plan)}: {label} {issue.value} räknas inte – det ser ut som en andel i stället "
                            "för procent. Rättas planen räknas värdet med.")
            elif issue.code == "analys-tal-text" and present(values.get(key)):
                said.append(f"{plan_name(plan)}: {label} skrevs som text ('{issue.value}') och räknas som "
                            f"{format_figure(values[key], kind)}.")
        given = [label.lower() for key, label, kind in fields if kind == "procent" and present(values.get(key))]
        weight_issue = mine.get(weight_label)
        if weights and weight_issue is not None and weight_issue.severity == ERROR:
            text = f"{plan_name(plan)}: {weight_label} '{weight_issue.value}' {_not_valid(weight_issue)} och räknas inte"
            said.append(f"{text}, och därför ingår inte planens {', '.join(given)} i de vägda andelarna." if given
                        else f"{text}.")
        elif weights and given and not present(values.get(WEIGHT_KEY)):
            said.append(f"{plan_name(plan)} anger inte {weight_label.lower()}, och därför ingår inte planens "
                        f"{', '.join(given)} i de vägda andelarna.")
    return {plan: texts for plan, texts in notes.items() if texts}


def _not_valid(issue: Issue) -> str:
    return "är inget tal" if issue.code == "analys-tal-ogiltigt" else "är inget giltigt värde"


def format_figure(value: Any, kind: str) -> str:
    """A key figure as Swedish text: '1 234', '12,5 %' (no-break spaces), a list as it is, '–' for none."""
    if value is None:
        return "–"
    if kind in ("tal", "procent"):
        number = round(float(value), 1)
        text = f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"
        text = text.replace(",", "\u00a0").replace(".", ",")
        return f"{text}\u00a0%" if kind == "procent" else text
    return str(value)


def format_date(value: Any) -> str:
    """A Måldatum as printed: ISO date for dates, the text as written otherwise."""
    value = as_date(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)

"""Prefilling templates (``kfworkbook template --prefill``): next year's plans start from this year's.

:func:`read_prefill` reads the source (:mod:`kfworkbook.prefill.sources`), :func:`split_by_unit`
applies the rules (:mod:`kfworkbook.prefill.rollover`) and places each activity in the template of its
Avdelning/Enhet as the config has them now. Nothing stops at a bad row: every row that needs a
person's decision becomes an :class:`Attention` with its place in the source, all in one run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, PlanUnit, fold
from ..issues import Issue, make_issue
from ..words import count
from .placing import Placement, place_tables
from .rollover import Carried, apply_rules, is_rolled
from .sources import DEPARTMENT, UNIT, PrefillError, Source, SourceRow, read_source

__all__ = ["Attention", "Prefill", "PrefillError", "Source", "SourceRow", "prefill", "read_prefill",
           "split_by_unit"]

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Attention:
    """A row of the source that needs a person's decision, and the template it concerns (if any)."""

    issue: Issue
    unit: PlanUnit | None = None
    department: str = ""
    """Without a template: the department the row belongs to, when it is known."""

    @property
    def place(self) -> str:
        """Where the row stands in the source: 'rad 7' (CSV line) or 'Aktiviteter rad 7' (sheet and row)."""
        issue = self.issue
        if issue.row is None:
            return issue.sheet or Path(issue.file).name  # a Word table as a whole: 'plan.docx, tabell 3'
        return f"{issue.sheet} rad {issue.row}" if issue.sheet else f"rad {issue.row}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the place, the template, and the issue's code, column, value and message."""
        issue = self.issue
        return {"place": self.place, "file": issue.file, "sheet": issue.sheet, "row": issue.row,
                "template": self.unit.label if self.unit else None, "code": issue.code, "column": issue.column,
                "value": issue.value, "message": issue.message}


@dataclass
class Prefill:
    """Activities per template, and everything a person has to look at."""

    source: Source
    plans: dict[PlanUnit, tuple[Rows, dict[str, Any]]] = field(default_factory=dict)
    attention: list[Attention] = field(default_factory=list)
    finished_rows: list[tuple[str, str]] = field(default_factory=list)
    """(department as written, finished status) of each activity not carried (roll-over only)."""
    rolled: int = 0
    """How many source rows came from an earlier plan year (and got the roll-over rules)."""
    placement: Placement | None = None
    """A Word document's tables: where each went, and why a table was skipped."""

    def only(self, units: list[PlanUnit]) -> Prefill:
        """The part that concerns ``units`` (with ``--avdelning``): their plans and attention rows."""
        keep = set(units)
        departments = {fold(u.department) for u in units}
        attention = [a for a in self.attention if (a.unit in keep if a.unit is not None
                                                    else not a.department or fold(a.department) in departments)]
        finished = [(d, status) for d, status in self.finished_rows if fold(d) in departments]
        return Prefill(self.source, {u: p for u, p in self.plans.items() if u in keep}, attention, finished,
                       self.rolled, self.placement)

    @property
    def finished(self) -> Counter[str]:
        """How many activities were not carried, by their finished status."""
        return Counter(status for _, status in self.finished_rows)

    @property
    def rows_read(self) -> int:
        """How many activity rows the source gave (a Word document's: after placing its tables)."""
        return self.placement.read if self.placement is not None else len(self.source.rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the source and its problems (the CLI adds the written files); for a Word
        document also the activities read per department and every table, read or skipped."""
        document = {"source": str(self.source.path), "kind": self.source.kind, "plan_years": self.source.plan_years,
                    "rolled_over": self.rolled, "not_carried": dict(self.finished),
                    "attention": [a.to_dict() for a in self.attention]}
        if self.placement is not None:
            document["rows_read"] = self.placement.read
            document["per_department"] = [{"department": d or None, "activities": n}
                                          for d, n in self.placement.per_department.items()]
            document["tables"] = [t.to_dict() for t in self.placement.tables]
        return document


def read_prefill(path: str | Path) -> Source:
    """Read a prefill source: a summary workbook, a folder of plans, a plan, or a CSV/Excel table."""
    return read_source(path)


def prefill(path: str | Path, config: Config) -> Prefill:
    """Read ``path`` and split its activities per template of ``config`` (see :func:`split_by_unit`)."""
    return split_by_unit(read_source(path), config)


def split_by_unit(source: Source, config: Config) -> Prefill:
    """Apply the rules to every row of ``source`` and place the activities per template.

    Rows are placed by Avdelning/Enhet as the config has them (:meth:`Config.plan_units`); a row
    whose department or unit no longer exists, or that does not fit in its template, is reported,
    never dropped silently.
    """
    result = Prefill(source, attention=[Attention(n) for n in source.notes])
    units = {(fold(u.department), fold(u.unit)): u for u in config.plan_units()}
    rows = source.rows
    if source.tables:  # a Word document: its tables are placed by the headings above them
        result.placement = place_tables(source, config)
        rows = result.placement.rows
        result.attention += [Attention(issue, units.get((fold(d), fold(u))), d)
                             for issue, d, u in result.placement.notes]
    order: dict[int, tuple[str, float] | None] = {}
    for carried in apply_rules(rows, config):
        result.rolled += is_rolled(carried.row, config)
        if carried.finished is not None:
            result.finished_rows.append((_text(carried.row.values.get(DEPARTMENT)), carried.finished))
            continue
        unit = _place(carried, config, units, result)
        if unit is None:
            continue
        activities, info = result.plans.setdefault(unit, ([], {}))
        for key, value in carried.info.items():
            info.setdefault(key, value)
        result.attention.extend(Attention(n, unit) for n in carried.notes)
        if not carried.activity:
            continue
        if len(activities) >= config.rows:
            result.attention.append(Attention(_note(carried.row, "forifyll-for-manga", unit=unit.label,
                                                    rows=config.rows), unit))
            continue
        activities.append(carried.activity)
        order[id(carried.activity)] = carried.row.order
    for activities, _ in result.plans.values():  # a summary's rows back in their plan's order
        if all(order.get(id(a)) is not None for a in activities):
            activities.sort(key=lambda a: order[id(a)])
    if result.placement is not None:  # a document's rows needing a decision in its order: table by table, row by row
        tables = {t.table.label: n for n, t in enumerate(result.placement.tables)}
        result.attention.sort(key=lambda a: (tables.get(a.issue.sheet, -1), a.issue.row or 0))
    return result


def _place(carried: Carried, config: Config, units: dict[tuple[str, str], PlanUnit], result: Prefill,
           ) -> PlanUnit | None:
    row = carried.row
    department_name = _text(row.values.get(DEPARTMENT))
    unit_name = _text(row.values.get(UNIT))
    department = config.find_department(department_name) if department_name else None
    if department is None:
        known = ", ".join(d.name for d in config.departments)
        result.attention.append(Attention(_note(row, "forifyll-avdelning", "Avdelning", department_name,
                                                expected=known)))
        return None
    unit = units.get((fold(department.name), fold(unit_name)))
    if unit is not None:
        return unit
    whole = units.get((fold(department.name), ""))
    if unit_name and whole is not None and not department.units:
        result.attention.append(Attention(_note(row, "forifyll-enhet-borttagen", "Enhet", unit_name,
                                                department=department.name), whole))
        return whole
    expected = ", ".join(department.units) or "ingen enhet"
    result.attention.append(Attention(_note(row, "forifyll-enhet", "Enhet", unit_name or "(tom)",
                                            department=department.name, expected=expected),
                                      department=department.name))
    return None


def _note(row: SourceRow, code: str, column: str = "", value: Any = "", **fields: Any) -> Issue:
    return make_issue(code, file=row.file, sheet=row.sheet, row=row.row, column=column, value=value, **fields)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def report_lines(result: Prefill, config: Config, written: list[tuple[PlanUnit, Path]], out: str | Path,
                 ) -> list[str]:
    """What ``template --prefill`` prints: the source, per template how many rows it got, then every
    row that needs attention with its place in the source and what to do."""

    source = result.source
    lines = [f"Källa: {source.kind}, {count(result.rows_read, 'rad', 'rader')} med aktiviteter."]
    if result.rolled:
        years = ", ".join(str(y) for y in source.plan_years if y < config.plan_year)
        lines.append(f"Planår {years} → {config.plan_year}: avslutade aktiviteter förs inte över, Status töms och "
                     f"måldatum före {config.period_label} flyttas till Kommentar.")
    if result.finished:
        order = config.list_names("statuses")
        by_status = ", ".join(f"{status} {result.finished[status]}" for status in
                              sorted(result.finished, key=lambda s: order.index(s) if s in order else len(order)))
        lines.append(f"Förde inte över {count(sum(result.finished.values()), 'avslutad aktivitet', 'avslutade aktiviteter')}"
                     f" ({by_status}).")
    if result.placement is not None:
        lines += _table_lines(result.placement)
    lines.append(f"Skrev {count(len(written), 'mall', 'mallar')} för {config.forvaltning} {config.plan_year} "
                 f"till {out}:")
    for unit, path in written:
        rows = len(result.plans.get(unit, ((), {}))[0])
        lines.append(f"  {path}: {count(rows, 'aktivitet', 'aktiviteter')}")
    places = {(a.issue.file, a.issue.sheet, a.issue.row) for a in result.attention}
    if not result.attention:
        lines.append("Inga rader behöver åtgärdas.")
        return lines
    lines.append(f"{count(len(places), 'rad behöver', 'rader behöver')} åtgärdas:")
    for item in result.attention:
        where = f" ({item.unit.label})" if item.unit else ""
        lines.append(f"  {item.place}{where}: {item.issue.message}")
    return lines


def _table_lines(placement: Placement) -> list[str]:
    """A Word document's activities per department, and the tables that were skipped and why."""
    lines = ["Aktiviteter per avdelning i dokumentet:"]
    lines += [f"  {department or 'Ingen avdelning (se nedan)'}: {rows}"
              for department, rows in placement.per_department.items()]
    skipped = [t.table for t in placement.tables if t.table.skipped]
    if skipped:
        lines.append(f"Hoppade över {count(len(skipped), 'tabell', 'tabeller')} som inte är aktivitetsplaner:")
        lines += [f"  {table.label}: {table.skipped}." for table in skipped]
    return lines

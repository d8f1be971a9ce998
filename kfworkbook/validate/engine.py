"""The one validation engine every form runs through.

:func:`run` validates many workbooks of one form in one pass: a :class:`~kfworkbook.issues.Report`
per workbook with the issues of reading, of the template's identity (förvaltning, year, version), of
the form's own rules (:class:`FormRules`: one pandera run over every workbook's rows, failures mapped
back to cells), of Uppgifter, sorted, with one :class:`~kfworkbook.issues.Batch` of normalised rows
that merge counts. The forms' rules live in :mod:`kfworkbook.validate.plan` and
:mod:`kfworkbook.validate.follow_up`; :mod:`kfworkbook.validate.run` picks them by form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from ..config import Config, fold
from ..forms import columns as C
from ..issues import CATALOGUE, Batch, Issue, Report, make_issue
from ..read.identity import TEMPLATE, Identity, plan_identity
from ..read.workbook import Workbook
from .schema import failures, info_schema, prepare_info


@dataclass
class RowCheck:
    """What a form's row rules found: issues by workbook position, and how to make the batch frame
    once every issue of the run is known."""

    issues: list[tuple[int, Issue]]
    frame: Callable[[Sequence[Report]], pd.DataFrame]


class FormRules(Protocol):
    """The rules of one form, as :func:`run` calls them (a form's validate module is one)."""

    def check_rows(self, plans: Sequence[Workbook], readable: list[int], config: Config) -> RowCheck:
        """Check the activity rows of the readable workbooks in one schema run."""
        ...

    def check_more(self, plans: Sequence[Workbook], readable: list[int], config: Config,
                   reports: list[Report]) -> None:
        """Add the form's other issues (and values) to ``reports`` after Uppgifter is checked."""
        ...


def run(plans: Sequence[Workbook], config: Config, rules: FormRules) -> list[Report]:
    """Validate workbooks of one form with its ``rules``; one :class:`Report` per workbook, in order."""
    reports = [Report(file=p.file, issues=list(p.issues), plan=p if p.readable else None) for p in plans]
    readable = [i for i, p in enumerate(plans) if p.readable]
    if not readable:
        return reports
    for i in readable:
        reports[i].issues.extend(identity_issues(plans[i], config))
    checked = rules.check_rows(plans, readable, config)
    for plan_no, issue in checked.issues:
        reports[plan_no].issues.append(issue)
    for plan_no, issue in info_issues(plans, readable, config):
        reports[plan_no].issues.append(issue)
    rules.check_more(plans, readable, config, reports)
    for i in readable:
        plan = plans[i]
        if plan.header_row is not None and not plan.row_numbers:
            reports[i].issues.append(make_issue("inga-aktiviteter", file=plan.file, sheet=plan.form.sheet))
        reports[i].issues = sorted(_without_covered(reports[i].issues), key=sort_key)
    batch = Batch(checked.frame(reports))
    for i in readable:
        reports[i].batch, reports[i].batch_key = batch, i
    return reports


COVERING = ("cell-felvarde", "text-for-lang")
"""Issues that say all there is to say about their cell: a formula error is read as empty, so the rules
would otherwise call the cell empty; a text longer than a cell can hold would otherwise be quoted whole
in a list check's message. The reader and the plan's rules may both find a text too long: once is enough."""


def _without_covered(issues: list[Issue]) -> list[Issue]:
    covered = {(i.sheet, i.cell) for i in issues if i.code in COVERING}
    if not covered:
        return issues
    kept: list[Issue] = []
    seen: set[tuple[str, str, str]] = set()
    for issue in issues:
        place = (issue.sheet, issue.cell)
        if issue.code in COVERING and (issue.code, *place) not in seen:
            seen.add((issue.code, *place))
            kept.append(issue)
        elif place not in covered:
            kept.append(issue)
    return kept


_GROUP_RANK = {"Filen": 0, "Arbetsboken": 1, "Uppgifter": 2, "Aktiviteter": 3, "Analys": 4}


_COLUMN_RANK = {c.key: i for i, c in enumerate(C.COLUMNS)}


_INFO_RANK = {key: i for i, (key, _, _) in enumerate(C.INFO_FIELDS)}


_INFO_LABEL = {key: label for key, label, _ in C.INFO_FIELDS}


def _first_ranks(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for name, rank in pairs:
        ranks.setdefault(name, rank)
    return ranks


_INFO_RANK_BY_LABEL = _first_ranks((label, _INFO_RANK[key]) for key, label in _INFO_LABEL.items())
_COLUMN_RANK_BY_HEADER = _first_ranks((c.header, _COLUMN_RANK[c.key]) for c in C.COLUMNS)
"""The rank of the first field or column with each label or header, as an issue's ``column`` names it."""


def sort_key(issue: Issue) -> tuple[Any, ...]:
    group = CATALOGUE[issue.code].group
    ranks = _INFO_RANK_BY_LABEL if group == "Uppgifter" else _COLUMN_RANK_BY_HEADER
    return (_GROUP_RANK[group], issue.row or 0, ranks.get(issue.column, -1), issue.code)


def identity_issues(plan: Workbook, config: Config) -> list[Issue]:
    if plan.form.sheet not in plan.sheets:
        return []
    issues: list[Issue] = []
    if C.SHEET_INFO not in plan.sheets:
        issues.append(make_issue("blad-saknas", file=plan.file, sheet=C.SHEET_INFO))
    meta = plan.meta
    if not meta:
        return [*issues, make_issue("mall-okand", file=plan.file)]
    if fold(meta.get("forvaltning", "")) != fold(config.forvaltning):
        issues.append(make_issue("mall-forvaltning", file=plan.file, found=meta.get("forvaltning") or "okänd",
                                 expected=config.forvaltning))
    if meta.get("plan_year") != str(config.plan_year):
        issues.append(make_issue("mall-ar", file=plan.file, found=meta.get("plan_year") or "okänt",
                                 expected=config.plan_year))
    found = meta.get("template_version") or ""
    if found != config.template_version:
        code = "mall-version-nyare" if _version(found) > _version(config.template_version) else "mall-version"
        issues.append(make_issue(code, file=plan.file, found=found or "okänd", expected=config.template_version))
    return issues


def typed_over(plan: Workbook, identity: Identity) -> list[Issue]:
    """Avdelning or Enhet on Uppgifter that differ from what the template was made for, and a file named
    for another unit: the plan counts for the template's unit (:func:`kfworkbook.read.identity.plan_identity`)."""
    if identity.source != TEMPLATE:
        return []
    issues: list[Issue] = []

    def add(key: str, code: str, **fields: Any) -> None:
        cell = plan.info_cells.get(key, C.info_cell(key))
        issues.append(make_issue(code, file=plan.file, sheet=C.SHEET_INFO, cell=cell, row=int(cell[1:]),
                                 column=_INFO_LABEL[key], value=plan.info.get(key), **fields))

    typed_department, typed_unit = (str(plan.info.get(k) or "") for k in ("department", "unit"))
    if fold(typed_department) != fold(identity.department):
        add("department", "avdelning-andrad", expected=identity.department)
    if fold(typed_unit) != fold(identity.unit):
        if identity.unit:
            add("unit", "enhet-andrad", expected=identity.unit)
        else:
            add("unit", "enhet-tillagd", department=identity.department)
    if identity.named:
        add("unit" if identity.unit else "department", "mall-annan-enhet", named=identity.named,
            expected=identity.label)
    return issues


def _version(text: str) -> tuple[int, ...]:
    """'2.10' as (2, 10), for comparing template versions; () when it holds no number."""
    return tuple(int(part) for part in re.findall(r"\d+", text))


def info_issues(plans: Sequence[Workbook], readable: list[int], config: Config):
    """The issues of Uppgifter: the department and unit the plan counts for (its identity), the typed-over
    Avdelning or Enhet, the manager, e-mail and date."""
    keys = ("department", "unit", "manager", "email", "date")
    records = []
    for i in readable:
        plan = plans[i]
        if C.SHEET_INFO not in plan.sheets:
            continue
        identity = plan_identity(plan, config)
        record = {k: plan.info.get(k) for k in keys}
        record["department"], record["unit"] = identity.department or None, identity.unit or None
        records.append((i, record))
        yield from ((i, issue) for issue in typed_over(plan, identity))
    if not records:
        return
    info = pd.DataFrame([r for _, r in records], index=[i for i, _ in records], dtype=object)
    prepared = prepare_info(info, config)
    cases = failures(info_schema(), prepared)
    for column, code, plan_no in cases.itertuples(index=False):
        plan = plans[plan_no]
        key = column.split(":")[0]
        cell = plan.info_cells.get(key, C.info_cell(key))
        department = prepared.at[plan_no, "department"]
        match = config.find_department(str(department)) if department else None
        fields: dict[str, Any] = {}
        if code == "avdelning-okand":
            fields["expected"] = C.or_list([d.name for d in config.departments])
        elif code in ("enhet-okand", "enhet-saknas") and match is not None:
            fields.update(department=match.name, expected=C.or_list(list(match.units)))
        elif code == "datum-uppgift-ogiltigt":
            fields["example"] = f"{config.plan_year}-01-31"
        yield plan_no, make_issue(code, file=plan.file, sheet=C.SHEET_INFO, cell=cell, row=int(cell[1:]),
                                  column=_INFO_LABEL[key], value=prepared.at[plan_no, key], **fields)

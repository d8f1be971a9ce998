"""Merging returned plans or follow-ups into a förvaltning-wide :class:`Summary` of pandas DataFrames.

The entry point of the summary stage, with its registry ``ROWS`` (each form's rows). Every file is
read (in parallel processes for many files) and all workbooks are validated in one batch. An
unreadable file or one with errors never stops the run. The same inputs always give the same
summary: files are sorted, departments follow the configuration, ties are broken by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from .. import collector
from ..config import Config, PlanUnit, load_config
from ..forms.spec import FOLLOW_UP_KIND, PLAN, PLAN_KIND, Form, run_form
from ..issues import Report
from ..read.identity import Identity, dominant_foreign, report_identity
from ..read.intake import Progress, collect, read_plans, skip_reason
from ..validate.run import validate_plans
from . import follow_up as follow_up_rows
from . import plan as plan_rows
from .model import ANALYSIS_COLUMNS, FOREIGN, INVALID, MISSING, REPLACED, SKIPPED, Summary


class SummaryRows(Protocol):
    """One form's rows in a summary, as :func:`summarise` asks for them (a form's summary module is one)."""

    def activities(self, reports: list[Report], identities: dict[str, Identity], labels: dict[str, str],
                   config: Config, strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """The counted workbooks' rows in configuration order, and with ``strict`` the rows left out."""
        ...

    def expected_units(self, reports: list[Report], config: Config) -> list[PlanUnit] | None:
        """The units expected to hand in (None: every plan unit of the configuration)."""
        ...

    def accounts(self, summary: Summary, used: list[Report]) -> Any:
        """Where every activity went (the follow-up's :class:`~kfworkbook.forms.follow_up.PeriodAccount`), or None."""
        ...


ROWS: dict[str, SummaryRows] = {PLAN_KIND: plan_rows, FOLLOW_UP_KIND: follow_up_rows}
"""The rows of each form in a summary, by :attr:`Form.kind <kfworkbook.forms.spec.Form.kind>`."""


def merge(paths: Iterable[str | Path], config: Config | None = None, strict: bool = False,
          workers: int | None = None, progress: Progress | None = None) -> Summary:
    """Read, validate and merge every workbook in ``paths`` (files and folders) into a :class:`Summary`.

    The summary's form is the one most readable workbooks have (:func:`kfworkbook.forms.spec.run_form`):
    plans give the plan summary, follow-ups of a period that period's follow-up report.
    """
    config = config or load_config(None)
    with collector.paused():  # hundreds of thousands of rows and cells, hardly any cycles
        intake = collect(paths)
        plans = read_plans(intake.files, workers, progress)
        reports = validate_plans(plans, config)
        return summarise(reports, config, strict=strict, skipped=intake.skipped, labels=intake.labels,
                         form=run_form(p.meta for p in plans if p.readable), skip_reasons=intake.reasons)


def _handed_in(report: Report) -> datetime:
    stamp = report.plan.info.get("date") if report.plan else None
    if isinstance(stamp, datetime):
        return stamp
    if isinstance(stamp, date):
        return datetime(stamp.year, stamp.month, stamp.day)
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp[:10])
        except ValueError:
            pass
    try:
        return datetime.fromtimestamp(Path(report.file).stat().st_mtime)
    except OSError:
        return datetime.min


def summarise(reports: list[Report], config: Config, strict: bool = False,
              skipped: Sequence[Path] = (), labels: dict[str, str] | None = None, form: Form = PLAN,
              skip_reasons: dict[str, str] | None = None) -> Summary:
    """Build the :class:`Summary` of ``form`` from validated reports.

    Only a workbook made for this configuration's förvaltning and plan year (and, for a follow-up, for
    this period) counts (see :mod:`kfworkbook.read.identity`); of two for the same unit, the one with
    the later Datum wins. The rows and the units expected come from the form's ``ROWS``.
    """
    labels = dict(labels or {})
    identities = {r.file: report_identity(r, config, form.period) for r in reports}
    counted = [r for r in reports if r.readable and not identities[r.file].foreign]
    chosen: dict[tuple[str, str], Report] = {}
    replaced: list[tuple[str, str]] = []
    for report in sorted(counted, key=lambda r: (_handed_in(r), labels.get(r.file, r.file))):
        key = identities[report.file].key
        if key in chosen and key != ("", ""):
            replaced.append((chosen[key].file, report.file))
        chosen[key] = report  # the later (newer) one wins
    losers = {old for old, _ in replaced}
    used = [r for r in counted if r.file not in losers]

    rows = ROWS[form.kind]
    activities, excluded = rows.activities(used, identities, labels, config, strict)
    summary = Summary(config=config, made_at=datetime.now().replace(microsecond=0), activities=activities,
                      submissions=pd.DataFrame(), issues=pd.DataFrame(), reports=reports, strict=strict,
                      skipped=list(skipped), skip_reasons=dict(skip_reasons or {}), replaced=replaced,
                      excluded_rows=excluded, labels=labels, identities=identities, form=form)
    summary.expected_units = rows.expected_units(used, config)
    summary.hint = dominant_foreign([identities[r.file] for r in reports if r.readable], config)
    summary.submissions, summary.notes = _submissions(summary, used)
    summary.accounts = rows.accounts(summary, used)
    if summary.accounts is not None:
        summary.notes += [line for u in summary.accounts.units if (line := u.line(summary.period))]
        summary.notes += summary.accounts.earlier
    summary.issues = _issues(summary)
    summary.analysis = _analysis(used, identities, config)
    return summary


def _analysis(reports: list[Report], identities: dict[str, Identity], config: Config) -> pd.DataFrame:
    """The Analys values of the plans that count, in config department/unit order and field order."""
    order = {(unit.department, unit.unit): n for n, unit in enumerate(config.plan_units())}
    plans = [r for r in reports if r.plan is not None and r.plan.analysis_cells]
    plans.sort(key=lambda r: (order.get((identities[r.file].department, identities[r.file].unit), len(order)),
                              identities[r.file].department, identities[r.file].unit))
    rows = [[identities[r.file].department or None, identities[r.file].unit or None, f.key, f.label, f.kind,
             r.analysis.get(f.key)] for r in plans for f in config.analysis]
    return pd.DataFrame(rows, columns=ANALYSIS_COLUMNS, dtype=object)


SUBMISSION_COLUMNS = ["Avdelning", "Enhet", "Status", "Aktiviteter", "Fel", "Varningar", "Fil", "Datum", "Anmärkning",
                      "Förväntad"]


def _submissions(summary: Summary, used: list[Report]) -> tuple[pd.DataFrame, list[str]]:
    """The Inlämning rows (every expected unit, then every other file) and the 'Att notera' lines.

    Expected units come first, in configuration order; then, in this order, replaced duplicates,
    plans that belong to another förvaltning or year, unreadable files not standing for a unit,
    plans for units the configuration does not have, and skipped files. Every file is on one row.
    """
    config, ids, name = summary.config, summary.identities, summary.label
    by_unit = {ids[r.file].key: r for r in used}
    unreadable: dict[tuple[str, str], list[Report]] = {}
    for report in summary.reports:
        if not report.readable and ids[report.file].by_name:
            unreadable.setdefault(ids[report.file].key, []).append(report)
    foreign_by_unit: dict[tuple[str, str], list[str]] = {}  # O(files + units), not a search per missing unit
    for report in summary.reports:
        if report.readable and ids[report.file].foreign:
            foreign_by_unit.setdefault(ids[report.file].key, []).append(name(report.file))
    by_file = {report.file: report for report in summary.reports}
    replaced_at: dict[tuple[str, str], list[str]] = {}
    for old, _ in summary.replaced:
        replaced_at.setdefault(ids[old].key, []).append(f"Ersatte {name(old)}")
    rows: list[list[Any]] = []
    notes: list[str] = []
    placed: set[str] = set()
    expected_keys: set[tuple[str, str]] = set()
    for unit in summary.expected_units if summary.expected_units is not None else config.plan_units():
        key = ids_key(unit.department, unit.unit)
        expected_keys.add(key)
        report = by_unit.get(key)
        if report is not None:
            note = "; ".join(replaced_at.get(key, []))
            rows.append(_submission_row(summary, report, unit.department, unit.unit, note, True))
            placed.add(report.file)
        elif key in unreadable:
            report = unreadable[key][-1]
            rows.append(_submission_row(summary, report, unit.department, unit.unit, report.issues[0].message, True))
            placed.add(report.file)
        else:
            others = foreign_by_unit.get(key, [])
            note = "Ingen plan inlämnad" + (f" ({', '.join(others)} hör inte till planen)" if others else "")
            rows.append([unit.department, unit.unit or None, MISSING, 0, 0, 0, None, None, note, True])
    newer = dict(summary.replaced)
    for old, new in summary.replaced:
        identity = ids[old]
        rows.append(_submission_row(summary, by_file[old], identity.department, identity.unit,
                                    f"Ersatt av den nyare {name(new)}", False, REPLACED))
        notes.append(f"{name(old)} ersattes av den nyare {name(newer[old])} ({_unit_label(identity)}).")
    foreign = [r for r in summary.reports if r.readable and ids[r.file].foreign]
    for report in foreign:
        identity = ids[report.file]
        rows.append(_submission_row(summary, report, identity.department, identity.unit, identity.foreign, False,
                                    FOREIGN))
    if summary.hint and foreign:
        notes.append(summary.hint)
    else:
        notes += [f"{name(r.file)} räknas inte: {ids[r.file].foreign}." for r in foreign]
    for report in summary.reports:
        if report.readable or report.file in placed:
            continue
        identity = ids[report.file]
        rows.append(_submission_row(summary, report, identity.department, identity.unit, report.issues[0].message,
                                    False))
    for report in summary.reports:
        if not report.readable:
            for_unit = f" ({_unit_label(ids[report.file])})" if ids[report.file].by_name else ""
            notes.append(f"{name(report.file)}{for_unit} kunde inte läsas: {report.issues[0].message}")
    for report in used:
        identity = ids[report.file]
        if identity.key not in expected_keys:
            rows.append(_submission_row(summary, report, identity.department, identity.unit,
                                        "Avdelning eller enhet finns inte i konfigurationen", False))
            notes.append(f"{name(report.file)} räknas under '{INVALID}': avdelningen eller enheten "
                         f"'{_unit_label(identity)}' finns inte i konfigurationen.")
    for path in summary.skipped:
        why = skip_reason(path, summary.skip_reasons)
        rows.append([None, None, SKIPPED, 0, 0, 0, name(path), None, f"Hoppades över ({why})", False])
        notes.append(f"Hoppade över {name(path)} ({why}).")
    if summary.strict and summary.excluded_rows is not None:
        notes.append(f"{len(summary.excluded_rows)} rader med fel är utelämnade (se Valideringsfel).")
    return pd.DataFrame(rows, columns=SUBMISSION_COLUMNS), notes


def ids_key(department: str, unit: str) -> tuple[str, str]:
    """The folded (department, unit) key of a plan unit (as :attr:`Identity.key`)."""
    return Identity(department=department, unit=unit).key


def _unit_label(identity: Identity) -> str:
    if not identity.department:
        return "okänd avdelning"
    return f"{identity.department} – {identity.unit}" if identity.unit else identity.department


def _submission_row(summary: Summary, report: Report, department: str, unit: str, note: str, expected: bool,
                    status: str | None = None) -> list[Any]:
    stamp = _handed_in(report) if report.readable else None
    return [department or None, unit or None, status or report.status, report.activity_count, report.errors,
            report.warnings, summary.label(report.file), stamp.date() if stamp and stamp != datetime.min else None,
            note or None, expected]


ISSUE_COLUMNS = ["Fil", "Avdelning", "Enhet", "Blad", "Cell", "Typ", "Kod", "Kolumn", "Värde", "Meddelande"]


def _issues(summary: Summary) -> pd.DataFrame:
    """Every issue of every file, except those of plans made for another förvaltning or year."""
    rows = []
    for report in summary.reports:
        identity = summary.identities[report.file]
        if identity.foreign:
            continue
        for issue in report.issues:
            rows.append([summary.label(report.file), identity.department or None, identity.unit or None,
                         issue.sheet or None, issue.cell or None, issue.severity, issue.code, issue.column or None,
                         issue.value or None, issue.message])
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)


def summary_json(summary: Summary) -> dict[str, Any]:
    """The ``merge --json`` document: totals, one entry per file with its Inlämning status, and the notes."""
    rows = summary.submissions
    status = {f: (s, n) for f, s, n in zip(rows["Fil"], rows["Status"], rows["Anmärkning"], strict=True)
              if isinstance(f, str)}
    files = []
    for report in summary.reports:
        label = summary.label(report.file)
        state, note = status.get(label, (report.status, None))
        files.append({"file": label, "status": state, "note": None if pd.isna(note) else note, "valid": report.valid,
                      "errors": report.errors, "warnings": report.warnings, "activities": report.activity_count,
                      **summary.identities[report.file].to_dict()})
    accounts = {"activity_accounts": summary.accounts.to_dict()} if summary.accounts is not None else {}
    return {"totals": summary.totals, **accounts, "files": files,
            "skipped": [summary.label(p) for p in summary.skipped],
            "replaced": [{"file": summary.label(old), "by": summary.label(new)} for old, new in summary.replaced],
            "notes": summary.notes, **({"hint": summary.hint} if summary.hint else {})}

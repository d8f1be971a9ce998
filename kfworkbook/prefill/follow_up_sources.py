"""What ``kfworkbook uppfoljning`` (and next year's ``template --prefill``) start from: the ledger of the year.

:func:`read_ledger` takes the approved plans (returned plan files, or a summary workbook) and every
follow-up returned so far, of any period, and builds the :class:`~kfworkbook.summary.ledger.Ledger`.
Returned plan files go through the merge (:func:`kfworkbook.summary.merge.summarise`): the same identity
and counting rules decide which plan of a unit counts, and plans for another förvaltning or year never do.
A summary workbook (its Aktiviteter sheet) gives the same rows, so both give the same activity IDs
(:func:`kfworkbook.forms.follow_up.activity_ids`). The plans' own plan year decides which year's rules they
are read with, so that next year's configuration can start from this year's ledger.

Given only follow-ups (the form before the ledger), the activities are the rows that came back: a unit that
handed in nothing, a deleted row and a changed ID are then missing, and :func:`read_ledger` says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..config import Config, fold
from ..forms import columns as C
from ..forms import spec as F
from ..forms.follow_up import activity_ids, read_manifest
from ..issues import make_issue
from ..read.identity import plan_identity
from ..read.intake import collect, read_plans
from ..summary.ledger import Ledger, LedgerError, build_ledger
from ..summary.merge import summarise
from ..template.follow_up import FollowUpUnit
from ..validate.run import validate_plans
from .sources import SOURCE_FILE, SOURCE_ROW, PrefillError, read_source

_PLAN_KEYS = F.PLAN_KEYS
_ALL_KEYS = tuple(c.key for c in C.COLUMNS)
_LIST_KEYS = {"category": "categories", "responsible": "roles", "follow_up": "follow_up"}
ID_PATTERN = re.compile(r"A-[0-9A-F]{8}(?:-\d+)?", re.IGNORECASE)
"""An Aktivitets-ID ('A-1F12D2AA', a twin 'A-1F12D2AA-2')."""


class SourceError(Exception):
    """The sources cannot be used at all; ``str(error)`` is a Swedish message for the user."""


def _canonical(row: dict[str, Any], config: Config) -> dict[str, Any]:
    for key, list_key in _LIST_KEYS.items():
        value = row.get(key)
        if isinstance(value, str):
            found = config.canonical(list_key, value)
            if found is not None:
                row[key] = found[0]
    return row


def _group(records: Iterable[tuple[str, str, dict[str, Any], str]], config: Config) -> list[FollowUpUnit]:
    """Group (department, unit, row, source) records into units in the configuration's order, with IDs."""
    units: dict[tuple[str, str], FollowUpUnit] = {}
    for department, unit, row, source in records:
        key = (fold(department), fold(unit or ""))
        if key not in units:
            units[key] = FollowUpUnit(config.plan_unit(department, unit), [], source)
        units[key].rows.append(_canonical(row, config))
    for item in units.values():
        missing = [r for r in item.rows if not r.get(F.ID_KEY)]
        if missing:
            ids = activity_ids(config.forvaltning, config.plan_year, item.unit.department, item.unit.unit, missing)
            for row, activity_id in zip(missing, ids, strict=True):
                row[F.ID_KEY] = activity_id
    return sorted(units.values(), key=lambda i: (config.unit_rank(i.unit.department, i.unit.unit), i.unit.label))


def from_summary(summary: Any, config: Config) -> list[FollowUpUnit]:
    """The units and activities of a merged :class:`~kfworkbook.summary.model.Summary` (its Aktiviteter): every
    plan column, and where the activity stands in its plan (``source_file``, ``source_row``)."""
    headers = {C.COLUMN_BY_KEY[k].header: k for k in _ALL_KEYS}
    records = []
    for record in summary.activities.to_dict("records"):
        row = {key: value for header, key in headers.items() if (value := _value(record.get(header))) is not None}
        row[SOURCE_FILE], row[SOURCE_ROW] = _value(record.get("Källfil")), _value(record.get("Källrad"))
        records.append((_value(record["Avdelning"]) or "", _value(record["Enhet"]) or "", row,
                        str(record.get("Källfil") or "")))
    return _group(records, config)


def _value(value: Any) -> Any:
    try:
        import pandas as pd

        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
    except (TypeError, ValueError):
        pass
    return value


def from_follow_ups(plans: list[Any], config: Config) -> list[FollowUpUnit]:
    """The units of earlier follow-up workbooks, their answers moved to the 'earlier period' columns."""
    records = []
    for plan in plans:
        period = plan.meta.get("follow_up_period", "")
        identity = plan_identity(plan, config)
        issued = set(filter(None, plan.meta.get("activity_ids", "").split(",")))
        for _, values in plan.rows.iterrows():
            if values.get(F.ID_KEY) not in issued:
                continue  # a row the manager added, or whose ID was changed (validate reports both)
            row = {k: _value(values.get(k)) for k in (F.ID_KEY, *_PLAN_KEYS)}
            for earlier in F.PERIODS:
                for key in (F.STATUS, F.COMMENT, F.NEW_DUE):
                    old = F.history_key(key, earlier)
                    if old in values.index and _value(values[old]) is not None:
                        row[old] = _value(values[old])
            if period in F.PERIODS:
                for key in (F.STATUS, F.COMMENT, F.NEW_DUE):
                    row[F.history_key(key, period)] = _value(values.get(key))
                status = row[F.history_key(F.STATUS, period)]
                found = config.canonical("statuses", status) if isinstance(status, str) else None
                if found is not None:  # 'pågår' typed at T1 is shown as the list spells it
                    row[F.history_key(F.STATUS, period)] = found[0]
            records.append((identity.department, identity.unit, row, plan.file))
    return _group(records, config)


def read_sources(paths: Iterable[str | Path], config: Config) -> list[FollowUpUnit]:
    """The units to follow up, from plan files and folders, a summary workbook or follow-up workbooks.

    Plans (or a summary) together with follow-ups make the ledger (:func:`read_ledger`) and give the period
    after the latest one answered; follow-ups alone give the rows that came back, as before the ledger.
    Raises :class:`SourceError` when nothing usable is found.
    """
    ledger = read_ledger(paths, config)
    if ledger.from_answers_only:
        return ledger.returned_units
    after = ledger.periods[-1] if ledger.periods else ""
    period = F.PERIODS[F.PERIODS.index(after) + 1] if after and after != F.PERIODS[-1] else (after or "T1")
    try:
        return ledger.follow_up_units(period)
    except LedgerError as exc:
        raise SourceError(str(exc)) from None


def read_removals(values: Iterable[str]) -> dict[str, str]:
    """HR's decisions to remove activities (``--ta-bort``): each value an Aktivitets-ID, or a text file with one
    ID a line, followed by the reason ('A-1F12D2AA Ersätts av stadens satsning'); '#' starts a comment line.

    Raises :class:`SourceError` for a value that is neither an ID nor a readable file.
    """
    found: dict[str, str] = {}
    for value in values:
        if ID_PATTERN.fullmatch(value.strip()):
            found[value.strip().upper()] = "beslut av HR"
            continue
        path = Path(value)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise SourceError(f"--ta-bort {value}: är varken ett Aktivitets-ID (som A-1F12D2AA) eller en textfil "
                              "med ett Aktivitets-ID per rad.") from None
        for line in text.splitlines():
            match = ID_PATTERN.search(line)
            if line.lstrip().startswith("#") or match is None:
                continue
            reason = line[match.end():].strip(" \t,;:–-")
            found[match.group(0).upper()] = reason or "beslut av HR"
    return found


def read_ledger(paths: Iterable[str | Path], config: Config, answers: Iterable[str | Path] = (),
                removals: Mapping[str, str] | None = None, workers: int | None = None) -> Ledger:
    """The ledger of the year from the approved plans (plan files and folders, or a summary workbook, in
    ``paths``) and every follow-up returned so far (``answers``; follow-ups among ``paths`` count as answers).

    The plans are read with the rules of their own plan year (``config`` moved to it, see
    :meth:`kfworkbook.config.Config.for_year`), so that next year's configuration can start from this year's
    ledger. Raises :class:`SourceError` when nothing usable is found, or for an unknown ID in ``removals``.
    """
    sources, given = collect(paths), collect(answers)
    files = [*sources.files, *given.files]
    labels = {**sources.labels, **given.labels}
    workbooks = read_plans(files, workers)
    plans, follow_ups, summaries = [], [], []
    by_form = {F.PLAN_KIND: plans, F.FOLLOW_UP_KIND: follow_ups}
    for number, (path, workbook) in enumerate(zip(files, workbooks, strict=True)):
        answer_side = number >= len(sources.files)
        if not workbook.readable:
            (follow_ups if answer_side or _named_follow_up(path) else plans).append(workbook)
        elif workbook.meta:
            by_form[workbook.form.kind].append(workbook)
        elif path.suffix.lower() in (".xlsx", ".xlsm") and not answer_side:
            summaries.append(path)
    readable = [w for w in [*plans, *follow_ups] if w.readable]
    year = _plan_year([w for w in plans if w.readable] or readable, summaries)
    rules_year = config.for_year(year) if year and year != config.plan_year else config
    plan_units: list[FollowUpUnit] = []
    not_activities: list[tuple[Any, Any]] = []
    if any(w.readable for w in plans):
        reports = validate_plans(plans, rules_year)
        summary = summarise(reports, rules_year, labels=sources.labels)
        plan_units = from_summary(summary, rules_year)
        not_activities = _not_activities(summary, rules_year)
    elif summaries:
        plan_units = _from_summary_files(summaries, rules_year)
    answer_reports = validate_plans(follow_ups, rules_year) if follow_ups else []
    if not plan_units and not any(r.readable for r in answer_reports):
        raise SourceError("Hittade inga godkända planer, ingen sammanställning och inga uppföljningar i "
                          + ", ".join(str(p) for p in [*paths, *answers]) + ".")
    only_answers = not plan_units
    if only_answers:
        plan_units = _returned_rows(answer_reports, rules_year)
    try:
        ledger = build_ledger(plan_units, answer_reports, rules_year, labels, removals)
    except LedgerError as exc:
        raise SourceError(str(exc)) from None
    ledger.from_answers_only = only_answers
    ledger.not_activities = not_activities
    if only_answers:
        ledger.returned_units = from_follow_ups([r.plan for r in answer_reports if r.readable and
                                                 r.plan.meta.get("follow_up_period") == ledger.periods[-1]],
                                                rules_year) if ledger.periods else []
        ledger.notes.insert(0, _answers_only_note(ledger, answer_reports, rules_year))
    return ledger


def _not_activities(summary: Any, config: Config) -> list[tuple[Any, Any]]:
    """The rows of the counted plans that are no activity (``rad-utan-aktivitet``), as prefill issues."""
    found = []
    for report in summary.counted():
        plan, identity = report.plan, summary.identities[report.file]
        for issue in report.issues:
            if issue.code != "rad-utan-aktivitet" or issue.row not in plan.row_numbers:
                continue
            index = plan.row_numbers.index(issue.row)
            what = C.without_activity({k: column[index] for k, column in plan.columns.items()})
            label = summary.label(report.file)
            found.append((make_issue("forifyll-utan-aktivitet", file=label, sheet=f"{Path(label).name}, {C.SHEET_PLAN}",
                                     row=issue.row, column=issue.column, value=issue.value,
                                     what=what[1] if what else "frivilliga uppgifter"),
                          config.plan_unit(identity.department, identity.unit)))
    return found


def _named_follow_up(path: Path) -> bool:
    """True for a file named like a follow-up workbook ('Uppföljning_T1_…'), readable or not."""
    return fold(path.name).startswith(("uppföljning", "uppfoljning"))


def _plan_year(workbooks: list[Any], summaries: list[Path]) -> int | None:
    """The plan year most of the plans (or follow-ups) are made for, else a summary's, else None."""
    years = Counter(w.meta.get("plan_year") for w in workbooks if str(w.meta.get("plan_year", "")).isdigit())
    if years:
        return int(years.most_common(1)[0][0])
    for path in summaries:
        try:
            found = read_source(path).plan_years
        except PrefillError:
            continue
        if found:
            return found[-1]
    return None


def _from_summary_files(paths: list[Path], config: Config) -> list[FollowUpUnit]:
    """The units and activities of summary workbooks (their Aktiviteter sheet)."""
    records = []
    for path in paths:
        try:
            source = read_source(path)
        except PrefillError as exc:
            raise SourceError(str(exc)) from None
        for row in source.rows:
            values = {k: row.values[k] for k in _ALL_KEYS if row.values.get(k) is not None}
            if row.order is not None:
                values[SOURCE_FILE], values[SOURCE_ROW] = row.order[0], int(row.order[1])
            records.append((str(row.values.get("department") or ""), str(row.values.get("unit") or ""), values,
                            str(path)))
    return _group(records, config)


def _returned_rows(reports: list[Any], config: Config) -> list[FollowUpUnit]:
    """Without plans: the activities are the rows with an issued ID that came back, in any period (once each)."""
    records, seen = [], set()
    for report in sorted((r for r in reports if r.readable), key=lambda r: r.plan.meta.get("follow_up_period", "")):
        plan = report.plan
        identity = plan_identity(plan, config)
        issued = set(filter(None, plan.meta.get("activity_ids", "").split(",")))
        for index, _ in enumerate(plan.row_numbers):
            values = {k: _value(column[index]) for k, column in plan.columns.items()}
            activity_id = values.get(F.ID_KEY)
            if activity_id not in issued or activity_id in seen:
                continue
            seen.add(activity_id)
            row = {k: values.get(k) for k in (F.ID_KEY, *_PLAN_KEYS) if values.get(k) is not None}
            records.append((identity.department, identity.unit, row, plan.file))
    return _group(records, config)


def _answers_only_note(ledger: Ledger, reports: list[Any], config: Config) -> str:
    """The warning when only follow-ups were given: what can be missing, and the command that avoids it."""
    sent = read_manifest((r.plan.meta for r in reports if r.readable), config) or []
    have = {(fold(u.department), fold(u.unit)) for u in ledger.units()}
    lost = [s.unit.label for s in sent if (fold(s.unit.department), fold(s.unit.unit)) not in have]
    note = ("Ingen plan och ingen sammanställning angavs, så uppföljningen görs bara ur raderna i de inlämnade "
            "uppföljningarna: en enhet som inte lämnade någon uppföljning får ingen ny, och borttagna rader "
            "kommer inte tillbaka.")
    if lost:
        note += f" Saknas nu: {', '.join(lost)}."
    return note + (" Ange de godkända planerna och svaren: kfworkbook uppfoljning --period PERIOD PLANER "
                   "--svar MAPP_MED_SVAR.")

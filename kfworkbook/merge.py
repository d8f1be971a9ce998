"""Merging returned plans into a förvaltning-wide :class:`Summary` of pandas DataFrames.

Every file is read (in parallel processes for many files) and all plans are validated in one
batch. An unreadable file or one with errors never stops the run. The same inputs always give the
same summary: files are sorted, departments follow the configuration, ties are broken by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import columns as C
from .config import Config, PlanUnit, load_config
from .identity import Identity, dominant_foreign, report_identity
from .issues import APPROVED, ERROR, UNREADABLE, WITH_ERRORS, WITH_WARNINGS, Report
from .read import Plan, read_plan
from .validate import LOCK_PREFIXES, collect, validate_plans

MISSING = "saknas"
FOREIGN = "hör inte till planen"
REPLACED = "ersatt"
SKIPPED = "hoppades över"
INVALID = "(ogiltigt värde)"
"""The one bucket of crosstabs and charts for a value that is not in the configuration's list."""
INVALID_DUE = "Ogiltigt eller utanför perioden"
PARALLEL_FROM = 40
"""Read in parallel processes from this many files on (below it, process start-up costs more)."""
PARALLEL_CORES = 4
"""Read in parallel processes by default only on machines with at least this many cores."""

Progress = Callable[[int, int], None]
ANALYSIS_COLUMNS = ["Avdelning", "Enhet", "Nyckel", "Rubrik", "Typ", "Värde"]
"""Columns of :attr:`Summary.analysis`: Typ is text, tal, procent or lista; Värde a text, a float or a list value."""


@dataclass
class Summary:
    """The förvaltning-wide summary: one DataFrame per sheet of the summary workbook.

    Column names are the Swedish headers users see in the workbook, so HR can script on them.
    """

    config: Config
    made_at: datetime
    activities: pd.DataFrame
    submissions: pd.DataFrame
    issues: pd.DataFrame
    reports: list[Report]
    strict: bool = False
    skipped: list[Path] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    """(older file, newer file that replaced it) for departments/units handed in twice."""
    excluded_rows: pd.DataFrame | None = None
    """With ``strict``: the rows left out because they (or their plan) have errors."""
    labels: dict[str, str] = field(default_factory=dict)
    """How messages name each file: its path relative to the folder given (see ``validate.Intake``)."""
    identities: dict[str, Identity] = field(default_factory=dict)
    """Each report's identity (förvaltning, plan year, department, unit), by file."""
    notes: list[str] = field(default_factory=list)
    """The 'Att notera' lines of Översikt, also printed by the CLI: every file not simply counted."""
    hint: str = ""
    """Set once when most plans are made for another förvaltning or plan year than the configuration."""
    period: str = ""
    """T1, T2 or VB when this is the follow-up report of that period (see :mod:`kfworkbook.followup_report`)."""
    expected_units: list[PlanUnit] | None = None
    """The units expected to hand in; None: every plan unit of the configuration."""
    analysis: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ANALYSIS_COLUMNS))
    """The departments' own analysis: one row per counted plan with an Analys sheet and per configured
    field, in department and field order (see :data:`ANALYSIS_COLUMNS`); Värde is None when empty or wrong."""
    _department_order: list[str] | None = field(default=None, repr=False)

    def label(self, file: str | Path) -> str:
        """How messages name ``file`` (relative to the folder it was found in)."""
        label = self.labels.get(str(file))
        return label if label is not None else Path(file).name

    @property
    def by_department_and_category(self) -> pd.DataFrame:
        """Activities per department (rows) and UBARA step (columns), with totals.

        In every crosstab a value that is not in the configuration's list counts under
        '(ogiltigt värde)', never as a label of its own; an empty one under '(saknas)'.
        """
        frame, departments = self._by_department()
        header = C.COLUMN_BY_KEY["category"].header
        steps = self.config.list_names("categories")
        frame[header] = _bucket(frame[header], steps, "(saknas)")
        return _crosstab(frame, "Avdelning", header, departments, [*steps, "(saknas)", INVALID], drop_empty=True)

    @property
    def by_responsible(self) -> pd.DataFrame:
        """Activities per responsible function (rows) and department (columns), with totals."""
        frame, departments = self._by_department()
        header = C.COLUMN_BY_KEY["responsible"].header
        roles = self.config.list_names("roles")
        frame[header] = _bucket(frame[header], roles, "(saknas)")
        return _crosstab(frame, header, "Avdelning", [*roles, "(saknas)", INVALID], departments, drop_empty=True)

    @property
    def by_target_group(self) -> pd.DataFrame:
        """Activities per target group (rows, '(ingen)' for none) and department (columns)."""
        frame, departments = self._by_department()
        header = C.COLUMN_BY_KEY["target_group"].header
        groups = self.config.list_names("target_groups")
        frame[header] = _bucket(frame[header], groups, "(ingen)")
        return _crosstab(frame, header, "Avdelning", [*groups, "(ingen)", INVALID], departments, drop_empty=True)

    @property
    def timeline(self) -> pd.DataFrame:
        """Activities per department by tertial of Måldatum; Löpande apart, and one bucket for the rest.

        A Måldatum that is no date, empty, or outside the plan period counts under 'Ogiltigt eller
        utanför perioden'.
        """
        frame, departments = self._by_department()
        due = pd.to_datetime(frame["Måldatum"].where(frame["Måldatum"].map(_is_date)), errors="coerce")
        year = due.dt.year.astype("Int64").astype(str)
        tertial = year + " T" + ((due.dt.month - 1) // 4 + 1).astype("Int64").astype(str)
        periods = [f"{y} T{t}" for y in range(self.config.period_start_year, self.config.period_end_year + 1)
                   for t in (1, 2, 3)]
        ongoing = frame["Måldatum"] == C.ONGOING
        label = tertial.where(due.notna() & tertial.isin(periods), INVALID_DUE).where(~ongoing, C.ONGOING)
        order = [*periods, C.ONGOING, INVALID_DUE]
        return _crosstab(frame.assign(Tertial=label), "Avdelning", "Tertial", departments, order, drop_empty=True)

    @property
    def totals(self) -> dict[str, Any]:
        """Headline figures of the Översikt sheet (and the CLI's summary lines).

        Units: ``expected`` = ``approved`` + ``with_warnings`` + ``with_errors`` + ``unreadable`` +
        ``missing``, and ``handed_in`` = ``expected`` − ``missing``. Files: ``files`` = ``plans``
        (counted) + ``replaced`` + ``foreign`` + ``unreadable_files`` + ``skipped``.
        """
        subs = self.submissions
        expected = subs[subs["Förväntad"]]["Status"]
        extra = subs[~subs["Förväntad"]]["Status"]
        unreadable_files = sum(1 for r in self.reports if not r.readable)
        return {
            "expected": len(expected),
            "handed_in": int((expected != MISSING).sum()),
            "approved": int((expected == APPROVED).sum()),
            "with_warnings": int((expected == WITH_WARNINGS).sum()),
            "with_errors": int((expected == WITH_ERRORS).sum()),
            "unreadable": int((expected == UNREADABLE).sum()),
            "missing": int((expected == MISSING).sum()),
            "files": len(self.reports) + len(self.skipped),
            "plans": len(self.reports) - len(self.replaced) - int((extra == FOREIGN).sum()) - unreadable_files,
            "replaced": len(self.replaced),
            "foreign": int((extra == FOREIGN).sum()),
            "unreadable_files": unreadable_files,
            "skipped": len(self.skipped),
            "activities": len(self.activities),
        }

    def _departments(self) -> list[str]:
        """Departments in config order, then '(ogiltigt värde)' when a plan names another."""
        if self._department_order is None:
            known = [d.name for d in self.config.departments]
            unknown = not self.activities["Avdelning"].isin(known).all()
            self._department_order = [*known, *([INVALID] if unknown else [])]
        return self._department_order

    def _by_department(self) -> tuple[pd.DataFrame, list[str]]:
        """A copy of the activities with unknown departments bucketed, and the department order."""
        departments = self._departments()
        frame = self.activities.copy()
        frame["Avdelning"] = _bucket(frame["Avdelning"], departments[:len(self.config.departments)], INVALID)
        return frame, departments


def _is_date(value: Any) -> bool:
    return isinstance(value, (date, datetime, pd.Timestamp)) and not pd.isna(value)


def _bucket(values: pd.Series, allowed: list[str], empty: str) -> pd.Series:
    """``values`` with every value not in ``allowed`` as '(ogiltigt värde)' and empty ones as ``empty``."""
    return values.where(values.isin(allowed), INVALID).where(values.notna(), empty)


_BUCKETS = (INVALID, INVALID_DUE, "(saknas)")


def _crosstab(frame: pd.DataFrame, rows: str, cols: str, row_order: list[str], col_order: list[str],
              drop_empty: bool = False) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` in the given orders, with totals; every value must be in an order.

    With ``drop_empty``, the buckets ('(ogiltigt värde)', '(saknas)', …) appear only when they count something.
    """
    counts = pd.crosstab(frame[rows], frame[cols]) if len(frame) else pd.DataFrame()
    if drop_empty:
        row_order = [r for r in row_order if r not in _BUCKETS or r in counts.index]
        col_order = [c for c in col_order if c not in _BUCKETS or c in counts.columns]
    table = counts.reindex(index=row_order, columns=col_order, fill_value=0)
    table = table.fillna(0).astype(int)
    table["Totalt"] = table.sum(axis=1)
    table.loc["Totalt"] = table.sum(axis=0)
    table.index.name = rows
    table.columns.name = None
    return table


# -- reading -----------------------------------------------------------------------------------


def read_plans(files: Sequence[Path], workers: int | None = None, progress: Progress | None = None) -> list[Plan]:
    """Read ``files`` into plans, in order; in parallel processes when there are many and cores to spare.

    By default, reading is sequential below :data:`PARALLEL_CORES` cores: on two cores the worker
    processes lose to one reader (pickling plans back costs ~0.5 s per 1,000 plans, and the cores are
    shared with the validation that follows).
    """
    cores = os.cpu_count() or 1
    workers = workers if workers is not None else (min(4, cores) if cores >= PARALLEL_CORES else 1)
    total = len(files)
    if workers <= 1 or total < PARALLEL_FROM:
        plans = []
        for done, path in enumerate(files, start=1):
            plans.append(read_plan(path))
            if progress:
                progress(done, total)
        return plans
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(50, total // (workers * 4)))
    plans = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, plan in enumerate(pool.map(read_plan, files, chunksize=chunk), start=1):
            plans.append(plan)
            if progress and (done % chunk == 0 or done == total):
                progress(done, total)
    return plans


# -- merging -------------------------------------------------------------------------------------


def merge(paths: Iterable[str | Path], config: Config | None = None, strict: bool = False,
          workers: int | None = None, progress: Progress | None = None) -> Summary:
    """Read, validate and merge every plan in ``paths`` (files and folders) into a :class:`Summary`."""
    config = config or load_config(None)
    intake = collect(paths)
    plans = read_plans(intake.files, workers, progress)
    reports = validate_plans(plans, config)
    return summarise(reports, config, strict=strict, skipped=intake.skipped, labels=intake.labels,
                     period=follow_up_period(plans))


def follow_up_period(plans: Sequence[Plan]) -> str:
    """The period of the follow-up report when most readable files are follow-up workbooks, else ''.

    The period most of them name wins; follow-ups of other periods then do not count.
    """
    from collections import Counter

    from .forms import is_follow_up

    readable = [p for p in plans if p.readable]
    periods = Counter(p.meta.get("follow_up_period", "") for p in readable if is_follow_up(p.meta))
    if not periods or sum(periods.values()) * 2 <= len(readable):
        return ""
    return sorted(periods.items(), key=lambda item: (-item[1], item[0]))[0][0]


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
              skipped: Sequence[Path] = (), labels: dict[str, str] | None = None, period: str = "") -> Summary:
    """Build the :class:`Summary` from validated reports.

    Only a plan made for this configuration's förvaltning and plan year counts (see
    :mod:`kfworkbook.identity`); of two plans for the same unit, the one with the later Datum wins.
    """
    labels = dict(labels or {})
    identities = {r.file: report_identity(r, config, period) for r in reports}
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

    if period:  # the follow-up form's rows (kfworkbook.followup_report)
        from .followup_report import follow_up_activities

        activities, excluded = follow_up_activities(used, identities, labels, config, strict)
    else:
        activities, excluded = _activities(used, identities, labels, config, strict)
    summary = Summary(config=config, made_at=datetime.now().replace(microsecond=0), activities=activities,
                      submissions=pd.DataFrame(), issues=pd.DataFrame(), reports=reports, strict=strict,
                      skipped=list(skipped), replaced=replaced, excluded_rows=excluded, labels=labels,
                      identities=identities, period=period)
    if period:  # the units the follow-up was sent to, as its workbooks say
        from .followup_sources import units_sent

        summary.expected_units = units_sent([r.plan for r in used], config)
    summary.hint = dominant_foreign([identities[r.file] for r in reports if r.readable], config)
    summary.submissions, summary.notes = _submissions(summary, used)
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


ACTIVITY_COLUMNS = ["Avdelning", "Enhet", *[c.header for c in C.COLUMNS], "Fel", "Varningar", "Källfil", "Källrad"]


def batch_parts(reports: list[Report]) -> list[tuple[pd.DataFrame, dict[int, Report]]]:
    """The rows of ``reports`` per batch frame, with the reports by batch key (plans validated together share
    one frame: selecting from it at once is far faster than report by report)."""
    batches: dict[int, tuple[Any, dict[int, Report]]] = {}
    for report in reports:
        if report.batch is not None:
            batches.setdefault(id(report.batch), (report.batch, {}))[1][report.batch_key] = report
    parts = []
    for batch, members in batches.values():
        part = batch.frame[batch.frame["plan"].isin(list(members))]
        if not part.empty:
            parts.append((part, members))
    return parts


def _activities(reports: list[Report], identities: dict[str, Identity], labels: dict[str, str], config: Config,
                strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    frames = []
    for part, members in batch_parts(reports):
        departments, units = {}, {}
        for key, report in members.items():
            identity = identities[report.file]
            departments[key], units[key] = identity.department or None, identity.unit or None
        plan = part["plan"]
        frame = pd.DataFrame({"Avdelning": plan.map(departments), "Enhet": plan.map(units)}, index=part.index)
        for col in C.COLUMNS:
            if col.key == "due":
                dated = part["due"].notna()
                due = pd.Series(part["due"].dt.date.astype(object), index=part.index).where(dated, part["due_text"])
                frame[col.header] = due
            else:
                frame[col.header] = part[col.key]
        frame["Fel"] = part["errors"]
        frame["Varningar"] = part["warnings"]
        frame["Källfil"] = plan.map({key: labels.get(r.file, Path(r.file).name) for key, r in members.items()})
        frame["Källrad"] = part["rad"]
        frame["_plan_errors"] = plan.map({key: _plan_level_errors(r) for key, r in members.items()}).astype(bool)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS), (pd.DataFrame(columns=ACTIVITY_COLUMNS) if strict else None)
    merged = pd.concat(frames, ignore_index=True)
    department_rank = {d.name: i for i, d in enumerate(config.departments)}
    category_rank = {name: i for i, name in enumerate(config.list_names("categories"))}
    merged["_d"] = merged["Avdelning"].map(department_rank).fillna(len(department_rank))
    merged["_c"] = merged["Kategori (UBARA)"].map(category_rank).fillna(len(category_rank))
    merged = merged.sort_values(["_d", "Avdelning", "Enhet", "_c", "Källfil", "Källrad"], kind="stable",
                                na_position="first").reset_index(drop=True)
    excluded = None
    if strict:
        bad = (merged["Fel"] > 0) | merged["_plan_errors"]
        excluded = merged[bad][ACTIVITY_COLUMNS].reset_index(drop=True)
        merged = merged[~bad].reset_index(drop=True)
    return merged[ACTIVITY_COLUMNS], excluded


def _plan_level_errors(report: Report) -> bool:
    """True when the plan has an error not tied to an activity row (file, workbook or Uppgifter)."""
    return any(i.severity == ERROR and (i.row is None or i.sheet == C.SHEET_INFO) for i in report.issues)


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
    rows: list[list[Any]] = []
    notes: list[str] = []
    placed: set[str] = set()
    expected_keys: set[tuple[str, str]] = set()
    for unit in summary.expected_units if summary.expected_units is not None else config.plan_units():
        key = ids_key(unit.department, unit.unit)
        expected_keys.add(key)
        report = by_unit.get(key)
        if report is not None:
            note = "; ".join(f"Ersatte {name(old)}" for old, _ in summary.replaced if ids[old].key == key)
            rows.append(_submission_row(summary, report, unit.department, unit.unit, note, True))
            placed.add(report.file)
        elif key in unreadable:
            report = unreadable[key][-1]
            rows.append(_submission_row(summary, report, unit.department, unit.unit, report.issues[0].message, True))
            placed.add(report.file)
        else:
            others = [name(r.file) for r in summary.reports if r.readable and ids[r.file].foreign and ids[r.file].key == key]
            note = "Ingen plan inlämnad" + (f" ({', '.join(others)} hör inte till planen)" if others else "")
            rows.append([unit.department, unit.unit or None, MISSING, 0, 0, 0, None, None, note, True])
    newer = dict(summary.replaced)
    for old, new in summary.replaced:
        identity = ids[old]
        rows.append(_submission_row(summary, _by_file(summary.reports, old), identity.department, identity.unit,
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
        why = "låsfil, ingen plan" if path.name.startswith(LOCK_PREFIXES) else "ingen plan"
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


def _by_file(reports: list[Report], file: str) -> Report:
    return next(r for r in reports if r.file == file)


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
    return {"totals": summary.totals, "files": files,
            "skipped": [summary.label(p) for p in summary.skipped],
            "replaced": [{"file": summary.label(old), "by": summary.label(new)} for old, new in summary.replaced],
            "notes": summary.notes, **({"hint": summary.hint} if summary.hint else {})}

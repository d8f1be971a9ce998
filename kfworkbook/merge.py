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
from .config import Config, fold, load_config
from .issues import APPROVED, ERROR, WITH_ERRORS, WITH_WARNINGS, Report
from .read import Plan, read_plan
from .validate import collect_files, validate_plans

MISSING = "saknas"
REPLACED = "Ersatt av en nyare fil"
PARALLEL_FROM = 40
"""Read in parallel processes from this many files on (below it, process start-up costs more)."""

Progress = Callable[[int, int], None]


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
    _department_order: list[str] | None = field(default=None, repr=False)

    @property
    def by_department_and_category(self) -> pd.DataFrame:
        """Activities per department (rows) and UBARA step (columns), with totals."""
        return _crosstab(self.activities, "Avdelning", C.COLUMN_BY_KEY["category"].header,
                         self._departments(), self.config.list_names("categories"))

    @property
    def by_responsible(self) -> pd.DataFrame:
        """Activities per responsible function (rows) and department (columns), with totals."""
        frame = self.activities.copy()
        header = C.COLUMN_BY_KEY["responsible"].header
        frame[header] = frame[header].fillna("(saknas)")
        return _crosstab(frame, header, "Avdelning", self.config.list_names("roles"), self._departments())

    @property
    def by_target_group(self) -> pd.DataFrame:
        """Activities per target group (rows, '(ingen)' for none) and department (columns)."""
        frame = self.activities.copy()
        header = C.COLUMN_BY_KEY["target_group"].header
        frame[header] = frame[header].fillna("(ingen)")
        return _crosstab(frame, header, "Avdelning", [*self.config.list_names("target_groups"), "(ingen)"],
                         self._departments())

    @property
    def timeline(self) -> pd.DataFrame:
        """Activities per department by tertial of Måldatum; Löpande and undated apart."""
        frame = self.activities
        due = pd.to_datetime(frame["Måldatum"].where(frame["Måldatum"].map(_is_date)), errors="coerce")
        year = due.dt.year.astype("Int64").astype(str)
        tertial = year + " T" + ((due.dt.month - 1) // 4 + 1).astype("Int64").astype(str)
        undated = frame["Måldatum"].map(lambda v: C.ONGOING if v == C.ONGOING else "Inget giltigt datum")
        label = tertial.where(due.notna(), undated)
        periods = [f"{y} T{t}" for y in range(self.config.period_start_year, self.config.period_end_year + 1)
                   for t in (1, 2, 3)]
        extra = sorted(set(label.dropna()) - set(periods) - {C.ONGOING, "Inget giltigt datum"})
        order = [*periods, *extra, C.ONGOING, "Inget giltigt datum"]
        return _crosstab(frame.assign(Tertial=label), "Avdelning", "Tertial", self._departments(), order)

    @property
    def totals(self) -> dict[str, Any]:
        """Headline figures of the Översikt sheet."""
        subs = self.submissions
        expected = subs[subs["Förväntad"]]
        return {
            "expected": len(expected),
            "handed_in": int((expected["Status"] != MISSING).sum()),
            "approved": int(expected["Status"].isin([APPROVED, WITH_WARNINGS]).sum()),
            "with_errors": int(((subs["Status"] == WITH_ERRORS) & (subs["Anmärkning"] != REPLACED)).sum()),
            "missing": int((expected["Status"] == MISSING).sum()),
            "activities": len(self.activities),
            "files": len(self.reports),
        }

    def _departments(self) -> list[str]:
        """Departments in config order, then any others found in the plans (sorted)."""
        if self._department_order is None:
            known = [d.name for d in self.config.departments]
            extra = sorted(set(self.activities["Avdelning"].dropna().unique()) - set(known))
            self._department_order = [*known, *extra]
        return self._department_order


def _is_date(value: Any) -> bool:
    return isinstance(value, (date, datetime, pd.Timestamp)) and not pd.isna(value)


def _crosstab(frame: pd.DataFrame, rows: str, cols: str, row_order: list[str], col_order: list[str]) -> pd.DataFrame:
    counts = pd.crosstab(frame[rows], frame[cols]) if len(frame) else pd.DataFrame()
    extra_rows = sorted(str(r) for r in counts.index if r not in row_order)
    extra_cols = sorted(str(c) for c in counts.columns if c not in col_order)
    table = counts.reindex(index=[*row_order, *extra_rows], columns=[*col_order, *extra_cols], fill_value=0)
    table = table.fillna(0).astype(int)
    table["Totalt"] = table.sum(axis=1)
    table.loc["Totalt"] = table.sum(axis=0)
    table.index.name = rows
    table.columns.name = None
    return table


# -- reading -----------------------------------------------------------------------------------


def read_plans(files: Sequence[Path], workers: int | None = None, progress: Progress | None = None) -> list[Plan]:
    """Read ``files`` into plans, in order; in parallel processes when there are many."""
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
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
    files, skipped = collect_files(paths)
    plans = read_plans(files, workers, progress)
    reports = validate_plans(plans, config)
    return summarise(reports, config, strict=strict, skipped=skipped)


def _identity(report: Report, config: Config) -> tuple[str, str]:
    plan = report.plan
    department = plan.info.get("department") or plan.meta.get("department") or ""
    unit = plan.info.get("unit") or plan.meta.get("unit") or ""
    match = config.find_department(str(department)) if department else None
    if match is not None:
        department = match.name
        unit = next((u for u in match.units if fold(u) == fold(str(unit))), str(unit))
    return str(department), str(unit)


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
              skipped: Sequence[Path] = ()) -> Summary:
    """Build the :class:`Summary` from validated reports."""
    readable = [r for r in reports if r.readable]
    chosen: dict[tuple[str, str], Report] = {}
    replaced: list[tuple[str, str]] = []
    for report in sorted(readable, key=lambda r: (_handed_in(r), r.file)):
        key = tuple(fold(v) for v in _identity(report, config))
        if key in chosen and key != ("", ""):
            replaced.append((chosen[key].file, report.file))
        chosen[key] = report  # the later (newer) one wins
    losers = {old for old, _ in replaced}
    used = [r for r in readable if r.file not in losers]

    activities, excluded = _activities(used, config, strict)
    submissions = _submissions(reports, used, losers, config)
    issues = _issues(reports, config)
    return Summary(config=config, made_at=datetime.now().replace(microsecond=0), activities=activities,
                   submissions=submissions, issues=issues, reports=reports, strict=strict,
                   skipped=list(skipped), replaced=replaced, excluded_rows=excluded)


ACTIVITY_COLUMNS = ["Avdelning", "Enhet", *[c.header for c in C.COLUMNS], "Fel", "Varningar", "Källfil", "Källrad"]


def _activities(reports: list[Report], config: Config, strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    frames = []
    batches: dict[int, tuple[Any, dict[int, Report]]] = {}
    for report in reports:  # plans validated together share one batch frame: select from it at once
        if report.batch is not None:
            batches.setdefault(id(report.batch), (report.batch, {}))[1][report.batch_key] = report
    for batch, members in batches.values():
        part = batch.frame[batch.frame["plan"].isin(list(members))]
        if part.empty:
            continue
        departments, units = {}, {}
        for key, report in members.items():
            departments[key], unit = _identity(report, config)
            units[key] = unit or None
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
        frame["Källfil"] = plan.map({key: Path(r.file).name for key, r in members.items()})
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


def _submissions(reports: list[Report], used: list[Report], losers: set[str], config: Config) -> pd.DataFrame:
    by_unit = {tuple(fold(v) for v in _identity(r, config)): r for r in used}
    rows = []
    seen: set[tuple[str, str]] = set()
    for unit in config.plan_units():
        key = (fold(unit.department), fold(unit.unit))
        seen.add(key)
        report = by_unit.get(key)
        if report is None:
            rows.append([unit.department, unit.unit or None, MISSING, 0, 0, 0, None, None, "Ingen plan inlämnad", True])
            continue
        note = "; ".join(f"Ersatte {Path(old).name}" for old in sorted(losers) if
                         tuple(fold(v) for v in _identity(_by_file(reports, old), config)) == key)
        rows.append(_submission_row(report, unit.department, unit.unit, note, True))
    for report in reports:
        if report.file in losers:
            department, unit = _identity(report, config) if report.readable else ("", "")
            rows.append(_submission_row(report, department, unit, REPLACED, False))
        elif not report.readable:
            rows.append(_submission_row(report, "", "", "Filen kunde inte läsas", False))
        elif tuple(fold(v) for v in _identity(report, config)) not in seen:
            department, unit = _identity(report, config)
            rows.append(_submission_row(report, department, unit, "Avdelning eller enhet finns inte i konfigurationen",
                                        False))
    return pd.DataFrame(rows, columns=SUBMISSION_COLUMNS)


def _by_file(reports: list[Report], file: str) -> Report:
    return next(r for r in reports if r.file == file)


def _submission_row(report: Report, department: str, unit: str, note: str, expected: bool) -> list[Any]:
    activities = report.activity_count
    stamp = _handed_in(report) if report.readable else None
    return [department or None, unit or None, report.status, activities, report.errors, report.warnings,
            Path(report.file).name, stamp.date() if stamp and stamp != datetime.min else None, note or None, expected]


ISSUE_COLUMNS = ["Fil", "Avdelning", "Enhet", "Blad", "Cell", "Typ", "Kod", "Kolumn", "Värde", "Meddelande"]


def _issues(reports: list[Report], config: Config) -> pd.DataFrame:
    rows = []
    for report in reports:
        department, unit = _identity(report, config) if report.readable else ("", "")
        for issue in report.issues:
            rows.append([Path(report.file).name, department or None, unit or None, issue.sheet or None,
                         issue.cell or None, issue.severity, issue.code, issue.column or None, issue.value or None,
                         issue.message])
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)

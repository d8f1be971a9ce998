"""The förvaltning-wide :class:`Summary`: what a merge of plans or follow-ups knows, as pandas DataFrames.

A summary carries its form (:class:`~kfworkbook.forms.spec.Form`): the plan, or the follow-up of a
period. Its crosstabs put every value that is not in the configuration's lists under one bucket,
'(ogiltigt värde)', never under a label of its own (:func:`bucket`, :func:`crosstab`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import Config, PlanUnit
from ..forms import columns as C
from ..forms.spec import PLAN, Form
from ..issues import APPROVED, UNREADABLE, WITH_ERRORS, WITH_WARNINGS, Report
from ..read.identity import Identity
from ..values import is_date

MISSING = "saknas"


FOREIGN = "hör inte till planen"


REPLACED = "ersatt"


SKIPPED = "hoppades över"


INVALID = "(ogiltigt värde)"
"""The one bucket of crosstabs and charts for a value that is not in the configuration's list."""


INVALID_DUE = "Ogiltigt eller utanför perioden"


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
    skip_reasons: dict[str, str] = field(default_factory=dict)
    """Why a skipped entry was not read, where that is more than "no plan" (see ``read.intake.Intake``)."""
    replaced: list[tuple[str, str]] = field(default_factory=list)
    """(older file, newer file that replaced it) for departments/units handed in twice."""
    excluded_rows: pd.DataFrame | None = None
    """With ``strict``: the rows left out because they (or their plan) have errors."""
    labels: dict[str, str] = field(default_factory=dict)
    """How messages name each file: its path relative to the folder given (see ``read.intake.Intake``)."""
    identities: dict[str, Identity] = field(default_factory=dict)
    """Each report's identity (förvaltning, plan year, department, unit), by file."""
    notes: list[str] = field(default_factory=list)
    """The 'Att notera' lines of Översikt, also printed by the CLI: every file not simply counted."""
    hint: str = ""
    """Set once when most plans are made for another förvaltning or plan year than the configuration."""
    form: Form = PLAN
    """What was merged: the plan, or the follow-up of a period (see :mod:`kfworkbook.summary.follow_up`)."""
    expected_units: list[PlanUnit] | None = None
    """The units expected to hand in; None: every plan unit of the configuration."""
    analysis: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ANALYSIS_COLUMNS))
    """The departments' own analysis: one row per counted plan with an Analys sheet and per configured
    field, in department and field order (see :data:`ANALYSIS_COLUMNS`); Värde is None when empty or wrong."""
    accounts: Any = None
    """For a follow-up report: where every activity of the approved plans went this period
    (:class:`kfworkbook.forms.follow_up.PeriodAccount`); None for the plan, or when the workbooks do not say."""
    _department_order: list[str] | None = field(default=None, repr=False)

    @property
    def period(self) -> str:
        """T1, T2 or VB when this is the follow-up report of that period; '' for the plan."""
        return self.form.period

    def counted(self) -> list[Report]:
        """The reports that count: readable, made for this configuration (and period), not replaced by a newer one."""
        losers = {old for old, _ in self.replaced}
        return [r for r in self.reports if r.readable and not self.identities[r.file].foreign and r.file not in losers]

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
        return self._by_list("category", "categories", "(saknas)", departments_as_rows=True)

    @property
    def by_responsible(self) -> pd.DataFrame:
        """Activities per responsible function (rows) and department (columns), with totals."""
        return self._by_list("responsible", "roles", "(saknas)")

    @property
    def by_target_group(self) -> pd.DataFrame:
        """Activities per target group (rows, '(ingen)' for none) and department (columns)."""
        return self._by_list("target_group", "target_groups", "(ingen)")

    def _by_list(self, key: str, names: str, empty: str, departments_as_rows: bool = False) -> pd.DataFrame:
        """Activities per value of the list column ``key`` (the configuration's list ``names``, then ``empty`` and
        '(ogiltigt värde)') and per department, with totals; the list's values as rows unless
        ``departments_as_rows``."""
        header = C.COLUMN_BY_KEY[key].header
        frame, departments = self.by_department(header)
        allowed = self.config.list_names(names)
        frame[header] = bucket(frame[header], allowed, empty)
        values = [*allowed, empty, INVALID]
        if departments_as_rows:
            return crosstab(frame, "Avdelning", header, departments, values, drop_empty=True)
        return crosstab(frame, header, "Avdelning", values, departments, drop_empty=True)

    @property
    def timeline(self) -> pd.DataFrame:
        """Activities per department by tertial of Måldatum; Löpande apart, and one bucket for the rest.

        A Måldatum that is no date, empty, or outside the plan period counts under 'Ogiltigt eller
        utanför perioden'.
        """
        frame, departments = self.by_department("Måldatum")
        periods = [f"{y} T{t}" for y in range(self.config.period_start_year, self.config.period_end_year + 1)
                   for t in (1, 2, 3)]
        counted = set(periods)

        def tertial(value: Any) -> str:
            if isinstance(value, str) and value == C.ONGOING:
                return C.ONGOING
            if not is_date(value):
                return INVALID_DUE
            label = f"{value.year} T{(value.month - 1) // 4 + 1}"
            return label if label in counted else INVALID_DUE

        values = frame["Måldatum"].tolist()
        labels = {value: tertial(value) for value in dict.fromkeys(values)}  # a plan repeats its dates
        order = [*periods, C.ONGOING, INVALID_DUE]
        frame["Tertial"] = [labels[value] for value in values]
        return crosstab(frame, "Avdelning", "Tertial", departments, order, drop_empty=True)

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

    def departments(self) -> list[str]:
        """Departments in config order, then '(ogiltigt värde)' when a plan names another."""
        if self._department_order is None:
            known = [d.name for d in self.config.departments]
            unknown = not self.activities["Avdelning"].isin(known).all()
            self._department_order = [*known, *([INVALID] if unknown else [])]
        return self._department_order

    def by_department(self, *columns: str) -> tuple[pd.DataFrame, list[str]]:
        """The activities with unknown departments bucketed (a new frame of Avdelning and ``columns``, or of every
        column), and the department order. A crosstab asks only for its columns: no copy of the whole table."""
        departments = self.departments()
        names = ["Avdelning", *(c for c in columns if c != "Avdelning")] if columns else list(self.activities.columns)
        frame = pd.DataFrame({name: self.activities[name] for name in names}, index=self.activities.index)
        frame["Avdelning"] = bucket(frame["Avdelning"], departments[:len(self.config.departments)], INVALID)
        return frame, departments



def bucket(values: pd.Series, allowed: list[str], empty: str) -> pd.Series:
    """``values`` with every value not in ``allowed`` as '(ogiltigt värde)' and empty ones as ``empty``."""
    return values.where(values.isin(allowed), INVALID).where(values.notna(), empty)


_BUCKETS = (INVALID, INVALID_DUE, "(saknas)")


def crosstab(frame: pd.DataFrame, rows: str, cols: str, row_order: list[str], col_order: list[str],
              drop_empty: bool = False) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` in the given orders, with totals; every value must be in an order.

    With ``drop_empty``, the buckets ('(ogiltigt värde)', '(saknas)', …) appear only when they count something.
    """
    pairs = frame.groupby([rows, cols]).size() if len(frame) else None  # pd.crosstab's counts, at half its cost
    counts = pairs.unstack(fill_value=0) if pairs is not None and len(pairs) else pd.DataFrame()
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

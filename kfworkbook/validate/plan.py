"""The plan form's rules: every activity row against the configuration, the Analys sheet's figures.

The rows of every plan are checked in one pandera run (:func:`kfworkbook.validate.schema.
activity_schema` on the frame :func:`~kfworkbook.validate.schema.prepare` derives); each failure
becomes an issue at its cell with advice that fits the value typed. :func:`check_rows` and
:func:`check_more` are what the engine (:mod:`kfworkbook.validate.engine`) calls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..config import Config
from ..forms import columns as C
from ..issues import Report, advice, display, make_issue
from ..read.workbook import Workbook
from .engine import RowCheck
from .schema import (
    ANALYSIS_COLUMNS,
    PLAN,
    ROW,
    STR,
    TEXT,
    activity_schema,
    analysis_schema,
    failures,
    prepare_analysis,
    prepare_checked,
)
from .suggest import covering_follow_up, near_miss, nearest, role_and_qualifier, split_steps


def check_rows(plans: Sequence[Workbook], readable: list[int], config: Config) -> RowCheck:
    """Check the activity rows of every readable plan in one schema run.

    A row with no required value but something else (a comment below the activities) is one issue
    (``rad-utan-aktivitet``) instead of one per empty required cell, and no activity in the batch.
    """
    prepared, checked = prepare_checked(_batch_rows(plans, readable), config)
    notes = _without_activity(prepared, checked)
    issues = list(_activity_issues(prepared, checked, plans, config, set(notes.index)))
    issues += _note_issues(notes, plans)
    kept = prepared.drop(index=notes.index) if len(notes) else prepared
    return RowCheck(issues, lambda reports: activities_frame(kept, reports))


def _without_activity(prepared: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """The rows that hold no required value but something else (found on ``checked``: the same cells,
    where an empty one is a code, not an object to test)."""
    empty = {c.key: checked[c.key].isna().to_numpy() for c in C.COLUMNS}
    optional = [c.key for c in C.COLUMNS if not c.required]
    mask = np.logical_and.reduce([empty[c.key] for c in C.REQUIRED]) & ~np.logical_and.reduce(
        [empty[key] for key in optional])
    return prepared.iloc[np.flatnonzero(mask)][[PLAN, ROW, *optional]]  # the few rows first: no 60,000-row take


def _note_issues(notes: pd.DataFrame, plans: Sequence[Workbook]) -> list[tuple[int, Any]]:
    issues = []
    for record in notes.to_dict("records"):
        plan_no, row = int(record[PLAN]), int(record[ROW])
        plan = plans[plan_no]
        found = C.without_activity(record)
        if found is None:
            continue
        key, what = found
        col = C.COLUMN_BY_KEY[key]
        issues.append((plan_no, make_issue("rad-utan-aktivitet", file=plan.file, sheet=C.SHEET_PLAN,
                                           cell=plan.cell(key, row), row=row, column=col.header,
                                           value=record[key], what=what)))
    return issues


def check_more(plans: Sequence[Workbook], readable: list[int], config: Config, reports: list[Report]) -> None:
    """Check the Analys sheet of every readable plan; add its issues and normalised values to ``reports``."""
    _check_analysis(plans, readable, config, reports)


_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
_NUMBERED = re.compile(r"\s*1\s*[.)]\s*\S.*\s2\s*[.)]")
"""A cell that numbers its parts: "1. … 2. …"."""


def _batch_rows(plans: Sequence[Workbook], readable: list[int]) -> pd.DataFrame:
    """One frame of every readable plan's rows, with the ``plan`` and ``rad`` they come from."""
    data: dict[str, list[Any]] = {c.key: [] for c in C.COLUMNS}
    rows: list[int] = []
    counts: list[int] = []
    for i in readable:
        plan = plans[i]
        count = len(plan.row_numbers)
        counts.append(count)
        rows.extend(plan.row_numbers)
        for key, cells in data.items():
            cells.extend(plan.columns.get(key) or [None] * count)
    frame = pd.DataFrame({PLAN: np.repeat(np.array(readable, dtype=np.int64), counts),
                          ROW: np.array(rows, dtype=np.int64)})
    for key, cells in data.items():  # one block per column: no copy of 60,000 × 14 cells into one block
        frame[key] = pd.Series(cells, dtype=object)
    return frame


def _activity_issues(prepared: pd.DataFrame, checked: pd.DataFrame, plans: Sequence[Workbook], config: Config,
                     notes: set[Any]):
    cases = failures(activity_schema(config), checked)
    if cases.empty:
        return
    rows = list(dict.fromkeys(cases["index"]))
    cells = _Cells(prepared, prepared.index.get_indexer(rows))
    records = {index: _Record(cells, position) for position, index in enumerate(rows)}
    for column, code, index in zip(*(cases[c].tolist() for c in cases.columns), strict=True):
        values = records[index]
        plan_no, row = int(values[PLAN]), int(values[ROW])
        plan = plans[plan_no]
        col = C.COLUMN_BY_KEY[column.split(":")[0]]
        if code == "obligatorisk" and (col.key not in plan.letters or index in notes):
            continue  # the whole column is missing (kolumn-saknas), or the row is no activity (rad-utan-aktivitet)
        raw = values[col.key]
        fields = _message_fields(code, col, raw, values, config)
        if code in ("datum-text", "datum-utanfor") and not pd.isna(values["due:typed"]):
            raw = values["due:typed"]  # a year typed as a number: show 2023, not 1905-07-15
        yield plan_no, make_issue(code, file=plan.file, sheet=C.SHEET_PLAN, cell=plan.cell(col.key, row), row=row,
                                  column=col.header, value=raw, **fields)


class _Cells(dict):
    """The prepared frame's columns at the rows with an issue, each as a list of Python scalars (as iterating
    the column gives them) made when first read: those rows need a few of the frame's 40-odd columns."""

    def __init__(self, prepared: pd.DataFrame, positions: np.ndarray) -> None:
        super().__init__()
        self.prepared, self.positions = prepared, positions

    def __missing__(self, column: str) -> tuple[list[Any], bool]:
        values = self.prepared[column]
        self[column] = found = (values.take(self.positions).tolist(), values.dtype == object)
        return found


class _Record:
    """One row of the prepared frame, as ``DataFrame.to_dict("index")`` gives it, read only where asked:
    a row with an issue needs three or four of its 30-odd values."""

    __slots__ = ("cells", "position")

    def __init__(self, cells: _Cells, position: int) -> None:
        self.cells, self.position = cells, position

    def __getitem__(self, column: str) -> Any:
        values, boxed = self.cells[column]
        return _native(values[self.position]) if boxed else values[self.position]


def _native(value: Any) -> Any:
    """A value of an object column as a Python scalar, as pandas' ``to_dict`` boxes it."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, np.timedelta64):
        return pd.Timedelta(value)
    return None if value is pd.NA else value


def _message_fields(code: str, col: C.Column, raw: Any, values: Any, config: Config) -> dict[str, Any]:
    """The fields of one issue's message: advice that fits the cell and the value typed in it."""
    text = "" if raw is None else str(raw)
    if code == "obligatorisk":
        return {"hint": C.help_text(col, config)}
    if code == "ej-i-listan":
        return {"advice": _list_advice(text, col, config)}
    if code == "flera-varden":
        steps = split_steps(text, config) if col.list_key == "categories" else None
        if steps is not None and len(steps) == 2:
            return {"advice": advice("tva-steg", first=steps[0], second=steps[1])}
        covering = covering_follow_up(text, config) if col.list_key == "follow_up" else None
        if covering is not None:
            return {"advice": _covering_advice(covering)}
        return {"advice": advice("flera-varden", column=col.header)}
    if code == "person-som-ansvarig":
        return {"examples": _examples(config, "roles")}
    if code == "alias":
        canonical = values[col.key + ":value"]
        kind = "alias-skriv" if col.kind == "date" else "alias-lista"
        return {"canonical": canonical, "advice": advice(kind, canonical=canonical)}
    if code == "datum-text":
        return {"canonical": values["due:value"]}
    if code == "datum-oklart":
        fields = {"canonical": values["due:value"], "year": values["due:value"][:4]}
        if len(_ISO_DATE.findall(text)) > 1 or _NUMBERED.match(text):  # "1.2023-12-31 2.Tertial 1 2024"
            fields["advice"] = advice("flera-datum")
        return fields
    if code == "tal-text":
        return {"canonical": display(values[col.key + ":value"])}
    if code == "datum-ogiltigt":
        if len(_ISO_DATE.findall(text)) > 1:  # "1. 2023-12-31 2. 2022-12-31": two activities in one row
            return {"advice": advice("flera-datum")}
        return {"advice": advice("datum", example=C.text_fields(config)["due_example"])}
    if code == "datum-utanfor":
        return {"period": config.period_label, "start": config.period_start.isoformat(),
                "end": config.period_end.isoformat()}
    if code == "text-for-lang":
        return {"length": f"{len(values[col.key + TEXT]):,}".replace(",", " ")}
    if code == "dubblett":
        return {"other": int(values["activity:duplicate_of"])}
    return {}


def _list_advice(text: str, col: C.Column | None, config: Config, list_key: str = "") -> str:
    """For a value not in the list: the role it starts with, the value it is a typo of, or examples."""
    if col is not None:
        list_key = col.list_key or ""
    if list_key == "roles":
        found = role_and_qualifier(text, config)
        if found is not None:
            role, qualifier = found
            if qualifier:
                return advice("roll-med-tillagg", role=role, qualifier=qualifier)
            return advice("roll-i-plural", role=role)
    suggestion = near_miss(text, config, list_key)
    if suggestion is not None:
        return advice("menade-du", suggestion=suggestion)
    covering = covering_follow_up(text, config) if list_key == "follow_up" else None
    if covering is not None:
        return _covering_advice(covering)
    suggestion = nearest(text, config, list_key)
    if suggestion is not None:
        return advice("narmast", suggestion=suggestion)
    return advice("valj-i-listan", examples=_examples(config, list_key))


def _covering_advice(covering: tuple[str, list[str]]) -> str:
    value, parts = covering
    named = " och ".join([", ".join(parts[:-1]), parts[-1]])
    return advice("tacker-alla", suggestion=value, parts=("både " if len(parts) == 2 else "") + named)


def _examples(config: Config, list_key: str) -> str:
    return C.or_list(config.list_names(list_key)[:3])


def _check_analysis(plans: Sequence[Workbook], readable: list[int], config: Config, reports: list[Report]) -> None:
    """Check the Analys values of every plan in one schema run; add the issues and the normalised values."""
    records = [(i, field.key, field.kind, field.list_key or "", plans[i].analysis[field.key])
               for i in readable for field in config.analysis if plans[i].analysis.get(field.key) is not None]
    if not records:
        return
    frame = pd.DataFrame(records, columns=list(ANALYSIS_COLUMNS), dtype=object)
    prepared = prepare_analysis(frame, config)
    fields = {f.key: f for f in config.analysis}
    wrong: set[int] = set()
    for _, code, index in failures(analysis_schema(), prepared).itertuples(index=False):
        record = prepared.loc[index]
        plan_no, field = int(record[PLAN]), fields[record["key"]]
        plan, raw = plans[plan_no], record["raw"]
        cell = plan.analysis_cells[field.key]
        extra: dict[str, Any] = {}
        if code == "analys-tal-ogiltigt":
            extra["example"] = 12 if field.kind == "procent" else 40
        elif code == "analys-tal-text":
            extra["canonical"] = display(record["figure:value"]).replace(".", ",")  # Swedish decimal comma
        elif code == "analys-procent-andel":
            extra["percent"] = display(round(float(record["figure:value"]) * 100, 2)).replace(".", ",")
        elif code == "analys-alias":
            extra["canonical"] = record["list:value"]
        elif code == "analys-ej-i-listan":
            extra["advice"] = _list_advice(str(raw), None, config, field.list_key or "")
        elif code == "analys-text-for-lang":
            extra["length"] = f"{int(record['text:length']):,}".replace(",", " ")
        shown = display(raw).replace(".", ",") if isinstance(raw, float) else raw  # Swedish decimal comma
        issue = make_issue(code, file=plan.file, sheet=C.SHEET_ANALYSIS, cell=cell, row=int(cell[1:]),
                           column=field.label, value=shown, **extra)
        if issue.severity == "fel":
            wrong.add(index)
        reports[plan_no].issues.append(issue)
    columns = [prepared[c].tolist() for c in (PLAN, "key", "kind", "raw", "figure:value", "list:value")]
    rows = zip(prepared.index, *columns, strict=True)
    for index, plan_no, key, kind, raw, figure, listed in rows:
        if index not in wrong:
            value = figure if kind in ("tal", "procent") else listed if kind == "lista" else display(raw)
            reports[int(plan_no)].analysis[key] = value


def activities_frame(prepared: pd.DataFrame, reports: Sequence[Report]) -> pd.DataFrame:
    """The normalised activities of a batch: list values canonical, dates parsed, numbers as floats.

    Keeps the ``plan`` and ``rad`` columns; ``errors`` and ``warnings`` count the issues of each row.
    """
    data: dict[str, Any] = {PLAN: prepared[PLAN], ROW: prepared[ROW]}
    for col in C.COLUMNS:
        if col.kind == "text":
            data[col.key] = prepared[col.key + STR]
        elif col.kind == "date":
            data["due"] = prepared["due:date"]
            data["due_text"] = prepared["due:value"]
        else:
            data[col.key] = prepared[col.key + ":value"]
    found = [(plan_no * _ROWS + issue.row, issue.severity == "fel") for plan_no, report in enumerate(reports)
             for issue in report.issues if issue.row is not None and issue.sheet == C.SHEET_PLAN]
    keys = prepared[PLAN].to_numpy(dtype=np.int64) * _ROWS + prepared[ROW].to_numpy(dtype=np.int64)
    issue_keys, where = np.unique(np.array([key for key, _ in found], dtype=np.int64), return_inverse=True)
    errors = np.array([error for _, error in found], dtype=bool)
    at = np.minimum(np.searchsorted(issue_keys, keys), max(len(issue_keys) - 1, 0))
    hit = issue_keys[at] == keys if len(issue_keys) else np.zeros(len(keys), dtype=bool)
    for name, counted in (("errors", errors), ("warnings", ~errors)):
        per_key = np.bincount(where, weights=counted, minlength=len(issue_keys)).astype(np.int64)
        data[name] = np.where(hit, per_key[at] if len(issue_keys) else 0, 0).astype(np.int64)
    return pd.DataFrame(data, index=prepared.index)


_ROWS = 1 << 21
"""More than a sheet's rows (1,048,576): ``plan * _ROWS + row`` is one integer per (plan, row)."""

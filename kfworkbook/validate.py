"""Validating plans: run the schemas and turn pandera's failure cases into Swedish issues.

Many plans are validated in one pandera run (their rows concatenated under a (plan, row) index),
which is what makes checking a thousand returned plans fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import columns as C
from .config import Config, fold, load_config
from .forms import PLAN as PLAN_FORM
from .issues import CATALOGUE, Batch, Issue, Report, advice, display, make_issue
from .read import Plan, read_plan
from .schema import (
    ANALYSIS_COLUMNS,
    PLAN,
    ROW,
    TEXT,
    activity_schema,
    analysis_schema,
    failures,
    info_schema,
    prepare,
    prepare_analysis,
    prepare_info,
)
from .suggest import near_miss, role_and_qualifier, split_steps

PLAN_SUFFIXES = (".xlsx", ".xlsm", ".ods")
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".xltx", ".xltm", ".numbers", ".ots", ".fods")
"""Spreadsheets we cannot read as plans: taken from folders all the same, so that each gets an issue."""
LOCK_PREFIXES = ("~$", ".~lock.")
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
_GROUP_RANK = {"Filen": 0, "Arbetsboken": 1, "Uppgifter": 2, "Aktiviteter": 3, "Analys": 4}
_COLUMN_RANK = {c.key: i for i, c in enumerate(C.COLUMNS)}
_INFO_RANK = {key: i for i, (key, _, _) in enumerate(C.INFO_FIELDS)}
_INFO_LABEL = {key: label for key, label, _ in C.INFO_FIELDS}


@dataclass
class Intake:
    """Every file reached from the paths given: the ones to check, the ones skipped, and their labels.

    ``labels`` maps each file (as ``str(path)``) to how messages name it: its path relative to the
    folder it was found in (the outermost, when folders nest), or its name for a file given as such.
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, file: str | Path) -> str:
        """How messages name ``file``."""
        label = self.labels.get(str(file))
        return label if label is not None else Path(file).name


def collect(paths: Iterable[str | Path]) -> Intake:
    """Expand folders into the files they hold, each file once, in a stable order.

    Files named explicitly are always checked (a lock file or .xls then gets its own issue). In
    folders, workbooks (.xlsx, .xlsm, .ods) and spreadsheets we cannot read (.xls, .xlsb, …) are
    checked, the latter so that each gets an issue that says to save as .xlsx; lock files and other
    files (.pdf, .docx, images) are listed as skipped. A file reached twice (a folder and its
    subfolder, or the same path twice) is taken once.
    """
    given = [Path(p) for p in paths]
    folders = [p for p in given if p.is_dir()]
    intake = Intake()
    seen: set[Path] = set()
    for path in given:
        if not path.is_dir():
            _take(intake, seen, path, path.name, checked=True)
            continue
        root = _outermost(path, folders)
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            label = child.resolve().relative_to(root.resolve()).as_posix()
            name, suffix = child.name, child.suffix.lower()
            is_plan = suffix in (*PLAN_SUFFIXES, *OTHER_SPREADSHEETS) and not name.startswith((*LOCK_PREFIXES, "."))
            _take(intake, seen, child, label, checked=is_plan)
    return intake


def _outermost(folder: Path, folders: list[Path]) -> Path:
    resolved = folder.resolve()
    outer = [f for f in folders if resolved.is_relative_to(f.resolve())]
    return min(outer, key=lambda f: len(f.resolve().parts), default=folder)


def _take(intake: Intake, seen: set[Path], path: Path, label: str, checked: bool) -> None:
    try:
        key = path.resolve()
    except OSError:
        key = path.absolute()
    if key in seen:
        return
    seen.add(key)
    (intake.files if checked else intake.skipped).append(path)
    intake.labels[str(path)] = label


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to check, files skipped) of :func:`collect`."""
    intake = collect(paths)
    return intake.files, intake.skipped


def reports_json(reports: Sequence[Report], config: Config, skipped: Sequence[str] = ()) -> dict[str, Any]:
    """The ``validate --json`` document: per file its report, status and identity (förvaltning, plan
    year, department, unit, whether it belongs to ``config``); the skipped files; the once-per-run hint."""
    from .identity import dominant_foreign, report_identity
    from .issues import reports_to_json

    document = reports_to_json(list(reports))
    identities = [report_identity(r, config) for r in reports]
    for entry, report, identity in zip(document["files"], reports, identities, strict=True):
        entry.update(status=report.status, **identity.to_dict())
    document["skipped"] = list(skipped)
    hint = dominant_foreign([i for i, r in zip(identities, reports, strict=True) if r.readable], config)
    if hint:
        document["hint"] = hint
    return document


def validate_file(path: str | Path, config: Config | None = None, file: str | None = None) -> Report:
    """Read and validate one plan file."""
    return validate_plans([read_plan(path, file)], config)[0]


def validate_paths(paths: Iterable[str | Path], config: Config | None = None) -> list[Report]:
    """Validate every plan in ``paths`` (files and folders), in a stable order."""
    files, _ = collect_files(paths)
    return validate_plans([read_plan(p) for p in files], config)


def validate_plan(plan: Plan, config: Config | None = None) -> Report:
    """Validate one plan that has already been read."""
    return validate_plans([plan], config)[0]


def validate_plans(plans: Sequence[Plan], config: Config | None = None) -> list[Report]:
    """Validate several plans in one schema run; one :class:`Report` per plan, in order."""
    config = config or load_config(None)
    other = [i for i, p in enumerate(plans) if p.readable and p.form is not PLAN_FORM]
    if other:  # another form (a follow-up workbook): its own rules, the same Report machinery
        return _by_form(plans, other, config)
    reports = [Report(file=p.file, issues=list(p.issues), plan=p if p.readable else None) for p in plans]
    readable = [i for i, p in enumerate(plans) if p.readable]
    if not readable:
        return reports

    for i in readable:
        reports[i].issues.extend(_identity_issues(plans[i], config))

    prepared = prepare(_batch_rows(plans, readable), config)
    for plan_no, issue in _activity_issues(prepared, plans, config):
        reports[plan_no].issues.append(issue)
    for plan_no, issue in _info_issues(plans, readable, config):
        reports[plan_no].issues.append(issue)
    _check_analysis(plans, readable, config, reports)

    for i in readable:
        plan = plans[i]
        if plan.header_row is not None and not plan.row_numbers:
            reports[i].issues.append(make_issue("inga-aktiviteter", file=plan.file, sheet=C.SHEET_PLAN))
        reports[i].issues.sort(key=_sort_key)
    batch = Batch(activities_frame(prepared, reports))
    for i in readable:
        reports[i].batch, reports[i].batch_key = batch, i
    return reports


def _by_form(plans: Sequence[Plan], other: list[int], config: Config) -> list[Report]:
    """Validate plans and follow-up workbooks given together; reports in the order of ``plans``."""
    from .followup_validate import validate_follow_ups

    rest = [i for i in range(len(plans)) if i not in set(other)]
    reports: list[Report | None] = [None] * len(plans)
    for i, report in zip(other, validate_follow_ups([plans[i] for i in other], config), strict=True):
        reports[i] = report
    for i, report in zip(rest, validate_plans([plans[i] for i in rest], config) if rest else [], strict=True):
        reports[i] = report
    return [r for r in reports if r is not None]


def _batch_rows(plans: Sequence[Plan], readable: list[int]) -> pd.DataFrame:
    """One frame of every readable plan's rows, with the ``plan`` and ``rad`` they come from."""
    data: dict[str, list[Any]] = {PLAN: [], ROW: [], **{c.key: [] for c in C.COLUMNS}}
    for i in readable:
        plan = plans[i]
        count = len(plan.row_numbers)
        data[PLAN].extend([i] * count)
        data[ROW].extend(plan.row_numbers)
        for col in C.COLUMNS:
            data[col.key].extend(plan.columns.get(col.key) or [None] * count)
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    frame[PLAN] = frame[PLAN].astype("int64")
    frame[ROW] = frame[ROW].astype("int64")
    return frame


def _sort_key(issue: Issue) -> tuple[Any, ...]:
    group = CATALOGUE[issue.code].group
    if group == "Uppgifter":
        key = next((k for k, label in _INFO_LABEL.items() if label == issue.column), "")
        within = _INFO_RANK.get(key, -1)
    else:
        within = _COLUMN_RANK.get(_key_of_header(issue.column), -1)
    return (_GROUP_RANK[group], issue.row or 0, within, issue.code)


def _key_of_header(header: str) -> str:
    return next((c.key for c in C.COLUMNS if c.header == header), "")


def _identity_issues(plan: Plan, config: Config) -> list[Issue]:
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


def _version(text: str) -> tuple[int, ...]:
    """'2.10' as (2, 10), for comparing template versions; () when it holds no number."""
    return tuple(int(part) for part in re.findall(r"\d+", text))


def _activity_issues(prepared: pd.DataFrame, plans: Sequence[Plan], config: Config):
    cases = failures(activity_schema(config), prepared)
    if cases.empty:
        return
    needed = [c for c in prepared.columns if c in (PLAN, ROW) or c in C.COLUMN_BY_KEY or c.endswith(
        (":value", TEXT, ":duplicate_of", ":typed"))]
    rows = list(dict.fromkeys(cases["index"]))
    records = prepared.loc[rows, needed].to_dict("index")
    for column, code, index in cases.itertuples(index=False):
        values = records[index]
        plan_no, row = int(values[PLAN]), int(values[ROW])
        plan = plans[plan_no]
        col = C.COLUMN_BY_KEY[column.split(":")[0]]
        if code == "obligatorisk" and col.key not in plan.letters:
            continue  # the whole column is missing: reported once as kolumn-saknas
        raw = values[col.key]
        fields = _message_fields(code, col, raw, values, config)
        if code in ("datum-text", "datum-utanfor") and not pd.isna(values["due:typed"]):
            raw = values["due:typed"]  # a year typed as a number: show 2023, not 1905-07-15
        yield plan_no, make_issue(code, file=plan.file, sheet=C.SHEET_PLAN, cell=plan.cell(col.key, row), row=row,
                                  column=col.header, value=raw, **fields)


def _message_fields(code: str, col: C.Column, raw: Any, values: dict[str, Any], config: Config) -> dict[str, Any]:
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
        return {"advice": advice("flera-varden", column=col.header)}
    if code == "person-som-ansvarig":
        return {"examples": _examples(config, "roles")}
    if code == "alias":
        canonical = values[col.key + ":value"]
        kind = "alias-skriv" if col.kind == "date" else "alias-lista"
        return {"canonical": canonical, "advice": advice(kind, canonical=canonical)}
    if code == "datum-text":
        return {"canonical": values["due:value"]}
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
    return advice("valj-i-listan", examples=_examples(config, list_key))


def _examples(config: Config, list_key: str) -> str:
    return C.or_list(config.list_names(list_key)[:3])


def _check_analysis(plans: Sequence[Plan], readable: list[int], config: Config, reports: list[Report]) -> None:
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


def _info_issues(plans: Sequence[Plan], readable: list[int], config: Config):
    keys = ("department", "unit", "manager", "email", "date")
    records = []
    for i in readable:
        plan = plans[i]
        if C.SHEET_INFO not in plan.sheets:
            continue
        record = {k: plan.info.get(k) for k in keys}
        record["department"] = record["department"] or plan.meta.get("department") or None
        records.append((i, record))
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


def activities_frame(prepared: pd.DataFrame, reports: Sequence[Report]) -> pd.DataFrame:
    """The normalised activities of a batch: list values canonical, dates parsed, numbers as floats.

    Keeps the ``plan`` and ``rad`` columns; ``errors`` and ``warnings`` count the issues of each row.
    """
    data: dict[str, Any] = {PLAN: prepared[PLAN], ROW: prepared[ROW]}
    for col in C.COLUMNS:
        if col.kind == "text":
            data[col.key] = prepared[col.key].map(str, na_action="ignore").astype(object)
        elif col.kind == "date":
            data["due"] = prepared["due:date"]
            data["due_text"] = prepared["due:value"]
        else:
            data[col.key] = prepared[col.key + ":value"]
    counts: dict[tuple[int, int], list[int]] = {}
    for plan_no, report in enumerate(reports):
        for issue in report.issues:
            if issue.row is not None and issue.sheet == C.SHEET_PLAN:
                pair = counts.setdefault((plan_no, issue.row), [0, 0])
                pair[0 if issue.severity == "fel" else 1] += 1
    keys = list(zip(prepared[PLAN], prepared[ROW], strict=True))
    data["errors"] = [counts.get(k, (0, 0))[0] for k in keys]
    data["warnings"] = [counts.get(k, (0, 0))[1] for k in keys]
    return pd.DataFrame(data, index=prepared.index)

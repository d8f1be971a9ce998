"""Validating workbooks of either form: the entry point, and the registry that picks each form's rules.

``RULES[form.kind]`` names the rules of a form (:mod:`kfworkbook.validate.plan`,
:mod:`kfworkbook.validate.follow_up`); :func:`validate_plans` runs the workbooks of each form through
the one engine (:func:`kfworkbook.validate.engine.run`) and returns the reports in the order given.
Many workbooks are validated in one pandera run (their rows concatenated under a (plan, row) index),
which is what makes checking a thousand returned plans fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..issues import Report, reports_to_json
from ..read.identity import dominant_foreign, report_identity
from ..read.intake import collect_files
from ..read.workbook import Workbook, read_plan
from . import follow_up as follow_up_rules
from . import plan as plan_rules
from .engine import FormRules, run

RULES: dict[str, FormRules] = {PLAN_KIND: plan_rules, FOLLOW_UP_KIND: follow_up_rules}
"""The rules of each form, by :attr:`Form.kind <kfworkbook.forms.spec.Form.kind>`."""


def validate_plans(plans: Sequence[Workbook], config: Config | None = None) -> list[Report]:
    """Validate workbooks of either form (each form's in one schema run); one :class:`Report` per workbook, in order."""
    config = config or load_config(None)
    by_kind: dict[str, list[int]] = {}
    for number, workbook in enumerate(plans):
        by_kind.setdefault(workbook.form.kind, []).append(number)
    if len(by_kind) <= 1:
        return run(plans, config, RULES[plans[0].form.kind]) if plans else []
    reports: list[Report | None] = [None] * len(plans)
    for kind, numbers in by_kind.items():
        for number, report in zip(numbers, run([plans[n] for n in numbers], config, RULES[kind]), strict=True):
            reports[number] = report
    return [r for r in reports if r is not None]


def validate_file(path: str | Path, config: Config | None = None, file: str | None = None) -> Report:
    """Read and validate one plan or follow-up file."""
    return validate_plans([read_plan(path, file)], config)[0]


def validate_paths(paths: Iterable[str | Path], config: Config | None = None) -> list[Report]:
    """Validate every workbook in ``paths`` (files and folders), in a stable order."""
    files, _ = collect_files(paths)
    return validate_plans([read_plan(p) for p in files], config)


def validate_plan(plan: Workbook, config: Config | None = None) -> Report:
    """Validate one workbook that has already been read."""
    return validate_plans([plan], config)[0]


def reports_json(reports: Sequence[Report], config: Config, skipped: Sequence[str] = ()) -> dict[str, Any]:
    """The ``validate --json`` document: per file its report, status and identity (förvaltning, plan
    year, department, unit, whether it belongs to ``config``); the skipped files; the once-per-run hint."""
    document = reports_to_json(list(reports))
    identities = [report_identity(r, config) for r in reports]
    for entry, report, identity in zip(document["files"], reports, identities, strict=True):
        entry.update(status=report.status, **identity.to_dict())
    document["skipped"] = list(skipped)
    hint = dominant_foreign([i for i, r in zip(identities, reports, strict=True) if r.readable], config)
    if hint:
        document["hint"] = hint
    return document

"""The plan form's rows in a summary: every counted plan's activities under the plan's own headers.

:func:`activities` and :func:`expected_units` are what :func:`kfworkbook.summary.merge.summarise`
calls through its registry (``ROWS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..config import Config, PlanUnit
from ..forms import columns as C
from ..issues import ERROR, Report
from ..read.identity import Identity
from .model import batch_parts


def expected_units(reports: list[Report], config: Config) -> list[PlanUnit] | None:
    """The units expected to hand in a plan: None, every plan unit of the configuration."""
    return None


def accounts(summary: Any, used: list[Report]) -> None:
    """A plan summary counts files and activities as they are: no account of activities sent out."""
    return None


ACTIVITY_COLUMNS = ["Avdelning", "Enhet", *[c.header for c in C.COLUMNS], "Fel", "Varningar", "Källfil", "Källrad"]


def activities(reports: list[Report], identities: dict[str, Identity], labels: dict[str, str], config: Config,
                strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The rows of the counted plans in configuration order (department, unit, UBARA step, file, row);
    with ``strict``, the rows with errors (or of a plan with errors) apart."""
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

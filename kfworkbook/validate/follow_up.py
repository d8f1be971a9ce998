"""The follow-up form's rules, run by the same engine as the plan's (:mod:`kfworkbook.validate.engine`).

The rows of every workbook in one frame, a prepare step that derives one column per rule (the rules
themselves are :mod:`kfworkbook.forms.follow_up`), a pandera schema whose checks are named after
issue codes, :func:`kfworkbook.validate.schema.failures` back to cells; the batch frame holds the
normalised rows the follow-up report counts. :func:`check_rows` and :func:`check_more` are what
the engine calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ..config import Config
from ..forms import columns as C
from ..forms import spec as F
from ..forms.follow_up import (
    comment_statuses,
    current_due,
    delayed_statuses,
    due_date,
    is_due,
    latest_answer,
    open_statuses,
    passed_advice,
    period_end,
)
from ..issues import Issue, Report, make_issue
from ..read.workbook import Workbook
from ..values import text_or_empty as _text
from .engine import RowCheck
from .schema import PLAN, ROW, failures

ROW_COLUMNS = (PLAN, ROW, "activity_id", "category", "goal", "activity", "responsible", "follow_up", "due",
               "due_this", "status", "comment", "new_due", "latest_status", "latest_comment", "latest_due")
"""The normalised columns of a follow-up row, as the follow-up report counts them (the batch frame)."""


def prepare(plans: Sequence[Workbook], config: Config, readable: Sequence[int] | None = None) -> pd.DataFrame:
    """One row per follow-up row of every readable workbook (all by default), with the columns the
    schema's rules look at; ``plan`` is the workbook's position in ``plans``."""
    needs_comment = set(comment_statuses(config))
    still_open = set(open_statuses(config))
    delayed = set(delayed_statuses(config))
    records = []
    for number in range(len(plans)) if readable is None else readable:
        plan = plans[number]
        period = plan.meta.get("follow_up_period", "")
        year = int(plan.meta.get("plan_year") or config.plan_year)
        issued = set(filter(None, plan.meta.get("activity_ids", "").split(",")))
        end = period_end(period, year) if period in F.PERIODS else None
        for index, row in enumerate(plan.row_numbers):
            values = {key: column[index] for key, column in plan.columns.items()}
            raw = _text(values.get(F.STATUS))
            found = config.canonical("statuses", raw) if raw else None
            status = found[0] if found else (raw or None)
            due = due_date(values.get("due"))
            holds = due_date(current_due(values, period))  # a Nytt måldatum of an earlier period, else Måldatum
            new_due = due_date(values.get(F.NEW_DUE))
            activity_id = _text(values.get(F.ID_KEY))
            latest = latest_answer(values, period, year)
            due_this = bool(period) and is_due(values, period, config)
            records.append({
                PLAN: number, ROW: row,
                "activity_id": activity_id or None,
                "category": values.get("category"),
                "goal": values.get("goal"),
                "activity": values.get("activity"),
                "responsible": values.get("responsible"),
                "follow_up": values.get("follow_up"),
                "due": due,
                "due_this": due_this,
                "status": status,
                "comment": _text(values.get(F.COMMENT)) or None,
                "new_due": new_due,
                "latest_status": latest.get("status"),
                "latest_comment": latest.get("comment"),
                "latest_due": latest.get("due"),
                "activity_id:added": not activity_id,
                "activity_id:unknown": bool(activity_id) and bool(issued) and activity_id not in issued,
                "fu_status:missing": due_this and not raw,
                "fu_status:value": status,
                "fu_new_due:bad": status in delayed and (new_due is None or not (
                    config.period_start <= new_due <= config.period_end)),
                "fu_comment:missing": status in needs_comment and not _text(values.get(F.COMMENT)),
                "fu_status:passed": status in still_open and holds is not None and end is not None and holds <= end,
                "current_due": holds,
            })
    columns = [*ROW_COLUMNS, "activity_id:added", "activity_id:unknown", "fu_status:missing", "fu_status:value",
               "fu_new_due:bad", "fu_comment:missing", "fu_status:passed", "current_due"]
    return pd.DataFrame.from_records(records, columns=columns)


def _false(code: str, rule: str) -> pa.Check:
    return pa.Check.eq(False, name=code, error=code, description=rule)


def follow_up_schema(config: Config) -> pa.DataFrameSchema:
    """The follow-up rules on a prepared frame; every check is named after its issue code."""
    statuses = config.list_names("statuses")
    return pa.DataFrameSchema({
        "activity_id:added": pa.Column(checks=[_false("uppf-rad-tillagd", "varje rad har ett Aktivitets-ID")]),
        "activity_id:unknown": pa.Column(checks=[_false("uppf-id-okant", "Aktivitets-ID som HR skickade ut")]),
        "fu_status:missing": pa.Column(checks=[_false("uppf-status-saknas", "Status för aktiviteter som följs upp")]),
        "fu_status:value": pa.Column(nullable=True, checks=[pa.Check.isin(
            statuses, name="uppf-status-okand", error="uppf-status-okand", description="ett värde i listan Status")]),
        "fu_new_due:bad": pa.Column(checks=[_false("uppf-nytt-datum", "försenad har ett nytt måldatum")]),
        "fu_comment:missing": pa.Column(checks=[_false("uppf-kommentar", "kommentar till avslutad eller försenad")]),
        "fu_status:passed": pa.Column(checks=[_false("uppf-maldatum-passerat", "pågående före måldatum")]),
    }, strict=False, coerce=False, name="uppföljning")


def _fields(code: str, record: dict[str, Any], plan: Workbook, config: Config) -> dict[str, Any]:
    examples = C.or_list(config.list_names("statuses")[:3])
    period = plan.meta.get("follow_up_period", "")
    if code in ("uppf-status-saknas", "uppf-status-okand"):
        return {"period": F.PERIOD_NAMES.get(period, period), "examples": examples}
    if code == "uppf-nytt-datum":
        return {"status": record["status"], "plan_period": config.period_label,
                "example": f"{config.period_end_year}-06-30"}
    if code == "uppf-kommentar":
        return {"status": record["status"]}
    if code == "uppf-maldatum-passerat":
        return {"due": record["current_due"].isoformat(), "action": passed_advice(config)}
    return {}


_CELL_KEY = {"activity_id": F.ID_KEY, "fu_status": F.STATUS, "fu_new_due": F.NEW_DUE, "fu_comment": F.COMMENT}


def check_rows(plans: Sequence[Workbook], readable: list[int], config: Config) -> RowCheck:
    """Check the rows of every readable follow-up workbook in one schema run."""
    prepared = prepare(plans, config, readable)
    cases = failures(follow_up_schema(config), prepared)
    records = prepared.loc[list(dict.fromkeys(cases["index"]))].to_dict("index")  # only the rows with issues
    counts: dict[int, list[int]] = {}
    issues: list[tuple[int, Issue]] = []
    for column, code, index in cases.itertuples(index=False):
        record = records[index]
        plan_no, row = int(record[PLAN]), int(record[ROW])
        plan = plans[plan_no]
        key = _CELL_KEY[column.split(":")[0]]
        raw = plan.columns.get(key, [None] * len(plan.row_numbers))[plan.row_numbers.index(row)]
        issue = make_issue(code, file=plan.file, sheet=plan.form.sheet, cell=plan.cell(key, row), row=row,
                           column=plan.form.by_key[key].header, value=raw, **_fields(code, record, plan, config))
        issues.append((plan_no, issue))
        counts.setdefault(index, [0, 0])[0 if issue.severity == "fel" else 1] += 1
    frame = prepared[list(ROW_COLUMNS)].copy()
    frame["errors"] = [counts.get(i, (0, 0))[0] for i in prepared.index]
    frame["warnings"] = [counts.get(i, (0, 0))[1] for i in prepared.index]
    return RowCheck(issues, lambda reports: frame)


def check_more(plans: Sequence[Workbook], readable: list[int], config: Config, reports: list[Report]) -> None:
    """Add one issue per activity ID handed out that no row holds any more."""
    for number in readable:
        reports[number].issues.extend(_deleted(plans[number]))


def _deleted(plan: Workbook) -> list[Issue]:
    """One issue per activity ID handed out that no row holds any more."""
    issued = [i for i in plan.meta.get("activity_ids", "").split(",") if i]
    present = {_text(v) for v in plan.columns.get(F.ID_KEY, [])}
    return [make_issue("uppf-rad-borttagen", file=plan.file, sheet=plan.form.sheet, column="Aktivitets-ID", value=i)
            for i in issued if i not in present]

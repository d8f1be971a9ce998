"""What ``kfworkbook uppfoljning`` starts from: the approved plans, the summary, or earlier follow-ups.

Returned plan files go through the merge (:func:`kfworkbook.summary.merge.summarise`): the same identity and
counting rules decide which plan of a unit counts, and plans for another förvaltning or year never
do. A summary workbook (its Aktiviteter sheet) gives the same rows, so both give the same activity
IDs (:func:`kfworkbook.forms.follow_up.activity_ids`). The follow-up workbooks of an earlier period carry
their IDs and answers on, so that T2 shows what was reported at T1 and VB shows T1 and T2.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Config, fold
from ..forms import columns as C
from ..forms import spec as F
from ..forms.follow_up import activity_ids
from ..read.identity import plan_identity
from ..read.intake import collect
from ..read.workbook import read_plan
from ..summary.merge import summarise
from ..template.follow_up import FollowUpUnit
from ..validate.run import validate_plans
from .sources import PrefillError, read_source

_PLAN_KEYS = F.PLAN_KEYS
_LIST_KEYS = {"category": "categories", "responsible": "roles", "follow_up": "follow_up"}


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
    """The units and activities of a merged :class:`~kfworkbook.summary.model.Summary` (its Aktiviteter)."""
    headers = {C.COLUMN_BY_KEY[k].header: k for k in _PLAN_KEYS}
    records = []
    for record in summary.activities.to_dict("records"):
        row = {key: _value(record.get(header)) for header, key in headers.items()}
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

    Raises :class:`SourceError` when nothing usable is found or the kinds are mixed.
    """
    intake = collect(paths)
    by_form: dict[str, list[Any]] = {F.PLAN_KIND: [], F.FOLLOW_UP_KIND: []}
    summaries, unreadable = [], []
    for path in intake.files:
        plan = read_plan(path)
        if not plan.readable:
            unreadable.append(plan)  # accounted for beside the plans, as merge does; never a kind of its own
        elif plan.meta:
            by_form[plan.form.kind].append(plan)
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            summaries.append(path)
    plans, follow_ups = by_form[F.PLAN_KIND], by_form[F.FOLLOW_UP_KIND]
    if sum(bool(x) for x in (plans, follow_ups, summaries)) > 1:
        raise SourceError("Ange antingen planer, en sammanställning eller uppföljningar från en tidigare period, "
                          "inte flera sorter på en gång.")
    if follow_ups:
        return from_follow_ups(follow_ups, config)
    if plans:
        reports = validate_plans(plans + unreadable, config)
        return from_summary(summarise(reports, config, labels=intake.labels), config)
    records = []
    for path in summaries:
        try:
            source = read_source(path)
        except PrefillError as exc:
            raise SourceError(str(exc)) from None
        for row in source.rows:
            values = {k: row.values.get(k) for k in _PLAN_KEYS}
            records.append((str(row.values.get("department") or ""), str(row.values.get("unit") or ""), values,
                            str(path)))
    if not records:
        raise SourceError("Hittade inga godkända planer, ingen sammanställning och inga uppföljningar i "
                          + ", ".join(str(p) for p in paths) + ".")
    return _group(records, config)

"""The follow-up form's rows in a summary, and what the follow-up report of a period counts.

``kfworkbook merge`` on follow-up workbooks builds the same :class:`~kfworkbook.summary.model.Summary`
(identity, counting, Inlämning, Valideringsfel) with the follow-up form's rows as its activities:
:func:`activities` and :func:`expected_units` are what :func:`kfworkbook.summary.merge.summarise`
calls through its registry (``ROWS``). The counts per department and UBARA step per status, the
share completed and the delayed and cancelled activities are read from here by the report writer
(:mod:`kfworkbook.output.follow_up_workbook`) and the document (:mod:`kfworkbook.output.follow_up_document`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import Config, PlanUnit, fold
from ..forms import columns as C
from ..forms import follow_up as rules
from ..issues import Report
from ..read.identity import Identity
from .model import INVALID, Summary, batch_parts, bucket, crosstab

NO_STATUS = "(ingen status)"
DUE, COMPLETED, SHARE = "Följs upp nu", "Genomförda", "Andel genomförda"
LATEST = ("Senaste status", "Senaste kommentar", "Gällande måldatum")
"""The latest answer of any period so far and the Måldatum that holds now (what next year's prefill carries)."""
ACTIVITY_COLUMNS = ["Avdelning", "Enhet", "Aktivitets-ID", "Kategori (UBARA)", "Vad ska vi uppnå?",
                    "Aktivitet – hur gör vi det?", "Måldatum", "Ansvarig (funktion)", "Uppföljning", DUE, "Status",
                    "Kommentar", "Nytt måldatum", *LATEST, "Fel", "Varningar", "Källfil", "Källrad"]
LIST_COLUMNS = ["Avdelning", "Enhet", "Aktivitets-ID", "Aktivitet – hur gör vi det?", "Måldatum", "Status",
                "Nytt måldatum", "Kommentar"]
_KEYS = {"activity_id": "Aktivitets-ID", "category": "Kategori (UBARA)", "goal": "Vad ska vi uppnå?",
         "activity": "Aktivitet – hur gör vi det?", "due": "Måldatum", "responsible": "Ansvarig (funktion)",
         "follow_up": "Uppföljning", "due_this": DUE, "status": "Status", "comment": "Kommentar",
         "new_due": "Nytt måldatum", "errors": "Fel", "warnings": "Varningar",
         "latest_status": LATEST[0], "latest_comment": LATEST[1], "latest_due": LATEST[2]}


def activities(reports: list[Report], identities: dict[str, Identity], labels: dict[str, str],
                         config: Config, strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The rows of the counted follow-up workbooks, in configuration order (as the plan's rows)."""
    frames = []
    for part, members in batch_parts(reports):
        plan = part["plan"]
        frame = part.rename(columns=_KEYS)
        frame["Avdelning"] = plan.map({k: identities[r.file].department or None for k, r in members.items()})
        frame["Enhet"] = plan.map({k: identities[r.file].unit or None for k, r in members.items()})
        frame["Källfil"] = plan.map({k: labels.get(r.file, Path(r.file).name) for k, r in members.items()})
        frame["Källrad"] = part["rad"]
        frames.append(frame[ACTIVITY_COLUMNS])
    if not frames:
        empty = pd.DataFrame(columns=ACTIVITY_COLUMNS)
        return empty, (empty.copy() if strict else None)
    merged = pd.concat(frames, ignore_index=True)
    rank = {d.name: i for i, d in enumerate(config.departments)}
    merged["_d"] = merged["Avdelning"].map(rank).fillna(len(rank))
    merged = merged.sort_values(["_d", "Avdelning", "Enhet", "Källfil", "Källrad"], kind="stable",
                                na_position="first").drop(columns="_d").reset_index(drop=True)
    excluded = None
    if strict:
        bad = merged["Fel"] > 0
        excluded, merged = merged[bad].reset_index(drop=True), merged[~bad].reset_index(drop=True)
    return merged, excluded


def expected_units(reports: list[Report], config: Config) -> list[PlanUnit] | None:
    """The units the follow-up was sent to, as its returned workbooks say; None when none says."""
    return rules.units_sent((r.plan.meta for r in reports if r.plan is not None), config)


def accounts(summary: Summary, used: list[Report]) -> rules.PeriodAccount | None:
    """Where every activity sent out this period went, from the workbooks' own record of what was sent
    (``Utskickad till``: every unit with its number of activities and the IDs HR removed): answered, without
    an answer and why, removed by HR. None for workbooks that do not record the numbers."""
    config = summary.config
    sent = rules.read_manifest((r.plan.meta for r in used), config)
    if not sent or any(item.issued is None for item in sent):
        return None
    ids = summary.identities
    by_unit = {ids[r.file].key: r for r in used}
    unreadable = {ids[r.file].key: r for r in summary.reports if not r.readable and ids[r.file].by_name}
    units = []
    for item in sent:
        key = (fold(item.unit.department), fold(item.unit.unit))
        if key in by_unit:
            report = by_unit[key]
            units.append(rules.account_returned(item.unit, report.plan, item, config, summary.label(report.file)))
        elif key in unreadable:
            units.append(rules.account_missing(item.unit, rules.UNREADABLE, item.issued or 0, item.removed,
                                               summary.label(unreadable[key].file)))
        else:
            units.append(rules.account_missing(item.unit, rules.NOT_RETURNED, item.issued or 0, item.removed))
    account = rules.PeriodAccount(summary.period, units)
    account.earlier = [line for item in sent for line in item.earlier_lines()]
    return account


def completed_statuses(config: Config) -> list[str]:
    """The statuses that count as completed in the share ('Genomförd', 'Klar')."""
    return rules.completed_statuses(config)


def by_status(summary: Summary, rows: str) -> pd.DataFrame:
    """Activities per ``rows`` ('Avdelning' or 'Kategori (UBARA)') and status, with totals."""
    frame, departments = summary.by_department("Status", rows)
    statuses = summary.config.list_names("statuses")
    frame["Status"] = bucket(frame["Status"], statuses, NO_STATUS)
    if rows == "Avdelning":
        order = departments
    else:
        order = [*summary.config.list_names("categories"), "(saknas)", INVALID]
        frame[rows] = bucket(frame[rows], order[:-2], "(saknas)")
    return crosstab(frame, rows, "Status", order, [*statuses, NO_STATUS, INVALID], drop_empty=True)


def completion(summary: Summary) -> pd.DataFrame:
    """Per department: activities due this period, how many of them are completed, and the share."""
    frame, departments = summary.by_department(DUE, "Status")
    done = completed_statuses(summary.config)
    due = frame[frame[DUE].astype(bool)]
    counts = due.groupby("Avdelning").size().reindex(departments, fill_value=0)
    completed = due[due["Status"].isin(done)].groupby("Avdelning").size().reindex(departments, fill_value=0)
    table = pd.DataFrame({DUE: counts, COMPLETED: completed})
    table.loc["Totalt"] = table.sum()
    table[SHARE] = (table[COMPLETED] / table[DUE].where(table[DUE] > 0)).fillna(0.0)
    table.index.name = "Avdelning"
    return table


def delayed_and_cancelled(summary: Summary) -> pd.DataFrame:
    """The delayed and cancelled activities with their comments and new dates, grouped by department."""
    config = summary.config
    statuses = set(rules.delayed_statuses(config)) | set(rules.cancelled_statuses(config))
    rows = summary.activities[summary.activities["Status"].isin(statuses)]
    return rows[LIST_COLUMNS].reset_index(drop=True)


def listed_statuses(config: Config) -> list[str]:
    """The statuses of :func:`delayed_and_cancelled`, in list order (the report's and document's headings)."""
    wanted = set(rules.delayed_statuses(config)) | set(rules.cancelled_statuses(config))
    return [name for name in config.list_names("statuses") if name in wanted]


def listed_heading(config: Config) -> str:
    """'Försenad och Utgår': the statuses the report lists with comments and new dates, in the config's words."""
    names = listed_statuses(config)
    return C.or_list(names).replace(" eller ", " och ") if names else "Försenade och utgående"


def report_title(summary: Summary) -> str:
    """'Uppföljning T1 2022'."""
    return f"Uppföljning {summary.period} {summary.config.plan_year}"



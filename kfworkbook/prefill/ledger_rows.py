"""Next year's templates from the ledger of the year: ``template --prefill PLANER --svar T1/ --svar T2/ --svar VB/``.

Every activity of the approved plans becomes a source row with its plan values and its latest answer of any
period: the latest status becomes Status (so that the roll-over rules leave finished activities behind),
it and its comment go into Kommentar ('Uppföljning T2 2027: Försenad – …'), a Nytt måldatum replaces
Måldatum. An activity whose unit did not answer the last period is carried all the same, with its latest
answer and 'Inget svar vid VB.', and listed among the rows that need a decision; an activity HR removed is
not carried and listed too. Nothing is dropped without a line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Config, fold
from ..forms import columns as C
from ..forms.follow_up import REASONS, due_date
from ..issues import Issue, make_issue
from ..summary.ledger import Entry, Ledger
from ..values import present
from .plans import Attention, Prefill, split_by_unit
from .sources import DEPARTMENT, SOURCE_FILE, SOURCE_ROW, UNIT, Source, SourceRow

_PLAN_KEYS = tuple(c.key for c in C.COLUMNS)


def prefill_from_ledger(ledger: Ledger, config: Config) -> Prefill:
    """Next year's activities per template of ``config`` from ``ledger`` (last year's plans and answers)."""
    source, notes = ledger_source(ledger)
    result = split_by_unit(source, config)
    units = {(fold(u.department), fold(u.unit)): u for u in config.plan_units()}
    for issue, department, unit in notes:
        found = units.get((fold(department), fold(unit)))
        result.attention.append(Attention(issue, found) if found else Attention(issue, department=department))
    return result


def ledger_source(ledger: Ledger) -> tuple[Source, list[tuple[Issue, str, str]]]:
    """The ledger's activities as prefill rows, and the notes a person must look at: (issue, department, unit)."""
    year = ledger.config.plan_year
    last = ledger.periods[-1] if ledger.periods else ""
    finished = set(ledger.config.finished_statuses())
    rows: list[SourceRow] = []
    notes: list[tuple[Issue, str, str]] = [(issue, unit.department, unit.unit) for issue, unit in ledger.not_activities]
    for entry in ledger.entries:
        file = str(entry.plan.get(SOURCE_FILE) or entry.unit.label)
        number = entry.plan.get(SOURCE_ROW)
        place = {"file": file, "sheet": f"{Path(file).name}, {C.SHEET_PLAN}",
                 "row": int(number) if isinstance(number, (int, float)) else None}
        where = (entry.unit.department, entry.unit.unit)
        if entry.removed is not None:
            notes.append((make_issue("forifyll-borttagen", **place, value=entry.activity_id, reason=entry.removed),
                          *where))
            continue
        values = _values(entry, year, last)
        if last and last in entry.missing and values.get("status") not in finished:
            latest = entry.latest()
            shown = f"det senaste svaret, från {latest.period}" if latest else "planens uppgifter (inget svar under året)"
            notes.append((make_issue("forifyll-utan-svar", **place, value=entry.activity_id, period=last,
                                     why=REASONS[entry.missing[last]], latest=shown), *where))
        order = (file, float(number)) if isinstance(number, (int, float)) else None
        rows.append(SourceRow(values, place["file"], place["sheet"], place["row"] or 0, year, order))
    periods = ", ".join(ledger.periods) or "inga svar"
    kind = f"de godkända planerna {year} och uppföljningarna ({periods})"
    return Source(Path(file_of(ledger)), kind, rows), notes


def file_of(ledger: Ledger) -> str:
    """The source's name in messages: the plans' folder or file as the first activity names it."""
    first = next((e.plan.get(SOURCE_FILE) for e in ledger.entries if e.plan.get(SOURCE_FILE)), "")
    return str(first or "planer")


def _values(entry: Entry, year: int, last: str) -> dict[str, Any]:
    """The plan row with the latest answer: Status, Kommentar (the plan's, then the answer) and Måldatum."""
    values: dict[str, Any] = {DEPARTMENT: entry.unit.department, UNIT: entry.unit.unit}
    values.update({k: v for k, v in entry.plan.items() if k in _PLAN_KEYS and present(v)})
    texts = []
    latest = entry.latest()
    if latest is not None:
        said = " – ".join(str(v).strip() for v in (latest.status, latest.comment) if present(v))
        texts.append(f"Uppföljning {latest.period} {year}: {said}")
        if present(latest.status):
            values["status"] = latest.status
        if due_date(latest.new_due) is not None:
            values["due"] = latest.new_due
    if last and last in entry.missing and latest is None:
        texts.append(f"Inget svar vid uppföljningarna {year}.")
    elif last and last in entry.missing:
        texts.append(f"Inget svar vid {last}.")
    if texts:
        values["comment"] = "\n".join([str(values["comment"]), *texts] if "comment" in values else texts)
    return values

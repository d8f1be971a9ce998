"""The ledger of the year: every activity of the approved plans, and what each follow-up period made of it.

A period's follow-up is made from the approved plans **and every answer returned so far**, never from the
last period's returned files alone. :func:`build_ledger` takes the approved plans' activities (with their
IDs, :class:`~kfworkbook.template.follow_up.FollowUpUnit`) and every returned follow-up workbook of any
period (validated reports), and knows for each activity:

* its answer of each period, and from which file;
* or that no answer came that period, and why: the unit handed in no follow-up, its follow-up could not
  be read, the row was deleted, or its Aktivitets-ID was changed (:data:`kfworkbook.forms.follow_up.REASONS`);
* or that HR removed it by decision (``--ta-bort``, or recorded as removed in an earlier period's workbooks).

Each answered period gets its :class:`~kfworkbook.forms.follow_up.PeriodAccount`, the same account the
follow-up report makes from the returned workbooks alone (:func:`kfworkbook.summary.follow_up.accounts`):
*activities in the approved plans = answered + without an answer (by reason) + removed by HR*. Which of two
returns of a unit counts, and which files belong, is decided as ``merge`` decides it
(:func:`kfworkbook.summary.merge.summarise`).

The next period's workbooks (:meth:`Ledger.follow_up_units`) carry every activity not removed, with each
earlier period's answer or 'Inget svar vid T1 (…)'; next year's templates start from :meth:`Ledger.entries`
(:mod:`kfworkbook.prefill.ledger_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, PlanUnit, fold
from ..forms import follow_up as rules
from ..forms import spec as F
from ..issues import Report
from ..template.follow_up import FollowUpUnit
from ..values import present
from .merge import summarise
from .model import Summary


class LedgerError(Exception):
    """The ledger cannot be made as asked; ``str(error)`` is a Swedish message for the user."""


@dataclass(frozen=True)
class Answer:
    """What a unit's follow-up of one period said about one activity."""

    period: str
    status: Any = None
    comment: Any = None
    new_due: Any = None
    file: str = ""

    @property
    def given(self) -> bool:
        """True when the manager wrote a status or a comment."""
        return present(self.status) or present(self.comment)


@dataclass
class Entry:
    """One activity of an approved plan, and what the year's follow-ups made of it."""

    activity_id: str
    unit: PlanUnit
    plan: dict[str, Any]
    """The plan row by column key (Källfil and Källrad as ``source_file``/``source_row`` when known)."""
    answers: dict[str, Answer] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    """Period → why no answer came (:data:`kfworkbook.forms.follow_up.REASONS`)."""
    removed: str | None = None
    """HR's reason when HR removed the activity by decision."""

    def latest(self) -> Answer | None:
        """The latest answer that says something (a status or a comment), of any period."""
        given = [self.answers[p] for p in F.PERIODS if p in self.answers and self.answers[p].given]
        return given[-1] if given else None


@dataclass
class Ledger:
    """Every activity of the approved plans with its answers per period; an account per answered period."""

    config: Config
    entries: list[Entry]
    accounts: dict[str, rules.PeriodAccount] = field(default_factory=dict)
    """The account of each period answers were given for, in period order."""
    summaries: dict[str, Summary] = field(default_factory=dict)
    """Each answered period's follow-up report (as ``merge`` makes it from the same files)."""
    notes: list[str] = field(default_factory=list)
    """Lines for HR about the sources: files that do not count, units that are not in the plans."""
    not_activities: list[tuple[Any, PlanUnit]] = field(default_factory=list)
    """Rows of the approved plans that are no activity (a comment alone), as prefill issues with their unit."""
    from_answers_only: bool = False
    """True when no plans were given: the activities are the rows that came back in the follow-ups."""
    returned_units: list[FollowUpUnit] = field(default_factory=list)
    """With :attr:`from_answers_only`: the next period's units as made from the latest returned follow-ups alone."""

    @property
    def periods(self) -> list[str]:
        """The periods answers were given for, in order."""
        return list(self.accounts)

    def units(self) -> list[PlanUnit]:
        """The units with activities in the approved plans, in configuration order."""
        return list(dict.fromkeys(e.unit for e in self.entries))

    def follow_up_units(self, period: str) -> list[FollowUpUnit]:
        """The follow-up of ``period``: per unit every activity not removed by HR, with each earlier period's
        answer, or 'Inget svar vid T1 (…)' where none came. Raises :class:`LedgerError` when answers of
        ``period`` itself or of a later period were given."""
        later = [p for p in self.periods if F.PERIODS.index(p) >= F.PERIODS.index(period)]
        if later:
            raise LedgerError(f"Svaren från {_and(later)} kan inte användas för att göra uppföljningen för {period}: "
                              f"ange svaren från perioderna före {period} med --svar.")
        earlier = F.PERIODS[:F.PERIODS.index(period)]
        units: dict[PlanUnit, FollowUpUnit] = {}
        for entry in self.entries:
            item = units.setdefault(entry.unit, FollowUpUnit(entry.unit, [], str(entry.plan.get("source_file") or "")))
            if entry.removed is not None:
                item.removed.append(entry.activity_id)
                continue
            row = {F.ID_KEY: entry.activity_id, **{k: v for k, v in entry.plan.items() if k in F.PLAN_KEYS}}
            for earlier_period in earlier:
                answer = entry.answers.get(earlier_period)
                if answer is not None:
                    for key, value in ((F.STATUS, answer.status), (F.COMMENT, answer.comment),
                                       (F.NEW_DUE, answer.new_due)):
                        if present(value):
                            row[F.history_key(key, earlier_period)] = value
                elif earlier_period in entry.missing:
                    row[F.history_key(F.COMMENT, earlier_period)] = rules.no_answer_note(
                        earlier_period, entry.missing[earlier_period])
            item.rows.append(row)
        for account in self.accounts.values():  # recorded in the workbooks, so that the report can say it
            for unit_account in account.units:
                if unit_account.unit in units and sum(unit_account.unanswered.values()):
                    units[unit_account.unit].earlier.append((account.period, unit_account.state,
                                                             sum(unit_account.unanswered.values())))
        return [item for item in units.values() if item.rows]

    def sending_line(self, period: str) -> str:
        """'Aktiviteter vid T2: 58 i de godkända planerna – 56 skickas ut, 2 borttagna av HR.'"""
        removed = sum(1 for e in self.entries if e.removed is not None)
        sent = len(self.entries) - removed
        return (f"Aktiviteter vid {period}: {len(self.entries)} i de godkända planerna – {sent} skickas ut, "
                f"{removed} {'borttagen' if removed == 1 else 'borttagna'} av HR.")

    def lines(self, period: str) -> list[str]:
        """What ``kfworkbook uppfoljning`` prints before the files it wrote: the notes, each answered period's
        account (with one line per unit not simply answered), and what is sent for ``period``."""
        out = list(self.notes)
        if self.from_answers_only:  # the activities are the rows that came back: no account to give
            return out
        unanswered = [p for p in F.PERIODS[:F.PERIODS.index(period)] if p not in self.accounts]
        if unanswered and not self.from_answers_only:
            out.append(f"Inga svar från {_and(unanswered)} angavs med --svar, så kolumnerna för "
                       f"{_and(unanswered)} blir tomma.")
        for account in self.accounts.values():
            out += account.lines()
        removed = [e for e in self.entries if e.removed is not None]
        out.append(self.sending_line(period))
        out += [f"{e.unit.label}: {e.activity_id} är borttagen av HR ({e.removed})." for e in removed]
        return out

    def to_dict(self, period: str) -> dict[str, Any]:
        """The ledger in the ``--json`` form: what is sent for ``period`` and each answered period's account."""
        removed = [e for e in self.entries if e.removed is not None]
        return {"period": period, "approved": len(self.entries), "sent": len(self.entries) - len(removed),
                "removed_by_hr": [{"id": e.activity_id, "department": e.unit.department, "unit": e.unit.unit or None,
                                   "reason": e.removed} for e in removed],
                "answers": {p: account.to_dict() for p, account in self.accounts.items()}, "notes": self.notes}


def _and(values: Sequence[str]) -> str:
    """'T1 och T2', 'A, B och C'."""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " och " + values[-1]


def build_ledger(plan_units: Sequence[FollowUpUnit], answers: Sequence[Report], config: Config,
                 labels: Mapping[str, str] | None = None, removals: Mapping[str, str] | None = None) -> Ledger:
    """The ledger of the approved plans' activities (``plan_units``, with their IDs) and the returned follow-ups
    of any period (``answers``: validated reports of follow-up workbooks, readable or not).

    ``removals`` maps the IDs HR removes by decision to the reason; an ID that is no activity of the plans
    raises :class:`LedgerError`. Removals recorded in the answers' workbooks (an earlier run's decision) hold too.
    """
    labels = dict(labels or {})
    entries = [Entry(str(row[F.ID_KEY]), item.unit, {k: v for k, v in row.items() if k != F.ID_KEY})
               for item in plan_units for row in item.rows]
    by_id = {e.activity_id: e for e in entries}
    unknown = [i for i in (removals or {}) if i not in by_id]
    if unknown:
        raise LedgerError(f"{_and(unknown)} finns inte bland aktiviteterna i de godkända planerna. Kontrollera "
                          "Aktivitets-ID i listan över borttagna aktiviteter.")
    ledger = Ledger(config, entries)
    by_period, notes = _periods(answers, labels)
    ledger.notes += notes
    decided: dict[str, str] = {}
    for period in F.PERIODS:
        if period not in by_period:
            continue
        summary = summarise(by_period[period], config, labels=labels, form=F.follow_up_form(period))
        ledger.summaries[period] = summary
        ledger.accounts[period] = _account(ledger, summary, period, decided)
    for activity_id, reason in {**decided, **(removals or {})}.items():
        if activity_id in by_id:
            by_id[activity_id].removed = reason
    return ledger


def _periods(answers: Iterable[Report], labels: Mapping[str, str]) -> tuple[dict[str, list[Report]], list[str]]:
    """The answers by period (an unreadable file by the period its name says), and a note per file without one."""
    by_period: dict[str, list[Report]] = {}
    notes = []
    for report in answers:
        period = report.plan.form.period if report.readable else rules.period_from_name(Path(report.file).name)
        if period not in F.PERIODS:
            label = labels.get(report.file, Path(report.file).name)
            what = "kunde inte läsas och namnet säger inte vilken period den gäller" if not report.readable \
                else "är ingen uppföljning för T1, T2 eller VB"
            notes.append(f"{label} {what}; den räknas inte.")
            continue
        by_period.setdefault(period, []).append(report)
    return by_period, notes


def _account(ledger: Ledger, summary: Summary, period: str, decided: dict[str, str]) -> rules.PeriodAccount:
    """Account for every unit of the plans in ``period``, and note each entry's answer or why none came."""
    config = ledger.config
    used = summary.counted()
    ids = summary.identities
    by_unit = {ids[r.file].key: r for r in used}
    unreadable = {ids[r.file].key: r for r in summary.reports if not r.readable and ids[r.file].by_name}
    sent = {(fold(s.unit.department), fold(s.unit.unit)): s for s in rules.read_manifest(
        (r.plan.meta for r in used), config) or ()}
    for item in sent.values():
        for activity_id in item.removed:
            decided.setdefault(activity_id, f"beslut inför {period}")
    entries: dict[tuple[str, str], list[Entry]] = {}
    for entry in ledger.entries:
        entries.setdefault((fold(entry.unit.department), fold(entry.unit.unit)), []).append(entry)
    accounts = []
    for key, members in entries.items():
        unit = members[0].unit
        item = sent.get(key)
        removed = set(item.removed) if item is not None else {i for i in decided if i in {e.activity_id for e in members}}
        report = by_unit.pop(key, None)
        if report is not None:
            account = rules.account_returned(unit, report.plan, item, config, summary.label(report.file))
            _take_answers(members, report, account, period, summary.label(report.file), config)
        else:
            state = rules.UNREADABLE if key in unreadable else rules.NOT_RETURNED
            waiting = [e for e in members if e.activity_id not in removed]
            for entry in waiting:
                entry.missing[period] = state
            file = summary.label(unreadable[key].file) if key in unreadable else ""
            account = rules.account_missing(unit, state, [e.activity_id for e in waiting], sorted(removed), file)
        accounts.append(account)
    for report in by_unit.values():  # a follow-up of a unit with no activity in these plans
        identity = ids[report.file]
        label = f"{identity.department} – {identity.unit}" if identity.unit else identity.department
        ledger.notes.append(f"{summary.label(report.file)} ({label}) hör till ingen enhet med aktiviteter i de "
                            f"godkända planerna; svaren vid {period} räknas inte.")
    return rules.PeriodAccount(period, accounts)


def _take_answers(members: list[Entry], report: Report, account: rules.UnitAccount, period: str, file: str,
                  config: Config) -> None:
    """Note each entry's answer in ``report`` (a returned follow-up), or why it has none."""
    plan = report.plan
    by_id = {e.activity_id: e for e in members}
    columns = plan.columns
    for index, _row in enumerate(plan.row_numbers):
        activity_id = columns.get(F.ID_KEY, [None] * (index + 1))[index]
        entry = by_id.get(str(activity_id).strip()) if present(activity_id) else None
        if entry is None or period in entry.answers:
            continue
        status = columns.get(F.STATUS, [None] * (index + 1))[index]
        found = config.canonical("statuses", str(status)) if present(status) else None
        entry.answers[period] = Answer(period, found[0] if found else status,
                                       columns.get(F.COMMENT, [None] * (index + 1))[index],
                                       columns.get(F.NEW_DUE, [None] * (index + 1))[index], file)
    for activity_id, reason in account.missing.items():
        if activity_id in by_id:
            by_id[activity_id].missing[period] = reason

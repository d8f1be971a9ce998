"""Every rule of the follow-up form, in one place: periods, activity IDs, what a status means, the latest
answer, who a follow-up was sent to and what came back.

The template writer (:mod:`kfworkbook.template.follow_up`), the validator
(:mod:`kfworkbook.validate.follow_up`), the report (:mod:`kfworkbook.summary.follow_up`), the ledger of the
year (:mod:`kfworkbook.summary.ledger`) and the roll-over to next year (:mod:`kfworkbook.prefill`) all ask
here, so that a rule has one definition. What the förvaltning's words mean (which status is delayed, which
periods a follow-up point names) is the configuration's (:mod:`kfworkbook.meanings`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..config import Config, PlanUnit, fold, guess_periods
from ..values import present
from . import columns as C
from .spec import COMMENT, ID_KEY, NEW_DUE, PERIOD_NAMES, PERIODS, STATUS, history_key

_PERIOD_END = {"T1": (4, 30), "T2": (8, 31), "VB": (12, 31)}


# -- periods ---------------------------------------------------------------------------------------


def period_end(period: str, year: int) -> date:
    """The last day the follow-up ``period`` of plan year ``year`` covers."""
    month, day = _PERIOD_END[period]
    return date(year, month, day)


def periods_of(follow_up: Any, config: Config | None = None) -> frozenset[str]:
    """The periods an Uppföljning value names: 'Tertial 1 och 2' → {T1, T2}; 'VB' → {VB}.

    With ``config``, a value of its ``uppfoljning`` list (or an alias) means the item's ``perioder`` (or what
    its name says); without, and for any other text, the words decide (:func:`kfworkbook.meanings.guess_periods`).
    """
    if config is not None:
        return config.follow_up_periods(follow_up)
    return guess_periods(fold(follow_up)) if isinstance(follow_up, str) else frozenset()


# -- activity identity -----------------------------------------------------------------------------

ID_FIELDS = ("category", "goal", "activity", "due", "responsible")
"""The plan columns an activity ID is made from, besides the plan's identity."""


def _part(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()).casefold()


def activity_ids(forvaltning: str, plan_year: int | str, department: str, unit: str,
                 rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Stable IDs of a unit's activities: 'A-' and 8 hex digits from the plan's identity and row content.

    The same approved plan (or the summary made from it) always gives the same IDs, whichever of
    the two the follow-up workbooks are made from, in whatever order its rows stand. Two identical
    rows of one unit get '-2', '-3' after the second and third.
    """
    base = "|".join(_part(v) for v in (forvaltning, plan_year, department, unit))
    ids, seen = [], Counter[str]()
    for row in rows:
        digest = hashlib.sha1((base + "|" + "|".join(_part(row.get(k)) for k in ID_FIELDS)).encode()).hexdigest()
        key = "A-" + digest[:8].upper()
        seen[key] += 1
        ids.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return ids


def id_matches(activity_id: str, values: Mapping[str, Any], forvaltning: str, plan_year: int | str,
               department: str, unit: str) -> bool:
    """True when ``activity_id`` is the ID of an activity with the plan values in ``values`` (its own row of a
    follow-up workbook): the ID :func:`activity_ids` gives them, or a numbered twin of it ('-2')."""
    made = activity_ids(forvaltning, plan_year, department, unit, [values])[0]
    return activity_id == made or activity_id.startswith(made + "-")


# -- what a status means ---------------------------------------------------------------------------


def delayed_statuses(config: Any) -> list[str]:
    """The config's statuses that mean delayed (Försenad, Senarelagd …), as the list spells them."""
    return config.delayed_statuses()


def comment_statuses(config: Config) -> list[str]:
    """The statuses that need a comment: the finished ones (Genomförd, Utgår) and the delayed ones (Försenad)."""
    return [*config.finished_statuses(), *delayed_statuses(config)]


def open_statuses(config: Config) -> list[str]:
    """The statuses that are a warning once Måldatum has passed (Ej påbörjad, Pågår)."""
    return config.open_statuses()


def cancelled_statuses(config: Config) -> list[str]:
    """The finished statuses that mean cancelled (Utgår, Avbruten): listed with the delayed ones in the report."""
    return config.cancelled_statuses()


def completed_statuses(config: Config) -> list[str]:
    """The finished statuses that count as done in the report's 'andel genomförda' (Genomförd, Klar)."""
    return config.completed_statuses()


def passed_advice(config: Config) -> str:
    """What to do when Måldatum has passed and the activity is still open, in the config's words."""
    delayed = delayed_statuses(config)
    if delayed:
        return f"välj {C.or_list(delayed)} och ange nytt måldatum"
    return "välj en annan status och skriv i Kommentar vad som gäller nu"


def is_due(row: Mapping[str, Any], period: str, config: Config | None = None) -> bool:
    """True when the activity's Uppföljning names ``period`` (in ``config``'s meaning, see :func:`periods_of`)."""
    return period in periods_of(row.get("follow_up"), config)


def current_due(row: Mapping[str, Any], period: str) -> Any:
    """The Måldatum that holds at ``period``: the latest Nytt måldatum of an earlier period, else the plan's."""
    for earlier in reversed(PERIODS[:PERIODS.index(period)] if period in PERIODS else ()):
        new_due = row.get(history_key(NEW_DUE, earlier))
        if present(new_due) and due_date(new_due) is not None:
            return new_due
    return row.get("due")


def due_date(value: Any) -> date | None:
    """Måldatum as a date (None for Löpande, text or empty)."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# -- the latest answer -----------------------------------------------------------------------------


def latest_of_report(values: dict[str, Any]) -> dict[str, Any]:
    """A follow-up report row with its latest status, comment and Måldatum in the plan's columns."""
    row = {k: v for k, v in values.items() if k not in ("status", "comment", "activity_id") and
           not k.startswith("latest_")}
    for key, latest in (("status", "latest_status"), ("comment", "latest_comment"), ("due", "latest_due")):
        if present(values.get(latest)):
            row[key] = values[latest]
    return row


def latest_answer(values: dict[str, Any], period: str, year: int | str | None) -> dict[str, Any]:
    """A follow-up row as a plan row for next year's template, with its latest answer.

    The latest status reported (this period's, else the last earlier one) becomes Status, so that
    the roll-over rules leave finished activities behind; it and its comment go into Kommentar
    ('Uppföljning VB 2022: Försenad – …'); a Nytt måldatum replaces Måldatum.
    """
    answers = [(p, values.get(history_key(STATUS, p)), values.get(history_key(COMMENT, p)),
                values.get(history_key(NEW_DUE, p))) for p in PERIODS if p != period]
    answers.append((period, values.get(STATUS), values.get(COMMENT), values.get(NEW_DUE)))
    row = {k: v for k, v in values.items() if not k.startswith(("fu_", "activity_id"))}
    reported = [a for a in answers if present(a[1]) or present(a[2])]
    if not reported:
        return row
    when, status, comment, new_due = reported[-1]
    text = " – ".join(str(v).strip() for v in (status, comment) if present(v))
    row["status"] = status if present(status) else None
    row["comment"] = f"Uppföljning {when} {year or ''}".rstrip() + f": {text}"
    if new_due is not None and present(new_due):
        row["due"] = new_due
    return {k: v for k, v in row.items() if v is not None}


# -- who the follow-up was sent to, and what came back -------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One unit a period's follow-up was sent to: how many activities it got, and which HR removed."""

    unit: PlanUnit
    issued: int | None = None
    """How many activities its workbook holds (None in workbooks made before the count was recorded)."""
    removed: tuple[str, ...] = ()
    """The IDs of its approved activities that HR removed by decision (not in its workbook)."""
    earlier: tuple[tuple[str, str, int], ...] = ()
    """(period, state, activities without an answer) of each earlier period the unit did not simply answer."""

    def line(self) -> str:
        """The unit's line of the ``Utskickad till`` metadata: 'department|unit|issued|removed IDs|earlier', with
        each earlier period not simply answered as 'T1:not_returned:3'."""
        earlier = " ".join(f"{p}:{state}:{n}" for p, state, n in self.earlier)
        return "|".join((self.unit.department, self.unit.unit, str(self.issued or 0), " ".join(self.removed),
                         earlier))

    def earlier_lines(self) -> list[str]:
        """What the workbook records of the unit's earlier periods without every answer, as console lines."""
        lines = []
        for period, state, count in self.earlier:
            many = _count(count, "aktivitet", "aktiviteter")
            if state == NOT_RETURNED:
                lines.append(f"{self.unit.label}: lämnade ingen uppföljning vid {period} – {many} utan svar då.")
            elif state == UNREADABLE:
                lines.append(f"{self.unit.label}: uppföljningen vid {period} kunde inte läsas – {many} utan svar då.")
            else:
                lines.append(f"{self.unit.label}: {many} utan svar vid {period} (borttagen rad eller ändrat "
                             "Aktivitets-ID).")
        return lines


def manifest_text(sent: Iterable[Sent]) -> str:
    """The ``Utskickad till`` metadata of every workbook of a period: one line per unit sent to."""
    return "\n".join(item.line() for item in sent)


def read_manifest(metas: Iterable[Mapping[str, str]], config: Config) -> list[Sent] | None:
    """The units a period's follow-up was sent to, from its returned workbooks' metadata (the same in every
    workbook), in configuration order; None when none says."""
    found: dict[tuple[str, str], Sent] = {}
    for text in {meta.get("units_sent", "") for meta in metas}:
        for line in text.splitlines():
            parts = line.split("|")
            if len(parts) < 2:
                continue
            unit = config.plan_unit(parts[0], parts[1])
            issued = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else None
            removed = tuple(parts[3].split()) if len(parts) > 3 else ()
            earlier = tuple((period, state, int(n)) for token in (parts[4].split() if len(parts) > 4 else ())
                            for period, state, n in [token.split(":")] if n.isdigit())
            found.setdefault((fold(unit.department), fold(unit.unit)), Sent(unit, issued, removed, earlier))
    if not found:
        return None
    return sorted(found.values(), key=lambda s: (config.unit_rank(s.unit.department, s.unit.unit), s.unit.label))


def units_sent(metas: Iterable[Mapping[str, str]], config: Config) -> list[PlanUnit] | None:
    """The units a period's follow-up was sent to, from its returned workbooks' metadata; None when none says."""
    sent = read_manifest(metas, config)
    return None if sent is None else [s.unit for s in sent]


NOT_RETURNED, UNREADABLE, DELETED, CHANGED = "not_returned", "unreadable", "deleted", "id_changed"
"""Why an activity sent out got no answer in a period: its unit handed in no follow-up, the unit's
follow-up could not be read, its row was deleted, or its Aktivitets-ID was changed."""
REASONS = {NOT_RETURNED: "ingen uppföljning inlämnad", UNREADABLE: "uppföljningen kunde inte läsas",
           DELETED: "raden borttagen", CHANGED: "Aktivitets-ID ändrat"}
"""Each reason for a missing answer, as the console, the report and ``--json`` name it."""


def no_answer_note(period: str, reason: str) -> str:
    """What a later period's workbook shows for an activity that got no answer at ``period``."""
    why = {NOT_RETURNED: "enheten lämnade ingen uppföljning", UNREADABLE: "uppföljningen kunde inte läsas",
           DELETED: "raden togs bort", CHANGED: "Aktivitets-ID ändrades på raden"}[reason]
    return f"Inget svar vid {period} ({why})."


@dataclass
class Returned:
    """What one unit's returned follow-up holds, measured against the IDs it was sent.

    ``answered``: the issued IDs with a row; ``deleted``: issued IDs no row holds; ``changed``: of those,
    the ones whose row came back under another ID (old ID → the ID on the row); ``added``: the Excel rows
    that hold no activity that was sent (no ID, or an ID that was never issued and is no changed one).
    """

    answered: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)
    added: list[int] = field(default_factory=list)

    @property
    def missing(self) -> dict[str, str]:
        """Each issued ID without an answer, with the reason (row deleted or ID changed)."""
        return {i: (CHANGED if i in self.changed else DELETED) for i in self.deleted}


def compare_returned(issued: Sequence[str], rows: Sequence[tuple[int, Mapping[str, Any]]], meta: Mapping[str, str],
                     config: Config) -> Returned:
    """Compare a returned follow-up's rows ((Excel row, values) in sheet order) with the IDs it was sent.

    A row with an unknown ID is the changed row of a missing activity when its plan columns give that
    activity's ID (:func:`id_matches`), or when it stands where that activity stood (HR wrote the rows in
    the order of the IDs); otherwise it is an added row, as is a row without an ID.
    """
    result = Returned()
    present_ids = {str(v.get(ID_KEY)).strip() for _, v in rows if present(v.get(ID_KEY))}
    result.answered = [i for i in issued if i in present_ids]
    result.deleted = [i for i in issued if i not in present_ids]
    known = set(issued)
    position = {i: C.FIRST_ROW + n for n, i in enumerate(issued)}
    open_ids = list(result.deleted)
    identity = (meta.get("forvaltning") or config.forvaltning, meta.get("plan_year") or config.plan_year,
                meta.get("department", ""), meta.get("unit", ""))
    for row, values in rows:
        activity_id = str(values.get(ID_KEY)).strip() if present(values.get(ID_KEY)) else ""
        if activity_id in known:
            continue
        match = next((i for i in open_ids if activity_id and id_matches(i, values, *identity)), None) \
            if activity_id else None
        if match is None and activity_id:
            match = next((i for i in open_ids if position[i] == row), None)
        if match is None:
            result.added.append(row)
            continue
        open_ids.remove(match)
        result.changed[match] = activity_id
    return result


ANSWERED = "answered"
"""A unit's follow-up of a period came back and was read."""


@dataclass
class UnitAccount:
    """Where every activity a unit was sent in one period went: answered, without an answer (why), removed by HR.

    ``issued`` activities were sent; ``answered`` of them came back with their row; ``missing`` names the IDs
    without an answer and why, when they are known (a unit that returned nothing is counted by
    ``unanswered`` alone when the IDs are not known); ``removed`` are the IDs HR removed by decision (not
    sent, but counted); ``added`` the Excel rows a manager added (no activity of the plans, not counted).
    """

    unit: PlanUnit
    state: str
    issued: int
    answered: int = 0
    unanswered: Counter[str] = field(default_factory=Counter)
    missing: dict[str, str] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    added: list[int] = field(default_factory=list)
    file: str = ""

    @property
    def approved(self) -> int:
        """The unit's activities in the approved plans: sent and removed."""
        return self.issued + len(self.removed)

    @property
    def simple(self) -> bool:
        """True when every activity sent came back and nothing else happened."""
        return self.state == ANSWERED and not self.missing and not self.removed and not self.added

    def line(self, period: str) -> str:
        """The console line of a unit that is not simply answered ('' for one that is)."""
        if self.simple:
            return ""
        parts = []
        if self.state != ANSWERED:
            what = "ingen uppföljning inlämnad" if self.state == NOT_RETURNED else "uppföljningen kunde inte läsas"
            parts.append(f"{what} vid {period} – {_count(self.issued, 'aktivitet', 'aktiviteter')} utan svar")
        deleted = [i for i, why in self.missing.items() if why == DELETED]
        if self.state == ANSWERED and deleted:
            parts.append(f"vid {period} togs {'raden' if len(deleted) == 1 else 'raderna'} med "
                         f"{', '.join(deleted)} bort")
        for old, new in self.changed.items():
            parts.append(f"vid {period} ändrades Aktivitets-ID {old} till {new} på raden")
        if self.added:
            rows = ", ".join(str(r) for r in self.added)
            parts.append(f"{_count(len(self.added), 'tillagd rad', 'tillagda rader')} räknas inte "
                         f"({'rad' if len(self.added) == 1 else 'rader'} {rows})")
        if self.removed:
            ids = ", ".join(self.removed)
            parts.append(f"{ids} är borttagen av HR" if len(self.removed) == 1 else
                         f"{len(self.removed)} aktiviteter är borttagna av HR ({ids})")
        return f"{self.unit.label}: {'; '.join(parts)}."

    def to_dict(self) -> dict[str, Any]:
        """The unit's account in the ``--json`` form."""
        return {"department": self.unit.department, "unit": self.unit.unit or None, "state": self.state,
                "file": self.file or None, "approved": self.approved, "sent": self.issued, "answered": self.answered,
                "unanswered": dict(self.unanswered), "missing": [{"id": i, "reason": r} for i, r in self.missing.items()],
                "id_changed": [{"id": old, "row_id": new} for old, new in self.changed.items()],
                "removed_by_hr": list(self.removed), "added_rows": list(self.added)}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def account_returned(unit: PlanUnit, workbook: Any, sent: Sent | None, config: Config, file: str = "") -> UnitAccount:
    """The account of a unit whose follow-up came back: ``workbook`` (a read follow-up) against the IDs it holds."""
    meta = workbook.meta
    issued = [i for i in meta.get("activity_ids", "").split(",") if i]
    columns = workbook.columns
    rows = [(number, {key: column[index] for key, column in columns.items()})
            for index, number in enumerate(workbook.row_numbers)]
    found = compare_returned(issued, rows, meta, config)
    missing = found.missing
    return UnitAccount(unit, ANSWERED, len(issued), len(found.answered), Counter(missing.values()), missing,
                       found.changed, sent.removed if sent else (), found.added, file)


def account_missing(unit: PlanUnit, state: str, issued: Sequence[str] | int, removed: Sequence[str] = (),
                    file: str = "") -> UnitAccount:
    """The account of a unit whose follow-up did not come back (``state`` NOT_RETURNED) or could not be read
    (UNREADABLE): every activity sent is without an answer (``issued``: their IDs, or how many)."""
    count = issued if isinstance(issued, int) else len(issued)
    ids = {} if isinstance(issued, int) else {i: state for i in issued}
    return UnitAccount(unit, state, count, 0, Counter({state: count}) if count else Counter(), ids, {},
                       tuple(removed), [], file)


@dataclass
class PeriodAccount:
    """Where every activity of the approved plans went in one period: the identity *approved = answered +
    without an answer (by reason) + removed by HR*, per unit and in total. Added rows are not activities."""

    period: str
    units: list[UnitAccount]
    earlier: list[str] = field(default_factory=list)
    """What the workbooks record of earlier periods: one line per unit and period without every answer
    ('Äldreomsorg – Hemtjänst: vid T1 ingen uppföljning inlämnad – 3 aktiviteter utan svar då.')."""

    def figures(self) -> dict[str, Any]:
        """The totals, as ``--json`` and the report's Översikt show them."""
        reasons = Counter[str]()
        for item in self.units:
            reasons.update(item.unanswered)
        return {"period": self.period, "approved": sum(u.approved for u in self.units),
                "answered": sum(u.answered for u in self.units), "unanswered": sum(reasons.values()),
                **{reason: reasons.get(reason, 0) for reason in REASONS},
                "removed_by_hr": sum(len(u.removed) for u in self.units),
                "added_rows": sum(len(u.added) for u in self.units)}

    def summary_line(self) -> str:
        """'Aktiviteter vid T1: 58 i de godkända planerna – 50 med svar, 6 utan svar (…), 2 borttagna av HR.'"""
        f = self.figures()
        why = ", ".join(f"{REASONS[r]} {f[r]}" for r in REASONS if f[r])
        line = (f"Aktiviteter vid {self.period}: {f['approved']} i de godkända planerna – {f['answered']} med svar, "
                f"{f['unanswered']} utan svar{f' ({why})' if why else ''}, "
                f"{f['removed_by_hr']} {'borttagen' if f['removed_by_hr'] == 1 else 'borttagna'} av HR.")
        if f["added_rows"]:
            line += f" {_count(f['added_rows'], 'tillagd rad', 'tillagda rader')} räknas inte."
        return line

    def lines(self) -> list[str]:
        """The summary line, then one line per unit that is not simply answered."""
        return [self.summary_line(), *(line for u in self.units if (line := u.line(self.period)))]

    def to_dict(self) -> dict[str, Any]:
        """The account in the ``--json`` form: the figures, every unit, and the earlier periods' gaps."""
        return {**self.figures(), "units": [u.to_dict() for u in self.units], "earlier": list(self.earlier)}


def period_from_name(name: str) -> str:
    """The period (T1, T2, VB) a follow-up file's name says ('Uppföljning_T1_2022_Förskola.xlsx'), else ''."""
    words = [w.upper() for w in re.split(r"[\s_\-–.,()]+", name) if w]
    found = [w for w in words if w in PERIODS]
    return found[0] if found else ""


def period_label(period: str) -> str:
    """'Tertial 1' for T1 (the name a workbook's title uses)."""
    return PERIOD_NAMES.get(period, period)

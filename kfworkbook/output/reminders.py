"""Reminders HR sends in one go: an e-mail draft (.eml) for every expected unit that must hand in or fix.

Made from a :class:`~kfworkbook.summary.model.Summary` (the plan, or the follow-up of a period): its
Inlämning lists every expected unit with its status. A unit whose file is missing, has errors or could
not be read gets a draft (with ``warnings``, a unit with warnings too); the others are listed as
needing none, so that drafts + units without one = the units expected.

A draft is an RFC 5322 message in UTF-8 with ``X-Unsent: 1`` (Outlook opens it as an unsent message,
ready to send): To the unit's manager (the configuration's contact, else the e-mail on the plan's
Uppgifter sheet, else nobody and the draft is listed), From HR (``kontakt``/``kontakt_epost``), the
subject and body from ``[paminnelse]``, and one attachment: the marked copy of a plan with errors, or
the workbook HR handed out for a missing unit. Attachments are also written to ``bilagor/`` beside the
drafts, so that every attached file is on disk. Nothing is written over without ``force``.

``FORMS`` is this output's registry (by :attr:`Form.kind <kfworkbook.forms.spec.Form.kind>`): how each
form is named in the text and which workbook a missing unit gets (:func:`handed_out`).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path
from typing import Any

from ..config import Config, PlanUnit
from ..contacts import is_email
from ..fileio import atomic_write, safe_filename
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..issues import APPROVED, ERROR, UNREADABLE, WARNING, WITH_ERRORS, WITH_WARNINGS, Report
from ..summary.merge import ids_key
from ..summary.model import MISSING, Summary
from ..template.follow_up import follow_up_filename
from ..template.plan import build_template, template_filename
from ..words import count
from .annotate import annotate
from .reminder_text import SHOWN_ISSUES, SITUATION, FormWords, fill_in, issue_lines, paragraph, swedish_date

ATTACHMENTS = "bilagor"
"""The folder beside the drafts that holds every attached file."""
CONTENT_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12"}
FROM_CONFIG, FROM_INFO = "konfigurationen", "Uppgifter"
"""Where a recipient's address came from."""
_PERIOD_WORDS = {"T1": "tertial 1", "T2": "tertial 2", "VB": "verksamhetsberättelsen"}


@dataclass(frozen=True)
class FormMail:
    """What the reminders need to know about one form (an entry of :data:`FORMS`)."""

    words: Callable[[Config, str], FormWords]
    """How the text names the form, for the configuration and period."""
    file_name: Callable[[Config, PlanUnit, str], str]
    """The name of the workbook HR handed out to a unit (in the folder it was written to)."""
    fresh: Callable[[Config, PlanUnit], Any] | None
    """A new empty workbook for a unit when the handed-out one is not given (None: it must be given)."""


def _plan_words(config: Config, period: str) -> FormWords:
    return FormWords(f"kompetensförsörjningsplan {config.plan_year}", f"kompetensförsörjningsplanen {config.plan_year}",
                     "planen", "mallen", "Fyll i den bifogade mallen", "Aktivitetsplan")


def _follow_up_words(config: Config, period: str) -> FormWords:
    return FormWords(f"uppföljning {period} {config.plan_year}",
                     f"uppföljningen för {_PERIOD_WORDS.get(period, period)} {config.plan_year}", "uppföljningen",
                     "uppföljningen", "Svara för varje aktivitet i den bifogade uppföljningen", "Uppföljning")


FORMS: dict[str, FormMail] = {
    PLAN_KIND: FormMail(_plan_words, lambda config, unit, period: template_filename(config, unit), build_template),
    FOLLOW_UP_KIND: FormMail(_follow_up_words, follow_up_filename, None),
}
"""The reminders of each form, by :attr:`Form.kind <kfworkbook.forms.spec.Form.kind>`."""


class ReminderError(Exception):
    """The reminders cannot be written as asked; ``str(error)`` is a Swedish message for the user."""


class DraftsExist(Exception):
    """Drafts or attachments would replace files and ``force`` was not given; ``paths`` lists them."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


@dataclass
class Draft:
    """One reminder: the unit, why it gets one, to whom, the text, the attachment and the .eml file."""

    unit: PlanUnit
    status: str
    """The unit's Inlämning status: saknas, med fel, kunde inte läsas (or med varningar)."""
    to: str
    """The recipient's address; '' when none is known (the draft then has no To)."""
    to_name: str
    to_source: str
    """Where the address came from: 'konfigurationen', 'Uppgifter' or ''."""
    subject: str
    body: str
    file: Path
    attachment: Path | None
    """The attached file on disk (in ``bilagor/`` or the folder HR handed the workbooks out from)."""
    errors: int = 0
    warnings: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The draft in the ``--json`` form."""
        return {"department": self.unit.department, "unit": self.unit.unit or None, "label": self.unit.label,
                "status": self.status, "errors": self.errors, "warnings": self.warnings, "to": self.to or None,
                "to_name": self.to_name or None, "to_source": self.to_source or None, "subject": self.subject,
                "file": str(self.file), "attachment": str(self.attachment) if self.attachment else None}


@dataclass
class Reminders:
    """What :func:`write_reminders` wrote: a draft per unit that needed one, and the units that needed none."""

    drafts: list[Draft]
    without: list[tuple[PlanUnit, str]]
    """(unit, Inlämning status) of every expected unit that got no draft."""
    deadline: date
    title: str
    """What is handed in: 'kompetensförsörjningsplan 2027', 'uppföljning T1 2027'."""
    out: Path
    notes: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        """``expected`` = ``drafts`` + ``without``; the drafts and the others by status."""
        statuses = [d.status for d in self.drafts] + [s for _, s in self.without]
        by_status = {s: statuses.count(s) for s in (MISSING, WITH_ERRORS, UNREADABLE, APPROVED, WITH_WARNINGS)}
        return {"expected": len(statuses), "drafts": len(self.drafts), "without": len(self.without),
                "no_address": sum(1 for d in self.drafts if not d.to), **by_status}

    def to_dict(self) -> dict[str, Any]:
        """The ``paminnelser --json`` document (without the configuration)."""
        return {"output": str(self.out), "what": self.title, "deadline": self.deadline.isoformat(),
                "totals": self.totals, "drafts": [d.to_dict() for d in self.drafts],
                "without": [{"department": u.department, "unit": u.unit or None, "label": u.label, "status": s}
                            for u, s in self.without],
                "no_address": [d.unit.label for d in self.drafts if not d.to], "notes": self.notes}


def draft_name(summary: Summary, unit: PlanUnit) -> str:
    """The draft's file name: 'Påminnelse_' and the name of the workbook handed out, with .eml."""
    handed = FORMS[summary.form.kind].file_name(summary.config, unit, summary.period)
    return safe_filename(f"Påminnelse {Path(handed).stem}") + ".eml"


def handed_out(summary: Summary, unit: PlanUnit, sent_from: Path | None) -> Path | None:
    """The workbook HR handed out to ``unit``, in ``sent_from`` (the folder ``template`` or ``uppfoljning``
    wrote to), also when it was turned into a macro-enabled workbook; None when not there.

    The follow-up's reminders attach this file to a unit that did not answer: it is the one place to
    change when the follow-up workbooks come from somewhere else.
    """
    if sent_from is None:
        return None
    name = Path(FORMS[summary.form.kind].file_name(summary.config, unit, summary.period))
    for suffix in (name.suffix, ".xlsm"):
        path = sent_from / name.with_suffix(suffix).name
        if path.is_file():
            return path
    return None


def recipient(config: Config, unit: PlanUnit, report: Report | None) -> tuple[str, str, str]:
    """(address, name, where from) of ``unit``'s manager: the configuration's contact, else the plan's
    Uppgifter (E-post and Ansvarig chef), else ('', name, '')."""
    name, email = config.contact_of(unit)
    if email:
        return email, name, FROM_CONFIG
    info = report.plan.info if report is not None and report.plan is not None else {}
    if is_email(info.get("email")):
        manager = info.get("manager")
        return str(info["email"]).strip(), name or (str(manager).strip() if isinstance(manager, str) else ""), FROM_INFO
    return "", name, ""


@dataclass
class _Plan:
    """A draft before anything is written: its unit and report, and where its attachment comes from."""

    unit: PlanUnit
    status: str
    report: Report | None
    foreign: Report | None = None
    source: Path | None = None
    """An existing file to attach as it is (the handed-out workbook)."""
    target: Path | None = None
    """The file in ``bilagor/`` to write and attach (a marked copy or a new template)."""
    copy: bool = False
    """Whether the attachment is the marked copy of the unit's file."""
    no_copy: str = ""
    """Why no marked copy could be made of a file that has one ('' when none was due or it was made)."""


def write_reminders(summary: Summary, out: str | Path, deadline: date | None = None, warnings: bool = False,
                    sent_from: str | Path | None = None, force: bool = False, today: date | None = None) -> Reminders:
    """Write a reminder draft into ``out`` for every expected unit of ``summary`` that needs one.

    ``deadline`` overrides the configuration's ``sista_dag`` (of the plan, or of the summary's period);
    ``warnings`` also reminds units whose plan has only warnings; ``sent_from`` is the folder the
    templates or follow-ups were handed out from (a missing unit gets its own file from there; for the
    plan, a new empty template otherwise). Raises :class:`ReminderError` when there is no deadline or
    a follow-up to attach is not found, and :class:`DraftsExist` (before writing anything) when a draft
    or attachment exists and ``force`` is not given.
    """
    config, out = summary.config, Path(out)
    sent = Path(sent_from) if sent_from is not None else None
    form = FORMS[summary.form.kind]
    words = form.words(config, summary.period)
    deadline = deadline or config.reminder.deadline_of(summary.period)
    if deadline is None:
        key = f"sista_dag_{summary.period.lower()}" if summary.period else "sista_dag"
        raise ReminderError(f"Ange sista dag för {words.title}: --sista-dag ÅÅÅÅ-MM-DD, eller {key} under "
                            "[paminnelse] i konfigurationen.")
    plans, without = _choose(summary, warnings)
    names: set[str] = set()
    lacking = []
    for plan in plans:
        if plan.status in (MISSING, UNREADABLE):
            plan.source = handed_out(summary, plan.unit, sent)
            if plan.source is None and form.fresh is None:
                lacking.append(form.file_name(config, plan.unit, summary.period))
            elif plan.source is None:
                plan.target = _unique(out / ATTACHMENTS, form.file_name(config, plan.unit, summary.period), names)
        elif plan.report is not None and Path(plan.report.file).suffix.lower() in CONTENT_TYPES:
            plan.target = _unique(out / ATTACHMENTS, Path(plan.report.file).name, names)
    if lacking:
        plural = summary.form.nouns[1]
        if sent is None:
            raise ReminderError(f"{words.attachment.capitalize()} ska bifogas påminnelsen till "
                                f"{count(len(lacking), 'enhet', 'enheter')}. Ange mappen som {plural}na skickades ut "
                                "från med --utskick, så bifogas varje enhets egen fil.")
        raise ReminderError(f"Hittar inte {', '.join(lacking)} i {sent}. Ange mappen som {plural}na skickades ut "
                            "från med --utskick.")
    files = [out / draft_name(summary, p.unit) for p in plans]
    existing = [p for p in [*files, *(p.target for p in plans if p.target)] if p.exists()]
    if existing and not force:
        raise DraftsExist(existing)
    drafts = [_write(summary, plan, file, words, deadline) for plan, file in zip(plans, files, strict=True)]
    result = Reminders(drafts, without, deadline, words.title, out)
    result.notes = _notes(summary, result, plans, today or date.today())
    return result


def _choose(summary: Summary, warnings: bool) -> tuple[list[_Plan], list[tuple[PlanUnit, str]]]:
    """The expected units that get a draft (with their reports) and those that do not, in Inlämning order."""
    config = summary.config
    by_label = {summary.label(r.file): r for r in summary.reports}
    needs = {MISSING, WITH_ERRORS, UNREADABLE, *([WITH_WARNINGS] if warnings else [])}
    plans, without = [], []
    rows = summary.submissions[summary.submissions["Förväntad"]]
    for department, unit_name, status, file in zip(rows["Avdelning"], rows["Enhet"], rows["Status"], rows["Fil"],
                                                  strict=True):
        unit = config.plan_unit(department, unit_name if isinstance(unit_name, str) else "")
        if status not in needs:
            without.append((unit, status))
            continue
        report = by_label.get(file) if isinstance(file, str) else None
        foreign = None
        if status == MISSING:
            foreign = next((r for r in summary.reports if r.readable and summary.identities[r.file].foreign
                            and summary.identities[r.file].key == ids_key(unit.department, unit.unit)), None)
        plans.append(_Plan(unit, status, report, foreign))
    return plans, without


def _unique(folder: Path, name: str, taken: set[str]) -> Path:
    """``folder / name``, or with ' (2)', ' (3)' … before the suffix when another draft of this run took it."""
    stem, suffix, n = Path(name).stem, Path(name).suffix, 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem} ({n}){suffix}"
    taken.add(name.casefold())
    return folder / name


def _write(summary: Summary, plan: _Plan, file: Path, words: FormWords, deadline: date) -> Draft:
    """Write the attachment (when it is made here) and the .eml of one draft."""
    config, report = summary.config, plan.report
    attachment = plan.source
    if plan.target is not None and report is not None and plan.status not in (MISSING, UNREADABLE):
        try:
            attachment = annotate(report, report.file, plan.target.parent, name=plan.target.name)
        except Exception as exc:  # a copy that cannot be made must not stop the other drafts
            plan.no_copy = type(exc).__name__
        plan.copy = attachment is not None
    elif plan.target is not None:
        workbook = FORMS[summary.form.kind].fresh(config, plan.unit)  # type: ignore[misc]
        attachment = atomic_write(plan.target, workbook.save)
    to, to_name, source = recipient(config, plan.unit, report)
    values = _values(summary, plan, words, deadline, to_name, attachment)
    draft = Draft(plan.unit, plan.status, to, to_name, source, fill_in(config.reminder.subject, values, True),
                  fill_in(config.reminder.body, values), file, attachment,
                  report.errors if report else 0, report.warnings if report else 0)
    message = mail(draft, config)
    atomic_write(file, lambda tmp: tmp.write_bytes(message.as_bytes(policy=SMTP)))
    return draft


def _values(summary: Summary, plan: _Plan, words: FormWords, deadline: date, name: str,
            attachment: Path | None) -> dict[str, str]:
    """The placeholders of the subject and body (see :data:`kfworkbook.contacts.PLACEHOLDERS`)."""
    config, report, unit = summary.config, plan.report, plan.unit
    day, attached = swedish_date(deadline), attachment.name if attachment else ""
    headline, lines, reason = "", [], ""
    if report is not None and plan.status in (WITH_ERRORS, WITH_WARNINGS):
        severity = WARNING if plan.status == WITH_WARNINGS else ERROR
        limit = SHOWN_ISSUES if plan.copy else None  # without the copy, the text lists every issue
        headline, lines = issue_lines(report.issues, summary.form.sheet, severity, limit=limit)
    if report is not None and plan.status == UNREADABLE:
        reason = report.issues[0].message if report.issues else ""
    handed_in = plan.foreign or report
    file = summary.label(handed_in.file) if handed_in is not None else ""
    foreign = summary.identities[plan.foreign.file].foreign if plan.foreign else ""
    text = paragraph(plan.status, words, unit.label, day, attached, file, reason, headline, lines, plan.copy, foreign,
                     report.warnings if report is not None and plan.status == WITH_ERRORS else 0)
    return {"halsning": f"Hej {name}!" if name else "Hej!", "chef": name, "enhet": unit.label,
            "avdelning": unit.department, "blankett": words.title, "lage": SITUATION[plan.status], "arende": text,
            "fel": "\n".join(lines), "bilaga": attached, "sista_dag": day, "forvaltning": config.forvaltning,
            "plan_ar": str(config.plan_year), "kontakt": config.contact or f"HR, {config.forvaltning}",
            "kontakt_epost": config.contact_email}


def mail(draft: Draft, config: Config) -> EmailMessage:
    """The draft as an unsent e-mail: X-Unsent, From HR, To the manager (when known), the text and the attachment."""
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    if config.contact_email:
        message["From"] = Address(config.contact or "", addr_spec=config.contact_email)
    if draft.to:
        message["To"] = Address(draft.to_name, addr_spec=draft.to)
    message["Subject"] = draft.subject
    message["Date"] = formatdate(localtime=True)
    message.set_content(draft.body, cte="quoted-printable")
    if draft.attachment is not None:
        kind = CONTENT_TYPES.get(draft.attachment.suffix.lower()) or mimetypes.guess_type(draft.attachment.name)[0] \
            or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(draft.attachment.read_bytes(), maintype=maintype, subtype=subtype,
                               filename=draft.attachment.name)
    return message


def _notes(summary: Summary, result: Reminders, plans: list[_Plan], today: date) -> list[str]:
    """What HR should know: drafts without a recipient, new templates attached, stale drafts, a past deadline."""
    notes = [f"Ingen e-postadress för {d.unit.label}: fyll i To-fältet i utkastet." for d in result.drafts if not d.to]
    notes += [f"Kunde inte göra en kopia med markeringar av {summary.label(p.report.file)} ({p.unit.label}, "
              f"{p.no_copy}): alla anmärkningar står i utkastets text." for p in plans if p.no_copy and p.report]
    fresh = [p.unit.label for p in plans if p.target is not None and p.status in (MISSING, UNREADABLE)]
    if fresh:
        notes.append(f"Bifogade en ny tom mall till {', '.join(fresh)}. Ange mappen som mallarna skickades ut från "
                     "med --utskick för att bifoga just de mallarna.")
    for unit, status in result.without:
        old = result.out / draft_name(summary, unit)
        if old.exists():
            notes.append(f"{old} är från en tidigare körning: {unit.label} är nu {status}. Ta bort utkastet.")
    if result.deadline < today:
        notes.append(f"Sista dag {swedish_date(result.deadline)} har redan passerat. Ange en ny med --sista-dag.")
    if not summary.config.contact_email:
        notes.append("Utkasten har ingen avsändare: skriv kontakt_epost i konfigurationen (annars skickas de från "
                     "ditt eget konto).")
    return notes


def reminder_lines(result: Reminders) -> list[str]:
    """The console lines of ``kfworkbook paminnelser``: every draft, every unit without one, the counts, the notes."""
    t = result.totals
    lines = [f"Skrev {count(t['drafts'], 'utkast', 'utkast')} till {result.out} ({result.title}, sista dag "
             f"{swedish_date(result.deadline)}):"]
    for draft in result.drafts:
        to = f"till {Address(draft.to_name, addr_spec=draft.to)}" if draft.to else "ingen mottagare"
        if draft.to_source == FROM_INFO:
            to += " (från fliken Uppgifter)"
        issues = ""
        if draft.status == WITH_ERRORS:
            issues = f" ({count(draft.errors, 'fel', 'fel')})"
        elif draft.status == WITH_WARNINGS:
            issues = f" ({count(draft.warnings, 'varning', 'varningar')})"
        lines.append(f"  {draft.unit.label}: {draft.status}{issues}, {to}")
    lines.append(f"Ingen påminnelse behövs för {count(t['without'], 'enhet', 'enheter')}"
                 + (":" if result.without else "."))
    lines += [f"  {unit.label}: {status}" for unit, status in result.without]
    drafted = [f"{n} {s}" for s in (MISSING, WITH_ERRORS, UNREADABLE, WITH_WARNINGS)
               if (n := sum(1 for d in result.drafts if d.status == s))]
    others = [f"{n} {'godkända' if s == APPROVED and n > 1 else s}" for s in (APPROVED, WITH_WARNINGS)
              if (n := sum(1 for _, status in result.without if status == s))]
    lines.append(f"Enheter: {count(t['expected'], 'förväntad', 'förväntade')} – {t['drafts']} med utkast"
                 + (f" ({', '.join(drafted)})" if drafted else "") + f" och {t['without']} utan"
                 + (f" ({', '.join(others)})" if others else "") + ".")
    return [*lines, *result.notes]

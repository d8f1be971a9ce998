"""What a reminder says: the paragraph about the unit, the issues in a few lines, the filled-in template.

:mod:`kfworkbook.output.reminders` decides who gets a reminder and why; this module writes the words.
The subject and the body come from the configuration (``[paminnelse]``, see :mod:`kfworkbook.contacts`);
the paragraph about the unit (``{arende}``) and the issue lines (``{fel}``) are written here, in the
form's words (:class:`FormWords`, chosen by the reminders' registry).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..issues import ERROR, UNREADABLE, WITH_ERRORS, WITH_WARNINGS, Issue, Severity
from ..summary.model import MISSING
from ..words import count

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")

SITUATION = {MISSING: "saknas", WITH_ERRORS: "behöver rättas", UNREADABLE: "kunde inte läsas",
             WITH_WARNINGS: "har varningar"}
"""The ``{lage}`` placeholder of each Inlämning status that gets a reminder."""

SHOWN_ISSUES = 5
"""A reminder lists this many issue lines (identical messages on one sheet are one line), then how many more."""


def swedish_date(day: date) -> str:
    """'31 mars 2027'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class FormWords:
    """How the reminders of one form name what the manager hands in."""

    title: str
    """What is handed in, for the subject: 'kompetensförsörjningsplan 2027', 'uppföljning T1 2027'."""
    definite: str
    """The same in a sentence: 'kompetensförsörjningsplanen 2027', 'uppföljningen för tertial 1 2027'."""
    noun: str
    """'planen', 'uppföljningen'."""
    attachment: str
    """The handed-out workbook: 'mallen', 'uppföljningen'."""
    fill: str
    """What to do with the handed-out workbook: 'Fyll i den bifogade mallen'."""
    sheet: str
    """The sheet whose Kontroll cell shows what needs fixing."""


SHOWN_ROWS = 8
"""A line names this many rows with the same message, then how many more."""


def _rows(rows: Sequence[int]) -> str:
    """'Rad 7', 'Raderna 7, 10 och 12', 'Raderna 7, 8, … och 6 till'."""
    if len(rows) == 1:
        return f"Rad {rows[0]}"
    shown = [str(r) for r in rows[:SHOWN_ROWS]]
    if len(rows) > SHOWN_ROWS:
        return f"Raderna {', '.join(shown)} och {len(rows) - SHOWN_ROWS} till"
    return f"Raderna {', '.join(shown[:-1])} och {shown[-1]}"


def issue_lines(issues: Sequence[Issue], table_sheet: str, severity: Severity, limit: int | None = SHOWN_ISSUES
                ) -> tuple[str, list[str]]:
    """The issues of one ``severity`` in a few lines: a headline and up to ``limit`` lines ('- Rad 7, Måldatum: …').

    The headline counts rows of the activity table ('3 rader har fel') and the other sheets' issues
    ('fliken Uppgifter har 1 fel'). The same message in one column on several rows is one line
    ('- Raderna 7 och 10, Måldatum: …'); after ``limit`` lines, one says how many issues are left.
    """
    chosen = [i for i in issues if i.severity == severity]
    words = ("fel", "fel") if severity == ERROR else ("varning", "varningar")
    groups: dict[tuple[object, ...], list[Issue]] = {}
    others: dict[str, int] = {}
    for n, issue in enumerate(chosen):
        on_row = issue.sheet == table_sheet and issue.row is not None
        key = (issue.code, issue.column, issue.message) if on_row else (n,)
        groups.setdefault(key, []).append(issue)
        if not on_row:
            others[issue.sheet] = others.get(issue.sheet, 0) + 1
    rows = {i.row for i in chosen if i.sheet == table_sheet and i.row is not None}
    parts = [f"{count(len(rows), 'rad', 'rader')} har {words[1]}"] if rows else []
    parts += [f"{f'fliken {sheet}' if sheet else 'filen som helhet'} har {count(n, *words)}"
              for sheet, n in others.items()]
    headline = " och ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    lines, shown = [], 0
    for members in list(groups.values())[:limit]:
        first = members[0]
        if first.sheet == table_sheet and first.row is not None:
            where = _rows(sorted({i.row for i in members if i.row is not None}))
            where += f", {first.column}" if first.column else ""
        elif first.sheet:
            where = f"Fliken {first.sheet}" + (f", {first.column}" if first.column else "")
        else:
            where = ""
        lines.append(f"- {where}: {first.message}" if where else f"- {first.message}")
        shown += len(members)
    if shown < len(chosen):
        lines.append(f"- … och {count(len(chosen) - shown, *words)} till.")
    return headline, lines


def paragraph(status: str, words: FormWords, unit: str, deadline: str, attachment: str, file: str = "",
              reason: str = "", headline: str = "", lines: Sequence[str] = (), copy: bool = True,
              foreign: str = "", warnings_too: int = 0) -> str:
    """The ``{arende}`` paragraph: what is missing or wrong for ``unit``, what to do and by when.

    ``status`` is the unit's Inlämning status; ``attachment`` the attached file's name ('' for none; the
    text does not repeat it, a mail client shows it);
    ``file`` the file the unit handed in and ``reason`` why it could not be read; ``headline`` and
    ``lines`` the issues (:func:`issue_lines`); ``copy`` whether the attachment is the marked copy;
    ``foreign`` why a file handed in for the unit does not count; ``warnings_too`` the warnings beside errors.
    """
    if status == MISSING:
        text = f"Vi har ännu inte fått {words.definite} från {unit}."
        if foreign:
            text += f" Den fil vi fick, {file}, räknas inte: {foreign}."
        return (f"{text} {words.fill} och skicka den till mig senast {deadline}.\n\n"
                f"Rutan Kontroll överst på fliken {words.sheet} visar om något behöver rättas innan du skickar "
                f"{words.noun}.")
    if status == UNREADABLE:
        text = (f"Tack för {words.definite} från {unit}! Tyvärr kunde filen {file} inte läsas: {reason}\n\n"
                f"Sista dag är {deadline}.")
        if attachment:
            text += f" Går filen inte att rädda kan du börja om i den bifogade {words.attachment}."
        return text
    issues = "\n".join(lines)
    if status == WITH_WARNINGS:
        text = (f"Tack för {words.definite} från {unit}! {words.noun.capitalize()} är godkänd, men kontrollen "
                f"visar att {headline}. Se gärna över dem:\n\n{issues}")
        marked = "cellerna med varningar gula och har en kommentar"
        ask = f"Rätta gärna {words.noun} och skicka den till mig igen senast {deadline}."
    else:
        text = f"Tack för {words.definite} från {unit}! Kontrollen visar att {headline}:\n\n{issues}"
        if warnings_too:
            text += f"\n\nDessutom finns {count(warnings_too, 'varning', 'varningar')} att se över."
        marked = "cellerna med fel röda, de med varningar gula, och varje markerad cell har en kommentar"
        ask = f"Rätta {words.noun} och skicka den till mig igen senast {deadline}."
    if copy and attachment:
        return (f"{text}\n\nI den bifogade kopian av {words.noun} är {marked}. Fliken Valideringsfel listar allt "
                f"med länkar till cellerna. {ask}")
    return f"{text}\n\n{ask}"


def fill_in(template: str, values: dict[str, str], one_line: bool = False) -> str:
    """``template`` with its placeholders filled in; empty lines left by empty values collapse.

    ``one_line`` (the subject) turns every run of whitespace into one space.
    """
    text = template.format(**values)
    if one_line:
        return " ".join(text.split())
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

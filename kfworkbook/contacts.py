"""Who HR writes to and what the reminders say: the configuration's contacts and its ``[paminnelse]`` section.

The pydantic models here are parts of :class:`kfworkbook.config.Config` (which imports them): a unit
of a department with its contact (``enheter = [{ namn = "…", chef = "…", epost = "…" }]``) and the
reminder settings (subject and body templates with placeholders, the deadlines). A bad value raises
``ValueError`` with a Swedish sentence that :func:`kfworkbook.config.parse_config` puts after the key.
They live apart from ``config`` to keep that module readable; only ``config`` and the reminder
output (:mod:`kfworkbook.output.reminders`) use them.
"""

from __future__ import annotations

import difflib
import re
import string
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[a-zA-ZåäöÅÄÖ]{2,}")
"""An e-mail address as HR and managers write it (the same rule as Uppgifter's E-post, without
characters that would break a mail header)."""


def is_email(text: object) -> bool:
    """True when ``text`` is one e-mail address (surrounding spaces allowed)."""
    return isinstance(text, str) and EMAIL.fullmatch(text.strip()) is not None


def check_email(value: str) -> str:
    """``value`` trimmed when it is empty or an e-mail address; else a ValueError with a Swedish message."""
    value = value.strip()
    if value and not is_email(value):
        raise ValueError(f"'{value}' är ingen giltig e-postadress. Skriv en adress, till exempel "
                         "fornamn.efternamn@example.se")
    return value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class UnitEntry(_Part):
    """One enhet of a department, with its manager's name and address when the configuration gives them."""

    name: str = Field(alias="namn", min_length=1)
    manager: str = Field(default="", alias="chef")
    email: str = Field(default="", alias="epost")

    @field_validator("name", "manager")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return check_email(value)


PLACEHOLDERS: dict[str, str] = {
    "halsning": "hälsningsfrasen: Hej och chefens namn, eller bara Hej!",
    "chef": "chefens namn (tomt när det inte är känt)",
    "enhet": "avdelningen och enheten, till exempel Förskola – Årsta förskolor",
    "avdelning": "avdelningen",
    "blankett": "vad som ska lämnas in, till exempel kompetensförsörjningsplan 2027 eller uppföljning T1 2027",
    "lage": "läget: saknas, behöver rättas, kunde inte läsas eller har varningar",
    "arende": "stycket om enheten: vad som saknas eller är fel, vad chefen ska göra, bilagan och sista dag",
    "fel": "felen i korthet, en rad per fel (tomt när planen saknas)",
    "bilaga": "bilagans filnamn",
    "sista_dag": "sista dag, till exempel 31 mars 2027",
    "forvaltning": "förvaltningens namn",
    "plan_ar": "planåret",
    "kontakt": "kontakt ur konfigurationen (avsändaren)",
    "kontakt_epost": "kontakt_epost ur konfigurationen",
}
"""The placeholders of ``amne`` and ``text`` under ``[paminnelse]``, with what each becomes."""

DEFAULT_SUBJECT = "Påminnelse: {blankett} för {enhet} {lage}"
DEFAULT_BODY = """{halsning}

{arende}

Hör av dig om du har frågor.

Med vänliga hälsningar
{kontakt}
{kontakt_epost}
"""


def check_template(text: str) -> str:
    """``text`` when every ``{name}`` in it is a placeholder; else a ValueError saying which is not."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValueError("har en ensam { eller }. Skriv {{ och }} för att få klamrar i texten") from None
    for name in names:
        if name not in PLACEHOLDERS:
            guess = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0.6)
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            hint = f". Skriv {{{guess[0]}}}" if guess else f". Platshållarna är {known}"
            raise ValueError(f"har den okända platshållaren {{{name}}}{hint}")
    return text


class Reminder(_Part):
    """The ``[paminnelse]`` section: the reminder mail's subject and body, and the deadlines."""

    subject: str = Field(default=DEFAULT_SUBJECT, alias="amne", min_length=1)
    body: str = Field(default=DEFAULT_BODY, alias="text", min_length=1)
    deadline: date | None = Field(default=None, alias="sista_dag")
    """The last day to hand in the plan."""
    deadline_t1: date | None = Field(default=None, alias="sista_dag_t1")
    deadline_t2: date | None = Field(default=None, alias="sista_dag_t2")
    deadline_vb: date | None = Field(default=None, alias="sista_dag_vb")

    @field_validator("subject", "body")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return check_template(value)

    def deadline_of(self, period: str) -> date | None:
        """The deadline of the plan (``period`` '') or of a follow-up period (T1, T2, VB); None when not set."""
        return {"": self.deadline, "T1": self.deadline_t1, "T2": self.deadline_t2,
                "VB": self.deadline_vb}.get(period)

"""Cells that hold what the template keeps in several columns, as last year's plans have them.

Word plans combine columns ("Uppföljning / Kommentar", "Resurser (timmar, kronor, personal)") and
put several values in one cell ("1.2022-12-31 2.Tertial 1 2022", "1.Enhetschef 2.Avdelningchef",
"Avdelningschef, Controller och Rektorer"). The roll-over rules (:mod:`kfworkbook.prefill.rollover`)
use the functions here for every source, so a value is read the same way wherever it comes from:

- :func:`expand` splits the combined columns: a first line that is a Status ("Genomförd") is the
  Status (so that a finished activity is not carried), Uppföljning is the (next) first line when it is
  a value of the list (kfworkbook's own document writes it so), else the list value whose periods the
  text names ("följs upp i tertialrapportering och VB"), and the text stays in Kommentar; Resurser gives hours and
  kronor where the text says so ("40 tim", "25 000 kr") and keeps the rest in Resurser – övrigt;
- :func:`latest_date` is the latest date a Måldatum text names;
- :func:`role_text` is an Ansvarig text without its numbering, for finding the role it starts with.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..config import Config
from ..forms import columns as C
from ..forms.follow_up import periods_of
from .model import FOLLOW_UP_COMMENT, RESOURCES

Note = tuple[str, str, Any, dict[str, Any]]
"""A note to make about a row: (issue code, column header, value, message fields)."""

_ALONE = r"(?=\s*(?:$|[,;+\n]|och\b|samt\b))"
"""An amount stands alone ("40 tim, 25 000 kr"), not as a rate or a part of a sentence ("10 timmar per chef")."""
_START = r"(?:^|(?<=[,;+\n])|(?<=\soch\s)|(?<=\ssamt\s))\s*"
_HOURS = re.compile(_START + r"(\d[\d \u00a0]*(?:[.,]\d+)?)\s*(?:timmar|timme|tim|h)\.?" + _ALONE, re.IGNORECASE)
_KRONOR = re.compile(_START + r"(\d[\d \u00a0]*(?:[.,]\d+)?)\s*(tkr|kr|kronor|sek|:-)\.?" + _ALONE, re.IGNORECASE)
_LEFTOVER = re.compile(r"^[\s,;:+&/–-]+|[\s,;:+&/–-]+$|^(?:och|samt)\s+|\s+(?:och|samt)$", re.IGNORECASE)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")
_TERTIAL = re.compile(r"\b(?:tertial|t)\s*([123])\s*[-,]?\s*((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*[-–—/.]?\s*((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-])")
_TERTIAL_END = {"1": (4, 30), "2": (8, 31), "3": (12, 31)}
_ROLE_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s*|(?:19|20)\d\d\s+)")


def expand(values: dict[str, Any], config: Config) -> tuple[dict[str, Any], list[Note]]:
    """``values`` with a combined Uppföljning/Kommentar and Resurser cell split into the template's columns,
    and the notes that tell a person what was done (none when the split is certain)."""
    if FOLLOW_UP_COMMENT not in values and RESOURCES not in values:
        return values, []
    values = dict(values)
    notes: list[Note] = []
    text = values.pop(FOLLOW_UP_COMMENT, None)
    if isinstance(text, str) and text.strip():
        _follow_up(values, text.strip(), config, notes)
    text = values.pop(RESOURCES, None)
    if isinstance(text, str) and text.strip():
        _resources(values, text.strip(), notes)
    return values, notes


def _add_comment(values: dict[str, Any], text: str) -> None:
    old = values.get("comment")
    values["comment"] = f"{old}\n{text}" if isinstance(old, str) and old.strip() else text


def _follow_up(values: dict[str, Any], text: str, config: Config, notes: list[Note]) -> None:
    header = "Uppföljning/kommentar"
    if values.get("follow_up"):  # the table has an Uppföljning column of its own: all of it is comment
        _add_comment(values, text)
        return
    first, _, rest = text.partition("\n")
    if not values.get("status") and config.canonical("statuses", first) is not None:  # "Genomförd": the rules decide
        values["status"] = first.strip()
        if not rest.strip():
            return
        text = rest.strip()
        first, _, rest = text.partition("\n")
    if config.canonical("follow_up", first) is not None:
        values["follow_up"] = first.strip()
        if rest.strip():
            _add_comment(values, rest.strip())
        return
    _add_comment(values, text)
    guess = guess_follow_up(text, config)
    if guess is not None:
        values["follow_up"] = guess
        notes.append(("forifyll-uppfoljning-tolkad", header, text, {"follow_up": guess}))
    else:
        notes.append(("forifyll-uppfoljning-saknas", header, text,
                      {"examples": C.or_list(config.list_names("follow_up")[:3])}))


def guess_follow_up(text: str, config: Config) -> str | None:
    """The one Uppföljning list value that names the periods ``text`` names, or None.

    "Följs upp i tertialrapportering" names both tertials, "… i VB" the verksamhetsberättelse; the
    seeds' "tertiär" is read as tertial."""
    periods = periods_of(re.sub(r"(?i)tertiär", "tertial", text))
    if not periods:
        return None
    found = [name for name in config.list_names("follow_up") if periods_of(name) == periods]
    return found[0] if len(found) == 1 else None


def _resources(values: dict[str, Any], text: str, notes: list[Note]) -> None:
    hours, kronor = _HOURS.findall(text), _KRONOR.findall(text)
    split: list[str] = []
    rest = text
    if len(hours) == 1 and "hours" not in values:
        values["hours"] = _number(hours[0])
        rest = _HOURS.sub(" ", rest, count=1)
        split.append(C.COLUMN_BY_KEY["hours"].header)
    if len(kronor) == 1 and "kronor" not in values:
        number = _number(kronor[0][0])
        values["kronor"] = number * 1000 if kronor[0][1].casefold() == "tkr" else number
        rest = _KRONOR.sub(" ", rest, count=1)
        split.append(C.COLUMN_BY_KEY["kronor"].header)
    rest = "\n".join(_tidy(line) for line in rest.split("\n") if _tidy(line)) if split else text
    if rest:
        old = values.get("resources_other")
        values["resources_other"] = f"{old}\n{rest}" if old else rest
        if split:
            split.append(C.COLUMN_BY_KEY["resources_other"].header)
    if split:
        notes.append(("forifyll-resurser", "Resurser", text, {"columns": " och ".join(
            [", ".join(split[:-1]), split[-1]] if len(split) > 1 else split)}))


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    while (tidier := _LEFTOVER.sub("", text)) != text:
        text = tidier
    return text


def _number(text: str) -> int | float:
    number = float(re.sub(r"[ \u00a0]", "", text).replace(",", "."))
    return int(number) if number.is_integer() else number


def latest_date(text: str) -> date | None:
    """The latest date a Måldatum text names ("1.2022-12-31 2.Tertial 1 2022" → 2022-12-31), or None.

    Reads ISO dates, "Tertial 1 2022" (its last day), "31/12 2023" and years (their 31 December). A year
    alone among words ("våren 2028") names no date: that is left to a person."""
    found: list[date] = []
    precise = False

    def take(pattern: re.Pattern[str], make: Any) -> None:
        nonlocal text, precise
        for match in pattern.finditer(text):
            try:
                found.append(make(match))
            except ValueError:
                continue
            precise = precise or pattern is not _YEAR
        text = pattern.sub(" ", text)

    take(_ISO, lambda m: date(int(m[1]), int(m[2]), int(m[3])))
    take(_TERTIAL, lambda m: date(int(m[2]), *_TERTIAL_END[m[1]]))
    take(_DAY_MONTH_YEAR, lambda m: date(int(m[3]), int(m[2]), int(m[1])))
    take(_YEAR, lambda m: date(int(m[1]), 12, 31))
    return max(found) if precise or len(found) > 1 else None


def role_text(text: str) -> str:
    """An Ansvarig text without a leading number or year, punctuation set apart
    ("1.Enhetschef 2.Avdelningchef" → "Enhetschef 2.Avdelningchef", "Avdelningschef, HR" → "Avdelningschef , HR"),
    so that the role it starts with can be found."""
    text = _ROLE_NUMBERING.sub("", " ".join(str(text).split()))
    return re.sub(r"\s*([,;/&+])\s*", r" \1 ", text).strip()

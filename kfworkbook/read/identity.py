"""Where a handed-in plan belongs: its förvaltning, plan year, department and unit.

This is the one place that decides whether a plan counts for a configuration (merge, the
Inlämning sheet and ``--json`` all ask here), and the one place that matches a file that could not
be read to the unit it was meant for, by its file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Config, PlanUnit, fold
from ..forms.spec import is_follow_up
from ..units import squash

_FILE_PREFIXES = ("kompetensförsörjningsplan", "kompetensforsorjningsplan", "kompetensförsörjning", "kfp", "plan",
                  "uppföljning", "uppfoljning", "t1", "t2", "vb")
"""Words a file name may start with before the unit's name (a follow-up's name starts 'Uppföljning_T1_2022_')."""


TEMPLATE, FILE_NAME, INFO = "mall", "filnamn", "uppgifter"
"""Where a plan's department and unit come from, in this order: the template's hidden metadata (what the
manager cannot edit by accident), the file name, the Uppgifter sheet."""


@dataclass(frozen=True)
class Identity:
    """A plan's identity: what its template says it is made for (else its file name, else Uppgifter).

    ``department``/``unit`` are the configuration's spelling when they match it. ``foreign`` is a
    Swedish reason when the plan is made for another förvaltning or plan year (it then never counts),
    else ''. ``by_name`` is True when the identity was guessed from the file name (unreadable file).
    ``source`` says where department and unit came from (:data:`TEMPLATE`, :data:`FILE_NAME`,
    :data:`INFO`); ``named`` is the unit the file name names when it is another than the template's.
    """

    forvaltning: str = ""
    plan_year: str = ""
    department: str = ""
    unit: str = ""
    foreign: str = ""
    by_name: bool = False
    source: str = ""
    named: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """The folded (department, unit) pair that plans of the same unit share."""
        return fold(self.department), fold(self.unit)

    @property
    def label(self) -> str:
        """'Förskola – Norr', or the department alone."""
        return f"{self.department} – {self.unit}" if self.unit else self.department

    def to_dict(self) -> dict[str, Any]:
        """The identity in the ``--json`` form."""
        return {"forvaltning": self.forvaltning or None, "plan_year": self.plan_year or None,
                "department": self.department or None, "unit": self.unit or None,
                "belongs": not self.foreign, "reason": self.foreign or None}


def made_for(plan: Any) -> tuple[str, str]:
    """(department, unit) a plan says it is for without a configuration: its template's metadata, else Uppgifter."""
    meta, info = plan.meta, plan.info
    if meta.get("department"):
        return str(meta["department"]), str(meta.get("unit") or "")
    return str(info.get("department") or ""), str(info.get("unit") or "")


def plan_identity(plan: Any, config: Config, period: str = "") -> Identity:
    """The identity of a readable :class:`~kfworkbook.read.workbook.Workbook` under ``config``.

    Department and unit come from the template's metadata, else from the file name, else from
    Uppgifter: a manager who types over Avdelning or Enhet does not move the plan to another unit.
    With ``period`` (T1, T2, VB: a follow-up report is being made), a plan or a follow-up of another
    period does not belong either.
    """
    meta = plan.meta
    named = unit_from_filename(plan.file, config)
    if meta.get("department"):
        (department, unit), source = made_for(plan), TEMPLATE
    elif named is not None:
        department, unit, source = named.department, named.unit, FILE_NAME
    else:
        (department, unit), source = made_for(plan), INFO
    lookup = config.unit_index
    department = lookup.departments.get(fold(department), department)
    unit = lookup.units.get((fold(department), fold(unit)), unit)
    other = ""
    if source == TEMPLATE and named is not None and (fold(named.department), fold(named.unit)) != (
            fold(department), fold(unit)) and not (not named.unit and fold(named.department) == fold(department)):
        other = named.label  # a file named for another unit (a plan copied from another unit's template?)
    forvaltning, year = meta.get("forvaltning", ""), meta.get("plan_year", "")
    foreign = _foreign(forvaltning, year, config) or (_other_form(meta, period) if period else "")
    return Identity(forvaltning, year, department, unit, foreign, source=source, named=other)


def _other_form(meta: dict[str, str], period: str) -> str:
    """Why a workbook does not belong to the follow-up of ``period``, or ''."""
    if not is_follow_up(meta):
        return f"Filen är en plan, inte en uppföljning för {period}"
    found = meta.get("follow_up_period", "")
    return "" if found == period else f"Uppföljningen gäller {found or 'okänd period'}, inte {period}"


def _foreign(forvaltning: str, year: str, config: Config) -> str:
    other_office = bool(forvaltning) and fold(forvaltning) != fold(config.forvaltning)
    other_year = bool(year) and year != str(config.plan_year)
    if not other_office and not other_year:
        return ""
    made_for = f"{forvaltning if other_office else config.forvaltning} {year or config.plan_year}"
    return f"Planen är gjord för {made_for}, inte för {config.forvaltning} {config.plan_year}"


def report_identity(report: Any, config: Config, period: str = "") -> Identity:
    """The identity of a :class:`~kfworkbook.issues.Report`: from the plan, or from the file name."""
    if report.plan is not None:
        return plan_identity(report.plan, config, period)
    unit = unit_from_filename(report.file, config)
    if unit is None:
        return Identity()
    return Identity(config.forvaltning, str(config.plan_year), unit.department, unit.unit, by_name=True)


def unit_from_filename(file: str | Path, config: Config) -> PlanUnit | None:
    """The plan unit a file is named for, or None.

    Accepts the template's own names ('Kompetensförsörjningsplan_2022_Förskola_Mälarhöjden.xlsx')
    and what people make of them when renaming: other spaces, dashes and case, a prefix such as
    'KFP' or a year, and a unit's name alone when no other department has a unit of that name.
    """
    words = list(_name_words(str(file)))
    names = config.unit_index.names
    while words:
        name = squash(" ".join(words))
        if name in names or not _ADDED.fullmatch(words[-1]):
            return names.get(name)
        words.pop()  # a template's own number (KFP_2027_…_2) is kept; a '(2)' or 'v3' a person added is not
    return None


_SEPARATORS = re.compile(r"[\s_\-–.,()]+")
_YEAR = re.compile(r"(19|20)\d\d")
_ADDED = re.compile(r"(19|20)\d\d|\d{1,2}|v\d+|ny|final|slutlig|kopia|copy|rev\d*")
"""What a person adds at the end of a file name when saving a copy: a year, a number, a version, 'kopia'."""


@lru_cache(maxsize=16384)
def _name_words(file: str) -> tuple[str, ...]:
    """The folded words of the name of ``file`` before its first dot, without the prefixes a plan's name may
    start with (:data:`_FILE_PREFIXES`, a year). Made once per file: validation and merge both ask."""
    stem = fold(Path(file).name.split(".")[0])
    words = [w for w in _SEPARATORS.split(stem) if w]
    while words and (words[0] in _FILE_PREFIXES or _YEAR.fullmatch(words[0])):
        words.pop(0)
    return tuple(words)


def dominant_foreign(identities: list[Identity], config: Config) -> str:
    """The once-per-run hint for HR when most plans are made for another förvaltning or year, else ''."""
    known = [i for i in identities if i.forvaltning or i.plan_year]
    foreign = [i for i in known if i.foreign]
    if not foreign or len(foreign) * 2 <= len(known):
        return ""
    (office, year), _ = Counter((i.forvaltning, i.plan_year) for i in foreign).most_common(1)[0]
    return (f"Planerna är gjorda för {office} {year} men konfigurationen gäller {config.forvaltning} "
            f"{config.plan_year} – ange --config med er konfiguration.")

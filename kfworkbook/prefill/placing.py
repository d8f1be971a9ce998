"""Where a Word document's activities belong: department, unit and UBARA step, with the configuration.

:mod:`kfworkbook.prefill.word` reads the tables and the headings above them; this module reads them
as a person does, top to bottom:

- **headings** form an outline (a heading replaces the ones at its level and below; a short
  paragraph counts as a caption under the nearest heading). A table belongs to what its outline
  names: "3. Aktivitetsplaner per avdelning" names nothing, "Aktivitetsplan avdelningen förskola"
  names Förskola, "2.1 Enskede förskolor" a unit (matched like file names in
  :mod:`kfworkbook.read.identity`: case, numbering, words such as "avdelningen" and years ignored;
  a name whose words begin the words of exactly one department or unit is taken with a line to check);
- a table **continues** the one before it when no heading stands between them: its step carries
  on, and a first row holding only text (goal, activity) continues the last row before the page break;
- inside a table, a row holding one text is an **UBARA step** ("Utveckla", "Rekrytera/Introducera"),
  a **unit** (kfworkbook's own document has its units as such rows), or a section the lists do not
  know (short, or in one cell across the table: "Övrigt"; its rows keep it as Kategori, and the rules
  report it);
- a table that nothing places is listed with its first row, never dropped in silence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Config, fold, squash
from ..issues import Issue, make_issue
from ..summary.chapters import NOT_CONFIGURED, OTHER_STEP, OWN_PLAN, PLAN_ERROR
from .model import DEPARTMENT, UNIT, Source, SourceRow, Table, TableRow

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-zA-Z][.)])\s*")
_NOISE = frozenset({"aktivitetsplan", "aktivitetsplaner", "aktiviteter", "kompetensförsörjningsplan",
                    "kompetensförsörjningsplanen", "kompetensförsörjningsplaner", "handlingsplan", "avdelningen",
                    "avdelning", "avdelningens", "avd", "enheten", "enhet", "enhetens", "för", "inom", "per", "plan",
                    "planen", "forts", "fortsättning"})
"""Words a heading wraps a department's or unit's name in ("Aktivitetsplan avdelningen förskola")."""
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-–—/]\s*(?:19|20)\d\d)?(?!\d)")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")
_STEP_SEPARATORS = re.compile(r"\s*(?:/|,|;|&|\+|\boch\b|\bsamt\b)\s*", re.IGNORECASE)
_KEYWORDS = ("avdelning", "aktivitetsplan", "enhet")
"""Words that make a short paragraph a heading of the table below it, even when it names nothing known."""
MAX_SECTION_WORDS = 6
"""A row of one text this short, not a sentence, is a section of the table ("Övrigt"), not an activity."""
_FRAGMENT_KEYS = frozenset({"goal", "activity"})
"""A first row after a page break holding only these continues the row before the break."""
CAPTION = 10


@dataclass(frozen=True)
class Match:
    """What a heading names: a department (``unit`` '') or one of its units; ``exact`` False for a partial name."""

    department: str
    unit: str
    exact: bool = True


@dataclass
class TablePlace:
    """One table of the document and what became of it (for the console and ``--json``)."""

    table: Table
    department: str = ""
    unit: str = ""
    activities: int = 0
    """Activities placed in a template (by the table's headings or its own unit rows)."""
    unplaced: int = 0
    """Activities of the table that nothing placed."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the table, whether it was read, why not, where its activities went."""
        table = self.table
        return {"file": table.file, "table": table.number, "place": table.label, "read": not table.skipped,
                "reason": table.skipped or None, "header": table.header or None, "first_row": table.first_text,
                "department": self.department or None, "unit": self.unit or None, "activities": self.activities,
                "not_placed": self.unplaced}


@dataclass
class Placement:
    """The document's activities with their department, unit and step, and what a person must decide."""

    rows: list[SourceRow] = field(default_factory=list)
    notes: list[tuple[Issue, str, str]] = field(default_factory=list)
    """(issue, department, unit): the tables nothing placed, partial names, rows joined across a page break."""
    tables: list[TablePlace] = field(default_factory=list)

    @property
    def per_department(self) -> Counter[str]:
        """Activities read per department ('' for those nothing placed), in the order first met."""
        found: Counter[str] = Counter(str(r.values.get(DEPARTMENT, "")) for r in self.rows)
        unplaced = sum(t.unplaced for t in self.tables)
        if unplaced:
            found[""] += unplaced
        return found

    @property
    def read(self) -> int:
        """Every activity row read from the document, placed or not."""
        return len(self.rows) + sum(t.unplaced for t in self.tables)


class _Names:
    """The configuration's departments and units by their squashed names (:func:`kfworkbook.config.squash`)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.departments = {squash(d.name): d.name for d in config.departments}
        self.units: dict[str, list[tuple[str, str]]] = {}
        self.pairs: dict[str, tuple[str, str]] = {}
        for department in config.departments:
            for unit in department.units:
                self.units.setdefault(squash(unit), []).append((department.name, unit))
                self.pairs[squash(f"{department.name} {unit}")] = (department.name, unit)
        self.own = squash(OWN_PLAN)
        self.words = [(tuple(_words(d.name)), Match(d.name, "", False)) for d in config.departments] + [
            (tuple(_words(u)), Match(d.name, u, False)) for d in config.departments for u in d.units]

    def match(self, text: str, department: str | None) -> Match | None:
        """What ``text`` names: the exact name of a department or unit (the whole text without its numbering and
        wrapping words, or its last words), else partly (each word the start of a word of one name); a unit of
        ``department`` (the one the outline has so far) wins over other units."""
        variants = _variants(text)
        words = variants[-1].split()
        tails = [" ".join(words[i:]) for i in range(1, len(words))]  # "Tabell 3.1 Aktivitetsplan för förskolan"
        for variant in [*variants, *tails]:
            key = squash(variant)
            if not key:
                continue
            if key == self.own and department:
                return Match(department, "")
            if key in self.pairs:
                return Match(*self.pairs[key])
            if key in self.departments:
                return Match(self.departments[key], "")
            units = self.units.get(key, [])
            mine = [u for u in units if u[0] == department]
            if len(mine) == 1 or len(units) == 1:
                return Match(*(mine or units)[0])
        return self._partial(variants[-1], department)

    def _partial(self, text: str, department: str | None) -> Match | None:
        words = _words(text)
        if not words or not any(len(w) >= 5 for w in words):
            return None
        found = [m for name, m in self.words if _begins(words, name)]
        mine = [m for m in found if m.unit and m.department == department]
        found = mine if len(mine) == 1 else found
        return found[0] if len(found) == 1 else None

    def steps(self, text: str) -> str | None:
        """The Kategori a section row or heading gives its activities, or None when ``text`` is no step.

        The text as written when it is a list value, an alias or several steps (the rules then map or split it
        and say so); the one step it means otherwise ("1. Utveckla", "Avsluta och avveckla")."""
        config = self.config
        if config.canonical("categories", text) is not None:
            return text
        bare = _NUMBERING.sub("", text).strip().rstrip(":.").strip()
        parts = [p for p in _STEP_SEPARATORS.split(bare) if p.strip()]
        found = [config.canonical("categories", p) for p in parts]
        if not parts or any(f is None for f in found):
            return None
        names = list(dict.fromkeys(f[0] for f in found if f is not None))
        return text if len(names) > 1 else names[0]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", fold(text)) if w and w != "och"]


def _begins(words: list[str], name: tuple[str, ...]) -> bool:
    """True when every word of ``words`` begins a different word of ``name``, in order."""
    position = 0
    for word in words:
        while position < len(name) and not name[position].startswith(word):
            position += 1
        if position == len(name):
            return False
        position += 1
    return True


def _variants(text: str) -> list[str]:
    """``text`` and ever barer forms of it: suffixes and numbering, then the heading's own words, then years."""
    text = " ".join(text.split())
    variants = [text]
    bare = text.removesuffix(" – " + PLAN_ERROR)
    bare = _PARENTHESIS.sub("", bare)
    bare = _NUMBERING.sub("", bare).strip(" :–-")
    variants.append(bare)
    words = bare.split()
    while words and fold(words[0]).strip(".:,") in _NOISE:
        words.pop(0)
    while words and fold(words[-1]).strip(".:,") in _NOISE:
        words.pop()
    variants.append(" ".join(words))
    variants.append(_YEARS.sub("", " ".join(words)).strip(" :–-,"))
    return list(dict.fromkeys(variants))


def _generic(text: str) -> bool:
    """True for a heading that names no place at all ("3. Aktivitetsplaner per avdelning", the title)."""
    return not _variants(text)[-1]


@dataclass(frozen=True)
class Where:
    """Where a table's outline puts it."""

    department: str | None = None
    unit: str = ""
    unknown: str = ""
    """The heading nearest the table that names nothing the configuration has ('' when none)."""
    heading: str = ""
    """The heading that named the place."""
    exact: bool = True


def place_tables(source: Source, config: Config) -> Placement:
    """Give every activity row of the document's tables its Avdelning, Enhet and Kategori."""
    names = _Names(config)
    placement = Placement()
    outline: list[tuple[int, str]] = []
    previous: Table | None = None
    step: str | None = None
    last: SourceRow | None = None
    partial: Where | None = None
    for table in source.tables:
        if previous is not None and previous.file != table.file:
            outline, previous = [], None
        headed = _update(outline, table.headings, names)
        if table.skipped:
            placement.tables.append(TablePlace(table))
            previous = None
            continue
        continued = previous is not None and previous.number == table.number - 1 and not headed
        if not continued:
            last = None
            step = names.steps(outline[-1][1]) if outline else None
        where = _resolve(outline, names)
        if not continued:
            partial = where if not where.exact else None  # said once, at the first table it places activities from
        place = TablePlace(table, where.department or "", where.unit)
        placement.tables.append(place)
        step, last = _rows(table, where, names, step, last, placement, place)
        if partial is not None and place.activities:
            placement.notes.append((make_issue("forifyll-tabell-tolkad", file=table.file, sheet=table.label,
                                               value=partial.heading, unit=_label(partial.department, partial.unit)),
                                    partial.department or "", partial.unit))
            partial = None
        previous = table
    return placement


def _update(outline: list[tuple[int, str]], headings: list[tuple[int, str]], names: _Names) -> bool:
    """Add the headings above a table to the outline; True when one of them heads a new part of the document."""
    headed = False
    for level, text in headings:
        if level < CAPTION:
            while outline and outline[-1][0] >= level:
                outline.pop()
            outline.append((level, text))
            headed = True
            continue
        if names.steps(text) is None and names.match(text, None) is None and not any(
                k in fold(text) for k in _KEYWORDS):
            continue  # body text or a caption such as "forts.": it does not head the table
        while outline and outline[-1][0] >= CAPTION:
            outline.pop()
        outline.append((CAPTION, text))
        headed = True
    return headed


def _resolve(outline: list[tuple[int, str]], names: _Names) -> Where:
    """Where the outline puts a table, its outermost heading first."""
    where = Where()
    for _, text in outline:
        if names.steps(text) is not None or _generic(text):
            continue
        found = names.match(text, where.department)
        if found is None:
            where = Where(where.department, where.unit, text, where.heading, where.exact)
        else:
            where = Where(found.department, found.unit, "", text, found.exact)
    department = names.config.find_department(where.department) if where.department else None
    if department is not None and where.unknown and not department.units:
        # a sub-heading in a department without units ("Aktiviteter 2022"): the department's own plan
        where = Where(where.department, where.unit, "", where.heading, where.exact)
    return where


def _rows(table: Table, where: Where, names: _Names, step: str | None, last: SourceRow | None,
          placement: Placement, place: TablePlace) -> tuple[str | None, SourceRow | None]:
    department = None if where.unknown else where.department
    unit = where.unit
    known = names.config.find_department(department) if department else None
    if known is not None and not unit and not known.has_department_plan:
        department = None  # the department hands out plans per unit only: the heading must name the unit
    unplaced: list[SourceRow] = []
    for position, row in enumerate(table.rows):
        if row.lone is not None:
            text = row.lone
            if (found := names.steps(text)) is not None:
                step = found
                continue
            match = names.match(text, department)
            if match is not None and match.exact:
                department, unit, step = match.department, match.unit, None
                continue
            if text.endswith(NOT_CONFIGURED) and department:
                unit, step = text.removesuffix(NOT_CONFIGURED), None
                continue
            if text == OTHER_STEP:  # kfworkbook's own document: rows whose Kategori was not in the list
                step = None
                continue
        if position == 0 and last is not None and row.values and set(row.values) <= _FRAGMENT_KEYS:
            _join(last, row, table, placement)
            continue
        if row.lone is not None and (row.spans or (len(row.lone.split()) <= MAX_SECTION_WORDS
                                     and not row.lone.endswith("."))):
            step = row.lone  # a section the lists do not know: its rows carry it, and the rules report it
            continue
        values: dict[str, Any] = dict(row.values)
        if step is not None and not values.get("category"):
            values["category"] = step
        last = SourceRow(values, table.file, table.label, row.row, table.plan_year)
        if department is None:
            unplaced.append(last)
            continue
        values.update({DEPARTMENT: department, UNIT: unit})
        placement.rows.append(last)
        place.activities += 1
    if unplaced:
        place.unplaced = len(unplaced)
        placement.notes.append((_unplaced(table, where, names, unplaced), where.department or "", ""))
    return step, last


def _label(department: str | None, unit: str) -> str:
    return f"{department} – {unit}" if unit else str(department)


def _join(last: SourceRow, row: TableRow, table: Table, placement: Placement) -> None:
    """Append a row continued after a page break to the row before the break, and say so."""
    placed = DEPARTMENT in last.values
    for key, text in row.values.items():
        old = last.values.get(key)
        if old:
            separator = " " if text[:1].islower() else "\n"
            last.values[key] = f"{old}{separator}{text}"
        else:
            last.values[key] = text
    if not placed:
        return  # the table before the break was not placed: it is listed as a whole
    value = " ".join(" | ".join(row.values.values()).split())
    issue = make_issue("forifyll-fortsatt-rad", file=table.file, sheet=table.label, row=row.row,
                       value=value if len(value) <= 80 else value[:79].rstrip() + "…",
                       previous=f"{last.sheet} rad {last.row}")
    placement.notes.append((issue, str(last.values.get(DEPARTMENT, "")), str(last.values.get(UNIT, ""))))


def _unplaced(table: Table, where: Where, names: _Names, rows: list[SourceRow]) -> Issue:
    config = names.config
    text = " ".join(" | ".join(str(v) for k, v in rows[0].values.items() if k != "category").split())
    known = config.find_department(where.department) if where.department else None
    expected = ", ".join(known.units) if known is not None else ", ".join(d.name for d in config.departments)
    if where.unknown:
        code, value = "forifyll-tabell-okand", where.unknown
    elif known is not None:
        code, value = "forifyll-tabell-enhet-saknas", where.heading
    else:
        code, value = "forifyll-tabell-utan-rubrik", ""
    return make_issue(code, file=table.file, sheet=table.label, value=value, rows=len(rows), department=known.name
                      if known is not None else "", first=text if len(text) <= 60 else text[:59].rstrip() + "…",
                      expected=expected)

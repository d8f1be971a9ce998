"""Last year's plan as a Word document: every activity table in it, read with python-docx.

Every förvaltning that starts with kfworkbook already has last year's kompetensförsörjningsplan in
Word: one table per department (or unit) under a heading, the UBARA step as a row of its own inside
the table or in a first column of its own (merged down over its rows), tables broken across pages
with the header row repeated, empty or missing. This module reads such a document without a
configuration, into the :class:`~kfworkbook.prefill.model.Table` objects of a
:class:`~kfworkbook.prefill.model.Source`:

- a table is an activity table when its header cells name the plan's columns (:func:`column_key`:
  "Vad ska vi uppnå?", "Aktivitet Hur gör vi det?", "Måldatum När ska det vara klart?", "Ansvarig",
  "Resurser (timmar, kronor, personal)", "Uppföljning / Kommentar", …), or when it has no header row
  (or an empty one) and as many columns as the activity table before it;
- the headings and short paragraphs above each table are kept with their level, for
  :mod:`kfworkbook.prefill.placing` to find the department, unit and step with the configuration;
- cell text comes as a person wrote it: paragraphs and line breaks become line breaks, a paragraph
  of a Word list gets "- " in front, a vertically merged cell gives its text to every row it spans;
- the plan year comes from the title or a heading that names the plan: a single year ("… 2022"), else the
  first year of a period ("Kompetensförsörjningsplan 2021–2023" is 2021, as kfworkbook's own document
  writes its title).

Only the document's XML is walked (python-docx's ``Document`` and its lxml elements): python-docx's
``Table.rows``/``cells`` objects rebuild the grid per access, which is slow for long tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import fold
from ..issues import make_issue
from ..read.workbook import header_key
from ..summary.chapters import ROW_ERROR
from ..words import count
from .model import FOLLOW_UP_COMMENT, RESOURCES, PrefillError, Source, SourceRow, Table, TableRow

WORD_SUFFIXES = (".docx", ".docm")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE_LEVEL, BODY_LEVEL, TABLE_TITLE_LEVEL = 0, 10, 11
"""Levels of :attr:`Table.headings`: the title, an ordinary paragraph, a title row inside the table."""
SKIP_LEVEL = -1
"""A paragraph that never names a table (the table of contents)."""
MAX_PARAGRAPH_WORDS = 15
"""Ordinary paragraphs longer than this are body text, never a table's heading."""
MAX_HEADER_WORDS = 8
"""A header cell is short ("Måldatum När ska det vara klart?"); a longer text is an activity's."""
HEADER_SEARCH_ROWS = 3
"""A table's header row is one of its first rows (a title row may stand above it)."""

_HEADER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), key) for p, key in (
    (r"(kategori|steg) 2\b", "category2"),
    (r"kategori|ubara|steg\b|kompetensförsörjningssteg", "category"),
    (r"(koppling till )?verksamhetsplan|vp ?- ?mål|vp\b|mål i (vp|verksamhetsplan)|nämndmål", "vp_goal"),
    (r"vad ska vi uppnå|mål\b|målsättning|syfte|önskat läge", "goal"),
    (r"(kompetensförsörjnings)?aktivitet|hur gör vi|insats|åtgärd", "activity"),
    (r"målgrupp|yrkesgrupp", "target_group"),
    (r"måldatum|när ska|klart senast|tidplan|tidpunkt|datum", "due"),
    (r"ansvarig", "responsible"),
    (r"resurser? - timmar|timmar\b", "hours"),
    (r"resurser? - kronor|kronor\b|kostnad", "kronor"),
    (r"resurser? - övrigt", "resources_other"),
    (r"resurs", RESOURCES),
    (r"uppföljning ?(/|och|&|,|-) ?kommentar", FOLLOW_UP_COMMENT),
    (r"uppföljning|följs upp", "follow_up"),
    (r"status", "status"),
    (r"kommentar", "comment"),
))
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—]\s*(?:19|20)\d\d(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?<!\d-)((?:19|20)\d\d)(?!\d|-\d)")
"""A year on its own, not part of a date ("beslutad 2023-02-15")."""
_HEADING_NAME = re.compile(r"(?:heading|rubrik)\s*(\d)")


def column_key(text: str) -> str | None:
    """The column a Word table's header cell names ('Aktivitet Hur gör vi det?' → 'activity'), or None.

    Headers are folded as the workbook reader folds them (:func:`kfworkbook.read.workbook.header_key`:
    case, spaces, line breaks and dashes), then matched by how they begin, so that the seeds'
    "Måldatum När ska det vara klart?" and the template's "Måldatum" both name Måldatum.
    """
    folded = header_key(text).lstrip("0123456789. ")
    if not folded:
        return None
    for pattern, key in _HEADER_PATTERNS:
        if pattern.match(folded):
            return key
    return None


def read_word(path: str | Path) -> Source:
    """Read the activity tables of one Word document (PrefillError when it has none or cannot be read)."""
    path = Path(path)
    tables, year = _document(path)
    read = [t for t in tables if not t.skipped]
    if not read:
        raise PrefillError(_no_tables(path, tables))
    source = Source(path, f"Word-dokumentet {path.name} ({_year_text(year)}, "
                          f"{count(len(read), 'tabell', 'tabeller')} med aktiviteter)", tables=tables)
    source.rows = _rows(tables)
    return source


def read_word_folder(files: list[Path], folder: Path) -> Source:
    """Read every Word document of a folder (one per department, or one for the whole förvaltning).

    A document that cannot be read, or holds no activity table, becomes a note; the others are read.
    """
    source = Source(folder, "")
    years: set[int] = set()
    for file in files:
        try:
            tables, year = _document(file)
        except PrefillError as exc:
            source.notes.append(make_issue("forifyll-plan-olasbar", file=str(file), value=file.name, detail=str(exc)))
            continue
        if not any(not t.skipped for t in tables):
            source.notes.append(make_issue("forifyll-plan-olasbar", file=str(file), value=file.name,
                                           detail=_no_tables(file, tables)))
            continue
        source.tables.extend(tables)
        if year is not None:
            years.add(year)
    if not source.tables:
        details = " ".join(note.message for note in source.notes)
        raise PrefillError(f"Mappen {folder} har inget Word-dokument med en aktivitetsplan. {details}".strip())
    year_text = _year_text(min(years)) if len(years) == 1 else (
        "planår " + ", ".join(map(str, sorted(years))) if years else _year_text(None))
    source.kind = f"mappen {folder.name} ({count(len(files), 'Word-dokument', 'Word-dokument')}, {year_text})"
    source.rows = _rows(source.tables)
    return source


def _year_text(year: int | None) -> str:
    return f"planår {year}" if year is not None else "planåret framgår inte"


def _no_tables(path: Path, tables: list[Table]) -> str:
    found = (f"{path.name} har {count(len(tables), 'tabell', 'tabeller')} men ingen" if tables
             else f"{path.name} har ingen tabell, alltså ingen")
    return (f"{found} med en aktivitetsplans kolumnrubriker (till exempel Vad ska vi uppnå?, Aktivitet, Måldatum och "
            "Ansvarig). Använd dokumentet där aktivitetsplanerna står som tabeller.")


def _rows(tables: list[Table]) -> list[SourceRow]:
    """The activity rows as read (no department, unit or step yet: placement adds them)."""
    return [SourceRow(dict(r.values), t.file, t.label, r.row, t.plan_year)
            for t in tables if not t.skipped for r in t.rows if r.lone is None]


# -- the document -----------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    import docx

    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise PrefillError(f"{path.name} kan inte öppnas ({exc.strerror or exc}).") from None
    if not head:
        raise PrefillError(f"{path.name} är tom (0 byte). Spara dokumentet i Word igen.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PrefillError(f"{path.name} är lösenordsskyddat eller sparat i det gamla formatet .doc. Ta bort "
                           "lösenordet eller spara det som Word-dokument (.docx) och försök igen.")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, zip and XML errors alike
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise PrefillError(f"{path.name} kan inte läsas som Word-dokument ({detail}). Öppna det i Word och spara "
                           "det som Word-dokument (.docx).") from None


def _document(path: Path) -> tuple[list[Table], int | None]:
    """The tables of the document at ``path`` (read or skipped, with the reason) and its plan year."""
    document = _open(path)
    levels = _style_levels(document)
    tables: list[Table] = []
    between: list[tuple[int, str]] = []
    titles: list[str] = [document.core_properties.title or ""]
    first_paragraph = ""
    previous: Table | None = None
    for element in _blocks(document.element.body):
        if element.tag == W + "p":
            level = _paragraph_level(element, levels)
            text = " ".join(_paragraph_text(element).split())
            if not text or level == SKIP_LEVEL:
                continue
            first_paragraph = first_paragraph or text
            if level == TITLE_LEVEL or (level < BODY_LEVEL and "plan" in fold(text)):
                titles.append(text)
            if level < BODY_LEVEL or len(text.split()) <= MAX_PARAGRAPH_WORDS:
                between.append((level, text))
            continue
        table = _table(element, str(path), len(tables) + 1, between, previous)
        tables.append(table)
        previous = table if not table.skipped else None
        between = []
    year = _plan_year([*titles, *([first_paragraph] if "plan" in fold(first_paragraph) else [])])
    for table in tables:
        table.plan_year = year
    return tables, year


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, also inside content controls and custom XML."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (W + "p", W + "tbl"):
            yield child
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _blocks(child)


def _plan_year(texts: list[str]) -> int | None:
    """The year a title or heading names the plan for: a single year ("Kompetensförsörjningsplan i Farsta
    stadsdelsförvaltning 2022") before the first year of a period ("Kompetensförsörjningsplan 2021–2023")."""
    periods = [int(found[1]) for text in texts if (found := _PERIOD.search(text)) is not None]
    years = [int(found[1]) for text in texts if not _PERIOD.search(text) and (found := _YEAR.search(text))]
    return (years or periods or [None])[0]


def _style_levels(document: Any) -> dict[str, int]:
    """The heading level of each paragraph style (0 title, 1–9 headings, 10 other, -1 table of contents)."""
    styles: dict[str, tuple[str, str | None, str | None]] = {}
    for style in document.styles.element.iterchildren(W + "style"):
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        styles[style.get(W + "styleId") or ""] = (
            (name.get(W + "val") or "") if name is not None else "",
            based.get(W + "val") if based is not None else None,
            outline.get(W + "val") if outline is not None else None)

    def level(style_id: str, depth: int = 0) -> int:
        name, based, outline = styles.get(style_id, ("", None, None))
        folded = name.casefold()
        if folded in ("title", "rubrik"):
            return TITLE_LEVEL
        if folded.startswith(("toc", "innehåll", "table of contents")):
            return SKIP_LEVEL
        if (found := _HEADING_NAME.fullmatch(folded)) is not None:
            return int(found[1])
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return level(based, depth + 1) if based and depth < 10 else BODY_LEVEL

    return {style_id: level(style_id) for style_id in styles}


def _paragraph_level(paragraph: Any, levels: dict[str, int]) -> int:
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return BODY_LEVEL
    outline = properties.find(W + "outlineLvl")
    if outline is not None and (value := outline.get(W + "val") or "").isdigit() and int(value) < 9:
        return int(value) + 1
    style = properties.find(W + "pStyle")
    return levels.get(style.get(W + "val") or "", BODY_LEVEL) if style is not None else BODY_LEVEL


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text: runs (also in hyperlinks and insertions), line breaks as \\n, tabs as \\t."""
    parts: list[str] = []
    for run in paragraph.iter(W + "r"):
        for child in run.iterchildren():
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "br":
                if child.get(W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == W + "cr":
                parts.append("\n")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    """A cell's text as written: its paragraphs on lines of their own, a Word list's items with "- " in front,
    the line kfworkbook's own document adds to a row with errors left out."""
    lines: list[str] = []
    for paragraph in _blocks(cell):
        if paragraph.tag != W + "p":
            continue  # a table nested in a cell is not part of the plan
        text = _paragraph_text(paragraph)
        if paragraph.find(f"{W}pPr/{W}numPr") is not None and text.strip() and not text.lstrip().startswith(
                ("-", "•", "–")):
            text = "- " + text.lstrip()
        lines.append(text)
    text = "\n".join(lines).strip()
    if text.startswith(ROW_ERROR):
        text = text[len(ROW_ERROR):].strip()
    return text


# -- one table ----------------------------------------------------------------------------------------

Cell = tuple[int, int, str, bool]
"""A cell of a table row: (first grid column, grid columns spanned, text, continued from the cell above)."""


def _grid(table: Any) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}
    for tr in table.iterchildren(W + "tr"):
        before = tr.find(f"{W}trPr/{W}gridBefore")
        column = int(before.get(W + "val") or 0) if before is not None else 0
        cells: list[Cell] = []
        for tc in tr.iterchildren(W + "tc"):
            properties = tc.find(W + "tcPr")
            span_element = properties.find(W + "gridSpan") if properties is not None else None
            span = int(span_element.get(W + "val") or 1) if span_element is not None else 1
            merge = properties.find(W + "vMerge") if properties is not None else None
            if merge is not None and merge.get(W + "val") != "restart":  # the merged cell's text holds here too
                cells.append((column, span, above.get(column, ""), True))
            else:
                text = _cell_text(tc)
                if merge is not None:
                    above[column] = text
                else:
                    above.pop(column, None)
                cells.append((column, span, text, False))
            column += span
        rows.append(cells)
    return rows


def _header(cells: list[Cell]) -> dict[int, str] | None:
    """{grid column: key} when ``cells`` is an activity table's header row, else None."""
    owner: dict[int, str] = {}
    found: set[str] = set()
    unnamed_first = False
    for column, span, text, _ in cells:
        key = column_key(text) if text and len(text.split()) <= MAX_HEADER_WORDS else None
        if key is None or key in found:
            unnamed_first = unnamed_first or (column == cells[0][0] and not text)
            continue
        found.add(key)
        for covered in range(column, column + span):
            owner[covered] = key
    if len(found) < 2 or not found & {"goal", "activity"}:
        return None
    if unnamed_first and "category" not in found:  # an unnamed first column holds the steps
        first, span = cells[0][0], cells[0][1]
        owner.update({covered: "category" for covered in range(first, first + span)})
    return owner


def _table(element: Any, file: str, number: int, between: list[tuple[int, str]], previous: Table | None) -> Table:
    grid = _grid(element)
    columns = max((c[0] + c[1] for row in grid for c in row), default=0)
    table = Table(file, number, list(between), columns)
    texts = [" | ".join(t for _, _, t, _ in row if t) for row in grid]
    table.first_text = _short(next((t for t in texts if t), ""))
    owner, start = None, 0
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if cells and (owner := _header(cells)) is not None:
            start = index + 1
            table.header = "rubrikrad"
            table.headings += [(TABLE_TITLE_LEVEL, " ".join(t.split())) for t in texts[:index] if t]
            break
    if owner is None:
        if previous is None or previous.columns != columns or not grid:
            table.skipped = (f"inga kolumnrubriker för en aktivitetsplan (första raden: '{table.first_text}')"
                             if previous is None or not grid else
                             f"ingen rubrikrad, och {columns} kolumner i stället för {previous.columns} som tabellen "
                             f"före (första raden: '{table.first_text}')")
            return table
        owner = previous.keys
        table.header = "tom rubrikrad" if not texts[0] else "ingen rubrikrad"
    table.keys = owner
    _body(table, grid[start:], start, owner)
    if table.rows:
        first = table.rows[0]
        table.first_text = _short(first.lone or " | ".join(first.values.values()))
    return table


def _body(table: Table, grid: list[list[Cell]], offset: int, owner: dict[int, str]) -> None:
    header_keys = set(owner.values())
    for number, cells in enumerate(grid, start=offset + 1):
        values: dict[str, str] = {}
        written: list[str] = []
        for column, span, text, continued in cells:
            if not text:
                continue
            if not continued:
                written.append(text)
            key = next((owner[c] for c in range(column, column + span) if c in owner), None)
            if key is not None:
                values[key] = f"{values[key]}\n{text}" if key in values else text
        if not written:
            continue  # an empty row, or only the continuation of merged cells
        if len(written) > 1 and (header := _header(cells)) is not None and set(header.values()) == header_keys:
            continue  # the header row repeated inside the table
        distinct = set(written) | set(values.values())
        lone = written[0] if len(distinct) == 1 else None
        spans = lone is not None and len(cells) == 1 and cells[0][1] > 1
        if values or lone is not None:
            table.rows.append(TableRow(number, values, lone, spans))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"

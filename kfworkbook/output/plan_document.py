"""The plan document (kompetensförsörjningsplan) as a Word file, written with python-docx from a :class:`Summary`.

The document follows the förvaltningar's own plans: a title and a table of contents (a field Word fills
in when the document is opened); 1. HR's own analysis for the whole förvaltning (``--inledning``: a
Markdown or Word file; without it, a note says where that text belongs); 2. the departments' own analyses,
after a table of their key figures, each department with its figures under a heading of their own; 3. the
activity plans per department in a landscape section, after the activities per UBARA step; and an
appendix for HR with the intake (plans missing, unreadable, with errors) that ``--utan-bilaga`` leaves out.
Only Word's built-in style names are used (Title, Heading 1–4, List Bullet, a table style), so that HR can
restyle the document, or start from the förvaltning's own template.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from docx.document import Document
from docx.shared import Cm
from docx.table import Table

from ..summary.chapters import (
    PRINT_HEADERS,
    TOTAL,
    KeyFigures,
    activity_plans,
    analysis_fields,
    config_units,
    department_title,
    format_date,
    format_figure,
    key_figure_table,
    missing_lines,
)
from ..summary.model import Summary
from .docx import (
    ColumnText,
    add_table,
    chars_width_cm,
    fit_measured,
    fit_widths,
    header_row,
    keep_together,
    landscape_section,
    new_document,
    note,
    portrait_section,
    set_widths,
    text_width,
    text_width_cm,
)
from .docx_stream import Rows, StreamedDocument, append_rows, rows_bound, text_xml
from .docx_text import Block, add_blocks, introduction_chapter, read_introduction, text_blocks
from .summary_workbook import OVERVIEW_FIGURES

PRINT_WIDTHS_CM = (6.0, 7.4, 2.8, 3.6, 5.4)
SECTION_FILL, UNIT_FILL, ERROR_FILL = "DDEBF7", "BDD7EE", "FFC7CE"
INTAKE_FIGURES = OVERVIEW_FIGURES[:7]
"""The Inlämning figures of the appendix (expected … missing), as on the summary's Översikt."""
TABLE_PT = 9.0
"""The type size of the key-figure and step tables."""
INTRODUCTION_MISSING = (
    "Här står förvaltningens egen analys för hela förvaltningen: demografi, personalbehovsprognos, chefsförsörjning "
    "och arbetet som attraktiv arbetsgivare, med förvaltningens siffror. HR skriver texten i en egen fil (Markdown "
    "eller Word) och lägger in den med kfworkbook dokument … --inledning FIL. Avdelningarnas nyckeltal står i "
    "kapitel 2.")
APPENDIX_TITLE = "Bilaga. Inlämning och kontroll"


def build_document(summary: Summary, template: str | Path | None = None,
                   introduction: str | Path | Sequence[Block] | None = None, appendix: bool = True) -> Document:
    """The plan document for ``summary``; with ``template``, on the förvaltning's own .docx (its body is emptied,
    its styles, headers and footers kept). ``introduction`` is HR's chapter 1 (a Markdown or .docx file, or its
    blocks); ``appendix`` adds the intake for HR (plans missing, unreadable, with errors) at the end.

    The whole document is held in memory (python-docx keeps about 8 KB per activity); :func:`stream_document`
    builds the same document with chapter 3's activity rows written only when it is saved."""
    return _build(summary, template, introduction, appendix, streamed=False).document


def stream_document(summary: Summary, template: str | Path | None = None,
                    introduction: str | Path | Sequence[Block] | None = None,
                    appendix: bool = True) -> StreamedDocument:
    """The plan document of :func:`build_document`, its activity tables' rows streamed when it is saved
    (:meth:`StreamedDocument.save`): memory that does not grow with the number of activities, the same
    ``document.xml`` byte for byte."""
    return _build(summary, template, introduction, appendix, streamed=True)


def _build(summary: Summary, template: str | Path | None, introduction: str | Path | Sequence[Block] | None,
           appendix: bool, streamed: bool) -> StreamedDocument:
    config = summary.config
    blocks = read_introduction(introduction) if isinstance(introduction, (str, Path)) else introduction
    document, style = new_document(f"Kompetensförsörjningsplan {config.period_label}", config.forvaltning, template,
                                   subtitle=config.forvaltning)
    out = StreamedDocument(document)
    introduction_chapter(document, style, f"Kompetensförsörjningsplan i {config.forvaltning}", blocks,
                         INTRODUCTION_MISSING)
    _analysis_chapter(document, summary, style)
    _activity_chapter(out, summary, style, streamed)
    if appendix:
        _appendix(document, summary, style)
    return out


# -- chapter 2 ------------------------------------------------------------------------------------


def _analysis_chapter(document: Document, summary: Summary, style: str) -> None:
    document.add_heading(keep_together("2. Förvaltningens avdelningsspecifika kompetensförsörjningsplanering"),
                         level=1)
    figures = key_figure_table(summary)
    width = text_width(document.sections[-1])
    if figures.fields and figures.rows:
        document.add_heading("Nyckeltal per avdelning", level=2)
        _figure_tables(document, figures, style, width)
        _figure_notes(document, figures, None)
    fields = analysis_fields(summary)
    texts = [(key, label) for key, label, kind in fields if kind == "text"]
    frame = summary.analysis
    for number, department in enumerate(summary.config.departments, start=1):
        document.add_heading(keep_together(f"2.{number} {department_title(department.name)}"), level=2)
        mine = frame[frame["Avdelning"] == department.name]
        if mine.empty:
            note(document, "Avdelningen har inte lämnat någon analys.")
            continue
        own = [row for row in figures.rows if row[0] == department.name]
        if own:
            document.add_heading("Nyckeltal", level=3)
            rows = [(label, format_figure(value, kind)) for (_, label, kind), value in zip(figures.fields, own[0][1],
                                                                                           strict=True)]
            rows = [row for row in rows if row[1] != "–"]
            add_table(document, style, ("Nyckeltal", "Värde"), rows, size=TABLE_PT,
                      widths=fit_widths(("Nyckeltal", "Värde"), rows, min(width, 14.0), TABLE_PT))
            _figure_notes(document, figures, department.name)
        _department_texts(document, department, mine, texts)


def _department_texts(document: Document, department: Any, mine: pd.DataFrame, texts: list[tuple[str, str]]) -> None:
    """The department's texts: per plan (own plan, units) a heading when it has units, each field a heading;
    the plans without any text named in one line, never under an empty heading."""
    units = config_units(department) if department.units else [""]
    units += sorted(set(mine["Enhet"].dropna()) - set(units))
    silent = []
    for unit in units:
        rows = mine[mine["Enhet"].fillna("") == unit]
        values = {key: value for key, value in zip(rows["Nyckel"], rows["Värde"], strict=True)
                  if isinstance(value, str) and value.strip()}
        written = [(label, values[key]) for key, label in texts if key in values]
        if not written:
            silent.append(unit or "avdelningens egen plan")
            continue
        level = 3
        if department.units:
            document.add_heading(unit or "Avdelningsgemensamt", level=3)
            level = 4
        for label, value in written:
            document.add_heading(label, level=level)
            add_blocks(document, text_blocks(value), "", top=level + 1)
    if silent and department.units:
        note(document, f"Ingen egen analys från {', '.join(silent)}.")
    elif silent:
        note(document, "Avdelningen har inte skrivit någon egen analys.")


def _figure_tables(document: Document, figures: KeyFigures, style: str, width: float) -> None:
    """The departments' key figures, with the förvaltning's total: one table, or as few as hold every word whole."""
    groups: list[list[int]] = [[]]
    for index in range(len(figures.fields)):
        trial = [*groups[-1], index]
        if groups[-1] and _figure_widths(figures, trial, width) is None:
            groups.append([index])
        else:
            groups[-1] = trial
    for group in groups:
        headers = ("Avdelning", *(figures.fields[i][1] for i in group))
        rows = [(label, *(format_figure(values[i], figures.fields[i][2]) for i in group))
                for label, values in figures.rows]
        add_table(document, style, headers, rows, size=TABLE_PT, widths=_figure_widths(figures, group, width),
                  bold_last=rows[-1][0] == TOTAL)


def _figure_widths(figures: KeyFigures, group: list[int], width: float) -> list[float] | None:
    headers = ("Avdelning", *(figures.fields[i][1] for i in group))
    rows = [(label, *(format_figure(values[i], figures.fields[i][2]) for i in group)) for label, values in figures.rows]
    return fit_widths(headers, rows, width, TABLE_PT)


def _figure_notes(document: Document, figures: KeyFigures, department: str | None) -> None:
    """How the figures are made (for the förvaltning's table) and every value left out, as a list."""
    if department is None and any(kind in ("tal", "procent") for _, _, kind in figures.fields):
        note(document, "Antal är summan av planernas tal. Andelar är medelvärden vägda med antalet "
                       "tillsvidareanställda i de planer som anger det.")
    texts = figures.notes_for(department)
    if texts:
        note(document, "Inte med i talen:" if department is None else "Inte med i avdelningens tal:")
        for text in texts:
            document.add_paragraph(text, style="List Bullet")


# -- chapter 3 ------------------------------------------------------------------------------------


def _activity_chapter(out: StreamedDocument, summary: Summary, style: str, streamed: bool) -> None:
    document = out.document
    width = landscape_section(document)
    document.add_heading("3. Aktivitetsplaner per avdelning", level=1)
    _step_table(document, summary, style, width)
    plans = activity_plans(summary, plain=True)
    widths = _activity_widths(plans, width)
    for department in plans:
        document.add_heading(keep_together(department.heading), level=2)
        if department.rows:
            table = _activity_table(document, style, widths)
            rows = partial(_activity_rows, department, widths)
            if streamed:
                out.stream_rows(table, Rows(rows, _rows_bound(department)))
            else:
                append_rows(table, rows())
        if department.missing:
            note(document, department.missing)


def _step_table(document: Document, summary: Summary, style: str, width: float) -> None:
    """Activities per department and UBARA step, the steps' names whole (abbreviated with a key when they
    cannot all be)."""
    table = summary.by_department_and_category
    if table.empty:
        return
    document.add_heading("Aktiviteter per steg och avdelning", level=2)
    steps = [str(c) for c in table.columns]
    rows = [(str(label), *map(int, values)) for label, values in table.iterrows()]
    widths = fit_widths(("Avdelning", *steps), rows, width, TABLE_PT)
    headers = steps
    if widths is None:
        headers = [step if step == "Totalt" else f"{step[:4]}." for step in steps]
        widths = fit_widths(("Avdelning", *headers), rows, width, TABLE_PT)
    add_table(document, style, ("Avdelning", *headers), rows, bold_last=True, size=TABLE_PT, widths=widths)
    if headers != steps:
        note(document, "Förkortningar: " + "; ".join(f"{h} = {s}" for h, s in zip(headers, steps, strict=True)
                                                     if h != s) + ".")


def _activity_widths(plans: list[Any], width: float) -> list[float]:
    """The activity tables' widths: every word of Ansvarig and Måldatum whole, the rest by how much they hold."""
    columns = [ColumnText() for _ in PRINT_HEADERS]
    kept = {2: 0, 3: 0}  # the longest word of Måldatum and Ansvarig as printed
    for printed in (printed for department in plans for block in department.blocks for _, rows in block.sections
                    for printed in rows):
        for c, value in enumerate(printed.cells):
            text = format_date(value)
            columns[c].add(text)
            if c in kept:
                kept[c] = max(kept[c], max(map(len, text.split()), default=0))
    least = {c: min(6.0, max([text_width_cm(w, 10, bold=True) for w in PRINT_HEADERS[c].split()] +
                             ([chars_width_cm(kept[c], 10)] if kept[c] else [])) + 0.45) for c in kept}
    fitted = fit_measured(PRINT_HEADERS, columns, width, 10, fixed=least)
    if fitted is not None:
        return fitted
    # A word too long for any column (a link, a compound of thirty letters) breaks where it stands; Måldatum and
    # Ansvarig keep their words whole, the other columns share the rest as the seeds' tables do.
    widths = [max(w, least.get(c, 0.0)) for c, w in enumerate(PRINT_WIDTHS_CM)]
    rest = [c for c in range(len(widths)) if c not in least]
    room = width - sum(widths[c] for c in least)
    share = sum(widths[c] for c in rest)
    return [widths[c] if c in least else widths[c] * room / share for c in range(len(widths))]


def _activity_table(document: Document, style: str, widths_cm: Sequence[float]) -> Table:
    """A department's table: its header row (repeated on every page); the rows follow (:func:`_activity_rows`)."""
    table = document.add_table(rows=1, cols=len(PRINT_HEADERS), style=style)
    table.autofit = False
    header_row(table, PRINT_HEADERS)
    set_widths(table, widths_cm)
    return table


def _activity_rows(department: Any, widths_cm: Sequence[float]) -> Iterator[str]:
    """The department's rows as WordprocessingML, one at a time: sub-headings, UBARA rows and activities (built as
    text: python-docx's add_row slows down with size, and a streamed table is never in memory)."""
    widths = [int(Cm(w).twips) for w in widths_cm]
    for block in department.blocks:
        if block.heading:
            yield _spanning_row_xml(block.heading, UNIT_FILL, sum(widths), len(widths), italic=True)
        for step, rows in block.sections:
            yield _spanning_row_xml(step, SECTION_FILL, sum(widths), len(widths))
            for printed in rows:
                yield _row_xml([format_date(v) for v in printed.cells], widths, ERROR_FILL if printed.error else None)


def _rows_bound(department: Any) -> int:
    """An upper bound of the bytes of the department's rows (:func:`rows_bound`)."""
    count = sum(1 + len(block.sections) + block.rows for block in department.blocks)
    texts = [text for block in department.blocks for text in (block.heading or "", *(
        step for step, _ in block.sections), *(format_date(v) for _, rows in block.sections for printed in rows
                                                for v in printed.cells))]
    return rows_bound(count, texts)


def _cell_xml(text: str, width: int, fill: str | None, span: int = 1, **font: bool) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    spanning = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanning}{shading}</w:tcPr>'
            f"{text_xml(text, **font)}</w:tc>")


def _row_xml(values: Sequence[str], widths: Sequence[int], fill: str | None) -> str:
    """One activity row as WordprocessingML."""
    return "<w:tr>" + "".join(_cell_xml(v, w, fill) for v, w in zip(values, widths, strict=True)) + "</w:tr>"


def _spanning_row_xml(text: str, fill: str, width: int, span: int, italic: bool = False) -> str:
    """A row of one cell across the table (a sub-heading or an UBARA section), never split over two pages."""
    return (f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{_cell_xml(text, width, fill, span, bold=True, italic=italic)}"
            "</w:tr>")


# -- appendix -------------------------------------------------------------------------------------


def _appendix(document: Document, summary: Summary, style: str) -> None:
    """The intake for HR: counts, the plans missing and why, and every file not simply counted."""
    config, totals = summary.config, summary.totals
    width = portrait_section(document)
    document.add_heading(APPENDIX_TITLE, level=1)
    selection = ("Bara aktiviteter utan fel är med (--strict)." if summary.strict else
                 "Aktiviteter med fel är med men markerade i kapitel 3; de är inte godkända.")
    document.add_paragraph(
        f"Underlag för HR: {config.forvaltning} sammanställde {totals['plans']} planer med {totals['activities']} "
        f"aktiviteter {summary.made_at:%Y-%m-%d}. {selection} Bilagan kan lämnas utanför dokumentet "
        "(kfworkbook dokument --utan-bilaga).")
    document.add_heading("Inlämning", level=2)
    rows = [(label, totals[key]) for label, key in INTAKE_FIGURES]
    add_table(document, style, ("Planer", "Antal"), rows, widths=fit_widths(("Planer", "Antal"), rows, min(width, 9.0),
                                                                          10))
    missing = missing_lines(summary)
    for department, line in missing:
        document.add_paragraph(f"{department}: {line}", style="List Bullet")
    if not missing:
        document.add_paragraph("Alla förväntade planer är inlämnade och kunde läsas.")
    if summary.notes:
        document.add_heading("Att notera", level=2)
        for line in summary.notes:
            document.add_paragraph(line, style="List Bullet")

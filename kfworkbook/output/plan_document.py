"""The plan document (kompetensförsörjningsplan) as a Word file, written with python-docx from a :class:`Summary`.

The document follows the seeds: a title and a table of contents (a field Word fills in when the
document is opened), 1. Sammanfattning (inlämning, activities per UBARA step and department, key
figures), 2. one section per department with its own analysis, and 3. the activity plans per
department in a landscape section. Only Word's built-in style names are used (Title, Heading 1–3, a
table style), so that HR can restyle the document, or start from the förvaltning's own template.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from docx.table import Table

from ..fileio import xml_safe
from ..summary.chapters import (
    PRINT_HEADERS,
    TOTAL,
    activity_plans,
    analysis_fields,
    combine,
    config_units,
    department_title,
    format_date,
    format_figure,
    key_figures,
)
from ..summary.model import Summary
from .docx import TEXT_WIDTH_CM, add_table, header_row, new_document, set_widths, style_names
from .summary_workbook import OVERVIEW_FIGURES

PRINT_WIDTHS_CM = (6.0, 7.4, 2.8, 3.6, 5.4)
SECTION_FILL, UNIT_FILL, ERROR_FILL = "DDEBF7", "BDD7EE", "FFC7CE"
INTAKE_FIGURES = OVERVIEW_FIGURES[:7]
"""The Inlämning figures of Sammanfattning (expected … missing), as on the summary's Översikt."""


def build_document(summary: Summary, template: str | Path | None = None) -> Document:
    """The plan document for ``summary``; with ``template``, on the förvaltning's own .docx (its body is emptied,
    its styles, headers and footers kept)."""
    config = summary.config
    document, style = new_document(f"Kompetensförsörjningsplan {config.period_label} – {config.forvaltning}",
                                   config.forvaltning, template)
    _summary_chapter(document, summary, style)
    _analysis_chapter(document, summary, style)
    _activity_chapter(document, summary, style)
    return document


# -- chapters -------------------------------------------------------------------------------------


def _summary_chapter(document: Document, summary: Summary, style: str) -> None:
    config, totals = summary.config, summary.totals
    document.add_heading("1. Sammanfattning", level=1)
    selection = ("Bara aktiviteter utan fel är med (--strict)." if summary.strict else
                 "Aktiviteter med fel är med men markerade i kapitel 3; de är inte godkända.")
    document.add_paragraph(
        f"{config.forvaltning} sammanställer här avdelningarnas kompetensförsörjningsplaner för "
        f"{config.period_label}: {totals['plans']} inlämnade planer med {totals['activities']} aktiviteter "
        f"(sammanställt {summary.made_at:%Y-%m-%d}). {selection}")
    document.add_heading("Inlämning", level=2)
    add_table(document, style, ("", "Antal"), [(label, totals[key]) for label, key in INTAKE_FIGURES], widths=(7, 3))
    missing = [(d.department, d.missing) for d in activity_plans(summary) if d.missing]
    bullet = "List Bullet" if "List Bullet" in style_names(document) else None
    for department, line in missing:
        document.add_paragraph(f"{department}: {line}", style=bullet)
    if not missing:
        document.add_paragraph("Alla förväntade planer är inlämnade och kunde läsas.")
    document.add_heading("Aktiviteter per steg och avdelning", level=2)
    table = summary.by_department_and_category
    rows = [(str(label), *map(int, values)) for label, values in table.iterrows()]
    steps = len(table.columns)
    add_table(document, style, ("Avdelning", *map(str, table.columns)), rows, bold_last=True, size=7.5,
           widths=(3.0, *[(TEXT_WIDTH_CM - 3.0) / steps] * steps))
    fields, figures = key_figures(summary)
    if fields:
        document.add_heading("Nyckeltal per avdelning", level=2)
        rows = [(label, *(format_figure(v, kind) for v, (_, _, kind) in zip(values, fields, strict=True)))
                for label, values in figures]
        add_table(document, style, ("Avdelning", *(label for _, label, _ in fields)), rows, size=9,
               bold_last=bool(figures) and figures[-1][0] == TOTAL,
               widths=(3.6, *[(TEXT_WIDTH_CM - 3.6) / len(fields)] * len(fields)))
        document.add_paragraph("Talen är summerade över avdelningarnas planer; procentandelar är vägda med antalet "
                               "tillsvidareanställda där det finns, annars visas de bara per avdelning.",
                               ).runs[0].italic = True


def _analysis_chapter(document: Document, summary: Summary, style: str) -> None:
    document.add_heading("2. Förvaltningens avdelningsspecifika kompetensförsörjningsplanering", level=1)
    fields = analysis_fields(summary)
    frame = summary.analysis
    for number, department in enumerate(summary.config.departments, start=1):
        document.add_heading(f"2.{number} {department_title(department.name)}", level=2)
        mine = frame[frame["Avdelning"] == department.name]
        if mine.empty:
            document.add_paragraph("Avdelningen har inte lämnat någon analys.").runs[0].italic = True
            continue
        for unit in config_units(department) + sorted(set(mine["Enhet"].dropna()) - set(department.units)):
            rows = mine[mine["Enhet"].fillna("") == unit]
            if rows.empty:
                continue
            if department.units:
                document.add_heading(unit or "Avdelningsgemensamt", level=3)
            for _, row in rows[rows["Typ"] == "text"].iterrows():
                if isinstance(row["Värde"], str) and row["Värde"].strip():
                    document.add_paragraph().add_run(str(row["Rubrik"])).bold = True
                    for paragraph in row["Värde"].strip().split("\n"):
                        if paragraph.strip():
                            document.add_paragraph(paragraph.strip())
        plans = [dict(zip(r["Nyckel"], r["Värde"], strict=True)) for _, r in mine.groupby(mine["Enhet"].fillna(""))]
        weights = any(key == "antal_tillsvidareanstallda" for key, _, _ in fields)
        figures = [(label, format_figure(combine(plans, key, kind, weights), kind))
                   for key, label, kind in fields if kind != "text"]
        figures = [f for f in figures if f[1] != "–"]
        if figures:
            add_table(document, style, ("Nyckeltal", "Värde"), figures, widths=(8, 6))


def _activity_chapter(document: Document, summary: Summary, style: str) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading("3. Aktivitetsplaner per avdelning", level=1)
    for department in activity_plans(summary):
        document.add_heading(department.heading, level=2)
        if department.rows:
            _activity_table(document, department, style)
        if department.missing:
            document.add_paragraph(department.missing).runs[0].italic = True


def _activity_table(document: Document, department: Any, style: str) -> Table:
    """One table for the department: header row (repeated on every page), sub-heading and UBARA rows, activities."""
    table = document.add_table(rows=1, cols=len(PRINT_HEADERS), style=style)
    table.autofit = False
    header_row(table, PRINT_HEADERS)
    set_widths(table, PRINT_WIDTHS_CM)
    widths = [int(Cm(w).twips) for w in PRINT_WIDTHS_CM]
    xml = []
    for block in department.blocks:
        if block.heading:
            xml.append(_spanning_row_xml(block.heading, UNIT_FILL, sum(widths), len(widths), italic=True))
        for step, rows in block.sections:
            xml.append(_spanning_row_xml(step, SECTION_FILL, sum(widths), len(widths)))
            xml += [_row_xml([format_date(v) for v in printed.cells], widths, ERROR_FILL if printed.error else None)
                    for printed in rows]
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
        table._tbl.append(row)
    return table


def _text_xml(text: str, bold: bool = False, italic: bool = False) -> str:
    """A paragraph holding ``text`` (line breaks kept; characters XML cannot hold dropped)."""
    style = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    properties = f"<w:rPr>{style}</w:rPr>" if style else ""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(xml_safe(line))}</w:t>'
                           for line in text.split("\n"))
    return f"<w:p><w:r>{properties}{lines}</w:r></w:p>"


def _cell_xml(text: str, width: int, fill: str | None, span: int = 1, **font: bool) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    spanning = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanning}{shading}</w:tcPr>'
            f"{_text_xml(text, **font)}</w:tc>")


def _row_xml(values: Sequence[str], widths: Sequence[int], fill: str | None) -> str:
    """One activity row as WordprocessingML: built as text, since python-docx's add_row slows down with size."""
    return "<w:tr>" + "".join(_cell_xml(v, w, fill) for v, w in zip(values, widths, strict=True)) + "</w:tr>"


def _spanning_row_xml(text: str, fill: str, width: int, span: int, italic: bool = False) -> str:
    """A row of one cell across the table (a sub-heading or an UBARA section), never split over two pages."""
    return (f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{_cell_xml(text, width, fill, span, bold=True, italic=italic)}"
            "</w:tr>")


# -- building blocks ------------------------------------------------------------------------------



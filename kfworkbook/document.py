"""The plan document (kompetensförsörjningsplan) as a Word file, written with python-docx from a :class:`Summary`.

The document follows the seeds: a title and a table of contents (a field Word fills in when the
document is opened), 1. Sammanfattning (inlämning, activities per UBARA step and department, key
figures), 2. one section per department with its own analysis, and 3. the activity plans per
department in a landscape section. Only Word's built-in style names are used (Title, Heading 1–3, a
table style), so that HR can restyle the document, or start from the förvaltning's own template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from .chapters import (
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
from .fileio import atomic_write
from .merge import Summary
from .summary import OVERVIEW_FIGURES, OutputExists

TABLE_STYLES = ("Table Grid", "Light Grid Accent 1")
"""Table styles tried in order; the first one the template has is used (Table Grid is made if none)."""
PRINT_WIDTHS_CM = (6.0, 7.4, 2.8, 3.6, 5.4)
SECTION_FILL, UNIT_FILL, ERROR_FILL, HEADER_FILL = "DDEBF7", "BDD7EE", "FFC7CE", "1F4E79"
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TEXT_WIDTH_CM = 16.6
"""The text width of an A4 portrait page with this module's margins."""
INTAKE_FIGURES = OVERVIEW_FIGURES[:7]
"""The Inlämning figures of Sammanfattning (expected … missing), as on the summary's Översikt."""


class TemplateError(Exception):
    """The Word template given with ``--mall`` cannot be opened as a .docx document."""


def write_document(summary: Summary, out: str | Path, template: str | Path | None = None,
                   force: bool = False) -> Document:
    """Write the plan document to ``out`` (atomically) and return it; refuse to replace a file unless ``force``."""
    out = Path(out)
    if out.exists() and not force:
        raise OutputExists(str(out))
    if summary.period:  # follow-up workbooks: the period's follow-up, in the same style
        from .followup_document import build_follow_up_document

        document = build_follow_up_document(summary, template)
    else:
        document = build_document(summary, template)
    atomic_write(out, lambda tmp: document.save(str(tmp)))
    return document


def build_document(summary: Summary, template: str | Path | None = None) -> Document:
    """The plan document for ``summary``; with ``template``, on the förvaltning's own .docx (its body is emptied,
    its styles, headers and footers kept)."""
    document = _open(template)
    if template:
        _empty_body(document)
    else:
        _a4(document)
    config = summary.config
    document.core_properties.title = f"Kompetensförsörjningsplan {config.period_label} – {config.forvaltning}"
    document.core_properties.author = config.forvaltning
    style = _table_style(document)
    _ensure_styles(document)
    document.add_paragraph(document.core_properties.title, style="Title")
    _toc(document)
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
    _table(document, style, ("", "Antal"), [(label, totals[key]) for label, key in INTAKE_FIGURES], widths=(7, 3))
    missing = [(d.department, d.missing) for d in activity_plans(summary) if d.missing]
    bullet = "List Bullet" if "List Bullet" in _style_names(document) else None
    for department, line in missing:
        document.add_paragraph(f"{department}: {line}", style=bullet)
    if not missing:
        document.add_paragraph("Alla förväntade planer är inlämnade och kunde läsas.")
    document.add_heading("Aktiviteter per steg och avdelning", level=2)
    table = summary.by_department_and_category
    rows = [(str(label), *map(int, values)) for label, values in table.iterrows()]
    steps = len(table.columns)
    _table(document, style, ("Avdelning", *map(str, table.columns)), rows, bold_last=True, size=7.5,
           widths=(3.0, *[(TEXT_WIDTH_CM - 3.0) / steps] * steps))
    fields, figures = key_figures(summary)
    if fields:
        document.add_heading("Nyckeltal per avdelning", level=2)
        rows = [(label, *(format_figure(v, kind) for v, (_, _, kind) in zip(values, fields, strict=True)))
                for label, values in figures]
        _table(document, style, ("Avdelning", *(label for _, label, _ in fields)), rows, size=9,
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
            _table(document, style, ("Nyckeltal", "Värde"), figures, widths=(8, 6))


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
    _header_row(table, PRINT_HEADERS)
    _widths(table, PRINT_WIDTHS_CM)
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
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(_XML_UNSAFE.sub("", line))}</w:t>'
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


def _table(document: Document, style: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[float] | None = None, bold_last: bool = False, size: float | None = None) -> Table:
    table = document.add_table(rows=1, cols=len(headers), style=style)
    _header_row(table, headers)
    for run in (r for cell in table.rows[0].cells for r in cell.paragraphs[0].runs if size):
        run.font.size = Pt(size)
    for number, values in enumerate(rows, start=1):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)
            if column and (isinstance(value, (int, float)) or str(value)[:1].isdigit()):
                cell.paragraphs[0].alignment = 2  # right
            for run in cell.paragraphs[0].runs:
                run.bold = bold_last and number == len(rows)
                if size:
                    run.font.size = Pt(size)
    if widths:
        _widths(table, widths)
    return table


def _header_row(table: Table, headers: Sequence[str]) -> None:
    row = table.rows[0]
    for cell, header in zip(row.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, HEADER_FILL)
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _widths(table: Table, widths: Sequence[float]) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)


def _toc(document: Document) -> None:
    """A table of contents field (headings 1–3) that Word fills in when the document is opened."""
    document.add_paragraph("Innehåll", style="TOC Heading" if "TOC Heading" in _style_names(document) else None
                           ).runs[0].bold = True
    paragraph = document.add_paragraph()
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    for element in (begin, instruction, separate):
        paragraph.add_run()._r.append(element)
    paragraph.add_run("Innehållsförteckningen fylls i när dokumentet öppnas i Word (annars: högerklicka och "
                      "välj Uppdatera fält).").italic = True
    paragraph.add_run()._r.append(end)
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _style_names(document: Document) -> set[str]:
    return {style.name for style in document.styles}


def _table_style(document: Document) -> str:
    """The first of :data:`TABLE_STYLES` the document has; else a Table Grid made here (thin borders)."""
    names = {style.name for style in document.styles if style.type == WD_STYLE_TYPE.TABLE}
    for name in TABLE_STYLES:
        if name in names:
            return name
    style = document.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    properties = OxmlElement("w:tblPr")  # after the name: the only child of a new style
    style.element.append(properties)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    properties.append(borders)
    return "Table Grid"


HEADING_STYLES = {"Title": (24, None), "Heading 1": (16, 0), "Heading 2": (13, 1), "Heading 3": (11, 2)}
"""The paragraph styles the document uses: (font size, outline level for the table of contents)."""


def _ensure_styles(document: Document) -> None:
    """Add the built-in title and heading styles a Word template lacks (Word stores only the styles in use)."""
    names = _style_names(document)
    for name, (size, level) in HEADING_STYLES.items():
        if name in names:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.bold = level is not None
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(12 if level is not None else 0)
        style.paragraph_format.space_after = Pt(6)
        if level is not None:
            style.paragraph_format.keep_with_next = True
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            style.element.get_or_add_pPr().append(outline)


def _a4(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10)


def _open(template: str | Path | None) -> Document:
    if template is None:
        return open_document()
    try:
        return open_document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise TemplateError(f"Word-mallen {Path(template).name} kunde inte öppnas som ett Word-dokument (.docx). "
                            "Spara den som Word-dokument och försök igen.") from exc


def _empty_body(document: Document) -> None:
    """Remove the template's body text and tables; keep its last section (page setup, headers, logo)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


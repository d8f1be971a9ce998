"""The kit every Word document kfworkbook writes is made with (python-docx).

Only Word's built-in style names are used (Title, Heading 1–3, a table style), so that HR can
restyle a document, or start from the förvaltning's own template (``--mall``): :func:`new_document`
opens it (its body emptied, its styles, headers and footers kept) or a plain A4 document, and adds
the title and a table of contents. Tables have a marked header row (repeated on every page).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document as open_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from ..fileio import xml_safe

HEADER_FILL = "1F4E79"
TABLE_STYLES = ("Table Grid", "Light Grid Accent 1")
"""Table styles tried in order; the first one the template has is used (Table Grid is made if none)."""


TEXT_WIDTH_CM = 16.6
"""The text width of an A4 portrait page with this module's margins."""


class TemplateError(Exception):
    """The Word template given with ``--mall`` cannot be opened as a .docx document."""


def add_table(document: Document, style: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[float] | None = None, bold_last: bool = False, size: float | None = None) -> Table:
    table = document.add_table(rows=1, cols=len(headers), style=style)
    header_row(table, headers)
    for run in (r for cell in table.rows[0].cells for r in cell.paragraphs[0].runs if size):
        run.font.size = Pt(size)
    for number, values in enumerate(rows, start=1):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else xml_safe(str(value))
            if column and (isinstance(value, (int, float)) or str(value)[:1].isdigit()):
                cell.paragraphs[0].alignment = 2  # right
            for run in cell.paragraphs[0].runs:
                run.bold = bold_last and number == len(rows)
                if size:
                    run.font.size = Pt(size)
    if widths:
        set_widths(table, widths)
    return table


def header_row(table: Table, headers: Sequence[str]) -> None:
    row = table.rows[0]
    for cell, header in zip(row.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shade(cell, HEADER_FILL)
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def set_widths(table: Table, widths: Sequence[float]) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)


def toc(document: Document) -> None:
    """A table of contents field (headings 1–3) that Word fills in when the document is opened."""
    document.add_paragraph("Innehåll", style="TOC Heading" if "TOC Heading" in style_names(document) else None
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


def style_names(document: Document) -> set[str]:
    return {style.name for style in document.styles}


def table_style(document: Document) -> str:
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


def ensure_styles(document: Document) -> None:
    """Add the built-in title and heading styles a Word template lacks (Word stores only the styles in use)."""
    names = style_names(document)
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


def a4(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10)


def open_template(template: str | Path | None) -> Document:
    if template is None:
        return open_document()
    try:
        return open_document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise TemplateError(f"Word-mallen {Path(template).name} kunde inte öppnas som ett Word-dokument (.docx). "
                            "Spara den som Word-dokument och försök igen.") from exc


def empty_body(document: Document) -> None:
    """Remove the template's body text and tables; keep its last section (page setup, headers, logo)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def new_document(title: str, author: str, template: str | Path | None = None) -> tuple[Document, str]:
    """A document with ``title`` (as its Title paragraph and property) and a table of contents, and the table
    style to use: on the förvaltning's own .docx ``template`` (body emptied), else on a plain A4 document."""
    document = open_template(template)
    if template:
        empty_body(document)
    else:
        a4(document)
    document.core_properties.title = title
    document.core_properties.author = author
    style = table_style(document)
    ensure_styles(document)
    document.add_paragraph(document.core_properties.title, style="Title")
    toc(document)
    return document, style

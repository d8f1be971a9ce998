"""The kit every Word document kfworkbook writes is made with (python-docx).

Only Word's built-in style names are used (Title, Subtitle, Heading 1–4, List Bullet, List Number, a table
style), so that HR can restyle a document, or start from the förvaltning's own template (``--mall``):
:func:`new_document` opens it (its body emptied, its styles, headers and footers kept) or a plain A4
document, and adds the title and a table of contents. Every document declares itself Swedish (sv-SE:
the styles' defaults, the theme's language, ``dc:language``), has a schema-valid ``settings.xml`` and an
``app.xml`` that names kfworkbook. Tables have a marked header row (repeated on every page) and columns
at least as wide as their longest word (:func:`fit_widths`); numbers are written the Swedish way
(:func:`number_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from ..fileio import xml_safe
from ..version import __version__

HEADER_FILL = "1F4E79"
TABLE_STYLES = ("Table Grid", "Light Grid Accent 1")
"""Table styles tried in order; the first one the template has is used (Table Grid is made if none)."""
LANGUAGE = "sv-SE"
"""The language every document declares: a screen reader reads it with a Swedish voice, Word checks Swedish."""
NBSP = "\u00a0"
WORD_JOINER = "\u2060"
"""Keeps '2027–2029' on one line: placed on both sides of the dash."""

TEXT_WIDTH_CM = 16.6
"""The text width of an A4 portrait page with this module's margins."""
LANDSCAPE_WIDTH_CM = 25.3
"""The text width of an A4 landscape page with this module's margins."""
CHAR_EM = 0.62
"""Average width of a character in em (LibreOffice's fallback font; Calibri is narrower)."""
CELL_PADDING_CM = 0.45


class TemplateError(Exception):
    """The Word template given with ``--mall`` cannot be opened as a .docx document."""


def number_text(value: Any) -> str:
    """A number as Swedish text: thousands with a no-break space, a decimal comma; text unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return xml_safe(str(value))
    if float(value) == round(float(value)):
        return f"{round(float(value)):,}".replace(",", NBSP)
    return f"{float(value):,.1f}".replace(",", NBSP).replace(".", ",")


def percent_text(value: float) -> str:
    """A percentage as Swedish text: '14 %', '9,8 %' (a no-break space before the sign)."""
    return f"{number_text(round(float(value), 1))}{NBSP}%"


def keep_together(text: str) -> str:
    """``text`` with a word joiner on both sides of each en dash between digits: '2027–2029' never breaks."""
    out = []
    for i, char in enumerate(text):
        if char == "–" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(f"{WORD_JOINER}–{WORD_JOINER}")
        else:
            out.append(char)
    return "".join(out)


def text_width_cm(text: str, size: float, bold: bool = False) -> float:
    """The printed width of ``text`` at ``size`` points (an estimate on the wide side)."""
    return chars_width_cm(len(text), size, bold)


def chars_width_cm(chars: int, size: float, bold: bool = False) -> float:
    """The printed width of ``chars`` characters at ``size`` points (:func:`text_width_cm` by length)."""
    return chars * CHAR_EM * (1.06 if bold else 1.0) * size / 28.35


class ColumnText:
    """What a column's widths depend on, gathered one cell at a time: its longest word and its longest text
    (each cell as :func:`number_text` writes it)."""

    __slots__ = ("longest_text", "longest_word")

    def __init__(self) -> None:
        self.longest_word: int | None = None
        self.longest_text = 0

    def add(self, value: Any) -> None:
        text = number_text(value)
        self.longest_text = max(self.longest_text, len(text))
        words = text.split()
        if words:
            self.longest_word = max(self.longest_word or 0, max(map(len, words)))


def fit_widths(headers: Sequence[str], rows: Iterable[Sequence[Any]], total: float, size: float,
               fixed: dict[int, float] | None = None) -> list[float] | None:
    """Column widths (cm) that add up to ``total`` and give each column room for its longest word (bold in the
    header), the rest shared out by how much text each column holds; None when the words alone need more."""
    columns = [ColumnText() for _ in headers]
    for row in rows:
        for column, value in zip(columns, row, strict=False):
            column.add(value)
    return fit_measured(headers, columns, total, size, fixed)


def fit_measured(headers: Sequence[str], columns: Sequence[ColumnText], total: float, size: float,
                 fixed: dict[int, float] | None = None) -> list[float] | None:
    """:func:`fit_widths` from the columns' :class:`ColumnText` (gathered without keeping the rows)."""
    least = []
    for c, header in enumerate(headers):
        widths = [text_width_cm(w, size, True) for w in str(header).split()]
        if columns[c].longest_word is not None:
            widths.append(chars_width_cm(columns[c].longest_word or 0, size))
        need = max(widths, default=0.5) + CELL_PADDING_CM
        least.append(max(need, (fixed or {}).get(c, 0.0)))
    if sum(least) > total:
        return None
    weight = [max(columns[c].longest_text, len(str(h)) / 2, 1) for c, h in enumerate(headers)]
    spare = total - sum(least)
    widths = [least[c] + spare * weight[c] / sum(weight) for c in range(len(headers))]
    return widths


def add_table(document: Document, style: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[float] | None = None, bold_last: bool = False, size: float | None = None) -> Table:
    """A table with a marked header row (repeated on every page), rows never split over two pages, numbers
    right-aligned in Swedish form."""
    table = document.add_table(rows=1, cols=len(headers), style=style)
    table.autofit = False
    header_row(table, headers)
    for run in (r for cell in table.rows[0].cells for r in cell.paragraphs[0].runs if size):
        run.font.size = Pt(size)
    for number, values in enumerate(rows, start=1):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks over two pages
        cells = row.cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = number_text(value)
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


def note(document: Document, text: str) -> None:
    """An italic paragraph: a note under a table, or a line that says what is missing."""
    document.add_paragraph().add_run(text).italic = True


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
        _insert_setting(settings, update)


SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator")
"""The elements of w:settings that come after w:updateFields in the schema's sequence."""


def _insert_setting(settings: Any, element: Any) -> None:
    """Put w:updateFields where the schema wants it: before the first element that must follow it."""
    later = {qn(f"w:{name}") for name in SETTINGS_AFTER_UPDATE_FIELDS}
    for index, child in enumerate(settings):
        if child.tag in later:
            settings.insert(index, element)
            return
    settings.append(element)


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


HEADING_STYLES = {"Title": (24, None), "Subtitle": (14, None), "Heading 1": (16, 0), "Heading 2": (13, 1),
                  "Heading 3": (11, 2), "Heading 4": (10.5, 3)}
"""The paragraph styles the document uses: (font size, outline level for the table of contents)."""
LIST_STYLES = {"List Bullet": ("bullet", "•"), "List Number": ("decimal", "%1.")}
"""The list styles the document uses, with the numbering they are made with when a template lacks them."""


def ensure_styles(document: Document) -> None:
    """Add the built-in title, heading and list styles a Word template lacks (Word stores only the styles in use)."""
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
    for name, (kind, text) in LIST_STYLES.items():
        if name not in names:
            _add_list_style(document, name, kind, text)


def _add_list_style(document: Document, name: str, kind: str, text: str) -> None:
    """A list paragraph style bound to a numbering definition of its own (bullets or 1. 2. 3.)."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(ids, default=0) + 1, max(nums, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{kind}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # every abstractNum before the first num, as the schema orders them
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                               f'w:val="{abstract_id}"/></w:num>'))
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    properties = style.element.get_or_add_pPr()
    properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def declare_swedish(document: Document) -> None:
    """sv-SE as the language of the styles' defaults (and of every style and run that names another), of the
    theme fonts and of the core properties: what a screen reader and Word's spelling check go by."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        _append_in_order(rpr, lang)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    for lang in document.element.body.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)
        theme.attrib.pop(qn("w:eastAsia"), None)
    document.core_properties.language = LANGUAGE
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":  # Word 2010's copy of the styles
            part._blob = part.blob.replace(b'w:val="en-US"', f'w:val="{LANGUAGE}"'.encode()).replace(
                b'w:eastAsia="en-US"', f'w:eastAsia="{LANGUAGE}"'.encode())


RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
"""The schema's order of a w:rPr's children (w:lang near the end)."""


def _append_in_order(rpr: Any, element: Any) -> None:
    rank = {qn(f"w:{name}"): n for n, name in enumerate(RPR_ORDER)}
    mine = rank[element.tag]
    for child in rpr:
        if rank.get(child.tag, -1) > mine:
            child.addprevious(element)
            return
    rpr.append(element)


def clean_package(document: Document) -> None:
    """A schema-valid settings.xml (w:zoom with its percentage) and an app.xml that names kfworkbook, not the
    Word that made python-docx's default template; its thumbnail of an empty page is left out."""
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)


APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"<Application>kfworkbook {__version__}</Application><DocSecurity>0</DocSecurity>"
           "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged></Properties>")


def a4(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10)


def landscape_section(document: Document) -> float:
    """Start a landscape section on a new page; return its text width (cm)."""
    return _section(document, WD_ORIENT.LANDSCAPE)


def portrait_section(document: Document) -> float:
    """Start a portrait section on a new page (after chapter 3's landscape pages); return its text width (cm)."""
    return _section(document, WD_ORIENT.PORTRAIT)


def _section(document: Document, orientation: Any) -> float:
    """A new section on a new page in ``orientation`` (the page turned when it is not); its text width (cm)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if section.orientation != orientation:
        section.orientation = orientation
        section.page_width, section.page_height = section.page_height, section.page_width
    return text_width(section)


def text_width(section: Any) -> float:
    """The width (cm) between a section's margins."""
    return (section.page_width - section.left_margin - section.right_margin) / 360000


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


def new_document(title: str, author: str, template: str | Path | None = None,
                 subtitle: str | None = None) -> tuple[Document, str]:
    """A Swedish document with ``title`` (its Title paragraph, never broken inside '2027–2029', and its property),
    ``subtitle`` under it and a table of contents, and the table style to use: on the förvaltning's own .docx
    ``template`` (body emptied), else on a plain A4 document."""
    document = open_template(template)
    if template:
        empty_body(document)
    else:
        a4(document)
    document.core_properties.title = f"{title} – {subtitle}" if subtitle else title
    document.core_properties.author = author
    style = table_style(document)
    ensure_styles(document)
    declare_swedish(document)
    clean_package(document)
    document.add_paragraph(keep_together(title), style="Title")
    if subtitle:
        document.add_paragraph(subtitle, style="Subtitle")
    toc(document)
    return document, style

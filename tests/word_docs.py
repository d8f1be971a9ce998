"""Building Word documents for tests, in the layouts last year's plans have (python-docx).

A document is a list of blocks: ``("title", text)``, ``("h1".."h3", text)``, ``("p", text)``,
``("break",)`` (a paragraph with a page break: what stands between a table and its continuation) and
``("table", rows)``. A row is a list of cells; a cell is a text (paragraphs on lines of their own) or a
:class:`Cell` (spanning columns, merged down, or a Word list).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@dataclass(frozen=True)
class Cell:
    """A cell with more than text: ``span`` grid columns, ``merge`` 'restart'/'continue' (vertical merge),
    ``items`` the paragraphs of a Word bullet list, ``breaks`` lines separated by line breaks in one paragraph."""

    text: str = ""
    span: int = 1
    merge: str = ""
    items: tuple[str, ...] = ()
    breaks: bool = False


def build(path: Path, blocks: list[tuple[Any, ...]], core_title: str = "") -> Path:
    """Write the document of ``blocks`` to ``path``."""
    document = Document()
    document.core_properties.title = core_title
    for block in blocks:
        kind = block[0]
        if kind == "title":
            document.add_paragraph(block[1], style="Title")
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(block[1], level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "table":
            _table(document, block[1])
        else:
            raise ValueError(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _table(document: Any, rows: list[list[Any]]) -> None:
    width = max(sum(c.span if isinstance(c, Cell) else 1 for c in row) for row in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    tbl = table._tbl
    for values in rows:
        tr = OxmlElement("w:tr")
        tbl.append(tr)
        for value in values:
            cell = value if isinstance(value, Cell) else Cell(value)
            tc = OxmlElement("w:tc")
            properties = OxmlElement("w:tcPr")
            if cell.span > 1:
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(cell.span))
                properties.append(span)
            if cell.merge:
                merge = OxmlElement("w:vMerge")
                if cell.merge == "restart":
                    merge.set(qn("w:val"), "restart")
                properties.append(merge)
            tc.append(properties)
            tr.append(tc)
            if cell.items:
                for item in cell.items:
                    tc.append(_paragraph(item, bullet=True))
            elif cell.breaks:
                tc.append(_paragraph(cell.text, breaks=True))
            else:
                for line in cell.text.split("\n"):
                    tc.append(_paragraph(line))


def _paragraph(text: str, bullet: bool = False, breaks: bool = False) -> Any:
    p = OxmlElement("w:p")
    if bullet:
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), "ListBullet")
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)
        properties.extend([style, numbering])
        p.append(properties)
    run = OxmlElement("w:r")
    lines = text.split("\n") if breaks else [text]
    for number, line in enumerate(lines):
        if number:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        run.append(t)
    p.append(run)
    return p

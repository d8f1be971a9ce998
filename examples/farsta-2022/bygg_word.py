"""Builds Farsta's plan 2021–2023 as a Word document, as the förvaltning has it (run from the project root).

    .venv/bin/python examples/farsta-2022/bygg_word.py [SEED.txt] [OUT.docx]

The text comes from the seed ``../shared/seeds/003_*.txt`` (the plan's text extracted from PDF, its
tables as Markdown). The document is what a förvaltning starts kfworkbook from: a title, a table of
contents (a table, as in the PDF), chapters 1–2 with headings, paragraphs and bullet lists, and
chapter 3 with one activity table per department under "Aktivitetsplan avdelningen …", the UBARA
step as a row of its own, and every table the PDF broke across pages as a table of its own after a
page break, its first row as the seed has it (the header, an empty row, or the first activity).
``kfworkbook template --prefill`` reads it (see README.md). Written to
``examples/farsta-2022/Kompetensforsorjningsplan_2021-2023.docx`` unless OUT is given.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).parent
SEED = HERE.parents[1].parent / "shared" / "seeds" / "003_ca2d8d1d58521c09.txt"
OUT = HERE / "Kompetensforsorjningsplan_2021-2023.docx"
_PARAGRAPHS = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_CHAPTER = re.compile(r"^(\d+)\.(\d+)?\s+\S")


def blocks(text: str) -> list[tuple[str, object]]:
    """The seed as ('title' | 'heading1' | 'heading2' | 'heading3' | 'bullet' | 'paragraph', text) and
    ('table', rows) blocks, in order."""
    lines = text.splitlines()
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    title_seen = False
    for line in [*lines, ""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|[\s|:-]*-[\s|:-]*", line):  # not the Markdown separator row
                table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            out.append(("table", table))
            table = []
        line = line.strip()
        if not line:
            continue
        if not title_seen:
            out.append(("title", "Kompetensförsörjningsplan 2021–2023"))  # the PDF split the title's words
            title_seen = True
        elif line.startswith("- "):
            out.append(("bullet", line[2:]))
        elif (found := _CHAPTER.match(line)) and len(line.split()) <= 10:
            out.append(("heading2" if found[2] else "heading1", line))
        elif line.startswith("Aktivitetsplan avdelning"):
            out.append(("heading2", line))
        elif line == "Innehåll" or (len(line.split()) <= 9 and not line.endswith(".")):
            out.append(("heading3", line))
        else:
            out.append(("paragraph", line))
    return out


def cell_paragraphs(text: str) -> list[str]:
    """A seed cell's paragraphs: its <p> elements, or the text as one paragraph."""
    found = _PARAGRAPHS.findall(text)
    return [p.strip() for p in found] if found else [text]


def build(seed: Path = SEED, out: Path = OUT) -> Path:
    """Write the Word document built from ``seed`` to ``out``."""
    text = seed.read_text(encoding="utf-8")
    document = Document()
    document.core_properties.title = "Kompetensförsörjningsplan 2021–2023"
    document.core_properties.author = "Farsta stadsdelsförvaltning"
    for style in ("Normal", "List Bullet"):
        document.styles[style].font.size = Pt(10)
    previous = ""
    for kind, value in blocks(text):
        if kind == "table":
            if previous == "table":  # the PDF broke the table across pages
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _table(document, value)  # type: ignore[arg-type]
        elif kind == "title":
            document.add_paragraph(str(value), style="Title")
            document.add_paragraph("Rullande 3 år")
        elif kind.startswith("heading"):
            if value == "3. Aktivitetsplaner per avdelning":
                section = document.add_section()
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
            document.add_heading(str(value), level=int(kind[-1]))
        elif kind == "bullet":
            document.add_paragraph(str(value), style="List Bullet")
        elif value != "Rullande 3 år":
            document.add_paragraph(str(value))
        previous = kind
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def _table(document: Document, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    header = rows[0][0].startswith("Vad ska vi uppnå")
    for number, values in enumerate(rows):
        row = table.add_row()
        if number == 0 and header:  # repeated on every page, as Word does with a header row
            properties = row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)
        for cell, text in zip(row.cells, [*values, *[""] * (width - len(values))], strict=True):
            paragraphs = cell_paragraphs(text)
            cell.paragraphs[0].text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
            if number == 0 and header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if width == 5:
        for row in table.rows:
            for cell, size in zip(row.cells, (6.0, 7.5, 3.0, 3.6, 5.5), strict=True):
                cell.width = Cm(size)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    print(build(Path(arguments[0]) if arguments else SEED, Path(arguments[1]) if len(arguments) > 1 else OUT))

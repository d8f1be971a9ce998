"""Text into a Word document as real paragraphs, lists, headings and tables: the managers' analysis texts and
HR's own chapter 1 (``kfworkbook dokument --inledning FIL``, Markdown or .docx).

A text is read into :class:`Block` s first (:func:`text_blocks`, :func:`read_introduction`), then written with
Word's own styles (:func:`add_blocks`): '- ' lines become List Bullet paragraphs, '1. ' lines List Number,
Markdown headings and a Word file's Heading styles become headings that never skip a level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn

from .docx import LANDSCAPE_WIDTH_CM, TEXT_WIDTH_CM, add_table, fit_widths, keep_together, note

BULLET = re.compile(r"^\s*[-–•*+]\s+(?P<text>\S.*)$")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?P<text>\S.*)$")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
INLINE = re.compile(r"(\*\*.+?\*\*|__.+?__|\*[^*\s][^*]*?\*|_[^_\s][^_]*?_)")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")

Run = tuple[str, bool, bool]
"""A piece of text: (text, bold, italic)."""


@dataclass
class Block:
    """One block of a text: a heading (``level`` 1–6), a paragraph, a list item ('bullet' or 'number') or a table."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text for text, _, _ in self.runs)


class IntroductionError(Exception):
    """HR's chapter 1 (``--inledning``) cannot be read: the message says what to do, in Swedish."""


def inline_runs(text: str) -> list[Run]:
    """Markdown's **bold** and *italic* (or __ and _) as runs; everything else as written."""
    runs: list[Run] = []
    for piece in INLINE.split(text):
        if not piece:
            continue
        if (piece.startswith("**") and piece.endswith("**")) or (piece.startswith("__") and piece.endswith("__")):
            runs.append((piece[2:-2], True, False))
        elif len(piece) > 2 and piece[0] == piece[-1] and piece[0] in "*_":
            runs.append((piece[1:-1], False, True))
        else:
            runs.append((piece, False, False))
    return runs


def text_blocks(text: str, markdown: bool = False) -> list[Block]:
    """A manager's text (or, with ``markdown``, HR's Markdown) as blocks: each line a paragraph or a list item.

    In Markdown, lines of one paragraph are joined, '#' lines are headings and '|' lines tables.
    """
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        index += 1
        if not line.strip():
            if markdown and blocks and blocks[-1].kind in ("paragraph", "bullet", "number"):
                blocks.append(Block("break"))  # a blank line ends a paragraph or a list item
            continue
        found = HEADING.match(line) if markdown else None
        if found:
            blocks.append(Block("heading", inline_runs(found["text"]), level=len(found["marks"])))
            continue
        if markdown and line.lstrip().startswith("|"):
            rows = [line]
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(lines[index])
                index += 1
            blocks.append(_table_block(rows))
            continue
        for kind, pattern in (("bullet", BULLET), ("number", NUMBERED)):
            item = pattern.match(line)
            if item and not (markdown and kind == "bullet" and line.lstrip().startswith("**")):
                runs = inline_runs(item["text"]) if markdown else [(item["text"], False, False)]
                blocks.append(Block(kind, runs))
                break
        else:
            content = line.strip().lstrip(">").strip() if markdown else line.strip()
            runs = inline_runs(content) if markdown else [(content, False, False)]
            last = blocks[-1] if blocks else None
            if markdown and last is not None and last.kind in ("paragraph", "bullet", "number"):
                last.runs += [(" ", False, False), *runs]  # a paragraph (or list item) goes on over several lines
            else:
                blocks.append(Block("paragraph", runs))
    return [b for b in blocks if b.kind != "break"]


def _table_block(lines: list[str]) -> Block:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines
            if not TABLE_RULE.match(line)]
    width = max(len(r) for r in rows)
    return Block("table", rows=[r + [""] * (width - len(r)) for r in rows])


def read_introduction(path: str | Path) -> list[Block]:
    """HR's chapter 1 from a Markdown (.md, .txt) or Word (.docx) file, as blocks.

    Raises :class:`IntroductionError` with a Swedish message when the file cannot be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise IntroductionError(f"Hittar inte {path}. Ange en Markdown-fil (.md) eller ett Word-dokument (.docx) "
                                "med förvaltningens inledning.")
    if suffix in MARKDOWN_SUFFIXES:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return text_blocks(raw.decode(encoding), markdown=True)
            except UnicodeDecodeError:
                continue
    if suffix == ".docx":
        return _docx_blocks(path)
    raise IntroductionError(f"{path.name} är varken en Markdown-fil (.md) eller ett Word-dokument (.docx). Spara "
                            "inledningen i ett av de formaten och försök igen.")


def _docx_blocks(path: Path) -> list[Block]:
    from docx import Document as open_document

    try:
        source = open_document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise IntroductionError(f"{path.name} kunde inte öppnas som ett Word-dokument (.docx). Spara det som "
                                "Word-dokument igen, eller skriv inledningen som Markdown (.md).") from exc
    blocks: list[Block] = []
    tables = {table._tbl: table for table in source.tables}
    paragraphs = {paragraph._p: paragraph for paragraph in source.paragraphs}
    for element in source.element.body:
        if element.tag == qn("w:tbl") and element in tables:
            rows = [[cell.text.strip() for cell in row.cells] for row in tables[element].rows]
            if rows:
                blocks.append(Block("table", rows=rows))
        elif element.tag == qn("w:p") and element in paragraphs:
            block = _paragraph_block(paragraphs[element])
            if block is not None:
                blocks.append(block)
    return blocks


def _paragraph_block(paragraph: Any) -> Block | None:
    runs = [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs if run.text]
    if not "".join(text for text, _, _ in runs).strip():
        return None
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = re.match(r"(?i)(?:heading|rubrik)\s*(\d)", name)
    if name.lower() in ("title", "rubrik"):
        return Block("heading", runs, level=0)  # above Heading 1: the chapter's own title
    if level:
        return Block("heading", runs, level=int(level[1]))
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if name.lower().startswith(("list number", "listnumrering", "numrerad lista")):
        return Block("number", runs)
    if name.lower().startswith(("list", "punktlista")) or numbered:
        return Block("bullet", runs)
    return Block("paragraph", runs)


def chapter_title(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The chapter's own title when the text starts with its only top-level heading, and the rest."""
    headings = [b for b in blocks if b.kind == "heading"]
    if blocks and blocks[0].kind == "heading" and sum(1 for b in headings if b.level <= blocks[0].level) == 1:
        return blocks[0].text.strip(), blocks[1:]
    return None, blocks


def add_blocks(document: Document, blocks: Sequence[Block], style: str, top: int = 2,
               landscape: bool = False) -> None:
    """Write ``blocks`` under a heading of level ``top - 1``: their headings from level ``top`` down, never
    skipping a level; paragraphs and lists with Word's styles; tables with a header row, columns fitting their words."""
    levels = sorted({b.level for b in blocks if b.kind == "heading"})
    previous = top - 1
    for block in blocks:
        if block.kind == "heading":
            level = min(top + levels.index(block.level), previous + 1, 9)
            document.add_heading(keep_together(block.text.strip()), level=level)
            previous = level
        elif block.kind == "table":
            headers, rows = block.rows[0], block.rows[1:]
            total = LANDSCAPE_WIDTH_CM if landscape else TEXT_WIDTH_CM
            widths = fit_widths(headers, rows, total, 9) or fit_widths(headers, rows, total, 7.5)
            add_table(document, style, headers, rows, widths=widths, size=9 if widths else 7.5)
        else:
            name = {"bullet": "List Bullet", "number": "List Number"}.get(block.kind)
            paragraph = document.add_paragraph(style=name)
            for text, bold, italic in block.runs:
                run = paragraph.add_run(text)
                run.bold = bold or None
                run.italic = italic or None


def introduction_chapter(document: Document, style: str, default_title: str, blocks: Sequence[Block] | None,
                         missing: str | None) -> None:
    """Chapter 1: HR's own text under its own title (or ``default_title``), or the note ``missing`` without one."""
    title, rest = chapter_title(list(blocks or []))
    title = title or default_title
    document.add_heading(keep_together(title if title[:1].isdigit() else f"1. {title}"), level=1)
    if blocks:
        add_blocks(document, rest, style)
    elif missing:
        note(document, missing)

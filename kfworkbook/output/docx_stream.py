"""A Word document whose largest tables are written as a stream of XML when it is saved, not kept in memory.

python-docx keeps every paragraph and table cell as an lxml element (about 8 KB per activity row of the
plan document's chapter 3): a document with 60,000 activities would need half a gigabyte before it is
written. A :class:`StreamedDocument` is the python-docx document with each large table reduced to its
properties and header row and a marker (an XML comment, which no text can produce: a ``<`` in text is
always escaped), plus, per marker, where its rows come from. :meth:`StreamedDocument.save` lets python-docx
save the small document into memory, copies every part of the package as it is, and writes
``word/document.xml`` again in chunks with each marker replaced by its rows, produced one at a time.

The rows must be given as lxml would serialise them (see :func:`text_xml`): then the saved
``document.xml`` is byte for byte the one python-docx would save with the rows parsed into the tree
(``tests/test_document.py`` compares both on hostile text).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table
from lxml import etree

from ..fileio import xml_safe

DOCUMENT_PART = "word/document.xml"
MARKER = "kfworkbook-rader-{}"
"""The text of the XML comment that stands for a streamed table's rows in the saved document."""
MARKER_PATTERN = re.compile(rb"<!--kfworkbook-rader-(\d+)-->")
CHUNK_BYTES = 1 << 20
"""How much XML is gathered before it is handed to the zip stream."""
ROW_BYTES = 2048
"""An upper bound of a streamed row's bytes besides its text (the cells' properties and tags)."""
TEXT_FACTOR = 6
"""An upper bound of bytes per character of text: four in UTF-8, at most six as an escape ('&amp;' is five)."""
LINE_BYTES = 48
"""An upper bound of the bytes a line break adds: ``</w:t><w:br/><w:t xml:space="preserve">`` is 39."""


def text_xml(text: str, bold: bool = False, italic: bool = False) -> str:
    """A paragraph holding ``text`` (line breaks as ``w:br``; characters XML cannot hold dropped), written as
    lxml serialises it: an empty text as ``<w:t …/>``, a carriage return as a line feed (an XML parser
    turns one into the other), ``&``, ``<`` and ``>`` escaped."""
    style = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    properties = f"<w:rPr>{style}</w:rPr>" if style else ""
    lines = "<w:br/>".join(_t(line) for line in xml_safe(text).split("\n"))
    return f"<w:p><w:r>{properties}{lines}</w:r></w:p>"


def _t(line: str) -> str:
    if not line:
        return '<w:t xml:space="preserve"/>'
    return f'<w:t xml:space="preserve">{escape(line.replace(chr(13), chr(10)))}</w:t>'


@dataclass
class Rows:
    """Where a streamed table's rows come from: ``rows()`` yields each ``<w:tr>`` as text, ``bound`` is an upper
    bound of their bytes (whether the zip entry needs ZIP64 is decided before it is written)."""

    rows: Callable[[], Iterable[str]]
    bound: int


def rows_bound(count: int, texts: Iterable[str]) -> int:
    """An upper bound of the bytes of ``count`` rows holding ``texts``: see :data:`ROW_BYTES`, :data:`TEXT_FACTOR`
    and :data:`LINE_BYTES`."""
    return count * ROW_BYTES + sum(TEXT_FACTOR * len(t) + LINE_BYTES * t.count("\n") for t in texts)


@dataclass
class StreamedDocument:
    """A python-docx document and the rows of its streamed tables, by marker number."""

    document: Document
    tables: dict[int, Rows] = field(default_factory=dict)

    def stream_rows(self, table: Table, rows: Rows) -> None:
        """Let ``rows`` follow the rows ``table`` has when the document is saved (the table stays as it is)."""
        number = len(self.tables)
        table._tbl.append(etree.Comment(MARKER.format(number)))
        self.tables[number] = rows

    def save(self, path: str | Path) -> None:
        """Write the document to ``path``: every part as python-docx writes it, ``document.xml`` with each
        streamed table's rows in place of its marker, written in chunks."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename == DOCUMENT_PART:
                    self._write_body(source.read(info), info, target)
                else:
                    target.writestr(info, source.read(info))

    def _write_body(self, xml: bytes, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
        pieces = MARKER_PATTERN.split(xml)
        found = [int(n) for n in pieces[1::2]]
        if sorted(found) != sorted(self.tables):
            raise ValueError(f"Dokumentets tabellmarkörer stämmer inte: {found} mot {sorted(self.tables)}.")
        large = len(xml) + sum(rows.bound for rows in self.tables.values()) >= zipfile.ZIP64_LIMIT
        entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        entry.compress_type = info.compress_type
        entry.external_attr = info.external_attr
        with target.open(entry, "w", force_zip64=large) as stream:
            stream.write(pieces[0])
            for number, after in zip(pieces[1::2], pieces[2::2], strict=True):
                _write_chunks(stream, self.tables[int(number)].rows())
                stream.write(after)

    def release(self) -> Document:
        """The python-docx document without the markers (its streamed tables hold their header rows only), the
        rows' sources let go."""
        markers = [c for c in self.document.element.body.iter(etree.Comment)
                   if isinstance(c.text, str) and c.text.startswith(MARKER.format(""))]
        for comment in markers:
            comment.getparent().remove(comment)
        self.tables.clear()
        return self.document


def _write_chunks(stream: io.BufferedIOBase, rows: Iterable[str]) -> None:
    chunk: list[str] = []
    size = 0
    for row in rows:
        chunk.append(row)
        size += len(row)
        if size >= CHUNK_BYTES:
            stream.write("".join(chunk).encode("utf-8"))
            chunk, size = [], 0
    if chunk:
        stream.write("".join(chunk).encode("utf-8"))


def append_rows(table: Table, rows: Iterable[str]) -> None:
    """Parse ``rows`` (``<w:tr>`` as text) into ``table``: the whole table in memory, as python-docx keeps it."""
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"):
        table._tbl.append(row)

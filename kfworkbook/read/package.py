"""What an .xlsx package says about its sheets before anything parses them: how far each sheet
reaches, and which cells hold a formula error.

python-calamine builds a dense grid over every cell from the first to the last, and Rust aborts the
whole process when that allocation fails: a 100 KB file whose sheet reaches XFD1048576 asks for 17
billion cells, and a sheet with a value in each of a million rows takes gigabytes. So before
calamine opens a sheet, its XML part is inspected here, cheapest step first:

1. the ``<dimension>`` the writer recorded (Excel, LibreOffice and openpyxl record the used range) is
   read from the first bytes of the part: a sheet that claims more than the limits is refused
   without unpacking the rest;
2. the part is unpacked and searched for anything unusual: a formula error (a plain byte search for
   ``t="e"``), then, in one regex pass over the cells' start tags, a cell beyond a safe bound (row
   10,000 or column DA) or a cell without its own reference (calamine then counts its place);
3. only then is every cell's place counted, the way calamine places it (a cell's own reference wins
   over its row's), and the error cells collected.

The recorded ``<dimension>`` and the part's unpacked size cannot vouch for a sheet on their own: one
cell ``<c r="B900000">`` under a ``<dimension ref="A1"/>`` takes 30 bytes. Step 2 is what makes the
check safe; it costs about 30 µs for a 60-row activity sheet (19 KB of XML).

The package is read through the file's one open :class:`zipfile.ZipFile` (:func:`read_part` takes an
ordinary member straight from the file), so that a plan's zip directory is parsed once before calamine.

calamine reads a cell holding a formula error (``<c t="e"><v>#REF!</v></c>``) as empty, so the
errors found here are the only way a message can say "#REF!" instead of "the cell is empty".
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..deflate import ERRORS as INFLATE_ERRORS
from ..deflate import inflate
from ..forms.columns import get_column_letter

Cell = tuple[int, int]
"""A 0-based (row, column)."""


@dataclass(frozen=True)
class Limits:
    """How far a sheet may reach before it is refused: its last row and its last column (1-based)."""

    rows: int
    columns: int


PLAN_LIMITS = Limits(rows=20_000, columns=200)
"""A plan or follow-up: at most 5,000 activities (``antal_rader``) and 18 columns, with room to spare."""

QUICK_ROWS, QUICK_COLUMNS = 9_999, 104
"""What the single search (step 2) vouches for when it finds nothing: no cell below row 9,999 or right of CZ."""


@dataclass
class SheetScan:
    """How far one sheet reaches (1-based last row and column holding a cell; 0 when empty or not
    counted) and its formula-error cells ({(row, column): '#REF!'}, 0-based)."""

    name: str
    rows: int = 0
    columns: int = 0
    errors: dict[Cell, str] = field(default_factory=dict)
    claimed: bool = False
    """True when ``rows``/``columns`` are the ``<dimension>`` the writer recorded (step 1), not a count."""

    @property
    def end(self) -> str:
        """The farthest cell as Excel names it ('XFD1048576')."""
        return f"{get_column_letter(max(self.columns, 1))}{max(self.rows, 1)}"

    def exceeds(self, limits: Limits) -> bool:
        """True when the sheet reaches past ``limits``."""
        return self.rows > limits.rows or self.columns > limits.columns


_MAIN = rb"http://schemas\.openxmlformats\.org/spreadsheetml/2006/main|http://purl\.oclc\.org/ooxml/spreadsheetml/main"
_PREFIXED_MAIN = re.compile(rb'xmlns:[\w.-]+="(?:' + _MAIN + rb')"')
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="\$?[A-Za-z]{1,3}\$?\d+(?::\$?([A-Za-z]{1,3})\$?(\d+))?"')
_DIMENSION_ONE = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="\$?([A-Za-z]{1,3})\$?(\d+)"')
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData[\s/>]")
_UNUSUAL = re.compile(rb'<c(?! r="[A-Ca-c]?[A-Za-z][0-9]{1,4}")[\s/>]')
"""Step 2: a cell without a reference first, or with one past the quick bound."""
_ERROR_CELL = b't="e"'
"""Step 2: what every formula-error cell holds (searched for as plain bytes: no regex visits each cell)."""
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w.:-]+)\s*=\s*"([^"]*)"')
_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb'(?:^|\s)r="\$?([A-Za-z]{1,3})\$?([0-9]{1,9})"')
_ROW_NUMBER = re.compile(rb'(?:^|\s)r="([0-9]{1,9})"')
_ERROR_TYPE = re.compile(rb'(?:^|\s)t="e"')
_ERROR_VALUE = re.compile(rb"(?:<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>.*?</(?:[\w.-]+:)?f>))?<(?:[\w.-]+:)?v>([^<]{0,64})<",
                          re.DOTALL)
HEAD_BYTES = 1 << 20
"""How much of a sheet part step 1 reads at most while looking for ``<dimension>`` before ``<sheetData>``."""
STREAM_FROM = 8 << 20
"""A sheet part larger than this (unpacked) is streamed: its head first, the rest only if the head allows."""


def column_number(letters: bytes | str) -> int:
    """1-based number of a column's letters ('A' = 1, 'XFD' = 16384)."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for char in text.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number


_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
"""A zip member's local header (30 bytes): signature, flags, name length, extra field length."""
_PLAIN = 0x1 | 0x20 | 0x40
"""Flags zipfile handles specially (encrypted, patched data, strong encryption): such a member is read by zipfile."""
_UTF8_NAME = 0x800
"""The flag that says a member's name is UTF-8 (else code page 437)."""


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """``archive.read(name)``, without zipfile's per-member machinery for an ordinary member of a file
    opened for reading (stored or deflated, not encrypted): its bytes are taken from the file, inflated in
    one call and checked against the directory's size and CRC-32. Anything else, or anything that does not
    check out, is read by ``archive.read``, which raises what zipfile raises."""
    info = archive.NameToInfo.get(name)
    handle = archive.fp
    if info is None or handle is None or info.flag_bits & _PLAIN \
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.read(name)
    try:
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        own_name = handle.read(name_length)
        if signature != zipfile.stringFileHeader or own_name != info.orig_filename.encode(
                "utf-8" if flags & _UTF8_NAME else "cp437"):
            return archive.read(name)
        handle.seek(extra_length, 1)
        raw = handle.read(info.compress_size)
        data = raw if info.compress_type == zipfile.ZIP_STORED else inflate(raw)
    except (OSError, struct.error, UnicodeEncodeError, *INFLATE_ERRORS):
        return archive.read(name)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return archive.read(name)
    return data


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: its part in the zip} from xl/workbook.xml and its relationships; {} when they cannot be read."""
    try:
        workbook = read_part(archive, "xl/workbook.xml")
        relations = read_part(archive, "xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    if len(workbook) + len(relations) > CACHED_PARTS_BYTES:
        return dict(_parse_parts(workbook, relations))
    return dict(_cached_parts(workbook, relations))


CACHED_PARTS_BYTES = 64 << 10
"""xl/workbook.xml and its relationships are parsed once per distinct pair up to this size (together)."""


@lru_cache(maxsize=64)
def _cached_parts(workbook: bytes, relations: bytes) -> tuple[tuple[str, str], ...]:
    """:func:`_parse_parts`, once per distinct pair of parts: every plan made from one template holds the same
    bytes. The cache is keyed by the unpacked bytes themselves (compared in full on a hit), so no file can get
    another file's answer; it holds only small parts (:data:`CACHED_PARTS_BYTES`)."""
    return _parse_parts(workbook, relations)


def _parse_parts(workbook: bytes, relations: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, part) pairs of :func:`sheet_parts` from the bytes of xl/workbook.xml and its relationships."""
    targets: dict[bytes, str] = {}
    for element in _RELATIONSHIP.findall(relations):
        found = dict(_ATTRIBUTE.findall(element))
        if b"Id" in found and b"Target" in found:
            targets[found[b"Id"]] = html.unescape(found[b"Target"].decode("utf-8", errors="replace"))
    parts: dict[str, str] = {}
    for element in _SHEET.findall(workbook):
        found = {key.rsplit(b":", 1)[-1]: value for key, value in _ATTRIBUTE.findall(element)}
        target = targets.get(found.get(b"id", b""), "")
        if target and b"name" in found:
            name = html.unescape(found[b"name"].decode("utf-8", errors="replace"))
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[name] = part
    return tuple(parts.items())


def scan_sheets(source: str | Path | zipfile.ZipFile, names: Collection[str] | None, limits: Limits
                ) -> tuple[dict[str, SheetScan], SheetScan | None]:
    """Scan the sheets of ``names`` (None: every sheet) that the .xlsx at ``source`` (a path, or the file's
    zip archive already open) has: ({name: scan}, the first that exceeds ``limits`` or None). A sheet that
    exceeds them is not scanned further, nor are the sheets after it. A package without xl/workbook.xml
    (an .ods) has no sheets to scan."""
    if not isinstance(source, zipfile.ZipFile):
        with zipfile.ZipFile(source) as archive:
            return scan_sheets(archive, names, limits)
    archive = source
    if "xl/workbook.xml" not in archive.NameToInfo and "content.xml" in archive.NameToInfo:
        return _scan_ods(archive, names, limits)
    scans: dict[str, SheetScan] = {}
    available = archive.NameToInfo
    for name, part in sheet_parts(archive).items():
        if (names is not None and name not in names) or part not in available:
            continue
        scan = _scan_part(archive, name, part, limits)
        scans[name] = scan
        if scan.exceeds(limits):
            return scans, scan
    return scans, None


_ODS_TOKEN = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="([0-9]{1,9})"')
_ODS_COLUMNS = re.compile(rb'table:number-columns-repeated="([0-9]{1,9})"')


def _scan_ods(archive: zipfile.ZipFile, names: Collection[str] | None, limits: Limits
              ) -> tuple[dict[str, SheetScan], SheetScan | None]:
    """How far each table of an OpenDocument spreadsheet reaches: rows and cells repeated with
    ``number-rows-repeated``/``number-columns-repeated`` count as often as they repeat when they hold a
    value (a short file can ask for billions of cells), empty ones not (LibreOffice ends every table so)."""
    data = archive.read("content.xml")
    scans: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    depth = row = column = row_end = repeat = 0
    for token in _ODS_TOKEN.finditer(data):
        closing, kind, attributes, empty = token[1], token[2], token[3], token[4]
        if kind == b"table":
            depth += -1 if closing else (0 if empty else 1)
            if not closing and depth == 1:
                name = _ODS_NAME.search(attributes)
                scan = SheetScan(html.unescape(name[1].decode("utf-8", errors="replace")) if name else "")
                scans[scan.name] = scan
                row = 0
            elif closing and depth == 0 and scan is not None:
                if (names is None or scan.name in names) and scan.exceeds(limits):
                    return scans, scan
                scan = None
            continue
        if scan is None or depth != 1:
            continue  # a table inside a cell, or content outside a table
        if kind == b"table-row" and not closing:
            count = _ODS_ROWS.search(attributes)
            repeat, column, row_end = int(count[1]) if count else 1, 0, 0
            if empty:
                row += repeat
        elif kind == b"table-row":  # </table:table-row>
            if row_end:
                scan.rows, scan.columns = row + repeat, max(scan.columns, row_end)
            row += repeat
        elif not closing:
            count = _ODS_COLUMNS.search(attributes)
            span = int(count[1]) if count else 1
            if not empty or b"office:value-type" in attributes:
                row_end = column + span
            column += span
    return scans, None


def _scan_part(archive: zipfile.ZipFile, name: str, part: str, limits: Limits) -> SheetScan:
    if archive.getinfo(part).file_size <= STREAM_FROM:
        data = read_part(archive, part)
        head = data[:_head_end(data)]
    else:  # a large part: its <dimension> may refuse it before the rest is unpacked
        with archive.open(part) as stream:
            head = _head(stream)
            if (refused := _refused(name, head, limits)) is not None:
                return refused
            data = head + stream.read()
    if (refused := _refused(name, head, limits)) is not None:
        return refused
    if _PREFIXED_MAIN.search(head) is None and _ERROR_CELL not in data and _UNUSUAL.search(data) is None:
        return SheetScan(name)  # within QUICK_ROWS x QUICK_COLUMNS, no error cells
    return count_cells(name, data)


def _refused(name: str, head: bytes, limits: Limits) -> SheetScan | None:
    """Step 1: the scan of a sheet whose ``<dimension>`` claims more than ``limits``, else None."""
    claim = _claimed_end(head)
    if claim is not None and (claim[0] > limits.rows or claim[1] > limits.columns):
        return SheetScan(name, rows=claim[0], columns=claim[1], claimed=True)
    return None


def _head_end(data: bytes) -> int:
    match = _SHEET_DATA.search(data, 0, HEAD_BYTES)
    return match.end() if match else min(len(data), HEAD_BYTES)


def _head(stream) -> bytes:
    """The part up to and including the ``<sheetData`` start tag (at most :data:`HEAD_BYTES`)."""
    head = b""
    while len(head) < HEAD_BYTES:
        chunk = stream.read(16384)
        if not chunk:
            break
        head += chunk
        if _SHEET_DATA.search(head, max(0, len(head) - len(chunk) - 16)):
            break
    return head


def _claimed_end(head: bytes) -> tuple[int, int] | None:
    """(last row, last column) of the ``<dimension>`` in ``head``, or None without one."""
    match = _DIMENSION.search(head)
    if match is None:
        return None
    if match[1] is None:  # a single cell, "A1"
        single = _DIMENSION_ONE.search(head)
        return (int(single[2]), column_number(single[1])) if single else None
    return int(match[2]), column_number(match[1])


def count_cells(name: str, data: bytes) -> SheetScan:
    """Step 3: every cell's place as calamine reads it, the farthest row and column, and the error cells."""
    scan = SheetScan(name)
    row, column = -1, -1
    for token in _TOKEN.finditer(data):
        attributes = token[2]
        if token[1] == b"row":
            number = _ROW_NUMBER.search(attributes)
            row, column = (int(number[1]) - 1 if number else row + 1), -1
            continue
        ref = _REF.search(attributes)
        place = (int(ref[2]) - 1, column_number(ref[1]) - 1) if ref else (max(row, 0), column + 1)
        column = place[1]
        scan.rows, scan.columns = max(scan.rows, place[0] + 1), max(scan.columns, place[1] + 1)
        if _ERROR_TYPE.search(attributes) and not attributes.endswith(b"/"):
            value = _ERROR_VALUE.match(data, token.end())
            if value is not None:
                scan.errors[place] = value[1].decode("utf-8", errors="replace").strip() or "#N/A"
    return scan

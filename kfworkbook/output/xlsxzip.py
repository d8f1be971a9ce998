"""Packaging an XlsxWriter workbook (in-memory mode) quicker: :func:`quick_zip`.

XlsxWriter writes each part of the workbook (a sheet's XML…) into a StringIO, then zips
``getvalue().encode("utf-8")``: the Aktiviteter sheet of a 60,000-activity summary, some 40 MB of XML, is
copied whole three times on its way into the zip (the text, the text again, its bytes) before it is deflated.
Within :func:`quick_zip` a part keeps what XlsxWriter wrote as a list of pieces (:class:`XmlPieces`), and
:class:`QuickZip` encodes and deflates them a thousand pieces at a time — the same parts, with less memory
touched — at deflate level 1, with ISA-L where it is installed (:mod:`kfworkbook.deflate`: a third of zlib's
time, files ~7 % smaller).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import xlsxwriter.packager
import xlsxwriter.workbook

from ..deflate import compressor

LEVEL = 1
"""The deflate level: zlib's fastest (about 3× faster than its default, files ~15 % larger); ISA-L's level 1
deflates this XML in a third of zlib's level 1 time, into files ~7 % smaller than zlib's."""
BATCH = 1024
"""Pieces encoded and deflated at a time: a few hundred kilobytes of a sheet's rows."""


class Pieces:
    """The text of an :class:`XmlPieces`, as XlsxWriter passes it on (``getvalue().encode("utf-8")``) to
    :meth:`QuickZip.writestr`, which encodes it batch by batch."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def encode(self, encoding: str = "utf-8") -> Pieces:
        """Itself: encoded (as UTF-8, XML's and XlsxWriter's encoding) only as it is deflated."""
        if encoding.lower().replace("-", "") != "utf8":
            raise ValueError(f"an XML part is written as UTF-8, not {encoding}")
        return self

    def length(self) -> int:
        """The number of characters in the text."""
        return sum(map(len, self.pieces))

    def batches(self) -> Iterator[bytes]:
        """The UTF-8 bytes of the text, :data:`BATCH` pieces at a time."""
        for start in range(0, len(self.pieces), BATCH):
            yield "".join(self.pieces[start:start + BATCH]).encode("utf-8")


class XmlPieces(io.StringIO):
    """An in-memory part that keeps what XlsxWriter writes into it as a list of pieces (XlsxWriter writes
    into any StringIO); ``getvalue`` gives them as :class:`Pieces`."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        """Keep ``text`` as the next piece."""
        self.pieces.append(text)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Keep each of ``lines`` as a piece."""
        self.pieces.extend(lines)

    def getvalue(self) -> Pieces:  # type: ignore[override]
        """The pieces, for :meth:`QuickZip.writestr`."""
        return Pieces(self.pieces)


class QuickZip(zipfile.ZipFile):
    """A ZipFile that deflates at :data:`LEVEL` with :mod:`kfworkbook.deflate` (ISA-L where it is installed) and
    takes the :class:`Pieces` of a part as well as bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: int | None = None) -> None:
        level = LEVEL if compresslevel is None else compresslevel
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):  # XlsxWriter (in-memory mode) passes a ZipInfo
            text = b"".join(data.batches()) if isinstance(data, Pieces) else data
            super().writestr(zinfo_or_arcname, text, compress_type, level)
            return
        zinfo = zinfo_or_arcname
        if compress_type is not None:
            zinfo.compress_type = compress_type
        if hasattr(zinfo, "compress_level"):  # Python 3.13 on
            zinfo.compress_level = level
        else:  # what writestr(compresslevel=...) itself sets up to Python 3.12
            zinfo._compresslevel = level
        if isinstance(data, Pieces):
            batches, size = data.batches(), 3 * data.length()  # at most 3 bytes of UTF-8 per character here
        else:
            data = data.encode("utf-8") if isinstance(data, str) else data
            batches, size = iter([data]), len(data)
        with self.open(zinfo, mode="w", force_zip64=size > zipfile.ZIP64_LIMIT) as part:
            if zinfo.compress_type == zipfile.ZIP_DEFLATED and hasattr(part, "_compressor"):
                part._compressor = compressor(level)  # zipfile's own is zlib's, for every member: this one is ours
            for batch in batches:  # deflated as a stream: the same bytes as in one piece
                part.write(batch)


@contextmanager
def quick_zip() -> Iterator[None]:
    """Let XlsxWriter (in-memory mode) write this workbook's parts as :class:`XmlPieces` and package them with
    :class:`QuickZip`."""
    zip_file, text_file = xlsxwriter.workbook.ZipFile, xlsxwriter.packager.StringIO
    xlsxwriter.workbook.ZipFile, xlsxwriter.packager.StringIO = QuickZip, XmlPieces
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile, xlsxwriter.packager.StringIO = zip_file, text_file

"""The print decisions every workbook kfworkbook writes shares: paper, margins, footer, type size, widths.

Templates and annotated copies are written with openpyxl (:func:`kfworkbook.template.sheets.page_setup`),
summaries and follow-up reports with XlsxWriter (:func:`kfworkbook.output.xlsx.page_setup`); both
adapters take their decisions from here, so that every printed page looks alike and stays legible:

* A4, the header row repeated on every page, a footer with the förvaltning (or the unit), the sheet's
  name and "Sida X av Y" whose three parts never overlap (:func:`footer` shortens the left part);
* a sheet that prints legibly one page wide (at least :data:`MIN_TYPE_PT` points after scaling) is
  fitted to the page width; a wider one prints as column pages: a fixed scale, manual column breaks,
  the key columns repeated on every page and the pages ordered across, then down (:func:`layout`);
* columns wide enough for the longest word they hold (:func:`word_width`), so that no word of the
  configuration's own lists is broken in print.

Widths are in Excel's units (characters of the default font). LibreOffice, with which the tests print,
falls back to a wider font than Excel's Calibri, so :data:`CHAR_PT` is LibreOffice's width of a unit:
what fits there fits in Excel, at a larger size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

PAPER_A4 = 9
"""The paper size code of A4 in both spreadsheet formats."""
CHAR_PT = 7.0
"""Printed width (points, at 100 %) of one unit of column width, as LibreOffice prints it."""
COLUMN_PAD = 0.75
"""What a column adds to its width in print (Excel's 5 pixels of padding; XlsxWriter stores them in the width)."""
FONT_PT = 11.0
"""The cell font of every workbook (Calibri 11)."""
MIN_TYPE_PT = 8.0
"""The smallest effective type size a printed page may have."""
TARGET_TYPE_PT = 8.3
"""The size the layout aims at: a margin above :data:`MIN_TYPE_PT` for rounding and bold text."""
FOOTER_PT = 9
"""Size of the header and footer text, printed at this size however the sheet is scaled (not scaled with it)."""
FOOTER_CHAR_PT = 0.62 * FOOTER_PT
"""Average width of a character of the footer (LibreOffice's fallback font, which is wider than Calibri)."""
INCH = 72.0
A4_SHORT, A4_LONG = 595.3, 841.9
"""A4 in points."""
LONG_NAME = ("stadsdelsförvaltning", "stadsdelsförv.")
"""How a long förvaltning name is shortened in a footer before it is cut."""


@dataclass(frozen=True)
class Page:
    """An A4 page: orientation and margins (inches, as both formats store them)."""

    landscape: bool
    left: float = 0.4
    right: float = 0.4
    top: float = 0.6
    bottom: float = 0.6
    header: float = 0.3
    footer: float = 0.3

    @property
    def width_pt(self) -> float:
        """The printable width in points: the paper less the left and right margins."""
        return (A4_LONG if self.landscape else A4_SHORT) - (self.left + self.right) * INCH

    @property
    def height_pt(self) -> float:
        """The printable height in points: the paper less the top and bottom margins."""
        return (A4_SHORT if self.landscape else A4_LONG) - (self.top + self.bottom) * INCH

    @property
    def orientation(self) -> str:
        return "landscape" if self.landscape else "portrait"


PORTRAIT = Page(landscape=False)
LANDSCAPE = Page(landscape=True, left=0.3, right=0.3)
WIDE_TABLE = Page(landscape=True, left=0.25, right=0.25, top=0.75, bottom=0.5)
"""A landscape page for a form's activity table: narrow side margins, room for the page header."""


@dataclass(frozen=True)
class Layout:
    """How a sheet prints: fitted to the page width (``scale`` None), or as column pages at ``scale`` percent
    with a manual break before each column of ``breaks`` (0-based) and ``repeat`` (first, last) printed at the
    left of every page after the first."""

    scale: int | None = None
    breaks: tuple[int, ...] = ()
    repeat: tuple[int, int] | None = None
    type_pt: float = FONT_PT
    """The effective type size of the cell font as LibreOffice prints the sheet (an estimate)."""
    pages_wide: int = 1


def printed_width(widths: Sequence[float]) -> float:
    """The width (in units) columns of ``widths`` take in print, their padding included."""
    return sum(widths) + COLUMN_PAD * len(widths)


def type_size(width: float, page: Page, font: float = FONT_PT) -> float:
    """The effective size of ``font`` when columns ``width`` units wide in all are fitted to the page width."""
    if width <= 0:
        return font
    return font * min(1.0, page.width_pt / (width * CHAR_PT))


def fits(widths: Sequence[float], page: Page, font: float = FONT_PT) -> bool:
    """Whether columns of ``widths`` print legibly on one page width."""
    return type_size(printed_width(widths), page, font) >= TARGET_TYPE_PT


def layout(widths: Sequence[float], page: Page, repeat: tuple[int, int] | None = None,
           font: float = FONT_PT) -> Layout:
    """The print layout of a table with columns of ``widths``: one page wide when legible there, else column pages.

    Column pages fill each page from the left (the first page from column 0, each later one after the
    ``repeat`` columns, which print again at its left) up to the width a page holds at
    :data:`TARGET_TYPE_PT`; the scale is then the largest that fits the widest page.
    """
    if fits(widths, page, font):
        return Layout(type_pt=type_size(printed_width(widths), page, font))
    capacity = page.width_pt / (CHAR_PT * TARGET_TYPE_PT / font)
    padded = [w + COLUMN_PAD for w in widths]
    keys = sum(padded[repeat[0]:repeat[1] + 1]) if repeat else 0.0
    pages: list[list[int]] = [[]]
    used = 0.0
    for column, width in enumerate(padded):
        if pages[-1] and used + width > capacity:
            pages.append([])
            used = keys if repeat and column > repeat[1] else 0.0
        pages[-1].append(column)
        used += width
    widest = max(sum(padded[c] for c in page_columns) + (keys if n and repeat else 0.0)
                 for n, page_columns in enumerate(pages))
    scale = min(100, int(100 * page.width_pt / (widest * CHAR_PT)))
    breaks = tuple(page_columns[0] for page_columns in pages[1:])
    return Layout(scale=scale, breaks=breaks, repeat=repeat if breaks else None, type_pt=font * scale / 100,
                  pages_wide=len(pages))


def one_page(widths: Sequence[float], heights: Sequence[float], page: Page, font: float = FONT_PT) -> bool:
    """Whether a sheet of columns ``widths`` and rows ``heights`` (points) fits one page at a legible size."""
    if not heights:
        return False
    scale = min(1.0, page.width_pt / (printed_width(widths) * CHAR_PT), page.height_pt / sum(heights))
    return font * scale >= TARGET_TYPE_PT


def title_columns(widths: Sequence[float], page: Page, repeat: tuple[int, int] | None = None) -> list[float]:
    """The widths of the columns a title above the table may span without being cut by :func:`layout`'s pages.

    One page wide: every column. Column pages: the repeated key columns when they start the table (the title
    then prints on every page), else the columns left of them, else the first page's columns.
    """
    chosen = layout(widths, page, repeat)
    if not chosen.breaks:
        return list(widths)
    if chosen.repeat and chosen.repeat[0] > 0:
        return list(widths[:chosen.repeat[0]])
    if chosen.repeat:
        return list(widths[chosen.repeat[0]:chosen.repeat[1] + 1])
    return list(widths[:chosen.breaks[0]])


def word_width(values: Iterable[Any], minimum: float = 0.0, maximum: float = 60.0) -> float:
    """A column width that holds the longest word of ``values`` unbroken (bold or not), within the bounds."""
    longest = max((len(word) for value in values if value is not None for word in str(value).split()), default=0)
    return float(min(maximum, max(minimum, longest + 2)))


def escape(text: str) -> str:
    """``text`` for a header or footer: '&' starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def shorten(text: str, chars: int) -> str:
    """``text`` in at most ``chars`` characters: 'stadsdelsförvaltning' abbreviated, then cut at a word with '…'."""
    if len(text) <= chars:
        return text
    long, short = LONG_NAME
    text = text.replace(long, short)
    if len(text) <= chars:
        return text
    cut = text[:max(chars - 1, 1)]
    if " " in cut.strip():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,–-") + "…"


def footer(context: str, sheet: str, page: Page) -> tuple[str, str, str]:
    """The footer's left, centre and right parts (Excel codes, &-escaped): ``context`` (the förvaltning or the
    unit), the sheet's name and 'Sida X av Y', with ``context`` shortened so that it never reaches the centre."""
    half = page.width_pt / 2
    room = half - FOOTER_CHAR_PT * (len(sheet) / 2 + 2)
    left = shorten(context, max(int(room / FOOTER_CHAR_PT), 8))
    return escape(left), "&A", "Sida &P av &N"


def header(text: str, page: Page) -> str:
    """A page header across the page (Excel codes, &-escaped), shortened to fit one line."""
    return escape(shorten(text, int(page.width_pt / FOOTER_CHAR_PT) - 2))


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide (whole words; one character a unit)."""
    lines = 0
    capacity = max(int(width), 1)
    for part in str(text).split("\n"):
        used, count = 0, 1
        for word in part.split():
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                count += 1
            count += (size - 1) // capacity
            used = size - (size - 1) // capacity * capacity
        lines += count
    return max(lines, 1)


def title_height(text: str, width: float, size: float) -> float:
    """The row height (points) of a title of ``size`` points wrapped into ``width`` units of a normal-size font."""
    chars_per_unit = FONT_PT / size
    return line_count(text, width * chars_per_unit * 0.85) * size * 1.35 + 4

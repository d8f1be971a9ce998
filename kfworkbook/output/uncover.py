"""Taking a sheet's conditional formats off some of its cells, so that the cells' own fill shows.

A conditional format wins over a cell's fill in Excel and in LibreOffice. The annotated copy fills each
cell with an issue red or amber; where the template's live checks colour the same cell, the copy's
colour must be the one a manager sees. :func:`uncover` rewrites every conditional format that covers a
marked cell as the same rules over the rest of its range: the range is cut around the marked cells
and each piece's formula is moved to the piece's first cell, as Excel reads a rule's relative
references from the first cell of its range.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet


def uncover(ws: Worksheet, cells: Iterable[str]) -> None:
    """Remove ``ws``'s conditional formats from ``cells`` (addresses such as 'G7'); the rest keeps them."""
    marked = {coordinate_to_tuple(cell) for cell in cells}
    if not marked or not ws.conditional_formatting:
        return
    kept = ConditionalFormattingList()
    entries: list[tuple[int, int, str, object]] = []
    for cf in ws.conditional_formatting:
        ranges = list(cf.sqref.ranges)
        anchor = f"{get_column_letter(ranges[0].min_col)}{ranges[0].min_row}"
        hit = any((row, col) in marked for rng in ranges for row, col in rng.cells)
        pieces = [piece for rng in ranges for piece in _pieces(rng, marked)] if hit else [None]
        for rule in cf.rules:
            for number, piece in enumerate(pieces):
                entries.append((rule.priority or 0, number, str(piece) if piece else str(cf.sqref),
                                _moved(rule, anchor, piece)))
    for priority, (_, _, where, rule) in enumerate(sorted(entries, key=lambda e: (e[0], e[1])), start=1):
        rule.priority = priority  # type: ignore[attr-defined]
        kept.add(where, rule)  # type: ignore[arg-type]
    ws.conditional_formatting = kept


def _pieces(rng: CellRange, marked: set[tuple[int, int]]) -> list[CellRange]:
    """The column runs of ``rng`` without the marked cells."""
    out: list[CellRange] = []
    for col in range(rng.min_col, rng.max_col + 1):
        start = None
        for row in range(rng.min_row, rng.max_row + 2):
            free = row <= rng.max_row and (row, col) not in marked
            if free and start is None:
                start = row
            elif not free and start is not None:
                out.append(CellRange(min_col=col, min_row=start, max_col=col, max_row=row - 1))
                start = None
    return out


def _moved(rule: object, anchor: str, piece: CellRange | None) -> object:
    """A copy of ``rule`` whose formulas read from ``piece``'s first cell instead of ``anchor``."""
    moved = copy(rule)
    if piece is None:
        return moved
    target = f"{get_column_letter(piece.min_col)}{piece.min_row}"
    formulas = getattr(rule, "formula", None) or []
    moved.formula = [Translator("=" + f, origin=anchor).translate_formula(target)[1:] for f in formulas]  # type: ignore[attr-defined]
    return moved

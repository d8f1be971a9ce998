"""The activity table of a sheet read into values: its header row found, its rows cleaned and kept, the
issues of the table's shape (missing or doubled columns, error cells, merged cells, rows below the table).

Shared by both forms (a plan's Aktivitetsplan, a follow-up's table) and every reader (calamine, openpyxl,
xlwings): :func:`read_activities` takes a grid of values and fills a :class:`~kfworkbook.read.workbook.Workbook`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import is_not, itemgetter
from typing import Any

from ..forms import columns as C
from ..forms.columns import get_column_letter
from ..forms.spec import PLAN, Form
from ..issues import Issue, advice, make_issue

HEADER_SEARCH_ROWS = 40
MAX_HEADER_LENGTH = 80


@lru_cache(maxsize=4096)
def header_key(text: Any) -> str:
    """A header folded for matching: case, spacing, line breaks and dash variants ignored."""
    value = unicodedata.normalize("NFC", str(text))
    value = re.sub(r"[\u2010-\u2015\-]", "-", value)
    value = re.sub(r"\s*-\s*", " - ", value)
    return re.sub(r"\s+", " ", value).strip().rstrip("*").strip().casefold()


_FORM_HEADERS: dict[tuple[str, ...], dict[str, str]] = {}


def _headers(form: Form) -> dict[str, str]:
    """The folded headers of ``form``'s table, mapped to their keys (made once per set of columns)."""
    key = tuple(c.key for c in form.columns)
    found = _FORM_HEADERS.get(key)
    if found is None:
        found = _FORM_HEADERS[key] = {header_key(c.header): c.key for c in form.columns}
    return found


def clean(value: Any) -> Any:
    """A cell value as the checks want it: strings trimmed (None when empty), others unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()  # also non-breaking spaces at the ends; inner text is kept as typed
        return value or None
    return value


def longest_text(values: Iterable[Any]) -> int:
    """The length of the longest string among ``values`` (0 without one), at C speed (no Python code runs
    per value)."""
    return max(map(len, filter(_IS_STR, values)), default=0)


_IS_STR = str.__instancecheck__
"""``isinstance(value, str)`` as one C function of the value."""


def too_long_issue(file: str, sheet: str, cell: str, column: str, value: str) -> Issue:
    """A text longer than a cell can hold: Excel would cut it (every cell the reader hands on is checked,
    whether it was stored inline or in the shared strings)."""
    return make_issue("text-for-lang", file=file, sheet=sheet, cell=cell, row=int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                      column=column, value=value, length=f"{len(value):,}".replace(",", " "))


def find_header(rows: Sequence[Sequence[Any]], form: Form = PLAN) -> tuple[int, dict[int, str], list[str]]:
    """(0-based header row, {0-based column: key}, duplicate headers) of the best-matching row."""
    best_row, best, duplicates = -1, {}, []
    headers = _headers(form)
    for r in range(min(len(rows), HEADER_SEARCH_ROWS)):
        found: dict[int, str] = {}
        dups: list[str] = []
        for c, value in enumerate(rows[r]):
            if not isinstance(value, str) or not value or len(value) > MAX_HEADER_LENGTH:
                continue
            key = headers.get(header_key(value))
            if key is None:
                continue
            if key in found.values():
                dups.append(key)
            else:
                found[c] = key
        if len(found) > len(best):
            best_row, best, duplicates = r, found, dups
            if len(best) == len(form.columns):
                break
    return best_row, best, duplicates


def read_activities(plan: Any, grid: Any, form: Form = PLAN) -> dict[str, int]:
    """Read the activity table of ``grid`` (a :class:`~kfworkbook.read.workbook.SheetGrid`) into ``plan`` (a
    :class:`~kfworkbook.read.workbook.Workbook`); the length of the longest text in each column."""
    rows = grid.rows
    header, found, duplicates = find_header(rows, form)
    file, sheet = plan.file, form.sheet
    if len(found) < 2:
        for col in (c for c in form.columns if c.required):
            plan.issues.append(make_issue("kolumn-saknas", file=file, sheet=sheet, column=col.header))
        return {}
    plan.header_row = header + 1
    plan.letters = {key: get_column_letter(c + 1) for c, key in found.items()}
    present = set(found.values())
    for col in form.columns:
        if col.key not in present:
            code = "kolumn-saknas" if col.required else "kolumn-saknas-valfri"
            plan.issues.append(make_issue(code, file=file, sheet=sheet, column=col.header))
    for key in dict.fromkeys(duplicates):
        plan.issues.append(make_issue("kolumn-dubbel", file=file, sheet=sheet, column=form.by_key[key].header))

    positions = sorted(found.items())
    index, values = table_values(rows, header + 1, [c for c, _ in positions])
    data: dict[str, list[Any]] = {col.key: [None] * len(index) for col in form.columns}
    data.update(zip((key for _, key in positions), values, strict=True))
    plan.columns, plan.row_numbers = data, index
    # one pass over all values bounds each column's longest text: a column is measured only past that bound
    lengths = {key: longest_text(data[key]) for key in present} if longest_text(chain.from_iterable(values)) \
        >= C.MAX_CELL_TEXT else {}
    for key, column in data.items():
        if lengths.get(key, 0) > C.MAX_CELL_TEXT:
            for position in [i for i, v in enumerate(column) if type(v) is str and len(v) > C.MAX_CELL_TEXT]:
                plan.issues.append(too_long_issue(file, sheet, f"{plan.letters[key]}{index[position]}",
                                                  form.by_key[key].header, column[position]))

    for (r, c), error in sorted(grid.errors.items()):
        if r > header and c in found:
            cell = f"{get_column_letter(c + 1)}{r + 1}"
            plan.issues.append(make_issue("cell-felvarde", file=file, sheet=sheet, cell=cell, row=r + 1,
                                          column=form.by_key[found[c]].header, value=error))
    last_col = max(found) + 1
    for first_row, first_col, last_row, end_col in grid.merged:
        if last_row > header and first_col <= last_col:
            ref = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(end_col)}{last_row}"
            plan.issues.append(make_issue("sammanfogade-celler", file=file, sheet=sheet,
                                          cell=f"{get_column_letter(first_col)}{first_row}", row=first_row,
                                          range=ref))
    _check_rows(plan, form)
    return lengths


def _check_rows(plan: Any, form: Form) -> None:
    """The issue for activities written below the table's last row (the form's ``rows_below_table``)."""
    file, sheet, index = plan.file, form.sheet, plan.row_numbers
    table_rows = _int(plan.meta.get("rows"))
    if table_rows and form.rows_below_table:  # else a row added is that form's own issue (uppf-rad-tillagd)
        last = plan.header_row + table_rows
        beyond = [i for i in index if i > last]
        if beyond:
            free = table_rows - (len(index) - len(beyond))
            hint = (advice("flytta-upp", them="raden" if len(beyond) == 1 else "raderna", free=free)
                    if free >= len(beyond) else advice("fler-rader", rows=table_rows))
            plan.issues.append(make_issue("for-manga-rader", file=file, sheet=sheet, cell=f"A{beyond[0]}",
                                          row=beyond[0], count=len(beyond), last=last, advice=hint))


def table_values(rows: Sequence[Sequence[Any]], start: int, positions: list[int]) -> tuple[list[int], list[list[Any]]]:
    """(Excel row numbers, one list of values per column in ``positions``) of every row from the 0-based row
    ``start`` on that holds a value in one of those columns; each value as :func:`clean` makes it.

    Each row is cut to ``positions`` when the grid holds other columns (the grid is rectangular when it comes
    from calamine or openpyxl; a ragged one is padded first) and cleaned; a row is empty when its values are
    all None (by identity: no value's ``==`` is called); the rows kept are transposed into columns once, at C
    speed. ``positions`` are sorted and distinct."""
    body = rows[start:]
    need = positions[-1] + 1
    if body and min(map(len, body)) < need:  # a ragged grid (xlwings, a test): missing cells are empty
        body = [row if len(row) >= need else [*row, *[None] * (need - len(row))] for row in body]
    if body and max(map(len, body)) != len(positions):  # the grid holds other columns than the table's
        body = [(row[positions[0]],) for row in body] if len(positions) == 1 else list(
            map(itemgetter(*positions), body))
    cleaned = [[(v.strip() or None) if type(v) is str else ((v.strip() or None) if isinstance(v, str) else v)
                for v in row] for row in body]
    # a row with a true value is kept at once; one whose values are all false (None, 0, False) is looked at again
    keep = [any(row) or any(map(is_not, row, repeat(None))) for row in cleaned]
    index = list(compress(range(start + 1, start + 1 + len(body)), keep))
    if not index:
        return [], [[] for _ in positions]
    kept = cleaned if len(index) == len(cleaned) else list(compress(cleaned, keep))
    return index, [list(column) for column in zip(*kept, strict=True)]


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None

"""Turning a real .xlsx into the payload the xlwings remote engine expects (what Excel's client sends).

    book = xlwings.Book(json=payload_from_xlsx(path))   # XLWINGS_LICENSE_KEY must be set before import
    ...                                                  # run the button code against ``book``
    book.json()["actions"]                               # what Excel would be told to do

Mirrors the shipped clients of xlwings 0.37 (``xlwings/js/xlwings.ts``, ``xlwings/addin/Remote.bas``):
sheet values are a 2D list anchored at A1 up to the last used cell (an empty sheet is ``[[]]``), an
empty cell is ``""``, a date is an ISO string ``YYYY-MM-DDTHH:MM:SS.fffZ`` (the engine turns it into a
datetime), a formula is sent as its cached value (Excel sends values, never formulas; a file written by
openpyxl has no cached values, so such cells are ``""``), error values are sent as their text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_VISIBILITY = {"hidden": "Hidden", "veryHidden": "VeryHidden"}


def _iso(value: dt.datetime) -> str:
    return f"{value.replace(tzinfo=None):%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def payload_value(value: Any) -> Any:
    """A cell value as the clients send it."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return _iso(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, dt.time):  # time-formatted serials arrive as datetimes on Excel's day 0
        return _iso(dt.datetime.combine(_EXCEL_EPOCH, value))
    if isinstance(value, dt.timedelta):  # e.g. [h]:mm: Excel sends the serial (days)
        return value.total_seconds() / 86400
    return str(value)


def _absolute(ref: str) -> str:
    """'A1:C4' → '$A$1:$C$4' (how VBA's Range.Address reads)."""
    return ":".join(re.sub(r"^([A-Z]+)(\d+)$", r"$\1$\2", part) for part in ref.upper().split(":"))


def _table(table: Any) -> dict[str, Any]:
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = (table.headerRowCount if table.headerRowCount is not None else 1) > 0
    totals = bool(table.totalsRowCount)

    def rows(first: int, last: int) -> str | None:
        if first > last:
            return None
        return _absolute(f"{get_column_letter(min_col)}{first}:{get_column_letter(max_col)}{last}")

    style = table.tableStyleInfo
    return {
        "name": table.displayName or table.name,
        "range_address": _absolute(table.ref),
        "header_row_range_address": rows(min_row, min_row) if headers else None,
        "data_body_range_address": rows(min_row + headers, max_row - totals),
        "total_row_range_address": rows(max_row, max_row) if totals else None,
        "show_headers": headers,
        "show_totals": totals,
        "table_style": style.name if style is not None and style.name else "",
        "show_autofilter": table.autoFilter is not None,
    }


def _names(workbook: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Defined names that refer to one range, book and sheet scope, as the clients send them."""
    titles = workbook.sheetnames
    out: list[dict[str, Any]] = []

    def add(defined: Any, scope: int | None) -> None:
        try:
            destinations = list(defined.destinations)
        except Exception:  # a constant or formula: not a range, the clients skip it
            return
        if len(destinations) != 1 or destinations[0][0] not in titles:
            return
        title, ref = destinations[0]
        out.append({
            "name": defined.name,
            "sheet_index": titles.index(title),
            "address": ref.replace("$", "").upper(),
            "book_scope": scope is None,
            "scope_sheet_name": None if scope is None else titles[scope],
            "scope_sheet_index": scope,
        })

    for defined in workbook.defined_names.values():
        add(defined, None)
    for index, sheet in enumerate(workbook.worksheets):
        for defined in sheet.defined_names.values():
            add(defined, index)
    return out


def _sheet(values_ws: Any, formulas_ws: Any, included: bool = True) -> dict[str, Any]:
    if not included:  # what the clients send for a sheet outside a script's ``include``: its name, no content
        return {"name": formulas_ws.title, "values": [[]], "visibility": _VISIBILITY.get(formulas_ws.sheet_state, "Visible"),
                "used_range_address": None, "pictures": [], "shapes": [], "charts": [], "notes": [], "tables": [],
                "print_area": None}
    max_row, max_col = formulas_ws.max_row, formulas_ws.max_column
    if max_row == 1 and max_col == 1 and formulas_ws.cell(1, 1).value is None:
        values: list[list[Any]] = [[]]
        used = None
    else:
        values = [[payload_value(values_ws.cell(r, c).value) for c in range(1, max_col + 1)]
                  for r in range(1, max_row + 1)]
        used = formulas_ws.calculate_dimension()
    return {
        "name": formulas_ws.title,
        "values": values,
        "visibility": _VISIBILITY.get(formulas_ws.sheet_state, "Visible"),
        "used_range_address": used,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "notes": [{"address": cell.coordinate} for row in formulas_ws.iter_rows() for cell in row
                  if cell.comment is not None],
        "tables": [_table(t) for t in formulas_ws.tables.values()],
        "print_area": None,
    }


def payload_from_xlsx(path: str | Path, client: str = "VBA", include: list[str] | None = None) -> dict[str, Any]:
    """The payload ``xlwings.Book(json=...)`` accepts for the workbook at ``path``.

    ``client``: "VBA" (classic xlwings Server button) or "Office.js" (xlwings Lite; it also turns off
    the client/server version check and turns on Office.js-only actions). ``include``: a script's
    ``@script(include=[...])``; as in xlwings' own clients (``xlwings/js/xlwings.ts``), every other sheet
    keeps its place and name but is sent without values, tables or pictures.
    """
    import xlwings

    values = openpyxl.load_workbook(path, data_only=True)  # cached values ("" where a formula has none)
    formulas = openpyxl.load_workbook(path)  # names, tables, sheet state
    active = formulas.active
    try:
        selection = active.sheet_view.selection[0].sqref or "A1"
    except (IndexError, AttributeError):
        selection = "A1"
    return {
        "client": client,
        "version": xlwings.__version__,
        "book": {
            "name": Path(path).name,
            "active_sheet_index": formulas.worksheets.index(active),
            "selection": str(selection).split()[0],
        },
        "names": _names(formulas),
        "sheets": [_sheet(v, f, include is None or f.title in include)
                   for v, f in zip(values.worksheets, formulas.worksheets, strict=True)],
    }


def apply_actions(workbook: openpyxl.Workbook, actions: list[dict[str, Any]]) -> None:
    """Replay the remote engine's value and fill actions on an openpyxl workbook, as Excel would.

    Handles setValues (a leading apostrophe makes the rest text, as in Excel), rangeClearContents and
    setRangeColor (None removes the fill); alerts are ignored; any other action raises.
    """
    from openpyxl.styles import PatternFill

    from kfworkbook.fileio import set_text

    for action in actions:
        func = action["func"]
        if func == "alert":
            continue
        sheet = workbook.worksheets[action["sheet_position"]]
        top, left = action["start_row"] + 1, action["start_column"] + 1
        cells = [sheet.cell(top + r, left + c) for r in range(action["row_count"])
                 for c in range(action["column_count"])]
        if func == "setValues":
            flat = [v for row in action["values"] for v in row]
            for cell, value in zip(cells, flat, strict=True):
                if isinstance(value, str) and value.startswith("'"):
                    set_text(cell, value[1:])
                    cell.data_type = "s"
                else:
                    set_text(cell, None if value == "" else value)
        elif func == "rangeClearContents":
            for cell in cells:
                cell.value = None
        elif func == "setRangeColor":
            color = action["args"][0]
            fill = PatternFill() if color is None else PatternFill("solid", start_color="FF" + color.lstrip("#").upper())
            for cell in cells:
                cell.fill = fill
        else:
            raise NotImplementedError(func)

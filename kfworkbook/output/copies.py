"""Where ``validate --annotate`` puts its copies, and the workbook each copy starts from.

A copy keeps the plan's place relative to the folder it was found in (``lo_saved/X.xlsx`` and
``gamla/X.xlsx`` become two copies, never one over the other) and is always an Excel workbook: a
plan saved as .ods in LibreOffice gets an .xlsx copy built from its values (openpyxl cannot open
.ods), a .xlsx or .xlsm plan is opened as it is. A plan that cannot be opened for copying raises
:class:`CopyError` with a Swedish reason, so that the caller can say so and go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils.cell import column_index_from_string

from .. import printing as P
from ..fileio import set_text
from ..forms import columns as C
from ..forms.columns import get_column_letter
from ..issues import Report
from ..read.problems import calamine_errors
from ..read.workbook import read_grids
from ..template.sheets import WRAP_TOP, page_setup

TOP = Alignment(vertical="top")
COPY_SUFFIXES = (".xlsx", ".xlsm")
"""The suffixes a copy keeps; any other plan (.ods) gets an .xlsx copy."""


class CopyError(Exception):
    """A plan that cannot be opened to make an annotated copy; ``str(error)`` is the Swedish reason and
    ``detail`` the library's own text."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def copy_names(files: Iterable[Path], label: Callable[[Path], str]) -> dict[Path, PurePosixPath]:
    """The copy's path (relative to the copy folder) for each file: its ``label`` (the path relative to the
    folder it was found in), as .xlsx unless it is .xlsx or .xlsm. Two files that would get the same name
    (two files given by name from different folders, or X.ods beside X.xlsx) are told apart as 'X (2).xlsx'."""
    names: dict[Path, PurePosixPath] = {}
    taken: set[str] = set()
    for path in files:
        relative = PurePosixPath(label(path).replace("\\", "/"))
        parts = [p for p in relative.parts if p not in ("", ".", "..")] or [path.name]
        relative = PurePosixPath(*parts)
        if relative.suffix.lower() not in COPY_SUFFIXES:
            relative = relative.with_suffix(".xlsx")
        candidate, number = relative, 1
        while candidate.as_posix().casefold() in taken:  # Windows and macOS ignore case in names
            number += 1
            candidate = relative.with_name(f"{relative.stem} ({number}){relative.suffix}")
        taken.add(candidate.as_posix().casefold())
        names[path] = candidate
    return names


def open_copy(source: Path, report: Report) -> Workbook:
    """The workbook a copy of ``source`` starts from: the plan itself (.xlsx, .xlsm), or for any other
    format (.ods) a new workbook holding the values of the sheets it was read from."""
    if source.suffix.lower() in COPY_SUFFIXES:
        try:
            return load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm", keep_links=True)
        except Exception as exc:  # openpyxl fails in many ways on a file it cannot parse
            raise CopyError("filen kan inte öppnas för att markeras (den kontrollerades ändå)", str(exc)) from None
    try:
        grids, names = read_grids(source)
    except calamine_errors() as exc:
        raise CopyError("filen kunde inte läsas igen för att kopieras", str(exc)) from None
    return values_workbook(grids, names, report)


def values_workbook(grids: dict[str, Any], names: list[str], report: Report) -> Workbook:
    """A new workbook with the values of ``grids`` (sheet by sheet, in workbook order): text wrapped in
    columns as wide as their text (the activity table's as wide as in the template), hidden sheets hidden,
    merged cells merged, every sheet printed on A4 landscape one page wide with its grid."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in (n for n in names if n in grids):
        grid = grids[name]
        ws = wb.create_sheet(name)
        widths: dict[int, float] = {}
        for r, row in enumerate(grid.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, c)
                set_text(cell, value)
                cell.alignment = WRAP_TOP
                widths[c] = max(widths.get(c, 0), _width(value))
                if isinstance(value, (date, datetime)):
                    cell.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) or \
                        value.time() == time() else "yyyy-mm-dd hh:mm"
                elif isinstance(value, timedelta):
                    cell.number_format = "[h]:mm"
        for column, width in widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        for first_row, first_col, last_row, last_col in grid.merged:
            ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
        if grid.hidden:
            ws.sheet_state = "hidden"
        page_setup(ws, P.LANDSCAPE, Path(report.file).name,
                   [widths.get(c, 8.43) for c in range(1, max(widths, default=0) + 1)])
        ws.print_options.gridLines = True  # the values have lost their borders
    plan = report.plan
    if plan is not None and plan.form.sheet in wb.sheetnames:
        ws = wb[plan.form.sheet]
        for key, letter in plan.letters.items():
            column = plan.form.by_key[key]
            ws.column_dimensions[letter].width = column.template_width or column.width
        last = max((column_index_from_string(letter) for letter in plan.letters.values()), default=0)
        for number in range(last + 1, ws.max_column + 1):  # the template's checks and helpers: values of formulas
            ws.column_dimensions[get_column_letter(number)].hidden = True
        if last:
            ws.print_area = f"A1:{get_column_letter(last)}{ws.max_row}"
        if plan.header_row:
            ws.print_title_rows = f"1:{plan.header_row}"
            for row in ws.iter_rows(max_row=plan.header_row - 1):  # titles above the table run on to the right
                for cell in row:
                    cell.alignment = TOP
    if C.SHEET_ANALYSIS in wb.sheetnames:  # the template hides the column of field keys
        wb[C.SHEET_ANALYSIS].column_dimensions[C.ANALYSIS_KEY].hidden = True
    for ws in wb.worksheets:
        fit_heights(ws)
    if not wb.worksheets:
        wb.create_sheet("Blad1")
    return wb


def fit_heights(ws: Any) -> None:
    """Give each row the height its wrapped texts need in the sheet's column widths."""
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items() if dim.width}
    for row in ws.iter_rows():
        texts = [(cell.value, widths.get(cell.column_letter, 8.43)) for cell in row
                 if isinstance(cell.value, str) and cell.alignment.wrap_text]
        height = C.row_height(texts)
        if height > C.row_height(()):
            ws.row_dimensions[row[0].row].height = height


def _width(value: Any) -> float:
    """A column width that shows ``value``: its longest line, between 10 and 60 characters (then wrapped)."""
    if isinstance(value, (date, datetime)):
        return 12
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return float(min(60, max(10, longest + 2)))

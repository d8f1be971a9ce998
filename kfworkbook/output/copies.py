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

from ..fileio import set_text
from ..issues import Report
from ..read.problems import calamine_errors
from ..read.workbook import read_grids

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
    """A new workbook with the values of ``grids`` (sheet by sheet, in workbook order), hidden sheets
    hidden, merged cells merged and the activity table's columns as wide as in the template."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in (n for n in names if n in grids):
        grid = grids[name]
        ws = wb.create_sheet(name)
        for r, row in enumerate(grid.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, c)
                set_text(cell, value)
                if isinstance(value, (date, datetime)):
                    cell.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) or \
                        value.time() == time() else "yyyy-mm-dd hh:mm"
                elif isinstance(value, timedelta):
                    cell.number_format = "[h]:mm"
        for first_row, first_col, last_row, last_col in grid.merged:
            ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
        if grid.hidden:
            ws.sheet_state = "hidden"
    plan = report.plan
    if plan is not None and plan.form.sheet in wb.sheetnames:
        for key, letter in plan.letters.items():
            wb[plan.form.sheet].column_dimensions[letter].width = plan.form.by_key[key].width
    if not wb.worksheets:
        wb.create_sheet("Blad1")
    return wb

"""The Validera button: validate the open workbook through xlwings and mark the result in it.

One function, :func:`validate_book`, serves every way the button can run, because it only uses the
part of the xlwings API that classic ``RunPython`` (real Excel through COM/AppleScript), xlwings
Server and xlwings Lite (the remote engine) all offer:

* reading: sheet names and ``sheet.range((1, 1), used_range.last_cell).value`` (values anchored at A1;
  dates come back as datetime);
* writing: ``range.value`` (one call for all result rows), ``range.color``, ``range.clear_contents()``
  and ``app.alert``. Nothing is read back after writing (the remote engine cannot), no sheet is
  added (the template locks the workbook structure) and nothing is written to a locked cell: the
  status goes to the unlocked cell beside the button, the issues to the unprotected result sheet,
  and fills only to sheets whose protection allows formatting cells.

Which configuration is used: the ``config`` argument; else a ``kfworkbook.toml`` in the folder of the
workbook (only when Excel reports a local path, i.e. not for files opened from SharePoint/OneDrive
or in xlwings Lite); else the configuration embedded in kfworkbook.

xlwings is imported only inside :func:`main`, so this module imports without it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import DEFAULT_CONFIG_NAME, Config, ConfigError, load_config
from ..forms import columns as C
from ..forms.follow_up import is_due
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..issues import ERROR, Report, summary_text
from ..read.workbook import READ_SHEETS, SheetGrid, Workbook, plan_from_grids
from ..validate.run import validate_plan

TITLE = "Validera"
ERROR_COLOR = "#FFC7CE"
WARNING_COLOR = "#FFEB9C"
PREFILLED_COLOR = "#F2F2F2"
"""The grey of the Uppgifter cells HR fills in (``template.GREY``), restored before each run."""
TEXT_PREFIXES = ("=", "+", "-", "@", "'")
"""A string starting with one of these gets an apostrophe, so Excel keeps it as the text it is."""


def validate_book(book: Any, config: Config | None = None) -> Report:
    """Validate the plan in the open xlwings ``book``, mark it and return the :class:`Report`.

    Marks: the fill of the activity table and of the Uppgifter values is reset, each cell with an
    error is filled red and each cell with only warnings amber; the status goes to
    ``Aktivitetsplan!B3``; the result sheet gets one row per issue; a message box gives the totals.
    """
    config = config or find_config(book)
    sheets = {sheet.name: sheet for sheet in book.sheets}
    grids = {name: SheetGrid(name, _values(sheets[name])) for name in READ_SHEETS if name in sheets}
    plan = plan_from_grids(grids, book.name, list(sheets))
    report = validate_plan(plan, config)

    CLEAR_MARKS[plan.form.kind](sheets, grids, plan, config)
    _mark_cells(sheets, report)
    listed = _write_results(sheets.get(C.SHEET_RESULTS), report)
    status = status_text(report, listed)
    if plan.form.sheet in sheets:
        sheets[plan.form.sheet][C.BUTTON_STATUS_CELL].value = excel_text(status)
    book.app.alert(alert_text(report, listed), title=TITLE, mode="info" if report.valid else "critical")
    return report


def find_config(book: Any) -> Config:
    """The configuration for ``book``: ``kfworkbook.toml`` beside it when it has a local folder, else the default."""
    try:
        path = Path(str(book.fullname))
        candidate = path.parent / DEFAULT_CONFIG_NAME
        found = path.is_absolute() and candidate.is_file()
    except (OSError, ValueError):
        found = False
    return load_config(candidate if found else None)


def main() -> None:
    """Entry point of the classic button: ``RunPython "import kfworkbook.excel; kfworkbook.excel.main()"``."""
    import xlwings

    book = xlwings.Book.caller()
    try:
        validate_book(book)
    except Exception as exc:  # the user gets a Swedish message box, never a traceback dialog
        show_error(book, exc)


def show_error(book: Any, exc: Exception) -> None:
    """Tell the user in Swedish that the check could not be run."""
    if isinstance(exc, ConfigError):
        text = f"Valideringen kunde inte köras: {exc} Kontakta HR."
    else:
        text = (f"Valideringen kunde inte köras ({type(exc).__name__}: {exc}). Spara filen och kontakta HR; "
                "berätta vad du gjorde när felet kom.")
    book.app.alert(text, title=TITLE, mode="critical")


# -- texts -----------------------------------------------------------------------------------------


def status_text(report: Report, listed: bool = True, now: datetime | None = None) -> str:
    """What the button writes beside itself: '2 fel, 1 varning – se fliken …' or 'Inga fel hittade 14:05'."""
    summary = _summary(report)
    if not report.issues:
        return f"{summary} {(now or datetime.now()):%H:%M}"
    if listed:
        return f"{summary} – se fliken {C.SHEET_RESULTS}"
    return f"{summary} – fliken {C.SHEET_RESULTS} saknas, så felen kan inte listas; be HR om en ny mall"


def alert_text(report: Report, listed: bool = True) -> str:
    """The message box shown after a check."""
    summary = _summary(report)
    if not report.issues:
        return f"{summary}. Planen kan skickas till HR."
    where = (f"Se fliken {C.SHEET_RESULTS}" if listed
             else f"Fliken {C.SHEET_RESULTS} saknas, så felen kan inte listas; be HR om en ny mall")
    return f"{summary}. Celler med fel är röda och celler med varningar gula. {where}."


def _summary(report: Report) -> str:
    return summary_text(report.errors, report.warnings)


def excel_text(value: Any) -> Any:
    """``value`` as it must be written through xlwings: text that Excel would read as a formula gets an apostrophe."""
    if not isinstance(value, str):
        return value
    if value.startswith(TEXT_PREFIXES):
        value = "'" + value
    if len(value) > C.MAX_CELL_TEXT:
        value = value[: C.MAX_CELL_TEXT - 1] + "…"
    return value


# -- reading ---------------------------------------------------------------------------------------


def _values(sheet: Any) -> list[list[Any]]:
    """The values of ``sheet`` from A1 to the last used cell, always as a 2D list."""
    last = sheet.used_range.last_cell
    return sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value


# -- writing ---------------------------------------------------------------------------------------


def _clear_plan_marks(sheets: dict[str, Any], grids: dict[str, SheetGrid], workbook: Workbook,
                      config: Config) -> None:
    """Reset the fills an earlier run may have left on a plan: one call per contiguous range."""
    meta, analysis_cells = workbook.meta, workbook.analysis_cells
    plan = sheets.get(C.SHEET_PLAN)
    if plan is not None:
        rows = int(meta["rows"]) if meta.get("rows", "").isdigit() else 0
        last = max(C.HEADER_ROW + rows, len(grids[C.SHEET_PLAN].rows))
        if last >= C.FIRST_ROW:
            plan.range((C.FIRST_ROW, 1), (last, len(C.COLUMNS))).color = None
    info = sheets.get(C.SHEET_INFO)
    if info is not None:
        for prefilled, first, last in _info_runs():
            info.range((first, 2), (last, 2)).color = PREFILLED_COLOR if prefilled else None
    analysis = sheets.get(C.SHEET_ANALYSIS)
    rows = sorted(int(cell[1:]) for cell in (analysis_cells or {}).values())
    if analysis is not None and rows:
        column = ord(C.ANALYSIS_VALUE) - ord("A") + 1
        analysis.range((rows[0], column), (rows[-1], column)).color = None


def _clear_follow_up_marks(sheets: dict[str, Any], grids: dict[str, SheetGrid], plan: Workbook,
                           config: Config) -> None:
    """Reset the input cells of a follow-up: white where an answer is due, else its grey."""
    from ..template.follow_up import NOT_DUE_FILL  # openpyxl loads only for a follow-up

    table = sheets.get(plan.form.sheet)
    if table is not None and plan.row_numbers:
        letters = [plan.letters[k] for k in plan.form.inputs if k in plan.letters]
        period = plan.meta.get("follow_up_period", "")
        grey = "#" + NOT_DUE_FILL.start_color.rgb[2:]
        for index, row in enumerate(plan.row_numbers):
            due = is_due({"follow_up": plan.columns.get("follow_up", [None] * (index + 1))[index]}, period, config)
            for letter in letters:
                table[f"{letter}{row}"].color = None if due else grey
    info = sheets.get(C.SHEET_INFO)
    if info is not None:
        for prefilled, first, last in _info_runs():
            info.range((first, 2), (last, 2)).color = PREFILLED_COLOR if prefilled else None


CLEAR_MARKS: dict[str, Callable[[dict[str, Any], dict[str, SheetGrid], Workbook, Config], None]] = {
    PLAN_KIND: _clear_plan_marks, FOLLOW_UP_KIND: _clear_follow_up_marks}
"""How each form's marks from an earlier press are reset, by :attr:`Form.kind`."""


def _info_runs() -> list[tuple[bool, int, int]]:
    """(prefilled, first row, last row) of each run of Uppgifter value cells with the same fill."""
    runs: list[tuple[bool, int, int]] = []
    for offset, (_, _, prefilled) in enumerate(C.INFO_FIELDS):
        row = C.INFO_FIRST_ROW + offset
        if runs and runs[-1][0] == prefilled and runs[-1][2] == row - 1:
            runs[-1] = (prefilled, runs[-1][1], row)
        else:
            runs.append((prefilled, row, row))
    return runs


def _mark_cells(sheets: dict[str, Any], report: Report) -> None:
    """Fill every cell with an issue: red for errors, amber for warnings (an error wins)."""
    worst: dict[tuple[str, str], str] = {}
    for issue in report.issues:
        if issue.cell and issue.sheet in sheets:
            key = (issue.sheet, issue.cell)
            if worst.get(key) != ERROR:
                worst[key] = issue.severity
    for (sheet, cell), severity in worst.items():
        sheets[sheet][cell].color = ERROR_COLOR if severity == ERROR else WARNING_COLOR


def _write_results(sheet: Any, report: Report) -> bool:
    """Rewrite the result sheet below its header; False when the workbook has no result sheet."""
    if sheet is None:
        return False
    first = C.RESULT_HEADER_ROW + 1
    width = len(C.RESULT_HEADERS)
    used = sheet.used_range.last_cell
    sheet.range((first, 1), (max(used.row, first), max(used.column, width))).clear_contents()
    rows = [[excel_text(v) for v in (i.location, i.column, i.value, i.severity, i.message)] for i in report.issues]
    if rows:
        sheet.range((first, 1), (first + len(rows) - 1, width)).value = rows
    return True

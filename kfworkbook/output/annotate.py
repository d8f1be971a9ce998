"""Writing an annotated copy of a plan: offending cells filled, a note on each, an issue sheet.

The user's file is never modified: it is copied (openpyxl reads the original, the copy is written
to another folder atomically).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePath

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..fileio import atomic_write, set_text, xml_safe
from ..forms import columns as C
from ..issues import ERROR, Issue, Report, summary_text
from ..printing import LANDSCAPE
from ..template.livecheck import AMBER_FILL, RED_FILL
from ..template.sheets import WRAP_TOP, page_setup, wrapped_title
from .copies import copy_names, open_copy
from .uncover import uncover

ISSUE_SHEET = "Valideringsfel"
FILLS = {"fel": RED_FILL, "varning": AMBER_FILL}
"""The same colours as the template's live checks: errors red, warnings amber."""
HEADER_FILL = PatternFill("solid", start_color="FF1F4E79", end_color="FF1F4E79")


def annotate(report: Report, source: str | Path, out_dir: str | Path, name: str | PurePath | None = None
             ) -> Path | None:
    """Write an annotated copy of ``source`` into ``out_dir``; None when there is nothing to mark.

    Unreadable files and files without issues get no copy. The copy is ``out_dir/name`` (by default
    the file's own name; see :func:`kfworkbook.output.copies.copy_names`), always an Excel workbook: an
    .ods plan gets an .xlsx copy. A target that is the source itself is refused; a plan that cannot be
    opened for copying raises :class:`~kfworkbook.output.copies.CopyError`.
    """
    source = Path(source)
    if not report.issues or not report.readable:
        return None
    target = Path(out_dir) / (name if name is not None else copy_names([source], lambda p: p.name)[source])
    if target.resolve() == source.resolve():
        raise ValueError("annotate would overwrite the original file")
    return atomic_write(target, lambda tmp: _write(report, source, tmp))


def _write(report: Report, source: Path, tmp: Path) -> None:
    wb = open_copy(source, report)
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.sheet in wb.sheetnames and issue.cell:
            by_cell[(issue.sheet, issue.cell)].append(issue)
    for (sheet, cell), issues in by_cell.items():
        target = wb[sheet][cell]
        worst = "fel" if any(i.severity == ERROR for i in issues) else "varning"
        target.fill = FILLS[worst]
        text = "\n".join(f"{i.severity.upper()}: {i.message}" for i in issues)
        target.comment = Comment(xml_safe(text), "kfworkbook", width=320, height=40 + 60 * len(issues))
    for name in {sheet for sheet, _ in by_cell}:  # the copy's colours, not the live checks', show
        uncover(wb[name], [cell for sheet, cell in by_cell if sheet == name])
    if C.SHEET_PLAN in wb.sheetnames:
        fit_rows(wb[C.SHEET_PLAN])
    if ISSUE_SHEET in wb.sheetnames:
        del wb[ISSUE_SHEET]
    ws = wb.create_sheet(ISSUE_SHEET, 0)
    write_issue_sheet(ws, report)
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.save(tmp)


def fit_rows(ws: Worksheet, first_row: int = C.FIRST_ROW) -> None:
    """Give every row whose height nobody set a height that shows its wrapped text.

    Excel sizes a row as a manager types into it, but not for text pasted or written by a program,
    and LibreOffice not at all on opening: without this, long texts print over the rows below.
    Formula cells (Radkontroll and the hidden helpers) do not count.
    """
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items() if dim.width}
    for row in ws.iter_rows(min_row=first_row):
        number = row[0].row
        if ws.row_dimensions[number].customHeight:
            continue
        height = C.row_height((cell.value, widths.get(cell.column_letter, 8.43)) for cell in row
                              if cell.value is not None and cell.data_type != "f")
        if height > C.row_height(()):
            ws.row_dimensions[number].height = height


def write_issue_sheet(ws: Worksheet, report: Report) -> None:
    """Fill ``ws`` with one row per issue, each cell reference linked to its cell."""
    wrapped_title(ws, f"Valideringsfel – {Path(report.file).name}", C.RESULT_WIDTHS, font=Font(bold=True, size=14))
    wrapped_title(ws, f"{summary_text(report.errors, report.warnings)}. Klicka på en cell för att gå dit; "
                  "rättade celler markeras inte om förrän du validerar igen.", C.RESULT_WIDTHS, row=2, font=Font())
    for index, header in enumerate(C.RESULT_HEADERS, start=1):
        cell = ws.cell(C.RESULT_HEADER_ROW, index, header)
        cell.font = Font(bold=True, color="FFFFFFFF")
        cell.fill = HEADER_FILL
    for offset, issue in enumerate(report.issues, start=1):
        row = C.RESULT_HEADER_ROW + offset
        ref = ws.cell(row, 1)
        set_text(ref, issue.location)
        if issue.sheet and issue.cell:
            ref.hyperlink = Hyperlink(ref=ref.coordinate, location=f"'{issue.sheet}'!{issue.cell}",
                                      display=issue.location)
            ref.font = Font(color="FF0563C1", underline="single")
        set_text(ws.cell(row, 2), issue.column)
        set_text(ws.cell(row, 3), issue.value)
        set_text(ws.cell(row, 4), issue.severity)
        set_text(ws.cell(row, 5), issue.message)
        ws.cell(row, 4).fill = FILLS[issue.severity]
        for column in range(1, 6):
            ws.cell(row, column).alignment = WRAP_TOP
        ws.row_dimensions[row].height = C.row_height(
            (ws.cell(row, column).value, C.RESULT_WIDTHS[column - 1]) for column in (2, 3, 5))
    for letter, width in zip("ABCDE", C.RESULT_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{C.RESULT_HEADER_ROW + 1}"
    ws.print_title_rows = f"1:{C.RESULT_HEADER_ROW}"
    meta = getattr(report.plan, "meta", None) or {}
    page_setup(ws, LANDSCAPE, meta.get("forvaltning") or Path(report.file).name, C.RESULT_WIDTHS)

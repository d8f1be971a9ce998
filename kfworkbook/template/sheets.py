"""The kit every form's workbook is built from (openpyxl): styles, protection, page setup, titles,
and the sheets both forms share — Uppgifter, the hidden Listor sheet with the lists behind defined
names and the metadata, the Valideringsresultat sheet and the Kontroll/Validera cells.

:mod:`kfworkbook.template.plan` and :mod:`kfworkbook.template.follow_up` build their workbooks from
these pieces; neither reaches into the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import printing as P
from ..config import Config, PlanUnit
from ..fileio import unit_filenames
from ..forms import columns as C
from ..values import excel_serial

BLUE = "FF1F4E79"


GREY = "FFF2F2F2"


HEADER_FONT = Font(bold=True, color="FFFFFFFF")


PLAN_HEADER_FONT = Font(bold=True, color="FFFFFFFF")
"""The header of a form's activity table: the cell size, so that it prints at the size of the rows."""


HEADER_FILL = PatternFill("solid", start_color=BLUE, end_color=BLUE)


LOCKED_FILL = PatternFill("solid", start_color=GREY, end_color=GREY)


BUTTON_FILL = PatternFill("solid", start_color="FF2E75B6", end_color="FF2E75B6")


THIN = Side(style="thin", color="FFBFBFBF")


BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


UNLOCKED = Protection(locked=False)


WRAP_TOP = Alignment(wrap_text=True, vertical="top")


INSTRUCTION_WIDTH = 58
"""Width of the text column of Instruktioner (characters): with the label column, A4 portrait at full size."""
INSTRUCTION_LABEL_WIDTH = (14.0, 20.0)
"""The least and the most width of the label column of Instruktioner (longer labels wrap)."""
CHECK_WIDTH = 30.0
"""Width of the Radkontroll column (printed beside the table)."""


RESULT_PRINT_ROWS = 2000
"""Rows of the Valideringsresultat print area (more than the button ever lists)."""


DATE_FORMAT = "yyyy-mm-dd"


def protect_workbook(wb: Workbook, config: Config, sheets: Sequence[Worksheet], active: str) -> None:
    """Protect ``sheets`` and the workbook's structure, and open the workbook on sheet ``active``."""
    for ws in sheets:
        protect_sheet(ws, config.password)
    wb.security = WorkbookProtection(lockStructure=True)
    if config.password:
        wb.security.workbookPassword = config.password
    wb.active = wb.sheetnames.index(active)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == active


def copy_style(ws: Worksheet, model: Any, first: int, last: int) -> None:
    """Give the cells of ``model``'s column in rows ``first``..``last`` the style of ``model``.

    Copies openpyxl's style array (as openpyxl's own WorksheetCopy does): assigning the style
    objects cell by cell hashes them every time and dominated the time to write a template.
    """
    for row in range(first, last + 1):
        ws.cell(row, model.column)._style = copy(model._style)


def protect_sheet(ws: Worksheet, password: str) -> None:
    """Protect ``ws``: locked cells stay locked; formatting, filtering and sorting stay allowed."""
    prot = ws.protection
    prot.sheet = True
    prot.formatCells = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.autoFilter = False
    prot.sort = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False
    if password:
        prot.password = password


def title(ws: Worksheet, cell: str, text: str, size: int = 14) -> None:
    ws[cell] = text
    ws[cell].font = Font(bold=True, size=size, color=BLUE)


def wrapped_title(ws: Worksheet, text: str, columns: Sequence[float], size: int = 14, row: int = 1,
                  font: Font | None = None) -> None:
    """A title (or, with ``font``, a line of text) in column A of ``row``, merged over the printed ``columns``
    (their widths) and wrapped there, so that a long unit or förvaltning name continues on a second line
    instead of being cut at the page edge."""
    cell = ws.cell(row, 1, text)
    cell.font = font or Font(bold=True, size=size, color=BLUE)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if len(columns) > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    ws.row_dimensions[row].height = P.title_height(text, sum(columns), cell.font.sz or P.FONT_PT)


def table_widths(columns: Sequence[C.Column], config: Config) -> list[float]:
    """The template widths of a form's ``columns``, widened where a word of the header or of the column's list
    in ``config`` would otherwise be broken in print."""
    widths = []
    for col in columns:
        words = [col.header, *(config.list_names(col.list_key) if col.list_key else ())]
        widths.append(max(col.template_width, P.word_width(words, maximum=26)))
    return widths


def row_heights(ws: Worksheet, last: int) -> list[float]:
    """The heights (points) of rows 1..``last`` as printed: the height set, else the default 15."""
    return [ws.row_dimensions[r].height or 15.0 for r in range(1, last + 1)]


def page_setup(ws: Worksheet, page: P.Page, context: str, widths: Sequence[float] = (), fit_height: bool = False,
               repeat_columns: tuple[int, int] | None = None, header: str | None = None,
               heights: Sequence[float] = ()) -> P.Layout:
    """The kit's print setup (:mod:`kfworkbook.printing`) on an openpyxl sheet: A4 ``page``, the footer
    (``context`` – the förvaltning or the unit –, the sheet's name, 'Sida X av Y'), and the layout of the printed
    columns ``widths``: one page wide (and one page high with ``fit_height``, or when its rows ``heights`` fit one
    page legibly) when legible, else column pages with ``repeat_columns`` (0-based, first and last) at the left of
    every page. Returns the layout."""
    fit_height = fit_height or P.one_page(widths, heights, page)
    setup = ws.page_setup
    setup.paperSize = P.PAPER_A4
    setup.orientation = page.orientation
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = page.left, page.right, page.top, page.bottom
    margins.header, margins.footer = page.header, page.footer
    ws.print_options.gridLines = False
    chosen = P.layout(list(widths), page, repeat_columns)
    if chosen.scale is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if fit_height else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = chosen.scale
        setup.pageOrder = "overThenDown"
        for column in chosen.breaks:
            ws.col_breaks.append(Break(id=column))
        if chosen.repeat:
            first, last = (get_column_letter(c + 1) for c in chosen.repeat)
            ws.print_title_cols = f"{first}:{last}"
    ws.HeaderFooter.scaleWithDoc = False  # the footer keeps its size on a sheet printed smaller
    left, centre, right = P.footer(context, ws.title, page)
    for part, text in ((ws.oddFooter.left, left), (ws.oddFooter.center, centre), (ws.oddFooter.right, right)):
        part.text, part.size = text, P.FOOTER_PT
    if header:
        ws.oddHeader.center.text, ws.oddHeader.center.size = P.header(header, page), P.FOOTER_PT
    return chosen


def write_info(ws: Worksheet, config: Config, unit: PlanUnit) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 50
    title(ws, "A1", "Uppgifter om planen")
    values = {
        "forvaltning": config.forvaltning,
        "department": unit.department,
        "unit": unit.unit,
        "period": config.period_label,
    }
    for key, label, prefilled in C.INFO_FIELDS:
        cell = ws[C.info_cell(key)]
        ws.cell(cell.row, 1, label).font = Font(bold=True)
        cell.border = BOX
        if prefilled:
            cell.value = values[key] or None
            cell.fill = LOCKED_FILL
        else:
            cell.protection = UNLOCKED
    date_cell = ws[C.info_cell("date")]
    date_cell.number_format = DATE_FORMAT
    hint_row = C.INFO_FIRST_ROW + len(C.INFO_FIELDS) + 1
    ws.cell(hint_row, 1, "Grå fält är ifyllda av HR. Fyll i de vita fälten.").font = Font(italic=True)

    email = C.info_cell("email")
    dv_mail = DataValidation(
        type="custom",
        formula1=f'AND(ISNUMBER(FIND("@",{email})),ISNUMBER(FIND(".",{email})))',
        allow_blank=True,
    )
    set_messages(dv_mail, "E-post", "Skriv din e-postadress på jobbet, till exempel fornamn.efternamn@example.com.",
              "Det här ser inte ut som en e-postadress. Skriv till exempel fornamn.efternamn@example.com.")
    dv_mail.add(email)
    dv_date = DataValidation(type="date", operator="between", formula1=str(excel_serial(date(2000, 1, 1))),
                             formula2=str(excel_serial(date(2100, 12, 31))), allow_blank=True)
    example = f"{config.plan_year}-01-31"
    set_messages(dv_date, "Datum", f"Skriv dagens datum, till exempel {example}.",
              f"Skriv ett datum, till exempel {example}.")
    dv_date.add(C.info_cell("date"))
    ws.add_data_validation(dv_mail)
    ws.add_data_validation(dv_date)
    ws.print_area = f"A1:B{hint_row}"
    page_setup(ws, P.PORTRAIT, config.forvaltning, (18, 50))


def set_messages(dv: DataValidation, title: str, prompt: str, error: str) -> None:
    """Swedish input message and stop-style error alert (Excel's limits: 32 / 255 characters)."""
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.promptTitle = title[:32]
    dv.prompt = prompt[:255]
    dv.errorTitle = "Ogiltigt värde"
    dv.error = error[:255]


def write_check_cells(ws: Worksheet, button: bool) -> None:
    """The Kontroll label above a form's table and, with ``button``, the Validera cell and its status cell."""
    ws["A2"] = "Kontroll"
    ws["A2"].font = Font(bold=True)
    if button:
        cell = ws[C.VALIDERA_CELL]
        cell.value = "▶ Validera"
        cell.font = Font(bold=True, color="FFFFFFFF")
        cell.fill = BUTTON_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        status = ws[C.BUTTON_STATUS_CELL]
        status.value = "Tryck på Validera för en fullständig kontroll."
        status.protection = UNLOCKED
        status.font = Font(italic=True)


def write_results(ws: Worksheet, context: str) -> None:
    """The Valideringsresultat sheet the button writes to; ``context`` (the förvaltning) goes into the footer."""
    title(ws, "A1", "Valideringsresultat")
    ws["A2"] = (f"Här skriver knappen Validera (fliken {C.SHEET_PLAN}) vad som behöver åtgärdas. "
                "Fliken skrivs om vid varje validering.")
    ws["A2"].font = Font(italic=True)
    for index, (header, width) in enumerate(zip(C.RESULT_HEADERS, C.RESULT_WIDTHS, strict=True), start=1):
        cell = ws.cell(C.RESULT_HEADER_ROW, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = width
    # The print area holds only the result rows (the title and headers repeat on each page), so
    # that the sheet prints nothing until the button has written something.
    ws.print_title_rows = f"1:{C.RESULT_HEADER_ROW}"
    ws.print_area = f"A{C.RESULT_HEADER_ROW + 1}:E{C.RESULT_HEADER_ROW + RESULT_PRINT_ROWS}"
    page_setup(ws, P.LANDSCAPE, context, C.RESULT_WIDTHS)


def write_lists(wb: Workbook, ws: Worksheet, config: Config, unit: PlanUnit,
                extra: Sequence[tuple[str, str, Sequence[str]]] = ()) -> None:
    """The hidden Listor sheet: each list, then each list's aliases with the value they stand for, then the
    form's own lists ``extra`` (defined name, title, values)."""
    ws.sheet_state = "hidden"
    ws["A1"] = "Mallinformation"
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30

    def define(name: str, column: int, title: str, values: Sequence[str]) -> None:
        letter = get_column_letter(column)
        ws.cell(1, column, title).font = Font(bold=True)
        ws.column_dimensions[letter].width = 30
        for offset, value in enumerate(values):
            ws.cell(2 + offset, column, value).data_type = "s"
        # An empty list still names one (empty) cell, so that formulas on it stay valid.
        ref = f"{quote_sheetname(C.SHEET_LISTS)}!${letter}$2:${letter}${1 + max(len(values), 1)}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)

    column = C.LISTS_FIRST_COLUMN
    for spec in C.LISTS:
        define(spec.defined_name, column, spec.title, config.list_names(spec.key))
        column += 1
    for spec in C.LISTS:
        pairs = [(alias, item.name) for item in getattr(config.lists, spec.key) for alias in item.aliases]
        define(spec.alias_name, column, f"{spec.title} – alias", [a for a, _ in pairs])
        define(spec.alias_value_name, column + 1, f"{spec.title} – räknas som", [v for _, v in pairs])
        column += 2
    define(C.ONGOING_ALIAS_NAME, column, f"{C.ONGOING} – alias", list(C.ONGOING_ALIASES))
    for name, heading, values in extra:
        column += 1
        define(name, column, heading, list(values))


def metadata(config: Config, unit: PlanUnit) -> dict[str, str]:
    """The template's identity as recorded in the workbook (version, förvaltning, year, unit)."""
    return {
        "generator": C.GENERATOR,
        "template_version": config.template_version,
        "forvaltning": config.forvaltning,
        "plan_year": str(config.plan_year),
        "plan_period": config.plan_period,
        "department": unit.department,
        "unit": unit.unit,
        "rows": str(config.rows),
    }


def unit_name(config: Config, unit: PlanUnit, prefix: str, short_prefix: str) -> str:
    """``unit``'s file name among all of ``config``'s templates (so that it is the same with or without --avdelning)."""
    units = config.plan_units()
    if unit not in units:
        units = [*units, unit]
    names = unit_filenames(prefix, short_prefix, [(u.department, u.unit) for u in units])
    return names[units.index(unit)]

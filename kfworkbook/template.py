"""Writing the plan template that managers fill in Excel (openpyxl).

One workbook per department or unit, with three visible sheets (Instruktioner, Uppgifter,
Aktivitetsplan) and a hidden Listor sheet holding the dropdown lists and their aliases behind defined
names and the template's metadata. A workbook made for the Validera button (``button=True``, the
master HR turns into a macro-enabled or xlwings Lite workbook) also has the button cell and the
Valideringsresultat sheet the button writes to; a plain template mentions no button.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__, livecheck
from . import columns as C
from .config import AnalysisField, Config, PlanUnit, fold
from .fileio import atomic_write, safe_filename, set_text

BLUE = "FF1F4E79"
LIGHT = "FFDDEBF7"
GREY = "FFF2F2F2"
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
PLAN_HEADER_FONT = Font(bold=True, color="FFFFFFFF", size=10)
HEADER_FILL = PatternFill("solid", start_color=BLUE, end_color=BLUE)
LOCKED_FILL = PatternFill("solid", start_color=GREY, end_color=GREY)
BUTTON_FILL = PatternFill("solid", start_color="FF2E75B6", end_color="FF2E75B6")
THIN = Side(style="thin", color="FFBFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
INSTRUCTION_WIDTH = 80
RESULT_PRINT_ROWS = 2000
"""Rows of the Valideringsresultat print area (more than the button ever lists)."""
"""Width of the text column of Instruktioner (characters)."""
DATE_FORMAT = "yyyy-mm-dd"
EXCEL_EPOCH = date(1899, 12, 30)


def template_filename(config: Config, unit: PlanUnit) -> str:
    """File name of the template for ``unit``, e.g. 'Kompetensförsörjningsplan_2022_Förskola.xlsx'."""
    parts = ["Kompetensförsörjningsplan", str(config.plan_year), unit.department]
    if unit.unit:
        parts.append(unit.unit)
    return safe_filename(" ".join(parts)) + ".xlsx"


def last_row(config: Config) -> int:
    """The last Excel row of the activity table."""
    return C.FIRST_ROW + config.rows - 1


def _serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def build_template(config: Config, unit: PlanUnit, rows: Sequence[Mapping[str, Any]] = (),
                   info: Mapping[str, Any] | None = None, button: bool = False,
                   analysis: Mapping[str, Any] | None = None) -> Workbook:
    """Build the template workbook for one department or unit (not yet saved).

    ``rows`` (dicts keyed by column key) prefill the activity table; ``info`` (keyed by the
    Uppgifter field keys manager/email/date) prefills the manager's fields; ``analysis`` (keyed by
    the config's Analys field keys) prefills the Analys sheet. Text stays text.
    ``button`` prepares the workbook for the Validera button (its cell, status cell, result sheet
    and instructions); without it the workbook mentions no button.
    """
    wb = Workbook()
    instructions = wb.active
    instructions.title = C.SHEET_INSTRUCTIONS
    info_sheet = wb.create_sheet(C.SHEET_INFO)
    plan = wb.create_sheet(C.SHEET_PLAN)
    analysis_sheet = wb.create_sheet(C.SHEET_ANALYSIS)
    if button:
        _write_results(wb.create_sheet(C.SHEET_RESULTS))
    lists = wb.create_sheet(C.SHEET_LISTS)

    _write_lists(wb, lists, config, unit)
    _write_instructions(instructions, config, unit, button)
    _write_info(info_sheet, config, unit)
    _write_plan(plan, config, unit, button)
    write_analysis(analysis_sheet, config, unit, analysis or {})
    _record_metadata(wb, config, unit)
    for offset, row in enumerate(rows):
        for key, value in row.items():
            set_text(plan[f"{C.letter(key)}{C.FIRST_ROW + offset}"], value)
        height = C.row_height((value, C.COLUMN_BY_KEY[key].template_width) for key, value in row.items())
        if height > C.row_height(()):
            plan.row_dimensions[C.FIRST_ROW + offset].height = height
    for key, value in (info or {}).items():
        set_text(info_sheet[C.info_cell(key)], value)

    protect_workbook(wb, config, (instructions, info_sheet, plan, analysis_sheet, lists), C.SHEET_PLAN)
    return wb


def protect_workbook(wb: Workbook, config: Config, sheets: Sequence[Worksheet], active: str) -> None:
    """Protect ``sheets`` and the workbook's structure, and open the workbook on sheet ``active``."""
    for ws in sheets:
        _protect(ws, config.password)
    wb.security = WorkbookProtection(lockStructure=True)
    if config.password:
        wb.security.workbookPassword = config.password
    wb.active = wb.sheetnames.index(active)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == active


def write_template(config: Config, unit: PlanUnit, out_dir: str | Path, rows: Sequence[Mapping[str, Any]] = (),
                   info: Mapping[str, Any] | None = None, button: bool = False,
                   analysis: Mapping[str, Any] | None = None) -> Path:
    """Write the template for ``unit`` (optionally prefilled, optionally for the Validera button)
    into ``out_dir`` and return its path."""
    wb = build_template(config, unit, rows, info, button, analysis)
    return atomic_write(Path(out_dir) / template_filename(config, unit), wb.save)


def select_units(config: Config, department: str | None = None) -> list[PlanUnit]:
    """The units to write templates for: all, or those of one department (case ignored).

    Raises LookupError with a Swedish message when the department is unknown.
    """
    units = config.plan_units()
    if department is None:
        return units
    match = config.find_department(department)
    if match is None:
        names = ", ".join(d.name for d in config.departments)
        raise LookupError(f"Avdelningen '{department}' finns inte i konfigurationen. Välj en av: {names}.")
    return [u for u in units if fold(u.department) == fold(match.name)]


class TemplatesExist(Exception):
    """Templates would replace files of the same names and ``force`` was not given; ``paths`` lists them."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def existing_templates(config: Config, out_dir: str | Path, units: Sequence[PlanUnit]) -> list[Path]:
    """The files in ``out_dir`` that templates for ``units`` would replace (possibly filled plans)."""
    paths = (Path(out_dir) / template_filename(config, unit) for unit in units)
    return [path for path in paths if path.exists()]


def write_templates(config: Config, out_dir: str | Path, department: str | None = None,
                    prefill: Mapping[PlanUnit, tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]] | None = None,
                    force: bool = False, button: bool = False,
                    analysis: Mapping[PlanUnit, Mapping[str, Any]] | None = None) -> list[Path]:
    """Write one template per department or unit into ``out_dir``; return the paths in config order.

    ``prefill`` maps units to (activity rows, Uppgifter values), as :attr:`kfworkbook.prefill.Prefill.plans`
    holds them. A file of the same name is never replaced without ``force``: :class:`TemplatesExist`
    lists them all before anything is written. ``analysis`` maps units to their Analys values.
    """
    prefill = prefill or {}
    analysis = analysis or {}
    units = select_units(config, department)
    existing = existing_templates(config, out_dir, units)
    if existing and not force:
        raise TemplatesExist(existing)
    return [write_template(config, unit, out_dir, *prefill.get(unit, ((), None)), button=button,
                           analysis=analysis.get(unit)) for unit in units]


# -- sheets ------------------------------------------------------------------------------------


def _copy_style(ws: Worksheet, model: Any, first: int, last: int) -> None:
    """Give the cells of ``model``'s column in rows ``first``..``last`` the style of ``model``.

    Copies openpyxl's style array (as openpyxl's own WorksheetCopy does): assigning the style
    objects cell by cell hashes them every time and dominated the time to write a template.
    """
    for row in range(first, last + 1):
        ws.cell(row, model.column)._style = copy(model._style)


def _protect(ws: Worksheet, password: str) -> None:
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


def _title(ws: Worksheet, cell: str, text: str, size: int = 14) -> None:
    ws[cell] = text
    ws[cell].font = Font(bold=True, size=size, color=BLUE)


def _write_instructions(ws: Worksheet, config: Config, unit: PlanUnit, button: bool) -> None:
    """The manager's guide: steps, the config's UBARA steps, every column, what HR's check adds."""
    labels = [c.header for c in C.COLUMNS] + [i.name for i in config.lists.categories] + ["Mallversion"]
    label_width = max(len(label) for label in labels) + 3
    ws.column_dimensions["A"].width = label_width
    ws.column_dimensions["B"].width = INSTRUCTION_WIDTH
    _title(ws, "A1", f"Kompetensförsörjningsplan {config.plan_year} – {unit.label}", 16)
    ws["A2"] = f"{config.forvaltning}, planperiod {config.period_label} (rullande tre år)"
    fields = C.text_fields(config)
    required = ", ".join(c.header for c in C.REQUIRED)
    check = (f"Kontrollera att rutan Kontroll överst på fliken {C.SHEET_PLAN} visar \"{livecheck.NO_ISSUES}\" "
             f"och att kolumnen {C.CHECK_HEADER} är tom.")
    if button:
        check += (f" Tryck sedan på knappen Validera ({C.SHEET_PLAN}!{C.VALIDERA_CELL}) för en fullständig "
                  f"kontroll; resultatet hamnar på fliken {C.SHEET_RESULTS}.")
    steps = [
        f"Fyll i ansvarig chef, e-post och datum på fliken {C.SHEET_INFO}.",
        f"Skriv en aktivitet per rad på fliken {C.SHEET_PLAN}. Välj värden i rullistorna där sådana finns.",
        f"Obligatoriska kolumner: {required}. Celler med fel blir röda och celler med varningar gula. "
        f"Kolumnen {C.CHECK_HEADER} till höger säger vad som behöver åtgärdas på raden, med Fel: eller "
        "Varning: först.",
        f"Måldatum skrivs som ett datum inom planperioden, till exempel {fields['due_example']}, "
        f"eller med ordet {C.ONGOING} för ett arbete som pågår hela perioden.",
        "Ansvarig är alltid en funktion, aldrig en person. Är fler funktioner ansvariga: välj den "
        "huvudansvariga och nämn de andra i Kommentar.",
        f"Hör en aktivitet till två steg, till exempel {fields['two_categories']}: välj det andra i Kategori 2.",
        check,
        f"Beskriv avdelningens läge och behov på fliken {C.SHEET_ANALYSIS}. Nyckeltalen där är frivilliga; "
        f"rutan Kontroll överst på fliken visar om något tal eller listvärde behöver rättas.",
        "Spara filen utan att byta namn och skicka tillbaka den till HR.",
    ]
    hr_check = ("HR kontrollerar dessutom det som rutorna inte kan se: samma mål och aktivitet på två rader "
                "(dubbletter), texter som är för långa för en cell, Måldatum och belopp skrivna som text "
                "(här bara en varning; HR:s kontroll avgör om de går att läsa) och uppgifterna på fliken "
                f"{C.SHEET_INFO}.")
    rows: list[tuple[str, str, bool]] = [("Så fyller du i", "", True)]
    rows += [(f"Steg {n}", step, False) for n, step in enumerate(steps, start=1)]
    rows += [("", "", False), ("HR:s kontroll", hr_check, False), ("", "", False),
             ("Stegen i kompetensförsörjningen (UBARA)", "", True)]
    rows += [(item.name, item.description, False) for item in config.lists.categories]
    rows += [("", "", False), ("Kolumnerna", "", True)]
    rows += [(col.header, ("Obligatorisk. " if col.required else "Valfri. ") + C.help_text(col, config), False)
             for col in C.COLUMNS]
    rows += [("", "", False), ("Frågor", "", True), ("Kontakt", config.contact or "HR på förvaltningen", False),
             ("Mallversion", f"{config.template_version} (kfworkbook {__version__})", False)]
    for row, (label, text, heading) in enumerate(rows, start=4):
        if heading:
            _title(ws, f"A{row}", label, 12)
            continue
        if label:
            ws.cell(row, 1, label).font = Font(bold=True)
            ws.cell(row, 1).alignment = WRAP_TOP
        if text:
            ws.cell(row, 2, text).alignment = WRAP_TOP
            height = C.row_height([(text, INSTRUCTION_WIDTH), (label, label_width)])
            if height > C.row_height(()):
                ws.row_dimensions[row].height = height
    ws.print_area = f"A1:B{3 + len(rows)}"
    page_setup(ws, "portrait", fit_height=True)


def page_setup(ws: Worksheet, orientation: str, fit_height: bool = False) -> None:
    """A4 in ``orientation``, one page wide (and one page high with ``fit_height``), sheet name in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "&A"
    ws.oddFooter.right.text = "Sida &P av &N"


def _write_info(ws: Worksheet, config: Config, unit: PlanUnit) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 50
    _title(ws, "A1", "Uppgifter om planen")
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
    _messages(dv_mail, "E-post", "Skriv din e-postadress på jobbet, till exempel fornamn.efternamn@example.com.",
              "Det här ser inte ut som en e-postadress. Skriv till exempel fornamn.efternamn@example.com.")
    dv_mail.add(email)
    dv_date = DataValidation(type="date", operator="between", formula1=str(_serial(date(2000, 1, 1))),
                             formula2=str(_serial(date(2100, 12, 31))), allow_blank=True)
    example = f"{config.plan_year}-01-31"
    _messages(dv_date, "Datum", f"Skriv dagens datum, till exempel {example}.",
              f"Skriv ett datum, till exempel {example}.")
    dv_date.add(C.info_cell("date"))
    ws.add_data_validation(dv_mail)
    ws.add_data_validation(dv_date)
    ws.print_area = f"A1:B{hint_row}"
    page_setup(ws, "portrait")


def _messages(dv: DataValidation, title: str, prompt: str, error: str) -> None:
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


def _write_plan(ws: Worksheet, config: Config, unit: PlanUnit, button: bool) -> None:
    first, last = C.FIRST_ROW, last_row(config)
    end = C.LAST_LETTER
    _title(ws, "A1", f"Aktivitetsplan {config.plan_year} – {unit.label} – {config.forvaltning}")

    write_check_cells(ws, button)
    ws["A4"] = (f"Skriv en aktivitet per rad. Välj i rullistorna. Röda celler är fel, gula är varningar; "
                f"kolumnen {C.CHECK_HEADER} säger vad som ska åtgärdas.")
    ws["A4"].font = Font(italic=True, color="FF595959")

    for index, col in enumerate(C.COLUMNS, start=1):
        letter = get_column_letter(index)
        header = ws.cell(C.HEADER_ROW, index, col.header)
        header.font = PLAN_HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = col.template_width
        cell = ws.cell(first, index)
        cell.protection = UNLOCKED
        cell.alignment = WRAP_TOP
        if col.kind == "date":
            cell.number_format = DATE_FORMAT
        elif col.kind == "number":
            cell.number_format = "# ##0"
        _copy_style(ws, cell, first + 1, last)
    ws.row_dimensions[C.HEADER_ROW].height = 3 * 14.0  # the longest headers wrap to three lines

    check = C.CHECK_LETTER
    head = ws[f"{check}{C.HEADER_ROW}"]
    head.value = C.CHECK_HEADER
    head.font = Font(bold=True)
    head.fill = LOCKED_FILL
    ws.column_dimensions[check].width = 40
    livecheck.write_row_checks(ws, config, first, last)
    ws[C.CHECK_STATUS_CELL].font = Font(bold=True, color=BLUE)
    ws[f"{check}{first}"].alignment = WRAP_TOP
    _copy_style(ws, ws[f"{check}{first}"], first + 1, last)

    table = Table(displayName=C.TABLE_NAME, ref=f"A{C.HEADER_ROW}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)

    _add_validations(ws, config, first, last)
    livecheck.add_conditional_formats(ws, config, first, last)

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{C.HEADER_ROW}:{C.HEADER_ROW}"
    ws.print_area = f"A1:{end}{last}"
    page_setup(ws, "landscape")
    ws.page_margins.left = ws.page_margins.right = 0.15
    ws.page_margins.top = 0.75  # room for the page header above the title row
    ws.page_margins.bottom = 0.5
    ws.oddHeader.center.text = f"{config.forvaltning} – kompetensförsörjningsplan {config.plan_year}"
    ws.oddFooter.left.text = unit.label


def _add_validations(ws: Worksheet, config: Config, first: int, last: int) -> None:
    for col in C.COLUMNS:
        letter = C.letter(col.key)
        ref = f"{letter}{first}"
        spec = col.list_spec
        if spec is not None:
            dv = DataValidation(type="list", formula1=spec.defined_name, allow_blank=True)
            _messages(dv, col.header, C.help_text(col, config),
                      f"Välj ett värde i rullistan för {col.header}. Saknas rätt värde: kontakta HR.")
        elif col.kind == "date":
            start, end = _serial(config.period_start), _serial(config.period_end)
            dv = DataValidation(
                type="custom", allow_blank=True,
                formula1=f'OR(AND(ISNUMBER({ref}),{ref}>={start},{ref}<={end}),TRIM({ref})="{C.ONGOING}")',
            )
            _messages(dv, col.header, C.help_text(col, config),
                      f"Måldatum ska vara ett datum inom planperioden {config.period_label}, till exempel "
                      f"{config.period_end_year}-12-31, eller ordet {C.ONGOING}.")
        elif col.kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            _messages(dv, col.header, C.help_text(col, config), f"{col.header} ska vara ett tal som är 0 eller större.")
        else:
            continue
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


ANALYSIS_TEXT_HEIGHT = 105.0
"""Height (points) of an empty text field on the Analys sheet: room for about seven lines."""


def write_analysis(ws: Worksheet, config: Config, unit: PlanUnit, values: Mapping[str, Any]) -> None:
    """The Analys sheet: one row per configured field (label, input cell, help, live check).

    Text cells are large and wrap; figures get data validation (a number ≥ 0, a percentage 0–100,
    a value of a list through its defined name) and live checks with a status of the sheet's own.
    """
    first = C.ANALYSIS_FIRST_ROW
    last = first + len(config.analysis) - 1
    _title(ws, "A1", f"Avdelningens analys {config.plan_year} – {unit.label}")
    ws["A2"] = "Kontroll"
    ws["A2"].font = Font(bold=True)
    ws[C.ANALYSIS_STATUS_CELL].font = Font(bold=True, color=BLUE)
    ws["A3"] = ("Beskriv avdelningens läge och behov; texten blir avdelningens avsnitt i förvaltningens plan. "
                "Nyckeltalen är frivilliga: lämna tomt det som inte är känt.")
    ws["A3"].font = Font(italic=True, color="FF595959")
    for letter, header in C.ANALYSIS_HEADERS.items():
        cell = ws[f"{letter}{C.ANALYSIS_HEADER_ROW}"]
        cell.value = header
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        ws.column_dimensions[letter].width = C.ANALYSIS_WIDTHS[letter]
    ws.column_dimensions[C.ANALYSIS_KEY].hidden = True
    for index, field in enumerate(config.analysis):
        row = first + index
        label = ws[f"{C.ANALYSIS_LABEL}{row}"]
        label.value = field.label
        label.font = Font(bold=True)
        label.alignment = WRAP_TOP
        value = ws[f"{C.ANALYSIS_VALUE}{row}"]
        value.protection = UNLOCKED
        value.border = BOX
        value.alignment = WRAP_TOP
        help_cell = ws[f"{C.ANALYSIS_HELP}{row}"]
        help_cell.value = field.help or None
        help_cell.font = Font(italic=True, color="FF595959", size=9)
        help_cell.alignment = WRAP_TOP
        ws[f"{C.ANALYSIS_CHECK}{row}"].alignment = WRAP_TOP
        ws[f"{C.ANALYSIS_KEY}{row}"] = field.key
        given = values.get(field.key)
        if given is not None:
            set_text(value, given)
        if field.kind == "text":
            height = max(ANALYSIS_TEXT_HEIGHT, C.row_height([(given, C.ANALYSIS_WIDTHS[C.ANALYSIS_VALUE])]))
        else:
            value.number_format = "0.0" if field.kind == "procent" else "# ##0"
            messages = [f"{livecheck.WARNING_PREFIX} {message}" for _, _, message in livecheck.analysis_rules(field)]
            height = max(C.row_height([(field.help, C.ANALYSIS_WIDTHS[C.ANALYSIS_HELP])], line=12.0),
                         C.row_height([(m, C.ANALYSIS_WIDTHS[C.ANALYSIS_CHECK]) for m in messages]))
            dv = _analysis_validation(field, config)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        ws.row_dimensions[row].height = max(height, C.row_height(()))
    livecheck.write_analysis_checks(ws, config)
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{C.ANALYSIS_HEADER_ROW}:{C.ANALYSIS_HEADER_ROW}"
    ws.print_area = f"A1:{C.ANALYSIS_CHECK}{last}"
    page_setup(ws, "landscape")
    ws.oddFooter.left.text = unit.label


def _analysis_validation(field: AnalysisField, config: Config) -> DataValidation:
    """The data validation of one Analys figure: a number ≥ 0, a percentage 0–100 or a list value."""
    if field.list_key:
        spec = C.LIST_BY_KEY[field.list_key]
        dv = DataValidation(type="list", formula1=spec.defined_name, allow_blank=True)
        error = f"Välj ett värde i rullistan för {field.label}. Saknas rätt värde: kontakta HR."
    elif field.kind == "procent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        error = f"{field.label} ska vara ett tal mellan 0 och 100, till exempel 12 för 12 procent."
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        error = f"{field.label} ska vara ett tal som är 0 eller större."
    _messages(dv, field.label, field.help or error, error)
    return dv


def _write_results(ws: Worksheet) -> None:
    _title(ws, "A1", "Valideringsresultat")
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
    page_setup(ws, "landscape")


def _write_lists(wb: Workbook, ws: Worksheet, config: Config, unit: PlanUnit) -> None:
    """The hidden Listor sheet: each list, then each list's aliases with the value they stand for."""
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


def _record_metadata(wb: Workbook, config: Config, unit: PlanUnit) -> None:
    lists = wb[C.SHEET_LISTS]
    meta = metadata(config, unit)
    for key, label in C.META_FIELDS:
        cell = lists[C.meta_cell(key)]
        lists.cell(cell.row, 1, label)
        cell.value = meta[key]
        cell.data_type = "s"
    for key, value in meta.items():
        wb.custom_doc_props.append(StringProperty(name=f"kfworkbook.{key}", value=value or "-"))
    wb.properties.title = f"Kompetensförsörjningsplan {config.plan_year} – {unit.label}"
    wb.properties.creator = config.forvaltning
    wb.properties.subject = "Kompetensförsörjningsplan"

"""Writing the plan template that managers fill in Excel (openpyxl).

One workbook per department or unit, with three visible sheets (Instruktioner, Uppgifter,
Aktivitetsplan) and a hidden Listor sheet holding the dropdown lists and their aliases behind defined
names and the template's metadata. A workbook made for the Validera button (``button=True``, the
master HR turns into a macro-enabled or xlwings Lite workbook) also has the button cell and the
Valideringsresultat sheet the button writes to; a plain template mentions no button.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import printing as P
from ..config import Config, PlanUnit, fold
from ..fileio import PLAN_PREFIX, PLAN_SHORT_PREFIX, atomic_write, set_text
from ..forms import columns as C
from ..values import excel_serial
from ..version import __version__
from . import livecheck
from .analysis import write_analysis
from .sheets import (
    BLUE,
    CHECK_WIDTH,
    DATE_FORMAT,
    HEADER_FILL,
    INSTRUCTION_LABEL_WIDTH,
    INSTRUCTION_WIDTH,
    LOCKED_FILL,
    PLAN_HEADER_FONT,
    UNLOCKED,
    WRAP_TOP,
    copy_style,
    metadata,
    page_setup,
    protect_workbook,
    row_heights,
    set_messages,
    table_widths,
    title,
    unit_name,
    wrapped_title,
    write_check_cells,
    write_info,
    write_lists,
    write_results,
)

KEY_COLUMNS = (C.COLUMNS.index(C.COLUMN_BY_KEY["goal"]), C.COLUMNS.index(C.COLUMN_BY_KEY["activity"]))
"""Vad ska vi uppnå? and Aktivitet: printed again at the left of each page when the table is two pages wide."""


def template_filename(config: Config, unit: PlanUnit) -> str:
    """File name of the template for ``unit``, e.g. 'Kompetensförsörjningsplan_2022_Förskola.xlsx'.

    At most :data:`~kfworkbook.fileio.MAX_FILENAME` characters: a longer name takes the short form
    'KFP_2027_<unit>_<department's first term>.xlsx' (:func:`~kfworkbook.fileio.unit_filenames`, unique
    among the configuration's templates).
    """
    return unit_name(config, unit, f"{PLAN_PREFIX} {config.plan_year}", f"{PLAN_SHORT_PREFIX} {config.plan_year}")


def last_row(config: Config) -> int:
    """The last Excel row of the activity table."""
    return C.FIRST_ROW + config.rows - 1


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
        write_results(wb.create_sheet(C.SHEET_RESULTS), config.forvaltning)
    lists = wb.create_sheet(C.SHEET_LISTS)

    write_lists(wb, lists, config, unit)
    _write_instructions(instructions, config, unit, button)
    write_info(info_sheet, config, unit)
    widths = dict(zip((c.key for c in C.COLUMNS), _write_plan(plan, config, unit, button), strict=False))
    write_analysis(analysis_sheet, config, unit, analysis or {})
    _record_metadata(wb, config, unit)
    for offset, row in enumerate(rows):
        for key, value in row.items():
            set_text(plan[f"{C.letter(key)}{C.FIRST_ROW + offset}"], value)
        height = C.row_height((value, widths[key]) for key, value in row.items())
        if height > C.row_height(()):
            plan.row_dimensions[C.FIRST_ROW + offset].height = height
    for key, value in (info or {}).items():
        set_text(info_sheet[C.info_cell(key)], value)

    protect_workbook(wb, config, (instructions, info_sheet, plan, analysis_sheet, lists), C.SHEET_PLAN)
    return wb


def write_template(config: Config, unit: PlanUnit, out_dir: str | Path, rows: Sequence[Mapping[str, Any]] = (),
                   info: Mapping[str, Any] | None = None, button: bool = False,
                   analysis: Mapping[str, Any] | None = None, overwrite: bool = True) -> Path:
    """Write the template for ``unit`` (optionally prefilled, optionally for the Validera button)
    into ``out_dir`` and return its path; without ``overwrite`` an existing file is never replaced
    (:class:`~kfworkbook.fileio.OutputExists`)."""
    wb = build_template(config, unit, rows, info, button, analysis)
    return atomic_write(Path(out_dir) / template_filename(config, unit), wb.save, overwrite=overwrite)


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
                    analysis: Mapping[PlanUnit, Mapping[str, Any]] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write one template per department or unit into ``out_dir``; return the paths in config order.

    ``prefill`` maps units to (activity rows, Uppgifter values), as :attr:`kfworkbook.prefill.plans.Prefill.plans`
    holds them. A file of the same name is never replaced without ``force``: :class:`TemplatesExist`
    lists them all before anything is written. ``analysis`` maps units to their Analys values;
    ``progress(done, total)`` is called after each template.
    """
    prefill = prefill or {}
    analysis = analysis or {}
    units = select_units(config, department)
    existing = existing_templates(config, out_dir, units)
    if existing and not force:
        raise TemplatesExist(existing)
    written = []
    for unit in units:
        written.append(write_template(config, unit, out_dir, *prefill.get(unit, ((), None)), button=button,
                                      analysis=analysis.get(unit), overwrite=force))
        if progress:
            progress(len(written), len(units))
    return written


# -- sheets ------------------------------------------------------------------------------------


def _write_instructions(ws: Worksheet, config: Config, unit: PlanUnit, button: bool) -> None:
    """The manager's guide: steps, the config's UBARA steps, every column, what HR's check adds."""
    labels = [c.header for c in C.COLUMNS] + [i.name for i in config.lists.categories] + ["Mallversion"]
    label_width = P.word_width(labels, *INSTRUCTION_LABEL_WIDTH)
    widths = (label_width, INSTRUCTION_WIDTH)
    ws.column_dimensions["A"].width = label_width
    ws.column_dimensions["B"].width = INSTRUCTION_WIDTH
    wrapped_title(ws, f"Kompetensförsörjningsplan {config.plan_year} – {unit.label}", widths, 16)
    wrapped_title(ws, f"{config.forvaltning}, planperiod {config.period_label} (rullande tre år)", widths, row=2,
                  font=Font())
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
    hr_check = ("Rutan Kontroll bedömer varje cell som HR:s kontroll gör, också dubbletter (samma mål och aktivitet "
                "på två rader): det som är fel här är fel där, och en varning här är en varning där. Ett måldatum "
                f"skrivet som text, till exempel 30/6-{config.period_end_year}, är en varning; HR:s kontroll säger "
                f"vilket datum det läses som. HR kontrollerar dessutom fliken {C.SHEET_INFO}: Avdelning och Enhet ska "
                "stå kvar som mallen gjordes för.")
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
            title(ws, f"A{row}", label, 12)
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
    page_setup(ws, P.PORTRAIT, config.forvaltning, widths, heights=row_heights(ws, 3 + len(rows)))


def _write_plan(ws: Worksheet, config: Config, unit: PlanUnit, button: bool) -> list[float]:
    """The activity table; returns the widths of its columns."""
    first, last = C.FIRST_ROW, last_row(config)
    end = C.LAST_LETTER
    widths = table_widths(C.COLUMNS, config)
    printed = P.title_columns(widths, P.WIDE_TABLE, KEY_COLUMNS)
    wrapped_title(ws, f"Aktivitetsplan {config.plan_year} – {unit.label} – {config.forvaltning}", printed)

    write_check_cells(ws, button)
    wrapped_title(ws, f"Skriv en aktivitet per rad. Välj i rullistorna. Röda celler är fel, gula är varningar; "
                  f"kolumnen {C.CHECK_HEADER} säger vad som ska åtgärdas.", printed, row=4,
                  font=Font(italic=True, color="FF595959"))

    for index, col in enumerate(C.COLUMNS, start=1):
        letter = get_column_letter(index)
        header = ws.cell(C.HEADER_ROW, index, col.header)
        header.font = PLAN_HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = widths[index - 1]
        cell = ws.cell(first, index)
        cell.protection = UNLOCKED
        cell.alignment = WRAP_TOP
        if col.kind == "date":
            cell.number_format = DATE_FORMAT
        elif col.kind == "number":
            cell.number_format = "# ##0"
        copy_style(ws, cell, first + 1, last)
    ws.row_dimensions[C.HEADER_ROW].height = C.row_height(
        zip([c.header for c in C.COLUMNS], widths, strict=False)) + 4

    check = C.CHECK_LETTER
    head = ws[f"{check}{C.HEADER_ROW}"]
    head.value = C.CHECK_HEADER
    head.font = Font(bold=True)
    head.fill = LOCKED_FILL
    ws.column_dimensions[check].width = CHECK_WIDTH
    livecheck.write_row_checks(ws, config, first, last)
    ws[C.CHECK_STATUS_CELL].font = Font(bold=True, color=BLUE)
    # B2 may name rows below the table and the Analys sheet too: room for two lines over the table's width.
    ws.merge_cells(f"{C.CHECK_STATUS_CELL}:{end}{ws[C.CHECK_STATUS_CELL].row}")
    ws[C.CHECK_STATUS_CELL].alignment = Alignment(wrap_text=True, vertical="top")
    ws["A2"].alignment = Alignment(vertical="top")  # the label beside it, on its first line
    ws.row_dimensions[ws[C.CHECK_STATUS_CELL].row].height = 2 * 14.0
    ws[f"{check}{first}"].alignment = WRAP_TOP
    copy_style(ws, ws[f"{check}{first}"], first + 1, last)

    table = Table(displayName=C.TABLE_NAME, ref=f"A{C.HEADER_ROW}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)

    _add_validations(ws, config, first, last)
    livecheck.add_conditional_formats(ws, config, first, last)

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{C.HEADER_ROW}:{C.HEADER_ROW}"
    # Not Radkontroll: its formulas fill every row of the table, so a print area with it prints every empty row.
    ws.print_area = f"A1:{end}{last}"
    page_setup(ws, P.WIDE_TABLE, unit.label, widths, repeat_columns=KEY_COLUMNS,
               header=f"{config.forvaltning} – kompetensförsörjningsplan {config.plan_year}")
    return widths


def _add_validations(ws: Worksheet, config: Config, first: int, last: int) -> None:
    for col in C.COLUMNS:
        letter = C.letter(col.key)
        ref = f"{letter}{first}"
        spec = col.list_spec
        if spec is not None:
            dv = DataValidation(type="list", formula1=spec.defined_name, allow_blank=True)
            set_messages(dv, col.header, C.help_text(col, config),
                      f"Välj ett värde i rullistan för {col.header}. Saknas rätt värde: kontakta HR.")
        elif col.kind == "date":
            start, end = excel_serial(config.period_start), excel_serial(config.period_end)
            dv = DataValidation(
                type="custom", allow_blank=True,
                formula1=f'OR(AND(ISNUMBER({ref}),{ref}>={start},{ref}<={end}),TRIM({ref})="{C.ONGOING}")',
            )
            set_messages(dv, col.header, C.help_text(col, config),
                      f"Måldatum ska vara ett datum inom planperioden {config.period_label}, till exempel "
                      f"{config.period_end_year}-12-31, eller ordet {C.ONGOING}.")
        elif col.kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            set_messages(dv, col.header, C.help_text(col, config), f"{col.header} ska vara ett tal som är 0 eller större.")
        else:
            continue
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


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

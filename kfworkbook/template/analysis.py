"""The Analys sheet of the plan template: the department's own analysis and key figures.

The fields come from the configuration (``[[analys]]``); each value cell has its data validation and
live check (:mod:`kfworkbook.template.livecheck`), so that the sheet's own B2 gives the validator's verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import printing as P
from ..config import AnalysisField, Config, PlanUnit
from ..fileio import set_text
from ..forms import columns as C
from . import livecheck
from .sheets import (
    BLUE,
    BOX,
    HEADER_FILL,
    HEADER_FONT,
    UNLOCKED,
    WRAP_TOP,
    page_setup,
    row_heights,
    set_messages,
    wrapped_title,
)

ANALYSIS_TEXT_HEIGHT = 105.0
"""Height (points) of an empty text field on the Analys sheet: room for about seven lines."""


def write_analysis(ws: Worksheet, config: Config, unit: PlanUnit, values: Mapping[str, Any]) -> None:
    """The Analys sheet: one row per configured field (label, input cell, help, live check).

    Text cells are large and wrap; figures get data validation (a number ≥ 0, a percentage 0–100,
    a value of a list through its defined name) and live checks with a status of the sheet's own.
    """
    first = C.ANALYSIS_FIRST_ROW
    last = first + len(config.analysis) - 1
    printed = [C.ANALYSIS_WIDTHS[letter] for letter in C.ANALYSIS_HEADERS]
    wrapped_title(ws, f"Avdelningens analys {config.plan_year} – {unit.label}", printed)
    ws["A2"] = "Kontroll"
    ws["A2"].font = Font(bold=True)
    ws[C.ANALYSIS_STATUS_CELL].font = Font(bold=True, color=BLUE)
    wrapped_title(ws, "Beskriv avdelningens läge och behov; texten blir avdelningens avsnitt i förvaltningens plan. "
                  "Nyckeltalen är frivilliga: lämna tomt det som inte är känt.", printed, row=3,
                  font=Font(italic=True, color="FF595959"))
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
        help_cell.font = Font(italic=True, color="FF595959", size=10)
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
            messages = [f"{livecheck.WARNING_PREFIX} {rule.message}" for rule in livecheck.analysis_rules(field)]
            height = max(C.row_height([(field.help, C.ANALYSIS_WIDTHS[C.ANALYSIS_HELP] * 1.05)], line=13.5),
                         C.row_height([(m, C.ANALYSIS_WIDTHS[C.ANALYSIS_CHECK]) for m in messages]))
            dv = _analysis_validation(field, config)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        ws.row_dimensions[row].height = max(height, C.row_height(()))
    livecheck.write_analysis_checks(ws, config)
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{C.ANALYSIS_HEADER_ROW}:{C.ANALYSIS_HEADER_ROW}"
    ws.print_area = f"A1:{C.ANALYSIS_CHECK}{last}"
    page_setup(ws, P.LANDSCAPE, unit.label, printed, heights=row_heights(ws, last),
               header=f"{config.forvaltning} – kompetensförsörjningsplan {config.plan_year}")


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
    set_messages(dv, field.label, field.help or error, error)
    return dv

"""Writing the follow-up workbooks of a period (T1, T2, VB): one per unit that handed in a plan.

A follow-up workbook is the plan template's second form (:mod:`kfworkbook.forms`): the same
Instruktioner, Uppgifter, hidden Listor (dropdowns behind defined names, metadata), protection,
print setup, live checks and Validera button, with a table of the unit's approved activities whose
plan columns are locked and whose period columns (Status, Kommentar, Nytt måldatum) are open.
Activities not followed up this period are greyed. Earlier periods' answers stand locked beside them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import printing as P
from ..config import Config, PlanUnit
from ..fileio import atomic_write, set_text
from ..forms import columns as C
from ..forms import follow_up as rules
from ..forms import spec as F
from ..values import excel_serial
from . import livecheck, sheets

ISSUED_NAME = "Lista_AktivitetsID"
"""Defined name of the IDs handed out (one per cell on the hidden Listor sheet): the live check counts them."""
SPARE_ROWS = 20
"""Rows below the table that get the structural live check (a row added without an ID)."""
NOT_DUE_FILL = PatternFill("solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
STATUS_HELP = {"delayed": "Aktiviteten är försenad: skriv ett nytt måldatum och en kommentar.",
               "open": "Aktiviteten har inte startat eller pågår.",
               "completed": "Aktiviteten är genomförd: skriv vad som gjordes och med vilken effekt.",
               "cancelled": "Aktiviteten utgår: skriv varför i Kommentar."}
"""What a status means, for the instructions, when the configuration gives it no description."""
NOT_DUE_FONT = Font(color="FF808080")


@dataclass
class FollowUpUnit:
    """The activities of one unit to follow up: plan values, ID and earlier answers, keyed by form key."""

    unit: PlanUnit
    rows: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    """The file the activities were taken from (a plan, a summary or an earlier follow-up workbook)."""
    sent: str = ""
    """Every unit this period's follow-up is sent to, 'department|unit|activities|removed IDs' a line (set by
    :func:`write_follow_ups`, see :func:`kfworkbook.forms.follow_up.manifest_text`)."""
    removed: list[str] = field(default_factory=list)
    """The IDs of the unit's approved activities that HR removed by decision: not in the workbook, but counted."""
    earlier: list[tuple[str, str, int]] = field(default_factory=list)
    """(period, state, activities without an answer) of each earlier period the unit did not simply answer."""
    info: dict[str, Any] = field(default_factory=dict)
    """Uppgifter values to prefill (manager, email, date), as :func:`kfworkbook.template.plan.build_template` takes them."""


def follow_up_filename(config: Config, unit: PlanUnit, period: str) -> str:
    """'Uppföljning_T1_2022_Förskola.xlsx'; a name over 80 characters puts the unit first (see ``template_filename``)."""
    prefix = f"Uppföljning {period} {config.plan_year}"
    return sheets.unit_name(config, unit, prefix, prefix)


def build_follow_up(config: Config, item: FollowUpUnit, period: str, button: bool = False) -> Workbook:
    """Build the follow-up workbook of ``period`` for one unit (not yet saved)."""
    form = F.follow_up_form(period)
    unit = item.unit
    wb = Workbook()
    instructions = wb.active
    instructions.title = C.SHEET_INSTRUCTIONS
    info = wb.create_sheet(C.SHEET_INFO)
    table = wb.create_sheet(form.sheet)
    if button:
        sheets.write_results(wb.create_sheet(C.SHEET_RESULTS), config.forvaltning)
        wb[C.SHEET_RESULTS]["A2"] = (f"Här skriver knappen Validera (fliken {form.sheet}) vad som behöver "
                                     "åtgärdas. Fliken skrivs om vid varje validering.")
    lists = wb.create_sheet(C.SHEET_LISTS)
    sheets.write_lists(wb, lists, config, unit,
                       extra=[(ISSUED_NAME, "Aktivitets-ID (utskickade)", [str(r.get(F.ID_KEY)) for r in item.rows])])
    _write_instructions(instructions, config, unit, period, button)
    sheets.write_info(info, config, unit)
    info["A1"] = f"Uppgifter om uppföljningen {period}"
    for key, value in item.info.items():
        set_text(info[C.info_cell(key)], value)
    _write_table(table, config, item, period, form, button)
    _record_metadata(wb, config, item, period)
    sheets.protect_workbook(wb, config, (instructions, info, table, lists), form.sheet)
    return wb


def write_follow_up(config: Config, item: FollowUpUnit, period: str, out_dir: str | Path,
                    button: bool = False, overwrite: bool = True) -> Path:
    """Write the follow-up workbook of ``period`` for one unit into ``out_dir``; return its path. Without
    ``overwrite`` an existing file is never replaced (:class:`~kfworkbook.fileio.OutputExists`)."""
    wb = build_follow_up(config, item, period, button)
    return atomic_write(Path(out_dir) / follow_up_filename(config, item.unit, period), wb.save, overwrite=overwrite)


class FollowUpsExist(Exception):
    """Follow-up workbooks would replace files of the same names and ``force`` was not given."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def write_follow_ups(config: Config, items: Sequence[FollowUpUnit], period: str, out_dir: str | Path,
                     force: bool = False, button: bool = False) -> list[Path]:
    """Write one follow-up workbook per unit; nothing is written when a file exists and ``force`` is not given.

    Each workbook records every unit the follow-up is sent to (``Utskickad till``), so that the
    follow-up report expects exactly the units that had an approved plan.
    """
    if period not in F.PERIODS:
        raise ValueError(f"Perioden ska vara {C.or_list(list(F.PERIODS))}, inte {period}.")
    out = Path(out_dir)
    existing = [out / follow_up_filename(config, i.unit, period) for i in items]
    existing = [p for p in existing if p.exists()]
    if existing and not force:
        raise FollowUpsExist(existing)
    sent = rules.manifest_text(rules.Sent(i.unit, len(i.rows), tuple(i.removed), tuple(i.earlier)) for i in items)
    for item in items:
        item.sent = sent
    return [write_follow_up(config, item, period, out, button, overwrite=force) for item in items]


# -- sheets ------------------------------------------------------------------------------------------


def _write_instructions(ws: Worksheet, config: Config, unit: PlanUnit, period: str, button: bool) -> None:
    name = F.PERIOD_NAMES[period]
    label_width = P.word_width([*config.list_names("statuses"), "Så fyller du i"], *sheets.INSTRUCTION_LABEL_WIDTH)
    widths = (label_width, sheets.INSTRUCTION_WIDTH)
    ws.column_dimensions["A"].width = label_width
    ws.column_dimensions["B"].width = sheets.INSTRUCTION_WIDTH
    sheets.wrapped_title(ws, f"Uppföljning {name} {config.plan_year} – {unit.label}", widths, 16)
    sheets.wrapped_title(ws, f"{config.forvaltning}, kompetensförsörjningsplan {config.plan_year}", widths, row=2,
                         font=Font())
    needs_comment = C.or_list(rules.comment_statuses(config)) if rules.comment_statuses(config) else "alla statusar"
    delayed = rules.delayed_statuses(config)
    if delayed:
        late = (f"Är aktiviteten försenad: välj {C.or_list(delayed)} och skriv ett nytt måldatum inom planperioden "
                f"{config.period_label}. Har Måldatum passerat för en aktivitet som inte är klar: "
                f"{rules.passed_advice(config)}.")
    else:
        late = (f"Har Måldatum passerat för en aktivitet som inte är klar: {rules.passed_advice(config)}. Ett nytt "
                f"måldatum inom planperioden {config.period_label} skrivs i Nytt måldatum.")
    check = (f"Kontrollera att rutan Kontroll överst på fliken {F.SHEET_FOLLOW_UP} visar \"{livecheck.NO_ISSUES}\" "
             f"och att kolumnen {C.CHECK_HEADER} är tom.")
    if button:
        check += (" Tryck sedan på knappen Validera för en fullständig kontroll; resultatet hamnar på fliken "
                  f"{C.SHEET_RESULTS}.")
    steps = [
        f"Fyll i ansvarig chef, e-post och datum på fliken {C.SHEET_INFO}.",
        f"Fliken {F.SHEET_FOLLOW_UP} har en rad per aktivitet i enhetens godkända plan. De grå kolumnerna är "
        "planen och tidigare svar och kan inte ändras. Ta inte bort eller lägg till rader, och ändra inte "
        "Aktivitets-ID.",
        f"Välj Status för varje aktivitet som följs upp vid {name}. Aktiviteter som inte följs upp nu är "
        "gråmarkerade och behöver inget svar.",
        f"Skriv i Kommentar vad som har gjorts och med vilken effekt. Kommentar krävs för {needs_comment}.",
        late,
        check,
        "Spara filen utan att byta namn och skicka tillbaka den till HR.",
    ]
    rows: list[tuple[str, str, bool]] = [("Så fyller du i", "", True)]
    rows += [(f"Steg {n}", step, False) for n, step in enumerate(steps, start=1)]
    rows += [("", "", False), ("Status", "", True)]
    rows += [(item.name, item.description or STATUS_HELP.get(config.status_meaning(item.name), ""), False)
             for item in config.lists.statuses]
    rows += [("", "", False), ("Frågor", "", True), ("Kontakt", config.contact or "HR på förvaltningen", False)]
    for row, (label, text, heading) in enumerate(rows, start=4):
        if heading:
            sheets.title(ws, f"A{row}", label, 12)
            continue
        if label:
            ws.cell(row, 1, label).font = Font(bold=True)
            ws.cell(row, 1).alignment = sheets.WRAP_TOP  # level with the first line of its text
        if text:
            ws.cell(row, 2, text).alignment = sheets.WRAP_TOP
            height = C.row_height([(text, sheets.INSTRUCTION_WIDTH), (label, label_width)])
            if height > C.row_height(()):
                ws.row_dimensions[row].height = height
    ws.print_area = f"A1:B{3 + len(rows)}"
    sheets.page_setup(ws, P.PORTRAIT, config.forvaltning, widths, heights=sheets.row_heights(ws, 3 + len(rows)))


def _write_table(ws: Worksheet, config: Config, item: FollowUpUnit, period: str, form: F.Form, button: bool) -> None:
    first = form.first_row
    last = first + max(len(item.rows), 1) - 1
    end = C.get_column_letter(len(form.columns))
    check = form.check_letter
    widths = [*sheets.table_widths(form.columns, config), sheets.CHECK_WIDTH]
    keys = _key_columns(form)
    printed = P.title_columns(widths, P.WIDE_TABLE, keys)
    sheets.wrapped_title(ws, f"Uppföljning {F.PERIOD_NAMES[period]} {config.plan_year} – {item.unit.label} – "
                         f"{config.forvaltning}", printed)
    sheets.write_check_cells(ws, button)
    sheets.wrapped_title(ws, f"Välj Status och skriv Kommentar för de vita raderna. Grå rader följs inte upp vid "
                         f"{period}. Kolumnen {C.CHECK_HEADER} säger vad som ska åtgärdas.", printed, row=4,
                         font=Font(italic=True, color="FF595959"))
    inputs = set(form.inputs)
    for index, col in enumerate(form.columns, start=1):
        letter = C.get_column_letter(index)
        header = ws.cell(form.header_row, index, col.header)
        header.font = sheets.PLAN_HEADER_FONT
        header.fill = sheets.HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = widths[index - 1]
        model = ws.cell(first, index)
        model.alignment = sheets.WRAP_TOP
        if col.key in inputs:
            model.protection = sheets.UNLOCKED
        else:
            model.fill = sheets.LOCKED_FILL
        if col.kind == "date":
            model.number_format = sheets.DATE_FORMAT
        sheets.copy_style(ws, model, first + 1, last)
    ws.row_dimensions[form.header_row].height = C.row_height(
        zip([c.header for c in form.columns], widths, strict=False)) + 4
    head = ws[f"{check}{form.header_row}"]
    head.value, head.font, head.fill = C.CHECK_HEADER, Font(bold=True), sheets.LOCKED_FILL
    ws.column_dimensions[check].width = sheets.CHECK_WIDTH

    by_key = {c.key: w for c, w in zip(form.columns, widths, strict=False)}
    grey: list[Any] = []  # the greyed style of each column, made once (assigning styles cell by cell is slow)
    for offset, row in enumerate(item.rows):
        number = first + offset
        for col in form.columns:
            value = row.get(col.key)
            if value is not None and value != "":
                set_text(ws[f"{form.letter(col.key)}{number}"], value)
        if not rules.is_due(row, period, config):
            for index in range(1, len(form.columns) + 1):
                cell = ws.cell(number, index)
                if len(grey) < index:
                    cell.fill, cell.font = NOT_DUE_FILL, NOT_DUE_FONT
                    grey.append(copy(cell._style))
                else:
                    cell._style = copy(grey[index - 1])
        height = C.row_height((row.get(k), w) for k, w in by_key.items())
        if height > C.row_height(()):
            ws.row_dimensions[number].height = height
        ws[f"{check}{number}"] = row_check_formula(config, form, row, period, number)
        ws[f"{check}{number}"].alignment = sheets.WRAP_TOP
    for number in range(last + 1, last + SPARE_ROWS + 1):
        ws[f"{check}{number}"] = row_check_formula(config, form, None, period, number)
        ws[f"{check}{number}"].alignment = sheets.WRAP_TOP
    ids = f"${form.letter(F.ID_KEY)}${first}:${form.letter(F.ID_KEY)}${last + SPARE_ROWS}"
    ws[C.CHECK_STATUS_CELL] = livecheck.follow_up_status_formula(first, last + SPARE_ROWS, check, ids, ISSUED_NAME)
    ws[C.CHECK_STATUS_CELL].font = Font(bold=True, color=sheets.BLUE)

    table = Table(displayName=form.table_name, ref=f"A{form.header_row}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    _add_validations(ws, config, form, first, last)
    for key in form.inputs:
        target = f"{form.letter(key)}{first}:{form.letter(key)}{last}"
        for prefix, fill, font in ((livecheck.ERROR_PREFIX, livecheck.RED_FILL, livecheck.RED_FONT),
                                   (livecheck.WARNING_PREFIX, livecheck.AMBER_FILL, livecheck.AMBER_FONT)):
            rule = f'LEFT(${check}{first},{len(prefix)})="{prefix}"'
            ws.conditional_formatting.add(target, FormulaRule(formula=[rule], fill=fill, font=font, stopIfTrue=True))

    ws.freeze_panes = f"B{first}"
    ws.print_title_rows = f"{form.header_row}:{form.header_row}"
    ws.print_area = f"A1:{check}{last}"
    sheets.page_setup(ws, P.WIDE_TABLE, item.unit.label, widths, repeat_columns=keys,
                      header=f"{config.forvaltning} – uppföljning {period} {config.plan_year}")


def _key_columns(form: F.Form) -> tuple[int, int]:
    """Aktivitets-ID to Aktivitet: printed again at the left of each page when the table is two pages wide."""
    keys = [c.key for c in form.columns]
    return 0, keys.index("activity")


def _quoted(values: Sequence[str]) -> str:
    return ",".join(f'{letter}="{v}"' for letter, v in values)


def row_check_formula(config: Config, form: F.Form, row: Mapping[str, Any] | None, period: str, number: int) -> str:
    """Radkontroll of one follow-up row: the validator's follow-up rules that a formula can express.

    Whether the row is due this period and whether its Måldatum has passed come from the locked
    plan columns, so they are written into the formula as they stand. Every row also checks its
    Aktivitets-ID against the IDs handed out (on the hidden Listor sheet); ``row`` None is a spare row
    below the table, which gets only that check (a row added without an ID). An empty row has no verdict.
    """
    a = f"${form.letter(F.ID_KEY)}{number}"
    s = f"${form.letter(F.STATUS)}{number}"
    k = f"${form.letter(F.COMMENT)}{number}"
    n = f"${form.letter(F.NEW_DUE)}{number}"
    start = excel_serial(config.period_start)
    end = excel_serial(config.period_end)
    errors = [f'IF(TRIM({a})="","Raden har inget Aktivitets-ID: nya aktiviteter skrivs i nästa års plan. ",'
              f'IF(COUNTIF({ISSUED_NAME},TRIM({a}))=0,"Aktivitets-ID finns inte bland de utskickade – skriv '
              'tillbaka det id som stod på raden. ",""))']
    warnings = []
    if row is not None:
        if rules.is_due(row, period, config):
            errors.append(f'IF(TRIM({s})="","Välj Status. ","")')
        spec = C.LIST_BY_KEY["statuses"]
        errors.append(f'IF(AND(TRIM({s})<>"",COUNTIF({spec.defined_name},TRIM({s}))=0),'
                      '"Välj Status i rullistan. ","")')
        delayed = rules.delayed_statuses(config)
        if delayed:
            errors.append(f'IF(AND(OR({_quoted([(f"TRIM({s})", v) for v in delayed])}),OR(NOT(ISNUMBER({n})),'
                          f'{n}<{start},{n}>{end})),"Skriv ett nytt måldatum inom planperioden. ","")')
        needs = rules.comment_statuses(config)
        if needs:
            errors.append(f'IF(AND(OR({_quoted([(f"TRIM({s})", v) for v in needs])}),TRIM({k})=""),'
                          '"Skriv en kommentar om vad som har gjorts. ","")')
        due = rules.due_date(rules.current_due(row, period))
        still_open = rules.open_statuses(config)
        if due is not None and due <= rules.period_end(period, config.plan_year) and still_open:
            warnings.append(f'IF(OR({_quoted([(f"TRIM({s})", v) for v in still_open])}),'
                            f'"Måldatum {due.isoformat()} har passerat – {rules.passed_advice(config)}. ","")')
    e = "TRIM(" + "&".join(errors) + ")"
    w = "TRIM(" + ("&".join(warnings) if warnings else '""') + ")"
    filled = f"COUNTA(${form.letter(F.ID_KEY)}{number}:${C.get_column_letter(len(form.columns))}{number})=0"
    return (f'=IF({filled},"",TRIM(IF({e}<>"","{livecheck.ERROR_PREFIX} "&{e},"")&IF({w}<>"",'
            f'IF({e}<>""," ","")&"{livecheck.WARNING_PREFIX} "&{w},"")))')


def _add_validations(ws: Worksheet, config: Config, form: F.Form, first: int, last: int) -> None:
    status = form.letter(F.STATUS)
    dv = DataValidation(type="list", formula1=C.LIST_BY_KEY["statuses"].defined_name, allow_blank=True)
    sheets.set_messages(dv, "Status", "Välj aktivitetens status vid uppföljningen.",
                "Välj en status i rullistan. Saknas rätt värde: kontakta HR.")
    dv.add(f"{status}{first}:{status}{last}")
    ws.add_data_validation(dv)
    new_due = form.letter(F.NEW_DUE)
    ref = f"{new_due}{first}"
    start, end = excel_serial(config.period_start), excel_serial(config.period_end)
    dv = DataValidation(type="custom", allow_blank=True, formula1=f"AND(ISNUMBER({ref}),{ref}>={start},{ref}<={end})")
    sheets.set_messages(dv, "Nytt måldatum", f"Skriv det nya datumet, till exempel {config.period_end_year}-06-30.",
                f"Nytt måldatum ska vara ett datum inom planperioden {config.period_label}.")
    dv.add(f"{new_due}{first}:{new_due}{last}")
    ws.add_data_validation(dv)


def metadata(config: Config, item: FollowUpUnit, period: str) -> dict[str, str]:
    """The workbook's identity: the template's, plus form, period and the IDs handed out."""
    meta = sheets.metadata(config, item.unit)
    meta["rows"] = str(len(item.rows))
    meta.update(form=F.FOLLOW_UP_KIND, follow_up_period=period,
                activity_ids=",".join(str(r.get(F.ID_KEY)) for r in item.rows), units_sent=item.sent)
    return meta


def _record_metadata(wb: Workbook, config: Config, item: FollowUpUnit, period: str) -> None:
    lists = wb[C.SHEET_LISTS]
    meta = metadata(config, item, period)
    row = C.META_FIRST_ROW
    for key, label in (*C.META_FIELDS, *C.FORM_META_FIELDS):
        for part in _chunks(meta[key], C.META_JOIN.get(key, "")):  # a long value goes on on rows of its own
            lists.cell(row, 1, label)
            cell = lists.cell(row, 2, part)
            cell.data_type = "s"
            row += 1
    for key, value in meta.items():
        if key not in ("activity_ids", "units_sent"):
            wb.custom_doc_props.append(StringProperty(name=f"kfworkbook.{key}", value=value or "-"))
    wb.properties.title = f"Uppföljning {period} {config.plan_year} – {item.unit.label}"
    wb.properties.creator = config.forvaltning
    wb.properties.subject = "Uppföljning av kompetensförsörjningsplan"


def _chunks(text: str, separator: str) -> list[str]:
    """``text`` in parts that each fit a cell, cut at ``separator`` (one part when it fits or has none)."""
    if len(text) <= C.MAX_CELL_TEXT or not separator:
        return [text]
    parts, current = [], ""
    for piece in text.split(separator):
        if current and len(current) + len(separator) + len(piece) > C.MAX_CELL_TEXT:
            parts.append(current)
            current = piece
        else:
            current = f"{current}{separator}{piece}" if current else piece
    return [*parts, current]

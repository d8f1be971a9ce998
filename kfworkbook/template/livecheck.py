"""The template's live checks: Excel formulas that grade each cell as the validator does.

Every check is a :class:`Rule`: an Excel condition on one cell of a filled row, the validator's issue
codes it stands for and a short Swedish message. Its severity is not written here: it is the
catalogue's severity of those codes (:data:`kfworkbook.issues.CATALOGUE`), the one place a grade is
decided, so a rule can never be softer in the sheet than in ``validate``. The conditional formats
(red for errors, amber for warnings), the hidden error and warning columns behind Radkontroll,
Radkontroll itself and the status cell B2 are all built from the same rules.

How a typed value is read – number-like text ("25 000 kr" → 25000, "ca 45" → no number), Måldatum as
a date, a year, Löpande or free text – comes from :mod:`kfworkbook.forms.grades`, which gives the
validator the same reading in Python. The readings are computed once per row in hidden helper
columns: Måldatum's grade, and for each number column its text without units and the value read.

B2 counts the rows with errors and with warnings, the rows pasted below the table (they are outside
every formula: "3 rader står under tabellen – flytta upp dem till tomma rader") and the Analys
fields with errors and warnings, from hidden helper cells in row 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..config import AnalysisField, Config
from ..forms import columns as C
from ..forms import grades as G
from ..issues import CATALOGUE

ERROR, WARNING = 2, 1
SEVERITY = {"fel": ERROR, "varning": WARNING}
RED_FILL = PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
RED_FONT = Font(color="FF9C0006")
AMBER_FILL = PatternFill("solid", start_color="FFFFEB9C", end_color="FFFFEB9C")
AMBER_FONT = Font(color="FF9C5700")
ERROR_LETTER = C.get_column_letter(len(C.COLUMNS) + 2)
"""Hidden helper column: the row's error messages (Radkontroll reads it)."""
WARNING_LETTER = C.get_column_letter(len(C.COLUMNS) + 3)
"""Hidden helper column: the row's warning messages."""
DUE_GRADE_LETTER = C.get_column_letter(len(C.COLUMNS) + 4)
"""Hidden helper column: Måldatum's grade (:func:`kfworkbook.forms.grades.due_grade_formula`), once per row."""
NUMBER_KEYS = tuple(c.key for c in C.COLUMNS if c.kind == "number")
NUMBER_HELPERS: dict[str, tuple[str, str]] = {
    key: (C.get_column_letter(len(C.COLUMNS) + 5 + 2 * i), C.get_column_letter(len(C.COLUMNS) + 6 + 2 * i))
    for i, key in enumerate(NUMBER_KEYS)}
"""Hidden helper columns of each number column: its text without units, and the value read (or "ogiltigt")."""
HELPER_LETTERS = (ERROR_LETTER, WARNING_LETTER, DUE_GRADE_LETTER, *[x for pair in NUMBER_HELPERS.values() for x in pair])
BELOW_CELL, FREE_CELL, ERROR_ROWS_CELL, WARNING_ROWS_CELL, ANALYSIS_ERRORS_CELL, ANALYSIS_WARNINGS_CELL = (
    f"${letter}$2" for letter in HELPER_LETTERS[:6])
"""Hidden helper cells of row 2 behind B2: rows below the table, empty table rows, rows with errors and with
warnings, Analys fields with errors and with warnings."""
SHEET_LAST_ROW = 1_048_576
BELOW_ROWS = 5000
"""How many rows under the table B2 counts one by one (a row further down counts as one, whatever their number)."""
ERROR_PREFIX, WARNING_PREFIX = "Fel:", "Varning:"
NO_ISSUES = "Inga fel hittade"
ANALYSIS_CLEAN, ANALYSIS_NUMBER = "G", "H"
"""Hidden helper columns of the Analys sheet: a figure's text without units, and the value read."""


@dataclass(frozen=True)
class Rule:
    """One live check of one column: ``condition`` (a formula on ``{r}``, the cell, and ``{row}``, its
    row) holds in a filled row when the cell breaks the rule that ``validate`` reports as ``codes``."""

    key: str
    codes: tuple[str, ...]
    condition: str
    message: str

    @property
    def severity(self) -> int:
        """:data:`ERROR` or :data:`WARNING`: the catalogue's severity of the rule's codes."""
        return SEVERITY[CATALOGUE[self.codes[0]].severity]

    def apply(self, ref: str, row: int | str) -> str:
        """The condition for the cell ``ref`` in ``row``."""
        return self.condition.replace("{r}", ref).replace("{row}", str(row))

    def at(self, row: int | str, relative: bool = False) -> str:
        """The condition for the cell of this rule's column in ``row`` (``$`` column unless relative)."""
        return self.apply(f"{'' if relative else '$'}{C.letter(self.key)}{row}", row)


def _in(name: str) -> str:
    return f"SUMPRODUCT(--({name}=TRIM({{r}})))>0"


def _canonical(spec: C.ListSpec, ref: str) -> str:
    """Excel expression: the list value a cell stands for (its alias resolved), trimmed."""
    return f"IFERROR(INDEX({spec.alias_value_name},MATCH(TRIM({ref}),{spec.alias_name},0)),TRIM({ref}))"


def _list_rules(key: str, spec: C.ListSpec, name: str) -> list[Rule]:
    return [Rule(key, ("ej-i-listan", "flera-varden", "person-som-ansvarig"),
                 f'AND(TRIM({{r}})<>"",NOT({_in(spec.defined_name)}),NOT({_in(spec.alias_name)}))',
                 f"Värdet i {name} finns inte i rullistan."),
            Rule(key, ("alias",), f'AND(TRIM({{r}})<>"",{_in(spec.alias_name)})',
                 f"{name} är stavat på annat sätt än i rullistan.")]


def _number_rules(key: str, value: str, name: str, example: int = 40) -> list[Rule]:
    """The checks of a number cell whose value read (or "ogiltigt") is in ``value``."""
    return [Rule(key, ("tal-ogiltigt",), f'{value}="{G.INVALID}"', f"Skriv {name} med siffror, till exempel {example}."),
            Rule(key, ("tal-negativt",), f"AND(ISNUMBER({value}),{value}<0)", f"{name} ska vara 0 eller större."),
            Rule(key, ("tal-text",), f"AND(ISNUMBER({value}),{value}>=0,NOT(ISNUMBER({{r}})))",
                 f"Skriv bara ett tal i {name}.")]


def rules(config: Config) -> list[Rule]:
    """Every live check of the activity table, in column order."""
    out: list[Rule] = []
    period = config.period_label
    example = f"{config.period_end_year}-12-31"
    for col in C.COLUMNS:
        name = f"”{col.header}”"
        if col.required:
            out.append(Rule(col.key, ("obligatorisk",), 'TRIM({r})=""', f"Fyll i {name}."))
        spec = col.list_spec
        if spec is not None:
            out += _list_rules(col.key, spec, name)
        elif col.kind == "date":
            grade = f"${DUE_GRADE_LETTER}{{row}}"
            out.append(Rule(col.key, ("datum-ogiltigt", "datum-utanfor"), f'OR({grade}="{G.BAD}",{grade}="{G.OUTSIDE}")',
                            f"Måldatum ska vara ett datum {period} eller {C.ONGOING}."))
            out.append(Rule(col.key, ("datum-text", "datum-oklart", "alias"),
                            f'OR({grade}="{G.TEXT}",{grade}="{G.ALIAS}")',
                            f"Skriv Måldatum som ett datum, till exempel {example}, eller {C.ONGOING}."))
        elif col.kind == "number":
            out += _number_rules(col.key, f"${NUMBER_HELPERS[col.key][1]}{{row}}", name)
    categories = C.LIST_BY_KEY["categories"]
    first, second = C.COLUMN_BY_KEY["category"], C.COLUMN_BY_KEY["category2"]
    same = (f'AND(TRIM({{r}})<>"",{_canonical(categories, "{r}")}='
            f'{_canonical(categories, "$" + C.letter("category") + "{row}")})')
    out.append(Rule("category2", ("kategori-lika",), same, f"{second.header} ska skilja sig från {first.header}."))
    goal, activity = C.letter("goal"), C.letter("activity")
    above = f"ROW(${goal}${C.HEADER_ROW}:${goal}{{row}})"
    repeated = (f'AND(TRIM(${goal}{{row}})<>"",TRIM({{r}})<>"",SUMPRODUCT(({above}>{C.HEADER_ROW})*({above}<ROW({{r}}))'
                f"*(TRIM(${goal}${C.HEADER_ROW}:${goal}{{row}})=TRIM(${goal}{{row}}))"
                f"*(TRIM(${activity}${C.HEADER_ROW}:${activity}{{row}})=TRIM({{r}})))>0)")
    out.append(Rule("activity", ("dubblett",), repeated, "Samma mål och aktivitet står på en rad ovanför."))
    return out


def row_filled(row: int | str) -> str:
    """Excel condition: some cell of the activity row holds more than spaces."""
    return f'SUMPRODUCT(--(TRIM($A{row}:${C.LAST_LETTER}{row})<>""))>0'


ROW = "\x00"
"""Stands for the row number in a formula written once and copied to every row."""


NO_ACTIVITY = "Raden har bara frivilliga uppgifter – skriv aktiviteten eller ta bort raden."
"""The one error of a filled row without any required value (the validator's rad-utan-aktivitet)."""


def _messages(checks: list[Rule], severity: int) -> str:
    parts = [f'IF({rule.at(ROW)},"{rule.message} ","")' for rule in checks if rule.severity == severity]
    messages = f'TRIM({"&".join(parts)})'
    if severity == ERROR:
        empty = ",".join(f'TRIM(${C.letter(c.key)}{ROW})=""' for c in C.REQUIRED)
        messages = f'IF(AND({empty}),"{NO_ACTIVITY}",{messages})'
    return f'=IF({row_filled(ROW)},{messages},"")'


def row_check_formula(row: int) -> str:
    """Formula of Radkontroll: 'Fel: …', 'Varning: …', both, or empty."""
    e, w = f"${ERROR_LETTER}{row}", f"${WARNING_LETTER}{row}"
    return (f'=TRIM(IF({e}<>"","{ERROR_PREFIX} "&{e},"")&IF({w}<>"",'
            f'IF({e}<>""," ","")&"{WARNING_PREFIX} "&{w},""))')


def status_formula(first: int, last: int, letter: str = C.CHECK_LETTER) -> str:
    """Formula of a form's status cell: error rows and warning rows counted in words, or 'Inga fel hittade'.

    ``letter`` is the form's check column (the follow-up's; the plan's B2 is :func:`plan_status_formula`).
    """
    return _counted(f"${letter}${first}:${letter}${last}", "rad", "rader")


def _prefixed(rng: str, prefix: str) -> str:
    return f'SUMPRODUCT(--(LEFT({rng},{len(prefix)})="{prefix}"))'


def _counted(rng: str, one: str, many: str) -> str:
    """Formula: the cells of ``rng`` starting 'Fel:' and 'Varning:' counted in words ('2 rader har fel, 1 rad
    har varningar'), or 'Inga fel hittade'."""
    e, w = _prefixed(rng, ERROR_PREFIX), _prefixed(rng, WARNING_PREFIX)
    errors = f'IF({e}>0,{e}&IF({e}=1," {one} har fel"," {many} har fel"),"")'
    warnings = f'IF({w}>0,{w}&IF({w}=1," {one} har varningar"," {many} har varningar"),"")'
    return f'=IF({e}+{w}=0,"{NO_ISSUES}",{errors}&IF(AND({e}>0,{w}>0),", ","")&{warnings})'


def follow_up_status_formula(first: int, last: int, letter: str, ids: str, issued: str) -> str:
    """Formula of a follow-up's B2: rows with errors and warnings, and the IDs handed out (defined name
    ``issued``) that no cell of ``ids`` holds any more, counted in words; or 'Inga fel hittade'."""
    rng = f"${letter}${first}:${letter}${last}"
    e = f'SUMPRODUCT(--(LEFT({rng},{len(ERROR_PREFIX)})="{ERROR_PREFIX}"))'
    w = f'SUMPRODUCT(--(LEFT({rng},{len(WARNING_PREFIX)})="{WARNING_PREFIX}"))'
    m = f"SUMPRODUCT(--(COUNTIF({ids},{issued})=0))"
    parts = [f'IF({e}>0,", "&{e}&IF({e}=1," rad har fel"," rader har fel"),"")',
             f'IF({w}>0,", "&{w}&IF({w}=1," rad har varningar"," rader har varningar"),"")',
             f'IF({m}>0,", "&{m}&IF({m}=1," aktivitet saknas (borttagen rad)"," aktiviteter saknas (borttagna rader)"),"")']
    return f'=IF({e}+{w}+{m}=0,"{NO_ISSUES}",MID({"&".join(parts)},3,200))'


def _rows_holding(first: int, last: int | str) -> str:
    """Excel expression: how many rows of the table's columns between ``first`` and ``last`` hold something."""
    cells = "+".join(f'(TRIM(${c}${first}:${c}${last})<>"")' for c in (C.letter(col.key) for col in C.COLUMNS))
    return f"SUMPRODUCT(--(({cells})>0))"


def plan_status_formula() -> str:
    """Formula of the plan's B2, from the helper cells of row 2 (:func:`write_status_helpers`): '2 rader har fel,
    1 rad har varningar, 3 rader står under tabellen – flytta upp dem till tomma rader; Analys: 1 fält har fel'."""
    e, w, below, free = ERROR_ROWS_CELL, WARNING_ROWS_CELL, BELOW_CELL, FREE_CELL
    ae, aw = ANALYSIS_ERRORS_CELL, ANALYSIS_WARNINGS_CELL
    rows = "&".join([
        f'IF({e}>0,", "&{e}&IF({e}=1," rad har fel"," rader har fel"),"")',
        f'IF({w}>0,", "&{w}&IF({w}=1," rad har varningar"," rader har varningar"),"")',
        f'IF({below}>0,", "&{below}&IF({below}=1," rad står"," rader står")&" under tabellen – "&'
        f'IF({below}<={free},"flytta upp "&IF({below}=1,"den","dem")&" till tomma rader",'
        f'"be HR om en mall med fler rader"),"")'])
    fields = f'IF({ae}>0,", "&{ae}&" fält har fel","")&IF({aw}>0,", "&{aw}&" fält har varningar","")'
    table = f"MID({rows},3,1000)"
    analysis = f'IF({ae}+{aw}=0,"","{C.SHEET_ANALYSIS}: "&MID({fields},3,1000))'
    return (f'=IF({e}+{w}+{below}+{ae}+{aw}=0,"{NO_ISSUES}",'
            f'{table}&IF(AND({e}+{w}+{below}>0,{ae}+{aw}>0),"; ","")&{analysis})')


def write_status_helpers(ws: Worksheet, config: Config, first: int, last: int) -> None:
    """The hidden cells of row 2 that B2 counts from."""
    below, end = last + 1, last + BELOW_ROWS
    near, far = f"$A${below}:${C.LAST_LETTER}${end}", f"$A${end + 1}:${C.LAST_LETTER}${SHEET_LAST_ROW}"
    # Rows are counted in the BELOW_ROWS rows under the table; further down, anything counts as one row.
    ws[BELOW_CELL.replace("$", "")] = (f"=IF(COUNTA({near})=0,0,{_rows_holding(below, end)})"
                                       f"+IF(COUNTA({far})=0,0,1)")
    ws[FREE_CELL.replace("$", "")] = f"={last - first + 1}-{_rows_holding(first, last)}"
    checks = f"${C.CHECK_LETTER}${first}:${C.CHECK_LETTER}${last}"
    ws[ERROR_ROWS_CELL.replace("$", "")] = "=" + _prefixed(checks, ERROR_PREFIX)
    ws[WARNING_ROWS_CELL.replace("$", "")] = "=" + _prefixed(checks, WARNING_PREFIX)
    fields = f"{C.SHEET_ANALYSIS}!${C.ANALYSIS_CHECK}${C.ANALYSIS_FIRST_ROW}:${C.ANALYSIS_CHECK}$" \
             f"{C.ANALYSIS_FIRST_ROW + max(len(config.analysis), 1) - 1}"
    ws[ANALYSIS_ERRORS_CELL.replace("$", "")] = "=" + _prefixed(fields, ERROR_PREFIX) if config.analysis else 0
    ws[ANALYSIS_WARNINGS_CELL.replace("$", "")] = "=" + _prefixed(fields, WARNING_PREFIX) if config.analysis else 0


def add_conditional_formats(ws: Worksheet, config: Config, first: int, last: int) -> None:
    """Red fill on cells that break an error rule, amber on warnings (errors win)."""
    filled = row_filled(first)
    by_key: dict[str, dict[int, list[str]]] = {}
    for rule in rules(config):
        by_key.setdefault(rule.key, {}).setdefault(rule.severity, []).append(rule.at(first, relative=True))
    for key, grades in by_key.items():
        letter = C.letter(key)
        target = f"{letter}{first}:{letter}{last}"
        for severity, fill, font in ((ERROR, RED_FILL, RED_FONT), (WARNING, AMBER_FILL, AMBER_FONT)):
            conditions = grades.get(severity)
            if conditions:
                formula = f"AND({filled},OR({','.join(conditions)}))"
                ws.conditional_formatting.add(target, FormulaRule(formula=[formula], fill=fill, font=font,
                                                                  stopIfTrue=True))


def write_row_checks(ws: Worksheet, config: Config, first: int, last: int) -> None:
    """Radkontroll and its hidden helper columns for every table row, the helper cells and the status cell."""
    checks = rules(config)
    errors, warnings = _messages(checks, ERROR), _messages(checks, WARNING)
    due = f"${C.letter('due')}{ROW}"
    grade = f'=IF(TRIM({due})="","",{G.due_grade_formula(due, config.period_start, config.period_end)})'
    numbers = []
    for key, (clean, value) in NUMBER_HELPERS.items():
        ref = f"${C.letter(key)}{ROW}"
        numbers.append((clean, G.clean_formula(ref)))
        numbers.append((value, G.number_value_formula(ref, f"${clean}{ROW}")))
    for row in range(first, last + 1):
        number = str(row)
        ws[f"{DUE_GRADE_LETTER}{row}"] = grade.replace(ROW, number)
        for letter, formula in numbers:
            ws[f"{letter}{row}"] = formula.replace(ROW, number)
        ws[f"{ERROR_LETTER}{row}"] = errors.replace(ROW, number)
        ws[f"{WARNING_LETTER}{row}"] = warnings.replace(ROW, number)
        ws[f"{C.CHECK_LETTER}{row}"] = row_check_formula(row)
    for letter in HELPER_LETTERS:
        ws.column_dimensions[letter].hidden = True
    write_status_helpers(ws, config, first, last)
    ws[C.CHECK_STATUS_CELL] = plan_status_formula()


# -- the Analys sheet ----------------------------------------------------------------------------

def analysis_rules(field: AnalysisField) -> list[Rule]:
    """The live checks of one Analys field (on ``{r}``, its value cell, in row ``{row}``).

    They grade as :func:`kfworkbook.validate.schema.analysis_schema` does, text read as
    :mod:`kfworkbook.forms.grades` reads it: a number below 0 or a percentage outside 0–100 is an
    error, a percentage between 0 and 1 a warning (Excel stores "12 %" as 0,12), text that is no
    number an error and number-like text ("12 %", "6 000") a warning; a value not in the list an
    error, an alias a warning.
    """
    value = f"${ANALYSIS_NUMBER}{{row}}"
    if field.kind in ("tal", "procent"):
        example = 12 if field.kind == "procent" else 40
        checks = [Rule(field.key, ("analys-tal-ogiltigt",), f'{value}="{G.INVALID}"',
                       f"Skriv bara siffror, till exempel {example}.")]
        if field.kind == "tal":
            checks.append(Rule(field.key, ("analys-tal-negativt",), f"AND(ISNUMBER({value}),{value}<0)",
                               "Skriv ett tal som är 0 eller större."))
            inside = f"{value}>=0"
        else:
            checks.append(Rule(field.key, ("analys-procent-utanfor",), f"AND(ISNUMBER({value}),OR({value}<0,{value}>100))",
                               "Skriv en procentsats mellan 0 och 100."))
            inside = f"AND({value}>=0,{value}<=100)"
        checks.append(Rule(field.key, ("analys-tal-text",), f"AND(ISNUMBER({value}),{inside},NOT(ISNUMBER({{r}})))",
                           "Skriv bara ett tal."))
        if field.kind == "procent":  # "12 %" typed into Excel is stored as 0,12
            checks.append(Rule(field.key, ("analys-procent-andel",), f"AND(ISNUMBER({value}),{value}>0,{value}<1)",
                               "Under 1 procent? Skriv 12 för 12 %."))
        return checks
    if field.list_key:
        spec = C.LIST_BY_KEY[field.list_key]
        return [Rule(field.key, ("analys-ej-i-listan",),
                     f'AND(TRIM({{r}})<>"",NOT({_in(spec.defined_name)}),NOT({_in(spec.alias_name)}))',
                     "Värdet finns inte i rullistan."),
                Rule(field.key, ("analys-alias",), f'AND(TRIM({{r}})<>"",{_in(spec.alias_name)})',
                     "Stavat på annat sätt än i rullistan.")]
    return []


def analysis_check_formula(field: AnalysisField, row: int) -> str:
    """Formula of the Kontroll cell beside an Analys field: 'Fel: …', 'Varning: …' or empty (errors first)."""
    ref = f"${C.ANALYSIS_VALUE}{row}"
    formula = '""'
    ordered = sorted(analysis_rules(field), key=lambda rule: -rule.severity)
    for rule in reversed(ordered):
        prefix = ERROR_PREFIX if rule.severity == ERROR else WARNING_PREFIX
        formula = f'IF({rule.apply(ref, row)},"{prefix} {rule.message}",{formula})'
    return "=" + formula


def analysis_status_formula(first: int, last: int) -> str:
    """Formula of the Analys sheet's status cell: fields with errors and warnings counted, or 'Inga fel hittade'."""
    return _counted(f"${C.ANALYSIS_CHECK}${first}:${C.ANALYSIS_CHECK}${last}", "fält", "fält")


def write_analysis_checks(ws: Worksheet, config: Config) -> None:
    """The Kontroll formula beside every Analys field (and the hidden helpers of a figure), red/amber
    conditional formats, the status cell."""
    first = C.ANALYSIS_FIRST_ROW
    last = first + len(config.analysis) - 1
    for index, field in enumerate(config.analysis):
        row = first + index
        target = f"{C.ANALYSIS_VALUE}{row}"
        if field.kind in ("tal", "procent"):
            ref, clean = f"${target[0]}{row}", f"${ANALYSIS_CLEAN}{row}"
            ws[f"{ANALYSIS_CLEAN}{row}"] = G.clean_formula(ref, percent=field.kind == "procent")
            ws[f"{ANALYSIS_NUMBER}{row}"] = G.number_value_formula(ref, clean)
        ws[f"{C.ANALYSIS_CHECK}{row}"] = analysis_check_formula(field, row)
        for severity, fill, font in ((ERROR, RED_FILL, RED_FONT), (WARNING, AMBER_FILL, AMBER_FONT)):
            conditions = [r.apply(target, row) for r in analysis_rules(field) if r.severity == severity]
            if conditions:
                ws.conditional_formatting.add(target, FormulaRule(formula=[f"OR({','.join(conditions)})"],
                                                                  fill=fill, font=font, stopIfTrue=True))
    for letter in (ANALYSIS_CLEAN, ANALYSIS_NUMBER):
        ws.column_dimensions[letter].hidden = True
    ws[C.ANALYSIS_STATUS_CELL] = analysis_status_formula(first, last)

"""The template's live checks: Excel formulas that grade each cell the way the validator does.

Every rule a formula can express is written once, as a :class:`Rule` (an Excel condition on one
cell of a filled row, a severity and a short Swedish message). The conditional formats (red for
errors, amber for warnings), the hidden error and warning columns behind Radkontroll, Radkontroll
itself and the status cell B2 are all built from the same rules, so they cannot disagree.

The grades follow :mod:`kfworkbook.validate.schema`: list values are matched case-insensitively against the
same defined names the dropdowns use, aliases (on the hidden Listor sheet) are warnings, Måldatum
is a date in the plan period, a year (a warning), Löpande or an ISO date typed as text; any other
text in Måldatum or in a number column is shown as a warning and the validator decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..config import AnalysisField, Config
from ..forms import columns as C
from ..values import excel_serial

ERROR, WARNING = 2, 1
RED_FILL = PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
RED_FONT = Font(color="FF9C0006")
AMBER_FILL = PatternFill("solid", start_color="FFFFEB9C", end_color="FFFFEB9C")
AMBER_FONT = Font(color="FF9C5700")
ERROR_LETTER = C.get_column_letter(len(C.COLUMNS) + 2)
"""Hidden helper column: the row's error messages (Radkontroll reads it)."""
WARNING_LETTER = C.get_column_letter(len(C.COLUMNS) + 3)
"""Hidden helper column: the row's warning messages."""
DUE_GRADE_LETTER = C.get_column_letter(len(C.COLUMNS) + 4)
"""Hidden helper column: Måldatum's grade (0 ok, 1 warning, 2 error), computed once per row."""
ERROR_PREFIX, WARNING_PREFIX = "Fel:", "Varning:"
NO_ISSUES = "Inga fel hittade"


@dataclass(frozen=True)
class Rule:
    """One live check of one column: ``condition`` (a formula on ``{r}``, the cell) holds in a filled
    row when the cell breaks the rule."""

    key: str
    severity: int
    condition: str
    message: str

    def at(self, row: int | str, relative: bool = False) -> str:
        """The condition for the cell of this rule's column in ``row`` (``$`` column unless relative)."""
        ref = f"{'' if relative else '$'}{C.letter(self.key)}{row}"
        return self.condition.replace("{r}", ref).replace("{row}", str(row))


def _in(name: str) -> str:
    return f"SUMPRODUCT(--({name}=TRIM({{r}})))>0"


def _due_grade(config: Config) -> str:
    """Excel expression: 0, 1 (warning) or 2 (error) for a non-empty Måldatum cell ``{r}``."""
    start, end = excel_serial(config.period_start), excel_serial(config.period_end)
    y0, y1 = config.period_start_year, config.period_end_year
    s = "INT({r})"
    number = (f"IF(AND({s}>={C.YEAR_MIN},{s}<={C.YEAR_MAX}),IF(AND({s}>={y0},{s}<={y1}),1,2),"
              f"IF(AND({s}>={start},{s}<={end}),0,2))")
    t = "TRIM({r})"
    y, m, d = f"VALUE(MID({t},1,4))", f"VALUE(MID({t},6,2))", f"VALUE(MID({t},9,2))"
    day = f"DATE({y},{m},{d})"
    iso = (f'AND(LEN({t})=10,MID({t},5,1)="-",MID({t},8,1)="-",ISNUMBER(-MID({t},1,4)),'
           f"ISNUMBER(-MID({t},6,2)),ISNUMBER(-MID({t},9,2)))")
    iso_grade = (f"IF(AND(YEAR({day})={y},MONTH({day})={m},DAY({day})={d}),"
                 f"IF(AND({day}>={start},{day}<={end}),0,2),2)")
    text = (f'IF({t}="{C.ONGOING}",0,IF({_in(C.ONGOING_ALIAS_NAME)},1,IF({iso},{iso_grade},1)))')
    return f"IF(ISNUMBER({{r}}),{number},{text})"


def _canonical(spec: C.ListSpec, ref: str) -> str:
    """Excel expression: the list value a cell stands for (its alias resolved), trimmed."""
    return f"IFERROR(INDEX({spec.alias_value_name},MATCH(TRIM({ref}),{spec.alias_name},0)),TRIM({ref}))"


def rules(config: Config) -> list[Rule]:
    """Every live check, in column order."""
    out: list[Rule] = []
    period = config.period_label
    example = f"{config.period_end_year}-12-31"
    for col in C.COLUMNS:
        name = f"”{col.header}”"
        if col.required:
            out.append(Rule(col.key, ERROR, 'TRIM({r})=""', f"Fyll i {name}."))
        spec = col.list_spec
        if spec is not None:
            out.append(Rule(col.key, ERROR,
                            f'AND(TRIM({{r}})<>"",NOT({_in(spec.defined_name)}),NOT({_in(spec.alias_name)}))',
                            f"Värdet i {name} finns inte i rullistan."))
            out.append(Rule(col.key, WARNING, f'AND(TRIM({{r}})<>"",{_in(spec.alias_name)})',
                            f"{name} är stavat på annat sätt än i rullistan."))
        elif col.kind == "date":
            grade = f"${DUE_GRADE_LETTER}{{row}}"
            out.append(Rule(col.key, ERROR, f"{grade}=2",
                            f"Måldatum ska vara ett datum {period} eller {C.ONGOING}."))
            out.append(Rule(col.key, WARNING, f"{grade}=1",
                            f"Skriv Måldatum som ett datum, till exempel {example}, eller {C.ONGOING}."))
        elif col.kind == "number":
            out.append(Rule(col.key, ERROR, "AND(ISNUMBER({r}),{r}<0)", f"{name} ska vara 0 eller större."))
            out.append(Rule(col.key, WARNING, 'AND(TRIM({r})<>"",NOT(ISNUMBER({r})))',
                            f"Skriv bara ett tal i {name}."))
    categories = C.LIST_BY_KEY["categories"]
    first, second = C.COLUMN_BY_KEY["category"], C.COLUMN_BY_KEY["category2"]
    same = (f'AND(TRIM({{r}})<>"",{_canonical(categories, "{r}")}='
            f'{_canonical(categories, "$" + C.letter("category") + "{row}")})')
    out.append(Rule("category2", ERROR, same, f"{second.header} ska skilja sig från {first.header}."))
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
    """Formula of B2: error rows and warning rows counted in words, or 'Inga fel hittade'.

    ``letter`` is the form's Radkontroll column (the plan's by default).
    """
    return _counted(f"${letter}${first}:${letter}${last}", "rad", "rader")


def _counted(rng: str, one: str, many: str) -> str:
    """Formula: the cells of ``rng`` starting 'Fel:' and 'Varning:' counted in words ('2 rader har fel, 1 rad
    har varningar'), or 'Inga fel hittade'."""
    e = f'SUMPRODUCT(--(LEFT({rng},{len(ERROR_PREFIX)})="{ERROR_PREFIX}"))'
    w = f'SUMPRODUCT(--(LEFT({rng},{len(WARNING_PREFIX)})="{WARNING_PREFIX}"))'
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
    """Radkontroll and its two hidden helper columns for every table row, and the status cell."""
    checks = rules(config)
    errors, warnings = _messages(checks, ERROR), _messages(checks, WARNING)
    due = f"${C.letter('due')}{ROW}"
    grade = f'=IF(TRIM({due})="",0,{_due_grade(config).replace("{r}", due)})'
    for row in range(first, last + 1):
        number = str(row)
        ws[f"{DUE_GRADE_LETTER}{row}"] = grade.replace(ROW, number)
        ws[f"{ERROR_LETTER}{row}"] = errors.replace(ROW, number)
        ws[f"{WARNING_LETTER}{row}"] = warnings.replace(ROW, number)
        ws[f"{C.CHECK_LETTER}{row}"] = row_check_formula(row)
    for letter in (ERROR_LETTER, WARNING_LETTER, DUE_GRADE_LETTER):
        ws.column_dimensions[letter].hidden = True
    ws[C.CHECK_STATUS_CELL] = status_formula(first, last)


# -- the Analys sheet ----------------------------------------------------------------------------

def analysis_rules(field: AnalysisField) -> list[tuple[int, str, str]]:
    """The live checks of one Analys field: (severity, condition on ``{r}``, Swedish message).

    They grade like :func:`kfworkbook.validate.schema.analysis_schema`: a number below 0 or a percentage
    outside 0–100 is an error, a percentage between 0 and 1 a warning (Excel stores "12 %" as
    0,12), a value not in the list an error, an alias a warning; text in a
    number field is a warning here and the validator decides (it reads "12 %" as 12).
    """
    if field.kind in ("tal", "procent"):
        if field.kind == "tal":
            bad, message = "{r}<0", "Skriv ett tal som är 0 eller större."
        else:
            bad, message = "OR({r}<0,{r}>100)", "Skriv en procentsats mellan 0 och 100."
        checks = [(ERROR, f"AND(ISNUMBER({{r}}),{bad})", message),
                  (WARNING, 'AND(TRIM({r})<>"",NOT(ISNUMBER({r})))', "Skriv bara ett tal.")]
        if field.kind == "procent":  # "12 %" typed into Excel is stored as 0,12
            checks.append((WARNING, "AND(ISNUMBER({r}),{r}>0,{r}<1)", "Under 1 procent? Skriv 12 för 12 %."))
        return checks
    if field.list_key:
        spec = C.LIST_BY_KEY[field.list_key]
        return [(ERROR, f'AND(TRIM({{r}})<>"",NOT({_in(spec.defined_name)}),NOT({_in(spec.alias_name)}))',
                 "Värdet finns inte i rullistan."),
                (WARNING, f'AND(TRIM({{r}})<>"",{_in(spec.alias_name)})', "Stavat på annat sätt än i rullistan.")]
    return []


def analysis_check_formula(field: AnalysisField, row: int) -> str:
    """Formula of the Kontroll cell beside an Analys field: 'Fel: …', 'Varning: …' or empty."""
    ref = f"${C.ANALYSIS_VALUE}{row}"
    formula = '""'
    for severity, condition, message in reversed(analysis_rules(field)):
        prefix = ERROR_PREFIX if severity == ERROR else WARNING_PREFIX
        formula = f'IF({condition.replace("{r}", ref)},"{prefix} {message}",{formula})'
    return "=" + formula


def analysis_status_formula(first: int, last: int) -> str:
    """Formula of the Analys sheet's status cell: fields with errors and warnings counted, or 'Inga fel hittade'."""
    return _counted(f"${C.ANALYSIS_CHECK}${first}:${C.ANALYSIS_CHECK}${last}", "fält", "fält")


def write_analysis_checks(ws: Worksheet, config: Config) -> None:
    """The Kontroll formula beside every Analys field, red/amber conditional formats, the status cell."""
    first = C.ANALYSIS_FIRST_ROW
    last = first + len(config.analysis) - 1
    for index, field in enumerate(config.analysis):
        row = first + index
        ws[f"{C.ANALYSIS_CHECK}{row}"] = analysis_check_formula(field, row)
        target = f"{C.ANALYSIS_VALUE}{row}"
        for severity, fill, font in ((ERROR, RED_FILL, RED_FONT), (WARNING, AMBER_FILL, AMBER_FONT)):
            conditions = [c.replace("{r}", target) for s, c, _ in analysis_rules(field) if s == severity]
            if conditions:
                ws.conditional_formatting.add(target, FormulaRule(formula=[f"OR({','.join(conditions)})"],
                                                                  fill=fill, font=font, stopIfTrue=True))
    ws[C.ANALYSIS_STATUS_CELL] = analysis_status_formula(first, last)

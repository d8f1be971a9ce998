"""The one specification of the activity table and of the workbook's fixed places.

The template, the reader, the schema and the summary all read this module; nothing else spells a
header, a sheet name or a fixed cell address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Literal

from ..printing import line_count

Kind = Literal["list", "text", "date", "number"]


def get_column_letter(index: int) -> str:
    """Excel column letter of 1-based ``index`` (1 → A, 27 → AA), without importing openpyxl."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

ONGOING = "Löpande"
"""The word accepted in Måldatum instead of a date."""
ONGOING_ALIASES = ("kontinuerligt", "kontinuerlig", "fortlöpande", "pågående", "pågår", "löpande under året",
                   "löpande under perioden", "hela perioden", "återkommande")
"""Other words for Löpande in Måldatum: read as Löpande with a warning (the template's Listor sheet lists them)."""
YEAR_MIN, YEAR_MAX = 1900, 2100
"""A whole number or four digits in this range in Måldatum is a year (read as its 31 December)."""

MAX_CELL_TEXT = 32_767
"""The most characters an Excel cell holds."""


@dataclass(frozen=True)
class ListSpec:
    """A dropdown list: its config key, its title on the Listor sheet and its defined name."""

    key: str
    title: str
    defined_name: str

    @property
    def alias_name(self) -> str:
        """Defined name of the list's aliases (other spellings that count with a warning)."""
        return self.defined_name + "_alias"

    @property
    def alias_value_name(self) -> str:
        """Defined name of the list value each alias stands for, row by row beside the aliases."""
        return self.defined_name + "_aliasvarde"


LISTS: tuple[ListSpec, ...] = (
    ListSpec("categories", "Kategori (UBARA)", "Lista_Kategori"),
    ListSpec("vp_goals", "Koppling till verksamhetsplan", "Lista_VP_mal"),
    ListSpec("target_groups", "Målgrupp", "Lista_Malgrupp"),
    ListSpec("roles", "Ansvarig (funktion)", "Lista_Ansvarig"),
    ListSpec("follow_up", "Uppföljning", "Lista_Uppfoljning"),
    ListSpec("statuses", "Status", "Lista_Status"),
)
LIST_BY_KEY = {spec.key: spec for spec in LISTS}
ONGOING_ALIAS_NAME = "Lista_Lopande_alias"
"""Defined name of the words read as Löpande with a warning (schema.ONGOING_ALIASES)."""


@dataclass(frozen=True)
class Column:
    """One column of the activity table."""

    key: str
    header: str
    kind: Kind
    required: bool
    width: float
    help: str
    """Help text; may name {categories}, {two_categories}, {due_example} and {follow_up_example}: see
    :func:`help_text`."""
    list_key: str | None = None
    template_width: float = 0
    """Width in the template (narrower than ``width``, so that 14 columns print legibly on A4)."""

    @property
    def list_spec(self) -> ListSpec | None:
        """The dropdown list behind this column, if any."""
        return LIST_BY_KEY[self.list_key] if self.list_key else None


COLUMNS: tuple[Column, ...] = (
    Column("category", "Kategori (UBARA)", "list", True, 16,
           "Välj steg i kompetensförsörjningen: {categories}.", "categories", template_width=11),
    Column("category2", "Kategori 2", "list", False, 14,
           "Ett andra steg när aktiviteten hör till två, till exempel {two_categories}.",
           "categories", template_width=10),
    Column("vp_goal", "Koppling till verksamhetsplan", "list", False, 30,
           "Välj det mål i verksamhetsplanen som aktiviteten bidrar till.", "vp_goals", template_width=14),
    Column("goal", "Vad ska vi uppnå?", "text", True, 36,
           "Beskriv målet med aktiviteten: vad ska vara uppnått när den är klar?", template_width=15),
    Column("activity", "Aktivitet – hur gör vi det?", "text", True, 44,
           "Beskriv aktiviteten: vad görs, hur och av vilka? En aktivitet per rad.", template_width=18),
    Column("target_group", "Målgrupp", "list", False, 20,
           "Välj den yrkesgrupp aktiviteten riktar sig till.", "target_groups", template_width=10),
    Column("due", "Måldatum", "date", True, 13,
           "Skriv datum då aktiviteten ska vara klar, till exempel {due_example}, "
           f"eller ordet {ONGOING} för ett arbete som pågår hela tiden.", template_width=11),
    Column("responsible", "Ansvarig (funktion)", "list", True, 22,
           "Välj den funktion som ansvarar, aldrig en person. Nämn fler funktioner i Kommentar.",
           "roles", template_width=13),
    Column("hours", "Resurser – timmar", "number", False, 11,
           "Antal timmar som aktiviteten kräver, om det är känt.", template_width=8),
    Column("kronor", "Resurser – kronor", "number", False, 12,
           "Kostnad i kronor, om den är känd.", template_width=8),
    Column("resources_other", "Resurser – övrigt", "text", False, 22,
           "Övriga resurser, till exempel stöd från utvecklingsenheten eller HR.", template_width=9),
    Column("follow_up", "Uppföljning", "list", True, 22,
           "Välj när aktiviteten följs upp, till exempel {follow_up_example}.",
           "follow_up", template_width=11),
    Column("status", "Status", "list", False, 13, "Välj status vid uppföljningen.", "statuses", template_width=8),
    Column("comment", "Kommentar", "text", False, 36, "Fritt utrymme för kommentarer.", template_width=10),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c for c in COLUMNS if c.required)


def without_activity(values: dict[str, Any]) -> tuple[str, str] | None:
    """For a plan row that holds something but no required value (a note below the activities): the key of its
    first value (its comment if it has one) and what it holds in words ('en kommentar'); else None.

    Such a row is no activity anywhere: the validator reports it once, and merge, the follow-up and the
    roll-over leave it out.
    """
    def filled(key: str) -> bool:
        value = values.get(key)
        return value is not None and value == value and not (isinstance(value, str) and not value.strip())

    if any(filled(c.key) for c in REQUIRED):
        return None
    keys = [c.key for c in COLUMNS if not c.required and filled(c.key)]
    if not keys:
        return None
    if keys == ["comment"]:
        return "comment", "en kommentar"
    first = "comment" if "comment" in keys else keys[0]
    return first, "uppgifter i " + or_list([COLUMN_BY_KEY[k].header for k in keys]).replace(" eller ", " och ")


def or_list(values: Sequence[str]) -> str:
    """'A, B eller C' (Swedish enumeration of alternatives)."""
    values = list(values)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " eller " + values[-1]


def text_fields(config: Any) -> dict[str, str]:
    """The configuration's words that help texts name: the steps, two example steps, an example date
    and follow-up times."""
    steps = [item.name for item in config.lists.categories]
    pair = steps[-3:-1] if len(steps) >= 3 else steps[:2]
    return {
        "categories": or_list(steps),
        "two_categories": " och ".join(pair) if len(pair) == 2 else pair[0],
        "due_example": f"{config.period_end_year}-12-31",
        "follow_up_example": or_list([item.name for item in config.lists.follow_up][:2]),
    }


def help_text(col: Column, config: Any) -> str:
    """The help text of ``col`` with the configuration's list values and dates filled in."""
    return col.help.format(**text_fields(config))


def row_height(cells: Iterable[tuple[Any, float]], line: float = 15.0) -> float:
    """Row height in points that shows every wrapped text of a row: (value, column width) pairs.

    Spreadsheets do not size rows to wrapped text that a program wrote, so writers set the height.
    Lines are counted by wrapping whole words at one character per unit of column width (a little
    more than Excel fits, so the text shows in LibreOffice's wider fallback fonts too).
    """
    lines = 1
    for value, width in cells:
        if isinstance(value, str) and (len(value) > width or "\n" in value):
            lines = max(lines, line_count(value, width))
    return min(409.0, lines * line)



def row_heights(columns: Sequence[Sequence[Any]], widths: Sequence[float], line: float = 15.0) -> list[float]:
    """:func:`row_height` of every row of cells given column by column (``columns[c][i]`` is row i's cell in a
    column ``widths[c]`` wide): the same heights, each distinct text of a column counted once."""
    lines: list[int] | None = None  # None: one line each so far
    for values, width in zip(columns, widths, strict=True):
        counted = {value: line_count(value, width) for value in dict.fromkeys(values)
                   if isinstance(value, str) and (len(value) > width or "\n" in value)}
        if counted:  # the other values take one line
            column = list(map(counted.get, values, repeat(1)))
            lines = column if lines is None else list(map(max, lines, column))
    if lines is None:
        lines = [1] * (len(columns[0]) if columns else 0)
    heights = {count: min(409.0, count * line) for count in set(lines)}
    return list(map(heights.__getitem__, lines))


def letter(key: str) -> str:
    """Column letter of ``key`` in the template's activity table (A for the first column)."""
    return get_column_letter(COLUMNS.index(COLUMN_BY_KEY[key]) + 1)


LAST_LETTER = get_column_letter(len(COLUMNS))
CHECK_LETTER = get_column_letter(len(COLUMNS) + 1)
"""The per-row check column just right of the table (formulas, read-only)."""
CHECK_HEADER = "Radkontroll"

# -- sheets and fixed places ---------------------------------------------------------------------

SHEET_INSTRUCTIONS = "Instruktioner"
SHEET_INFO = "Uppgifter"
SHEET_PLAN = "Aktivitetsplan"
SHEET_RESULTS = "Valideringsresultat"
SHEET_LISTS = "Listor"

TABLE_NAME = "Aktiviteter"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1

CHECK_STATUS_CELL = "B2"
"""Formula cell: counts the rows flagged by the live checks, in words."""
VALIDERA_CELL = "A3"
"""The cell the Validera button sits on (classic xlwings button and xlwings Lite)."""
BUTTON_STATUS_CELL = "B3"
"""Beside the Validera cell: the button writes its result here."""

# Uppgifter: (key, label, prefilled). Values sit in column B, one row each from row 2.
INFO_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("forvaltning", "Förvaltning", True),
    ("department", "Avdelning", True),
    ("unit", "Enhet", True),
    ("period", "Planperiod", True),
    ("manager", "Ansvarig chef", False),
    ("email", "E-post", False),
    ("date", "Datum", False),
)
INFO_FIRST_ROW = 2


def info_cell(key: str) -> str:
    """Address of the value cell of an Uppgifter field."""
    keys = [k for k, _, _ in INFO_FIELDS]
    return f"B{INFO_FIRST_ROW + keys.index(key)}"


# Template metadata on the hidden Listor sheet: label in column A, value in column B.
META_FIELDS: tuple[tuple[str, str], ...] = (
    ("generator", "Skapad av"),
    ("template_version", "Mallversion"),
    ("forvaltning", "Förvaltning"),
    ("plan_year", "Planår"),
    ("plan_period", "Planperiod"),
    ("department", "Avdelning"),
    ("unit", "Enhet"),
    ("rows", "Antal rader"),
)
META_FIRST_ROW = 2
LISTS_FIRST_COLUMN = 4
"""Lists start in column D of the Listor sheet, one column per list, title in row 1."""

GENERATOR = "kfworkbook"


def meta_cell(key: str) -> str:
    """Address (on the Listor sheet) of one metadata value."""
    keys = [k for k, _ in META_FIELDS]
    return f"B{META_FIRST_ROW + keys.index(key)}"

# The result sheet written by the Validera button and the issue sheet of an annotated copy.
RESULT_HEADERS: tuple[str, ...] = ("Cell", "Kolumn", "Värde", "Typ", "Meddelande")
RESULT_HEADER_ROW = 3
RESULT_WIDTHS: tuple[float, ...] = (20, 20, 22, 9, 64)
"""Column widths of the result sheet and the issue sheet (landscape A4, one page wide at 9 points or more)."""

# Metadata that only some forms write (see kfworkbook.forms): a plan template has none of them, so a
# workbook without "Blankett" is a plan.
FORM_META_FIELDS: tuple[tuple[str, str], ...] = (
    ("form", "Blankett"),
    ("follow_up_period", "Uppföljningsperiod"),
    ("activity_ids", "Aktivitets-ID"),
    ("units_sent", "Utskickad till"),
)
"""(key, label) pairs after :data:`META_FIELDS` on the hidden Listor sheet of a form other than the plan."""
META_JOIN = {"units_sent": "\n", "activity_ids": ","}
"""Metadata that may be longer than a cell holds: written on several rows with the same label, read back joined
with this separator."""

# The Analys sheet: one row per configured field from ANALYSIS_FIRST_ROW, in config order.
SHEET_ANALYSIS = "Analys"
ANALYSIS_STATUS_CELL = "B2"
"""Formula cell of the Analys sheet: its own live-check verdict in words."""
ANALYSIS_HEADER_ROW = 4
ANALYSIS_FIRST_ROW = ANALYSIS_HEADER_ROW + 1
ANALYSIS_LABEL, ANALYSIS_VALUE, ANALYSIS_HELP, ANALYSIS_CHECK, ANALYSIS_KEY = "A", "B", "C", "D", "F"
"""Columns of the Analys sheet: label, the manager's value, help text, live check, and (hidden) the field's key,
which the reader goes by, so that a label changed between template versions still reads."""
ANALYSIS_HEADERS = {ANALYSIS_LABEL: "Rubrik", ANALYSIS_VALUE: "Avdelningens svar", ANALYSIS_HELP: "Hjälp",
                    ANALYSIS_CHECK: "Kontroll"}
ANALYSIS_WIDTHS = {ANALYSIS_LABEL: 20.0, ANALYSIS_VALUE: 60.0, ANALYSIS_HELP: 28.0, ANALYSIS_CHECK: 22.0}


def analysis_cell(index: int) -> str:
    """Address of the value cell of the ``index``-th (0-based) Analys field."""
    return f"{ANALYSIS_VALUE}{ANALYSIS_FIRST_ROW + index}"

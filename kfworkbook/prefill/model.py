"""What every prefill reader returns: a :class:`Source` of :class:`SourceRow` objects.

The readers of spreadsheets and plans (:mod:`kfworkbook.prefill.sources`) and of Word documents
(:mod:`kfworkbook.prefill.word`) both build these, so that one set of rules
(:mod:`kfworkbook.prefill.rollover`) and one placement (:mod:`kfworkbook.prefill.plans`) serve every
kind of source. A Word document's rows find their department, unit and UBARA step only with a
configuration, so its reader also keeps the :class:`Table` objects the rows were read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..issues import Issue

DEPARTMENT, UNIT, YEAR = "department", "unit", "plan_year"
"""Keys of a source row besides the column keys and the Uppgifter keys (manager, email, date)."""
SOURCE_FILE, SOURCE_ROW = "source_file", "source_row"
"""The summary's Källfil and Källrad: where an activity stood in its plan (merge sorts by category)."""
RESOURCES = "resources"
"""A combined 'Resurser (timmar, kronor, personal)' cell: the rules split it into the three Resurser columns."""
FOLLOW_UP_COMMENT = "follow_up_comment"
"""A combined 'Uppföljning / Kommentar' cell: the rules take Uppföljning from it and keep the rest in Kommentar."""


class PrefillError(Exception):
    """A prefill source that cannot be used at all; ``str(error)`` is a Swedish message for the user."""


@dataclass
class SourceRow:
    """One row of a prefill source: values by key, and where it stands in the source (``row``: the CSV
    line where the record starts, as a text editor numbers it, or the sheet's or Word table's row)."""

    values: dict[str, Any]
    file: str
    sheet: str
    row: int
    plan_year: int | None = None
    order: tuple[str, float] | None = None
    """(plan file, row) the activity had in its plan, when the source says (a summary does)."""


@dataclass
class TableRow:
    """One non-empty body row of a Word table, as read: its values by column key."""

    row: int
    """The row's number in its table, as a person counts them (the first row, often the header, is 1)."""
    values: dict[str, str]
    lone: str | None = None
    """The text of a row that holds one text only (a step, a unit's name, or a cell continued after a page
    break): placement decides which, with the configuration."""
    spans: bool = False
    """True when that text stands in one cell across the whole table (a section row, never an activity)."""


@dataclass
class Table:
    """One table of a Word document, as read without a configuration."""

    file: str
    number: int
    """The table's number in its document, counting every table from the top (1 = the first)."""
    headings: list[tuple[int, str]]
    """The headings and paragraphs between the previous table and this one, top to bottom, as (level, text):
    0 for the title, 1–9 for headings, 10 for other paragraphs, 11 for title rows inside the table."""
    columns: int
    keys: dict[int, str] = field(default_factory=dict)
    """The column key of each grid column (from the header row, or the table before it); empty when skipped."""
    rows: list[TableRow] = field(default_factory=list)
    plan_year: int | None = None
    header: str = ""
    """How the columns were found: 'rubrikrad' (its own header row), 'tom rubrikrad' (an empty first row,
    the columns of the table before it), 'ingen rubrikrad' (no header row, the columns of the table before it)."""
    skipped: str = ""
    """Why the table is not an activity table (Swedish, for the user); '' when it was read."""
    first_text: str = ""
    """The first text in the table, to name it for the user."""
    label: str = field(init=False)
    """How messages name the table: 'plan.docx, tabell 3'."""

    def __post_init__(self) -> None:
        self.label = f"{Path(self.file).name}, tabell {self.number}"


@dataclass
class Source:
    """Everything read from a prefill source."""

    path: Path
    kind: str
    """How the output names the source, in Swedish: 'sammanställningen (fliken Aktiviteter)'."""
    rows: list[SourceRow] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    """Problems with the source as a whole (an unreadable plan in a folder, two plans for one unit)."""
    tables: list[Table] = field(default_factory=list)
    """A Word document's tables: their rows are placed by :func:`kfworkbook.prefill.placing.place_tables`
    (``rows`` then holds the activity rows as read, without department, unit or step)."""

    @property
    def plan_years(self) -> list[int]:
        """The plan years the rows carry, oldest first (empty when the source does not say)."""
        years = {r.plan_year for r in self.rows} | {t.plan_year for t in self.tables}
        return sorted(y for y in years if y is not None)

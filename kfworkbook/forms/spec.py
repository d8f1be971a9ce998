"""The forms kfworkbook hands out: the plan and the follow-up per tertial.

A form is what a stage of the pipeline needs to know about one kind of workbook: its activity table
(columns, sheet, table name, header row), which of its columns the manager fills in, and the kind
recorded in its metadata. ``Form.kind`` is the key of every stage's registry (``RULES`` in
:mod:`kfworkbook.validate.run`, ``ROWS`` in :mod:`kfworkbook.summary.merge`, ``WRITERS`` and
``DOCUMENTS`` in :mod:`kfworkbook.output.write`). The plan form is :mod:`kfworkbook.forms.columns`;
the follow-up form reuses the plan's columns (read-only) and adds the period's inputs. The workbook's
metadata (``Blankett`` on the hidden Listor sheet) says which form a file is, so ``validate`` and
``merge`` need no new commands. See docs/forms.md and docs/architecture.md.

The follow-up periods are the förvaltning's tertial reports: T1 (January–April), T2 (May–August) and
VB, the verksamhetsberättelse (the whole year). Every follow-up rule lives in
:mod:`kfworkbook.forms.follow_up`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..config import fold
from . import columns as C
from .columns import Column

PLAN_KIND, FOLLOW_UP_KIND = "Kompetensförsörjningsplan", "Uppföljning"
"""The ``Blankett`` metadata of each form (a workbook without it is a plan); the key of every registry."""
PERIODS: tuple[str, ...] = ("T1", "T2", "VB")
PERIOD_NAMES = {"T1": "Tertial 1", "T2": "Tertial 2", "VB": "Verksamhetsberättelse"}


@dataclass(frozen=True)
class Form:
    """One kind of workbook: its activity table and the columns the manager fills in."""

    kind: str
    sheet: str
    table_name: str
    columns: tuple[Column, ...]
    inputs: tuple[str, ...]
    """Keys of the columns the manager fills in; the others are locked."""
    header_row: int = C.HEADER_ROW
    period: str = ""
    """The follow-up period (T1, T2, VB) of a follow-up form; '' for the plan and for any period."""
    rows_below_table: bool = True
    """True when rows below the template's table are an issue of their own (``for-manga-rader``); a
    follow-up reports added rows by their missing Aktivitets-ID instead."""
    nouns: tuple[str, str] = ("plan", "planer")
    """What one workbook of this form is called, singular and plural (the console counts them)."""

    @property
    def first_row(self) -> int:
        """The first Excel row of the activity table."""
        return self.header_row + 1

    @property
    def by_key(self) -> dict[str, Column]:
        """The columns by key."""
        return {c.key: c for c in self.columns}

    def letter(self, key: str) -> str:
        """Column letter of ``key`` in this form's table (A for the first column)."""
        keys = [c.key for c in self.columns]
        return C.get_column_letter(keys.index(key) + 1)

    @property
    def check_letter(self) -> str:
        """The live check column just right of the table."""
        return C.get_column_letter(len(self.columns) + 1)


PLAN = Form(PLAN_KIND, C.SHEET_PLAN, C.TABLE_NAME, C.COLUMNS, tuple(c.key for c in C.COLUMNS))

# -- the follow-up form ----------------------------------------------------------------------------

SHEET_FOLLOW_UP = "Uppföljning"
FOLLOW_UP_TABLE = "Uppfoljning"
ID_KEY, STATUS, COMMENT, NEW_DUE = "activity_id", "fu_status", "fu_comment", "fu_new_due"
PLAN_KEYS = ("category", "goal", "activity", "due", "responsible", "follow_up")
"""The plan's columns a follow-up workbook shows, read-only."""
ID_COLUMN = Column(ID_KEY, "Aktivitets-ID", "text", True, 12,
                   "Aktivitetens id, satt av HR. Ändra det inte: svaret hör till aktiviteten genom det.",
                   template_width=11)
_COMMENT_HEADER = "Kommentar – vad har gjorts och med vilken effekt"


def _inputs(suffix: str = "", width: float = 1.0) -> tuple[Column, ...]:
    """The three answers of a period; with ``suffix`` (' T1') the read-only copy of an earlier period's."""
    key = suffix.strip()
    return (
        Column(STATUS + ("_" + key if key else ""), "Status" + suffix, "list", not key, 13,
               "Välj aktivitetens status vid uppföljningen.", "statuses", template_width=11 * width),
        Column(COMMENT + ("_" + key if key else ""), (_COMMENT_HEADER if not key else "Kommentar" + suffix), "text",
               False, 40, "Beskriv vad som har gjorts och med vilken effekt.",
               template_width=30 * width),
        Column(NEW_DUE + ("_" + key if key else ""), "Nytt måldatum" + suffix, "date", False, 13,
               "För en försenad aktivitet: skriv det nya datumet inom planperioden, till exempel {due_example}.",
               template_width=11 * width),
    )


def follow_up_form(period: str) -> Form:
    """The follow-up form of ``period`` (T1, T2 or VB): ID, the plan's columns, earlier answers, inputs."""
    earlier = PERIODS[:PERIODS.index(period)]
    history = tuple(col for p in earlier for col in _inputs(" " + p, 0.8))
    columns = (ID_COLUMN, *(C.COLUMN_BY_KEY[k] for k in PLAN_KEYS), *history, *_inputs())
    return Form(FOLLOW_UP_KIND, SHEET_FOLLOW_UP, FOLLOW_UP_TABLE, columns, (STATUS, COMMENT, NEW_DUE),
                period=period, rows_below_table=False, nouns=("uppföljning", "uppföljningar"))


FOLLOW_UP_ALL = replace(follow_up_form("VB"), period="")
"""The follow-up form with every period's columns: the reader finds any period's headers with it."""


def history_key(key: str, period: str) -> str:
    """The key of an earlier period's copy of input ``key`` ('fu_status' at T1 → 'fu_status_T1')."""
    return f"{key}_{period}"


def form_of(meta: Mapping[str, str]) -> Form:
    """The form a workbook's metadata names (a plan when it names none)."""
    if fold(meta.get("form", "")) == fold(FOLLOW_UP_KIND):
        period = meta.get("follow_up_period", "")
        return follow_up_form(period) if period in PERIODS else FOLLOW_UP_ALL
    return PLAN


def is_follow_up(meta: Mapping[str, str]) -> bool:
    """True when a workbook's metadata says it is a follow-up workbook."""
    return fold(meta.get("form", "")) == fold(FOLLOW_UP_KIND)


def run_form(metas: Iterable[Mapping[str, str]]) -> Form:
    """The form a run over these workbooks' metadata is about: the follow-up of a period when most
    readable workbooks are follow-ups (the period most of them name wins), else the plan."""
    metas = list(metas)
    periods = Counter(meta.get("follow_up_period", "") for meta in metas if is_follow_up(meta))
    if not periods or sum(periods.values()) * 2 <= len(metas):
        return PLAN
    period = sorted(periods.items(), key=lambda item: (-item[1], item[0]))[0][0]
    if not period:
        return PLAN
    return follow_up_form(period) if period in PERIODS else replace(FOLLOW_UP_ALL, period=period)

"""The rules that turn a source row into an activity of the new year's template.

Every source gets the mapping rules: list values through the new config (aliases to list values,
two steps in one Kategori cell split into Kategori and Kategori 2, a role with a qualifier to the
role with the old text in Kommentar), ISO dates and numbers typed as text to real values, and a
report of every value that is not in the new lists and every Måldatum outside the new period.
A source from an earlier plan year also gets the roll-over rules ("copy to next period"): a
finished activity (:meth:`kfworkbook.config.Config.finished_statuses`) is not carried, Status is
emptied, and a Måldatum before the new period is moved into Kommentar. Text columns are never
touched: a text arrives in the template exactly as it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..config import Config, fold
from ..forms import columns as C
from ..issues import ADVICE, Issue, advice, make_issue
from ..validate.suggest import near_miss, role_and_qualifier, split_steps
from ..values import present
from .combined import Note, expand, latest_date, role_text
from .sources import SourceRow

_INFO_KEYS = tuple(key for key, _, prefilled in C.INFO_FIELDS if not prefilled)


@dataclass
class Carried:
    """What the rules made of one source row."""

    row: SourceRow
    activity: dict[str, Any] = field(default_factory=dict)
    """Values by column key, ready for the template (empty when the row has no activity)."""
    info: dict[str, Any] = field(default_factory=dict)
    """Uppgifter values (manager, email, date) the row carries."""
    notes: list[Issue] = field(default_factory=list)
    finished: str | None = None
    """The finished status that kept the row from being carried (roll-over only)."""


def is_rolled(row: SourceRow, config: Config) -> bool:
    """True when ``row`` comes from an earlier plan year than the config's."""
    return row.plan_year is not None and row.plan_year < config.plan_year


def apply_rules(rows: list[SourceRow], config: Config) -> list[Carried]:
    """Apply the mapping (and, for earlier years, the roll-over) rules to ``rows``, in order."""
    if not rows:
        return []
    expanded = [_expand(row, config) for row in rows]  # combined cells of a Word plan split into columns
    rows = [row for row, _ in expanded]
    prepared = _prepare(rows, config)
    finished = {fold(name) for name in config.finished_statuses()}
    records = prepared.to_dict("records")
    return [_carry(row, record, config, finished, notes)
            for (row, notes), record in zip(expanded, records, strict=True)]


def _expand(row: SourceRow, config: Config) -> tuple[SourceRow, list[Note]]:
    values, notes = expand(row.values, config)
    if values is row.values:
        return row, notes
    return SourceRow(values, row.file, row.sheet, row.row, row.plan_year, row.order), notes


def _prepare(rows: list[SourceRow], config: Config) -> pd.DataFrame:
    """The rows through the validator's own reading of values (:func:`kfworkbook.validate.schema.prepare`)."""
    from ..validate.schema import PLAN, ROW, prepare  # pandera loads only when rows are carried

    data = {col.key: [_value_or_none(r.values.get(col.key)) for r in rows] for col in C.COLUMNS}
    data[PLAN] = [0] * len(rows)
    data[ROW] = list(range(len(rows)))
    return prepare(pd.DataFrame(data, dtype=object), config)


def _value_or_none(value: Any) -> Any:
    return value if present(value) else None


def _carry(row: SourceRow, p: dict[str, Any], config: Config, finished: set[str], split: list[Note]) -> Carried:
    rolled = is_rolled(row, config)
    carried = Carried(row)
    if rolled and present(p["status"]) and fold(p["status:value"]) in finished:
        carried.finished = str(p["status:value"])
        return carried
    values = {col.key: row.values[col.key] for col in C.COLUMNS if present(row.values.get(col.key))}
    comments: list[str] = []

    def note(code: str, column: str, value: Any, **fields: Any) -> None:
        carried.notes.append(make_issue(code, file=row.file, sheet=row.sheet, row=row.row, column=column,
                                        value=value, period=config.period_label, **fields))

    for code, column, value, fields in split:
        note(code, column, value, **fields)

    for col in [c for c in C.COLUMNS if c.key in values]:  # as read: a split may add Kategori 2
        if col.list_key:
            if col.key == "status" and rolled:
                if config.canonical("statuses", str(values["status"])) is None:  # perhaps a finished status the config lacks
                    note("forifyll-status-okand", col.header, values["status"])
                del values["status"]
            else:
                _list_value(col, values, p, config, comments, note)
        elif col.kind == "date":
            _due(values, p, config, rolled, comments, note)
        elif col.kind == "number" and p[col.key + ":status"] in ("ok", "text") and isinstance(values[col.key], str):
            number = float(p[col.key + ":value"])
            values[col.key] = int(number) if number.is_integer() else number
    if comments:
        old = values.get("comment")
        values["comment"] = "\n".join([old, *comments] if old is not None else comments)
    carried.activity = values
    carried.info = {key: _info_value(key, row.values[key]) for key in _INFO_KEYS if present(row.values.get(key))}
    return carried


def _list_value(col: C.Column, values: dict[str, Any], p: dict[str, Any], config: Config, comments: list[str],
                note: Any) -> None:
    raw = values[col.key]
    if p[col.key + ":value"] in config.list_names(col.list_key or ""):  # a list value or an alias of one
        values[col.key] = p[col.key + ":value"]
        return
    text = raw if isinstance(raw, str) else str(p[col.key + ":value"])
    if (bare := text.strip().rstrip(".,;:").strip()) != text and (found := config.canonical(col.list_key or "", bare)):
        values[col.key] = found[0]  # "Enhetschef." is the list value
        return
    if col.key == "category" and (steps := split_steps(text, config)):
        values["category"] = steps[0]
        rest = list(steps[1:])
        if "category2" not in values:
            values["category2"] = rest.pop(0)
        else:
            second = config.canonical("categories", str(values["category2"]))
            rest = [step for step in rest if second is None or step != second[0]]
        if rest:
            comments.append(f"Även kategori: {', '.join(rest)}")
        note("forifyll-delad", col.header, raw, first=steps[0], second=values.get("category2", ""))
        return
    if col.key == "responsible" and (found := role_and_qualifier(text, config) or
                                     role_and_qualifier(role_text(text), config)):
        values["responsible"] = found[0]
        comments.append(f"Tidigare ansvarig: {' '.join(text.split())}")
        note("forifyll-roll", col.header, raw, role=found[0])
        return
    guess = near_miss(text, config, col.list_key or "")
    hint = advice("menade-du", suggestion=guess) if guess else ADVICE["valj-ett-varde"]
    note("forifyll-ej-i-listan", col.header, raw, hint=hint)


def _due(values: dict[str, Any], p: dict[str, Any], config: Config, rolled: bool, comments: list[str],
         note: Any) -> None:
    header = C.COLUMN_BY_KEY["due"].header
    form, when, raw = p["due:form"], p["due:date"], values["due"]
    if pd.notna(when) and form != "guess":  # free text that only names a year is read below, or kept as typed
        day = when.date()
        if rolled and day < config.period_start:
            del values["due"]
            comments.append(f"Tidigare måldatum {day.isoformat()}")
            note("forifyll-datum-fore", header, day)
            return
        outside = not config.period_start <= day <= config.period_end
        if form == "ok" or outside or not isinstance(raw, str):
            values["due"] = day  # a real date, also when typed as ISO text or as a year (2023)
        if outside:
            note("forifyll-datum-utanfor", header, day)
    elif form in ("ok", "alias"):
        values["due"] = C.ONGOING
    elif isinstance(raw, str) and (latest := latest_date(raw)) is not None:  # "1.2022-12-31 2.Tertial 1 2022"
        comments.append(f"Tidigare måldatum: {' '.join(raw.split())}")
        if rolled and latest < config.period_start:
            del values["due"]
            note("forifyll-flera-datum-fore", header, raw, due=latest.isoformat())
        else:
            values["due"] = latest
            note("forifyll-flera-datum", header, raw, due=latest.isoformat())
    else:
        note("forifyll-datum-ogiltigt", header, raw)


def _info_value(key: str, value: Any) -> Any:
    if key == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value

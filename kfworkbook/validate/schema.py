"""The pandera schemas of a plan, built from the configuration and the column specification.

Checking happens in two steps, both vectorised:

1. :func:`prepare` normalises every raw column: list values to their list spelling (aliases and
   case folded away), Måldatum to a date (text dates, years and year ranges parsed per recognised
   form in bulk, no value-by-value datetime coercion), amounts to floats; and it adds the few
   derived columns a rule needs (how a date was written, how many list values a cell holds, …).
2. :func:`activity_schema` declares the rules on those columns in pandera's own vocabulary:
   ``nullable=False`` for a required column, ``Check.isin`` for a list, ``Check.in_range`` for the
   plan period, ``Check.ge(0)`` for amounts, ``Check.str_length`` for text. Each check's name *is*
   an issue code, so a failure case maps straight back to a catalogue entry (which holds its
   severity, fel or varning) and, through the frame's index, to an Excel cell. Each check carries
   its rule in Swedish as ``description``; :func:`describe` lists them (``kfworkbook config schema``).

Severities stay apart through the catalogue, not through ``raise_warning=True``: pandera (0.35)
turns such a failure into a Python warning that carries only a text, without failure cases, so a
warning could not be placed in a cell. All checks run in the one lazy pass; the code decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..config import Config, fold
from ..forms import columns as C
from ..forms import grades as G
from ..issues import display
from ..values import EXCEL_EPOCH as EXCEL_DAY_ZERO
from ..words import count
from .suggest import role_and_qualifier

STATUS = ":status"
TEXT = ":text"
STR = ":str"
"""Suffix of a text column's values as the batch frame holds them (``str`` of each, empty cells as they are)."""
ONGOING_ALIASES = C.ONGOING_ALIASES
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\boch\b|\bsamt\b)\s*", re.IGNORECASE)
_PERSON = re.compile(r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?$")
EXCEL_EPOCH = pd.Timestamp(EXCEL_DAY_ZERO)
YEAR_MIN, YEAR_MAX = C.YEAR_MIN, C.YEAR_MAX
PLAN, ROW = "plan", "rad"
"""Columns of a prepared frame naming each row's plan (position in the batch) and Excel row."""
REQUIRED_CHECK = "not_nullable"
"""The check name pandera gives a failed ``nullable=False``; reported as the issue code ``obligatorisk``."""
SUPERSEDES: dict[str, tuple[str, ...]] = {
    "flera-varden": ("ej-i-listan",),
    "person-som-ansvarig": ("ej-i-listan",),
    "datum-utanfor": ("datum-text", "datum-oklart"),
    "tal-negativt": ("tal-text",),
    "analys-tal-negativt": ("analys-tal-text",),
    "analys-procent-utanfor": ("analys-tal-text",),
}
"""A cell that fails the key's check is not also reported for the codes it names: the specific one wins."""


def distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``(codes, uniques)``: each value of ``values`` is ``uniques.iloc[codes[i]]``, equal and of the same type.

    A column of a batch holds few distinct values (list values, a plan's dates), so the work per
    value is done once per distinct value and taken back by code (:func:`expand`). Empty values
    (None, NaN, NaT) are values too, one per type, and values that compare equal but differ in type
    (1, 1.0, True; a datetime and a Timestamp) stay apart, as each may read differently.
    """
    array = values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    empty = codes < 0
    plain = np.fromiter((type(u) is str for u in uniques), dtype=bool, count=len(uniques))
    if plain.all() and not empty.any():
        return codes, pd.Series(uniques, dtype=object)
    mixed = np.flatnonzero(~np.append(plain, False)[codes])  # empty or not a str: its type may tell it apart
    others = array[mixed]
    if _one_type(others):  # no code holds cells of two types
        key = codes
    else:
        kinds = np.full(len(array), -1, dtype=np.int64)  # -1: a str
        kinds[mixed] = pd.factorize(_TYPE(others))[0]
        key = (codes.astype(np.int64) + 1) * (int(kinds.max()) + 2) + kinds + 1
    codes, _ = pd.factorize(key)  # the empty cells (-1) get a code of their own, in order of appearance
    return codes, pd.Series(array[_first_rows(codes)], dtype=object)


def _one_type(values: np.ndarray) -> bool:
    """Whether the (one or more) cells of ``values`` are of one type: None in a text column, dates in Måldatum."""
    return bool(np.equal(values, None).all() or np.equal(_TYPE(values), type(values[0])).all())


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """The row where each code first occurs, for ``pd.factorize``'s codes (numbered in order of appearance,
    no NA sentinel): where the running maximum grows, a linear pass instead of sorting."""
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


_TYPE = np.frompyfunc(type, 1, 1)


def expand(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` (one per distinct value, as :func:`distinct` gives them) back at every row of ``index``."""
    return values.take(codes).set_axis(index)


def per_distinct(values: pd.Series, read: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``read(values)`` for an element-wise ``read``, run once per distinct value of a long ``values``."""
    if len(values) < DISTINCT_FROM:
        return read(values)
    codes, uniques = distinct(values)
    return expand(read(uniques), codes, values.index).rename(values.name)


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`kfworkbook.config.fold` over a Series (once per distinct value)."""
    return per_distinct(values, lambda v: pd.Series([fold(x) for x in v], index=v.index, dtype=object, name=v.name))


def _as_text(values: pd.Series) -> pd.Series:
    """Cell values as the text a user typed (whole floats without '.0'); strings pass unchanged."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values
    types = values.map(type, na_action="ignore")
    return values.where(types.isna() | types.isin([str]), values.map(display, na_action="ignore"))


def _types(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(is a date or datetime, is a number) for each cell, from one pass over the values."""
    types = values.map(type, na_action="ignore")
    return types.isin([date, datetime, pd.Timestamp]), types.isin([int, float])


# -- step 1: derived columns ---------------------------------------------------------------------


def prepare(rows: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Return ``rows`` (columns ``plan`` and ``rad`` say where each row comes from) with the
    normalised columns the schema checks.

    List column ``k``: ``k:value`` (list value, or the typed text when it is none), ``k:spelling``
    (the typed text folded), ``k:parts`` (how many values a cell not in the list holds) and, for
    Ansvarig, ``k:person`` (the cell looks like a person's name). Måldatum: ``due:date``,
    ``due:value`` (2023-12-31 / Löpande / typed text), ``due:typed`` (a year as typed, when the cell
    holds a number) and ``due:form`` ∈ {ok, alias, text, invalid}. Numbers: ``k:value`` (float) and
    ``k:status`` ∈ {ok, text, invalid}. Text: ``k:text`` (as checked) and ``k:str`` (``str`` of
    each value, as :func:`kfworkbook.validate.plan.activities_frame` holds it). Empty cells are NA in
    every derived column.
    """
    return prepare_checked(rows, config)[0]


def prepare_checked(rows: pd.DataFrame, config: Config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`prepare`'s frame, and its columns as the schema is given them to check.

    Each raw column is read once per distinct value (:func:`distinct`), then taken back to its rows.
    The second frame holds the same values, but a column of text or flags as a categorical made from
    those distinct values: pandera's checks (``isin``, ``notin``, ``nullable``, dropping empty cells
    before a check) then work on integer codes instead of testing 60,000 Python objects per check.
    """
    out = rows.copy(deep=False)  # only new columns are added: ``rows`` stays as it is, without copying its cells
    checked: dict[str, pd.Series] = {}
    texts: dict[str, np.ndarray] = {}
    folded: dict[str, np.ndarray] = {}  # the list values of Kategori and Kategori 2 folded, per row
    filled: dict[str, np.ndarray] = {}  # per row: whether the cell (or a derived value) is not empty
    few = len(rows) >= CATEGORICAL_FROM  # else the schema checks ``out`` itself
    for col in C.COLUMNS:
        if len(rows) >= DISTINCT_FROM:
            codes, raw = distinct(rows[col.key])
        else:  # a plan or two: each row is read as it is
            codes, raw = None, rows[col.key]
        if few and codes is not None:
            checked[col.key] = _categorical(raw, codes, rows.index)

        def back(name: str, values: pd.Series, codes: np.ndarray | None = codes, check: bool = True) -> None:
            out[name] = values if codes is None else expand(values, codes, rows.index)
            if few and check:
                checked[name] = out[name] if codes is None or values.dtype != object else _categorical(
                    values, codes, rows.index)

        def per_row(values: np.ndarray, codes: np.ndarray | None = codes) -> np.ndarray:
            return values if codes is None else values[codes]

        if col.key in ("category2", "goal", "activity"):  # for category2:same and _duplicates, below
            filled[col.key] = per_row(raw.notna().to_numpy())
        if col.list_key:
            for suffix, values in _list_column(raw, config, col.list_key).items():
                back(col.key + suffix, values)
                if suffix == ":value" and col.key in ("category", "category2"):  # for category2:same, below
                    folded[col.key] = per_row(np.array([fold(v) for v in values], dtype=object))
                    filled[col.key + suffix] = per_row(values.notna().to_numpy())
        elif col.kind == "date":
            shown, form, when, typed = _due_column(raw, config)
            for name, values, check in (("due:date", when, True), ("due:value", shown, False),
                                        ("due:form", form, True), ("due:typed", typed, False)):
                back(name, values, check=check)  # the shown value and the year as typed are for messages
        elif col.kind == "number":
            value, status = _number_column(raw)
            back(col.key + ":value", value)
            back(col.key + STATUS, status)
        else:
            text = _as_text(raw)
            back(col.key + TEXT, text)
            back(col.key + STR, raw.map(str, na_action="ignore").astype(object), check=False)
            if col.key in ("goal", "activity"):  # compared folded, for repeated rows (:func:`_duplicates`)
                texts[col.key] = per_row(pd.factorize(np.array([fold(v) for v in text], dtype=object))[0])
    same = pd.Series(filled["category2:value"] & (folded["category2"] == folded["category"]), index=rows.index)
    out["category2:same"] = checked["category2:same"] = same.where(filled["category2"])
    both = filled["goal"] & filled["activity"]
    out["activity:duplicate_of"] = checked["activity:duplicate_of"] = _duplicates(out, texts, both)
    return out, pd.DataFrame(checked) if few else out


DISTINCT_FROM = 1_000
"""From this many rows :func:`prepare_checked` reads each column once per distinct value: below, the
bookkeeping (factorize, take) costs more than reading every cell."""
CATEGORICAL_FROM = 10_000
"""From this many rows the schema gets categoricals (:func:`prepare_checked`): making one costs about as
much as testing several thousand objects for NA, which pandera does a few times per column."""


def _categorical(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` (one per distinct value) at every row of ``index``, as a categorical: the same cells, as codes.

    Its categories are in order of appearance, not sorted: the checks only test membership and emptiness."""
    few, categories = pd.factorize(values.to_numpy(dtype=object))
    return pd.Series(pd.Categorical.from_codes(few[codes], categories=categories), index=index)


def _list_column(raw: pd.Series, config: Config, list_key: str) -> dict[str, pd.Series]:
    present = raw.notna()
    text = _as_text(raw)
    folded = fold_series(text.where(present, ""))
    spellings = config.spellings(list_key)
    canonical = folded.map({k: v[0] for k, v in spellings.items()})
    value = canonical.where(canonical.notna(), text).where(present).astype(object)
    derived = {":value": value, ":spelling": folded.where(present)}
    unknown = present & canonical.isna()
    parts = pd.Series(np.nan, index=raw.index, dtype=float)
    person = pd.Series(None, index=raw.index, dtype=object)
    if unknown.any():
        parts[unknown] = text[unknown].map(lambda v: _parts(v, spellings))
        if list_key == "roles":
            person[unknown] = text[unknown].map(lambda v: _looks_like_person(v, config))
    derived[":parts"] = parts
    if list_key == "roles":
        derived[":person"] = person
    return derived


def _parts(value: str, spellings: dict[str, tuple[str, bool]]) -> int:
    """How many values a cell holds: its parts when one of them is a list value, else 1."""

    parts = [p for p in _SPLIT.split(value) if p.strip()]
    return len(parts) if len(parts) > 1 and any(fold(p) in spellings for p in parts) else 1


def _looks_like_person(value: str, config: Config) -> bool:
    """A first and last name ("Anna Svensson"), not a role with a qualifier ("Enhetschef Förskola")."""

    return bool(_PERSON.match(value.strip())) and role_and_qualifier(value, config) is None


def _due_column(raw: pd.Series, config: Config) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(shown value, form, date, year as typed) of each Måldatum cell, graded as the template's
    formula grades it (:mod:`kfworkbook.forms.grades`)."""
    index = raw.index
    when = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    status = pd.Series(None, index=index, dtype=object)
    shown = pd.Series(None, index=index, dtype=object)
    typed = pd.Series(None, index=index, dtype=object)

    is_date, is_number = _types(raw)
    serial = pd.Series(np.nan, index=index, dtype=float)
    if is_date.any():
        days = pd.to_datetime(raw[is_date].map(lambda v: v.isoformat()[:10]), format="%Y-%m-%d")
        when[is_date] = days
        status[is_date] = "ok"
        serial[is_date] = (days - EXCEL_EPOCH).dt.days.astype(float)
    if is_number.any():  # the whole day, as Excel's INT() reads a serial
        serial[is_number] = np.floor(pd.to_numeric(raw[is_number]).astype(float))
        plausible = serial[is_number].between(G.SERIAL_MIN, G.SERIAL_MAX)
        when[plausible[plausible].index] = EXCEL_EPOCH + pd.to_timedelta(serial[plausible[plausible].index], unit="D")
        status[is_number] = np.where(plausible, "ok", "invalid")
    # A year typed as a number, or into a date-formatted cell (stored as the serial 2023, shown as
    # 1905-07-15), means the end of that year: a warning, not a date in 1905.
    year = serial.between(YEAR_MIN, YEAR_MAX)
    if year.any():
        years = serial[year].astype(int)
        typed[years.index] = years.astype(str)
        when[years.index] = pd.to_datetime(years.astype(str) + "-12-31", format="%Y-%m-%d")
        status[years.index] = "text"
    is_text = raw.notna() & ~is_date & ~is_number
    if is_text.any():
        start, end = config.period_start, config.period_end
        read = raw[is_text].map(lambda v: G.read_due_text(str(v), start, end))
        status[read.index] = read.str[0]
        days = read.str[1]
        dated = days.notna()
        when[days[dated].index] = pd.to_datetime(days[dated].map(date.isoformat), format="%Y-%m-%d")
        ongoing = status.isin(["ok", "alias"]) & is_text & when.isna()
        shown[ongoing] = C.ONGOING

    dated = when.notna()
    shown[dated] = when[dated].dt.strftime("%Y-%m-%d")
    shown[raw.notna() & shown.isna()] = _as_text(raw)[raw.notna() & shown.isna()]
    return shown, status, when, typed


def _number_column(raw: pd.Series, percent: pd.Series | bool = False) -> tuple[pd.Series, pd.Series]:
    """(value, status ∈ {ok, text, invalid}) of each number cell; text is read as
    :func:`kfworkbook.forms.grades.read_number_text` reads it ("25 000 kr" → 25000 with a warning)."""
    present = raw.notna()
    _, is_number = _types(raw)
    value = pd.Series(np.nan, index=raw.index, dtype=float)
    if is_number.any():
        value[is_number] = pd.to_numeric(raw[is_number]).astype(float)
    text = present & ~is_number
    if text.any():
        kinds = percent if isinstance(percent, pd.Series) else pd.Series(percent, index=raw.index)
        read = [G.read_number_text(str(v), bool(p)) for v, p in zip(raw[text], kinds[text], strict=True)]
        value[text] = pd.Series(read, index=raw[text].index, dtype=float)
    status = pd.Series(np.where(value.isna(), "invalid", "ok"), index=raw.index, dtype=object)
    status[text & (status == "ok")] = "text"  # number-like text ("25 000 kr"): read, with a warning
    return value, status.where(present)


def _duplicates(frame: pd.DataFrame, texts: dict[str, np.ndarray], both: np.ndarray) -> pd.Series:
    """For each row repeating an earlier row's goal and activity (same plan): that row's number.

    Goal and activity compare as folded text: ``texts`` holds, per row, a code of each one's folded
    text, so finding the repeats is integer work, not per-row strings; ``both`` says which rows have both.
    """
    result = pd.Series(np.nan, index=frame.index, dtype=float)
    if not both.any():
        return result
    key = pd.factorize(frame[PLAN].to_numpy()[both])[0]
    for col in ("goal", "activity"):
        folded = texts[col][both]
        key = pd.factorize(key.astype(np.int64) * (int(folded.max()) + 1) + folded)[0]
    first = _first_rows(key)
    repeated = np.ones(len(key), dtype=bool)
    repeated[first] = False
    if repeated.any():
        first_row = frame[ROW].to_numpy()[both][first]
        result[frame.index[both][repeated]] = first_row[key[repeated]].astype(float)
    return result


# -- step 2: the schemas -----------------------------------------------------------------------


def _not(status: str, code: str, rule: str | None = None) -> pa.Check:
    return pa.Check(lambda s, v=status: s != v, name=code, ignore_na=True, description=rule)


def _rule(kind: str, *args: Any, code: str, rule: str, **kwargs: Any) -> pa.Check:
    """pandera's built-in check ``kind`` (isin, in_range, ge, …) named after issue ``code``."""
    return getattr(pa.Check, kind)(*args, name=code, error=code, description=rule, **kwargs)


def _list_rule(values: list[str], limit: int = 6, width: int = 100) -> str:
    """'ett värde i listan: A, B, C' – or, for a long list, how many values it has."""
    shown = ", ".join(values[:limit]) + (", …" if len(values) > limit else "")
    if len(shown) > width:
        return f"ett av listans {count(len(values), 'värde', 'värden')}"
    return f"ett värde i listan: {shown}"


def activity_schema(config: Config) -> pa.DataFrameSchema:
    """The contract of prepared activity rows; every check is named after its issue code."""
    columns: dict[str, pa.Column] = {}
    for col in C.COLUMNS:
        columns[col.key] = pa.Column(nullable=not col.required, description="obligatorisk, får inte vara tom"
                                     if col.required else None)
        if col.list_key:
            names = config.list_names(col.list_key)
            aliases = sorted(k for k, (_, alias) in config.spellings(col.list_key).items() if alias)
            columns[col.key + ":value"] = pa.Column(nullable=True, checks=[_rule(
                "isin", names, code="ej-i-listan", rule=_list_rule(names))])
            columns[col.key + ":parts"] = pa.Column(nullable=True, checks=[_rule(
                "le", 1, code="flera-varden", rule="ett enda värde per cell")])
            if aliases:
                columns[col.key + ":spelling"] = pa.Column(nullable=True, checks=[_rule(
                    "notin", aliases, code="alias", rule="skrivet som i listan, inte med en annan stavning")])
            if col.list_key == "roles":
                columns[col.key + ":person"] = pa.Column(nullable=True, checks=[_rule(
                    "eq", False, code="person-som-ansvarig", rule="en funktion, inte namnet på en person")])
        elif col.kind == "date":
            columns["due:form"] = pa.Column(nullable=True, checks=[
                _rule("notin", ["invalid"], code="datum-ogiltigt", rule=f"ett datum eller {C.ONGOING}"),
                _rule("notin", ["text"], code="datum-text",
                      rule=f"skrivet som datum, till exempel {config.period_end_year}-12-31, inte som text "
                           "eller årtal"),
                _rule("notin", ["guess"], code="datum-oklart",
                      rule="ett datum, inte fri text som bara nämner ett år i planperioden"),
                _rule("notin", ["alias"], code="alias", rule=f"{C.ONGOING} skrivet just så")])
            columns["due:date"] = pa.Column(nullable=True, checks=[_rule(
                "in_range", pd.Timestamp(config.period_start), pd.Timestamp(config.period_end),
                code="datum-utanfor", rule=f"inom planperioden, {config.period_start} till {config.period_end}")])
        elif col.kind == "number":
            columns[col.key + STATUS] = pa.Column(nullable=True, checks=[
                _rule("notin", ["invalid"], code="tal-ogiltigt", rule="ett tal"),
                _rule("notin", ["text"], code="tal-text", rule="skrivet som ett tal, inte som text")])
            columns[col.key + ":value"] = pa.Column(nullable=True, checks=[_rule(
                "ge", 0, code="tal-negativt", rule="0 eller större")])
        else:
            columns[col.key + TEXT] = pa.Column(nullable=True, checks=[_rule(
                "str_length", max_value=C.MAX_CELL_TEXT, code="text-for-lang",
                rule=f"högst {C.MAX_CELL_TEXT:,} tecken".replace(",", " "))])
    columns["category2:same"] = pa.Column(nullable=True, checks=[_rule(
        "eq", False, code="kategori-lika", rule="inte samma steg som Kategori (UBARA)")])
    columns["activity:duplicate_of"] = pa.Column(nullable=True, checks=[pa.Check(
        lambda s: s.isna(), name="dubblett", error="dubblett", ignore_na=False,
        description="inte samma mål och aktivitet som en tidigare rad i planen")])
    return pa.DataFrameSchema(columns, strict=False, coerce=False, name="aktivitetsplan")


def describe(config: Config) -> list[tuple[str, str, str]]:
    """The rules of :func:`activity_schema` for people: (column header, rule, issue code), in column order."""
    rules: list[tuple[str, str, str]] = []
    for name, column in activity_schema(config).columns.items():
        key, _, derived = name.partition(":")
        header = C.COLUMN_BY_KEY[key].header if key in C.COLUMN_BY_KEY else key
        if not derived and not column.nullable:
            rules.append((header, "obligatorisk, får inte vara tom", "obligatorisk"))
        if name == "category2:same":
            header = C.COLUMN_BY_KEY["category2"].header
        for check in column.checks:
            rules.append((header, check.description or "", check.name or ""))
    order = {c.header: i for i, c in enumerate(C.COLUMNS)}
    return sorted(rules, key=lambda r: order.get(r[0], len(order)))


def prepare_info(info: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Derive status columns for the Uppgifter of each plan (one row per plan)."""

    out = info.copy()
    departments = {fold(d.name): d for d in config.departments}

    def department_status(value: Any) -> Any:
        return None if value is None else ("ok" if fold(str(value)) in departments else "unknown")

    units: dict[str, set[str]] = {}  # each department's units folded, once per department named

    def unit_status(typed_department: Any, unit: Any) -> Any:
        key = fold(str(typed_department)) if typed_department is not None else None
        department = departments.get(key) if key is not None else None
        if department is None or not department.units:
            return None
        if unit is None:
            return None if department.has_department_plan else "missing"
        if key not in units:
            units[key] = {fold(u) for u in department.units}
        return "ok" if fold(str(unit)) in units[key] else "unknown"

    out["department:status"] = out["department"].map(department_status)
    statuses = [unit_status(d, u) for d, u in zip(out["department"], out["unit"], strict=True)]
    out["unit:status"] = pd.Series(statuses, index=out.index, dtype=object)
    email = out["email"].astype(object)
    valid_mail = email.astype(str).str.fullmatch(r"[^@\s]+@[^@\s]+\.[a-zA-ZåäöÅÄÖ]{2,}")
    out["email:status"] = pd.Series(np.where(valid_mail, "ok", "invalid"), index=out.index).where(email.notna())
    is_date = out["date"].map(lambda v: isinstance(v, (date, datetime)), na_action="ignore")
    text_date = out["date"].astype(str).str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}( 00:00:00)?")
    ok_date = is_date.fillna(False).astype(bool) | text_date.fillna(False).astype(bool)
    out["date:status"] = pd.Series(np.where(ok_date, "ok", "invalid"), index=out.index).where(out["date"].notna())
    return out


def info_schema() -> pa.DataFrameSchema:
    """The schema of the prepared Uppgifter rows (one per plan)."""
    present = pa.Check(lambda s: s.notna(), name="uppgift-saknas", ignore_na=False)
    return pa.DataFrameSchema({
        "manager": pa.Column(nullable=True, checks=[present]),
        "email": pa.Column(nullable=True, checks=[present]),
        "date": pa.Column(nullable=True, checks=[present]),
        "department:status": pa.Column(nullable=True, checks=[_not("unknown", "avdelning-okand")]),
        "unit:status": pa.Column(nullable=True, checks=[_not("unknown", "enhet-okand"),
                                                         _not("missing", "enhet-saknas")]),
        "email:status": pa.Column(nullable=True, checks=[_not("invalid", "epost-ogiltig")]),
        "date:status": pa.Column(nullable=True, checks=[_not("invalid", "datum-uppgift-ogiltigt")]),
    }, strict=False, coerce=False, name="uppgifter")


# -- the Analys sheet ----------------------------------------------------------------------------

ANALYSIS_COLUMNS = (PLAN, "key", "kind", "list_key", "raw")
"""The columns of the frame :func:`prepare_analysis` takes: one row per (plan, filled Analys field)."""


def prepare_analysis(fields: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Derive the checked columns of the Analys values (one row per plan and filled field).

    ``figure:status`` ∈ {ok, text, invalid} and ``figure:value`` (float) for "tal" and "procent"
    fields ("12 %" reads as 12 with a warning), ``figure:tal``/``figure:procent`` the value of
    each kind; ``list:status`` ∈ {ok, alias, unknown} and ``list:value`` (the list value) for list
    fields; ``text:length`` for text fields. Other kinds' rows are NA.
    """
    out = fields.copy()
    index = fields.index
    out["figure:value"] = pd.Series(np.nan, index=index, dtype=float)
    out["figure:status"] = pd.Series(None, index=index, dtype=object)
    figures = fields["kind"].isin(["tal", "procent"])
    if figures.any():
        value, status = _number_column(fields.loc[figures, "raw"], fields.loc[figures, "kind"].eq("procent"))
        out.loc[figures, "figure:value"] = value
        out.loc[figures, "figure:status"] = status
    out["figure:tal"] = out["figure:value"].where(fields["kind"].eq("tal"))
    out["figure:procent"] = out["figure:value"].where(fields["kind"].eq("procent"))
    out["list:value"] = pd.Series(None, index=index, dtype=object)
    out["list:status"] = pd.Series(None, index=index, dtype=object)
    for list_key, rows in fields[fields["kind"].eq("lista")].groupby("list_key"):
        derived = _list_column(rows["raw"], config, str(list_key))
        spellings = config.spellings(str(list_key))
        found = derived[":spelling"].map(spellings)
        out.loc[rows.index, "list:value"] = derived[":value"]
        out.loc[rows.index, "list:status"] = found.map(
            lambda hit: "unknown" if not isinstance(hit, tuple) else ("alias" if hit[1] else "ok"))
    texts = fields["kind"].eq("text")
    out["text:length"] = _as_text(fields["raw"]).map(len, na_action="ignore").where(texts).astype(float)
    return out


def analysis_schema() -> pa.DataFrameSchema:
    """The contract of prepared Analys values; every check is named after its issue code."""
    return pa.DataFrameSchema({
        "figure:status": pa.Column(nullable=True, checks=[
            _not("invalid", "analys-tal-ogiltigt", "ett tal"),
            _not("text", "analys-tal-text", "skrivet som ett tal, inte som text")]),
        "figure:tal": pa.Column(nullable=True, checks=[_rule(
            "ge", 0, code="analys-tal-negativt", rule="0 eller större")]),
        "figure:procent": pa.Column(nullable=True, checks=[
            _rule("in_range", 0, 100, code="analys-procent-utanfor", rule="mellan 0 och 100"),
            pa.Check(lambda s: ~((s > 0) & (s < 1)), name="analys-procent-andel", error="analys-procent-andel",
                     ignore_na=True, description="1 eller mer, eller 0 (inte en andel som 0,12)")]),
        "list:status": pa.Column(nullable=True, checks=[
            _not("unknown", "analys-ej-i-listan", "ett värde i listan"),
            _not("alias", "analys-alias", "skrivet som i listan, inte med en annan stavning")]),
        "text:length": pa.Column(nullable=True, checks=[_rule(
            "le", C.MAX_CELL_TEXT, code="analys-text-for-lang", rule="högst 32 767 tecken")]),
    }, strict=False, coerce=False, name="analys")


_ANALYSIS_KINDS = {"figure:status": ("tal", "procent"), "figure:tal": ("tal",), "figure:procent": ("procent",),
                   "list:status": ("lista",), "text:length": ("text",)}
"""Which kinds of Analys field each column of :func:`analysis_schema` checks."""


def describe_analysis(config: Config) -> list[tuple[str, str, str]]:
    """The rules of :func:`analysis_schema` for each Analys field of ``config``: (label, rule, issue code)."""
    rules: list[tuple[str, str, str]] = []
    columns = analysis_schema().columns
    for field in config.analysis:
        for name, kinds in _ANALYSIS_KINDS.items():
            if field.kind in kinds:
                for check in columns[name].checks:
                    if check.name == "analys-alias" and not any(
                            alias for _, alias in config.spellings(field.list_key or "").values()):
                        continue  # a list without aliases: no other spelling to warn about
                    rule = check.description or ""
                    if field.list_key and check.name == "analys-ej-i-listan":
                        rule = _list_rule(config.list_names(field.list_key))
                    rules.append((field.label, rule, check.name or ""))
    return rules


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Run ``schema`` lazily; return one row per (column, check, index) failure, de-duplicated.

    A failed ``nullable=False`` is named ``obligatorisk``; a cell failing a check listed in
    :data:`SUPERSEDES` is reported only for that check.
    """
    try:  # only the columns the schema names, and no copy: the checks only read them (coerce=False)
        schema.validate(frame[[c for c in schema.columns if c in frame.columns]], lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()][["column", "check", "index"]]
        cases = cases.drop_duplicates(subset=["column", "check", "index"])
        cases["check"] = cases["check"].replace({REQUIRED_CHECK: "obligatorisk"})
        return _drop_superseded(cases).reset_index(drop=True)
    return pd.DataFrame(columns=["column", "check", "index"])


def _drop_superseded(cases: pd.DataFrame) -> pd.DataFrame:
    checks = cases["check"]
    winners = [winner for winner in SUPERSEDES if (checks == winner).any()]
    if not winners:
        return cases
    rows = pd.factorize(cases["index"])[0]
    keys = pd.factorize(cases["column"].str.partition(":")[0])[0]
    cells = keys.astype(np.int64) * (int(rows.max()) + 1) + rows  # one number per (column key, row)
    codes = checks.to_numpy()
    drop = np.zeros(len(cases), dtype=bool)
    for winner in winners:
        drop |= np.isin(codes, SUPERSEDES[winner]) & np.isin(cells, cells[codes == winner])
    return cases[~drop]

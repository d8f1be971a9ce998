"""The pandera schemas of a plan, built from the configuration and the column specification.

Checking happens in two steps, both vectorised:

1. :func:`prepare` derives, for every raw column, the normalised value and a *status* column
   (``"<key>:status"``) that names what is wrong with each cell ("ok", "alias", "unknown", …).
   No value-by-value datetime coercion: dates are parsed per recognised text form in bulk.
2. :func:`activity_schema` declares, per status column, one pandera check per issue code. The
   check's name *is* the issue code, so a failure case maps straight back to a catalogue entry and,
   through the frame's (plan, row) index, to an Excel cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import columns as C
from .config import Config
from .issues import display

STATUS = ":status"
LENGTH = ":length"
ONGOING_ALIASES = C.ONGOING_ALIASES
_MONTHS = {name: n for n, name in enumerate(
    ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december"), start=1)}
_TERTIAL_END = {"1": "04-30", "2": "08-31", "3": "12-31"}
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\boch\b|\bsamt\b)\s*", re.IGNORECASE)
_PERSON = re.compile(r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
YEAR_MIN, YEAR_MAX = C.YEAR_MIN, C.YEAR_MAX
PLAN, ROW = "plan", "rad"
"""Columns of a prepared frame naming each row's plan (position in the batch) and Excel row."""


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`kfworkbook.config.fold` over a Series (memoised: list values repeat across plans)."""
    return values.map(_fold_cached).astype(object)


@lru_cache(maxsize=65_536)
def _fold_cached(value: Any) -> str:
    from .config import fold

    return fold(value)


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
    """Return ``rows`` (columns ``plan`` and ``rad`` say where each row comes from) with normalised
    values and status columns.

    For every list column ``k``: ``k:value`` (list value, or the typed text when unknown) and
    ``k:status`` ∈ {ok, alias, unknown, multi, person}. Måldatum: ``due:date``, ``due:value``
    (2023-12-31 / Löpande / typed text) and ``due:status`` ∈ {ok, alias, text, invalid, outside}.
    Numbers: ``k:value`` (float) and ``k:status`` ∈ {ok, text, invalid, negative}. Text: ``k:length``.
    Empty cells have NA status, so the checks skip them.
    """
    out = rows.copy()
    for col in C.COLUMNS:
        raw = rows[col.key]
        if col.list_key:
            value, status = _list_column(raw, config, col.list_key)
        elif col.kind == "date":
            value, status, when = _due_column(raw, config)
            out["due:date"] = when
        elif col.kind == "number":
            value, status = _number_column(raw)
        else:
            out[col.key + LENGTH] = _as_text(raw).str.len()
            continue
        out[col.key + ":value"] = value
        out[col.key + STATUS] = status
    same = out["category2:value"].notna() & (fold_series(out["category2:value"]) == fold_series(out["category:value"]))
    out["category2:same"] = same.where(out["category2"].notna())
    out["activity:duplicate_of"] = _duplicates(out)
    return out


def _list_column(raw: pd.Series, config: Config, list_key: str) -> tuple[pd.Series, pd.Series]:
    present = raw.notna()
    text = _as_text(raw)
    folded = fold_series(text.where(present, ""))
    spellings = config.spellings(list_key)
    names = {k: v[0] for k, v in spellings.items()}
    aliases = {k for k, (_, is_alias) in spellings.items() if is_alias}
    canonical = folded.map(names)
    status = pd.Series(np.where(folded.isin(aliases), "alias", "ok"), index=raw.index, dtype=object)
    unknown = present & canonical.isna()
    if unknown.any():
        status[unknown] = text[unknown].map(lambda v: _unknown_kind(v, spellings, list_key))
    status = status.where(present)
    value = canonical.where(canonical.notna(), text).where(present)
    return value.astype(object), status


def _unknown_kind(value: str, spellings: dict[str, tuple[str, bool]], list_key: str) -> str:
    from .config import fold

    parts = [p for p in _SPLIT.split(value) if p.strip()]
    if len(parts) > 1 and sum(fold(p) in spellings for p in parts) >= 1:
        return "multi"
    if list_key == "roles" and _PERSON.match(value.strip()):
        return "person"
    return "unknown"


def _due_column(raw: pd.Series, config: Config) -> tuple[pd.Series, pd.Series, pd.Series]:
    index = raw.index
    when = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    status = pd.Series(None, index=index, dtype=object)
    shown = pd.Series(None, index=index, dtype=object)

    is_date, is_number = _types(raw)
    serial = pd.Series(np.nan, index=index, dtype=float)
    if is_date.any():
        days = pd.to_datetime(raw[is_date].map(lambda v: v.isoformat()[:10]), format="%Y-%m-%d")
        when[is_date] = days
        status[is_date] = "ok"
        serial[is_date] = (days - EXCEL_EPOCH).dt.days.astype(float)
    if is_number.any():
        serial[is_number] = pd.to_numeric(raw[is_number]).astype(float)
        plausible = serial[is_number].between(36526, 73051) & (serial[is_number] == serial[is_number].round())
        when[plausible[plausible].index] = EXCEL_EPOCH + pd.to_timedelta(serial[plausible[plausible].index], unit="D")
        status[is_number] = np.where(plausible, "ok", "invalid")
    # A year typed as a number, or into a date-formatted cell (stored as the serial 2023, shown as
    # 1905-07-15), means the end of that year: a warning, not a date in 1905.
    year = serial.between(YEAR_MIN, YEAR_MAX) & (serial == serial.round())
    if year.any():
        years = serial[year].astype(int)
        _set_dates(years, pd.Series(12, index=years.index), pd.Series(31, index=years.index), "text", when, status)
    is_text = raw.notna() & ~is_date & ~is_number
    if is_text.any():
        _parse_text_dates(raw[is_text].astype(str), when, status, shown)

    in_period = when.between(pd.Timestamp(config.period_start), pd.Timestamp(config.period_end))
    status[when.notna() & ~in_period] = "outside"
    dated = when.notna()
    shown[dated] = when[dated].dt.strftime("%Y-%m-%d")
    shown[raw.notna() & shown.isna()] = _as_text(raw)[raw.notna() & shown.isna()]
    return shown, status, when


def _parse_text_dates(text: pd.Series, when: pd.Series, status: pd.Series, shown: pd.Series) -> None:
    folded = fold_series(text)
    status[text.index] = "invalid"

    ongoing = folded == C.ONGOING.casefold()
    status[ongoing[ongoing].index] = "ok"
    shown[ongoing[ongoing].index] = C.ONGOING
    alias = folded.isin(ONGOING_ALIASES)
    status[alias[alias].index] = "alias"
    shown[alias[alias].index] = C.ONGOING

    iso = folded.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$")
    _set_dates(iso[0], iso[1], iso[2], "ok", when, status)
    dmy = folded.str.extract(r"^(\d{1,2})\s*[/.]\s*(\d{1,2})\s*(?:[-–—/.]\s*|\s+)(\d{4})$")
    _set_dates(dmy[2], dmy[1], dmy[0], "text", when, status)
    named = folded.str.extract(r"^(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})$")
    _set_dates(named[2], named[1].map(_MONTHS, na_action="ignore"), named[0], "text", when, status)
    year = folded.str.extract(r"^(\d{4})$")[0]
    year = year.where(year.astype(float).between(YEAR_MIN, YEAR_MAX))
    _set_dates(year, pd.Series(12, index=year.index).where(year.notna()),
               pd.Series(31, index=year.index).where(year.notna()), "text", when, status)
    span = folded.str.extract(r"^(\d{4})\s*[-–—]\s*(\d{4})$")  # "2022-2024": done by the end of the last year
    last = span[1].where(span[0].notna() & (span[0] <= span[1]) & span[1].astype(float).between(YEAR_MIN, YEAR_MAX))
    _set_dates(last, pd.Series(12, index=last.index).where(last.notna()),
               pd.Series(31, index=last.index).where(last.notna()), "text", when, status)
    tertial = folded.str.extract(r"^(?:tertial|t)\s*([123])\s*[-,]?\s*(\d{4})$")
    month_day = tertial[0].map(_TERTIAL_END, na_action="ignore")
    _set_dates(tertial[1], month_day.str[:2], month_day.str[3:], "text", when, status)


def _set_dates(year: pd.Series, month: Any, day: Any, kind: str, when: pd.Series, status: pd.Series) -> None:
    found = year.notna()
    if not found.any():
        return
    parts = pd.DataFrame({"year": year[found], "month": pd.Series(month)[found], "day": pd.Series(day)[found]})
    parsed = pd.to_datetime(parts.astype(int), errors="coerce")
    good = parsed.notna()
    when[parsed[good].index] = parsed[good]
    status[parsed[good].index] = kind
    status[parsed[~good].index] = "invalid"


_NUMBER_NOISE = re.compile(r"(?i)[\s\u00a0]|kr\.?|:-|sek|timmar|tim|h$")


def _number_column(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    present = raw.notna()
    _, is_number = _types(raw)
    value = pd.Series(np.nan, index=raw.index, dtype=float)
    if is_number.any():
        value[is_number] = pd.to_numeric(raw[is_number]).astype(float)
    text = present & ~is_number
    if text.any():
        cleaned = raw[text].astype(str).str.replace(_NUMBER_NOISE, "", regex=True).str.replace(",", ".")
        value[text] = pd.to_numeric(cleaned, errors="coerce")
    status = pd.Series(np.where(value.isna(), "invalid", np.where(value < 0, "negative", "ok")),
                       index=raw.index, dtype=object)
    status[text & (status == "ok")] = "text"  # number-like text ("25 000 kr"): read, with a warning
    return value, status.where(present)


def _duplicates(frame: pd.DataFrame) -> pd.Series:
    """For each row repeating an earlier row's goal and activity (same plan): that row's number."""
    both = frame["goal"].notna() & frame["activity"].notna()
    result = pd.Series(np.nan, index=frame.index, dtype=float)
    if not both.any():
        return result
    sub = frame[both]
    key = sub[PLAN].astype(str) + "\x1f" + fold_series(_as_text(sub["goal"])) + "\x1f" + \
        fold_series(_as_text(sub["activity"]))
    repeated = key.duplicated(keep="first")
    if repeated.any():
        first = sub[ROW].groupby(key.values).transform("first")
        result[repeated[repeated].index] = first[repeated].astype(float)
    return result


# -- step 2: the schemas -----------------------------------------------------------------------


def _not(status: str, code: str) -> pa.Check:
    return pa.Check(lambda s, v=status: s != v, name=code, ignore_na=True)


def activity_schema(config: Config) -> pa.DataFrameSchema:
    """The schema of prepared activity rows; every check is named after its issue code."""
    columns: dict[str, pa.Column] = {}
    for col in C.COLUMNS:
        checks = [pa.Check(lambda s: s.notna(), name="obligatorisk", ignore_na=False)] if col.required else []
        columns[col.key] = pa.Column(nullable=True, checks=checks)
        if col.list_key:
            columns[col.key + STATUS] = pa.Column(nullable=True, checks=[
                _not("unknown", "ej-i-listan"), _not("multi", "flera-varden"), _not("person", "person-som-ansvarig"),
                _not("alias", "alias")])
        elif col.kind == "date":
            columns[col.key + STATUS] = pa.Column(nullable=True, checks=[
                _not("invalid", "datum-ogiltigt"), _not("outside", "datum-utanfor"), _not("text", "datum-text"),
                _not("alias", "alias")])
        elif col.kind == "number":
            columns[col.key + STATUS] = pa.Column(nullable=True, checks=[
                _not("invalid", "tal-ogiltigt"), _not("negative", "tal-negativt"), _not("text", "tal-text")])
        else:
            columns[col.key + LENGTH] = pa.Column(nullable=True, checks=[
                pa.Check(lambda s: s <= C.MAX_CELL_TEXT, name="text-for-lang", ignore_na=True)])
    columns["category2:same"] = pa.Column(nullable=True, checks=[_not(True, "kategori-lika")])
    columns["activity:duplicate_of"] = pa.Column(nullable=True, checks=[
        pa.Check(lambda s: s.isna(), name="dubblett", ignore_na=False)])
    return pa.DataFrameSchema(columns, strict=False, coerce=False, name="aktivitetsplan")


def prepare_info(info: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Derive status columns for the Uppgifter of each plan (one row per plan)."""
    from .config import fold

    out = info.copy()
    departments = {fold(d.name): d for d in config.departments}

    def department_status(value: Any) -> Any:
        return None if value is None else ("ok" if fold(str(value)) in departments else "unknown")

    def unit_status(row: pd.Series) -> Any:
        department = departments.get(fold(str(row["department"]))) if row["department"] is not None else None
        if department is None or not department.units:
            return None
        if row["unit"] is None:
            return None if department.has_department_plan else "missing"
        return "ok" if fold(str(row["unit"])) in {fold(u) for u in department.units} else "unknown"

    out["department:status"] = out["department"].map(department_status)
    out["unit:status"] = out.apply(unit_status, axis=1) if len(out) else pd.Series(dtype=object)
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


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Run ``schema`` lazily; return one row per (column, check, index) failure, de-duplicated."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()]
        return cases.drop_duplicates(subset=["column", "check", "index"])[["column", "check", "index"]]
    return pd.DataFrame(columns=["column", "check", "index"])

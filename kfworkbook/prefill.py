"""Prefilling templates with activities from a CSV or Excel file (``kfworkbook template --prefill``).

The file's columns are the template's headers plus ``Avdelning`` (and ``Enhet`` where the config
has units); optionally ``Ansvarig chef``, ``E-post`` and ``Datum`` for the Uppgifter sheet. Values
are kept as the user wrote them, except that ISO dates become real dates and numbers become numbers.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from . import columns as C
from .config import Config, PlanUnit, fold
from .read import header_key

DEPARTMENT, UNIT = "Avdelning", "Enhet"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


class PrefillError(Exception):
    """A prefill file that cannot be used; ``str(error)`` is a Swedish message for the user."""


Rows = list[dict[str, Any]]


def read_prefill(path: str | Path) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, comma or semicolon) or Excel prefill file as {header: text}."""
    path = Path(path)
    if not path.exists():
        raise PrefillError(f"Filen {path} finns inte.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        grid = workbook.get_sheet_by_index(0).to_python(skip_empty_area=True)
        header, body = [str(h).strip() for h in grid[0]], grid[1:]
        return [{h: _text(v) for h, v in zip(header, row, strict=False)} for row in body]
    import csv

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PrefillError(f"{path} är inte sparad som UTF-8. Spara om den som CSV UTF-8.") from None
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t") if text.strip() else csv.excel
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines(),
                                                                                                      dialect=dialect)]


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def cell_value(column: C.Column, text: str) -> Any:
    """The value to write for ``text`` in ``column``: ISO dates as dates, numbers as numbers, else text."""
    if not text:
        return None
    if column.kind == "date" and _ISO_DATE.match(text):
        return date.fromisoformat(text)
    if column.kind == "number" and _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number
    return text


def split_by_unit(rows: list[dict[str, str]], config: Config) -> dict[PlanUnit, tuple[Rows, dict[str, Any]]]:
    """Group prefill rows per template: {unit: (activity rows by column key, Uppgifter values)}."""
    if not rows:
        return {}
    by_header = {header_key(h): h for h in rows[0]}
    if header_key(DEPARTMENT) not in by_header:
        raise PrefillError("Prefill-filen saknar kolumnen Avdelning. Lägg till den med avdelningens namn på varje rad.")
    columns = {c.key: by_header[header_key(c.header)] for c in C.COLUMNS if header_key(c.header) in by_header}
    info_columns = {key: by_header[header_key(label)] for key, label, prefilled in C.INFO_FIELDS
                    if not prefilled and header_key(label) in by_header}
    units = {(fold(u.department), fold(u.unit)): u for u in config.plan_units()}
    result: dict[PlanUnit, tuple[Rows, dict[str, Any]]] = {}
    for number, row in enumerate(rows, start=2):
        department = row.get(by_header[header_key(DEPARTMENT)], "")
        unit_name = row.get(by_header.get(header_key(UNIT), ""), "") if header_key(UNIT) in by_header else ""
        unit = units.get((fold(department), fold(unit_name)))
        if unit is None:
            known = ", ".join(u.label for u in config.plan_units())
            raise PrefillError(f"Rad {number}: '{department}{' – ' + unit_name if unit_name else ''}' finns inte i "
                               f"konfigurationen. Giltiga: {known}.")
        activities, info = result.setdefault(unit, ([], {}))
        values = {key: cell_value(C.COLUMN_BY_KEY[key], row.get(header, "")) for key, header in columns.items()}
        if any(v is not None for v in values.values()):
            activities.append({k: v for k, v in values.items() if v is not None})
        for key, header in info_columns.items():
            if row.get(header) and key not in info:
                info[key] = cell_value(C.Column(key, header, "date" if key == "date" else "text", False, 0, ""),
                                       row[header])
    for unit, (activities, _) in result.items():
        if len(activities) > config.rows:
            raise PrefillError(f"{unit.label} har {len(activities)} aktiviteter men mallen rymmer {config.rows}. "
                               "Höj antal_rader i konfigurationen.")
    return result

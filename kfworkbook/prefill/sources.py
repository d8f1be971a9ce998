"""Reading what ``kfworkbook template --prefill`` starts from: rows with their place in the source.

Four kinds of source give the same :class:`Source`: kfworkbook's own summary workbook (its
Aktiviteter sheet), a folder of returned plans (read with :func:`kfworkbook.read.workbook.read_plan`), a
kfworkbook plan on its own, and a CSV or Excel file whose columns are the template's headers plus
Avdelning (and Enhet). Word documents (a file, or a folder of them) are read by
:mod:`kfworkbook.prefill.word`. Values arrive exactly as written: text is never trimmed or re-wrapped, so
line breaks and leading "-" bullets survive; only the place a row came from is added.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..fileio import xml_safe
from ..forms import columns as C
from ..forms.follow_up import latest_answer, latest_of_report
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..issues import make_issue
from ..read.identity import made_for
from ..read.intake import collect_files
from ..read.package import Limits
from ..read.problems import calamine_errors, check_sheets, unreadable_issue
from ..read.workbook import HEADER_SEARCH_ROWS, OLE_MAGIC, header_key, read_plan, sniff
from ..values import present
from ..words import count
from .model import (
    DEPARTMENT,
    SOURCE_FILE,
    SOURCE_ROW,
    UNIT,
    YEAR,
    PrefillError,
    Source,
    SourceRow,
)
from .word import WORD_SUFFIXES, read_word, read_word_folder

SUMMARY_SHEET = "Aktiviteter"
_EXTRA_HEADERS = {header_key("Avdelning"): DEPARTMENT, header_key("Enhet"): UNIT, header_key("Planår"): YEAR,
                  header_key("Plan år"): YEAR, header_key("Källfil"): SOURCE_FILE, header_key("Källrad"): SOURCE_ROW}
_FOLLOW_UP_HEADERS = {header_key("Aktivitets-ID"): "activity_id", header_key("Senaste status"): "latest_status",
                      header_key("Senaste kommentar"): "latest_comment", header_key("Gällande måldatum"): "latest_due"}
"""The follow-up report's columns that prefill reads besides the template's (see
:func:`kfworkbook.forms.follow_up.latest_answer`)."""
_HEADERS = {
    **{header_key(c.header): c.key for c in C.COLUMNS},
    **_FOLLOW_UP_HEADERS,
    **{header_key(label): key for key, label, prefilled in C.INFO_FIELDS if not prefilled},
    **_EXTRA_HEADERS,
}
_SUMMARY_TITLE = re.compile(r"(?:Sammanställning kompetensförsörjningsplan|Uppföljning (?:T1|T2|VB)) (\d{4})")
_FOLLOW_UP_TITLE = re.compile(r"Uppföljning (T1|T2|VB) (\d{4})")


def read_source(path: str | Path) -> Source:
    """Read a prefill source: a folder of plans (or of Word documents), a summary workbook, a plan, a CSV/Excel
    table, or last year's plan as a Word document."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        raise PrefillError(f"Hittar inte {path}. Ange en befintlig fil eller mapp.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in WORD_SUFFIXES:
        return read_word(path)
    if suffix in (".doc", ".rtf", ".odt"):
        raise PrefillError(f"{path.name} är inget Word-dokument i formatet .docx. Öppna den i Word och spara den som "
                           "Word-dokument (.docx).")
    raise PrefillError(f"{path.name} är varken en CSV-fil, en Excel-arbetsbok (.xlsx), ett Word-dokument (.docx) "
                       "eller en mapp med planer.")


# -- CSV --------------------------------------------------------------------------------------------


SEPARATORS = {";": "semikolon", ",": "komma", "\t": "tabb", "|": "lodstreck"}
"""The separators a CSV file may use, by how messages name them."""


def _read_csv(path: Path) -> Source:
    raw = path.read_bytes()
    text, encoding = _decode(raw, path.name)
    first = text.split("\n", 1)[0]
    delimiter = max(SEPARATORS, key=first.count) if any(d in first for d in SEPARATORS) else ","
    layout = f"{encoding}, {SEPARATORS[delimiter]}"
    read_as = f"{encoding} med {SEPARATORS[delimiter]} som avgränsare"
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a field of any length: no field is longer than the file
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise PrefillError(f"{path.name} är tom. Skriv mallens rubriker och Avdelning på första raden.")
        if sum(isinstance(t, str) and header_key(t) in _HEADERS for t in header) < 2:  # the layout was misread
            raise PrefillError(f"{path.name} har inga av mallens rubriker på första raden. Filen lästes som {read_as}, "
                               f"och första raden är '{_shorten(first)}'. Spara tabellen från Excel som CSV UTF-8 "
                               "med mallens rubriker och Avdelning på första raden, eller som Excel-arbetsbok.")
        keys = _header_keys(header, path.name)
        rows: list[SourceRow] = []
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1  # a quoted field may span lines: its record starts at `start`
            values = {keys[i]: v for i, v in enumerate(record) if i in keys and v.strip()}
            if values:
                rows.append(SourceRow(values, str(path), "", start, _year(values.pop(YEAR, None))))
    except csv.Error as exc:  # a NUL in a field, an unterminated quote at the end of the file
        raise PrefillError(f"{path.name} kan inte läsas som CSV (läst som {read_as}). Spara tabellen från Excel "
                           "som CSV UTF-8 och försök igen.") from exc
    finally:
        csv.field_size_limit(limit)
    return Source(path, f"CSV-filen {path.name} ({layout})", rows)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding as messages name it) of a CSV file; PrefillError for a file that is not text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a byte order mark
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    elif len(raw) >= 4 and raw[1::2][:64].count(0) > 16 and raw[::2][:64].count(0) == 0:
        try:
            return raw.decode("utf-16-le"), "UTF-16"
        except UnicodeDecodeError:
            pass
    head = raw[:4096]
    control = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    if raw.startswith((b"PK\x03\x04", OLE_MAGIC)) or control > max(8, len(head) // 20):
        kind = "en Excel-arbetsbok eller ett annat arkiv" if raw.startswith((b"PK", OLE_MAGIC)) else "ingen textfil"
        raise PrefillError(f"{name} är {kind}, inte en CSV-fil. Spara tabellen som CSV UTF-8 eller ge Excel-filen "
                           "med sin rätta filändelse (.xlsx).")
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:  # Swedish Excel's plain "CSV (semikolonavgränsad)" is Windows-1252
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(xml_safe(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _header_keys(header: list[Any], name: str, sheet: str = "") -> dict[int, str]:
    """{position: key} of the recognised headers; PrefillError when Avdelning is missing."""
    keys: dict[int, str] = {}
    for position, text in enumerate(header):
        key = _HEADERS.get(header_key(text)) if isinstance(text, str) and text.strip() else None
        if key is not None and key not in keys.values():
            keys[position] = key
    if DEPARTMENT not in keys.values():
        where = f"fliken {sheet} i {name}" if sheet else name
        raise PrefillError(f"{where} saknar kolumnen Avdelning. Lägg till den med avdelningens namn på varje rad.")
    if len(keys) < 2:
        raise PrefillError(f"{name} har inga av mallens rubriker (till exempel {C.COLUMNS[0].header}). "
                           "Skriv dem på första raden.")
    return keys


def _year(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return int(text) if re.fullmatch(r"\d{4}", text) else None


# -- workbooks --------------------------------------------------------------------------------------


PREFILL_LIMITS = Limits(rows=200_000, columns=200)
"""How far a sheet of a summary or table given to --prefill may reach (a summary of 1,000 plans has ~60,000 rows)."""


def _read_workbook(path: Path) -> Source:
    from python_calamine import CalamineWorkbook

    problem = sniff(path, str(path))
    if problem is None:
        problem, _ = check_sheets(path, str(path), None, PREFILL_LIMITS)
    if problem is not None:
        raise PrefillError(f"{path.name}: {problem.message}")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except calamine_errors() as exc:
        raise PrefillError(f"{path.name}: {unreadable_issue(exc, str(path)).message}") from None
    names = list(workbook.sheet_names)
    if C.SHEET_PLAN in names and C.SHEET_LISTS in names:  # one plan: read as a plan, like a folder's
        workbook.close()
        return _read_plans([path], path, f"planen {path.name}")
    try:
        ordered = sorted(names, key=lambda n: n != SUMMARY_SHEET)  # a summary's Aktiviteter sheet first
        for name in ordered:
            grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            found = _find_header(grid)
            if found is not None:
                return _sheet_source(path, name, grid, *found)
    except calamine_errors() as exc:
        raise PrefillError(f"{path.name}: {unreadable_issue(exc, str(path)).message}") from None
    finally:
        workbook.close()
    raise PrefillError(f"{path.name} har inget blad med kolumnen Avdelning och mallens rubriker. Använd en "
                       "sammanställning från kfworkbook merge, en mapp med planer eller en tabell med mallens "
                       "rubriker och Avdelning.")


def _find_header(grid: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = [header_key(v) if isinstance(v, str) else "" for v in row]
        if header_key("Avdelning") in texts and sum(t in _HEADERS for t in texts) >= 2:
            return r, _header_keys(list(row), "")
    return None


def _sheet_source(path: Path, sheet: str, grid: list[list[Any]], header: int, keys: dict[int, str]) -> Source:
    year = _summary_year(path)
    period = _report_period(path)
    rows: list[SourceRow] = []
    for r in range(header + 1, len(grid)):
        record = grid[r]
        values = {keys[i]: v for i, v in enumerate(record) if i in keys and present(v)}
        if values:
            row_year = _year(values.pop(YEAR, None))
            plan_file, plan_row = values.pop(SOURCE_FILE, None), values.pop(SOURCE_ROW, None)
            order = (str(plan_file), float(plan_row)) if plan_file and isinstance(plan_row, (int, float)) else None
            if period:  # the follow-up report of a period: the latest answer, as latest_answer made it
                values = latest_of_report(values)
            rows.append(SourceRow(values, str(path), sheet, r + 1, row_year if row_year is not None else year, order))
    if year is not None:
        kind = f"sammanställningen {path.name} (fliken {sheet}, planår {year})"
    else:
        kind = f"Excel-filen {path.name} (fliken {sheet})"
    return Source(path, kind, rows)




def _summary_year(path: Path) -> int | None:
    """The plan year of a summary workbook or follow-up report written by ``kfworkbook merge`` (from its title)."""
    match = _SUMMARY_TITLE.search(_core(path))
    return int(match[1]) if match else None


def _report_period(path: Path) -> str:
    """The period (T1, T2, VB) of a follow-up report written by ``kfworkbook merge``, else ''."""
    match = _FOLLOW_UP_TITLE.search(_core(path))
    return match[1] if match else ""


def _core(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""






def _plan_row(values: dict[str, Any], period: str, year: int | None) -> dict[str, Any]:
    return values


def _follow_up_row(values: dict[str, Any], period: str, year: int | None) -> dict[str, Any]:
    return latest_answer(values, period, year) if period else values


AS_PLAN_ROW: dict[str, Callable[[dict[str, Any], str, int | None], dict[str, Any]]] = {
    PLAN_KIND: _plan_row, FOLLOW_UP_KIND: _follow_up_row}
"""How a row of each form becomes a plan row: a follow-up's latest answer goes into Kommentar."""


# -- plans ------------------------------------------------------------------------------------------


def _read_folder(path: Path) -> Source:
    files, skipped = collect_files([path])
    if not files:
        documents = [p for p in skipped if p.suffix.lower() in WORD_SUFFIXES and not p.name.startswith(("~$", "."))]
        if documents:  # a folder of Word plans (one per department, or one for the whole förvaltning)
            return read_word_folder(documents, path)
        raise PrefillError(f"Mappen {path} innehåller inga planer (.xlsx eller .xlsm) eller Word-dokument (.docx).")
    return _read_plans(files, path, f"mappen {path.name} ({count(len(files), 'fil', 'filer')})")


def _read_plans(files: list[Path], path: Path, kind: str) -> Source:
    source = Source(path, kind)
    seen: dict[tuple[str, str], str] = {}
    for file in files:
        plan = read_plan(file)
        if not plan.readable or plan.header_row is None:
            detail = plan.issues[0].message if plan.issues else "ingen aktivitetsplan"
            source.notes.append(make_issue("forifyll-plan-olasbar", file=str(file), value=file.name, detail=detail))
            continue
        department, unit = made_for(plan)  # the template's unit, not an Avdelning or Enhet typed over
        identity = (header_key(department), header_key(unit))
        if identity in seen:
            source.notes.append(make_issue("forifyll-dubbel-plan", file=str(file), value=file.name,
                                           other=seen[identity]))
        seen.setdefault(identity, file.name)
        year = _year(plan.meta.get("plan_year"))
        extra = {DEPARTMENT: department, UNIT: unit}
        extra.update({k: plan.info[k] for k in ("manager", "email") if plan.info.get(k)})
        as_plan_row = AS_PLAN_ROW[plan.form.kind]
        period = plan.meta.get("follow_up_period", "")
        for position, row_number in enumerate(plan.row_numbers):
            values = {key: column[position] for key, column in plan.columns.items() if column[position] is not None}
            values = as_plan_row(values, period, year)
            source.rows.append(SourceRow({**extra, **values}, str(file), f"{file.name}, {plan.form.sheet}", row_number,
                                         year))
    return source

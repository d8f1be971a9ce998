"""Reading a workbook of either form into a :class:`Workbook`: metadata, a DataFrame of activities, structural issues.

Files are read with python-calamine (values only, fast). Before that, the file is sniffed and its
zip directory checked, so that a lock file, an old .xls, an encrypted, corrupt or hostile file
becomes exactly one issue instead of an exception. The same grid-based core serves workbooks that
are not on disk (the Excel button passes the values it gets from xlwings).
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..forms import columns as C
from ..forms.spec import PLAN, SHEET_FOLLOW_UP, Form, form_of
from ..issues import Issue, make_issue
from .package import PLAN_LIMITS
from .problems import calamine_errors, check_sheets, os_error_issue, short, unreadable_issue
from .table import HEADER_SEARCH_ROWS, clean, header_key, longest_text, read_activities, too_long_issue

MAX_UNCOMPRESSED_MB = 200
MAX_SHEETS = 100
MAX_ZIP_ENTRIES = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class SheetGrid:
    """The values of one sheet from A1, and its merged ranges as (first_row, first_col, last_row, last_col)."""

    name: str
    rows: Sequence[Sequence[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cells holding a formula error ({(row, column): '#REF!'}, 0-based): calamine reads them as empty."""


@dataclass
class Workbook:
    """A workbook of either form (a plan or a follow-up) as read: metadata, Uppgifter, Analys, the
    activity table and the structural issues found while reading.

    ``rows`` holds the raw cell values of every non-empty activity row: index = Excel row number,
    one column per key of :data:`kfworkbook.forms.columns.COLUMNS` (None where empty or missing). It is
    built on first use from ``columns`` and ``row_numbers`` (plain lists, cheap to pass between
    processes and to batch).
    """

    file: str
    readable: bool = True
    sheets: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    info_cells: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    columns: dict[str, list[Any]] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None
    issues: list[Issue] = field(default_factory=list)
    form: Form = PLAN
    """The form the workbook's metadata names (:mod:`kfworkbook.forms`); ``columns`` holds its keys."""
    analysis: dict[str, Any] = field(default_factory=dict)
    """The Analys sheet's values by field key (None where empty); empty without the sheet (older templates)."""
    analysis_cells: dict[str, str] = field(default_factory=dict)
    """The address of each Analys field's value cell, by field key."""

    _rows_cache: Any = field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> Any:
        """The activity rows as a DataFrame indexed by Excel row number (see the class docstring)."""
        if self._rows_cache is None:
            self._rows_cache = _frame(self.columns, self.row_numbers, self.form.columns)
        return self._rows_cache

    def cell(self, key: str, row: int) -> str:
        """The address of column ``key`` in Excel row ``row``, as found in this workbook."""
        return f"{self.letters.get(key) or self.form.letter(key)}{row}"


Plan = Workbook
"""The name :class:`Workbook` had before it served both forms (kept for scripts that use it)."""


# -- the file as a whole -------------------------------------------------------------------------


def sniff(path: Path, file: str) -> Issue | None:
    """The one issue that makes ``path`` unreadable as a plan, or None when it may be read."""
    with opened(path, file) as (problem, _):
        return problem


@contextmanager
def opened(path: Path, file: str) -> Iterator[tuple[Issue | None, zipfile.ZipFile | None]]:
    """``path`` sniffed as :func:`sniff` does: (the one issue that makes it unreadable, None) or (None, its zip
    archive), open while the ``with`` block runs. The file is opened once and its zip directory read once,
    for the sniffing and for the checks that follow (:func:`~kfworkbook.read.problems.check_sheets`)."""
    problem, handle = _open(path, file)
    if handle is None:
        yield problem, None
        return
    with handle:
        problem, archive = _sniff_open(handle, path, file)
        try:
            yield problem, archive
        finally:
            if archive is not None:
                archive.close()


def _open(path: Path, file: str) -> tuple[Issue | None, BinaryIO | None]:
    """(None, the file open for reading), or (the issue, None) when it cannot or must not be opened."""
    if path.name.startswith("~$"):
        return make_issue("fil-las", file=file), None
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a folder, a pipe or a device: opening a pipe would wait forever
            return make_issue("fil-behorighet", file=file), None
        handle = path.open("rb")
        if status.st_size <= IN_MEMORY_BYTES:
            with handle:
                data = handle.read(status.st_size + 1)
                if len(data) <= status.st_size:  # else it grew since: it is read from the file as it is now
                    return None, io.BytesIO(data)
            handle = path.open("rb")
        return None, handle
    except OSError as exc:
        return os_error_issue(exc, file), None


IN_MEMORY_BYTES = 16 << 20
"""A file up to this size (a plan is about 20 KB) is read into memory in one call before it is checked: the zip
directory and the parts the checks unpack are then read without a system call each."""


def _sniff_open(handle: BinaryIO, path: Path, file: str) -> tuple[Issue | None, zipfile.ZipFile | None]:
    """(the issue, None) or (None, the zip archive on ``handle``) of the file ``handle`` has open."""
    try:
        head = handle.read(8)
    except OSError as exc:
        return os_error_issue(exc, file), None
    if not head:
        return make_issue("fil-tom", file=file), None
    if head == OLE_MAGIC:
        if ENCRYPTED_MARKER in head + handle.read():
            return make_issue("fil-losenord", file=file), None
        return make_issue("fil-xls", file=file), None
    if not head.startswith(b"PK"):
        if path.suffix.lower() in (".xls", ".xlsb"):
            return make_issue("fil-xls" if path.suffix.lower() == ".xls" else "fil-xlsb", file=file), None
        return make_issue("fil-format", file=file), None
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return make_issue("fil-skadad", file=file, detail=str(exc) or "trasigt zip-arkiv"), None
    problem = _check_zip(archive, path, file)
    if problem is not None:
        archive.close()
        return problem, None
    return None, archive


def _check_zip(archive: zipfile.ZipFile, path: Path, file: str) -> Issue | None:
    entries = archive.infolist()
    names = archive.NameToInfo.keys()
    unpackable = [e for e in entries if e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
    if unpackable:  # Excel and LibreOffice store or deflate; nothing else can be unpacked everywhere
        return make_issue("fil-skadad-zip", file=file,
                          detail=f"{unpackable[0].filename}: compression method {unpackable[0].compress_type}")
    if "xl/workbook.bin" in names:
        return make_issue("fil-xlsb", file=file)
    suffix = path.suffix.lower()
    is_ods = _is_ods(archive)
    if is_ods and suffix in (".xlsx", ".xlsm"):
        return make_issue("fil-andelse", file=file, kind="OpenDocument-fil", suffix=suffix, right=".ods")
    if suffix == ".ods" and "xl/workbook.xml" in names:
        return make_issue("fil-andelse", file=file, kind="Excel-arbetsbok", suffix=suffix, right=".xlsx")
    if "xl/workbook.xml" not in names and not is_ods:
        return make_issue("fil-format", file=file)
    sheets = sum(1 for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if sheets > MAX_SHEETS or len(entries) > MAX_ZIP_ENTRIES:
        count = sheets if sheets > MAX_SHEETS else len(entries)
        return make_issue("fil-for-manga-blad", file=file, count=count, limit=MAX_SHEETS)
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        return make_issue("fil-for-stor", file=file, size=round(total / 1024 / 1024), limit=MAX_UNCOMPRESSED_MB)
    return None


def _is_ods(archive: zipfile.ZipFile) -> bool:
    """True for an OpenDocument spreadsheet (what LibreOffice saves as .ods)."""
    names = archive.NameToInfo
    if "mimetype" not in names or "content.xml" not in names:
        return False
    try:
        return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def read_plan(path: str | Path, file: str | None = None) -> Workbook:
    """Read the plan in ``path``; an unreadable file gives a :class:`Workbook` with ``readable=False`` and one issue."""
    path = Path(path)
    file = str(path) if file is None else file
    with opened(path, file) as (problem, archive):
        scans = {}
        if archive is not None:
            problem, scans = check_sheets(archive, file, _READ_SET, PLAN_LIMITS)
    if problem is not None:
        return Workbook(file=file, readable=False, issues=[problem])
    try:
        grids, names = _calamine_grids(path)
    except ImportError:  # no python-calamine (Pyodide, where the Validera button runs): openpyxl reads the file
        try:
            grids, names = _openpyxl_grids(path)
        except Exception as exc:  # openpyxl fails in many ways on a damaged file
            return Workbook(file=file, readable=False, issues=[make_issue("fil-skadad", file=file, detail=short(exc))])
    except calamine_errors() as exc:
        if isinstance(exc, OSError):
            return Workbook(file=file, readable=False, issues=[os_error_issue(exc, file)])
        try:  # openpyxl (with defusedxml) tolerates some files calamine refuses
            grids, names = _openpyxl_grids(path)
        except Exception:  # openpyxl fails in many ways on a damaged file; calamine's error decides the issue
            return Workbook(file=file, readable=False, issues=[unreadable_issue(exc, file)])
    for name, scan in scans.items():
        if name in grids:
            grids[name].errors = scan.errors
    if path.suffix.lower() == ".ods" and not {C.SHEET_PLAN, C.SHEET_INFO, SHEET_FOLLOW_UP} & set(grids):
        return Workbook(file=file, readable=False, issues=[make_issue("fil-ods", file=file)])
    plan, longest = _build(grids, file, names)
    if longest >= C.MAX_CELL_TEXT:  # calamine may have cut a cell: it returns at most 32,767 characters
        _reread_long_cells(path, grids)
        plan = plan_from_grids(grids, file, names)
    return plan


READ_SHEETS = (C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_ANALYSIS, C.SHEET_LISTS, SHEET_FOLLOW_UP)
"""The sheets a plan is read from (the Analys sheet is missing in templates made before it existed)."""
_READ_SET = frozenset(READ_SHEETS)
_TEXT_KEYS = tuple(c.key for c in C.COLUMNS if c.kind == "text")


def _reread_long_cells(path: Path, grids: dict[str, SheetGrid]) -> None:
    """Replace every cell calamine may have cut with its full text, read through openpyxl."""
    try:
        full, _ = _openpyxl_grids(path)
    except Exception:
        return  # keep calamine's values: the length check still reports the cell at the limit
    for name, grid in grids.items():
        other = full.get(name)
        if other is None:
            continue
        rows = [list(row) for row in grid.rows]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and len(value) >= C.MAX_CELL_TEXT and r < len(other.rows) \
                        and c < len(other.rows[r]) and isinstance(other.rows[r][c], str):
                    row[c] = other.rows[r][c]
        grid.rows = rows


def read_grids(path: str | Path) -> tuple[dict[str, SheetGrid], list[str]]:
    """({sheet: values} of the sheets a plan is read from, every sheet name) of a file :func:`read_plan` has
    read (python-calamine; raises what :func:`calamine_errors` names)."""
    return _calamine_grids(Path(path))


def _calamine_grids(path: Path) -> tuple[dict[str, SheetGrid], list[str]]:
    from python_calamine import SheetVisibleEnum

    workbook = _open_calamine(path)
    try:
        names = list(workbook.sheet_names)
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        grids: dict[str, SheetGrid] = {}
        wanted = set(READ_SHEETS)
        for name in names:
            if name not in wanted:
                continue
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
            grids[name] = SheetGrid(name, rows, merged, hidden=name in hidden)
        return grids, names
    finally:
        workbook.close()


def _open_calamine(path: Path) -> Any:
    """python-calamine's workbook for ``path``; through an open file when the name is not valid UTF-8 (bytes
    Python keeps as surrogates, which calamine cannot take as a path)."""
    from python_calamine import CalamineWorkbook

    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    return CalamineWorkbook.from_path(str(path))


def _openpyxl_grids(path: Path) -> tuple[dict[str, SheetGrid], list[str]]:
    """The fallback reader: values (cached formula results) and merged ranges through openpyxl."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    workbook = load_workbook(path, data_only=True, keep_links=False)
    try:
        grids: dict[str, SheetGrid] = {}
        for sheet in workbook.worksheets:
            if sheet.title not in READ_SHEETS:
                continue
            rows = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
            merged = []
            for cells in sheet.merged_cells.ranges:
                first_col, first_row, last_col, last_row = range_boundaries(str(cells))
                merged.append((first_row, first_col, last_row, last_col))
            grids[sheet.title] = SheetGrid(sheet.title, rows, merged, hidden=sheet.sheet_state != "visible")
        return grids, list(workbook.sheetnames)
    finally:
        workbook.close()


# -- from grids to a plan ------------------------------------------------------------------------


def plan_from_grids(grids: dict[str, SheetGrid], file: str, sheet_names: Iterable[str] | None = None) -> Workbook:
    """Build a :class:`Workbook` from sheet values (from calamine, xlwings or a test)."""
    return _build(grids, file, sheet_names)[0]


def _build(grids: dict[str, SheetGrid], file: str, sheet_names: Iterable[str] | None) -> tuple[Workbook, int]:
    """(:func:`plan_from_grids`, the length of the longest text in Uppgifter, Analys and the table's text
    columns): the length tells :func:`read_plan` whether calamine may have cut a cell."""
    plan = Workbook(file=file, sheets=list(sheet_names if sheet_names is not None else grids))
    if C.SHEET_LISTS in grids:
        plan.meta = _read_meta(grids[C.SHEET_LISTS])
    if C.SHEET_INFO in grids:
        plan.info, plan.info_cells = _read_info(grids[C.SHEET_INFO])
        labels = {key: label for key, label, _ in C.INFO_FIELDS}
        plan.issues += [too_long_issue(file, C.SHEET_INFO, plan.info_cells[key], labels[key], value)
                        for key, value in plan.info.items() if type(value) is str and len(value) > C.MAX_CELL_TEXT]
    if C.SHEET_ANALYSIS in grids:
        plan.analysis, plan.analysis_cells = _read_analysis(grids[C.SHEET_ANALYSIS])
    plan.form = form_of(plan.meta)
    longest = longest_text([*plan.info.values(), *plan.analysis.values()])
    grid = grids.get(plan.form.sheet)
    if grid is None:
        plan.issues.append(make_issue("blad-saknas", file=file, sheet=plan.form.sheet))
        return plan, longest
    if grid.hidden:
        plan.issues.append(make_issue("blad-dolt", file=file, sheet=plan.form.sheet))
    lengths = read_activities(plan, grid, plan.form)
    return plan, max([longest, *(lengths.get(key, 0) for key in _TEXT_KEYS)])


def _cell(rows: Sequence[Sequence[Any]], r: int, c: int) -> Any:
    """Value at 0-based (r, c), None outside the grid."""
    if r < len(rows) and c < len(rows[r]):
        return clean(rows[r][c])
    return None


def _read_meta(grid: SheetGrid) -> dict[str, str]:
    labels = {label: key for key, label in (*C.META_FIELDS, *C.FORM_META_FIELDS)}
    meta: dict[str, str] = {}
    for r in range(len(grid.rows)):
        label = _cell(grid.rows, r, 0)
        if isinstance(label, str) and label in labels:
            value = _cell(grid.rows, r, 1)
            key, text = labels[label], "" if value is None else _text(value)
            if key in meta and key in C.META_JOIN:  # the value goes on from the row above
                meta[key] += C.META_JOIN[key] + text
            else:
                meta[key] = text
    return meta if meta.get("generator") == C.GENERATOR else {}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_info(grid: SheetGrid) -> tuple[dict[str, Any], dict[str, str]]:
    labels = {header_key(label): key for key, label, _ in C.INFO_FIELDS}
    info: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for r in range(min(len(grid.rows), HEADER_SEARCH_ROWS)):
        label = _cell(grid.rows, r, 0)
        key = labels.get(header_key(label)) if label is not None else None
        if key and key not in info:
            info[key] = _cell(grid.rows, r, 1)
            cells[key] = f"B{r + 1}"
    return info, cells


def _read_analysis(grid: SheetGrid) -> tuple[dict[str, Any], dict[str, str]]:
    """The Analys values by the field key in the sheet's hidden key column, and their cell addresses."""
    key_col = _column_index(C.ANALYSIS_KEY)
    value_col = _column_index(C.ANALYSIS_VALUE)
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for r in range(C.ANALYSIS_HEADER_ROW, min(len(grid.rows), HEADER_SEARCH_ROWS + C.ANALYSIS_HEADER_ROW)):
        key = _cell(grid.rows, r, key_col)
        if isinstance(key, str) and key not in values:
            values[key] = _cell(grid.rows, r, value_col)
            cells[key] = f"{C.ANALYSIS_VALUE}{r + 1}"
    return values, cells


def _column_index(letter: str) -> int:
    """0-based index of a one-letter column."""
    return ord(letter) - ord("A")


def _frame(data: dict[str, list[Any]], index: list[int], form_columns: Sequence[C.Column] = C.COLUMNS) -> Any:
    import pandas as pd

    columns = {col.key: data.get(col.key, [None] * len(index)) for col in form_columns}
    return pd.DataFrame(columns, index=pd.Index(index, dtype="int64", name="rad"), dtype=object)

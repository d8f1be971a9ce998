"""The read path's own shortcuts give what the plain way gives (issue 25): the activity table built one
pass per column, zip members read without zipfile's per-member machinery, each file's zip directory
parsed once."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kfworkbook.forms import columns as C
from kfworkbook.read import package
from kfworkbook.read.workbook import SheetGrid, clean, plan_from_grids, read_plan

from .plans import fill


class Text(str):
    """A str subclass: clean() strips it into a plain str like any other string."""


def _per_cell(rows: list[list[Any]], start: int, positions: list[int]) -> tuple[list[int], list[list[Any]]]:
    """The table as the reader built it before issue 25: cell by cell through clean()."""
    index: list[int] = []
    columns: list[list[Any]] = [[] for _ in positions]
    for r in range(start, len(rows)):
        values = [clean(rows[r][c]) if c < len(rows[r]) else None for c in positions]
        if all(v is None for v in values):
            continue
        index.append(r + 1)
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    return index, columns


VALUES = [None, "", "  ", "\u00a0", " text ", "text", Text(" sub "), Text(""), 0, 0.0, False, True, 1.5,
          date(2027, 1, 31), "=SUMMA(A1)"]


@pytest.mark.parametrize("seed", range(40))
def test_the_table_per_column_is_the_table_per_cell(seed):
    """Random grids, ragged or not, some with a column that is not the table's, with empty rows, zeros,
    False, blank strings and str subclasses: the rows kept, their numbers and every value (and its type)
    are those of the cell-by-cell reading."""
    rng = random.Random(seed)
    header: list[Any] = [c.header for c in C.COLUMNS]
    if seed % 3 == 0:  # a column of the user's own among the table's
        header.insert(rng.randrange(1, len(header)), "Egen kolumn")
    width = len(header)
    rows: list[list[Any]] = [[] for _ in range(C.HEADER_ROW - 1)] + [header]
    ragged = seed % 2 == 1
    for _ in range(rng.randrange(0, 30)):
        size = rng.randrange(0, width + 3) if ragged else width
        rows.append([rng.choice(VALUES) if rng.random() < 0.3 else None for _ in range(size)])
    plan = plan_from_grids({C.SHEET_PLAN: SheetGrid(C.SHEET_PLAN, rows)}, "minne")
    index, columns = _per_cell(rows, C.HEADER_ROW, [c for c, text in enumerate(header) if text != "Egen kolumn"])
    assert plan.row_numbers == index
    for column, expected in zip(C.COLUMNS, columns, strict=True):
        got = plan.columns[column.key]
        assert got == expected and [type(v) for v in got] == [type(v) for v in expected]


def test_a_column_missing_and_columns_out_of_order():
    """The table's columns in another order, one missing: each key gets its own column, the missing one None."""
    keys = [c.key for c in C.COLUMNS if c.key != "comment"][::-1]
    rows = [[C.COLUMN_BY_KEY[k].header for k in keys], [" a " if k == "goal" else None for k in keys],
            [None] * len(keys), [5.0 if k == "hours" else None for k in keys]]
    plan = plan_from_grids({C.SHEET_PLAN: SheetGrid(C.SHEET_PLAN, rows)}, "minne")
    assert plan.row_numbers == [2, 4]
    assert plan.columns["goal"] == ["a", None] and plan.columns["hours"] == [None, 5.0]
    assert plan.columns["comment"] == [None, None]
    assert list(plan.columns) == [c.key for c in C.COLUMNS]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_read_part_is_zipfiles_read(template_path, tmp_path):
    """Every member of a plan, deflated and stored, reads the same as through zipfile."""
    plan = fill(template_path, tmp_path / "plan.xlsx")
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as out:
        for name, data in _members(plan).items():
            out.writestr(name, data)
    for path in (plan, stored):
        expected = _members(path)
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            assert {name: package.read_part(archive, name) for name in expected} == expected


def _damaged(tmp_path: Path, offset_in_data: int) -> Path:
    """A zip whose one deflated member has a byte changed ``offset_in_data`` bytes into its data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", b"<workbook>" + b"x" * 5000 + b"</workbook>")
    raw = bytearray(buffer.getvalue())
    start = 30 + len("xl/workbook.xml")
    raw[start + offset_in_data] ^= 0xFF
    path = tmp_path / f"damaged{offset_in_data}.zip"
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("offset", [0, 5, 12])
def test_read_part_raises_what_zipfile_raises(tmp_path, offset):
    """A damaged member is left to zipfile, so the error (and the issue made of it) stays zipfile's."""
    path = _damaged(tmp_path, offset)
    with zipfile.ZipFile(path) as archive:
        with pytest.raises(Exception) as plain:
            archive.read("xl/workbook.xml")
        with pytest.raises(type(plain.value)) as fast:
            package.read_part(archive, "xl/workbook.xml")
    assert str(fast.value) == str(plain.value)


def test_read_part_of_a_missing_member_is_a_key_error(template_path):
    with template_path.open("rb") as handle, zipfile.ZipFile(handle) as archive, pytest.raises(KeyError):
        package.read_part(archive, "xl/nothing.xml")


def test_each_file_is_opened_once_before_calamine(template_path, tmp_path, monkeypatch):
    """Sniffing and the size check share one open file and one parse of its zip directory."""
    plan = fill(template_path, tmp_path / "plan.xlsx")
    parsed: list[Any] = []
    real = zipfile.ZipFile._RealGetContents

    def counted(self: zipfile.ZipFile) -> None:
        parsed.append(self)
        real(self)

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", counted)
    assert read_plan(plan).readable
    assert len(parsed) == 1


def _package(tmp_path: Path, cells: str) -> Path:
    """A minimal .xlsx whose one sheet, Blad, holds ``cells`` in its row 7."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    path = tmp_path / "blad.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
                                        '<sheet name="Blad" sheetId="1" r:id="rId1"/></sheets></workbook>')
        out.writestr("xl/_rels/workbook.xml.rels",
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'<Relationship Id="rId1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
                     '</Relationships>')
        out.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><dimension ref="A1:B7"/><sheetData>'
                                                 f'<row r="7">{cells}</row></sheetData></worksheet>')
    return path


@pytest.mark.parametrize("cells, counted, errors", [
    ('<c r="B7" t="s"><v>1</v></c>', False, {}),
    ('<c r="CZ9999"><v>1</v></c>', False, {}),
    ('<c r="DA7"><v>1</v></c>', True, {}),
    ('<c r="B10000"><v>1</v></c>', True, {}),
    ('<c t="s"><v>1</v></c>', True, {}),
    ('<c s="1" r="B7"><v>1</v></c>', True, {}),
    ('<c r="B7" s="2" t="e"><v>#REF!</v></c>', True, {(6, 1): "#REF!"}),
    ('<c r="A7"><v>1</v></c><c r="H7" t="e"><f>1/0</f><v>#DIV/0!</v></c>', True, {(6, 7): "#DIV/0!"}),
])
def test_the_quick_search_sends_what_must_be_counted_to_the_count(cells, counted, errors, tmp_path):
    """Step 2 of the size check: a cell past the quick bound, a cell without its own reference first or a
    formula-error cell is counted (its place and error found); anything else passes without a count."""
    scans, oversized = package.scan_sheets(_package(tmp_path, cells), None, package.PLAN_LIMITS)
    assert oversized is None
    assert (scans["Blad"].rows > 0) == counted and scans["Blad"].errors == errors

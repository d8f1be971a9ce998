"""The floors a merge of many plans is measured against, each run as its own process.

    python bench/floor.py read FOLDER            # the read floor
    python bench/floor.py physical FOLDER OUT    # the physical floor

*The read floor*: python-calamine reads the activity sheet of every ``*.xlsx`` in FOLDER, and nothing
else — no other sheet, no validation, no pandas. No merge can read its plans faster.

*The physical floor*: the read floor, then the activity rows (20 columns: Avdelning, Enhet, the file's
name, the row's number and the sheet's columns) written as **one** worksheet of raw XML with inline
strings into a minimal, valid .xlsx, deflated at level 1. It is what any merge must cost at least: read
every activity once and write it once. kfworkbook's merge does more (validation, a second printed sheet,
the crosstabs, charts, styles), so the ratio to this floor says how close to the metal it is.

Both print one JSON line: ``{"rows": N}``. Only the standard library and python-calamine are imported.
"""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from python_calamine import CalamineWorkbook

SHEET = "Aktivitetsplan"
HEADER_ROW = 5  # the activity table's header row (1-based); activities start below it
WIDTH = 20
EPOCH = datetime(1899, 12, 30)


def read(folder: Path) -> list[list[object]]:
    """Every activity row of every plan in ``folder``, prefixed by department, unit, file and row number."""
    rows: list[list[object]] = []
    for path in sorted(folder.glob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        grid = workbook.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
        for number, row in enumerate(grid[HEADER_ROW:], start=HEADER_ROW + 1):
            if any(value not in ("", None) for value in row):
                rows.append(["Avdelning", "Enhet", path.name, number, *row][:WIDTH])
    return rows


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}"><v>{(value - EPOCH).total_seconds() / 86400!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"><v>{(value - EPOCH.date()).days}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


LETTERS = [chr(ord("A") + c) for c in range(WIDTH)]
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Aktiviteter" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def write(rows: list[list[object]], out: Path) -> None:
    """``rows`` as one worksheet of raw XML with inline strings, in a minimal .xlsx deflated at level 1."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk: list[str] = []
            for number, row in enumerate(rows, start=1):
                cells = "".join(_cell(f"{letter}{number}", value) for letter, value in zip(LETTERS, row, strict=False))
                chunk.append(f'<row r="{number}">{cells}</row>')
                if len(chunk) == 1000:
                    sheet.write("".join(chunk).encode("utf-8"))
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode("utf-8"))


def main() -> None:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    rows = read(folder)
    if mode == "physical":
        write(rows, Path(sys.argv[3]))
    elif mode != "read":
        raise SystemExit(f"unknown floor {mode!r}: read or physical")
    print(json.dumps({"rows": len(rows)}))


if __name__ == "__main__":
    main()

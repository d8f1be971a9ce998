"""The two oversized workbooks of issue 20, made from a real plan: a sheet that reaches XFD1048576 and a
sheet with a value in each of a million rows (as Excel writes them: the dimension tells the truth)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kfworkbook.forms import columns as C
from kfworkbook.read.package import sheet_parts


def _rewrite_plan_sheet(source: Path, target: Path, rows: bytes, dimension: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        part = sheet_parts(zin)[C.SHEET_PLAN]
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', data)
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
            zout.writestr(item, data)
    return target


def xfd(source: Path, target: Path) -> Path:
    """``source`` with one value in XFD1048576 (about 100 KB)."""
    return _rewrite_plan_sheet(source, target, b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                               b"</is></c></row>", b"A1:XFD1048576")


def million_rows(source: Path, target: Path, last: int = 1_048_576) -> Path:
    """``source`` with a 1 in column A of every row from 1,000 to ``last`` (about 5 MB)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1000, last + 1))
    return _rewrite_plan_sheet(source, target, rows, b"A1:R%d" % last)

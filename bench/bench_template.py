"""Benchmark: writing the templates for 50 units.

Baseline in the same run: 50 bare openpyxl workbooks with the same headers and 200 formatted rows,
without validations, conditional formats, lists or protection — the floor for any openpyxl template.
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import report, timed
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection

from kfworkbook.config import default_config_text, parse_config
from kfworkbook.forms.columns import COLUMNS, FIRST_ROW, HEADER_ROW
from kfworkbook.template.plan import write_templates

UNITS = 50


def config_with_50_units():
    data = tomllib.loads(default_config_text())
    data["avdelningar"] = [
        {"namn": f"Avdelning {d}", "enheter": [f"Enhet {d}.{u}" for u in range(1, 6)], "avdelningsmall": False}
        for d in range(1, 11)]
    return parse_config(data, "bench")


def baseline(out: Path, rows: int) -> None:
    unlocked, wrap = Protection(locked=False), Alignment(wrap_text=True, vertical="top")
    for n in range(UNITS):
        wb = Workbook()
        ws = wb.active
        for col, spec in enumerate(COLUMNS, start=1):
            ws.cell(HEADER_ROW, col, spec.header)
            for row in range(FIRST_ROW, FIRST_ROW + rows):
                cell = ws.cell(row, col)
                cell.protection = unlocked
                cell.alignment = wrap
        wb.save(out / f"bare-{n}.xlsx")


def main() -> None:
    config = config_with_50_units()
    assert len(config.plan_units()) == UNITS
    with tempfile.TemporaryDirectory() as tmp:
        ours, paths = timed(lambda: write_templates(config, Path(tmp) / "ours"))
        (Path(tmp) / "bare").mkdir()
        base, _ = timed(lambda: baseline(Path(tmp) / "bare", config.rows))
    assert len(paths) == UNITS
    report(f"template: {UNITS} units", ours, base, "bare openpyxl baseline",
           f"{ours / UNITS * 1000:.0f} ms per template")


if __name__ == "__main__":
    main()

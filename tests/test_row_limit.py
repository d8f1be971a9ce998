"""No row is ever lost at Excel's row limit: a sheet too long is split over 'Aktiviteter (2)' …, and the bulk
writer raises instead of leaving out rows XlsxWriter refuses.

Excel holds 1,048,576 rows a sheet (about 17,000 plans of 60 activities on Aktiviteter, 15,600 on the print
sheet); the tests lower the limit the writers split at (``xlsxbulk.ROW_LIMIT``) to 20 rows and check that every
activity is written exactly once, and lower XlsxWriter's own limit on one sheet to see the bulk writer refuse.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from kfworkbook.config import load_config
from kfworkbook.output import xlsxbulk
from kfworkbook.output.follow_up_workbook import write_follow_up_report
from kfworkbook.output.summary_workbook import SHEETS, write_summary
from kfworkbook.output.xlsx import part_name, sheet_parts, split_sheets
from kfworkbook.output.xlsxbulk import BulkWorksheet, RowLimitError
from kfworkbook.prefill.follow_up_sources import read_sources
from kfworkbook.summary.merge import merge
from kfworkbook.template.follow_up import write_follow_ups
from kfworkbook.template.plan import write_templates

from .plans import GOOD_ROWS, fill

LIMIT = 20
CHECKER = Path("/work/shared/tools/ooxml/check_ooxml.py")
EXAMPLE = Path(__file__).parent.parent / "examples" / "farsta-2022"


@pytest.fixture
def low_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(xlsxbulk, "ROW_LIMIT", LIMIT)
    return LIMIT


def test_sheet_parts_and_names(low_limit: int) -> None:
    assert sheet_parts(0) == [(0, 0)]
    assert sheet_parts(19) == [(0, 19)]  # the header and 19 rows: exactly full
    assert sheet_parts(20) == [(0, 19), (19, 20)]
    assert sheet_parts(40, first_row=2) == [(0, 17), (17, 34), (34, 40)]
    names, parts = split_sheets({"a": "Översikt", "b": "Aktiviteter", "c": "Valideringsfel"},
                                {"b": (45, 0), "c": (3, 0)})
    assert list(names.values()) == ["Översikt", "Aktiviteter", "Aktiviteter (2)", "Aktiviteter (3)", "Valideringsfel"]
    assert parts["b"] == [("b", 0, 19), ("b (2)", 19, 38), ("b (3)", 38, 45)]
    assert part_name("Aktivitetsplan per avdelning", 2) == "Aktivitetsplan per avd. (2)"
    assert all(len(part_name(name, 12)) <= 31 for name in SHEETS.values())


def test_bulk_writer_raises_instead_of_dropping_rows(low_limit: int, tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    ws = wb.add_worksheet("Blad", worksheet_class=BulkWorksheet)
    ws.xls_rowmax = LIMIT  # XlsxWriter's own limit, as if Excel's were 20 rows
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    assert ws.write_rows(1, [["a", 1]] * (LIMIT - 1), [None, None], date_format) == LIMIT  # the last row fits
    with pytest.raises(RowLimitError):
        ws.write_rows(LIMIT - 1, [["b"], ["c"]], [None], date_format)  # the second row would be dropped
    with pytest.raises(RowLimitError):
        ws.write_rows_at([3, LIMIT], [["d"], ["e"]], [None], date_format)
    with pytest.raises(RowLimitError):
        ws.merge_rows_at([LIMIT], ["Rubrik"], [date_format], 4)
    with pytest.raises(RowLimitError):
        ws.write_columns_at([2], [["x"]] * (ws.xls_colmax + 1), [], date_format)
    assert ws.write_string(LIMIT, 0, "f") == -1  # XlsxWriter's own writes refuse (and return -1) at the same limit
    wb.close()


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory, config) -> Path:
    templates = {p.name.split("_", 2)[2].removesuffix(".xlsx"): p
                 for p in write_templates(config, tmp_path_factory.mktemp("mallar"))}
    folder = tmp_path_factory.mktemp("inlamnat")
    for unit in ("Förskola", "Stadsutveckling", "Äldreomsorg"):
        fill(templates[unit], folder / f"{unit}.xlsx", GOOD_ROWS * 4)  # 12 activities each
    return folder


def _data_rows(ws) -> list[tuple]:
    return [row for row in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def _check(path: Path) -> None:
    if CHECKER.exists():
        result = subprocess.run([sys.executable, str(CHECKER), "--quiet", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_summary_splits_every_long_sheet_and_keeps_every_row(low_limit: int, plans: Path, config,
                                                             tmp_path: Path) -> None:
    summary = merge([plans], config, workers=1)
    assert len(summary.activities) == 36
    path = write_summary(summary, tmp_path / "sammanstallning.xlsx")
    _check(path)
    wb = openpyxl.load_workbook(path)
    split = [ws for ws in wb.worksheets if ws.title.startswith(("Aktivitet", "Inlämning", "Valideringsfel"))]
    assert all(ws.max_row <= LIMIT for ws in split)
    # Aktiviteter: 36 rows under a header on each sheet of 20 rows: 19 + 17, every row once, in order.
    assert [n for n in wb.sheetnames if n.startswith("Aktiviteter")] == ["Aktiviteter", "Aktiviteter (2)"]
    written = _data_rows(wb["Aktiviteter"]) + _data_rows(wb["Aktiviteter (2)"])
    header = [c.value for c in wb["Aktiviteter"][1]]
    assert [c.value for c in wb["Aktiviteter (2)"][1]] == header
    source = header.index("Källfil"), header.index("Källrad")
    expected = list(zip(summary.activities["Källfil"], summary.activities["Källrad"], strict=True))
    assert [(r[source[0]], r[source[1]]) for r in written] == expected
    issues = [n for n in wb.sheetnames if n.startswith("Valideringsfel")]
    assert sum(len(_data_rows(wb[n])) for n in issues) == len(summary.issues)
    assert sorted(t.name for ws in wb.worksheets for t in ws.tables.values()) == sorted(
        ["Aktiviteter", "Aktiviteter2", "Inlamning", *(f"Valideringsfel{n}".replace("fel1", "fel")
                                                        for n in range(1, len(issues) + 1))])
    # Chapter 3: every activity once over the print sheets, each with the column headers on its first row.
    printed = [n for n in wb.sheetnames if n.startswith("Aktivitetsplan")]
    assert printed[:2] == [SHEETS["print"], "Aktivitetsplan per avd. (2)"] and len(printed) >= 3
    goals = [row[0] for name in printed for row in _data_rows(wb[name]) if row[1] is not None]
    assert len(goals) == 36
    assert sorted(goals) == sorted(summary.activities["Vad ska vi uppnå?"])
    assert all(wb[name]["A1"].value == "Vad ska vi uppnå?" for name in printed)
    seconds = [wb[name]["A2"].value for name in printed[1:]]  # a department continued is named again, 'forts.'
    assert all(s.startswith("Aktivitetsplan avdelningen ") for s in seconds), seconds
    assert any(s.endswith(" (forts.)") for s in seconds), seconds
    notes = [c.value for row in wb["Översikt"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Ett blad i Excel rymmer högst 20 rader, så tabellen står på 2 blad: Aktiviteter och Aktiviteter (2)." \
        in notes
    assert any(n.startswith(f"Ett blad i Excel rymmer högst 20 rader, så tabellen står på {len(printed)} blad: "
                            f"{SHEETS['print']}, Aktivitetsplan per avd. (2)") for n in notes)


def test_follow_up_report_splits_too(low_limit: int, tmp_path: Path) -> None:
    farsta = load_config(EXAMPLE / "kfworkbook.toml")
    folder = tmp_path / "t1"
    folder.mkdir()
    write_follow_ups(farsta, read_sources([EXAMPLE / "planer"], farsta), "T1", folder)
    summary = merge([folder], farsta, workers=1)
    assert len(summary.activities) > LIMIT
    path = write_follow_up_report(summary, tmp_path / "uppfoljning.xlsx")
    _check(path)
    wb = openpyxl.load_workbook(path)
    assert all(ws.max_row <= LIMIT for ws in wb.worksheets if ws.title.startswith(("Aktiviteter", "Avvikelser")))
    parts = [n for n in wb.sheetnames if n.startswith("Aktiviteter")]
    assert len(parts) == -(-len(summary.activities) // (LIMIT - 1))
    assert sum(len(_data_rows(wb[n])) for n in parts) == len(summary.activities)

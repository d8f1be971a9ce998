"""Writing the summary workbook (Sammanställning) for HR with XlsxWriter.

XlsxWriter writes large sheets about twice as fast as openpyxl and makes native charts. It is opened
with ``strings_to_formulas`` off, so text a manager typed ("=SUMMA(A1)") always stays text.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from . import columns as C
from .chapters import PRINT_HEADERS, activity_plans
from .fileio import atomic_write
from .merge import Summary
from .xlsxbulk import BulkWorksheet

SHEETS = {
    "overview": "Översikt",
    "submissions": "Inlämning",
    "activities": "Aktiviteter",
    "by_category": "Per avdelning och kategori",
    "by_responsible": "Per ansvarig",
    "by_target_group": "Per målgrupp",
    "timeline": "Tidsplan",
    "issues": "Valideringsfel",
    "print": "Aktivitetsplan per avdelning",
}
WIDTHS = {"Avdelning": 20, "Enhet": 18, "Källfil": 34, "Källrad": 8, "Fel": 6, "Varningar": 9, "Fil": 40,
          "Meddelande": 90, "Status": 20, "Anmärkning": 60, "Datum": 11, "Värde": 30, "Kod": 18, "Typ": 8,
          "Blad": 14, "Cell": 8, "Kolumn": 22, "Aktiviteter": 11, "Förväntad": 10}
PRINT_COLUMNS = tuple(zip(PRINT_HEADERS, (38, 48, 16, 22, 36), strict=True))  # the seeds' columns: (header, width)


PRINT_WIDTHS = tuple(width for _, width in PRINT_COLUMNS)
OVERVIEW_FIGURES = (  # (label, key of Summary.totals); None starts a new heading
    ("Förväntade planer", "expected"), ("Inlämnade", "handed_in"), ("Godkända", "approved"),
    ("Med varningar", "with_warnings"), ("Med fel", "with_errors"), ("Kunde inte läsas", "unreadable"),
    ("Saknas", "missing"),
    ("Filer", None), ("Filer i inlämningen", "files"), ("Planer som räknas", "plans"),
    ("Ersatta av en nyare fil", "replaced"), ("Hör inte till planen", "foreign"),
    ("Filer som inte kunde läsas", "unreadable_files"), ("Överhoppade filer", "skipped"),
    ("Aktiviteter", "activities"),
)


class OutputExists(Exception):
    """The output file exists and ``force`` was not given."""


def write_summary(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the summary workbook to ``out`` (atomically); refuse to replace a file unless ``force``."""
    out = Path(out)
    if out.exists() and not force:
        raise OutputExists(str(out))
    return atomic_write(out, lambda tmp: _write(summary, tmp))


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E79"})
        self.h2 = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"})
        self.bold = wb.add_format({"bold": True})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.datetime = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
                                     "valign": "vcenter", "border": 1})
        self.section = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.cell_date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left", "border": 1})
        self.total = wb.add_format({"bold": True, "top": 1})
        self.unit = wb.add_format({"bold": True, "italic": True, "bg_color": "#BDD7EE", "border": 1})
        self.cell_error = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#FFC7CE"})
        self.cell_error_date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left", "border": 1,
                                              "bg_color": "#FFC7CE"})
        self.missing = wb.add_format({"italic": True, "font_color": "#9C0006", "text_wrap": True})
        self.status = {
            "godkänd": wb.add_format({"bg_color": "#C6EFCE"}),
            "med varningar": wb.add_format({"bg_color": "#FFEB9C"}),
            "med fel": wb.add_format({"bg_color": "#FFC7CE"}),
            "saknas": wb.add_format({"bg_color": "#D9D9D9"}),
            "kunde inte läsas": wb.add_format({"bg_color": "#FFC7CE", "italic": True}),
            "hör inte till planen": wb.add_format({"font_color": "#7F7F7F", "italic": True}),
        }


WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False, "nan_inf_to_errors": True}
"""XlsxWriter options of every workbook written from a Summary: text a manager typed always stays text."""


def _write(summary: Summary, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Sammanställning kompetensförsörjningsplan {summary.config.plan_year}",
                       "subject": "Kompetensförsörjningsplan", "author": summary.config.forvaltning,
                       "created": summary.made_at})
    fmt = _Formats(wb)
    sheets = {key: wb.add_worksheet(name, worksheet_class=BulkWorksheet) for key, name in SHEETS.items()}
    by_category = summary.by_department_and_category
    _overview(sheets["overview"], summary, by_category, wb, fmt)
    _table_sheet(sheets["submissions"], summary.submissions, fmt, "Inlamning", status_column="Status")
    activity_rows = _records(summary.activities)
    _table_sheet(sheets["activities"], summary.activities, fmt, "Aktiviteter",
                 widths={c.header: c.width for c in C.COLUMNS}, wrap=False, records=activity_rows)
    _crosstab_sheet(sheets["by_category"], by_category, fmt, "Aktiviteter per avdelning och kategori (UBARA)", wb,
                    chart=True)
    _crosstab_sheet(sheets["by_responsible"], summary.by_responsible, fmt, "Aktiviteter per ansvarig funktion", wb)
    _crosstab_sheet(sheets["by_target_group"], summary.by_target_group, fmt, "Aktiviteter per målgrupp", wb)
    _crosstab_sheet(sheets["timeline"], summary.timeline, fmt, "Aktiviteter per tertial för måldatum", wb)
    _table_sheet(sheets["issues"], summary.issues, fmt, "Valideringsfel", wrap=False)
    _print_sheet(sheets["print"], summary, fmt)
    for key in ("submissions", "activities", "issues"):
        _page_setup(sheets[key], summary, repeat=0)
    for key in ("by_category", "by_responsible", "by_target_group", "timeline"):
        _page_setup(sheets[key], summary, repeat=2)
    _page_setup(sheets["overview"], summary, tall=False)
    sheets["overview"].activate()
    with _quick_zip():
        wb.close()


class _QuickZip(zipfile.ZipFile):
    """A ZipFile that deflates at level 1: about 3× faster than the default, files ~15% larger."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: int | None = None) -> None:
        super().writestr(zinfo_or_arcname, data, compress_type, 1 if compresslevel is None else compresslevel)


@contextmanager
def _quick_zip() -> Iterator[None]:
    """Let XlsxWriter (in-memory mode) package this workbook with :class:`_QuickZip`."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = _QuickZip
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


def _value(ws: Worksheet, row: int, col: int, value: Any, fmt: _Formats, cell_format: Any = None) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return
    if isinstance(value, str):
        ws.write_string(row, col, value, cell_format)
    elif isinstance(value, bool):
        ws.write_string(row, col, "ja" if value else "nej", cell_format)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, cell_format)
    elif isinstance(value, (datetime, pd.Timestamp)):
        ws.write_datetime(row, col, value.to_pydatetime() if isinstance(value, pd.Timestamp) else value,
                          cell_format or fmt.date)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), cell_format or fmt.date)
    else:
        ws.write_string(row, col, str(value), cell_format)


def _records(frame: pd.DataFrame) -> list[list[Any]]:
    """The rows of ``frame`` as plain Python lists (NaN/NaT as None): far faster to write than pandas rows."""
    return frame.astype(object).where(frame.notna(), None).to_numpy().tolist()


def _table_sheet(ws: Worksheet, frame: pd.DataFrame, fmt: _Formats, name: str, widths: dict[str, float] | None = None,
                 wrap: bool = True, status_column: str | None = None, records: list[list[Any]] | None = None) -> None:
    """A sheet holding ``frame`` (or its ``records``) as an Excel table with filters, frozen header and widths.

    With ``wrap``, each row is as high as its wrapped text needs, and True/False are written as ja/nej.
    """
    headers = [str(c) for c in frame.columns]
    records = _records(frame) if records is None else records
    heights = None
    if wrap:
        sizes = [(widths or {}).get(h) or WIDTHS.get(h, 16) for h in headers]
        records = [["ja" if v is True else "nej" if v is False else v for v in row] for row in records]
        heights = [C.row_height(zip(row, sizes, strict=True)) for row in records]
        heights = [h if h > 15.0 else None for h in heights]
    ws.write_rows(1, records, [None] * len(headers), fmt.date, heights=heights)
    last = max(len(frame), 1)
    ws.add_table(0, 0, last, len(headers) - 1, {
        "name": name, "style": "Table Style Light 9", "autofilter": True,
        "columns": [{"header": h, "header_format": fmt.header} for h in headers]})
    for c, header in enumerate(headers):
        width = (widths or {}).get(header) or WIDTHS.get(header, 16)
        ws.set_column(c, c, width, fmt.wrap if wrap else None)
    if status_column in headers and len(frame):
        col = headers.index(status_column)
        for status, cell_format in fmt.status.items():
            ws.conditional_format(1, col, len(frame), col, {"type": "cell", "criteria": "==",
                                                            "value": f'"{status}"', "format": cell_format})
    ws.freeze_panes(1, 0)
    ws.set_row(0, 30)


def _crosstab_sheet(ws: Worksheet, table: pd.DataFrame, fmt: _Formats, title: str, wb: Workbook,
                    chart: bool = False) -> None:
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(2, 0, table.index.name or "", fmt.header)
    for c, header in enumerate(table.columns, start=1):
        ws.write_string(2, c, str(header), fmt.header)
    for r, (label, values) in enumerate(table.iterrows(), start=3):
        is_total = label == "Totalt"
        ws.write_string(r, 0, str(label), fmt.total if is_total else None)
        for c, value in enumerate(values, start=1):
            ws.write_number(r, c, int(value), fmt.total if is_total else None)
    ws.set_column(0, 0, 46 if len(max(map(str, table.index), key=len, default="")) > 25 else 26)
    for c, header in enumerate(table.columns, start=1):
        ws.set_column(c, c, 16 if len(str(header)) > 12 else 12)
    ws.set_row(2, 30)
    ws.freeze_panes(3, 1)
    if chart and len(table) > 1:
        _stacked_chart(wb, ws, table, title, anchor=xl_rowcol_to_cell(len(table) + 5, 0))


def _stacked_chart(wb: Workbook, ws: Worksheet, table: pd.DataFrame, title: str, anchor: str,
                   target: Worksheet | None = None) -> None:
    """A stacked column chart: one series per column (step) over the rows (departments), totals excluded."""
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    rows = len(table) - 1  # without the Totalt row
    name = ws.get_name()
    for c, _header in enumerate(table.columns[:-1], start=1):
        chart.add_series({"name": [name, 2, c], "categories": [name, 3, 0, 2 + rows, 0],
                          "values": [name, 3, c, 2 + rows, c], "gap": 60})
    chart.set_title({"name": title})
    chart.set_y_axis({"name": "Antal aktiviteter", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 820, "height": 420})
    (target or ws).insert_chart(anchor, chart)


def _overview(ws: Worksheet, summary: Summary, by_category: pd.DataFrame, wb: Workbook, fmt: _Formats) -> None:
    config, totals = summary.config, summary.totals
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 60)
    ws.write_string(0, 0, f"Sammanställning kompetensförsörjningsplan {config.plan_year}", fmt.title)
    facts = [("Förvaltning", config.forvaltning), ("Planperiod", config.period_label),
             ("Mallversion", config.template_version), ("Skapad", summary.made_at),
             ("Urval", "bara rader utan fel (--strict)" if summary.strict else "alla rader; rader med fel är markerade")]
    for r, (label, value) in enumerate(facts, start=2):
        ws.write_string(r, 0, label, fmt.bold)
        _value(ws, r, 1, value, fmt, fmt.datetime if isinstance(value, datetime) else None)
    row = 2 + len(facts) + 1
    ws.write_string(row, 0, "Inlämning", fmt.h2)
    for label, key in OVERVIEW_FIGURES:
        row += 1
        if key is None:
            row += 1
            ws.write_string(row, 0, label, fmt.h2)
            continue
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, totals[key])
    row += 2
    ws.write_string(row, 0, "Aktiviteter per steg (UBARA)", fmt.h2)
    steps = by_category.loc["Totalt"].drop("Totalt")
    for offset, (step, count) in enumerate(steps.items(), start=1):
        ws.write_string(row + offset, 0, str(step))
        ws.write_number(row + offset, 1, int(count))
    row += len(steps) + 2
    notes = summary.notes
    if notes:
        ws.write_string(row, 0, "Att notera", fmt.h2)
        for offset, note in enumerate(notes, start=1):
            ws.write_string(row + offset, 0, note)
        row += len(notes) + 2
    if len(by_category) > 1:
        _stacked_chart(wb, wb.get_worksheet_by_name(SHEETS["by_category"]), by_category,
                       "Aktiviteter per avdelning och steg", anchor="D3", target=ws)


def _print_sheet(ws: Worksheet, summary: Summary, fmt: _Formats) -> None:
    """Chapter 3 for A4: per department (a page each), its plans' sub-headings, UBARA sections, the seeds' columns.

    The column headers are the sheet's first row, repeated on every printed page.
    """
    width = len(PRINT_COLUMNS)
    for c, (_, size) in enumerate(PRINT_COLUMNS):
        ws.set_column(c, c, size)
    for c, (header, _) in enumerate(PRINT_COLUMNS):
        ws.write_string(0, c, header, fmt.header)
    ws.set_row(0, C.row_height(zip(PRINT_HEADERS, PRINT_WIDTHS, strict=True)) + 4)
    row = 1
    breaks = []
    placed: dict[bool, tuple[list[int], list[tuple[Any, ...]]]] = {False: ([], []), True: ([], [])}  # by error
    for department in activity_plans(summary):
        if department.rows and row > 1:
            breaks.append(row)
        ws.merge_range(row, 0, row, width - 1, department.heading, fmt.h2)
        ws.set_row(row, 22)
        row += 1
        for block in department.blocks:
            if block.heading:
                ws.merge_range(row, 0, row, width - 1, block.heading, fmt.unit)
                row += 1
            for step, rows in block.sections:
                ws.merge_range(row, 0, row, width - 1, step, fmt.section)
                row += 1
                for printed in rows:
                    numbers, cells = placed[printed.error]
                    numbers.append(row)
                    cells.append(printed.cells)
                    row += 1
        if department.missing:
            ws.merge_range(row, 0, row, width - 1, department.missing, fmt.missing)
            row += 1
        row += 1
    for error, (numbers, cells) in placed.items():  # all activity rows in two calls: far faster than one per run
        cell, dated = (fmt.cell_error, fmt.cell_error_date) if error else (fmt.cell, fmt.cell_date)
        ws.write_rows_at(numbers, cells, [cell] * width, dated,
                         heights=[C.row_height(zip(c, PRINT_WIDTHS, strict=True)) for c in cells])
    if breaks:
        ws.set_h_pagebreaks(breaks)
    _page_setup(ws, summary, repeat=0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)


def _page_setup(ws: Worksheet, summary: Summary, repeat: int | None = None, tall: bool = True) -> None:
    """A4 landscape, one page wide (``tall``: as many pages down as needed, else one page), row ``repeat``
    on every page, and a footer with the förvaltning, the sheet's name and 'Sida X av Y'."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0 if tall else 1)
    if repeat is not None:
        ws.repeat_rows(repeat)
    forvaltning = summary.config.forvaltning.replace("&", "&&")
    ws.set_footer(f"&L&8{forvaltning}&C&8&A&R&8Sida &P av &N")

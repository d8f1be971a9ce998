"""The kit every workbook written from a :class:`~kfworkbook.summary.model.Summary` is made with (XlsxWriter).

Formats, values written with their Excel type, tables with filters, crosstab sheets with their chart,
page setup with the footer, and a quicker zip for large workbooks. XlsxWriter writes large sheets
about twice as fast as openpyxl and makes native charts; every workbook is opened with
:data:`WORKBOOK_OPTIONS`, so text a manager typed ("=SUMMA(A1)") always stays text.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pandas as pd
import xlsxwriter.workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..fileio import xml_safe
from ..forms import columns as C
from ..summary.model import Summary

WIDTHS = {"Avdelning": 20, "Enhet": 18, "Källfil": 34, "Källrad": 8, "Fel": 6, "Varningar": 9, "Fil": 40,
          "Meddelande": 90, "Status": 20, "Anmärkning": 60, "Datum": 11, "Värde": 30, "Kod": 18, "Typ": 8,
          "Blad": 14, "Cell": 8, "Kolumn": 22, "Aktiviteter": 11, "Förväntad": 10}



class Formats:
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


class QuickZip(zipfile.ZipFile):
    """A ZipFile that deflates at level 1: about 3× faster than the default, files ~15% larger."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: int | None = None) -> None:
        super().writestr(zinfo_or_arcname, data, compress_type, 1 if compresslevel is None else compresslevel)


@contextmanager
def quick_zip() -> Iterator[None]:
    """Let XlsxWriter (in-memory mode) package this workbook with :class:`QuickZip`."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = QuickZip
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Formats, cell_format: Any = None) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return
    if isinstance(value, str):
        ws.write_string(row, col, xml_safe(value), cell_format)
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
        ws.write_string(row, col, xml_safe(str(value)), cell_format)


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """The rows of ``frame`` as plain Python lists (NaN/NaT as None): far faster to write than pandas rows."""
    return frame.astype(object).where(frame.notna(), None).to_numpy().tolist()


def table_sheet(ws: Worksheet, frame: pd.DataFrame, fmt: Formats, name: str, widths: dict[str, float] | None = None,
                 wrap: bool = True, status_column: str | None = None, records: list[list[Any]] | None = None,
                 first_row: int = 0) -> None:
    """A sheet holding ``frame`` (or its ``records``) as an Excel table with filters, frozen header and widths.

    With ``wrap``, each row is as high as its wrapped text needs, and True/False are written as ja/nej. The
    table's header is on row ``first_row`` (0-based; the rows above are free for a title).
    """
    headers = [str(c) for c in frame.columns]
    records = frame_rows(frame) if records is None else records
    heights = None
    if wrap:
        sizes = [(widths or {}).get(h) or WIDTHS.get(h, 16) for h in headers]
        records = [["ja" if v is True else "nej" if v is False else v for v in row] for row in records]
        heights = [C.row_height(zip(row, sizes, strict=True)) for row in records]
        heights = [h if h > 15.0 else None for h in heights]
    ws.write_rows(first_row + 1, records, [None] * len(headers), fmt.date, heights=heights)
    last = first_row + max(len(frame), 1)
    ws.add_table(first_row, 0, last, len(headers) - 1, {
        "name": name, "style": "Table Style Light 9", "autofilter": True,
        "columns": [{"header": h, "header_format": fmt.header} for h in headers]})
    for c, header in enumerate(headers):
        width = (widths or {}).get(header) or WIDTHS.get(header, 16)
        ws.set_column(c, c, width, fmt.wrap if wrap else None)
    if status_column in headers and len(frame):
        col = headers.index(status_column)
        for status, cell_format in fmt.status.items():
            ws.conditional_format(first_row + 1, col, first_row + len(frame), col, {
                "type": "cell", "criteria": "==", "value": f'"{status}"', "format": cell_format})
    ws.freeze_panes(first_row + 1, 0)
    ws.set_row(first_row, 30)


def crosstab_sheet(ws: Worksheet, table: pd.DataFrame, fmt: Formats, title: str, wb: Workbook,
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
        stacked_chart(wb, ws, table, title, anchor=xl_rowcol_to_cell(len(table) + 5, 0))


def stacked_chart(wb: Workbook, ws: Worksheet, table: pd.DataFrame, title: str, anchor: str,
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


def page_setup(ws: Worksheet, summary: Summary, repeat: int | None = None, tall: bool = True) -> None:
    """A4 landscape, one page wide (``tall``: as many pages down as needed, else one page), row ``repeat``
    on every page, and a footer with the förvaltning, the sheet's name and 'Sida X av Y'."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0 if tall else 1)
    if repeat is not None:
        ws.repeat_rows(repeat)
    forvaltning = summary.config.forvaltning.replace("&", "&&")
    ws.set_footer(f"&L&8{forvaltning}&C&8&A&R&8Sida &P av &N")

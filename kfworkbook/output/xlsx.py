"""The kit every workbook written from a :class:`~kfworkbook.summary.model.Summary` is made with (XlsxWriter).

Formats, values written with their Excel type, tables with filters, crosstab sheets with their chart,
page setup with the footer, and a quicker zip for large workbooks. XlsxWriter writes large sheets
about twice as fast as openpyxl and makes native charts; every workbook is opened with
:data:`WORKBOOK_OPTIONS`, so text a manager typed ("=SUMMA(A1)") always stays text.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter.workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import printing as P
from ..fileio import xml_safe
from ..forms import columns as C
from ..summary.model import Summary
from . import xlsxbulk
from .xlsxbulk import BulkWorksheet

WIDTHS = {"Avdelning": 20, "Enhet": 18, "Källfil": 34, "Källrad": 8, "Fel": 6, "Varningar": 9, "Fil": 40,
          "Meddelande": 90, "Status": 20, "Anmärkning": 60, "Datum": 11, "Värde": 30, "Kod": 18, "Typ": 8,
          "Blad": 14, "Cell": 8, "Kolumn": 22, "Aktiviteter": 11, "Förväntad": 10}



def submission_widths(summary: Summary) -> dict[str, float]:
    """Inlämning's widths: department and unit names whole, Anmärkning the rest of one legible page width."""
    widths = {"Avdelning": P.word_width([d.name for d in summary.config.departments], 14, 24),
              "Enhet": P.word_width([u for d in summary.config.departments for u in d.units], 12, 20),
              "Status": 14.0, "Aktiviteter": 13.0, "Fel": 5.0, "Varningar": 11.0, "Fil": 20.0, "Datum": 11.0}
    room = P.LANDSCAPE.width_pt / (P.CHAR_PT * P.TARGET_TYPE_PT / P.FONT_PT) - P.COLUMN_PAD * (len(widths) + 1)
    return {**widths, "Anmärkning": max(20.0, room - sum(widths.values()) - 2)}


SUBMISSION_PRINTED = 9
"""Inlämning prints its columns up to Anmärkning (Förväntad, ja/nej, stays in the workbook)."""
ISSUE_KEYS = (0, 4)
"""Fil to Cell: printed again beside Meddelande when Valideringsfel is two pages wide."""


def issue_widths(summary: Summary) -> dict[str, float]:
    """Valideringsfel's widths (the message wraps): where and what on the first page, the message beside them."""
    return {**submission_widths(summary), "Fil": 18, "Blad": 16, "Cell": 6, "Typ": 9, "Kod": 16, "Kolumn": 14,
            "Värde": 16, "Meddelande": 60}


class Formats:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E79", "text_wrap": True,
                                    "valign": "top"})
        self.h2 = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"})
        self.bold = wb.add_format({"bold": True})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.datetime = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.indent = wb.add_format({"indent": 1})
        self.indent_wrap = wb.add_format({"indent": 1, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
                                     "valign": "vcenter", "border": 1})
        self.section = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.cell_date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left", "border": 1})
        self.total = wb.add_format({"bold": True, "top": 1, "valign": "top"})
        self.total_wrap = wb.add_format({"bold": True, "top": 1, "text_wrap": True, "valign": "top"})
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


def _wrapped_heights(columns: Sequence[Sequence[Any]], sizes: Sequence[float]) -> list[float]:
    """The height each row's wrapped texts need (cells given column by column), with a spare line when a word is
    longer than its column (a file name): the font then breaks it where it can, often after a hyphen or
    underscore, on more lines than counted."""
    heights = C.row_heights(columns, sizes)
    spare = [False] * len(heights)
    for values, size in zip(columns, sizes, strict=True):
        long = {v: isinstance(v, str) and any(len(w) > size for w in v.split()) for v in dict.fromkeys(values)}
        if any(long.values()):
            spare = list(map(operator.or_, spare, map(long.__getitem__, values)))
    return [min(409.0, height + 15.0) if extra else height for height, extra in zip(heights, spare, strict=True)]


def new_workbook(path: Path, summary: Summary, title: str, subject: str,
                 sheets: dict[str, str]) -> tuple[Workbook, Formats, dict[str, Worksheet]]:
    """A workbook written from ``summary`` (:data:`WORKBOOK_OPTIONS`, its properties), its formats, and its sheets
    (``{key: name}``, in order) as bulk worksheets."""
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": title, "subject": subject, "author": summary.config.forvaltning,
                       "created": summary.made_at})
    return wb, Formats(wb), {key: wb.add_worksheet(name, worksheet_class=BulkWorksheet) for key, name in sheets.items()}


def frame_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """The columns of ``frame`` as plain Python lists (NaN/NaT as None), as the bulk writer takes them.

    A yes/no column (True/False, also mixed with 1/0 by a concatenation) is written as ja/nej, never as
    TRUE/FALSE or a number.
    """
    columns = []
    for c in range(frame.shape[1]):
        column = frame.iloc[:, c]
        if column.dtype == bool or (column.dtype == object and column.head(1000).map(
                lambda v: isinstance(v, (bool, np.bool_))).any()):
            column = column.map(
                lambda v: v if v is None or (isinstance(v, float) and math.isnan(v)) else "ja" if v else "nej")
        column = column.astype(object)
        columns.append(column.where(column.notna(), None).tolist())
    return columns


def sheet_parts(rows: int, first_row: int = 0) -> list[tuple[int, int]]:
    """The (start, stop) rows of a table of ``rows`` rows on as many sheets as it needs under a header on row
    ``first_row``: Excel holds :data:`~kfworkbook.output.xlsxbulk.ROW_LIMIT` rows a sheet, and no row is
    ever dropped (one part, possibly empty, for a table that fits)."""
    room = xlsxbulk.ROW_LIMIT - first_row - 1
    return [(start, min(start + room, rows)) for start in range(0, rows, room)] or [(0, 0)]


CONTINUED = {"Aktivitetsplan per avdelning": "Aktivitetsplan per avd."}
"""Shorter names for the continuation sheets whose name with ' (2)' would pass Excel's 31 characters."""


def part_name(name: str, part: int) -> str:
    """The name of the ``part``-th sheet (from 1) of a sheet split for Excel's row limit: 'Aktiviteter (2)'."""
    if part == 1:
        return name
    suffix = f" ({part})"
    base = name if len(name) + len(suffix) <= 31 else CONTINUED.get(name, name)
    return base[:31 - len(suffix)].rstrip() + suffix


def split_note(names: Sequence[str]) -> str:
    """The Översikt note naming the sheets one table was split over."""
    limit = f"{xlsxbulk.ROW_LIMIT:,}".replace(",", " ")
    return (f"Ett blad i Excel rymmer högst {limit} rader, så tabellen står på {len(names)} blad: "
            f"{', '.join(names[:-1])} och {names[-1]}.")


def split_sheets(sheets: dict[str, str], rows: dict[str, tuple[int, int]]
                 ) -> tuple[dict[str, str], dict[str, list[tuple[str, int, int]]]]:
    """The sheets of a workbook whose tables may pass Excel's row limit, and where each table's rows go.

    ``rows`` gives, for the keys of ``sheets`` that hold a table, its row count and header row. A table too
    long for one sheet continues on 'Name (2)', 'Name (3)' … right after it. Returns ({sheet key: name} in
    order, {table key: [(sheet key, first row, end row) …]}); a continuation's key is 'key (n)'.
    """
    out: dict[str, str] = {}
    parts: dict[str, list[tuple[str, int, int]]] = {}
    for key, name in sheets.items():
        if key not in rows:
            out[key] = name
            continue
        parts[key] = []
        for number, (start, stop) in enumerate(sheet_parts(*rows[key]), start=1):
            sheet_key = key if number == 1 else f"{key} ({number})"
            out[sheet_key] = part_name(name, number)
            parts[key].append((sheet_key, start, stop))
    return out, parts


def table_name(name: str, part: int) -> str:
    """The Excel table name of the ``part``-th sheet of a split table ('Aktiviteter', 'Aktiviteter2' …)."""
    return name if part == 1 else f"{name}{part}"


def table_sheets(sheets: dict[str, Worksheet], parts: list[tuple[str, int, int]], frame: pd.DataFrame, fmt: Formats,
                 name: str, summary: Summary, setup: dict[str, Any], title: str | None = None,
                 **options: Any) -> None:
    """``frame`` as the Excel table ``name`` on the sheets :func:`split_sheets` gave it (``parts``; one for any
    real förvaltning), each part a :func:`table_sheet` with ``options``, ``title`` (an h2 line on row 0) and the
    kit's :func:`page_setup` with ``setup``."""
    for number, (key, start, stop) in enumerate(parts, start=1):
        ws = sheets[key]
        widths = table_sheet(ws, frame.iloc[start:stop], fmt, table_name(name, number), **options)
        if title is not None:
            ws.write_string(0, 0, title, fmt.h2)
        page_setup(ws, summary, widths, **setup)


def table_sheet(ws: Worksheet, frame: pd.DataFrame, fmt: Formats, name: str, widths: dict[str, float] | None = None,
                 wrap: bool = True, status_column: str | None = None, first_row: int = 0) -> list[float]:
    """A sheet holding ``frame`` as an Excel table with filters, frozen header and widths.

    With ``wrap``, each row is as high as its wrapped text needs. Without (a data table of many thousand rows),
    each cell is indented a little, so that a text cut at its cell's edge never runs into the next cell's, and
    only a row holding a text with line breaks wraps, as high as its text needs (else the lines would print over
    the rows below). True/False are written as ja/nej. The table's header is on row ``first_row`` (0-based; the
    rows above are free for a title). Returns the widths of the columns (for :func:`page_setup`).
    """
    headers = [str(c) for c in frame.columns]
    columns = frame_columns(frame)
    sizes = [(widths or {}).get(h) or WIDTHS.get(h, 16) for h in headers]
    count = len(frame)
    numbers = range(first_row + 1, first_row + 1 + count)
    if wrap:
        heights = _wrapped_heights(columns, sizes)
        ws.write_columns_at(numbers, columns, [None] * len(headers), fmt.date,
                            heights=[h if h > 15.0 else None for h in heights])
    else:
        texts = [c for c, column in enumerate(frame.columns) if not (pd.api.types.is_numeric_dtype(frame[column]) or
                                                                     pd.api.types.is_datetime64_any_dtype(frame[column]))]
        broken = sorted({i for c in texts if any(type(v) is str and "\n" in v for v in dict.fromkeys(columns[c]))
                         for i, v in enumerate(columns[c]) if type(v) is str and "\n" in v})
        if not broken:
            ws.write_columns_at(numbers, columns, [fmt.indent] * len(headers), fmt.date)
        else:
            skip = set(broken)
            plain = [i for i in range(count) if i not in skip]
            ws.write_columns_at([first_row + 1 + i for i in plain], [[col[i] for i in plain] for col in columns],
                                [fmt.indent] * len(headers), fmt.date)
            wrapped = [[col[i] for i in broken] for col in columns]
            ws.write_columns_at([first_row + 1 + i for i in broken], wrapped, [fmt.indent_wrap] * len(headers),
                                fmt.date, heights=C.row_heights(wrapped, sizes))
    last = first_row + max(len(frame), 1)
    ws.add_table(first_row, 0, last, len(headers) - 1, {
        "name": name, "style": "Table Style Light 9", "autofilter": True,
        "columns": [{"header": h, "header_format": fmt.header} for h in headers]})
    for c, width in enumerate(sizes):
        ws.set_column(c, c, width, fmt.wrap if wrap else None)
    if status_column in headers and len(frame):
        col = headers.index(status_column)
        for status, cell_format in fmt.status.items():
            ws.conditional_format(first_row + 1, col, first_row + len(frame), col, {"type": "cell", "criteria": "==",
                                                            "value": f'"{status}"', "format": cell_format})
    ws.freeze_panes(first_row + 1, 0)
    ws.set_row(first_row, C.row_height(zip(headers, sizes, strict=True)) + 4)
    return sizes


def title_row(ws: Worksheet, text: str, widths: Sequence[float], fmt: Formats, row: int = 0) -> None:
    """A title merged over the printed ``widths`` and wrapped there: a long name continues on a second line."""
    if len(widths) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, text, fmt.title)
    else:
        ws.write_string(row, 0, text, fmt.title)
    ws.set_row(row, P.title_height(text, sum(widths), 16))


def text_row(ws: Worksheet, row: int, text: str, widths: Sequence[float], cell_format: Any) -> None:
    """A line of text merged over ``widths`` and wrapped: a note that would otherwise run off the page."""
    if len(widths) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, text, cell_format)
    else:
        ws.write_string(row, 0, text, cell_format)
    height = C.row_height([(text, sum(widths))])
    if height > 15.0:
        ws.set_row(row, height)


def crosstab_sheet(ws: Worksheet, table: pd.DataFrame, fmt: Formats, title: str, wb: Workbook,
                    chart: bool = False) -> list[float]:
    """A crosstab with its title, labels wrapped in a column wide enough for their longest word, column widths
    that hold their headers' words, and (``chart``) a bar chart below. Returns the printed widths."""
    labels = [str(label) for label in table.index]
    label_width = max(26.0, min(32.0, max((len(label) for label in labels), default=0) + 2),
                      P.word_width(labels, maximum=32))
    widths = [label_width, *(P.word_width([header], 8, 24) for header in map(str, table.columns))]
    title_row(ws, title, widths, fmt)
    ws.write_string(2, 0, table.index.name or "", fmt.header)
    for c, header in enumerate(table.columns, start=1):
        ws.write_string(2, c, str(header), fmt.header)
    for r, (label, values) in enumerate(table.iterrows(), start=3):
        is_total = label == "Totalt"
        ws.write_string(r, 0, str(label), fmt.total_wrap if is_total else fmt.wrap)
        for c, value in enumerate(values, start=1):
            ws.write_number(r, c, int(value), fmt.total if is_total else fmt.top)
        height = C.row_height([(str(label), label_width)])
        if height > 15.0:
            ws.set_row(r, height)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(2, C.row_height(zip([table.index.name or "", *map(str, table.columns)], widths, strict=True)) + 4)
    ws.freeze_panes(3, 1)
    if chart and len(table) > 1:
        stacked_chart(wb, ws, table, title, anchor=xl_rowcol_to_cell(len(table) + 5, 0), width=widths)
    return widths


def stacked_chart(wb: Workbook, ws: Worksheet, table: pd.DataFrame, title: str, anchor: str,
                   target: Worksheet | None = None, width: Sequence[float] = ()) -> None:
    """A stacked bar chart: one bar per row (department), one series per column (step), totals excluded.

    Horizontal bars keep long department names level and whole beside their bar; the chart is as wide
    as the columns ``width`` it stands under (Excel's pixels), and as high as its bars need.
    """
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    rows = len(table) - 1  # without the Totalt row
    name = ws.get_name()
    for c, _header in enumerate(table.columns[:-1], start=1):
        chart.add_series({"name": [name, 2, c], "categories": [name, 3, 0, 2 + rows, 0],
                          "values": [name, 3, c, 2 + rows, c], "gap": 60})
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"name": "Antal aktiviteter", "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 10}})
    chart.set_legend({"position": "bottom", "font": {"size": 10}})
    pixels = int(sum(w * 7 + 5 for w in width)) if width else 760
    chart.set_size({"width": max(560, min(pixels, 900)), "height": chart_height(rows)})
    (target or ws).insert_chart(anchor, chart)


def chart_height(bars: int) -> int:
    """The height (pixels) of :func:`stacked_chart` with ``bars`` bars."""
    return 190 + 34 * bars


def chart_on_its_page(ws: Worksheet, row: int, above_pt: float, bars: int, page: P.Page) -> None:
    """Start a new page at ``row`` (where a chart of ``bars`` bars is anchored) when the ``above_pt`` points of
    rows above it leave too little room for the whole chart: a chart is never printed in two halves."""
    if above_pt + chart_height(bars) * 0.75 > page.height_pt:
        ws.set_h_pagebreaks([row])


def page_setup(ws: Worksheet, summary: Summary, widths: Sequence[float] = (), page: P.Page = P.LANDSCAPE,
               repeat_rows: int | None = None, repeat_columns: tuple[int, int] | None = None, tall: bool = True,
               print_columns: int | None = None) -> P.Layout:
    """The kit's print setup (:mod:`kfworkbook.printing`) on an XlsxWriter sheet: A4 ``page``, row ``repeat_rows``
    on every page, the footer (förvaltning, the sheet's name, 'Sida X av Y'), and the layout of the printed
    columns ``widths``: one page wide (one page in all unless ``tall``) when legible, else column pages with
    ``repeat_columns`` at the left of every page. ``print_columns`` prints only the first so many columns."""
    ws.set_paper(P.PAPER_A4)
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=page.left, right=page.right, top=page.top, bottom=page.bottom)
    printed = list(widths[:print_columns] if print_columns else widths)
    if print_columns:
        ws.print_area(0, 0, ws.dim_rowmax or 0, print_columns - 1)
    chosen = P.layout(printed, page, repeat_columns)
    if chosen.scale is None:
        ws.fit_to_pages(1, 0 if tall else 1)
    else:
        ws.set_print_scale(chosen.scale)
        ws.set_v_pagebreaks(list(chosen.breaks))
        ws.print_across()
        if chosen.repeat:
            ws.repeat_columns(*chosen.repeat)
    if repeat_rows is not None:
        ws.repeat_rows(repeat_rows)
    left, centre, right = P.footer(summary.config.forvaltning, ws.get_name(), page)
    size = f"&{P.FOOTER_PT}"
    ws.set_footer(f"&L{size}{left}&C{size}{centre}&R{size}{right}", {"margin": page.footer, "scale_with_doc": False})
    return chosen

"""Writing the summary workbook (Sammanställning) of the plans for HR, with the kit in :mod:`kfworkbook.output.xlsx`.

Översikt with its chart, Inlämning, Aktiviteter, the crosstabs, Valideringsfel and the print sheet
Aktivitetsplan per avdelning (chapter 3 of the plan, from :mod:`kfworkbook.summary.chapters`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import printing as P
from ..fileio import atomic_write, refuse_overwrite
from ..forms import columns as C
from ..summary.chapters import PRINT_HEADERS, ROW_ERROR_SHEET, activity_plans
from ..summary.model import Summary
from .xlsx import (
    ISSUE_KEYS,
    SUBMISSION_PRINTED,
    Formats,
    chart_on_its_page,
    crosstab_sheet,
    frame_rows,
    issue_widths,
    new_workbook,
    page_setup,
    quick_zip,
    stacked_chart,
    submission_widths,
    table_sheet,
    text_row,
    title_row,
    write_value,
)

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
PRINT_WIDTHS = (33.0, 42.0, 15.0, 22.0, 33.0)
"""Widths of the seeds' columns on Aktivitetsplan per avdelning: one legible landscape page wide (Ansvarig widens
to hold the longest word of the configuration's roles)."""


def print_widths(summary: Summary) -> tuple[float, ...]:
    """:data:`PRINT_WIDTHS`, with Ansvarig as wide as the longest word of the roles needs."""
    roles = P.word_width([PRINT_HEADERS[3], *summary.config.list_names("roles")], PRINT_WIDTHS[3], 26)
    return (*PRINT_WIDTHS[:3], roles, PRINT_WIDTHS[4])
OVERVIEW_FIGURES = (  # (label, key of Summary.totals); None starts a new heading
    ("Förväntade planer", "expected"), ("Inlämnade", "handed_in"), ("Godkända", "approved"),
    ("Med varningar", "with_warnings"), ("Med fel", "with_errors"), ("Kunde inte läsas", "unreadable"),
    ("Saknas", "missing"),
    ("Filer", None), ("Filer i inlämningen", "files"), ("Planer som räknas", "plans"),
    ("Ersatta av en nyare fil", "replaced"), ("Hör inte till planen", "foreign"),
    ("Filer som inte kunde läsas", "unreadable_files"), ("Överhoppade filer", "skipped"),
    ("Aktiviteter", "activities"),
)


def write_summary(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the summary workbook to ``out`` (atomically); refuse to replace a file unless ``force``."""
    out = Path(out)
    refuse_overwrite(out, force)
    return atomic_write(out, lambda tmp: _write(summary, tmp), overwrite=force)


def _write(summary: Summary, path: Path) -> None:
    wb, fmt, sheets = new_workbook(
        path, summary, f"Sammanställning kompetensförsörjningsplan {summary.config.plan_year}",
        "Kompetensförsörjningsplan", SHEETS)
    by_category = summary.by_department_and_category
    _overview(sheets["overview"], summary, by_category, wb, fmt)
    widths = table_sheet(sheets["submissions"], summary.submissions, fmt, "Inlamning", status_column="Status",
                         widths=submission_widths(summary))
    page_setup(sheets["submissions"], summary, widths, repeat_rows=0, print_columns=SUBMISSION_PRINTED)
    activity_rows = frame_rows(summary.activities)
    widths = table_sheet(sheets["activities"], summary.activities, fmt, "Aktiviteter",
                         widths={c.header: c.width for c in C.COLUMNS}, wrap=False, records=activity_rows)
    page_setup(sheets["activities"], summary, widths, repeat_rows=0, repeat_columns=(0, 1))
    for key, table, title, chart in (
            ("by_category", by_category, "Aktiviteter per avdelning och kategori (UBARA)", True),
            ("by_responsible", summary.by_responsible, "Aktiviteter per ansvarig funktion", False),
            ("by_target_group", summary.by_target_group, "Aktiviteter per målgrupp", False),
            ("timeline", summary.timeline, "Aktiviteter per tertial för måldatum", False)):
        widths = crosstab_sheet(sheets[key], table, fmt, title, wb, chart=chart)
        page_setup(sheets[key], summary, widths, repeat_rows=2, repeat_columns=(0, 0))
    widths = table_sheet(sheets["issues"], summary.issues, fmt, "Valideringsfel", widths=issue_widths(summary))
    page_setup(sheets["issues"], summary, widths, repeat_rows=0, repeat_columns=ISSUE_KEYS)
    _print_sheet(sheets["print"], summary, fmt)
    sheets["overview"].activate()
    with quick_zip():
        wb.close()


def _overview(ws: Worksheet, summary: Summary, by_category: pd.DataFrame, wb: Workbook, fmt: Formats) -> None:
    config, totals = summary.config, summary.totals
    widths = OVERVIEW_WIDTHS
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    heading = f"Sammanställning kompetensförsörjningsplan {config.plan_year}"
    title_row(ws, heading, widths, fmt)
    facts = [("Förvaltning", config.forvaltning), ("Planperiod", config.period_label),
             ("Mallversion", config.template_version), ("Skapad", summary.made_at),
             ("Urval", "bara rader utan fel (--strict)" if summary.strict else "alla rader; rader med fel är markerade")]
    for r, (label, value) in enumerate(facts, start=2):
        ws.write_string(r, 0, label, fmt.bold)
        write_value(ws, r, 1, value, fmt, fmt.datetime if isinstance(value, datetime) else None)
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
    above = P.title_height(heading, sum(widths), 16) + 15.0 * row
    if notes:
        ws.write_string(row, 0, "Att notera", fmt.h2)
        for offset, note in enumerate(notes, start=1):
            text_row(ws, row + offset, note, widths, fmt.wrap)
            above += C.row_height([(note, sum(widths))])
        row += len(notes) + 2
        above += 45.0
    if len(by_category) > 1:
        stacked_chart(wb, wb.get_worksheet_by_name(SHEETS["by_category"]), by_category,
                       "Aktiviteter per avdelning och steg", anchor=xl_rowcol_to_cell(row, 0), target=ws, width=widths)
        chart_on_its_page(ws, row, above, len(by_category) - 1, P.PORTRAIT)
    page_setup(ws, summary, widths, page=P.PORTRAIT)


OVERVIEW_WIDTHS = (30.0, 16.0, 28.0)
"""Översikt: labels, figures and room for the facts' text; the chart stands below them, as wide."""


def _print_sheet(ws: Worksheet, summary: Summary, fmt: Formats) -> None:
    """Chapter 3 for A4: per department (a page each), its plans' sub-headings, UBARA sections, the seeds' columns.

    The column headers are the sheet's first row, repeated on every printed page.
    """
    widths = print_widths(summary)
    width = len(widths)
    for c, size in enumerate(widths):
        ws.set_column(c, c, size)
    for c, header in enumerate(PRINT_HEADERS):
        ws.write_string(0, c, header, fmt.header)
    ws.set_row(0, C.row_height(zip(PRINT_HEADERS, widths, strict=True)) + 4)
    row = 1
    breaks = []
    placed: dict[bool, tuple[list[int], list[tuple[Any, ...]]]] = {False: ([], []), True: ([], [])}  # by error
    for department in activity_plans(summary, ROW_ERROR_SHEET):
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
            ws.set_row(row, C.row_height([(department.missing, sum(widths))]))
            row += 1
        row += 1
    for error, (numbers, cells) in placed.items():  # all activity rows in two calls: far faster than one per run
        cell, dated = (fmt.cell_error, fmt.cell_error_date) if error else (fmt.cell, fmt.cell_date)
        ws.write_rows_at(numbers, cells, [cell] * width, dated,
                         heights=[C.row_height(zip(c, widths, strict=True)) for c in cells])
    if breaks:
        ws.set_h_pagebreaks(breaks)
    page_setup(ws, summary, widths, repeat_rows=0)



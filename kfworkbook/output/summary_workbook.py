"""Writing the summary workbook (Sammanställning) of the plans for HR, with the kit in :mod:`kfworkbook.output.xlsx`.

Översikt with its chart, Inlämning, Aktiviteter, the crosstabs, Valideringsfel and the print sheet
Aktivitetsplan per avdelning (chapter 3 of the plan, from :mod:`kfworkbook.summary.chapters`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import collector
from .. import printing as P
from ..fileio import atomic_write, refuse_overwrite
from ..forms import columns as C
from ..summary.chapters import PRINT_HEADERS, ROW_ERROR_SHEET, PrintRow, activity_plans
from ..summary.model import Summary
from . import xlsxbulk
from .xlsx import (
    ISSUE_KEYS,
    SUBMISSION_PRINTED,
    Formats,
    chart_on_its_page,
    crosstab_sheet,
    issue_widths,
    new_workbook,
    page_setup,
    part_name,
    split_note,
    split_sheets,
    stacked_chart,
    submission_widths,
    table_sheets,
    text_row,
    title_row,
    write_value,
)
from .xlsxzip import quick_zip

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
    with collector.paused():  # a few hundred thousand cells: no full collection walks them again and again
        _write_sheets(summary, path)


def _write_sheets(summary: Summary, path: Path) -> None:
    printed_widths = print_widths(summary)
    pages = print_pages(summary, printed_widths)
    frames = {"submissions": summary.submissions, "activities": summary.activities, "issues": summary.issues}
    names, parts = split_sheets(SHEETS, {key: (len(frame), 0) for key, frame in frames.items()})
    printed = {}
    for number, page in enumerate(pages, start=1):
        key = "print" if number == 1 else f"print ({number})"
        names[key] = part_name(SHEETS["print"], number)
        printed[key] = page
    wb, fmt, sheets = new_workbook(
        path, summary, f"Sammanställning kompetensförsörjningsplan {summary.config.plan_year}",
        "Kompetensförsörjningsplan", names)
    by_category = summary.by_department_and_category
    split = [[names[k] for k, _, _ in table] for table in parts.values() if len(table) > 1]
    if len(printed) > 1:
        split.append([names[k] for k in printed])
    _overview(sheets["overview"], summary, by_category, wb, fmt, [split_note(n) for n in split])
    table_sheets(sheets, parts["submissions"], summary.submissions, fmt, "Inlamning", summary,
                 {"repeat_rows": 0, "print_columns": SUBMISSION_PRINTED}, status_column="Status",
                 widths=submission_widths(summary))
    table_sheets(sheets, parts["activities"], summary.activities, fmt, "Aktiviteter", summary,
                 {"repeat_rows": 0, "repeat_columns": (0, 1)}, widths={c.header: c.width for c in C.COLUMNS}, wrap=False)
    for key, table, title, chart in (
            ("by_category", by_category, "Aktiviteter per avdelning och kategori (UBARA)", True),
            ("by_responsible", summary.by_responsible, "Aktiviteter per ansvarig funktion", False),
            ("by_target_group", summary.by_target_group, "Aktiviteter per målgrupp", False),
            ("timeline", summary.timeline, "Aktiviteter per tertial för måldatum", False)):
        widths = crosstab_sheet(sheets[key], table, fmt, title, wb, chart=chart)
        page_setup(sheets[key], summary, widths, repeat_rows=2, repeat_columns=(0, 0))
    table_sheets(sheets, parts["issues"], summary.issues, fmt, "Valideringsfel", summary,
                 {"repeat_rows": 0, "repeat_columns": ISSUE_KEYS}, widths=issue_widths(summary))
    for key, page in printed.items():
        _print_sheet(sheets[key], summary, fmt, page, printed_widths)
    sheets["overview"].activate()
    with quick_zip():
        wb.close()


def _overview(ws: Worksheet, summary: Summary, by_category: pd.DataFrame, wb: Workbook, fmt: Formats,
              extra: list[str]) -> None:
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
    notes = [*summary.notes, *extra]
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


@dataclass
class PrintPage:
    """What one sheet of Aktivitetsplan per avdelning holds (a sheet holds at most ROW_LIMIT rows; the rows of a
    very large förvaltning continue on the next): headings and activity rows by row number, page breaks."""

    headings: list[tuple[int, str, str, float | None]] = field(default_factory=list)
    """(row, text, kind: department/unit/section/missing, height or None) in the order of the sheet."""
    rows: dict[bool, tuple[list[int], list[PrintRow]]] = field(
        default_factory=lambda: {False: ([], []), True: ([], [])})
    """The activity rows without and with errors: their row numbers and cells."""
    breaks: list[int] = field(default_factory=list)


def print_pages(summary: Summary, widths: tuple[float, ...]) -> list[PrintPage]:
    """Lay out chapter 3 for A4 over as many sheets as Excel's row limit needs (one for any real förvaltning):
    per department (a page each), its plans' sub-headings, UBARA sections and activity rows, under the column
    headers on the first row of every sheet."""
    pages = [PrintPage()]
    row = 1
    context: list[tuple[str, str, float | None]] = []  # the department's and the plan's headings above this row

    def place(heading: tuple[str, str, float | None] | None = None, printed: PrintRow | None = None) -> int:
        """Put a heading or an activity on the next row; on a new sheet when this one is full, under the
        department's and plan's headings again (marked 'forts.'). Returns the row."""
        nonlocal row
        if row >= xlsxbulk.ROW_LIMIT:
            pages.append(PrintPage())
            row = 1
            if heading is None or heading[1] not in ("department", "unit"):
                for text, kind, height in context:
                    pages[-1].headings.append((row, f"{text} (forts.)", kind, height))
                    row += 1
        if heading is not None:
            pages[-1].headings.append((row, *heading))
        elif printed is not None:
            numbers, cells = pages[-1].rows[printed.error]
            numbers.append(row)
            cells.append(printed)
        row += 1
        return row - 1

    def place_rows(printed: list[PrintRow]) -> None:
        """Put activities on the next rows: as :func:`place` puts each, without a call a row where they all fit on
        this sheet."""
        nonlocal row
        if row + len(printed) > xlsxbulk.ROW_LIMIT:
            for one in printed:
                place(printed=one)
            return
        by_error = pages[-1].rows
        for at, one in enumerate(printed, start=row):
            numbers, cells = by_error[one.error]
            numbers.append(at)
            cells.append(one)
        row += len(printed)

    for department in activity_plans(summary, ROW_ERROR_SHEET):
        context = [(department.heading, "department", 22.0)]
        at = place(context[0])
        if department.rows and at > 1:
            pages[-1].breaks.append(at)
        for block in department.blocks:
            context = context[:1]
            if block.heading:
                context.append((block.heading, "unit", None))
                place(context[-1])
            for step, rows in block.sections:
                place((step, "section", None))
                place_rows(rows)
        if department.missing:
            place((department.missing, "missing", C.row_height([(department.missing, sum(widths))])))
        row += 1
    return pages


def _print_sheet(ws: Worksheet, summary: Summary, fmt: Formats, page: PrintPage, widths: tuple[float, ...]) -> None:
    """One sheet of chapter 3 for A4 (see :func:`print_pages`); the column headers are its first row, repeated on
    every printed page."""
    width = len(widths)
    for c, size in enumerate(widths):
        ws.set_column(c, c, size)
    for c, header in enumerate(PRINT_HEADERS):
        ws.write_string(0, c, header, fmt.header)
    ws.set_row(0, C.row_height(zip(PRINT_HEADERS, widths, strict=True)) + 4)
    kinds = {"department": fmt.h2, "unit": fmt.unit, "section": fmt.section, "missing": fmt.missing}
    ws.merge_rows_at([r for r, _, _, _ in page.headings], [t for _, t, _, _ in page.headings],
                     [kinds[k] for _, _, k, _ in page.headings], width - 1, heights=[h for _, _, _, h in page.headings])
    for error, (numbers, printed) in page.rows.items():  # all activity rows in two calls: far faster than one a run
        if not printed:
            continue
        cell, dated = (fmt.cell_error, fmt.cell_error_date) if error else (fmt.cell, fmt.cell_date)
        columns = list(zip(*(p.cells for p in printed), strict=True))
        ws.write_columns_at(numbers, columns, [cell] * width, dated, heights=C.row_heights(columns, widths))
    if page.breaks:
        ws.set_h_pagebreaks(page.breaks)
    page_setup(ws, summary, widths, repeat_rows=0)

"""Writing the follow-up report of a period ('Uppföljning T1 2022') with XlsxWriter.

The same kit as the summary workbook (:mod:`kfworkbook.output.xlsx`): Översikt with the share
completed and a chart, the crosstabs per department and per UBARA step and status, the delayed and
cancelled activities, every activity with its latest answer, Inlämning and Valideringsfel. What is
counted comes from :mod:`kfworkbook.summary.follow_up`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from ..fileio import atomic_write, refuse_overwrite
from ..forms.spec import PERIOD_NAMES
from ..summary.follow_up import (
    COMPLETED,
    DUE,
    SHARE,
    by_status,
    completion,
    delayed_and_cancelled,
    listed_heading,
    report_title,
)
from ..summary.model import Summary
from .xlsx import (
    WORKBOOK_OPTIONS,
    Formats,
    crosstab_sheet,
    frame_rows,
    page_setup,
    stacked_chart,
    table_sheet,
    write_value,
)
from .xlsxbulk import BulkWorksheet

SHEETS = {"overview": "Översikt", "by_department": "Per avdelning och status", "by_step": "Per steg och status",
          "delayed": "Avvikelser", "activities": "Aktiviteter", "submissions": "Inlämning",
          "issues": "Valideringsfel"}
"""The sheets of the report. 'Avvikelser' lists the activities with a delayed or cancelled status, in the
configuration's words (its title names the statuses: 'Försenad och Utgår', 'Försenad, Senarelagd och Avbruten')."""
ACCOUNT_FIGURES = (("Aktiviteter i de godkända planerna", "approved"), ("Med svar", "answered"),
                   ("Utan svar", "unanswered"), ("– ingen uppföljning inlämnad", "not_returned"),
                   ("– uppföljningen kunde inte läsas", "unreadable"), ("– raden borttagen", "deleted"),
                   ("– Aktivitets-ID ändrat", "id_changed"), ("Borttagna av HR", "removed_by_hr"),
                   ("Tillagda rader (räknas inte)", "added_rows"))
"""The account of the period on Översikt: approved = answered + without an answer + removed by HR."""


def write_follow_up_report(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the follow-up report to ``out`` (atomically); refuse to replace a file unless ``force``."""
    out = Path(out)
    refuse_overwrite(out, force)
    shown = dataclasses.replace(  # the caller's Summary is left as it is
        summary, submissions=summary.submissions.replace({"Ingen plan inlämnad": "Ingen uppföljning inlämnad"}))
    return atomic_write(out, lambda tmp: _write(shown, tmp), overwrite=force)


def _write(summary: Summary, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"{report_title(summary)} – {summary.config.forvaltning}",
                       "subject": "Uppföljning av kompetensförsörjningsplan", "author": summary.config.forvaltning,
                       "created": summary.made_at})
    fmt = Formats(wb)
    sheets = {key: wb.add_worksheet(name, worksheet_class=BulkWorksheet) for key, name in SHEETS.items()}
    by_department = by_status(summary, "Avdelning")
    _overview(sheets["overview"], summary, by_department, wb, fmt)
    crosstab_sheet(sheets["by_department"], by_department, fmt, f"{report_title(summary)}: aktiviteter per "
                    "avdelning och status", wb, chart=True)
    crosstab_sheet(sheets["by_step"], by_status(summary, "Kategori (UBARA)"), fmt,
                    f"{report_title(summary)}: aktiviteter per steg (UBARA) och status", wb)
    widths = {"Aktivitet – hur gör vi det?": 48, "Kommentar": 60, "Måldatum": 12, "Nytt måldatum": 12,
              "Aktivitets-ID": 13, "Vad ska vi uppnå?": 36}
    delayed = sheets["delayed"]
    table_sheet(delayed, delayed_and_cancelled(summary), fmt, "Avvikelser", widths=widths, first_row=2)
    delayed.write_string(0, 0, f"{report_title(summary)}: {listed_heading(summary.config)}, med kommentarer och "
                               "nya måldatum", fmt.h2)
    table_sheet(sheets["activities"], summary.activities, fmt, "Aktiviteter", widths=widths, wrap=False,
                 records=frame_rows(summary.activities))
    table_sheet(sheets["submissions"], summary.submissions, fmt, "Inlamning", status_column="Status")
    table_sheet(sheets["issues"], summary.issues, fmt, "Valideringsfel", wrap=False)
    for key in ("delayed", "activities", "submissions", "issues"):  # as the summary workbook prints
        page_setup(sheets[key], summary, repeat=2 if key == "delayed" else 0)
    for key in ("by_department", "by_step"):
        page_setup(sheets[key], summary, repeat=2)
    page_setup(sheets["overview"], summary, tall=False)
    sheets["overview"].activate()
    wb.close()


def _overview(ws: Any, summary: Summary, by_department: pd.DataFrame, wb: Any, fmt: Formats) -> None:
    config, totals = summary.config, summary.totals
    percent = wb.add_format({"num_format": "0%"})
    ws.set_column(0, 0, 48)
    ws.set_column(1, 3, 18)
    ws.write_string(0, 0, f"{report_title(summary)} – {config.forvaltning}", fmt.title)
    facts = [("Period", PERIOD_NAMES[summary.period]), ("Planperiod", config.period_label),
             ("Skapad", summary.made_at),
             ("Inlämnade uppföljningar", f"{totals['handed_in']} av {totals['expected']}"),
             ("Saknas", str(totals["missing"])),
             ("Rader i inlämnade uppföljningar", str(totals["activities"]))]
    for r, (label, value) in enumerate(facts, start=2):
        ws.write_string(r, 0, label, fmt.bold)
        write_value(ws, r, 1, value, fmt, fmt.datetime if not isinstance(value, str) else None)
    row = 2 + len(facts) + 1
    ws.write_string(row, 0, f"Andel genomförda av dem som följs upp vid {summary.period}", fmt.h2)
    table = completion(summary)
    row += 1
    for c, header in enumerate(["Avdelning", DUE, COMPLETED, SHARE]):
        ws.write_string(row, c, header, fmt.header)
    for label, values in table.iterrows():
        row += 1
        bold = fmt.total if label == "Totalt" else None
        ws.write_string(row, 0, str(label), bold)
        ws.write_number(row, 1, int(values[DUE]), bold)
        ws.write_number(row, 2, int(values[COMPLETED]), bold)
        ws.write_number(row, 3, float(values[SHARE]), percent)
    row += 2
    if summary.accounts is not None:
        figures = summary.accounts.figures()
        ws.write_string(row, 0, f"Vart aktiviteterna tog vägen vid {summary.period}", fmt.h2)
        for label, key in ACCOUNT_FIGURES:
            if key in ("unreadable", "id_changed", "added_rows") and not figures[key]:
                continue
            row += 1
            ws.write_string(row, 0, label, fmt.bold if not label.startswith("–") else None)
            ws.write_number(row, 1, int(figures[key]))
        row += 2
    if summary.notes:
        ws.write_string(row, 0, "Att notera", fmt.h2)
        for offset, note in enumerate(summary.notes, start=1):
            ws.write_string(row + offset, 0, note)
        row += len(summary.notes) + 2
    if len(by_department) > 1:
        stacked_chart(wb, wb.get_worksheet_by_name(SHEETS["by_department"]), by_department,
                       "Aktiviteter per avdelning och status", anchor="F3", target=ws)

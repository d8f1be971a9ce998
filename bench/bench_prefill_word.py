"""Benchmark: ``template --prefill`` from last year's plan in Word.

A 2021 plan document of 200 pages (A4 landscape, as LibreOffice prints it) with 2,000 activity rows: five departments
under "Aktivitetsplan avdelningen …" headings, the UBARA step as section rows, every table broken
after ten rows into a new table after a page break, with an empty header row, as the seeds have it.
Baseline in the same run: ``template --prefill`` from a CSV file with the same 2,000 rows (the
same texts, the step in Kategori, Uppföljning and Kommentar in their own columns). Both runs read the
source, apply the roll-over rules and write the 2023 templates (library calls, as the CLI makes them).
The issue's bar: the Word run takes less than 5× the CSV run.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).parent))

from common import report, timed
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, Twips

from kfworkbook.config import default_config_text, parse_config
from kfworkbook.prefill.plans import prefill
from kfworkbook.template.plan import write_templates

ROWS = 2000
PER_TABLE = 10
HEADER = ("Vad ska vi uppnå?", "Aktivitet Hur gör vi det?", "Måldatum När ska det vara klart?", "Ansvarig",
          "Uppföljning/kommentar")
STEPS = ("Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla", "Avsluta")
ROLES = ("Enhetschef", "Rektor", "Avdelningschef", "HR", "Enhetschef och HR")
FOLLOW = ("Tertial 1 och 2", "Verksamhetsberättelse", "Följs upp i tertialrapportering och VB")


def config():
    data = tomllib.loads(default_config_text())
    data.update(plan_ar=2023, planperiod="2023-2025", antal_rader=500)
    return parse_config(data, "bench")


def activities(departments: list[str]) -> list[dict[str, str]]:
    rng = random.Random(24)
    rows = []
    for n in range(ROWS):
        department = departments[n * len(departments) // ROWS]
        step = STEPS[(n % (ROWS // len(departments))) * len(STEPS) // (ROWS // len(departments))]
        rows.append({"department": department, "step": step,
                     "goal": f"Mål {n}: ökad kompetens hos medarbetarna inom {department.lower()} genom ett "
                             f"strukturerat arbete",
                     "activity": f"Aktivitet {n}: utbildningsinsatser, handledning i grupp och lärande i arbetet "
                                 f"för alla berörda medarbetare under året",
                     "due": rng.choice(["2023-12-31", "2024-06-30", "2022-12-31", "2024", "Löpande"]),
                     "responsible": rng.choice(ROLES), "follow_up": rng.choice(FOLLOW),
                     "comment": "Följs upp i ledningsgruppen." if rng.random() < 0.5 else ""})
    return rows


WIDTHS = (3300, 5000, 1600, 2000, 2670)
"""Column widths in twips (the 25.7 cm between the margins of landscape A4), as a förvaltning's table has them."""


def _cell(text: str, column: int, span: int = 1) -> str:
    width = sum(WIDTHS[column:column + span])
    spanning = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanning}</w:tcPr>'
            f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')


def _table(document: Document, header: tuple[str, ...]) -> Any:
    table = document.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, WIDTHS, strict=True):
        column.w = Twips(width)
    table._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{''.join(_cell(h, n) for n, h in enumerate(header))}</w:tr>"))
    return table


def write_document(rows: list[dict[str, str]], path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(9)
    document.add_paragraph("Kompetensförsörjningsplan 2021–2023", style="Title")
    document.add_heading("3. Aktivitetsplaner per avdelning", level=1)
    department, step, in_table, table = None, None, 0, None
    for row in rows:
        if row["department"] != department:
            department, step, in_table = row["department"], None, 0
            document.add_heading(f"Aktivitetsplan avdelningen {department.lower()}", level=2)
            table = _table(document, HEADER)
        elif in_table == PER_TABLE:  # a page break: the table goes on with an empty header row
            document.add_page_break()
            table, in_table = _table(document, ("",) * len(HEADER)), 0
        xml = []
        if row["step"] != step:
            step = row["step"]
            xml.append(f"<w:tr>{_cell(step, 0, 5)}</w:tr>")
        note = "\n".join(v for v in (row["follow_up"], row["comment"]) if v)
        cells = (row["goal"], row["activity"], row["due"], row["responsible"], note)
        xml.append("<w:tr>" + "".join(_cell(v, n) for n, v in enumerate(cells)) + "</w:tr>")
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
            table._tbl.append(tr)  # type: ignore[union-attr]
        in_table += 1
    document.save(str(path))


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Avdelning", "Planår", "Kategori (UBARA)", "Vad ska vi uppnå?", "Aktivitet – hur gör vi det?",
                         "Måldatum", "Ansvarig (funktion)", "Uppföljning", "Kommentar"])
        for r in rows:
            writer.writerow([r["department"], 2021, r["step"], r["goal"], r["activity"], r["due"], r["responsible"],
                             r["follow_up"], r["comment"]])


def run(source: Path, cfg, out: Path) -> tuple[int, int]:
    result = prefill(source, cfg)
    write_templates(cfg, out, prefill=result.plans, force=True)
    return sum(len(rows) for rows, _ in result.plans.values()), len(result.attention)


def main() -> None:
    cfg = config()
    rows = activities([d.name for d in cfg.departments])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_document(rows, folder / "plan-2021.docx")
        write_csv(rows, folder / "plan-2021.csv")
        base, (csv_rows, _) = timed(lambda: run(folder / "plan-2021.csv", cfg, folder / "csv"), 3)
        ours, (word_rows, notes) = timed(lambda: run(folder / "plan-2021.docx", cfg, folder / "word"), 3)
        size = (folder / "plan-2021.docx").stat().st_size // 1024
        read_base, _ = timed(lambda: prefill(folder / "plan-2021.csv", cfg), 3)
        read_ours, _ = timed(lambda: prefill(folder / "plan-2021.docx", cfg), 3)
    assert word_rows == csv_rows == ROWS, (word_rows, csv_rows)
    report(f"template --prefill: Word document, {ROWS} activity rows in {ROWS // PER_TABLE} tables ({size} kB)", ours,
           base, "the same rows from CSV", f"{notes} rows needing a decision; the bar is < 5×")
    report("  of which reading the source and applying the rules (no templates written)", read_ours, read_base,
           "the same from CSV")


if __name__ == "__main__":
    main()

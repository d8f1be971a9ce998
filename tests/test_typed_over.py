"""A plan counts for the unit its template was made for, whatever is typed over on Uppgifter (issue 21).

Enskede-Årsta-Vantör's Individ- och familjeomsorg hands out three unit templates. Barn och ungdom
returns its plan as made; Vuxenenheten's manager types "Vuxenenheten IFO" over Enhet (Uppgifter!B4);
Ekonomiskt bistånd returns nothing. Everywhere the plan is counted it is Vuxenenheten's: the Inlämning
row, the Översikt figures, the plan document, the T1 follow-up workbook's name and next year's template.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from kfworkbook.config import Config, PlanUnit, load_config, parse_config
from kfworkbook.forms import columns as C
from kfworkbook.output.plan_document import build_document
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.prefill.follow_up_sources import read_sources
from kfworkbook.prefill.plans import prefill
from kfworkbook.summary.merge import merge
from kfworkbook.template.follow_up import follow_up_filename, write_follow_ups
from kfworkbook.template.plan import write_templates
from kfworkbook.validate.run import validate_file

from .plans import fill, flat

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "enskede-2027" / "kfworkbook.toml"
IFO = "Individ- och familjeomsorg"
VUXEN = PlanUnit(IFO, "Vuxenenheten")
ROW = {"category": "Utveckla", "goal": "Socialsekreterarna behåller kompetensen", "due": "2028-06-30",
       "responsible": "Enhetschef", "follow_up": "Per tertial"}
INFO = {"manager": "Enhetschef", "email": "chef@enskede.example", "date": "2027-01-20"}


@pytest.fixture(scope="module")
def enskede() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def returned(enskede: Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ifo")
    templates = {p.name: p for p in write_templates(enskede, root / "mallar", department=IFO)}
    folder = root / "inlamnat"
    for name, template in templates.items():
        if "Barn" in name:
            fill(template, folder / name, [dict(ROW, activity="Handledning i grupp")], INFO)
        elif "Vuxen" in name:
            def typed_over(wb: openpyxl.Workbook) -> None:
                wb[C.SHEET_INFO][C.info_cell("unit")] = "Vuxenenheten IFO"

            fill(template, folder / name, [dict(ROW, activity="Motiverande samtal, utbildning"),
                                           dict(ROW, activity="Introduktion för nya socialsekreterare",
                                                category="Introducera")], INFO, mutate=typed_over)
    return folder


def test_the_typed_over_cell_is_an_error_at_its_cell(enskede: Config, returned: Path) -> None:
    plan = next(returned.glob("*Vuxenenheten*"))
    report = validate_file(plan, enskede)
    assert flat(report) == [("enhet-andrad", "B4", "fel")]
    assert report.issues[0].message == ("Enheten ska vara Vuxenenheten, som mallen gjordes för – skriv tillbaka "
                                        "namnet. Planen räknas för Vuxenenheten.")


def test_the_plan_counts_for_its_templates_unit_everywhere(enskede: Config, returned: Path, tmp_path: Path) -> None:
    summary = merge([returned], enskede)
    # Inlämning: Vuxenenheten handed in (with an error to fix), no unknown unit, one unit missing.
    rows = summary.submissions[summary.submissions["Avdelning"] == IFO]
    assert [(r["Enhet"], r["Status"], r["Förväntad"]) for _, r in rows.iterrows()] == [
        ("Barn och ungdom", "godkänd", True), ("Vuxenenheten", "med fel", True),
        ("Ekonomiskt bistånd", "saknas", True)]
    assert not summary.submissions["Enhet"].astype(str).str.contains("IFO").any()
    # Översikt: of the 11 expected units, 2 handed in and 9 are missing (not 10 and an unknown unit).
    out = write_summary(summary, tmp_path / "sammanstallning.xlsx")
    overview = {row[0]: row[1] for row in openpyxl.load_workbook(out)["Översikt"].iter_rows(values_only=True)
                if row and row[0]}
    expected = len(enskede.plan_units())
    assert (overview["Förväntade planer"], overview["Inlämnade"], overview["Godkända"], overview["Med fel"],
            overview["Saknas"]) == (expected, 2, 1, 1, expected - 2)
    # The plan document: the unit's heading is Vuxenenheten; only Ekonomiskt bistånd is missing.
    document = build_document(summary)
    path = tmp_path / "plan.docx"
    document.save(path)
    saved = Document(str(path))
    texts = [p.text for p in saved.paragraphs]
    headings = [p.text for p in saved.paragraphs if p.style.name.startswith("Heading")]
    unit_rows = [row.cells[0].text for table in saved.tables for row in table.rows
                 if row.cells[0].text.startswith(("Barn", "Vuxen", "Ekonomiskt"))]
    assert not any("IFO" in text for text in texts + unit_rows)
    # chapter 2: the unit is named by its template's name — a heading when it wrote an analysis, else in the line
    # naming the plans without one (the document has no empty headings)
    assert "Vuxenenheten" in headings or any(t.startswith("Ingen egen analys från") and "Vuxenenheten" in t
                                             for t in texts)
    assert unit_rows == ["Barn och ungdom", "Vuxenenheten – planen har fel och är inte godkänd"]  # chapter 3
    assert f"{IFO}: Planer saknas för Ekonomiskt bistånd." in texts
    # The T1 follow-up is made for Vuxenenheten, under its template's name.
    units = read_sources([returned], enskede)
    assert [item.unit for item in units] == [PlanUnit(IFO, "Barn och ungdom"), VUXEN]
    written = write_follow_ups(enskede, units, "T1", tmp_path / "uppfoljning")
    assert [p.name for p in written] == [follow_up_filename(enskede, PlanUnit(IFO, "Barn och ungdom"), "T1"),
                                         follow_up_filename(enskede, VUXEN, "T1")]
    # Next year's template for Vuxenenheten carries its two activities.
    text = EXAMPLE.read_text(encoding="utf-8").replace("plan_ar = 2027", "plan_ar = 2028").replace(
        'planperiod = "2027-2029"', 'planperiod = "2028-2030"')
    next_year = parse_config(tomllib.loads(text), "enskede-2028.toml")
    carried = prefill(returned, next_year)
    rows_vuxen, _ = carried.plans[VUXEN]
    assert [r["activity"] for r in rows_vuxen] == ["Motiverande samtal, utbildning",
                                                   "Introduktion för nya socialsekreterare"]
    assert all("IFO" not in unit.unit for unit in carried.plans)

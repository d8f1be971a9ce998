"""The follow-up form end to end on the Farsta example: approved plans → T1 → T2, validated as managers fill them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kfworkbook.config import load_config
from kfworkbook.forms import spec as F
from kfworkbook.forms.follow_up import periods_of
from kfworkbook.prefill.follow_up_sources import read_sources
from kfworkbook.read.workbook import read_plan
from kfworkbook.template.follow_up import write_follow_ups
from kfworkbook.validate.run import validate_paths

from .conftest import soffice_convert

EXAMPLE = Path(__file__).parent.parent / "examples" / "farsta-2022"
CHECKER = Path("/work/shared/tools/ooxml/check_ooxml.py")


@pytest.fixture(scope="module")
def farsta():
    return load_config(EXAMPLE / "kfworkbook.toml")


@pytest.fixture(scope="module")
def t1(tmp_path_factory, farsta) -> Path:
    out = tmp_path_factory.mktemp("t1")
    write_follow_ups(farsta, read_sources([EXAMPLE / "planer"], farsta), "T1", out)
    return out


FORSKOLA = "Uppföljning_T1_2022_Förskola.xlsx"



def test_one_workbook_per_unit_with_stable_ids(t1, farsta):
    names = sorted(p.name for p in t1.iterdir())
    assert names == sorted(f"Uppföljning_T1_2022_{d}.xlsx" for d in
                           ("Förskola", "Stadsutveckling", "Äldreomsorg", "Individ_och_familj", "Funktionsnedsättning"))
    plan = read_plan(t1 / FORSKOLA)
    assert plan.form.kind == F.FOLLOW_UP_KIND and plan.meta["follow_up_period"] == "T1"
    assert plan.meta["plan_year"] == "2022" and plan.meta["department"] == "Förskola"
    ids = plan.columns[F.ID_KEY]
    assert len(ids) == 11 == len(set(ids)) and all(i.startswith("A-") for i in ids)
    assert plan.meta["activity_ids"].split(",") == ids
    # The same plans give the same IDs again, and the summary workbook gives the same IDs as the plans.
    again = read_sources([EXAMPLE / "planer"], farsta)
    assert [r[F.ID_KEY] for r in again[0].rows] == ids


def test_workbook_protection_and_dropdown(t1):
    wb = load_workbook(t1 / FORSKOLA)
    ws = wb[F.SHEET_FOLLOW_UP]
    form = F.follow_up_form("T1")
    assert ws.protection.sheet and wb["Listor"].sheet_state == "hidden"
    assert ws[f"{form.letter(F.ID_KEY)}6"].protection.locked
    assert ws[f"{form.letter('activity')}6"].protection.locked
    assert not ws[f"{form.letter(F.STATUS)}6"].protection.locked
    assert not ws[f"{form.letter(F.COMMENT)}6"].protection.locked
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists == ["Lista_Status"]
    assert ws.print_title_rows == "$5:$5" and ws.page_setup.orientation == "landscape"
    result = subprocess.run([sys.executable, str(CHECKER), "--quiet", str(t1 / FORSKOLA)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _fill(src: Path, dst: Path, answers: dict[int, tuple], period: str = "T1", clear: tuple[int, ...] = (),
          ids: dict[int, str] | None = None, added: int | None = None) -> Path:
    """Fill a follow-up workbook as a manager would: (status, comment, new date) per Excel row."""
    form = F.follow_up_form(period)
    wb = load_workbook(src)
    ws = wb[F.SHEET_FOLLOW_UP]
    info = wb["Uppgifter"]
    info["B6"], info["B7"], info["B8"] = "Anna Chef", "anna.chef@example.com", date(2022, 5, 10)
    for row, (status, comment, new_due) in answers.items():
        ws[f"{form.letter(F.STATUS)}{row}"] = status
        ws[f"{form.letter(F.COMMENT)}{row}"] = comment
        ws[f"{form.letter(F.NEW_DUE)}{row}"] = new_due
    for row in clear:
        for col in range(1, len(form.columns) + 2):
            ws.cell(row, col).value = None
    for row, value in (ids or {}).items():
        ws[f"{form.letter(F.ID_KEY)}{row}"] = value
    if added is not None:
        ws[f"{form.letter('activity')}{added}"] = "En ny aktivitet som chefen lade till"
        ws[f"{form.letter(F.STATUS)}{added}"] = "Pågår"
    wb.save(dst)
    return dst


GOOD = ("Pågår", "Arbetet har startat i alla förskolor.", None)


@pytest.fixture(scope="module")
def filled(t1, tmp_path_factory) -> Path:
    """Förskola's T1 with every follow-up rule broken once (rows 6–16 hold its 11 activities)."""
    out = tmp_path_factory.mktemp("filled")
    answers = {row: GOOD for row in (6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)}
    answers[7] = (None, None, None)                                    # due at T1, no status
    answers[8] = ("Klart", "Klart i mars.", None)                      # not in the list
    answers[9] = ("Försenad", "Väntar på HR.", None)                   # delayed without a new date
    answers[10] = ("Försenad", None, date(2022, 10, 31))               # delayed without a comment
    answers[11] = ("Genomförd", None, None)                            # done without a comment
    answers[13] = ("Försenad", "Flyttad till hösten.", date(2026, 1, 31))  # new date after the plan period
    return _fill(t1 / FORSKOLA, out / FORSKOLA, answers, clear=(16,), ids={15: "A-00000000"}, added=17)


def test_validate_follow_up_exact_issues(filled, farsta):
    [report] = validate_paths([filled], farsta)
    ids = read_plan(filled).meta["activity_ids"].split(",")
    got = [(i.code, i.cell, i.severity) for i in report.issues]
    assert got == [
        ("uppf-rad-borttagen", "", "fel"),
        ("uppf-rad-borttagen", "", "fel"),
        ("uppf-status-saknas", "H7", "fel"),
        ("uppf-status-okand", "H8", "fel"),
        ("uppf-nytt-datum", "J9", "fel"),
        ("uppf-kommentar", "I10", "fel"),
        ("uppf-kommentar", "I11", "fel"),
        ("uppf-nytt-datum", "J13", "fel"),
        ("uppf-id-okant", "A15", "fel"),
        ("uppf-rad-tillagd", "A17", "fel"),
    ]
    removed = {i.value for i in report.issues if i.code == "uppf-rad-borttagen"}
    assert removed == {ids[9], ids[10]}  # the row whose ID was changed and the row that was emptied
    by_code = {i.code: i.message for i in report.issues}
    assert by_code["uppf-status-saknas"].startswith("Aktiviteten följs upp vid Tertial 1. Välj Status")
    assert by_code["uppf-kommentar"] == ("Status Genomförd kräver en kommentar. Skriv vad som har gjorts och med "
                                         "vilken effekt.")


def test_t2_shows_t1_answers_and_warns_on_passed_due(filled, farsta, tmp_path):
    t2 = tmp_path / "t2"
    write_follow_ups(farsta, read_sources([filled], farsta), "T2", t2)
    [path] = list(t2.iterdir())
    plan = read_plan(path)
    assert plan.meta["follow_up_period"] == "T2"
    form = F.follow_up_form("T2")
    row = plan.row_numbers.index(9)
    assert plan.columns[F.history_key(F.STATUS, "T1")][row] == "Försenad"
    assert plan.columns[F.history_key(F.COMMENT, "T1")][row] == "Väntar på HR."
    ws = load_workbook(path)[F.SHEET_FOLLOW_UP]
    assert ws[f"{form.letter(F.history_key(F.STATUS, 'T1'))}6"].protection.locked
    # Row 6: Måldatum 2022-06-30 has passed at T2; still "Pågår" is a warning.
    filled_t2 = _fill(path, tmp_path / path.name, {6: GOOD}, period="T2")
    [report] = validate_paths([filled_t2], farsta)
    warning = [i for i in report.issues if i.code == "uppf-maldatum-passerat"]
    assert [(i.cell, i.message) for i in warning] == [
        ("K6", "Måldatum 2022-06-30 har passerat – välj Försenad och ange nytt måldatum.")]


@pytest.mark.slow
def test_libreoffice_live_checks_agree_with_validator(filled, farsta, tmp_path):
    [report] = validate_paths([filled], farsta)
    converted = next(p for p in soffice_convert(filled, "xlsx", tmp_path / "lo") if p.suffix == ".xlsx")
    ws = load_workbook(converted, data_only=True)[F.SHEET_FOLLOW_UP]
    form = F.follow_up_form("T1")
    flagged = {}
    for row in range(6, 18):
        text = ws[f"{form.check_letter}{row}"].value or ""
        if text:
            flagged[row] = text.split(":")[0]
    # Every row rule, the Aktivitets-ID checks included (a changed ID on row 15, a row added without one on
    # row 17); an ID handed out that no row holds any more is counted in B2.
    worst: dict[int, str] = {}
    for issue in report.issues:
        if issue.row:
            worst[issue.row] = "Fel" if issue.severity == "fel" or worst.get(issue.row) == "Fel" else "Varning"
    assert flagged == worst
    assert {15: "Fel", 17: "Fel"}.items() <= flagged.items()
    missing = sum(1 for i in report.issues if i.code == "uppf-rad-borttagen")
    errors = sum(1 for v in worst.values() if v == "Fel")
    assert (errors, missing) == (8, 2)
    assert ws["B2"].value == f"{errors} rader har fel, {missing} aktiviteter saknas (borttagna rader)"
    pdf = soffice_convert(filled, "pdf", tmp_path / "pdf")
    assert any(p.suffix == ".pdf" and p.stat().st_size > 10_000 for p in pdf)


def _answer_all(src_dir: Path, dst_dir: Path, period: str, pattern: dict[int, tuple], default=GOOD) -> Path:
    """Fill every workbook of ``src_dir``: ``pattern`` for Excel rows, ``default`` for the other rows."""
    dst_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(src_dir.glob("*.xlsx")):
        rows = read_plan(path).row_numbers
        _fill(path, dst_dir / path.name, {r: pattern.get(r, default) for r in rows}, period=period)
    return dst_dir


def test_t1_report_counts(t1, farsta, tmp_path):
    from kfworkbook.summary.merge import merge

    answers = {6: ("Genomförd", "Klart.", None), 7: ("Försenad", "Väntar på lokal.", date(2022, 9, 30)),
               8: ("Utgår", "Ersätts av central satsning.", None)}
    filled = _answer_all(t1, tmp_path / "t1", "T1", answers)
    (tmp_path / "t1" / "Uppföljning_T1_2022_Äldreomsorg.xlsx").unlink()  # one unit has not handed in
    summary = merge([filled], farsta)
    assert summary.period == "T1"
    totals = summary.totals
    assert (totals["expected"], totals["handed_in"], totals["missing"], totals["activities"]) == (5, 4, 1, 63)
    from kfworkbook.output.follow_up_workbook import write_follow_up_report
    from kfworkbook.summary.follow_up import by_status, completion, delayed_and_cancelled

    table = by_status(summary, "Avdelning")
    assert table.loc["Totalt", "Genomförd"] == 4 and table.loc["Totalt", "Försenad"] == 4
    assert table.loc["Totalt", "Utgår"] == 4 and table.loc["Totalt", "Pågår"] == 63 - 12
    assert table.loc["Äldreomsorg", "Totalt"] == 0 and table.loc["Totalt", "Totalt"] == 63
    done = completion(summary)
    due_forskola = sum(1 for r in read_plan(t1 / FORSKOLA).columns["follow_up"] if "T1" in periods_of(r))
    assert done.loc["Förskola", "Följs upp nu"] == due_forskola
    listed = delayed_and_cancelled(summary)
    assert len(listed) == 8 and set(listed["Status"]) == {"Försenad", "Utgår"}
    assert list(listed["Avdelning"]) == sorted(listed["Avdelning"], key=[d.name for d in farsta.departments].index)
    out = write_follow_up_report(summary, tmp_path / "Uppföljning T1 2022.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Översikt", "Per avdelning och status", "Per steg och status", "Avvikelser",
                             "Aktiviteter", "Inlämning", "Valideringsfel"]
    assert wb["Översikt"]._charts and wb["Per avdelning och status"]._charts
    result = subprocess.run([sys.executable, str(CHECKER), "--quiet", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_year_cycle_to_next_years_prefill(t1, farsta, tmp_path):
    from kfworkbook.output.follow_up_workbook import write_follow_up_report
    from kfworkbook.prefill.plans import prefill
    from kfworkbook.summary.merge import merge

    t1_dir = tmp_path / "t1"
    t1_dir.mkdir()
    # Förskola's T1 as the validator wants it: every due row answered.
    _fill(t1 / FORSKOLA, t1_dir / FORSKOLA, {r: GOOD for r in range(6, 17)} | {
        9: ("Försenad", "Väntar på HR.", date(2022, 10, 31))})
    t2_dir, vb_dir = tmp_path / "t2", tmp_path / "vb"
    write_follow_ups(farsta, read_sources([t1_dir], farsta), "T2", t2_dir)
    t2_filled = _answer_all(t2_dir, tmp_path / "t2f", "T2", {6: ("Genomförd", "Klart i juni.", None)})
    write_follow_ups(farsta, read_sources([t2_filled], farsta), "VB", vb_dir)
    [vb] = list(vb_dir.iterdir())
    vb_plan = read_plan(vb)
    row9 = vb_plan.row_numbers.index(9)
    assert vb_plan.columns["fu_status_T1"][row9] == "Försenad" and vb_plan.columns["fu_status_T2"][row9] == "Pågår"
    answers = {6: (None, None, None), 7: ("Försenad", "Flyttad till våren.", date(2023, 3, 31)),
               8: ("Utgår", "Ingår i stadens satsning.", None), 9: (None, None, None)}
    vb_filled = _answer_all(vb_dir, tmp_path / "vbf", "VB", answers)
    # Next year's templates from the VB workbooks: finished activities stay behind, the latest answer is in Kommentar.
    next_year = load_config_2023()
    result = prefill(vb_filled, next_year)
    [(unit, (rows, _info))] = list(result.plans.items())
    assert unit.department == "Förskola"
    assert len(rows) == 11 - 2  # row 6 Genomförd at T2, row 8 Utgår at VB
    by_activity = {r["activity"]: r for r in rows}
    plan = read_plan(vb)
    delayed = by_activity[plan.columns["activity"][plan.row_numbers.index(7)]]
    assert delayed["comment"] == "Uppföljning VB 2022: Försenad – Flyttad till våren."
    assert delayed["due"] == date(2023, 3, 31) or str(delayed["due"])[:10] == "2023-03-31"
    unanswered = by_activity[plan.columns["activity"][row9]]
    assert unanswered["comment"] == ("Uppföljning T2 2022: Pågår – Arbetet har startat i alla förskolor.\n"
                                     "Tidigare måldatum 2022-08-31")  # the roll-over rule for a past Måldatum
    assert "status" not in unanswered
    # The VB report gives the same rows.
    summary = merge([vb_filled], farsta)
    report = write_follow_up_report(summary, tmp_path / "Uppföljning VB 2022.xlsx")
    from_report = prefill(report, next_year)
    [(_unit, (report_rows, _))] = list(from_report.plans.items())
    assert sorted(r["activity"] for r in report_rows) == sorted(r["activity"] for r in rows)
    assert {r["activity"]: r.get("comment") for r in report_rows}[delayed["activity"]] == delayed["comment"]


def load_config_2023():
    import tomllib

    from kfworkbook.config import parse_config

    text = (EXAMPLE / "kfworkbook.toml").read_text(encoding="utf-8")
    assert "plan_ar = 2022" in text
    text = text.replace("plan_ar = 2022", "plan_ar = 2023").replace('planperiod = "2022-2024"', 'planperiod = "2023-2025"')
    return parse_config(tomllib.loads(text), "2023.toml")


def test_validera_button_on_a_follow_up(filled, farsta, tmp_path):
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip("xlwings remote-motorn är inte aktiv")
    from kfworkbook.button import excel

    from .excel_payload import payload_from_xlsx

    button = tmp_path / "knapp"
    write_follow_ups(farsta, read_sources([EXAMPLE / "planer"], farsta), "T1", button, button=True)
    path = _fill(button / FORSKOLA, tmp_path / FORSKOLA, {7: ("Klart", "", None)})
    book = xw.Book(json=payload_from_xlsx(path))
    try:
        report = excel.validate_book(book, farsta)
        actions = book.json()["actions"]
    finally:
        book.close()
    [cli] = validate_paths([path], farsta)
    assert [(i.code, i.cell) for i in report.issues] == [(i.code, i.cell) for i in cli.issues]
    assert ("uppf-status-okand", "H7") in [(i.code, i.cell) for i in report.issues]
    values = [a for a in actions if a["func"] == "setValues"]
    assert any("fel" in str(a["values"]) for a in values)


def test_uppfoljning_command(tmp_path):
    from kfworkbook.cli import app

    from .cli_helpers import runner

    config = str(EXAMPLE / "kfworkbook.toml")
    out = tmp_path / "t1"
    args = ["uppfoljning", "--period", "t1", str(EXAMPLE / "planer"), "--config", config, "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Skrev 5 uppföljningar för T1 (76 aktiviteter) till {out}."
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert "5 uppföljningar finns redan" in again.output and "--force" in again.output
    bad = runner.invoke(app, ["uppfoljning", "--period", "T3", str(EXAMPLE / "planer"), "--config", config])
    assert bad.exit_code == 2 and "Perioden ska vara T1, T2 eller VB, inte T3." in bad.output
    # validate and merge recognise the follow-up workbooks by their metadata
    checked = runner.invoke(app, ["validate", str(out / FORSKOLA), "--config", config, "--json"])
    assert checked.exit_code == 1
    import json

    document = json.loads(checked.output)
    assert {i["code"] for i in document["files"][0]["issues"]} >= {"uppf-status-saknas"}
    merged = runner.invoke(app, ["merge", str(out), "--config", config, "-o", str(tmp_path / "r.xlsx")])
    assert merged.exit_code == 0, merged.output
    assert "Skrev" in merged.output and "från 5 uppföljningar (T1)." in merged.output


def test_report_expects_the_units_the_follow_up_was_sent_to(farsta, tmp_path):
    from kfworkbook.summary.merge import merge

    units = read_sources([EXAMPLE / "planer"], farsta)[:3]  # three units had an approved plan
    paths = write_follow_ups(farsta, units, "T1", tmp_path / "t1")
    paths[1].unlink()
    summary = merge([tmp_path / "t1"], farsta)
    assert (summary.totals["expected"], summary.totals["handed_in"], summary.totals["missing"]) == (3, 2, 1)
    missing = summary.submissions[summary.submissions["Status"] == "saknas"]
    assert list(missing["Avdelning"]) == [units[1].unit.department]


def test_dokument_on_follow_ups_writes_the_follow_up_section(t1, farsta, tmp_path):
    from docx import Document

    from kfworkbook.output.document import write_document
    from kfworkbook.summary.merge import merge

    answers = {6: ("Genomförd", "Klart.", None), 7: ("Försenad", "Väntar på lokal.", date(2022, 9, 30))}
    filled = _answer_all(t1, tmp_path / "t1", "T1", answers)
    out = tmp_path / "uppfoljning.docx"
    write_document(merge([filled], farsta), out)
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["1. Sammanfattning", "2. Aktiviteter per avdelning och status",
                            "3. Avvikelser: Försenad och Utgår"]
    assert document.core_properties.title == "Uppföljning T1 2022 – Farsta stadsdelsförvaltning"
    delayed = document.tables[-1]
    assert [c.text for c in delayed.rows[0].cells] == ["Enhet", "Aktivitet", "Måldatum", "Status", "Nytt måldatum",
                                                       "Kommentar"]
    assert [c.text for c in delayed.rows[1].cells][3:5] == ["Försenad", "2022-09-30"]


def test_an_unreadable_file_beside_the_plans_does_not_stop_the_follow_up(farsta, tmp_path):
    """A 0-byte file in the folder of returned plans is accounted for as merge does, never taken for a
    summary workbook (which made the command refuse 'several kinds')."""
    import shutil

    folder = tmp_path / "inlamnat"
    shutil.copytree(EXAMPLE / "planer", folder)
    (folder / "Kompetensförsörjningsplan_2022_Stadsutveckling.xlsx").write_bytes(b"")
    units = read_sources([folder], farsta)
    assert sorted(u.unit.label for u in units) == ["Funktionsnedsättning", "Förskola", "Individ och familj",
                                                    "Äldreomsorg"]


def test_cancelled_is_read_from_the_configs_finished_statuses():
    """'Försenade och utgår' lists a config's own cancelled status (Avbruten), not only the word Utgår;
    the completed status (Klar) is not listed."""
    import tomllib
    from datetime import datetime

    import pandas as pd

    from kfworkbook.config import default_config_text, parse_config
    from kfworkbook.summary.follow_up import LIST_COLUMNS, delayed_and_cancelled
    from kfworkbook.summary.model import Summary

    text = default_config_text().replace('status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]',
                                         'status = ["Planerad", "Pågår", "Klar", "Försenad", "Avbruten"]')
    text = "\n".join(line for line in text.splitlines() if not line.startswith("avslutade_status"))
    config = parse_config(tomllib.loads(text), "test.toml")
    statuses = ["Planerad", "Pågår", "Klar", "Försenad", "Avbruten"]
    activities = pd.DataFrame([{c: None for c in LIST_COLUMNS} | {"Status": s, "Avdelning": "Förskola"}
                               for s in statuses])
    summary = Summary(config, datetime(2022, 5, 1), activities, pd.DataFrame(), pd.DataFrame(), [])
    assert list(delayed_and_cancelled(summary)["Status"]) == ["Försenad", "Avbruten"]

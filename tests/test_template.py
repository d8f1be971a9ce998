"""The generated template, inspected part by part through openpyxl."""

from __future__ import annotations

import zipfile
from datetime import date

import openpyxl
import pytest

from kfworkbook.forms import columns as C
from kfworkbook.template.plan import build_template, last_row, template_filename, write_templates


@pytest.fixture(scope="module")
def wb(template_path):
    return openpyxl.load_workbook(template_path)


@pytest.fixture(scope="module")
def plan(wb):
    return wb[C.SHEET_PLAN]


def test_one_template_per_department(template_dir, config):
    names = sorted(p.name for p in template_dir.iterdir())
    assert names == sorted(template_filename(config, u) for u in config.plan_units())
    assert "Kompetensförsörjningsplan_2022_Individ_och_familj.xlsx" in names


def test_units_get_their_own_template(tmp_path, units_config):
    paths = write_templates(units_config, tmp_path, department="FÖRSKOLA")
    assert [p.name for p in paths] == ["Kompetensförsörjningsplan_2022_Förskola.xlsx",
                                       "Kompetensförsörjningsplan_2022_Förskola_Farsta_strand.xlsx",
                                       "Kompetensförsörjningsplan_2022_Förskola_Hökarängen.xlsx"]
    info = openpyxl.load_workbook(paths[2])[C.SHEET_INFO]
    assert info[C.info_cell("unit")].value == "Hökarängen"
    assert openpyxl.load_workbook(paths[0])[C.SHEET_INFO][C.info_cell("unit")].value is None


def test_sheets_and_states(wb):
    assert wb.sheetnames == [C.SHEET_INSTRUCTIONS, C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_ANALYSIS, C.SHEET_LISTS]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 4 + ["hidden"]
    assert wb.active.title == C.SHEET_PLAN
    assert wb.security.lockStructure


def test_plain_template_has_no_dead_button(wb, plan):
    """No macros, so no Validera cell, no result sheet and no instruction to press a button."""
    assert plan[C.VALIDERA_CELL].value is None and plan[C.BUTTON_STATUS_CELL].value is None
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not any("Validera" in t or "knapp" in t for t in texts)


def test_button_template(button_template_path):
    wb = openpyxl.load_workbook(button_template_path)
    assert wb.sheetnames == [C.SHEET_INSTRUCTIONS, C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_ANALYSIS, C.SHEET_RESULTS,
                             C.SHEET_LISTS]
    plan = wb[C.SHEET_PLAN]
    assert plan[C.VALIDERA_CELL].value == "▶ Validera" and plan[C.VALIDERA_CELL].protection.locked
    assert not plan[C.BUTTON_STATUS_CELL].protection.locked
    texts = [str(c.value) for row in wb[C.SHEET_INSTRUCTIONS].iter_rows() for c in row if c.value]
    assert any(f"{C.SHEET_PLAN}!{C.VALIDERA_CELL}" in t for t in texts)


def test_headers_exactly(plan):
    headers = [plan.cell(C.HEADER_ROW, i).value for i in range(1, len(C.COLUMNS) + 1)]
    assert headers == [
        "Kategori (UBARA)", "Kategori 2", "Koppling till verksamhetsplan", "Vad ska vi uppnå?",
        "Aktivitet – hur gör vi det?", "Målgrupp", "Måldatum", "Ansvarig (funktion)", "Resurser – timmar",
        "Resurser – kronor", "Resurser – övrigt", "Uppföljning", "Status", "Kommentar"]
    assert plan.cell(C.HEADER_ROW, len(C.COLUMNS) + 1).value == C.CHECK_HEADER


def test_table_has_room_for_200_activities(plan, config):
    table = plan.tables[C.TABLE_NAME]
    assert table.ref == f"A{C.HEADER_ROW}:N{C.HEADER_ROW + 200}"
    assert last_row(config) - C.FIRST_ROW + 1 == config.rows >= 200


def test_list_sources_are_defined_names_on_hidden_sheet(wb, config):
    lists = wb[C.SHEET_LISTS]
    for spec in C.LISTS:
        defined = wb.defined_names[spec.defined_name]
        sheet, ref = defined.attr_text.split("!")
        assert sheet.strip("'") == C.SHEET_LISTS
        values = [row[0].value for row in lists[ref.replace("$", "")]]
        assert values == config.list_names(spec.key)


def test_data_validations(plan, config):
    by_range = {str(dv.sqref): dv for dv in plan.data_validations.dataValidation}
    rows = f"{C.FIRST_ROW}:{{}}{last_row(config)}"
    for col in C.COLUMNS:
        letter = C.letter(col.key)
        ref = f"{letter}{rows.format(letter)}"
        if col.kind == "text":
            assert ref not in by_range
            continue
        dv = by_range[ref]
        assert dv.errorStyle == "stop" and dv.showErrorMessage and dv.showInputMessage
        assert dv.errorTitle == "Ogiltigt värde" and dv.prompt
        if col.list_spec:
            assert (dv.type, dv.formula1) == ("list", col.list_spec.defined_name)
            assert not dv.showDropDown  # True would hide the arrow
            assert not dv.formula1.startswith("=")
        elif col.kind == "number":
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        else:
            assert dv.type == "custom"
            start = (date(2022, 1, 1) - date(1899, 12, 30)).days
            end = (date(2024, 12, 31) - date(1899, 12, 30)).days
            assert dv.formula1 == (f'OR(AND(ISNUMBER(G6),G6>={start},G6<={end}),TRIM(G6)="Löpande")')
            assert "Löpande" in dv.prompt and "2022–2024" in dv.error


def test_conditional_formats(plan):
    """Red (errors) before amber (warnings) on every checked column, from the same rules as Radkontroll."""
    rules = {str(rng.sqref): list(rules) for rng, rules in plan.conditional_formatting._cf_rules.items()}
    filled = 'SUMPRODUCT(--(TRIM($A6:$N6)<>""))>0'
    for col in C.REQUIRED:
        letter = C.letter(col.key)
        red = rules[f"{letter}6:{letter}205"][0]
        assert red.formula[0].startswith(f'AND({filled},OR(TRIM({letter}6)=""')
        assert red.dxf.fill.fgColor.rgb.endswith("FFC7CE") and red.stopIfTrue
    for key in ("category", "category2", "vp_goal", "target_group", "due", "responsible", "hours", "kronor",
                "follow_up", "status"):
        letter = C.letter(key)
        red, amber = rules[f"{letter}6:{letter}205"]
        assert red.dxf.fill.fgColor.rgb.endswith("FFC7CE") and amber.dxf.fill.fgColor.rgb.endswith("FFEB9C")
    category = rules["A6:A205"]
    assert "Lista_Kategori=TRIM(A6)" in category[0].formula[0]
    assert "Lista_Kategori_alias=TRIM(A6)" in category[1].formula[0]
    # Måldatum's grade, hidden column R (kfworkbook.forms.grades)
    assert rules["G6:G205"][1].formula[0] == f'AND({filled},OR(OR($R6="text",$R6="alias")))'
    assert "Lista_Lopande_alias" in plan["R6"].value and plan.column_dimensions["R"].hidden
    assert "MATCH(TRIM($A6),Lista_Kategori_alias,0)" in rules["B6:B205"][0].formula[0]


def test_status_and_row_checks(plan):
    status = plan[C.CHECK_STATUS_CELL].value
    assert '"Inga fel hittade"' in status and '" rad har fel"," rader har fel"' in status
    assert '" rad har varningar"," rader har varningar"' in status
    assert plan["O6"].value == '=TRIM(IF($P6<>"","Fel: "&$P6,"")&IF($Q6<>"",IF($P6<>""," ","")&"Varning: "&$Q6,""))'
    errors, warnings = plan["P6"].value, plan["Q6"].value
    assert errors.startswith('=IF(SUMPRODUCT(--(TRIM($A6:$N6)<>""))>0,')
    assert "Fyll i ”Ansvarig (funktion)”." in errors and "Kategori 2 ska skilja sig" in errors
    assert "är stavat på annat sätt" in warnings and "Fyll i" not in warnings
    assert plan["P205"].value.startswith('=IF(SUMPRODUCT(--(TRIM($A205:$N205)<>""))>0')
    assert plan.column_dimensions["P"].hidden and plan.column_dimensions["Q"].hidden


def test_protection_and_locking(wb, plan, config):
    for name in (C.SHEET_INSTRUCTIONS, C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_LISTS):
        prot = wb[name].protection
        assert prot.sheet and not prot.password
        assert prot.formatCells is False and prot.autoFilter is False and prot.sort is False
    for col in range(1, len(C.COLUMNS) + 1):
        assert plan.cell(C.HEADER_ROW, col).protection.locked
        assert not plan.cell(C.FIRST_ROW, col).protection.locked
        assert not plan.cell(last_row(config), col).protection.locked
    assert plan["O6"].protection.locked and plan[C.CHECK_STATUS_CELL].protection.locked
    info = wb[C.SHEET_INFO]
    for key, _, prefilled in C.INFO_FIELDS:
        assert info[C.info_cell(key)].protection.locked is prefilled


def test_password_is_configurable(units_config):
    from .conftest import config_with

    cfg = config_with({'losenord = ""': 'losenord = "hemligt"'})
    wb = build_template(cfg, cfg.plan_units()[0])
    assert wb[C.SHEET_PLAN].protection.password  # stored as a hash
    assert wb[C.SHEET_PLAN].protection.password != "hemligt"


def test_prefilled_info(wb):
    info = wb[C.SHEET_INFO]
    assert info[C.info_cell("forvaltning")].value == "Farsta stadsdelsförvaltning"
    assert info[C.info_cell("department")].value == "Förskola"
    assert info[C.info_cell("unit")].value is None
    assert info[C.info_cell("period")].value == "2022–2024"
    assert [info.cell(r, 1).value for r in range(2, 9)] == [label for _, label, _ in C.INFO_FIELDS]


def test_print_settings(plan):
    """Landscape A4 at a fixed scale that keeps the type at 8 pt or more: 14 columns wide enough for every word of
    the lists print two pages wide, Vad ska vi uppnå? and Aktivitet again at the left of the second page."""
    from kfworkbook import printing as P

    assert plan.page_setup.orientation == "landscape"
    assert int(plan.page_setup.paperSize) == 9  # A4
    assert not plan.sheet_properties.pageSetUpPr.fitToPage and plan.page_setup.scale == 80
    assert 11 * plan.page_setup.scale / 100 >= P.TARGET_TYPE_PT
    assert [b.id for b in plan.col_breaks.brk] == [8]  # A–H, then D:E and I–N
    assert plan.print_title_cols == "$D:$E" and plan.page_setup.pageOrder == "overThenDown"
    assert plan.print_title_rows == "$5:$5"
    assert plan.print_area == "'Aktivitetsplan'!$A$1:$N$205"
    assert plan.freeze_panes == "A6"
    # no word of the lists or the headers is broken: Verksamhetsberättelse (Uppföljning), Verksamhetsutvecklare
    assert plan.column_dimensions["L"].width == plan.column_dimensions["H"].width == len("Verksamhetsutvecklare") + 2
    assert plan.column_dimensions["C"].width == len("verksamhetsplan") + 4  # 'Stadsdelsnämnden' in the goals
    assert plan["E6"].alignment.wrap_text
    assert plan.page_margins.left == plan.page_margins.right == 0.25
    assert (plan.oddFooter.left.text, plan.oddFooter.center.text, plan.oddFooter.right.text) == (
        "Förskola", "&A", "Sida &P av &N")


def test_metadata_recorded(wb, template_path):
    lists = wb[C.SHEET_LISTS]
    assert lists[C.meta_cell("template_version")].value == "2022.1"
    assert lists[C.meta_cell("forvaltning")].value == "Farsta stadsdelsförvaltning"
    assert lists[C.meta_cell("plan_year")].value == "2022"
    assert lists[C.meta_cell("department")].value == "Förskola"
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["kfworkbook.template_version"] == "2022.1"
    with zipfile.ZipFile(template_path) as z:
        assert "docProps/custom.xml" in z.namelist()


def test_instructions_explain_ubara_and_contact(wb, config):
    texts = [c.value for row in wb[C.SHEET_INSTRUCTIONS].iter_rows() for c in row if c.value]
    for item in config.lists.categories:
        assert item.name in texts and item.description in texts
    assert config.contact in texts
    assert any(t == "Mallversion" for t in texts)
    assert any("dubbletter" in str(t) for t in texts)  # what HR's check adds


def test_prefilled_rows_are_tall_enough_for_their_text(tmp_path, config):
    from kfworkbook.template.plan import write_template

    long_text = "Kompetensutveckling för alla medarbetare inom avdelningen " * 4
    path = write_template(config, config.plan_units()[0], tmp_path,
                          rows=[{"category": "Utveckla", "activity": long_text}, {"category": "Behålla"}])
    plan = openpyxl.load_workbook(path)[C.SHEET_PLAN]
    # 232 characters wrapped at word boundaries into the 18 characters of the activity column: 16 lines
    assert plan.row_dimensions[C.FIRST_ROW].height == 16 * 15
    assert plan.row_dimensions[C.FIRST_ROW + 1].height is None  # short rows keep Excel's default


def _visible_texts(wb) -> list[str]:
    texts = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts += [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        texts += [t for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error, dv.promptTitle) if t]
        texts += [t.text for t in (ws.oddHeader.center, ws.oddFooter.left) if t.text]
    return texts


@pytest.mark.parametrize("button", [False, True])
def test_texts_come_from_the_config(button):
    """A template made from another config names that config's steps, period and lists, never Farsta's."""
    from .test_agreement import second_config

    cfg = second_config()
    wb = build_template(cfg, cfg.plan_units()[0], button=button)
    texts = _visible_texts(wb)
    for word in ("Farsta", "Avveckla", "Rektor", "Tertial", "verksamhetsberättelse", "2022", "2023", "2024",
                 "Förskola"):
        assert not [t for t in texts if word.casefold() in t.casefold()], word
    plan = wb[C.SHEET_PLAN]
    prompts = {str(dv.sqref): dv.prompt for dv in plan.data_validations.dataValidation}
    assert prompts["A6:A305"] == ("Välj steg i kompetensförsörjningen: Attrahera, Rekrytera, Introducera, "
                                  "Utveckla, Behålla eller Avsluta.")
    assert "2027-12-31" in prompts["G6:G305"]
    instructions = [str(c.value) for row in wb[C.SHEET_INSTRUCTIONS].iter_rows() for c in row if c.value]
    assert "Sluta väl." in instructions and any("Utveckla och Behålla: välj" in t for t in instructions)
    lists = wb[C.SHEET_LISTS]
    aliases = wb.defined_names[C.LIST_BY_KEY["categories"].alias_name].attr_text.split("!")[1].replace("$", "")
    assert [c[0].value for c in lists[aliases]] == ["Kompetensutveckling", "Avveckla", "Avveckling"]
    values = wb.defined_names[C.LIST_BY_KEY["categories"].alias_value_name].attr_text.split("!")[1].replace("$", "")
    assert [c[0].value for c in lists[values]] == ["Utveckla", "Avsluta", "Avsluta"]


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("kort", 10, 1), ("två ord", 4, 2), ("Kompetensutveckling", 10, 2), ("a b c d", 3, 2),
    ("rad ett\nrad två", 20, 2), ("Barnskötare studerar på Komvux", 12, 3),
])
def test_row_height_wraps_whole_words(text, width, lines):
    assert C.row_height([(text, width)]) == 15 * lines

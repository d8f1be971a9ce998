"""File names that fit where HR works: at most 80 characters, unique per unit, found again when renamed.

The rule (kfworkbook.fileio.unit_filenames): the usual name when it fits, else 'KFP_<year>_<unit>_<the
department's first term>', with more of the department's words where two names would be the same, the
unit cut at a word where it is still too long, and a number where cut names are still the same.
"""

from __future__ import annotations

import pytest

from kfworkbook.cli import app
from kfworkbook.config import PlanUnit, load_config
from kfworkbook.fileio import MAX_FILENAME, unit_filenames
from kfworkbook.forms.spec import PERIODS
from kfworkbook.read.identity import unit_from_filename
from kfworkbook.template.follow_up import follow_up_filename
from kfworkbook.template.paths import EXCEL_PATH_LIMIT, check_paths
from kfworkbook.template.plan import template_filename, write_templates

from .cli_helpers import body, runner
from .conftest import config_with

ENSKEDE_TOML = "examples/enskede-2027/kfworkbook.toml"
AO = "Äldreomsorg, funktionsnedsättning och socialpsykiatri"
IFO = "Individ- och familjeomsorg"


@pytest.fixture(scope="module")
def enskede():
    from pathlib import Path

    return load_config(Path(__file__).parents[1] / ENSKEDE_TOML)


def test_long_department_and_unit_names_get_the_short_form(enskede):
    names = [template_filename(enskede, u) for u in enskede.plan_units()]
    assert names == [
        "Kompetensförsörjningsplan_2027_Förskola.xlsx",
        "Kompetensförsörjningsplan_2027_Förskola_Enskede_förskolor.xlsx",
        "Kompetensförsörjningsplan_2027_Förskola_Årsta_förskolor.xlsx",
        "Kompetensförsörjningsplan_2027_Förskola_Vantörs_förskolor.xlsx",
        "KFP_2027_Äldreomsorg,_funktionsnedsättning_och_socialpsykiatri.xlsx",
        "KFP_2027_Hemtjänst_Enskede-Årsta_Äldreomsorg.xlsx",
        "KFP_2027_Vård-_och_omsorgsboende_Bagarmossen_Äldreomsorg.xlsx",
        "KFP_2027_Boendestöd_och_socialpsykiatri_Äldreomsorg.xlsx",
        "Kompetensförsörjningsplan_2027_Individ-_och_familjeomsorg_Barn_och_ungdom.xlsx",
        "Kompetensförsörjningsplan_2027_Individ-_och_familjeomsorg_Vuxenenheten.xlsx",
        "KFP_2027_Ekonomiskt_bistånd_Individ-_och_familjeomsorg.xlsx",  # a suspended compound stays whole
        "Kompetensförsörjningsplan_2027_Stadsmiljö_och_kultur.xlsx",
        "Kompetensförsörjningsplan_2027_Administrativa_avdelningen.xlsx",
    ]
    follow_ups = [follow_up_filename(enskede, u, p) for u in enskede.plan_units() for p in PERIODS]
    assert max(len(n) for n in names + follow_ups) <= MAX_FILENAME == 80
    assert follow_up_filename(enskede, PlanUnit(AO, "Vård- och omsorgsboende Bagarmossen"), "VB") == (
        "Uppföljning_VB_2027_Vård-_och_omsorgsboende_Bagarmossen_Äldreomsorg.xlsx")
    assert len(set(names)) == len(names) and len(set(follow_ups)) == len(follow_ups)


def test_one_departments_templates_have_the_same_names(enskede, tmp_path):
    written = write_templates(enskede, tmp_path, AO)
    assert [p.name for p in written] == [template_filename(enskede, u) for u in enskede.plan_units() if u.department == AO]


def test_names_that_clash_after_shortening_take_more_of_the_department():
    unit = "Vård- och omsorgsboende Bagarmossen och Skarpnäck"
    pairs = [("Äldreomsorg norr, vård och omsorg", unit), ("Äldreomsorg söder, vård och omsorg", unit)]
    assert unit_filenames("Kompetensförsörjningsplan 2027", "KFP 2027", pairs) == [
        "KFP_2027_Vård-_och_omsorgsboende_Bagarmossen_och_Skarpnäck_Äldreomsorg_norr.xlsx",
        "KFP_2027_Vård-_och_omsorgsboende_Bagarmossen_Äldreomsorg_söder.xlsx",  # cut at a word, never after 'och'
    ]


LONG = "Förskolorna i Enskede, Årsta och Vantör med öppen förskola och familjecentral"


def test_names_still_the_same_after_cutting_get_a_number():
    pairs = [("Förskola", f"{LONG} norra delen"), ("Förskola", f"{LONG} södra delen"), ("Förskola", "Söder")]
    names = unit_filenames("Kompetensförsörjningsplan 2027", "KFP 2027", pairs)
    assert names == ["KFP_2027_Förskolorna_i_Enskede,_Årsta_och_Vantör_med_öppen_Förskola.xlsx",
                     "KFP_2027_Förskolorna_i_Enskede,_Årsta_och_Vantör_med_öppen_Förskola_2.xlsx",
                     "Kompetensförsörjningsplan_2027_Förskola_Söder.xlsx"]


@pytest.mark.parametrize(("name", "unit"), [
    ("Kompetensförsörjningsplan_2027_Äldreomsorg,_funktionsnedsättning_och_socialpsykiatri_Vård-_och_"
     "omsorgsboende_Bagarmossen.xlsx", PlanUnit(AO, "Vård- och omsorgsboende Bagarmossen")),  # the old long name
    ("KFP 2027 Hemtjänst Enskede-Årsta Äldreomsorg (2).xlsx", PlanUnit(AO, "Hemtjänst Enskede-Årsta")),
    ("kfp_2027_vård-_och_omsorgsboende_bagarmossen_äldreomsorg - kopia.xlsx",
     PlanUnit(AO, "Vård- och omsorgsboende Bagarmossen")),
    ("Hemtjänst Enskede-Årsta - Äldreomsorg, funktionsnedsättning.xlsx", PlanUnit(AO, "Hemtjänst Enskede-Årsta")),
    ("KFP_2027_Boendestöd_och_socialpsykiatri_Äldreomsorg_v2.xlsx", PlanUnit(AO, "Boendestöd och socialpsykiatri")),
    ("Ekonomiskt bistånd IFO.xlsx", None),  # an abbreviation nobody wrote down is not guessed
    ("Ekonomiskt bistånd, Individ- och familjeomsorg.xlsx", PlanUnit(IFO, "Ekonomiskt bistånd")),
    ("KFP 2027 Äldreomsorg, funktionsnedsättning och socialpsykiatri slutlig.xlsx", PlanUnit(AO, "")),
])
def test_renamed_short_names_still_find_their_unit(enskede, name, unit):
    assert unit_from_filename(name, enskede) == unit


def test_every_template_name_finds_its_unit(enskede):
    for unit in enskede.plan_units():
        assert unit_from_filename(template_filename(enskede, unit), enskede) == unit


def test_numbered_names_find_their_own_unit():
    config = config_with({'[[avdelningar]]\nnamn = "Förskola"\n':
                          f'[[avdelningar]]\nnamn = "Förskola"\nenheter = ["{LONG} norra delen", "{LONG} södra delen"]\n'})
    first, second = (PlanUnit("Förskola", f"{LONG} {part} delen") for part in ("norra", "södra"))
    assert template_filename(config, second).endswith("_Förskola_2.xlsx")
    assert unit_from_filename(template_filename(config, first), config) == first
    assert unit_from_filename(template_filename(config, second), config) == second
    assert unit_from_filename(template_filename(config, second).replace(".xlsx", " (1).xlsx"), config) == second


def test_config_check_shows_the_longest_path(enskede):
    result = runner.invoke(app, ["config", "check", ENSKEDE_TOML])
    assert result.exit_code == 0, result.output
    lines = body(result).splitlines()
    folder = r"C:\Users\anna.andersson\OneDrive - Stockholms stad\Dokument\KFP 2027"
    longest = folder + r"\uppfoljning\Uppföljning_T1_2027_Äldreomsorg,_funktionsnedsättning_och_socialpsykiatri.xlsx"
    assert lines[-3:] == [f"Längsta sökvägen i en vanlig OneDrive-mapp: {len(longest)} tecken (Excel öppnar högst 218):",
                          f"  {longest}", "Konfigurationen är giltig."]
    assert len(longest) == 159 and check_paths(enskede).too_long == ()


def test_config_check_warns_above_excels_limit(enskede):
    folder = "C:\\Users\\anna.andersson\\OneDrive - Stockholms stad\\" + "\\".join(["Delade dokument med HR"] * 4)
    result = runner.invoke(app, ["config", "check", ENSKEDE_TOML, "--mapp", folder])
    assert result.exit_code == 0, result.output
    report = check_paths(enskede, folder)
    assert report.length == 233 > EXCEL_PATH_LIMIT and len(report.too_long) == 20
    assert body(result).splitlines()[-4:] == [
        "Längsta sökvägen i mappen: 233 tecken (Excel öppnar högst 218):",
        f"  {report.longest}",
        f"Varning: 20 filer får en längre sökväg än de 218 tecken som Excel kan öppna i {folder}, till exempel "
        r"mallar\Kompetensförsörjningsplan_2027_Individ-_och_familjeomsorg_Barn_och_ungdom.xlsx (228 tecken). "
        "Välj en kortare mapp eller kortare namn på avdelningar och enheter.",
        "Konfigurationen är giltig."]


def test_readme_states_the_rule():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    assert "högst 80 tecken" in readme and "KFP_2027_Vård-_och_omsorgsboende_Bagarmossen_Äldreomsorg.xlsx" in readme

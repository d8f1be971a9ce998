"""A plan's identity: which configuration it belongs to, and which unit a file name stands for."""

from __future__ import annotations

import pytest

from kfworkbook.config import PlanUnit
from kfworkbook.read.identity import unit_from_filename
from kfworkbook.read.intake import collect
from kfworkbook.template.plan import template_filename, write_template
from kfworkbook.validate.run import validate_file

from .conftest import config_with
from .plans import fill, flat

NORR = PlanUnit("Förskola", "Norr")


@pytest.fixture(scope="module")
def solna():
    return config_with({'namn = "Förskola"\n': 'namn = "Förskola"\nenheter = ["Norr", "Söder"]\n',
                        'namn = "Äldreomsorg"\n': 'namn = "Äldreomsorg"\nenheter = ["Norr boende", "Hemtjänst"]\n'})


@pytest.mark.parametrize("name", [
    "Kompetensförsörjningsplan_2022_Förskola_Norr.xlsx", "kompetensförsörjningsplan 2022 förskola norr.xlsx",
    "KFP Förskola Norr.xlsx", "KFP_2022_Förskola-Norr.xls", "Förskola - Norr.xlsb", "FÖRSKOLA NORR 2022.xlsx",
    "Norr.xlsx", "Kompetensförsörjningsplan 2022 Förskola Norr (2).xlsx", "Förskola_Norr.xlsx.xlsx",
])
def test_file_names_people_make_find_their_unit(solna, name):
    assert unit_from_filename(name, solna) == NORR


def test_the_department_name_alone_finds_the_departments_own_plan(solna):
    assert unit_from_filename("Förskola.xlsx", solna) == PlanUnit("Förskola", "")


@pytest.mark.parametrize("name", ["Söder Norr.xlsx", "budget.xlsx", "Anteckningar Norr.xlsx", ""])
def test_other_names_find_no_unit(solna, name):
    assert unit_from_filename(name, solna) is None


def test_the_templates_own_names_all_match(solna):
    for unit in solna.plan_units():
        assert unit_from_filename(template_filename(solna, unit), solna) == unit
    assert unit_from_filename("Äldreomsorg Hemtjänst.xlsx", solna) == PlanUnit("Äldreomsorg", "Hemtjänst")
    assert unit_from_filename("Stadsutveckling.xlsx", solna) == PlanUnit("Stadsutveckling", "")


def test_template_version_direction(tmp_path, config):
    newer = config_with({'mallversion = "2022.1"': 'mallversion = "2022.10"'})
    template = write_template(newer, newer.plan_units()[0], tmp_path / "ny")
    report = validate_file(fill(template, tmp_path / "plan.xlsx"), config)
    assert flat(report) == [("mall-version-nyare", "", "varning")]
    assert report.issues[0].message.startswith("Mallen har version 2022.10, nyare än konfigurationens 2022.1.")
    old = write_template(config, config.plan_units()[0], tmp_path / "gammal")
    report = validate_file(fill(old, tmp_path / "plan2.xlsx"), newer)
    assert flat(report) == [("mall-version", "", "varning")]
    assert report.issues[0].message.startswith("Mallen har version 2022.1; aktuell version är 2022.10.")


def test_a_file_reached_twice_is_taken_once(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/plan.xlsx", "a/b/plan.xlsx", "a/b/gammal.xls", "a/b/.~lock.plan.xlsx#", "a/b/bild.png"):
        (tmp_path / name).write_bytes(b"x")
    intake = collect([tmp_path / "a" / "b", tmp_path / "a", tmp_path / "a" / "plan.xlsx", tmp_path / "a"])
    assert [intake.label(p) for p in intake.files] == ["b/gammal.xls", "b/plan.xlsx", "plan.xlsx"]
    assert [intake.label(p) for p in intake.skipped] == ["b/.~lock.plan.xlsx#", "b/bild.png"]

"""The configuration: the embedded default, and one clear Swedish message per kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kfworkbook.config import ConfigError, default_config_text, load_config

from .conftest import config_with


def test_default_is_farsta(config):
    assert config.forvaltning == "Farsta stadsdelsförvaltning"
    assert [d.name for d in config.departments] == [
        "Förskola", "Stadsutveckling", "Äldreomsorg", "Individ och familj", "Funktionsnedsättning"]
    assert config.plan_year == 2022 and config.period_label == "2022–2024"
    assert config.list_names("categories") == [
        "Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla", "Avveckla"]
    assert {"Avdelningschef", "Enhetschef", "Rektor", "HR", "Controller"} <= set(config.list_names("roles"))
    assert "Tertial 1 och 2 samt verksamhetsberättelse" in config.list_names("follow_up")


def test_templates_folder_holds_the_embedded_default():
    shipped = Path(__file__).parents[1] / "templates" / "kfworkbook.toml"
    assert shipped.read_text(encoding="utf-8") == default_config_text()


@pytest.mark.parametrize(("typed", "expected"), [
    ("Avsluta", ("Avveckla", True)),
    ("avslut", ("Avveckla", True)),
    ("Rekrytering", ("Rekrytera", True)),
    ("Introduktion", ("Introducera", True)),
    ("utveckla", ("Utveckla", False)),
    ("  Behålla ", ("Behålla", False)),
    ("Okänd", None),
])
def test_category_aliases(config, typed, expected):
    assert config.canonical("categories", typed) == expected


def test_plan_units_with_and_without_units(units_config):
    labels = [u.label for u in units_config.plan_units()]
    assert labels[:4] == ["Förskola", "Förskola – Farsta strand", "Förskola – Hökarängen", "Stadsutveckling"]
    assert len(labels) == 7


def test_department_template_can_be_turned_off():
    from .conftest import config_with

    cfg = config_with({'[[avdelningar]]\nnamn = "Förskola"\n':
                       '[[avdelningar]]\nnamn = "Förskola"\nenheter = ["Farsta strand"]\navdelningsmall = false\n'})
    assert [u.label for u in cfg.plan_units()][:2] == ["Förskola – Farsta strand", "Stadsutveckling"]
    assert not cfg.departments[0].has_department_plan and cfg.departments[1].has_department_plan


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "min.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


def test_missing_key(tmp_path):
    text = default_config_text().replace('plan_ar = 2022\n', '')
    message = _error(tmp_path, text)
    assert message == f"Fel i konfigurationen {tmp_path / 'min.toml'}: plan_ar saknas. Lägg till plan_ar = 2022."


def test_empty_list(tmp_path):
    text = default_config_text().replace('status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]',
                                         "status = []")
    assert _error(tmp_path, text).endswith("listor.status får inte vara tom. Skriv minst ett värde.")


def test_duplicate_department(tmp_path):
    text = default_config_text() + '\n'
    text = text.replace('[[avdelningar]]\nnamn = "Stadsutveckling"', '[[avdelningar]]\nnamn = "förskola"')
    assert _error(tmp_path, text).endswith(": avdelningar har avdelningen 'förskola' två gånger. Ta bort den ena.")


def test_unknown_field(tmp_path):
    text = default_config_text().replace("plan_ar = 2022", "plan_ar = 2022\nplanar = 2022")
    assert _error(tmp_path, text).endswith(": okänd nyckel planar – menade du plan_ar?")
    text = default_config_text().replace("plan_ar = 2022", "plan_ar = 2022\nxyz = 1")
    assert _error(tmp_path, text).endswith(
        ": okänd nyckel xyz – ta bort den eller rätta stavningen (se kfworkbook config init).")
    text = default_config_text().replace('namn = "Förskola"', 'namn = "Förskola"\nenheterna = ["A"]')
    assert _error(tmp_path, text).endswith(": okänd nyckel avdelningar[1].enheterna – menade du enheter?")
    text = default_config_text().replace('mallversion = "2022.1"', 'mallversion = "2022.1"\nenheter = ["A"]')
    assert _error(tmp_path, text).endswith(": okänd nyckel enheter – nyckeln hör hemma under en annan rubrik. "
                                           "Kontrollera var den står (se kfworkbook config init).")


def test_broken_toml(tmp_path):
    message = _error(tmp_path, 'forvaltning = "Farsta\n')
    assert message.startswith(f"Konfigurationsfilen {tmp_path / 'min.toml'} är ingen giltig TOML-fil (")
    assert "Kontrollera citattecken" in message


def test_wrong_type_and_period(tmp_path):
    assert _error(tmp_path, default_config_text().replace("plan_ar = 2022", 'plan_ar = "tjugo"')).endswith(
        "plan_ar ska vara ett heltal, till exempel plan_ar = 2022.")
    assert _error(tmp_path, default_config_text().replace('planperiod = "2022-2024"', 'planperiod = "2022"')).endswith(
        ': planperiod ska skrivas som två årtal, till exempel "2022-2024".')
    assert _error(tmp_path, default_config_text().replace("plan_ar = 2022", "plan_ar = 2026")).endswith(
        ': plan_ar 2026 ligger inte inom planperioden 2022-2024. Skriv planperiod = "2026-2028" eller rätta plan_ar.')


def test_examples_use_the_configs_own_year(tmp_path):
    """A hint shows the year the file is about, not a year written into the code."""
    text = default_config_text().replace("plan_ar = 2022", "plan_ar = 2025").replace('"2022-2024"', '"2025-2027"')
    assert _error(tmp_path, text.replace('mallversion = "2022.1"\n', "")).endswith(
        ': mallversion saknas. Lägg till mallversion = "2025.1".')
    assert _error(tmp_path, text.replace('planperiod = "2025-2027"\n', "")).endswith(
        ': planperiod saknas. Lägg till planperiod = "2025-2027".')
    assert _error(tmp_path, text.replace('planperiod = "2025-2027"', 'planperiod = "2025"')).endswith(
        ': planperiod ska skrivas som två årtal, till exempel "2025-2027".')


@pytest.mark.parametrize(("period", "warnings"), [
    ("2022-2024", []),
    ("2022-2023", ['Planperioden 2022-2023 är 2 år lång. Planerna är rullande treårsplaner; skriv '
                   'planperiod = "2022-2024" om inget annat är beslutat.']),
    ("2021-2023", ['Planperioden 2021-2023 börjar inte med planåret 2022. Skriv planperiod = "2022-2024" om inget '
                   'annat är beslutat.']),
])
def test_plan_period_warnings(period, warnings):
    assert config_with({'"2022-2024"': f'"{period}"'}).warnings() == warnings


def test_init_text_shows_a_department_with_units():
    """config init writes the default text: it shows, commented out, how a department lists its units."""
    import tomllib

    from kfworkbook.config import parse_config

    example = '[[avdelningar]]\nnamn = "Vård och omsorg"\nenheter = ["Hemtjänst", "Vård- och omsorgsboende"]\n'
    text = default_config_text()
    commented = "".join(f"# {line}\n" for line in example.splitlines())
    assert commented in text
    config = parse_config(tomllib.loads(text.replace(commented, example)), "test")
    assert config.find_department("Vård och omsorg").units == ("Hemtjänst", "Vård- och omsorgsboende")


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"finns inte\. Skapa en med: kfworkbook config init"):
        load_config(tmp_path / "saknas.toml")


def test_duplicate_alias_across_items():
    with pytest.raises(ConfigError, match=r"listor\.kategorier har värdet 'Avsluta' två gånger\. Ta bort den ena\."):
        config_with({'alias = ["Utveckling", "Kompetensutveckling"]':
                     'alias = ["Utveckling", "Kompetensutveckling", "Avsluta"]'})

"""The förvaltning's own words drive the follow-up: which periods a follow-up point means, what a status means.

Enskede-Årsta-Vantör 2027 (examples/enskede-2027) has statuses Ej startad, Pågår, Klar, Försenad, Senarelagd,
Avbruten and a follow-up point 'Delår och helår' that says its periods itself (``perioder``).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kfworkbook.cli import app
from kfworkbook.config import ConfigError, load_config, parse_config
from kfworkbook.forms import spec as F
from kfworkbook.forms.follow_up import is_due
from kfworkbook.read.workbook import read_plan
from kfworkbook.template.follow_up import FollowUpUnit, write_follow_ups
from kfworkbook.validate.run import validate_paths

from .cli_helpers import body, runner
from .conftest import config_text_with, config_with
from .ledger_year import answer
from .plans import fill

ENSKEDE = Path(__file__).parent.parent / "examples" / "enskede-2027" / "kfworkbook.toml"


@pytest.fixture(scope="module")
def enskede():
    return load_config(ENSKEDE)


def _parse(text: str):
    return parse_config(tomllib.loads(text), "min.toml")


# -- follow-up points --------------------------------------------------------------------------------------


def test_a_follow_up_point_naming_no_period_is_refused():
    text = config_text_with({'  { namn = "Tertial 1", alias = ["T1"] },': '  "Delårsrapport augusti och bokslut",'})
    with pytest.raises(ConfigError) as caught:
        _parse(text)
    assert str(caught.value) == (
        "Fel i konfigurationen min.toml: listor.uppfoljning – 'Delårsrapport augusti och bokslut' säger inte när "
        "aktiviteten följs upp (T1, T2 eller VB), så den skulle aldrig följas upp. Skriv { namn = \"Delårsrapport "
        "augusti och bokslut\", perioder = [\"T2\", \"VB\"] } med de perioder den betyder.")


@pytest.mark.parametrize(("perioder", "message"), [
    ('["T3"]', "listor.uppfoljning[1].perioder – 'T3' är ingen uppföljningsperiod. Skriv T1, T2 eller VB."),
    ("[]", 'listor.uppfoljning[1].perioder får inte vara tom. Skriv till exempel perioder = ["T2", "VB"].'),
])
def test_perioder_must_name_periods(perioder, message):
    text = config_text_with({'  { namn = "Tertial 1", alias = ["T1"] },':
                             f'  {{ namn = "Delår", perioder = {perioder} }},'})
    with pytest.raises(ConfigError) as caught:
        _parse(text)
    assert str(caught.value) == f"Fel i konfigurationen min.toml: {message}"


def test_perioder_decide_when_an_activity_is_due(enskede):
    assert enskede.follow_up_periods("Delår och helår") == {"T2", "VB"}
    assert enskede.follow_up_periods("T1 och T2") == {"T1", "T2"}  # an alias of Per tertial
    row = {"follow_up": "Delår och helår"}
    assert [p for p in F.PERIODS if is_due(row, p, enskede)] == ["T2", "VB"]
    assert not is_due(row, "T2")  # without the configuration, the words alone name no period


def test_config_check_prints_what_the_words_mean():
    result = runner.invoke(app, ["config", "check", str(ENSKEDE)])
    assert result.exit_code == 0, result.output
    lines = body(result).splitlines()
    start = lines.index("Uppföljning – vid vilka uppföljningar aktiviteten följs upp:")
    assert lines[start:start + 13] == [
        "Uppföljning – vid vilka uppföljningar aktiviteten följs upp:",
        "  Tertial 1 och 2 samt VB → T1, T2, VB (läst ur namnet)",
        "  Följs upp i VB → VB (läst ur namnet)",
        "  Per tertial → T1, T2 (läst ur namnet)",
        "  Delår och helår → T2, VB",
        "Status – vad varje värde betyder vid uppföljningen:",
        "  Ej startad: pågående – varning när måldatum har passerat",
        "  Pågår: pågående – varning när måldatum har passerat",
        "  Klar: genomförd – kräver kommentar, förs inte över till nästa år, räknas i andelen genomförda",
        "  Försenad: försenad – kräver nytt måldatum och kommentar",
        "  Senarelagd: försenad – kräver nytt måldatum och kommentar",
        "  Avbruten: utgår – kräver kommentar, förs inte över till nästa år",
        "Fliken Analys: 6 fält:",
    ]
    assert lines[-1] == "Konfigurationen är giltig."


# -- what a status means -------------------------------------------------------------------------------------


def test_statuses_mean_what_their_words_say_unless_the_config_says():
    words = config_with({'status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]':
                         'status = ["Ej inledd", "Pågående", "Slutförd", "Framflyttad", "Struken", "Vilande"]',
                         'avslutade_status = ["Genomförd", "Utgår"]\n': ""})
    assert (words.delayed_statuses(), words.open_statuses(), words.completed_statuses(),
            words.cancelled_statuses()) == (["Framflyttad"], ["Ej inledd", "Pågående"], ["Slutförd"], ["Struken"])
    assert words.status_meaning("Vilande") == ""
    keyed = config_with({'status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]':
                         'status = ["Planerad", "Igång", "Klar", "Skjuts upp", "Stoppad"]',
                         'avslutade_status = ["Genomförd", "Utgår"]':
                         'avslutade_status = ["Klar"]\nforsenade_status = ["Skjuts upp"]\n'
                         'pagaende_status = ["Planerad", "Igång"]\nstrukna_status = ["Stoppad"]'})
    assert (keyed.delayed_statuses(), keyed.open_statuses(), keyed.completed_statuses(),
            keyed.cancelled_statuses(), keyed.finished_statuses()) == (
        ["Skjuts upp"], ["Planerad", "Igång"], ["Klar"], ["Stoppad"], ["Klar", "Stoppad"])


def test_a_status_cannot_mean_two_things():
    with pytest.raises(ConfigError, match=re.escape("statusen 'Försenad' kan inte både stå i forsenade_status och i "
                                                    "avslutade_status. Ta bort den från den ena")):
        config_with({'avslutade_status = ["Genomförd", "Utgår"]':
                     'avslutade_status = ["Genomförd", "Försenad"]\nforsenade_status = ["Försenad"]'})
    with pytest.raises(ConfigError, match="strukna_status: 'Stryks' finns inte i listan status"):
        config_with({'avslutade_status = ["Genomförd", "Utgår"]': 'strukna_status = ["Stryks"]'})


def test_config_check_warns_when_no_status_means_delayed(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text(config_text_with({'status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]':
                                      'status = ["Ej påbörjad", "Pågår", "Genomförd", "Utgår"]'}), "utf-8")
    result = runner.invoke(app, ["config", "check", str(path)])
    assert result.exit_code == 0
    assert ('Varning: Ingen status i listan status betyder försenad, så uppföljningen kan inte be om ett nytt '
            'måldatum. Lägg till en status som Försenad, eller skriv forsenade_status = ["…"] med den status som '
            'betyder försenad.') in result.output.splitlines()


# -- the follow-up in the förvaltning's words ------------------------------------------------------------------


def _unit(enskede, rows):
    return FollowUpUnit(enskede.plan_unit("Stadsmiljö och kultur"), [
        {F.ID_KEY: f"A-0000000{n}", "category": "Utveckla", "goal": f"Mål {n}", "activity": f"Aktivitet {n}",
         "due": due, "responsible": "Controller", "follow_up": follow_up} for n, (due, follow_up) in enumerate(rows)])


def test_follow_up_rules_use_the_configs_own_statuses(enskede, tmp_path):
    unit = _unit(enskede, [(date(2027, 4, 15), "Per tertial"), (date(2027, 12, 31), "Per tertial"),
                           (date(2027, 12, 31), "Delår och helår")])
    [path] = write_follow_ups(enskede, [unit], "T1", tmp_path / "t1")
    wb = load_workbook(path)
    steps = [str(c.value) for c in wb["Instruktioner"]["B"] if c.value]
    assert ("Är aktiviteten försenad: välj Försenad eller Senarelagd och skriv ett nytt måldatum inom planperioden "
            "2027–2029. Har Måldatum passerat för en aktivitet som inte är klar: välj Försenad eller Senarelagd och "
            "ange nytt måldatum.") in steps
    filled = answer(path, tmp_path / "in" / path.name, "T1", {
        "A-00000000": ("Ej startad", None, None),   # Måldatum 2027-04-15 has passed at T1
        "A-00000001": ("Senarelagd", None, None),   # delayed without a new date or a comment
    })
    [report] = validate_paths([filled], enskede)
    assert [(i.code, i.cell, i.message) for i in report.issues] == [
        ("uppf-maldatum-passerat", "H6", "Måldatum 2027-04-15 har passerat – välj Försenad eller Senarelagd och ange "
                                         "nytt måldatum."),
        ("uppf-kommentar", "I7", "Status Senarelagd kräver en kommentar. Skriv vad som har gjorts och med vilken "
                                 "effekt."),
        ("uppf-nytt-datum", "J7", "Status Senarelagd kräver ett nytt måldatum inom planperioden 2027–2029. Skriv "
                                  "ett datum, till exempel 2029-06-30."),
    ]
    # 'Delår och helår' is not due at T1: its row is grey and needs no answer.
    form = F.follow_up_form("T1")
    assert wb[F.SHEET_FOLLOW_UP][f"{form.letter(F.STATUS)}8"].fill.start_color.rgb == "FFD9D9D9"


def test_the_report_lists_the_configs_delayed_and_cancelled_statuses(enskede, tmp_path):
    from kfworkbook.output.follow_up_workbook import write_follow_up_report
    from kfworkbook.summary.follow_up import delayed_and_cancelled, listed_heading
    from kfworkbook.summary.merge import merge

    unit = _unit(enskede, [(date(2027, 12, 31), "Per tertial")] * 4)
    for n, row in enumerate(unit.rows):
        row["goal"] = f"Mål {n}"
    [path] = write_follow_ups(enskede, [unit], "T1", tmp_path / "t1")
    answer(path, tmp_path / "in" / path.name, "T1", {
        "A-00000000": ("Senarelagd", "Efter sommaren.", date(2027, 9, 30)), "A-00000001": ("Avbruten", "Ersätts.", None),
        "A-00000002": ("Klar", "Klart.", None), "A-00000003": ("Försenad", "Vakans.", date(2027, 10, 31))})
    summary = merge([tmp_path / "in"], enskede)
    assert listed_heading(enskede) == "Försenad, Senarelagd och Avbruten"
    assert list(delayed_and_cancelled(summary)["Status"]) == ["Senarelagd", "Avbruten", "Försenad"]
    report = write_follow_up_report(summary, tmp_path / "r.xlsx")
    sheet = load_workbook(report)["Avvikelser"]
    assert sheet["A1"].value == ("Uppföljning T1 2027: Försenad, Senarelagd och Avbruten, med kommentarer och nya "
                                 "måldatum")
    assert read_plan(path).meta["units_sent"] == "Stadsmiljö och kultur||4||"


# -- a row without an activity ---------------------------------------------------------------------------------


def test_a_row_with_only_a_comment_is_one_issue_and_no_activity(template_path, config, tmp_path):
    from kfworkbook.summary.merge import merge

    from .plans import GOOD_ROWS

    plan = fill(template_path, tmp_path / "in" / "plan.xlsx",
                [*GOOD_ROWS, {"comment": "Fler aktiviteter tas fram på APT i februari."},
                 {"target_group": "Barnskötare", "hours": 12}])
    [report] = validate_paths([plan], config)
    assert [(i.code, i.cell, i.message) for i in report.issues if i.row in (9, 10)] == [
        ("rad-utan-aktivitet", "N9", "Raden har bara en kommentar – skriv aktiviteten eller ta bort raden."),
        ("rad-utan-aktivitet", "F10", "Raden har bara uppgifter i Målgrupp och Resurser – timmar – skriv aktiviteten "
                                      "eller ta bort raden."),
    ]
    assert report.activity_count == 3
    summary = merge([tmp_path / "in"], config)
    assert len(summary.activities) == 3 and "(saknas)" not in summary.by_department_and_category.columns


def test_uppfoljning_refuses_answers_of_the_period_it_makes(tmp_path):
    from .test_followup import EXAMPLE

    config = str(EXAMPLE / "kfworkbook.toml")
    t1 = tmp_path / "t1"
    assert runner.invoke(app, ["uppfoljning", "--period", "T1", str(EXAMPLE / "planer"), "--config", config,
                               "--out", str(t1)]).exit_code == 0
    again = runner.invoke(app, ["uppfoljning", "--period", "T1", str(EXAMPLE / "planer"), "--svar", str(t1),
                                "--config", config, "--out", str(tmp_path / "igen")])
    assert again.exit_code == 2
    assert body(again) == ("Fel: Svaren från T1 kan inte användas för att göra uppföljningen för T1: ange svaren "
                           "från perioderna före T1 med --svar.\n")
    forgotten = runner.invoke(app, ["uppfoljning", "--period", "T2", str(EXAMPLE / "planer"), "--config", config,
                                    "--out", str(tmp_path / "utan-svar")])
    assert forgotten.exit_code == 0
    assert body(forgotten).splitlines()[0] == ("Inga svar från T1 angavs med --svar, så kolumnerna för T1 blir "
                                               "tomma.")
    unknown = runner.invoke(app, ["uppfoljning", "--period", "T2", str(EXAMPLE / "planer"), "--svar", str(t1),
                                  "--ta-bort", "A-00000000", "--config", config, "--out", str(tmp_path / "t2")])
    assert unknown.exit_code == 2
    assert body(unknown) == ("Fel: A-00000000 finns inte bland aktiviteterna i de godkända planerna. Kontrollera "
                             "Aktivitets-ID i listan över borttagna aktiviteter.\n")


def test_removals_are_ids_or_a_file_of_ids(tmp_path):
    from kfworkbook.prefill.follow_up_sources import SourceError, read_removals

    listed = tmp_path / "bort.txt"
    listed.write_text("# beslut i ledningsgruppen\nA-1f12d2aa; Ersätts av stadens satsning\nA-00000002-2\n\n", "utf-8")
    assert read_removals(["A-0000AAAA", str(listed)]) == {
        "A-0000AAAA": "beslut av HR", "A-1F12D2AA": "Ersätts av stadens satsning", "A-00000002-2": "beslut av HR"}
    with pytest.raises(SourceError, match=re.escape("--ta-bort finns-inte.txt: är varken ett Aktivitets-ID")):
        read_removals(["finns-inte.txt"])


def test_follow_ups_alone_still_work_and_say_what_they_cannot_know(tmp_path):
    """The form before the ledger (T2 from T1's returned files alone) still works, with a warning first."""
    from .test_followup import EXAMPLE

    config = str(EXAMPLE / "kfworkbook.toml")
    t1 = tmp_path / "t1"
    runner.invoke(app, ["uppfoljning", "--period", "T1", str(EXAMPLE / "planer"), "--config", config, "--out", str(t1)])
    returned = tmp_path / "in"
    returned.mkdir()
    for path in sorted(t1.glob("*.xlsx"))[1:]:  # one unit hands in nothing
        path.rename(returned / path.name)
    result = runner.invoke(app, ["uppfoljning", "--period", "T2", str(returned), "--config", config,
                                 "--out", str(tmp_path / "t2")])
    assert result.exit_code == 0, result.output
    first = body(result).splitlines()[0]
    assert first == ("Ingen plan och ingen sammanställning angavs, så uppföljningen görs bara ur raderna i de "
                     "inlämnade uppföljningarna: en enhet som inte lämnade någon uppföljning får ingen ny, och "
                     "borttagna rader kommer inte tillbaka. Saknas nu: Funktionsnedsättning. Ange de godkända planerna och "
                     "svaren: kfworkbook uppfoljning --period PERIOD PLANER --svar MAPP_MED_SVAR.")
    assert len(list((tmp_path / "t2").glob("*.xlsx"))) == 4

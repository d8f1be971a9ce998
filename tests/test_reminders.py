"""``kfworkbook paminnelser``: a mail draft per unit that must hand in or fix its plan, parsed back with ``email``.

One plan year (Farsta 2022, Förskola with two units, contacts in the configuration) with one defect per
unit: Förskola – Farsta strand hands in nothing (a contact in the configuration), Förskola – Hökarängen
has one error (address only on Uppgifter), Stadsutveckling's file is empty, Äldreomsorg has a warning,
Funktionsnedsättning hands in nothing and has no address. Förskola and Individ och familj are approved.
Then T1: Individ och familj does not answer.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.config import ConfigError, parse_config
from kfworkbook.forms import columns as C
from kfworkbook.forms import spec as F

from .cli_helpers import runner
from .conftest import config_text_with
from .plans import GOOD_ROWS, ROW_A, ROW_B, fill

CONFIG = config_text_with({
    'kontakt = "HR-enheten, Farsta stadsdelsförvaltning"\n':
        'kontakt = "HR-enheten, Farsta stadsdelsförvaltning"\nkontakt_epost = "hr.farsta@example.se"\n',
    '[[avdelningar]]\nnamn = "Förskola"\n':
        '[[avdelningar]]\nnamn = "Förskola"\nchef = "Åsa Öberg"\nepost = "asa.oberg@example.se"\n'
        'enheter = [{ namn = "Farsta strand", chef = "Örjan Ståhl", epost = "orjan.stahl@example.se" }, "Hökarängen"]\n',
    '[[avdelningar]]\nnamn = "Individ och familj"\n':
        '[[avdelningar]]\nnamn = "Individ och familj"\nchef = "Ingrid Ivarsson"\nepost = "ingrid.ivarsson@example.se"\n',
}) + "\n[paminnelse]\nsista_dag = 2022-03-31\nsista_dag_t1 = 2022-05-16\n"

PLAN = "Kompetensförsörjningsplan_2022_"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOKARANGEN = {"manager": "Hanna Hök", "email": "hanna.hok@example.se", "date": date(2022, 2, 1)}
SIGNATURE = ("Hör av dig om du har frågor.\n\nMed vänliga hälsningar\nHR-enheten, Farsta stadsdelsförvaltning\n"
             "hr.farsta@example.se\n")


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run with ``folder`` as the working directory (the commands then print relative paths)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """kfworkbook.toml, mallar/ (what HR handed out) and inlamnade/ (what came back), one defect per unit."""
    root = tmp_path_factory.mktemp("paminnelser")
    (root / "kfworkbook.toml").write_text(CONFIG, encoding="utf-8")
    with inside(root):
        assert runner.invoke(app, ["template", "--out", "mallar"]).exit_code == 0
    mallar, inlamnade = root / "mallar", root / "inlamnade"
    fill(mallar / f"{PLAN}Förskola.xlsx", inlamnade / f"{PLAN}Förskola.xlsx")
    fill(mallar / f"{PLAN}Förskola_Hökarängen.xlsx", inlamnade / f"{PLAN}Förskola_Hökarängen.xlsx",
         [ROW_A, dict(ROW_B, due=None)], HOKARANGEN)
    (inlamnade / "KFP Stadsutveckling.xlsx").write_bytes(b"")
    fill(mallar / f"{PLAN}Äldreomsorg.xlsx", inlamnade / f"{PLAN}Äldreomsorg.xlsx", [dict(ROW_A, due="2023")])
    fill(mallar / f"{PLAN}Individ_och_familj.xlsx", inlamnade / f"{PLAN}Individ_och_familj.xlsx")
    return root


def run(folder: Path, *args: str):
    with inside(folder):
        return runner.invoke(app, ["paminnelser", *args])


@pytest.fixture(scope="module")
def drafted(year: Path):
    """``kfworkbook paminnelser inlamnade --out utkast --utskick mallar`` once for the module."""
    result = run(year, "inlamnade", "--out", "utkast", "--utskick", "mallar")
    assert result.exit_code == 0, result.output
    return result


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage) -> str:
    """The text of the draft, with the line ends of a mail (CRLF) as Python writes them in a string."""
    text = message.get_body(("plain",)).get_content()
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n", "\n")


def attachment(message: EmailMessage) -> tuple[str, str, bytes]:
    (part,) = list(message.iter_attachments())
    return part.get_filename(), part.get_content_type(), part.get_content()


def headers_of(path: Path) -> str:
    """The raw header block, which must be plain ASCII (non-ASCII text encoded as RFC 2047 words)."""
    return path.read_bytes().split(b"\r\n\r\n", 1)[0].decode("ascii")


def sender(message: EmailMessage, path: Path) -> str:
    """From as an RFC 2047 decoder shows it. Python's own header parser puts a space where a long encoded
    display name is folded inside a word ('stadsdelsf örvaltning'); RFC 2047 says to join the words."""
    raw = next(line for line in headers_of(path).replace("\r\n ", " ").splitlines() if line.startswith("From: "))
    return str(make_header(decode_header(raw.removeprefix("From: "))))


DRAFTS = {
    "Farsta strand": f"utkast/Påminnelse_{PLAN}Förskola_Farsta_strand.eml",
    "Hökarängen": f"utkast/Påminnelse_{PLAN}Förskola_Hökarängen.eml",
    "Stadsutveckling": f"utkast/Påminnelse_{PLAN}Stadsutveckling.eml",
    "Funktionsnedsättning": f"utkast/Påminnelse_{PLAN}Funktionsnedsättning.eml",
}


def test_console_lists_every_draft_and_every_unit_that_needs_none(drafted, year):
    assert drafted.output.splitlines() == [
        "Konfiguration: kfworkbook.toml (Farsta stadsdelsförvaltning, planår 2022)",
        "Skrev 4 utkast till utkast (kompetensförsörjningsplan 2022, sista dag 31 mars 2022):",
        "  Förskola – Farsta strand: saknas, till Örjan Ståhl <orjan.stahl@example.se>",
        "  Förskola – Hökarängen: med fel (1 fel), till Hanna Hök <hanna.hok@example.se> (från fliken Uppgifter)",
        "  Stadsutveckling: kunde inte läsas, ingen mottagare",
        "  Funktionsnedsättning: saknas, ingen mottagare",
        "Ingen påminnelse behövs för 3 enheter:",
        "  Förskola: godkänd",
        "  Äldreomsorg: med varningar",
        "  Individ och familj: godkänd",
        "Enheter: 7 förväntade – 4 med utkast (2 saknas, 1 med fel, 1 kunde inte läsas) och 3 utan (2 godkända, "
        "1 med varningar).",
        "Ingen e-postadress för Stadsutveckling: fyll i To-fältet i utkastet.",
        "Ingen e-postadress för Funktionsnedsättning: fyll i To-fältet i utkastet.",
        "Sista dag 31 mars 2022 har redan passerat. Ange en ny med --sista-dag.",
    ]
    assert sorted(p.relative_to(year).as_posix() for p in (year / "utkast").glob("*.eml")) == sorted(DRAFTS.values())
    assert [p.name for p in (year / "utkast" / "bilagor").iterdir()] == [f"{PLAN}Förskola_Hökarängen.xlsx"]


def test_missing_unit_gets_the_template_it_was_sent(drafted, year):
    path = year / DRAFTS["Farsta strand"]
    message = parse(path)
    raw = headers_of(path)
    assert "X-Unsent: 1\r\n" in raw and "Subject: =?utf-8?" in raw  # å/ä/ö encoded, the header block ASCII
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Påminnelse: kompetensförsörjningsplan 2022 för Förskola – Farsta strand saknas"
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Örjan Ståhl", "orjan.stahl@example.se")
    assert message["From"].addresses[0].addr_spec == "hr.farsta@example.se"
    assert sender(message, path) == "HR-enheten, Farsta stadsdelsförvaltning <hr.farsta@example.se>"
    assert message["Date"] is not None
    assert message.get_body(("plain",))["Content-Type"].params["charset"] == "utf-8"
    assert body(message) == (
        "Hej Örjan Ståhl!\n\n"
        "Vi har ännu inte fått kompetensförsörjningsplanen 2022 från Förskola – Farsta strand. Fyll i den bifogade "
        "mallen och skicka den till mig senast 31 mars 2022.\n\n"
        "Rutan Kontroll överst på fliken Aktivitetsplan visar om något behöver rättas innan du skickar planen.\n\n"
        + SIGNATURE)
    name, kind, data = attachment(message)
    assert (name, kind) == (f"{PLAN}Förskola_Farsta_strand.xlsx", XLSX)
    assert data == (year / "mallar" / name).read_bytes()


def test_plan_with_errors_gets_its_marked_copy(drafted, year):
    message = parse(year / DRAFTS["Hökarängen"])
    assert message["Subject"] == "Påminnelse: kompetensförsörjningsplan 2022 för Förskola – Hökarängen behöver rättas"
    assert str(message["To"]) == "Hanna Hök <hanna.hok@example.se>"
    assert body(message) == (
        "Hej Hanna Hök!\n\n"
        "Tack för kompetensförsörjningsplanen 2022 från Förskola – Hökarängen! Kontrollen visar att 1 rad har fel:\n\n"
        "- Rad 7, Måldatum: Cellen är tom, men Måldatum måste fyllas i. Skriv datum då aktiviteten ska vara klar, "
        "till exempel 2024-12-31, eller ordet Löpande för ett arbete som pågår hela tiden.\n\n"
        "I den bifogade kopian av planen är cellerna med fel röda, de med varningar gula, "
        "och varje markerad cell har en kommentar. Fliken Valideringsfel listar allt med länkar till cellerna. "
        "Rätta planen och skicka den till mig igen senast 31 mars 2022.\n\n" + SIGNATURE)
    name, kind, data = attachment(message)
    copy = year / "utkast" / "bilagor" / name
    assert (name, kind) == (f"{PLAN}Förskola_Hökarängen.xlsx", XLSX)
    assert data == copy.read_bytes()
    marked = openpyxl.load_workbook(copy)
    assert marked.sheetnames[0] == "Valideringsfel"
    assert marked[C.SHEET_PLAN]["G7"].comment.text.startswith("FEL: Cellen är tom, men Måldatum måste fyllas i.")


def test_unreadable_file_gets_the_reason_and_a_new_start(drafted, year):
    path = year / DRAFTS["Stadsutveckling"]
    message = parse(path)
    assert message["To"] is None and "\r\nTo:" not in headers_of(path)
    assert message["Subject"] == "Påminnelse: kompetensförsörjningsplan 2022 för Stadsutveckling kunde inte läsas"
    assert body(message) == (
        "Hej!\n\n"
        "Tack för kompetensförsörjningsplanen 2022 från Stadsutveckling! Tyvärr kunde filen KFP Stadsutveckling.xlsx "
        "inte läsas: Filen är tom (0 byte). Spara planen i Excel igen och skicka den på nytt.\n\n"
        "Sista dag är 31 mars 2022. Går filen inte att rädda kan du börja om i den bifogade mallen.\n\n"
        + SIGNATURE)
    name, kind, data = attachment(message)
    assert (name, kind, data) == (f"{PLAN}Stadsutveckling.xlsx", XLSX, (year / "mallar" / name).read_bytes())


def test_unit_without_an_address_gets_a_draft_without_recipient(drafted, year):
    path = year / DRAFTS["Funktionsnedsättning"]
    message = parse(path)
    assert message["To"] is None
    assert message["X-Unsent"] == "1"
    assert body(message).startswith("Hej!\n\nVi har ännu inte fått kompetensförsörjningsplanen 2022 från "
                                    "Funktionsnedsättning. Fyll i den bifogade mallen och skicka den till mig ")
    name, _, data = attachment(message)
    assert data == (year / "mallar" / name).read_bytes()
    assert "Ingen e-postadress för Funktionsnedsättning: fyll i To-fältet i utkastet." in drafted.output.splitlines()


def test_json_gives_the_same_drafts_and_counts(drafted, year):
    result = run(year, "inlamnade", "--out", "utkast", "--utskick", "mallar", "--force", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["config"] == {"source": "kfworkbook.toml", "forvaltning": "Farsta stadsdelsförvaltning",
                                  "plan_year": 2022}
    assert document["totals"] == {"expected": 7, "drafts": 4, "without": 3, "no_address": 2, "saknas": 2,
                                  "med fel": 1, "kunde inte läsas": 1, "godkänd": 2, "med varningar": 1}
    assert [(d["label"], d["status"], d["to"], d["to_source"]) for d in document["drafts"]] == [
        ("Förskola – Farsta strand", "saknas", "orjan.stahl@example.se", "konfigurationen"),
        ("Förskola – Hökarängen", "med fel", "hanna.hok@example.se", "Uppgifter"),
        ("Stadsutveckling", "kunde inte läsas", None, None),
        ("Funktionsnedsättning", "saknas", None, None)]
    assert [d["file"] for d in document["drafts"]] == [str(Path(p)) for p in DRAFTS.values()]
    assert document["drafts"][1]["attachment"] == str(Path("utkast", "bilagor", f"{PLAN}Förskola_Hökarängen.xlsx"))
    assert [(u["label"], u["status"]) for u in document["without"]] == [
        ("Förskola", "godkänd"), ("Äldreomsorg", "med varningar"), ("Individ och familj", "godkänd")]
    assert document["no_address"] == ["Stadsutveckling", "Funktionsnedsättning"]
    assert document["deadline"] == "2022-03-31"


def test_existing_drafts_are_replaced_only_with_force(drafted, year):
    before = {p: p.read_bytes() for p in (year / "utkast").rglob("*") if p.is_file()}
    result = run(year, "inlamnade", "--out", "utkast", "--utskick", "mallar")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Konfiguration: kfworkbook.toml (Farsta stadsdelsförvaltning, planår 2022)",
        "Fel: 5 filer i utkast skulle skrivas över:",
        *(f"  {Path(p)}" for p in DRAFTS.values()),
        f"  {Path('utkast', 'bilagor', PLAN + 'Förskola_Hökarängen.xlsx')}",
        "Välj en annan mapp med --out eller lägg till --force för att skriva över dem."]
    assert {p: p.read_bytes() for p in (year / "utkast").rglob("*") if p.is_file()} == before


def test_without_the_folder_sent_from_a_new_template_is_attached(year, tmp_path):
    result = run(year, "inlamnade", "--out", str(tmp_path / "utkast"), "--sista-dag", "2030-04-15")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == (f"Skrev 4 utkast till {tmp_path / 'utkast'} (kompetensförsörjningsplan 2022, sista dag "
                        "15 april 2030):")
    assert lines[-1] == ("Bifogade en ny tom mall till Förskola – Farsta strand, Stadsutveckling, Funktionsnedsättning. "
                         "Ange mappen som mallarna skickades ut från med --utskick för att bifoga just de mallarna.")
    message = parse(tmp_path / DRAFTS["Farsta strand"])
    assert "skicka den till mig senast 15 april 2030." in body(message)
    name, kind, data = attachment(message)
    fresh = tmp_path / "utkast" / "bilagor" / name
    assert (name, kind, data) == (f"{PLAN}Förskola_Farsta_strand.xlsx", XLSX, fresh.read_bytes())
    made = openpyxl.load_workbook(fresh)
    assert made[C.SHEET_INFO][C.info_cell("unit")].value == "Farsta strand"


def test_varningar_reminds_units_with_warnings_too(year, tmp_path):
    result = run(year, "inlamnade", "--out", str(tmp_path), "--utskick", "mallar", "--varningar")
    assert result.exit_code == 0, result.output
    assert "  Äldreomsorg: med varningar (1 varning), till Avdelningschef förskola <forskola.farsta@example.se> " \
           "(från fliken Uppgifter)" in result.output.splitlines()
    message = parse(tmp_path / f"Påminnelse_{PLAN}Äldreomsorg.eml")
    assert message["Subject"] == "Påminnelse: kompetensförsörjningsplan 2022 för Äldreomsorg har varningar"
    assert body(message).split("\n\n")[1:4] == [
        "Tack för kompetensförsörjningsplanen 2022 från Äldreomsorg! Planen är godkänd, men kontrollen visar att "
        "1 rad har varningar. Se gärna över dem:",
        "- Rad 6, Måldatum: 2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31.",
        "I den bifogade kopian av planen är cellerna med varningar gula och har en kommentar. "
        "Fliken Valideringsfel listar allt med länkar till cellerna. Rätta gärna planen och skicka den till mig "
        "igen senast 31 mars 2022."]


def test_custom_subject_and_text(year, tmp_path):
    custom = tmp_path / "egen.toml"
    custom.write_text(CONFIG + 'amne = "{enhet}: {blankett} {lage}"\ntext = """{halsning}\n\n{fel}\n\n'
                      'Bilaga: {bilaga}. Senast {sista_dag}.\n{kontakt}"""\n', encoding="utf-8")
    result = run(year, "inlamnade", "--config", str(custom), "--out", str(tmp_path / "utkast"), "--utskick", "mallar")
    assert result.exit_code == 0, result.output
    message = parse(tmp_path / DRAFTS["Hökarängen"])
    assert message["Subject"] == "Förskola – Hökarängen: kompetensförsörjningsplan 2022 behöver rättas"
    assert body(message) == (
        "Hej Hanna Hök!\n\n- Rad 7, Måldatum: Cellen är tom, men Måldatum måste fyllas i. Skriv datum då "
        "aktiviteten ska vara klar, till exempel 2024-12-31, eller ordet Löpande för ett arbete som pågår hela "
        f"tiden.\n\nBilaga: {PLAN}Förskola_Hökarängen.xlsx. Senast 31 mars 2022.\n"
        "HR-enheten, Farsta stadsdelsförvaltning\n")


def test_a_deadline_is_needed(year, tmp_path):
    plain = tmp_path / "utan.toml"
    plain.write_text(CONFIG.replace("sista_dag = 2022-03-31\n", ""), encoding="utf-8")
    result = run(year, "inlamnade", "--config", str(plain), "--out", str(tmp_path / "u"))
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == [
        "Fel: Ange sista dag för kompetensförsörjningsplan 2022: --sista-dag ÅÅÅÅ-MM-DD, eller sista_dag under "
        "[paminnelse] i konfigurationen."]
    result = run(year, "inlamnade", "--out", str(tmp_path / "u"), "--sista-dag", "31/3")
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == ["Fel: Sista dag ska skrivas ÅÅÅÅ-MM-DD, till exempel 2022-03-31, "
                                              "inte 31/3."]
    assert not (tmp_path / "u").exists()


# -- the follow-up of a period ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def t1(year: Path) -> Path:
    """uppfoljning-T1/ from the plans (what HR sent) and uppfoljning-T1-inlamnade/: Individ och familj did not answer."""
    with inside(year):
        result = runner.invoke(app, ["uppfoljning", "--period", "T1", "inlamnade", "--out", "uppfoljning-T1"])
    assert result.exit_code == 0, result.output
    form = F.follow_up_form("T1")
    returned = year / "uppfoljning-T1-inlamnade"
    returned.mkdir()
    for path in sorted((year / "uppfoljning-T1").glob("*.xlsx")):
        if "Individ_och_familj" in path.name:
            continue
        wb = openpyxl.load_workbook(path)
        sheet = wb[form.sheet]
        for row in range(form.first_row, form.first_row + len(GOOD_ROWS)):
            if sheet[f"A{row}"].value:
                sheet[f"{form.letter(F.STATUS)}{row}"] = "Pågår"
                sheet[f"{form.letter(F.COMMENT)}{row}"] = "Arbetet pågår enligt plan."
        for key, value in {"manager": "Chef", "email": "chef@example.se", "date": date(2022, 5, 10)}.items():
            wb[C.SHEET_INFO][C.info_cell(key)] = value
        wb.save(returned / path.name)
    return year


def test_follow_up_unit_that_did_not_answer_gets_its_follow_up(t1):
    result = run(t1, "uppfoljning-T1-inlamnade", "--out", "utkast-T1", "--utskick", "uppfoljning-T1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Skrev 1 utkast till utkast-T1 (uppföljning T1 2022, sista dag 16 maj 2022):",
        "  Individ och familj: saknas, till Ingrid Ivarsson <ingrid.ivarsson@example.se>",
        "Ingen påminnelse behövs för 3 enheter:",
        "  Förskola: godkänd",
        "  Förskola – Hökarängen: godkänd",
        "  Äldreomsorg: godkänd",
        "Enheter: 4 förväntade – 1 med utkast (1 saknas) och 3 utan (3 godkända).",
        "Sista dag 16 maj 2022 har redan passerat. Ange en ny med --sista-dag.",
    ]
    path = t1 / "utkast-T1" / "Påminnelse_Uppföljning_T1_2022_Individ_och_familj.eml"
    message = parse(path)
    assert message["X-Unsent"] == "1"
    assert "Subject: =?utf-8?" in headers_of(path)
    assert message["Subject"] == "Påminnelse: uppföljning T1 2022 för Individ och familj saknas"
    assert str(message["To"]) == "Ingrid Ivarsson <ingrid.ivarsson@example.se>"
    assert sender(message, path) == "HR-enheten, Farsta stadsdelsförvaltning <hr.farsta@example.se>"
    assert body(message) == (
        "Hej Ingrid Ivarsson!\n\n"
        "Vi har ännu inte fått uppföljningen för tertial 1 2022 från Individ och familj. Svara för varje aktivitet "
        "i den bifogade uppföljningen och skicka den till mig senast 16 maj 2022.\n\n"
        "Rutan Kontroll överst på fliken Uppföljning visar om något behöver rättas innan du skickar uppföljningen.\n\n"
        + SIGNATURE)
    name, kind, data = attachment(message)
    assert (name, kind) == ("Uppföljning_T1_2022_Individ_och_familj.xlsx", XLSX)
    assert data == (t1 / "uppfoljning-T1" / name).read_bytes()


def test_follow_up_needs_the_folder_it_was_sent_from(t1, tmp_path):
    result = run(t1, "uppfoljning-T1-inlamnade", "--out", str(tmp_path / "u"))
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == [
        "Fel: Uppföljningen ska bifogas påminnelsen till 1 enhet. Ange mappen som uppföljningarna skickades ut från "
        "med --utskick, så bifogas varje enhets egen fil."]
    result = run(t1, "uppfoljning-T1-inlamnade", "--out", str(tmp_path / "u"), "--utskick", "mallar")
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == [
        "Fel: Hittar inte Uppföljning_T1_2022_Individ_och_familj.xlsx i mallar. Ange mappen som uppföljningarna "
        "skickades ut från med --utskick."]
    assert not (tmp_path / "u").exists()


# -- the configuration -----------------------------------------------------------------------------------


def _error(text: str) -> str:
    import tomllib

    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text), "k.toml")
    return str(caught.value)


def test_contacts_in_the_configuration():
    import tomllib

    from kfworkbook.config import PlanUnit

    config = parse_config(tomllib.loads(CONFIG), "k.toml")
    assert config.find_department("Förskola").units == ("Farsta strand", "Hökarängen")
    assert config.contact_of(PlanUnit("Förskola")) == ("Åsa Öberg", "asa.oberg@example.se")
    assert config.contact_of(PlanUnit("Förskola", "farsta strand")) == ("Örjan Ståhl", "orjan.stahl@example.se")
    assert config.contact_of(PlanUnit("Förskola", "Hökarängen")) == ("", "")
    assert config.contact_of(PlanUnit("Stadsutveckling")) == ("", "")
    assert config.contact_email == "hr.farsta@example.se"
    assert config.reminder.deadline_of("") == date(2022, 3, 31)
    assert config.reminder.deadline_of("T1") == date(2022, 5, 16)
    assert config.reminder.deadline_of("T2") is None


@pytest.mark.parametrize(("old", "new", "message"), [
    ('epost = "asa.oberg@example.se"', 'epost = "asa.oberg.example.se"',
     "avdelningar[1].epost 'asa.oberg.example.se' är ingen giltig e-postadress. Skriv en adress, till exempel "
     "fornamn.efternamn@example.se."),
    ('epost = "orjan.stahl@example.se"', 'epost = "Örjan Ståhl"',
     "avdelningar[1].enheter[1].epost 'Örjan Ståhl' är ingen giltig e-postadress. Skriv en adress, till exempel "
     "fornamn.efternamn@example.se."),
    ('{ namn = "Farsta strand", chef', '{ namn = "Farsta strand", e_post = "x", chef',
     "okänd nyckel avdelningar[1].enheter[1].e_post – menade du epost?"),
    ('kontakt_epost = "hr.farsta@example.se"', 'kontakt_epost = "hr"',
     "kontakt_epost 'hr' är ingen giltig e-postadress. Skriv en adress, till exempel fornamn.efternamn@example.se."),
    ("sista_dag = 2022-03-31", 'sista_dag = "31 mars"',
     "paminnelse.sista_dag ska vara ett datum som skrivs ÅÅÅÅ-MM-DD, till exempel 2022-03-31."),
    ("sista_dag = 2022-03-31", 'text = "Hej {enhett}!"',
     "paminnelse.text har den okända platshållaren {enhett}. Skriv {enhet}."),
    ("sista_dag = 2022-03-31", 'amne = "Plan {x}"',
     "paminnelse.amne har den okända platshållaren {x}. Platshållarna är {halsning}, {chef}, {enhet}, {avdelning}, "
     "{blankett}, {lage}, {arende}, {fel}, {bilaga}, {sista_dag}, {forvaltning}, {plan_ar}, {kontakt}, "
     "{kontakt_epost}."),
    ("sista_dag = 2022-03-31", 'amne = "Plan {enhet"',
     "paminnelse.amne har en ensam { eller }. Skriv {{ och }} för att få klamrar i texten."),
])
def test_config_errors_say_what_to_write(old, new, message):
    assert old in CONFIG
    assert _error(CONFIG.replace(old, new)) == f"Fel i konfigurationen k.toml: {message}"


def test_init_text_shows_contacts_and_the_default_reminder():
    """config init shows, commented out, how to give contacts and the [paminnelse] section: both parse, and the
    reminder text shown is the built-in default."""
    import tomllib

    from kfworkbook.config import default_config_text
    from kfworkbook.contacts import DEFAULT_BODY, DEFAULT_SUBJECT

    text = default_config_text()
    contacts = text[text.index("# chef = "):text.index('#            "Vård- och omsorgsboende"]')]
    contacts += '#            "Vård- och omsorgsboende"]\n'
    example = "\n".join(line[2:] for line in contacts.splitlines())
    department = parse_config(tomllib.loads(text.replace('namn = "Förskola"\n', f'namn = "Förskola"\n{example}\n')),
                              "k.toml").find_department("Förskola")
    assert department.units == ("Hemtjänst", "Vård- och omsorgsboende")
    assert department.entries[0].email == "fornamn.efternamn@example.se"
    section = text[text.index("# [paminnelse]"):]
    uncommented = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in section.splitlines())
    reminder = parse_config(tomllib.loads(text + "\n" + uncommented), "k.toml").reminder
    assert (reminder.subject, reminder.body) == (DEFAULT_SUBJECT, DEFAULT_BODY)
    assert reminder.deadline_of("VB") == date(2023, 1, 16)


def test_readme_example_is_what_the_command_prints(drafted, year, tmp_path):
    """README point 8: the command shown, run on this module's plan year, prints every line the README shows."""
    import shlex

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("   $ kfworkbook paminnelser "):]
    command, *shown = [line.removeprefix("   ") for line in block[:block.index("   ```")].splitlines()]
    args = shlex.split(command)[3:]  # without "$ kfworkbook paminnelser"
    assert args[:3] == ["inlamnade", "--out", "utkast"]
    result = run(year, *args[:2], str(tmp_path / "utkast"), *args[3:])
    assert result.exit_code == 0, result.output
    output = [line.replace(str(tmp_path / "utkast"), "utkast") for line in result.output.splitlines()]
    assert [line for line in shown if line not in output] == []
    assert output[:len(shown)] == shown


def test_a_file_made_for_another_year_is_named_in_the_reminder(tmp_path):
    """Funktionsnedsättning handed in last year's plan: it does not count, and the reminder says why."""
    from kfworkbook.config import load_config
    from kfworkbook.output.reminders import write_reminders
    from kfworkbook.summary.merge import merge
    from kfworkbook.template.plan import write_template

    config_path = tmp_path / "k.toml"
    config_path.write_text(CONFIG, encoding="utf-8")
    config = load_config(config_path)
    old = parse_config(__import__("tomllib").loads(CONFIG.replace("plan_ar = 2022", "plan_ar = 2021").replace(
        '"2022-2024"', '"2021-2023"')), "k21.toml")
    unit = old.plan_unit("Funktionsnedsättning")
    template = write_template(old, unit, tmp_path / "mallar21")
    fill(template, tmp_path / "in" / template.name, [dict(ROW_A, due=date(2021, 12, 31))])
    summary = merge([tmp_path / "in"], config)
    result = write_reminders(summary, tmp_path / "utkast")
    draft = next(d for d in result.drafts if d.unit.department == "Funktionsnedsättning")
    assert draft.body.split("\n\n")[1] == (
        "Vi har ännu inte fått kompetensförsörjningsplanen 2022 från Funktionsnedsättning. Den fil vi fick, "
        f"{template.name}, räknas inte: Planen är gjord för Farsta stadsdelsförvaltning 2021, inte för Farsta "
        "stadsdelsförvaltning 2022. Fyll i den bifogade mallen och skicka den till mig senast 31 mars 2022.")
    assert body(parse(draft.file)) == draft.body


def test_readme_documents_the_command_and_every_option():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `kfworkbook paminnelser"))
    for flag in ("FIL_ELLER_MAPP...", "--config FIL", "--out MAPP", "--utskick MAPP", "--sista-dag ÅÅÅÅ-MM-DD",
                 "--varningar", "--force", "--json"):
        assert flag in row, flag
    diagram = readme[readme.index("## Årets gång"):readme.index("## Två kommandon")]
    assert "kfworkbook paminnelser inlamnade/" in diagram and "kfworkbook paminnelser uppfoljning-T1/" in diagram


def test_a_copy_that_cannot_be_made_leaves_every_issue_in_the_text(year, tmp_path, monkeypatch):
    from kfworkbook.config import load_config
    from kfworkbook.output import reminders
    from kfworkbook.summary.merge import merge

    def broken(*args, **kwargs):
        raise ValueError("openpyxl cannot read it")

    monkeypatch.setattr(reminders, "annotate", broken)
    summary = merge([year / "inlamnade" / f"{PLAN}Förskola_Hökarängen.xlsx"], load_config(year / "kfworkbook.toml"))
    result = reminders.write_reminders(summary, tmp_path, sent_from=year / "mallar", today=date(2022, 3, 1))
    draft = next(d for d in result.drafts if d.unit.unit == "Hökarängen")
    assert draft.attachment is None and list(parse(draft.file).iter_attachments()) == []
    assert draft.body.split("\n\n")[1:4] == [
        "Tack för kompetensförsörjningsplanen 2022 från Förskola – Hökarängen! Kontrollen visar att 1 rad har fel:",
        "- Rad 7, Måldatum: Cellen är tom, men Måldatum måste fyllas i. Skriv datum då aktiviteten ska vara klar, "
        "till exempel 2024-12-31, eller ordet Löpande för ett arbete som pågår hela tiden.",
        "Rätta planen och skicka den till mig igen senast 31 mars 2022."]
    assert result.notes[-1] == (f"Kunde inte göra en kopia med markeringar av {PLAN}Förskola_Hökarängen.xlsx "
                                "(Förskola – Hökarängen, ValueError): alla anmärkningar står i utkastets text.")


def test_help_names_the_config_section():
    result = runner.invoke(app, ["paminnelser", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "sista_dag under [paminnelse] i konfigurationen." in " ".join(result.output.replace("│", " ").split())

"""The plan document as a förvaltning sends it to the district council, on Enskede-Årsta-Vantörs 2027
(tests/enskede.py: units, long names, a headcount 'ca 45' and a share 0,12): Swedish, real headings and
lists, HR's own chapter 1, key figures that are right and say what they leave out, schema-valid parts,
and ``check_docx.py`` (../shared/tools/ooxml) with nothing to report.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_document
from docx.oxml.ns import qn

from kfworkbook.cli import app
from kfworkbook.output.document import write_document
from kfworkbook.output.docx import NBSP, WORD_JOINER
from kfworkbook.output.docx_text import IntroductionError, read_introduction
from kfworkbook.output.plan_document import APPENDIX_TITLE, INTRODUCTION_MISSING, build_document

from . import enskede
from .cli_helpers import runner

CHECK_DOCX = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ooxml" / "check_docx.py"
INTRODUCTION = """# Kompetensförsörjningsplan i Enskede-Årsta-Vantörs stadsdelsförvaltning 2027–2029

Kompetenta och engagerade medarbetare är en förutsättning för **likvärdig service**.
Planen gäller rullande tre år.

## Demografi

Stadsdelsområdet växer med omkring 4 000 invånare fram till 2030.

## Personalbehovsprognos

Störst är behovet av:

- förskollärare och barnskötare med examen,
- undersköterskor med yrkestitel.

Behovet växer till 2029.

| Yrkesgrupp | Behov 2027 | Behov 2029 |
|---|---:|---:|
| Förskollärare | 25 | 40 |
| Undersköterskor | 30 | 35 |

#### Chefsförsörjning

1. Heltid som norm.
2. Fler VFU-platser.
"""


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    folder = tmp_path_factory.mktemp("enskede")
    introduction = folder / "inledning.md"
    introduction.write_text(INTRODUCTION, encoding="utf-8")
    return enskede.year(folder, introduction=introduction)


@pytest.fixture(scope="module")
def document(year):
    return open_document(str(year.document))


def check_docx(*paths: Path) -> list[str]:
    """What ../shared/tools/ooxml/check_docx.py says about each file: its summary lines."""
    if not CHECK_DOCX.exists():
        pytest.skip(f"{CHECK_DOCX} saknas")
    result = subprocess.run([sys.executable, str(CHECK_DOCX), *map(str, paths)], capture_output=True, text=True)
    return result.stdout.splitlines()


def _headings(document) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text.replace(WORD_JOINER, "")) for p in document.paragraphs
            if p.style.name.startswith("Heading")]


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_check_docx_reports_nothing_on_the_plan_and_follow_up_documents(year):
    assert check_docx(year.document, year.t1_document) == [f"{year.document}: 0 problems",
                                                           f"{year.t1_document}: 0 problems"]


def test_every_part_declares_swedish_and_names_kfworkbook(year):
    with zipfile.ZipFile(year.document) as package:
        names = package.namelist()
        xml = {name: package.read(name).decode("utf-8") for name in names if name.endswith(".xml")}
    styles = open_document(str(year.document)).styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert default.get(qn("w:val")) == "sv-SE"
    assert "<dc:language>sv-SE</dc:language>" in xml["docProps/core.xml"]
    assert '<w:themeFontLang w:val="sv-SE"/>' in xml["word/settings.xml"]
    assert not [name for name, text in xml.items() if "en-US" in text]  # no part says English
    assert "<Application>kfworkbook " in xml["docProps/app.xml"] and "Macintosh" not in xml["docProps/app.xml"]
    assert "docProps/thumbnail.jpeg" not in names  # the default template's picture of an empty page
    settings = xml["word/settings.xml"]
    assert settings.index("<w:updateFields") < settings.index("<w:compat")  # where the schema wants it
    assert re.search(r'<w:zoom [^>]*w:percent="100"', settings)


def test_headings_chapter_one_from_hr_and_no_level_skipped(document):
    assert _headings(document) == [
        (1, "1. Kompetensförsörjningsplan i Enskede-Årsta-Vantörs stadsdelsförvaltning 2027–2029"),
        (2, "Demografi"), (2, "Personalbehovsprognos"), (3, "Chefsförsörjning"),  # '####' one level below
        (1, "2. Förvaltningens avdelningsspecifika kompetensförsörjningsplanering"),
        (2, "Nyckeltal per avdelning"),
        (2, "2.1 Avdelning förskola"), (3, "Nyckeltal"), (3, "Avdelningsgemensamt"), (4, "Nuläge och utmaningar"),
        (4, "Kompetensbehov under planperioden"), (3, "Enskede förskolor"), (4, "Nuläge och utmaningar"),
        (2, "2.2 Avdelning äldreomsorg, funktionsnedsättning och socialpsykiatri"), (3, "Nyckeltal"),
        (3, "Hemtjänst Enskede-Årsta"), (4, "Nuläge och utmaningar"),
        (2, "2.3 Avdelning individ- och familjeomsorg"), (3, "Nyckeltal"), (3, "Barn och ungdom"),
        (4, "Kompetensbehov under planperioden"),
        (2, "2.4 Avdelning stadsmiljö och kultur"), (3, "Nyckeltal"), (3, "Nuläge och utmaningar"),
        (2, "2.5 Avdelning administrativa avdelningen"),
        (1, "3. Aktivitetsplaner per avdelning"), (2, "Aktiviteter per steg och avdelning"),
        (2, "Aktivitetsplan avdelningen förskola"),
        (2, "Aktivitetsplan avdelningen äldreomsorg, funktionsnedsättning och socialpsykiatri"),
        (2, "Aktivitetsplan avdelningen individ- och familjeomsorg"),
        (2, "Aktivitetsplan avdelningen stadsmiljö och kultur"),
        (2, "Aktivitetsplan avdelningen administrativa avdelningen"),
        (1, APPENDIX_TITLE), (2, "Inlämning"),
    ]
    levels = [level for level, _ in _headings(document)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_introduction_is_chapter_one_with_its_lists_and_table(document):
    body = [p for p in document.paragraphs if p.style.name not in ("Title", "Subtitle", "TOC Heading")]
    texts = [p.text for p in body]
    start = texts.index("Kompetenta och engagerade medarbetare är en förutsättning för likvärdig service. Planen "
                        "gäller rullande tre år.")
    paragraph = body[start]
    assert [(r.text, bool(r.bold)) for r in paragraph.runs][1] == ("likvärdig service", True)
    bullets = [(p.style.name, p.text) for p in body if p.style.name in ("List Bullet", "List Number")]
    assert bullets[:4] == [("List Bullet", "förskollärare och barnskötare med examen,"),
                           ("List Bullet", "undersköterskor med yrkestitel."), ("List Number", "Heltid som norm."),
                           ("List Number", "Fler VFU-platser.")]
    assert ("Normal", "Behovet växer till 2029.") in [(p.style.name, p.text) for p in body]  # the list ended
    table = document.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Yrkesgrupp", "Behov 2027", "Behov 2029"], ["Förskollärare", "25", "40"], ["Undersköterskor", "30", "35"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert texts.index("Fler VFU-platser.") < texts.index("2. Förvaltningens avdelningsspecifika "
                                                          "kompetensförsörjningsplanering")


def test_managers_dash_lines_become_list_paragraphs(document):
    texts = _texts(document)
    start = texts.index("Kompetensbehov under planperioden")
    following = document.paragraphs[start + 1: start + 4]
    assert [(p.style.name, p.text) for p in following] == [
        ("List Bullet", "Fler legitimerade förskollärare"), ("List Bullet", "Barnskötare med yrkesutbildning"),
        ("List Bullet", "Rektorer med erfarenhet av förändringsledning")]
    assert not [t for t in texts if t.startswith("- ")]


def test_key_figures_weighted_over_the_plans_with_a_headcount_and_say_what_they_leave_out(document):
    """Förskola: 300 + 100 + 100 employees ('ca 45' is no number); the share over 61 weighted over the plans that
    give both, (300·10 + 100·30)/400 = 15 % – Enskede (no headcount) and Vantörs (0,12, a share) left out, and
    said. The förvaltning: (300·10 + 100·30 + 200·12 + 50·30)/650 = 15,2 %."""
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == [
        "Avdelning", "Antal tillsvidareanställda"])
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    percent = f"{NBSP}%"
    assert rows == {
        "Förskola": ["500", f"15{percent}", f"8,4{percent}"],
        "Äldreomsorg, funktionsnedsättning och socialpsykiatri": ["200", f"12{percent}", "–"],
        "Individ- och familjeomsorg": ["50", "–", "–"],
        "Stadsmiljö och kultur": ["50", f"30{percent}", "–"],
        "Förvaltningen totalt": ["800", f"15,2{percent}", f"8,4{percent}"]}
    texts = _texts(document)
    start = texts.index("Inte med i talen:")
    assert texts[start - 1] == ("Antal är summan av planernas tal. Andelar är medelvärden vägda med antalet "
                                "tillsvidareanställda i de planer som anger det.")
    assert [(p.style.name, p.text) for p in document.paragraphs[start + 1: start + 3]] == [
        ("List Bullet", "Förskola – Enskede förskolor: Antal tillsvidareanställda 'ca 45' är inget tal och räknas inte, "
                        "och därför ingår inte planens andel medarbetare över 61 år (%) i de vägda andelarna."),
        ("List Bullet", "Förskola – Vantörs förskolor: Andel medarbetare över 61 år (%) 0,12 räknas inte – det ser ut "
                        "som en andel i stället för procent. Rättas planen räknas värdet med.")]
    lists = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == [
        "Avdelning", "Svårast att rekrytera"])  # the words whole: a table of its own where one is too narrow
    assert [c.text for c in lists.rows[-1].cells] == ["Förvaltningen totalt", "Förskollärare, Undersköterskor"]


def test_department_figures_under_their_own_heading_and_no_empty_heading(document):
    body = document.element.body
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    names = {p._p: p for p in document.paragraphs}
    headings = [(i, names[b]) for i, b in enumerate(blocks) if b in names and names[b].style.name.startswith("Heading")]
    for (i, heading), (j, _) in zip(headings, [*headings[1:], (len(blocks), None)], strict=True):
        content = [b for b in blocks[i + 1:j] if b.tag == qn("w:tbl") or (names[b].text.strip())]
        following_level = int(names[blocks[j]].style.name.split()[-1]) if j < len(blocks) else 0
        assert content or following_level > int(heading.style.name.split()[-1]), heading.text
    texts = _texts(document)
    start = texts.index("2.1 Avdelning förskola")
    assert texts[start + 1] == "Nyckeltal"  # the department's table first, under its own heading
    assert "Ingen egen analys från Årsta förskolor, Vantörs förskolor." in texts
    assert texts[texts.index("2.5 Avdelning administrativa avdelningen") + 1] == "Avdelningen har inte lämnat någon analys."


def test_one_number_format_no_broken_title_no_sheet_references(document):
    texts = _texts(document)
    ours = texts[texts.index("2. Förvaltningens avdelningsspecifika kompetensförsörjningsplanering"):]  # not HR's text
    words = "\n".join(ours + [c.text for t in document.tables[1:] for r in t.rows for c in r.cells])
    assert not re.search(r"\d%", words) and not re.search(r"\d %", words)  # always '14 %' with a no-break space
    assert not re.search(r"\d \d{3}\b", words)  # thousands with a no-break space
    assert "Valideringsfel" not in words and "fliken" not in words
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text == f"Kompetensförsörjningsplan 2027{WORD_JOINER}–{WORD_JOINER}2029"
    appendix = _texts(document).index(APPENDIX_TITLE)
    assert not any(t.startswith(("Med fel", "Kunde inte läsas")) for t in _texts(document)[:appendix])


def test_follow_up_document_names_the_unit(year):
    document = open_document(str(year.t1_document))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Enhet"]
    assert tables and [c.text for c in tables[0].rows[0].cells] == ["Enhet", "Aktivitet", "Måldatum", "Status",
                                                                    "Nytt måldatum", "Kommentar"]
    units = {r.cells[0].text for t in tables for r in t.rows[1:]}
    assert {"Enskede förskolor", "Årsta förskolor", "Avdelningsgemensamt"} <= units
    shares = document.tables[0]
    assert [c.text for c in shares.rows[0].cells] == ["Avdelning", "Följs upp nu", "Genomförda", "Andel genomförda"]
    assert all(r.cells[3].text.endswith(f"{NBSP}%") for r in shares.rows[1:])


def test_without_introduction_or_appendix(year):
    document = build_document(year.summary, appendix=False)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("1. Kompetensförsörjningsplan i Enskede-Årsta-Vantörs stadsdelsförvaltning") + 1] == \
        INTRODUCTION_MISSING
    assert APPENDIX_TITLE not in texts and not any(t == "Inlämning" for t in texts)


def test_introduction_from_word(year, tmp_path):
    source = open_document()
    source.add_paragraph("Vår förvaltning 2027", style="Title")
    source.add_paragraph("Demografi", style="Heading 1")
    source.add_paragraph("Fler barn och fler äldre.")
    source.add_paragraph("förskollärare", style="List Bullet")
    table = source.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("Grupp", "Antal", "Chefer", "45"), strict=True):
        cell.text = text
    source.save(str(tmp_path / "inledning.docx"))
    document = build_document(year.summary, introduction=tmp_path / "inledning.docx")
    headings = _headings(document)
    assert headings[:2] == [(1, "1. Vår förvaltning 2027"), (2, "Demografi")]
    texts = _texts(document)
    start = texts.index("Demografi")
    assert [(p.style.name, p.text) for p in document.paragraphs[start + 1: start + 3]] == [
        ("Normal", "Fler barn och fler äldre."), ("List Bullet", "förskollärare")]
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [["Grupp", "Antal"], ["Chefer", "45"]]


def test_a_template_without_list_styles_gets_numbered_ones(year, tmp_path):
    template = open_document()
    for name in ("List Bullet", "List Number"):
        template.styles.element.remove(template.styles[name].element)
    template.save(str(tmp_path / "mall.docx"))
    out = tmp_path / "plan.docx"
    write_document(year.summary, out, template=tmp_path / "mall.docx")
    document = open_document(str(out))
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) > 3 and bullets[0].style.element.pPr.numPr is not None
    assert check_docx(out) == [f"{out}: 0 problems"]


def test_unreadable_introduction_is_a_swedish_error(tmp_path):
    (tmp_path / "inledning.pdf").write_bytes(b"%PDF")
    (tmp_path / "trasig.docx").write_text("ingen", encoding="utf-8")
    with pytest.raises(IntroductionError, match="varken en Markdown-fil"):
        read_introduction(tmp_path / "inledning.pdf")
    with pytest.raises(IntroductionError, match="kunde inte öppnas som ett Word-dokument"):
        read_introduction(tmp_path / "trasig.docx")
    with pytest.raises(IntroductionError, match="Hittar inte"):
        read_introduction(tmp_path / "finns-inte.md")
    (tmp_path / "ansi.md").write_bytes("# Förvaltningens inledning\n\nÅr 2027.".encode("cp1252"))
    assert [b.text for b in read_introduction(tmp_path / "ansi.md")] == ["Förvaltningens inledning", "År 2027."]


def test_cli_inledning_and_utan_bilaga(year, tmp_path):
    introduction = tmp_path / "inledning.md"
    introduction.write_text("# Vår förvaltning\n\nText för nämnden.\n", encoding="utf-8")
    out = tmp_path / "plan.docx"
    args = ["dokument", str(year.plans), "-o", str(out), "--config", str(enskede.CONFIG)]
    result = runner.invoke(app, [*args, "--inledning", str(introduction), "--utan-bilaga"])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in open_document(str(out)).paragraphs]
    assert texts[texts.index("1. Vår förvaltning") + 1] == "Text för nämnden."
    assert APPENDIX_TITLE not in texts
    bad = runner.invoke(app, [*args, "--force", "--inledning", str(tmp_path / "saknas.md")])
    assert bad.exit_code == 2 and f"Hittar inte {tmp_path / 'saknas.md'}." in bad.output
    assert "Traceback" not in bad.output


def test_readme_describes_the_document_as_it_is():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("6. **Plandokumentet.**"):readme.index("7. **Följ upp.**")]
    for words in ("--inledning inledning.md", "--utan-bilaga", "*Inlämning och kontroll*", "sv-SE", "*ca 45*",
                  "*0,12*", "Enheter utan egen analys nämns på en rad", "`--mall forvaltningens-mall.docx`"):
        assert words in section, words
    assert "1. Sammanfattning" not in readme  # the chapter it had before HR's own text took its place

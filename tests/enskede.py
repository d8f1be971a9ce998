"""A second förvaltning for the print and document tests: Enskede-Årsta-Vantörs stadsdelsförvaltning 2027
(examples/enskede-2027), with units, long department and unit names and its own lists and statuses.

:func:`year` writes its plans (prefilled templates: activities, Uppgifter and Analys), the summary, the T1
follow-up (answered) and its report, and the documents, into one folder. The Analys values hold the two cases
the key figures must handle: a headcount written 'ca 45' (an error: not a number) and a share written 0,12
(a warning: a share, not a percentage).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from kfworkbook.config import Config, PlanUnit, load_config
from kfworkbook.forms import spec as F
from kfworkbook.output.document import write_document
from kfworkbook.output.write import write_workbook
from kfworkbook.prefill.follow_up_sources import read_sources
from kfworkbook.read.workbook import read_plan
from kfworkbook.summary.merge import merge
from kfworkbook.summary.model import Summary
from kfworkbook.template.follow_up import write_follow_ups
from kfworkbook.template.plan import write_template

CONFIG = Path(__file__).parents[1] / "examples" / "enskede-2027" / "kfworkbook.toml"
FSK = "Förskola"
ALDRE = "Äldreomsorg, funktionsnedsättning och socialpsykiatri"
IFO = "Individ- och familjeomsorg"
STADSMILJO = "Stadsmiljö och kultur"
VP = "3.3 Stockholms stad är en attraktiv arbetsgivare"
INFO = {"manager": "Avdelningschef", "email": "kfp@eav.example", "date": date(2027, 1, 31)}


def config() -> Config:
    return load_config(CONFIG)


def _row(step: str, goal: str, activity: str, target: str, due: Any, responsible: str, follow_up: str,
         comment: str | None = None) -> dict[str, Any]:
    return {"category": step, "vp_goal": VP, "goal": goal, "activity": activity, "target_group": target, "due": due,
            "responsible": responsible, "follow_up": follow_up, "comment": comment}


ROWS = [
    _row("Attrahera", "Fler sökande till lediga tjänster som förskollärare och undersköterska",
         "Öppet hus för studenter och ungdomar under vårterminen, tillsammans med högskolorna i regionen.",
         "Förskollärare", date(2027, 5, 31), "Kommunikatör", "Tertial 1 och 2 samt VB"),
    _row("Rekrytera", "Gemensam rekryteringsprocess för alla enheter",
         "Ta fram gemensamma annonsmallar, intervjufrågor och en checklista för referenstagning.",
         "Alla medarbetare", date(2027, 6, 30), "HR-strateg", "Per tertial"),
    _row("Introducera", "Nya medarbetare känner sig välkomna och trygga",
         "Introduktionsprogram med mentor under de första sex månaderna för alla nyanställda.",
         "Undersköterskor", date(2027, 12, 31), "Enhetschef", "Tertial 1 och 2 samt VB",
         "Mentorerna får en halvdags utbildning i februari."),
    _row("Utveckla", "Medarbetarna har rätt kompetens för uppdraget",
         "Validering och utbildning till yrkestiteln undersköterska för alla tillsvidareanställda vårdbiträden.",
         "Undersköterskor", date(2028, 12, 31), "Medicinskt ansvarig sjuksköterska", "Delår och helår"),
    _row("Behålla", "Lägre sjukfrånvaro och färre som slutar under första året",
         "Arbetsmiljöronder med fokus på ljudmiljö och ergonomi på alla enheter.",
         "Alla medarbetare", "Löpande", "Samtliga chefer", "Följs upp i VB"),
    _row("Avveckla", "Kunskapen stannar kvar vid pensionsavgångar",
         "Avslutssamtal och överlämning för alla som går i pension under planperioden.",
         "Chefer", date(2029, 12, 31), "Avdelningschef", "Följs upp i VB"),
]
NULAGE = ("Antalet barn 1–5 år minskar i Enskede men ökar i Årsta, där två nya förskolor öppnar 2028.\n"
          "Andelen legitimerade förskollärare är 38 procent.")
BEHOV = ("- Fler legitimerade förskollärare\n- Barnskötare med yrkesutbildning\n"
         "- Rektorer med erfarenhet av förändringsledning")
PLANS: dict[PlanUnit, tuple[list[dict[str, Any]], dict[str, Any]]] = {
    PlanUnit(FSK): (ROWS, {"nulage": NULAGE, "behov": BEHOV, "antal_tillsvidareanstallda": 300,
                           "andel_over_61": 10, "sjukfranvaro": 8.4, "svarrekryterade": "Förskollärare"}),
    PlanUnit(FSK, "Enskede förskolor"): (ROWS[:4], {"nulage": "Sju förskolor med 96 medarbetare.",
                                                    "antal_tillsvidareanstallda": "ca 45", "andel_over_61": 20}),
    PlanUnit(FSK, "Årsta förskolor"): (ROWS[1:5], {"antal_tillsvidareanstallda": 100, "andel_over_61": 30}),
    PlanUnit(FSK, "Vantörs förskolor"): (ROWS[2:6], {"antal_tillsvidareanstallda": 100, "andel_over_61": 0.12}),
    PlanUnit(ALDRE): (ROWS, {}),
    PlanUnit(ALDRE, "Hemtjänst Enskede-Årsta"): (ROWS[::2], {
        "nulage": "Fler äldre över 80 år och fler med omfattande behov i hemtjänsten.",
        "antal_tillsvidareanstallda": 200, "andel_over_61": 12, "svarrekryterade": "Undersköterskor"}),
    PlanUnit(ALDRE, "Vård- och omsorgsboende Bagarmossen"): (ROWS[1::2], {}),
    PlanUnit(IFO, "Barn och ungdom"): (ROWS[:3], {"behov": "- Socialsekreterare med erfarenhet\n- Familjebehandlare",
                                                  "antal_tillsvidareanstallda": 50}),
    PlanUnit(STADSMILJO): (ROWS[3:], {"nulage": "Liten avdelning med få specialister; sårbar vid pensionsavgångar.",
                                      "antal_tillsvidareanstallda": 50, "andel_over_61": 30}),
}
"""The plans handed in. Missing: Förskola's nothing; Äldreomsorg's Boendestöd och socialpsykiatri, IFO's Vuxenenheten
and Ekonomiskt bistånd, Administrativa avdelningen."""


@dataclass
class Year:
    """Everything :func:`year` writes."""

    config: Config
    plans: Path
    summary: Summary
    summary_workbook: Path
    document: Path
    follow_ups: Path
    answered: Path
    t1: Summary
    t1_report: Path
    t1_document: Path


def write_plans(cfg: Config, folder: Path) -> Path:
    """The handed-in plans of :data:`PLANS` in ``folder``."""
    for unit, (rows, analysis) in PLANS.items():
        write_template(cfg, unit, folder, rows=rows, info=INFO, analysis=analysis)
    return folder


def answer(source: Path, target: Path) -> Path:
    """Answer every T1 follow-up of ``source`` into ``target``: most Pågår, one Klar, one Försenad, one Avbruten."""
    form = F.follow_up_form("T1")
    target.mkdir(parents=True, exist_ok=True)
    answers = [("Pågår", "Arbetet har startat på alla enheter.", None), ("Klar", "Genomfört enligt plan.", None),
               ("Försenad", "Väntar på lokal; startar i höst.", date(2027, 10, 31)),
               ("Avbruten", "Ersätts av stadens centrala satsning.", None)]
    for path in sorted(source.glob("*.xlsx")):
        wb = load_workbook(path)
        ws = wb[F.SHEET_FOLLOW_UP]
        info = wb["Uppgifter"]
        info["B6"], info["B7"], info["B8"] = "Enhetschef", "kfp@eav.example", date(2027, 5, 10)
        for n, row in enumerate(read_plan(path).row_numbers):
            status, comment, new_due = answers[n % len(answers)]
            ws[f"{form.letter(F.STATUS)}{row}"] = status
            ws[f"{form.letter(F.COMMENT)}{row}"] = comment
            ws[f"{form.letter(F.NEW_DUE)}{row}"] = new_due
        wb.save(target / path.name)
    return target


def year(folder: Path, introduction: Path | None = None) -> Year:
    """Plans, summary, document, T1 follow-ups (answered), T1 report and T1 document of Enskede 2027 in ``folder``."""
    cfg = config()
    plans = write_plans(cfg, folder / "inlamnade")
    summary = merge([plans], cfg, workers=1)
    summary_workbook = write_workbook(summary, folder / "sammanstallning.xlsx")
    document = folder / "kompetensforsorjningsplan.docx"
    write_document(summary, document, introduction=introduction)
    follow_ups = folder / "uppfoljning-T1"
    write_follow_ups(cfg, read_sources([plans], cfg), "T1", follow_ups)
    answered = answer(follow_ups, folder / "uppfoljning-T1-inlamnade")
    t1 = merge([answered], cfg, workers=1)
    t1_report = write_workbook(t1, folder / "uppfoljning_T1_2027.xlsx")
    t1_document = folder / "uppfoljning_T1_2027.docx"
    write_document(t1, t1_document)
    return Year(cfg, plans, summary, summary_workbook, document, follow_ups, answered, t1, t1_report, t1_document)

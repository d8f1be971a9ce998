"""Record every output of kfworkbook for one förvaltning's year, to compare two versions of the code.

The harness drives kfworkbook only through its command line (each command a separate process) and
fills the workbooks HR hands out the way a manager would, with openpyxl. It never imports kfworkbook,
so the same harness runs unchanged against any checkout whose package layout has moved.

One run, in a temporary working directory:

* ``kfworkbook demo``;
* on ``examples/enskede-2027/kfworkbook.toml``: ``config check`` and ``config schema``, the templates
  (also as JSON), the templates filled in with typical manager mistakes (plus a 0-byte file, last
  year's plan, an older version of one plan and an Excel lock file), ``validate`` (plain, JSON,
  ``--annotate``), ``merge`` and ``dokument``;
* the follow-up year: T1 workbooks from the plans, answered (one unit does not answer), validated,
  merged into the T1 report and written as a document; T2 from the plans and the T1 answers, VB from
  the plans and the T1 and T2 answers (``--svar``), each answered, validated and merged;
* next year's templates (2028) with ``--prefill`` from the VB answers, from the VB report, and from the
  plans with every period's answers (``--prefill inlamnade --svar …``).

Every command's exit code, stdout and stderr go to ``OUT/console/NN-name.txt`` with the working
directory replaced by ``<WORK>``; the JSON a command prints is also stored, keys sorted, in
``OUT/json/NN-name.json``. The working files end up in ``OUT``.

    python tools/compare_outputs.py run --kfworkbook .venv/bin/kfworkbook --out /tmp/a
    python tools/compare_outputs.py snapshot /tmp/a > a.txt
    python tools/compare_outputs.py diff a.txt b.txt

``snapshot`` runs ``shared/tools/snapshot.py`` (``../shared/tools/snapshot.py`` from the repository,
or ``--shared``) over OUT and appends the console files. Run it with a Python that has openpyxl and
python-docx (kfworkbook's own virtual environment has both). ``diff`` prints a unified diff and exits
1 when the snapshots differ. LibreOffice is not needed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = REPO / "examples" / "enskede-2027" / "kfworkbook.toml"
SHARED_SNAPSHOT = REPO.parent / "shared" / "tools" / "snapshot.py"
WORK_PLACEHOLDER = "<WORK>"
META_FILE = "_run.json"
"""Written beside the console files: run date, timings. Not part of the snapshot."""

ENV = {
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "COLUMNS": "120",
    "LINES": "50",
    "TERM": "dumb",
    "NO_COLOR": "1",
    "TZ": "Europe/Stockholm",
}
"""The environment of every command, so that rich lays out the same tables on any machine."""

D = dt.datetime
PLAN_YEAR = 2027

# -- the configs ------------------------------------------------------------------------------------


def year_config(text: str, year: int) -> str:
    """The example config moved to another plan year (plan_ar, planperiod and mallversion)."""
    replacements = {
        f"plan_ar = {PLAN_YEAR}": f"plan_ar = {year}",
        f'planperiod = "{PLAN_YEAR}-{PLAN_YEAR + 2}"': f'planperiod = "{year}-{year + 2}"',
        f'mallversion = "{PLAN_YEAR}.': f'mallversion = "{year}.',
    }
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"The example config has no {old!r}; update year_config() in {Path(__file__).name}.")
        text = text.replace(old, new)
    return text


# -- the plans the managers return ------------------------------------------------------------------

ANALYS_FORSKOLA = {
    "Nuläge och utmaningar": "Antalet barn 1–5 år minskar i Enskede men ökar i Årsta, där två nya förskolor öppnar 2028. "
                             "Andelen legitimerade förskollärare är 38 procent.",
    "Kompetensbehov under planperioden": "- Fler legitimerade förskollärare\n- Barnskötare med yrkesutbildning\n"
                                "- Rektorer med erfarenhet av förändringsledning",
    "Antal tillsvidareanställda": 412,
    "Andel medarbetare över 61 år (%)": 9,
    "Sjukfrånvaro (%)": 8.4,
    "Svårast att rekrytera": "Förskollärare",
}
ANALYS_ALDRE = {
    "Nuläge och utmaningar": "Fler äldre över 80 år i stadsdelen och fler med omfattande behov i hemtjänsten. "
                             "Språkkraven för undersköterskor skärps från 2027.",
    "Kompetensbehov under planperioden": "Undersköterskor med yrkestitel, sjuksköterskor och stödpedagoger.",
    "Antal tillsvidareanställda": 538,
    "Andel medarbetare över 61 år (%)": 120,  # a mistake: more than 100 %
    "Sjukfrånvaro (%)": "7,5",  # typed as text
    "Svårast att rekrytera": "Sjuksköterskor",
}
ANALYS_IFO = {
    "Nuläge och utmaningar": "Hög personalomsättning bland socialsekreterare med mindre än två års erfarenhet.",
    "Antal tillsvidareanställda": 146,
    "Svårast att rekrytera": "Socialsekreterare",
}
ANALYS_STADSMILJO = {
    "Nuläge och utmaningar": "Liten avdelning med få specialister; sårbar vid pensionsavgångar.",
    "Antal tillsvidareanställda": 31,
    "Andel medarbetare över 61 år (%)": 19,
    "Svårast att rekrytera": "Alla medarbetare",
}
ANALYS_ADMIN = {
    "Nuläge och utmaningar": "Nya ekonomi- och HR-system införs 2027–2028.",
    "Kompetensbehov under planperioden": "Systemförvaltning, analys och digitalt arbetssätt.",
    "Antal tillsvidareanställda": 58,
    "Andel medarbetare över 61 år (%)": 12,
    "Sjukfrånvaro (%)": 4.1,
    "Svårast att rekrytera": "Administratörer",
}

VP_BARN = "1.4 Barn i Stockholm får en bra start i livet"
VP_ALDRE = "1.5 Äldre i Stockholm har en god och trygg ålderdom"
VP_TRYGG = "1.2 Stockholm är en trygg stad för alla"
VP_ARBETSGIVARE = "3.3 Stockholms stad är en attraktiv arbetsgivare"
VP_KOMPETENS = "Nämndmål: Medarbetarna har rätt kompetens för uppdraget"
VP_ARBETSMILJO = "Nämndmål: Stadsdelsnämnden har en god arbetsmiljö och en låg sjukfrånvaro"

# Header names of the Aktivitetsplan sheet, shortened for the tables below.
K1, K2, VP, MAL, AKT, GRUPP, DATUM, ANSV = ("Kategori (UBARA)", "Kategori 2", "Koppling till verksamhetsplan",
                                            "Vad ska vi uppnå?", "Aktivitet – hur gör vi det?", "Målgrupp",
                                            "Måldatum", "Ansvarig (funktion)")
TIM, KR, OVR, UPPF, STATUS, KOMM = ("Resurser – timmar", "Resurser – kronor", "Resurser – övrigt", "Uppföljning",
                                    "Status", "Kommentar")


def row(k1: str | None, vp: str | None, mal: str | None, akt: str | None, grupp: str | None, datum: Any,
        ansv: str | None, uppf: str | None, **more: Any) -> dict[str, Any]:
    """One activity row by header; ``more`` takes k2, tim, kr, ovr, status, komm."""
    names = {"k2": K2, "tim": TIM, "kr": KR, "ovr": OVR, "status": STATUS, "komm": KOMM}
    values = {K1: k1, VP: vp, MAL: mal, AKT: akt, GRUPP: grupp, DATUM: datum, ANSV: ansv, UPPF: uppf}
    values.update({names[k]: v for k, v in more.items()})
    return {k: v for k, v in values.items() if v is not None}


@dataclass
class Plan:
    """What one manager returns: the template of (department, unit) filled in."""

    department: str
    unit: str
    manager: str
    email: str
    date: dt.datetime
    rows: list[dict[str, Any]]
    analysis: dict[str, Any] = field(default_factory=dict)
    filename: str = ""
    """Save under this name (in inlamnade/) instead of the template's own."""


FSK, ALD, IFO, STM, ADM = ("Förskola", "Äldreomsorg, funktionsnedsättning och socialpsykiatri",
                           "Individ- och familjeomsorg", "Stadsmiljö och kultur", "Administrativa avdelningen")

PLANS: list[Plan] = [
    Plan(FSK, "", "Avdelningschef förskola", "kfp.forskola@eav.example", D(2027, 1, 22), [
        row("Attrahera", VP_BARN, "Fler sökande till lediga förskollärartjänster",
            "Ta emot VFU-studenter från Stockholms universitet i samtliga förskoleenheter.", "Förskollärare",
            D(2027, 12, 31), "Avdelningschef", "Följs upp i VB"),
        row("Rekrytera", VP_ARBETSGIVARE, "Gemensam rekryteringsprocess för förskolorna",
            "Ta fram gemensamma annonsmallar och intervjufrågor för förskollärare och barnskötare.", "Förskollärare",
            D(2027, 6, 30), "HR-strateg", "Per tertial", k2="Introducera", tim=60),
        row("Utveckla", VP_KOMPETENS, "Barnskötare med yrkesutbildning",
            "Erbjuda barnskötare validering och yrkesutbildning via Komvux.", "Barnskötare",
            D(2028, 12, 31), "Rektor", "Tertial 1 och 2 samt VB", kr=120000),
        row("Behålla", VP_ARBETSMILJO, "Lägre sjukfrånvaro bland barnskötare",
            "Arbetsmiljöronder med fokus på ljudmiljö och ergonomi på alla förskolor.", "Barnskötare",
            "Löpande", "Rektor", "Delår och helår"),
        row("Avsluta", VP_KOMPETENS, "Kunskapen stannar kvar vid pensionsavgångar",
            "Avslutssamtal och överlämning för alla som går i pension.", "Alla medarbetare",
            D(2029, 12, 31), "Rektor", "Följs upp i VB"),
    ], ANALYS_FORSKOLA),
    Plan(FSK, "Enskede förskolor", "Rektor Enskede förskolor", "kfp.enskede@eav.example", D(2027, 1, 25), [
        row("Utveckla/behålla", VP_BARN, "Förskollärarna leder undervisningen",
            "Kollegialt lärande i alla arbetslag:\n- läsa och diskutera forskning\n- observera varandras undervisning",
            "Förskollärare", "2027", "Rektor", "Per tertial"),
        row("Introducera", VP_BARN, "Timvikarier får en bra start",
            "Introduktionsdag och checklista för alla nya timvikarier.", "Timvikarier",
            D(2027, 3, 31), "Biträdande rektor", "Tertial 1 och 2 samt VB"),
        row("Utveckla", VP_KOMPETENS, "Digital kompetens i undervisningen",
            "=Lärplattor i undervisningen, två workshoppar per termin", "Barnskötare",
            D(2027, 10, 31), "Rektor", "Per tertial"),
        row("Rekrytera", VP_ARBETSGIVARE, "Fler legitimerade förskollärare",
            "Rekryteringsmässa tillsammans med Årsta förskolor.", "Förskollärare",
            D(2027, 4, 30), "Rektor", "Tertial 1 och 2 samt VB", kr=15000),
        row("Behålla", VP_ARBETSMILJO, "Alla har en individuell utvecklingsplan",
            "Medarbetarsamtal med individuella utvecklingsplaner.", "Alla medarbetare",
            D(2027, 12, 31), "Rektor", "Följs upp i VB"),
        row("Attrahera", VP_ARBETSGIVARE, "Förskolorna syns som arbetsgivare",
            "Berätta om vardagen i förskolan i stadens sociala medier, en gång i månaden.", "Förskollärare",
            D(2028, 6, 30), "Kommunikatör", "Per tertial"),
        row("Utveckla", VP_BARN, "Språkutvecklande arbetssätt",
            "Utbildning i svenska som andraspråk för barnskötare.", "Barnskötare",
            D(2029, 6, 30), "Rektor", "Delår och helår"),
    ], {"Nuläge och utmaningar": "Sju förskolor, 96 medarbetare.", "Antal tillsvidareanställda": 96}),
    Plan(FSK, "Årsta förskolor", "Rektor Årsta förskolor", "kfp.arsta@eav.example", D(2027, 1, 27), [
        row("Rekrytra", VP_ARBETSGIVARE, "Bemanna de nya förskolorna",
            "Rekrytera förskollärare och barnskötare till de två nya förskolorna.", "Förskollärare",
            "31/12 -27", "Rektor", "Per tertial"),
        row("Utveckla", VP_KOMPETENS, "Rektorerna leder förändringen",
            "Ledarutbildning för rektorer och biträdande rektorer.", "Chefer",
            D(2028, 6, 30), "Avdelningschef", "Tertial 1 och 2 samt VB", kr="25 000 kr"),
        row("Behålla", VP_ARBETSMILJO, "Färre korttidssjukskrivningar",
            "Hälsofrämjande aktiviteter och tidiga samtal vid upprepad korttidsfrånvaro.", "Alla medarbetare",
            D(2027, 12, 31), "Rektor", "Per tertial", k2="Behålla"),
        row("Introducera", VP_BARN, "Nya medarbetare känner sig välkomna",
            "Mentor för varje nyanställd förskollärare under första året.", "Förskollärare",
            D(2027, 8, 31), "Biträdande rektor", "Tertial 1 och 2 samt VB", tim=120),
        row("Attrahera", VP_ARBETSGIVARE, "Feriearbetare ser förskolan som framtida arbetsplats",
            "Ta emot feriearbetande ungdomar på alla förskolor under sommaren.", "Timvikarier",
            D(2027, 8, 31), "Rektor", "VB"),
        row("Avveckla", VP_KOMPETENS, "Erfarenhet förs vidare",
            "Seniora förskollärare handleder nyexaminerade det sista året före pension.", "Förskollärare",
            D(2029, 12, 31), "Rektor", "Följs upp i VB"),
    ]),
    Plan(ALD, "", "Avdelningschef äldreomsorg", "kfp.aldre@eav.example", D(2027, 1, 20), [
        row("Utveckla", VP_ALDRE, "Undersköterskor med yrkestitel",
            "Validering och utbildning till yrkestiteln undersköterska för alla tillsvidareanställda.",
            "Undersköterskor", D(2028, 12, 31), "Avdelningschef", "Tertial 1 och 2 samt VB", kr=850000),
        row("Rekrytera", VP_ALDRE, "Stödpedagoger i alla LSS-boenden",
            "Rekrytera stödpedagoger när tjänster blir lediga.", "Stödpedagoger och stödbiträden",
            D(2027, 12, 31), "Enhetschef LSS", "Följs upp i VB"),
        row("Behålla", VP_ARBETSMILJO, "Lägre sjukfrånvaro",
            "Arbetsmiljöombud och chef går igenom schemaläggningen på varje enhet.", "Undersköterskor",
            D(2027, 9, 30), "Enhetschef", "Per tertial"),
        row("Introducera", VP_ALDRE, "Säkra introduktioner för sommarvikarier",
            "Gemensam introduktionsvecka för sommarvikarier i maj.", "Timvikarier",
            D(2027, 5, 31), "HR-strateg", "Tertial 1 och 2 samt VB"),
        row("Attrahera", VP_ARBETSGIVARE, "Sjuksköterskor väljer oss",
            "Erbjuda studenter i sjuksköterskeprogrammet betald VFU och sommarjobb.", "Sjuksköterskor",
            D(2028, 6, 30), "Medicinskt ansvarig sjuksköterska", "Delår och helår"),
    ], ANALYS_ALDRE),
    Plan(ALD, "Hemtjänst Enskede-Årsta", "Enhetschef hemtjänst", "kfp.hemtjanst@eav.example", D(2027, 1, 21), [
        row("Utveckla", VP_ALDRE, "Språket räcker för dokumentationen",
            "Språkombud och svenska i arbetet för undersköterskor.", "Undersköterskor",
            D(2027, 12, 31), "Karin Berglund", "Per tertial"),
        row("Introducera", VP_ALDRE, "Nya medarbetare går bredvid",
            "Två veckors bredvidgång för alla nyanställda.", "Undersköterskor",
            D(2027, 6, 30), "Enhetschef", "Tertial 1 och 2 samt VB", tim=80),
        row("Behålla", VP_ARBETSMILJO, "Heltid som norm",
            "Erbjuda alla deltidsanställda heltid.", "Undersköterskor",
            D(2027, 12, 31), "Enhetschef", "Följs upp i VB"),
        row("Rekrytera", VP_ALDRE, "Bilburna undersköterskor",
            "Körkortsutbildning för undersköterskor som saknar B-körkort.", "Undersköterskor",
            D(2028, 12, 31), "Biträdande enhetschef", "Tertial 1 och 2 samt VB", kr=60000),
        row("Utveckla", VP_TRYGG, "Trygga hembesök",
            "Utbildning i hot och våld för alla medarbetare.", "Alla medarbetare",
            "Kontinuerligt", "Enhetschef", "Per tertial"),
        row("Avveckla", VP_KOMPETENS, "Vi lär av dem som slutar",
            "Avslutningsenkät och avslutningssamtal med alla som slutar.", "Alla medarbetare",
            D(2027, 12, 31), "HR-konsult", "Följs upp i VB"),
    ]),
    Plan(ALD, "Vård- och omsorgsboende Bagarmossen", "Enhetschef Bagarmossen", "kfp.bagarmossen@eav.example",
         D(2027, 1, 29), [
        row("Utveckla", VP_ALDRE, "Demenskompetens på alla avdelningar",
            "Silviasyster-utbildning för två undersköterskor.", "Undersköterskor",
            D(2028, 6, 30), "Enhetschef", "Tertial 1 och 2 samt VB", kr=90000),
        row("Behålla", VP_ARBETSMILJO, "Delaktighet i schemaläggningen",
            None, "Undersköterskor",
            D(2027, 10, 31), "Enhetschef", "Per tertial"),
        row("Introducera", VP_ALDRE, "Sjuksköterskor introduceras i läkemedelshanteringen",
            "Introduktionsprogram med MAS för nya sjuksköterskor.", "Sjuksköterskor",
            D(2027, 4, 30), "Medicinskt ansvarig sjuksköterska", "Tertial 1 och 2 samt VB"),
        row("Rekrytera", VP_ALDRE, "Fler med undersköterskeutbildning",
            "Anställa vårdbiträden som studerar till undersköterska på Komvux.", "Undersköterskor",
            D(2030, 12, 31), "Enhetschef", "Följs upp i VB"),
        row(None, None, None, None, None, None, None, None,
            komm="Fler aktiviteter tas fram på APT i februari."),
        row("Attrahera", VP_ARBETSGIVARE, "Boendet är en attraktiv arbetsplats",
            "Öppet hus för studenter och ungdomar under vårterminen.", "Undersköterskor",
            D(2027, 5, 31), "Kommunikatör", "Tertial 1 och 2 samt VB"),
        row("Utveckla", VP_ALDRE, "Säker vård",
            "Utbildning i basala hygienrutiner och fallprevention för alla medarbetare.", "Alla medarbetare",
            D(2027, 12, 31), "Kvalitetsutvecklare", "Delår och helår", tim=200),
        row("Behålla", VP_ARBETSMILJO, "Karriärvägar för undersköterskor",
            "Specialistundersköterska i demens och palliativ vård.", "Undersköterskor",
            D(2029, 12, 31), "Enhetschef", "Följs upp i VB"),
    ]),
    Plan(IFO, "Barn och ungdom", "Enhetschef barn och ungdom", "kfp.bou@eav.example", D(2027, 1, 26), [
        row("Introducera", VP_TRYGG, "Nya socialsekreterare klarar utredningarna",
            "Introduktionsprogram på sex månader med mentor.", "Socialsekreterare",
            D(2027, 12, 31), "Sektionschef", "Tertial 1 och 2 samt VB"),
        row("Behålla", VP_ARBETSMILJO, "Hanterbar arbetsbelastning",
            "Ärendetak och veckovis ärendegenomgång.", "Socialsekreterare",
            "Löpande", "Enhetschef", "Per tertial"),
        row("Utveckla", VP_TRYGG, "Barnets bästa i varje utredning",
            "Utbildning i BBIC för alla handläggare.", "Socialsekreterare",
            D(2027, 6, 30), "HR", "Tertial 1 och 2 samt VB", kr=40000),
        row("Rekrytera", VP_ARBETSGIVARE, "Erfarna socialsekreterare söker sig hit",
            "Marknadslön och tydliga karriärsteg för erfarna socialsekreterare.", "Socialsekreterare",
            D(2028, 12, 31), "Avdelningschef", "Följs upp i VB"),
        row("Attrahera", VP_ARBETSGIVARE, "Socionomstudenter gör praktik här",
            "Sex VFU-platser per termin.", "Socialsekreterare",
            D(2027, 12, 31), "Sektionschef", "Delår och helår"),
        row("Utveckla", VP_KOMPETENS, "Handledning",
            "Extern handledning i grupp en gång i månaden.", "Socialsekreterare",
            "Kontinuerligt", "Enhetschef", "Per tertial"),
    ], ANALYS_IFO),
    Plan(IFO, "Vuxenenheten", "Enhetschef vuxenenheten", "kfp.vuxen@eav.example", D(2027, 1, 28), [
        row("Utveckla", VP_TRYGG, "Kunskap om beroende och samsjuklighet",
            "Utbildning i MI och ASI för alla handläggare.", "Socialsekreterare",
            D(2027, 11, 30), "Enhetschef", "Tertial 1 och 2 samt VB", kr=30000),
        row("Behålla", VP_ARBETSMILJO, "Trygg arbetsmiljö",
            "Rutiner för hot och våld gås igenom på APT.", "Alla medarbetare",
            D(2027, 3, 31), "Enhetschef", "Per tertial"),
        row("Introducera", VP_TRYGG, "Nya medarbetare kan rutinerna",
            "Introduktionspärm och fadder.", "Socialsekreterare",
            D(2027, 12, 31), "Sektionschef", "Följs upp i VB"),
        row("Rekrytera", VP_ARBETSGIVARE, "Biståndshandläggare med erfarenhet",
            "Kompetensbaserad rekrytering med arbetsprov.", "Biståndshandläggare",
            D(2028, 6, 30), "HR-konsult", "Per tertial"),
        row("Avveckla", VP_KOMPETENS, "Kunskapsöverföring",
            "Dokumentera arbetssätt innan en medarbetare slutar.", "Alla medarbetare",
            D(2029, 12, 31), "Enhetschef", "Följs upp i VB"),
    ]),
    Plan(STM, "", "Avdelningschef stadsmiljö", "kfp.stadsmiljo@eav.example", D(2027, 1, 10), [
        row("Utveckla", VP_TRYGG, "Trygga parker", "Utbildning i trygghetsvandringar.", "Alla medarbetare",
            D(2027, 6, 30), "Avdelningschef", "Per tertial"),
        row("Behålla", VP_ARBETSMILJO, "God arbetsmiljö", "Medarbetarenkät följs upp.", "Alla medarbetare",
            D(2027, 12, 31), "Avdelningschef", "Följs upp i VB"),
    ], ANALYS_STADSMILJO, filename="tidigare/Kompetensförsörjningsplan_2027_Stadsmiljö_och_kultur.xlsx"),
    Plan(STM, "", "Avdelningschef stadsmiljö", "kfp.stadsmiljo@eav.example", D(2027, 1, 30), [
        row("Utveckla", VP_TRYGG, "Trygga parker och torg",
            "Utbildning i trygghetsvandringar och platssamverkan för parkingenjörer.", "Alla medarbetare",
            D(2027, 6, 30), "Avdelningschef", "Per tertial"),
        row("Behålla", VP_ARBETSMILJO, "God arbetsmiljö",
            "Resultatet av medarbetarenkäten följs upp på varje APT.", "Alla medarbetare",
            D(2027, 12, 31), "Avdelningschef", "Följs upp i VB"),
        row("Avveckla", VP_KOMPETENS, "Specialistkunskap går inte förlorad",
            "Dubbelbemanning ett halvår före pensionsavgångar i parkgruppen.", "Alla medarbetare",
            D(2028, 12, 31), "Avdelningschef", "Delår och helår"),
        row("Attrahera", VP_ARBETSGIVARE, "Unga ser kulturarbete som ett yrke",
            "Feriejobb på fritidsgårdar och i kulturverksamheten.", "Timvikarier",
            D(2027, 8, 31), "Sektionschef", "Tertial 1 och 2 samt VB", tim=300),
        row("Rekrytera", VP_ARBETSGIVARE, "Fritidsledare med rätt utbildning",
            "Annonsera via fritidsledarutbildningarna.", "Alla medarbetare",
            D(2027, 3, 31), "Sektionschef", "Per tertial"),
    ], ANALYS_STADSMILJO),
    Plan(ADM, "", "Administrativ chef", "kfp.admin@eav.example", D(2027, 1, 24), [
        row("Utveckla", VP_KOMPETENS, "Alla kan de nya systemen",
            "Utbildning i nytt ekonomisystem för alla beställare och attestanter.", "Administratörer",
            D(2027, 9, 30), "Controller", "Tertial 1 och 2 samt VB", tim=400),
        row("Utveckla", VP_KOMPETENS, "Chefer förstår sin ekonomi",
            "Ekonomiutbildning för nya chefer.", "Chefer",
            D(2027, 12, 31), "Controller", "Följs upp i VB"),
        row("Rekrytera", VP_ARBETSGIVARE, "Snabbare rekryteringar",
            "Nytt rekryteringssystem och utbildning för rekryterande chefer.", "Chefer",
            D(2027, 5, 31), "HR-strateg", "Per tertial"),
        row("Behålla", VP_ARBETSMILJO, "Friskare arbetsplats",
            "Friskvårdstimme och aktivt arbete med rehabilitering.", "Alla medarbetare",
            D(2028, 12, 31), "HR-strateg", "Delår och helår"),
        row("Introducera", VP_ARBETSGIVARE, "Nya chefer får en bra start",
            "Chefsintroduktion i fyra träffar under första halvåret.", "Chefer",
            D(2027, 12, 31), "HR-konsult", "Tertial 1 och 2 samt VB"),
    ], ANALYS_ADMIN),
]
"""Ten plans count (three units hand in none readable); Stadsmiljö's first version is replaced."""

LAST_YEAR_PLAN = Plan(ADM, "", "Administrativ chef", "kfp.admin@eav.example", D(2026, 1, 23), [
    row("Utveckla", VP_KOMPETENS, "Digital kompetens", "Grundkurs i Office 365.", "Administratörer",
        D(2026, 12, 31), "Controller", "Följs upp i VB"),
    row("Rekrytera", VP_ARBETSGIVARE, "Kompetensbaserad rekrytering", "Utbildning för chefer.", "Chefer",
        D(2026, 6, 30), "HR-strateg", "Per tertial"),
])
"""Last year's plan of the administrative department, handed in again by mistake (does not count)."""

ZERO_BYTE = "KFP Boendestöd och socialpsykiatri.xlsx"
LOCK_FILE = "~$Kompetensförsörjningsplan_2027_Förskola.xlsx"

# -- the follow-up answers --------------------------------------------------------------------------

DUE = {
    "tertial 1 och 2 samt vb": {"T1", "T2", "VB"},
    "följs upp i vb": {"VB"},
    "per tertial": {"T1", "T2"},
    "delår och helår": {"T2", "VB"},
}
"""When a manager reads the Uppföljning value as due (their reading, not kfworkbook's)."""

COMMENTS = {
    "Pågår": "Arbetet pågår enligt plan.",
    "Klar": "Genomfört. Utvärderingen visar att målet är nått.",
    "Försenad": "Försenat på grund av vakanser.",
    "Senarelagd": "Flyttas till nästa termin efter beslut i ledningsgruppen.",
    "Avbruten": "Avbryts; ersätts av stadens gemensamma satsning.",
    "Ej startad": "",
}
CYCLES = {
    "T1": ["Pågår", "Ej startad", "Pågår", "Klar", "Försenad", "Pågår", "Senarelagd"],
    "T2": ["Pågår", "Klar", "Försenad", "Pågår", "Avbruten", "Klar"],
    "VB": ["Klar", "Pågår", "Försenad", "Klar", "Avbruten", "Senarelagd", "Pågår"],
}
NEW_DUE = {"T1": D(2027, 10, 31), "T2": D(2027, 12, 31), "VB": D(2028, 6, 30)}
ANSWER_DATE = {"T1": D(2027, 5, 10), "T2": D(2027, 9, 12), "VB": D(2028, 1, 18)}
NOT_ANSWERING = {"T1": (IFO, "Vuxenenheten")}
"""Units that hand in no follow-up for a period."""


@dataclass
class Answer:
    """A manager's answer to one follow-up row."""

    status: str | None
    comment: str | None = None
    new_due: Any = None


MISTAKES: dict[tuple[str, str], Answer] = {
    # (period, the activity's "Vad ska vi uppnå?") → a typical mistake instead of the regular answer
    ("T1", "Trygga parker och torg"): Answer("Försenad"),  # delayed, with neither a new date nor a comment
    ("T1", "Rektorerna leder förändringen"): Answer("Klart", "Kursen är genomförd."),  # not in the list
    ("T1", "Timvikarier får en bra start"): Answer("Pågår", "Vikarierna har fått checklistan."),  # Måldatum passed
    ("T1", "Fler legitimerade förskollärare"): Answer("Ej startad"),  # Måldatum passed, not started
    ("T2", "Gemensam rekryteringsprocess för förskolorna"):
        Answer("Försenad", "Väntar på stadens nya mallar.", "2031-06-30"),  # new date outside the period, as text
    ("T2", "Nya medarbetare går bredvid"): Answer("Avbruten"),  # finished without a comment
    ("VB", "Alla kan de nya systemen"): Answer(None, "Se verksamhetsberättelsen."),  # Status left empty
    ("VB", "Undersköterskor med yrkestitel"):
        Answer("Försenad", "Utbildningen fortsätter 2028.", "våren 2028"),  # text as the new date
}


# -- workbook helpers (openpyxl only) ---------------------------------------------------------------


def header_row(ws: Worksheet, first: str, max_row: int = 30) -> tuple[int, dict[str, int]]:
    """The row whose cells hold the table's headers (one of them ``first``), and column by header."""
    for r in range(1, max_row + 1):
        cells = {str(c.value).strip(): c.column for c in ws[r] if isinstance(c.value, str)}
        if first in cells:
            return r, cells
    raise SystemExit(f"No header {first!r} in the first {max_row} rows of {ws.title!r}.")


def labelled(ws: Worksheet, label: str, max_row: int = 40) -> int | None:
    """The row whose column A reads ``label`` (Uppgifter, Analys)."""
    for r in range(1, max_row + 1):
        value = ws.cell(r, 1).value
        if isinstance(value, str) and value.strip() == label:
            return r
    return None


def identity(path: Path) -> tuple[str, str]:
    """(Avdelning, Enhet) as the workbook's Uppgifter sheet states them."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb["Uppgifter"]
        values = {str(r[0]).strip(): r[1] for r in ws.iter_rows(max_col=2, values_only=True) if r[0]}
    finally:
        wb.close()
    return str(values.get("Avdelning") or ""), str(values.get("Enhet") or "")


def by_identity(folder: Path) -> dict[tuple[str, str], Path]:
    """The workbooks in ``folder`` by (department, unit)."""
    return {identity(p): p for p in sorted(folder.glob("*.xlsx"))}


def put(ws: Worksheet, r: int, c: int, value: Any) -> None:
    """Write ``value`` as a manager typing it would: text starting with '=' stays text."""
    cell = ws.cell(r, c)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def fill_details(wb: openpyxl.Workbook, manager: str, email: str, date: dt.datetime) -> None:
    """Ansvarig chef, E-post and Datum on the Uppgifter sheet."""
    ws = wb["Uppgifter"]
    for label, value in (("Ansvarig chef", manager), ("E-post", email), ("Datum", date)):
        r = labelled(ws, label)
        if r is None:
            raise SystemExit(f"No {label!r} on the Uppgifter sheet.")
        ws.cell(r, 2).value = value


def fill_plan(template: Path, target: Path, plan: Plan) -> int:
    """Save ``template`` filled in with ``plan`` as ``target``; the number of rows written."""
    wb = openpyxl.load_workbook(template)
    fill_details(wb, plan.manager, plan.email, plan.date)
    ws = wb["Aktivitetsplan"]
    head, columns = header_row(ws, K1)
    for i, values in enumerate(plan.rows):
        for header, value in values.items():
            if header not in columns:
                raise SystemExit(f"No column {header!r} in {template.name}.")
            put(ws, head + 1 + i, columns[header], value)
    if plan.analysis:
        analys = wb["Analys"]
        _, answer_columns = header_row(analys, "Rubrik")
        for heading, value in plan.analysis.items():
            r = labelled(analys, heading)
            if r is None:
                raise SystemExit(f"No field {heading!r} on the Analys sheet of {template.name}.")
            put(analys, r, answer_columns["Avdelningens svar"], value)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return len(plan.rows)


def follow_up_rows(ws: Worksheet) -> tuple[dict[str, int], list[int]]:
    """Column by header and the Excel rows with an Aktivitets-ID."""
    head, columns = header_row(ws, "Aktivitets-ID")
    rows, r = [], head + 1
    while ws.cell(r, columns["Aktivitets-ID"]).value:
        rows.append(r)
        r += 1
    return columns, rows


def answer_follow_up(source: Path, target: Path, period: str, counter: Iterator[int],
                     used: set[tuple[str, str]]) -> int:
    """Save ``source`` answered for ``period`` as ``target``; the number of rows answered.

    Rows due by :data:`DUE` get their entry in :data:`MISTAKES`, else the next status of the period's
    cycle (``counter`` runs over every unit, so the statuses spread over the förvaltning); a row
    finished at an earlier period keeps that status.
    """
    department, unit = identity(source)
    wb = openpyxl.load_workbook(source)
    ws = wb["Uppföljning"]
    columns, rows = follow_up_rows(ws)
    comment_col = next(c for h, c in columns.items() if h.startswith("Kommentar –"))
    earlier = [columns[f"Status {p}"] for p in ("T1", "T2") if f"Status {p}" in columns]
    answered = 0
    for r in rows:
        follow_up = str(ws.cell(r, columns["Uppföljning"]).value or "").strip().casefold()
        if period not in DUE.get(follow_up, set()):
            continue
        before = [ws.cell(r, c).value for c in earlier if ws.cell(r, c).value]
        goal = str(ws.cell(r, columns[MAL]).value or "").strip()
        answer = MISTAKES.get((period, goal))
        if answer is not None:
            used.add((period, goal))
        if answer is None and before and before[-1] in ("Klar", "Avbruten"):
            answer = Answer(before[-1], f"{before[-1]} sedan tidigare uppföljning.")
        if answer is None:
            cycle = CYCLES[period]
            status = cycle[next(counter) % len(cycle)]
            new_due = NEW_DUE[period] if status in ("Försenad", "Senarelagd") else None
            answer = Answer(status, COMMENTS[status] or None, new_due)
        for header, value in (("Status", answer.status), (None, answer.comment), ("Nytt måldatum", answer.new_due)):
            if value is not None:
                put(ws, r, columns[header] if header else comment_col, value)
        answered += 1
    fill_details(wb, f"Chef {unit or department}", "kfp.uppfoljning@eav.example", ANSWER_DATE[period])
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return answered


def counting() -> Iterator[int]:
    """0, 1, 2, …"""
    n = 0
    while True:
        yield n
        n += 1


# -- running the commands ---------------------------------------------------------------------------


class Runner:
    """Runs kfworkbook commands in the working directory and records each one's console."""

    def __init__(self, kfworkbook: Path, work: Path, out: Path) -> None:
        self.kfworkbook = kfworkbook
        self.work = work
        self.console = out / "console"
        self.json = out / "json"
        self.console.mkdir(parents=True)
        self.json.mkdir()
        self.number = 0
        self.timings: dict[str, float] = {}
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **ENV}
        self.unexpected: list[str] = []

    def mask(self, text: str) -> str:
        """The console text with the working directory (as given and resolved) replaced."""
        for path in sorted({str(self.work), os.path.realpath(self.work)}, key=len, reverse=True):
            text = text.replace(path, WORK_PLACEHOLDER)
        return text

    def __call__(self, name: str, *args: str, expect: Sequence[int] = (0,)) -> subprocess.CompletedProcess[str]:
        """Run ``kfworkbook ARGS`` as ``NN-name`` and write its console file."""
        self.number += 1
        label = f"{self.number:02d}-{name}"
        started = time.perf_counter()
        proc = subprocess.run([str(self.kfworkbook), *args], cwd=self.work, env=self.env, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", check=False)
        self.timings[label] = round(time.perf_counter() - started, 2)
        text = (f"$ kfworkbook {shlex.join(args)}\nexit code: {proc.returncode}\n"
                f"--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}")
        (self.console / f"{label}.txt").write_text(self.mask(text), encoding="utf-8")
        if "--json" in args:
            try:
                document = json.loads(proc.stdout)
            except ValueError:
                document = {"not JSON": proc.stdout}
            (self.json / f"{label}.json").write_text(
                self.mask(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)), encoding="utf-8")
        if proc.returncode not in expect:
            self.unexpected.append(f"{label}: exit code {proc.returncode}, expected {' or '.join(map(str, expect))}")
        print(f"{label}: exit code {proc.returncode} ({self.timings[label]:.1f} s)", file=sys.stderr)
        return proc


def hand_in_plans(work: Path, templates: Path, last_year: Path, counts: dict[str, Any]) -> None:
    """inlamnade/: the filled plans, last year's plan, a 0-byte file and a lock file."""
    folder = work / "inlamnade"
    found = by_identity(templates)
    rows = 0
    for plan in PLANS:
        template = found[(plan.department, plan.unit)]
        rows += fill_plan(template, folder / (plan.filename or template.name), plan)
    old = next(iter(by_identity(last_year).values()))
    fill_plan(old, folder / old.name, LAST_YEAR_PLAN)
    (folder / ZERO_BYTE).write_bytes(b"")
    (folder / LOCK_FILE).write_bytes(b"\x0bkfworkbook\x00" * 15)
    counts["plans filled"] = len(PLANS) + 1
    counts["plan rows filled"] = rows + len(LAST_YEAR_PLAN.rows)


def answer_period(work: Path, period: str, counts: dict[str, Any]) -> Path:
    """uppfoljning-P-inlamnade/: the period's workbooks answered, less the units that do not answer."""
    source, target = work / f"uppfoljning-{period}", work / f"uppfoljning-{period}-inlamnade"
    counter, answered, files, used = counting(), 0, 0, set[tuple[str, str]]()
    for key, path in by_identity(source).items():
        if NOT_ANSWERING.get(period) == key:
            continue
        answered += answer_follow_up(path, target / path.name, period, counter, used)
        files += 1
    unused = sorted(k for k in MISTAKES if k[0] == period and k not in used)
    if unused:
        raise SystemExit(f"No row due at {period} for the mistakes {unused}: update MISTAKES.")
    counts[f"{period} workbooks"] = len(list(source.glob("*.xlsx")))
    counts[f"{period} answered workbooks"] = files
    counts[f"{period} rows answered"] = answered
    return target


def the_year(kf: Runner, work: Path, config: Path, counts: dict[str, Any]) -> None:
    """Every command of the year, in order, with the manager's steps between them."""
    text = config.read_text(encoding="utf-8")
    (work / "kfworkbook.toml").write_text(text, encoding="utf-8")
    (work / "kfworkbook-2026.toml").write_text(year_config(text, PLAN_YEAR - 1), encoding="utf-8")
    (work / "kfworkbook-2028.toml").write_text(year_config(text, PLAN_YEAR + 1), encoding="utf-8")
    cfg = ("--config", "kfworkbook.toml")

    kf("demo", "demo", "--out", "demo")
    kf("config-check", "config", "check", "kfworkbook.toml")
    kf("config-check-2028", "config", "check", "kfworkbook-2028.toml")
    kf("config-schema", "config", "schema", *cfg)
    kf("template", "template", *cfg, "--out", "mallar")
    kf("template-json", "template", *cfg, "--out", "mallar-json", "--json")
    kf("template-exists", "template", *cfg, "--out", "mallar", expect=(2,))
    kf("template-2026", "template", "--config", "kfworkbook-2026.toml", "--avdelning", ADM, "--out", "mallar-2026")
    counts["templates"] = len(list((work / "mallar").glob("*.xlsx")))

    hand_in_plans(work, work / "mallar", work / "mallar-2026", counts)
    kf("validate", "validate", "inlamnade", *cfg, expect=(1,))
    kf("validate-json", "validate", "inlamnade", *cfg, "--json", expect=(1,))
    kf("validate-annotate", "validate", "inlamnade", *cfg, "--annotate", "granskade", expect=(1,))
    kf("merge", "merge", "inlamnade", *cfg, "-o", "sammanstallning.xlsx")
    kf("merge-json", "merge", "inlamnade", *cfg, "-o", "sammanstallning-json.xlsx", "--json")
    kf("dokument", "dokument", "inlamnade", *cfg, "-o", "kompetensforsorjningsplan.docx")

    previous, answers = "inlamnade", []
    for period in ("T1", "T2", "VB"):
        kf(f"uppfoljning-{period}", "uppfoljning", "--period", period, "inlamnade", *answers, *cfg, "--out",
           f"uppfoljning-{period}")
        answered = answer_period(work, period, counts).name
        kf(f"validate-{period}", "validate", answered, *cfg, "--annotate", f"uppfoljning-{period}-granskade",
           expect=(1,))
        if period == "T1":
            kf("validate-T1-json", "validate", answered, *cfg, "--json", expect=(1,))
        kf(f"merge-{period}", "merge", answered, *cfg, "-o", f"uppfoljning_{period}_{PLAN_YEAR}.xlsx")
        if period == "T1":
            kf("merge-T1-json", "merge", answered, *cfg, "-o", "uppfoljning_T1_json.xlsx", "--json")
            kf("dokument-T1", "dokument", answered, *cfg, "-o", f"uppfoljning_T1_{PLAN_YEAR}.docx")
        previous = answered
        answers += ["--svar", answered]

    next_cfg = ("--config", "kfworkbook-2028.toml")
    kf("template-prefill", "template", *next_cfg, "--prefill", previous, "--out", "mallar-2028")
    kf("template-prefill-json", "template", *next_cfg, "--prefill", previous, "--out", "mallar-2028-json", "--json")
    kf("template-prefill-report", "template", *next_cfg, "--prefill", f"uppfoljning_VB_{PLAN_YEAR}.xlsx",
       "--out", "mallar-2028-rapport")
    kf("template-prefill-ledger", "template", *next_cfg, "--prefill", "inlamnade", *answers, "--out",
       "mallar-2028-liggare")


def run(kfworkbook: Path, out: Path, config: Path, keep_work: bool) -> int:
    """The whole year; the outputs and console files in ``out``.

    A step that fails (a command that writes nothing the next step can fill in) ends the run with the
    traceback in ``console/99-harness-error.txt``, which is part of the snapshot; what was written so
    far is kept. Exit code 0 when every step ran, 1 otherwise.
    """
    work = Path(tempfile.mkdtemp(prefix="kfcompare-"))
    started, today = time.perf_counter(), dt.date.today().isoformat()
    counts: dict[str, Any] = {}
    kf = Runner(kfworkbook, work, out)
    failed = ""
    try:
        the_year(kf, work, config, counts)
    except (Exception, SystemExit) as exc:  # record the failure beside the outputs, then stop
        failed = "".join(traceback.format_exception(exc))
        (kf.console / "99-harness-error.txt").write_text(
            kf.mask(f"The harness stopped after {kf.number} commands:\n{type(exc).__name__}: {exc}\n"), encoding="utf-8")
    finally:
        for entry in sorted(work.iterdir()):
            target = out / entry.name
            if entry.is_dir():
                shutil.copytree(entry, target)
            else:
                shutil.copy2(entry, target)
        if keep_work:
            print(f"Working directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    seconds = round(time.perf_counter() - started, 1)
    meta = {"run_date": today, "end_date": dt.date.today().isoformat(), "kfworkbook": str(kfworkbook),
            "seconds": seconds, "counts": counts, "timings": kf.timings, "unexpected_exit_codes": kf.unexpected,
            "error": failed}
    (kf.console / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Wrote {out} in {seconds} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    for line in kf.unexpected:
        print(f"Unexpected: {line}", file=sys.stderr)
    if failed:
        print(f"The run stopped early:\n{failed}", file=sys.stderr)
        return 1
    return 0


# -- snapshot and diff ------------------------------------------------------------------------------

def run_masks(meta: dict[str, Any]) -> list[str]:
    """What legitimately varies between two runs: the day of the run, with any time of day after it.

    Only the run's own days (the start and the end of the run, and the day the snapshot is made) are
    masked, as ``<…>``: "Skapad" in the summaries, "sammanställt 2026-12-04" in the documents. Dates in
    the plans (Måldatum, Datum) are data and stay visible.
    """
    days = sorted({meta["run_date"], meta.get("end_date", meta["run_date"]), dt.date.today().isoformat()})
    return [re.escape(day) + r"([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?" for day in days]


def shared_snapshot(shared: Path, out: Path, masks: list[str]) -> str:
    """snapshot.py's text for ``out``, with :func:`run_masks` in place of its own timestamp masks.

    snapshot.py masks every "YYYY-MM-DD hh:mm" it sees; openpyxl gives each date cell as a datetime, so
    that would hide every Måldatum. Its other masks (temp paths, temporary file names) are kept.
    """
    spec = importlib.util.spec_from_file_location("kf_shared_snapshot", shared)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Cannot load {shared}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    default = getattr(module, "MASKS", None)
    if isinstance(default, list):
        module.MASKS = [m for m in default if not m.startswith(r"\d{4}-") and m != re.escape(dt.date.today().isoformat())]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = module.main([str(out), *(a for m in masks for a in ("--mask", m))])
    if code:
        raise SystemExit(f"{shared} failed with exit code {code}.")
    return buffer.getvalue()


def snapshot(out: Path, shared: Path) -> int:
    """Print snapshot.py's view of ``out`` (without the console folder) and the console files."""
    console = out / "console"
    meta_path = console / META_FILE
    if not meta_path.is_file():
        print(f"{out} has no console/{META_FILE}: not the output of `compare_outputs.py run`.", file=sys.stderr)
        return 2
    masks = run_masks(json.loads(meta_path.read_text(encoding="utf-8")))
    keep = True
    for line in shared_snapshot(shared, out, masks).splitlines():
        if line.startswith("=== "):
            keep = not line.startswith("=== console/")
        if keep:
            print(line)
    compiled = [re.compile(m) for m in masks]
    for path in sorted(console.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for mask in compiled:
            text = mask.sub("<…>", text)
        print(f"=== console/{path.name}")
        print(text.rstrip("\n"))
    return 0


def diff(a: Path, b: Path) -> int:
    """Print the unified diff of two snapshots; 1 when they differ."""
    old = a.read_text(encoding="utf-8").splitlines(keepends=True)
    new = b.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, fromfile=str(a), tofile=str(b), n=2))
    sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in lines)
    if lines:
        changed = sum(1 for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---")))
        print(f"{changed} lines differ.", file=sys.stderr)
        return 1
    print("The snapshots are identical.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: run, snapshot, diff."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p_run = commands.add_parser("run", help="run kfworkbook through the year and record every output")
    p_run.add_argument("--kfworkbook", type=Path, required=True, help="the kfworkbook executable to test")
    p_run.add_argument("--out", type=Path, required=True, help="folder for the outputs (must not exist or be empty)")
    p_run.add_argument("--config", type=Path, default=EXAMPLE_CONFIG, help="the förvaltning's config")
    p_run.add_argument("--force", action="store_true", help="replace an earlier run's output folder")
    p_run.add_argument("--keep-work", action="store_true", help="keep the temporary working directory")
    p_snap = commands.add_parser("snapshot", help="print a plain-text snapshot of a run's folder")
    p_snap.add_argument("out", type=Path)
    p_snap.add_argument("--shared", type=Path, default=SHARED_SNAPSHOT, help="path of shared/tools/snapshot.py")
    p_diff = commands.add_parser("diff", help="compare two snapshots; exit 1 on any difference")
    p_diff.add_argument("a", type=Path)
    p_diff.add_argument("b", type=Path)
    args = parser.parse_args(argv)

    if args.command == "run":
        kfworkbook: Path = args.kfworkbook.absolute()
        if not kfworkbook.is_file():
            parser.error(f"no kfworkbook executable at {kfworkbook}")
        out: Path = args.out.absolute()
        if out.exists() and any(out.iterdir()):
            if not (args.force and (out / "console" / META_FILE).is_file()):
                parser.error(f"{out} is not empty (--force replaces an earlier run's folder, nothing else)")
            shutil.rmtree(out)
        out.mkdir(parents=True, exist_ok=True)
        return run(kfworkbook, out, args.config.absolute(), args.keep_work)
    if args.command == "snapshot":
        if not args.shared.is_file():
            parser.error(f"no snapshot.py at {args.shared}; give its path with --shared")
        return snapshot(args.out, args.shared)
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())

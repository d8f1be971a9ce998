"""The year as one ledger, end to end: plan → T1 → T2 → VB → next year's templates, on a förvaltning of its own.

tests/ledger_year.py holds the förvaltning (Skärholmen 2026: departments with units, Framskjuten for delayed,
Ej inledd/Pågående for open, a follow-up point meaning T2 and VB) and its twelve activities. What happens:

* T1 (from the plans): Hemtjänst never returns T1; Bredäng empties the row of B3; Sätra overwrites S1's
  Aktivitets-ID; Vård- och omsorgsboende adds a row; Socialtjänst answers only at VB.
* T2 (plans + T1 answers, HR removes V2 with ``--ta-bort``): everything comes back; Socialtjänst does not answer.
* VB (plans + T1 and T2 answers; the removal holds without ``--ta-bort``): Sätra does not answer.
* 2027 (``template --prefill plans --svar T1 --svar T2 --svar VB``): every activity not finished is carried.

At every period: the exact IDs in each unit's workbook, activities in the approved plans = answered + without an
answer + removed by HR in the report and in ``--json``, the exact console lines. Then the same through the API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

import kfworkbook as kf
from kfworkbook.cli import app
from kfworkbook.forms import spec as F
from kfworkbook.read.workbook import read_plan

from .cli_helpers import body, runner
from .ledger_year import answer, config, write_config, write_plans

B1, B2, B3 = "A-E5435F6F", "A-C5B31F89", "A-359EBE0D"
S1, S2 = "A-A4BA37FB", "A-A187AA09"
H1, H2, H3 = "A-B8C6CF7D", "A-C0A04847", "A-262C19D1"
V1, V2 = "A-84C2EB97", "A-8372FB56"
D1, D2 = "A-DB2C0F30", "A-A057D9A5"
UNITS = ("Förskola_Bredäng", "Förskola_Sätra", "Socialtjänst", "Äldreomsorg_Hemtjänst",
         "Äldreomsorg_Vård-_och_omsorgsboende")
CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ooxml" / "check_ooxml.py"

T1_ACCOUNT = [
    "Aktiviteter vid T1: 12 i de godkända planerna – 5 med svar, 7 utan svar (ingen uppföljning inlämnad 5, raden "
    "borttagen 1, Aktivitets-ID ändrat 1), 0 borttagna av HR. 1 tillagd rad räknas inte.",
    f"Förskola – Bredäng: vid T1 togs raden med {B3} bort.",
    f"Förskola – Sätra: vid T1 ändrades Aktivitets-ID {S1} till A-00000001 på raden.",
    "Äldreomsorg – Hemtjänst: ingen uppföljning inlämnad vid T1 – 3 aktiviteter utan svar.",
    "Äldreomsorg – Vård- och omsorgsboende: 1 tillagd rad räknas inte (rad 8).",
    "Socialtjänst: ingen uppföljning inlämnad vid T1 – 2 aktiviteter utan svar.",
]
T2_ACCOUNT = [
    "Aktiviteter vid T2: 12 i de godkända planerna – 9 med svar, 2 utan svar (ingen uppföljning inlämnad 2), "
    "1 borttagen av HR.",
    f"Äldreomsorg – Vård- och omsorgsboende: {V2} är borttagen av HR.",
    "Socialtjänst: ingen uppföljning inlämnad vid T2 – 2 aktiviteter utan svar.",
]
MISSED_T1 = [  # what the T2 and VB workbooks record of T1, for their reports
    "Förskola – Bredäng: 1 aktivitet utan svar vid T1 (borttagen rad eller ändrat Aktivitets-ID).",
    "Förskola – Sätra: 1 aktivitet utan svar vid T1 (borttagen rad eller ändrat Aktivitets-ID).",
    "Äldreomsorg – Hemtjänst: lämnade ingen uppföljning vid T1 – 3 aktiviteter utan svar då.",
    "Socialtjänst: lämnade ingen uppföljning vid T1 – 2 aktiviteter utan svar då.",
]
VB_ACCOUNT = [
    "Aktiviteter vid VB: 12 i de godkända planerna – 9 med svar, 2 utan svar (ingen uppföljning inlämnad 2), "
    "1 borttagen av HR.",
    "Förskola – Sätra: ingen uppföljning inlämnad vid VB – 2 aktiviteter utan svar.",
    f"Äldreomsorg – Vård- och omsorgsboende: {V2} är borttagen av HR.",
]
IDS = {  # the IDs in each unit's workbook, per period
    "T1": {"Förskola_Bredäng": {B1, B2, B3}, "Förskola_Sätra": {S1, S2}, "Socialtjänst": {D1, D2},
           "Äldreomsorg_Hemtjänst": {H1, H2, H3}, "Äldreomsorg_Vård-_och_omsorgsboende": {V1, V2}},
    "T2": {"Förskola_Bredäng": {B1, B2, B3}, "Förskola_Sätra": {S1, S2}, "Socialtjänst": {D1, D2},
           "Äldreomsorg_Hemtjänst": {H1, H2, H3}, "Äldreomsorg_Vård-_och_omsorgsboende": {V1}},
}
IDS["VB"] = IDS["T2"]
NOT_RETURNED = "Inget svar vid {} (enheten lämnade ingen uppföljning)."

ANSWERS = {
    "T1": {
        "Förskola_Bredäng": dict(answers={B1: ("Pågående", "Mässan är bokad.", None)}, clear=(B3,)),
        "Förskola_Sätra": dict(answers={S1: ("Framskjuten", "Flyttas till hösten.", date(2026, 9, 30))},
                               change={S1: "A-00000001"}),
        "Äldreomsorg_Vård-_och_omsorgsboende": dict(answers={V1: ("Slutförd", "Alla har fått erbjudandet.", None)},
                                                    add=True),
    },
    "T2": {
        "Förskola_Bredäng": dict(answers={B1: ("Pågående", "Mässan hölls i maj.", None),
                                          B2: ("Framskjuten", "Utbildaren är sjuk.", date(2027, 3, 31)),
                                          B3: ("Pågående", "Pågår enligt plan.", None)}),
        "Förskola_Sätra": dict(answers={S1: ("Slutförd", "Introduktionsdagen hölls i augusti.", None)}),
        "Äldreomsorg_Hemtjänst": dict(answers={H1: ("Pågående", "Tio deltar.", None),
                                               H2: ("Framskjuten", "Väntar på schema.", date(2026, 11, 30))}),
        "Äldreomsorg_Vård-_och_omsorgsboende": dict(answers={V1: ("Slutförd", "Klart sedan våren.", None)}),
    },
    "VB": {
        "Förskola_Bredäng": dict(answers={B1: ("Slutförd", "Tre nyanställda.", None),
                                          B2: ("Framskjuten", "Startar i vår.", date(2027, 6, 30)),
                                          B3: ("Struken", "Ingår i stadens hälsosatsning.", None)}),
        "Äldreomsorg_Hemtjänst": dict(answers={H1: ("Pågående", "Åtta klara, två kvar.", None),
                                               H2: ("Slutförd", "Alla nya har gått bredvid.", None),
                                               H3: ("Framskjuten", "Enkäten tas fram i vår.", date(2027, 5, 31))}),
        "Äldreomsorg_Vård-_och_omsorgsboende": dict(answers={V1: ("Slutförd", "Klart.", None)}),
        "Socialtjänst": dict(answers={D1: ("Slutförd", "Programmet är i gång.", None),
                                      D2: ("Pågående", "Ärendetak gäller.", None)}),
    },
}
"""What each manager does at each period (a unit missing from a period does not hand in)."""

NEXT_YEAR = {  # the rows of next year's templates: (Vad ska vi uppnå?, Måldatum, Status, Kommentar)
    "Förskola_Bredäng": [("Språkutvecklande arbetssätt", date(2027, 6, 30), None,
                          "Uppföljning VB 2026: Framskjuten – Startar i vår.")],
    "Förskola_Sätra": [("Sätra syns som arbetsgivare", None, None,
                        "Inget svar vid uppföljningarna 2026.\nTidigare måldatum 2026-10-31")],
    "Socialtjänst": [("Hanterbar arbetsbelastning", "Löpande", None, "Uppföljning VB 2026: Pågående – Ärendetak gäller.")],
    "Äldreomsorg_Hemtjänst": [
        ("Undersköterskor med yrkestitel", date(2027, 12, 31), None,
         "Uppföljning VB 2026: Pågående – Åtta klara, två kvar."),
        ("Vi lär av dem som slutar", date(2027, 5, 31), None,
         "Uppföljning VB 2026: Framskjuten – Enkäten tas fram i vår.")],
    "Äldreomsorg_Vård-_och_omsorgsboende": [],
}


def _unit(path: Path) -> str:
    return next(u for u in UNITS if path.stem.endswith(u))


def _ids(folder: Path) -> dict[str, set[str]]:
    return {_unit(p): set(read_plan(p).columns[F.ID_KEY]) for p in sorted(folder.glob("*.xlsx"))}


def _answer_period(period: str, sent: Path, returned: Path) -> Path:
    for path in sorted(sent.glob("*.xlsx")):
        todo = ANSWERS[period].get(_unit(path))
        if todo is not None:
            answer(path, returned / path.name, period, **todo)
    return returned


def _kf(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The whole year through the command line; every folder, report and console output."""
    work = tmp_path_factory.mktemp("skarholmen")
    cfg = write_config(work / "kfworkbook.toml")
    next_cfg = write_config(work / "kfworkbook-2027.toml", 2027)
    out: dict = {"work": work}
    _kf("template", "--config", cfg, "--out", work / "mallar")
    plans = work / "inlamnade"
    write_plans(work / "mallar", plans)
    removals = work / "ta-bort.txt"
    removals.write_text(f"# HR:s beslut om aktiviteter som utgår\n{V2} Ersätts av stadens satsning\n", "utf-8")
    answers: list = []
    for period in F.PERIODS:
        extra = ["--ta-bort", removals] if period == "T2" else []
        out[f"uppfoljning-{period}"] = _kf("uppfoljning", "--period", period, plans, *answers, *extra,
                                           "--config", cfg, "--out", work / period, "--knapp")
        returned = _answer_period(period, work / period, work / f"{period}-inlamnade")
        report = work / f"uppfoljning_{period}.xlsx"
        out[f"merge-{period}"] = _kf("merge", returned, "--config", cfg, "-o", report)
        out[f"json-{period}"] = json.loads(_kf("merge", returned, "--config", cfg, "-o", work / f"j{period}.xlsx",
                                               "--json").output)
        answers += ["--svar", returned]
    out["template"] = _kf("template", "--config", next_cfg, "--prefill", plans, *answers, "--out",
                          work / "mallar-2027")
    return out


@pytest.mark.parametrize("period", F.PERIODS)
def test_every_unit_gets_every_activity_not_removed(year, period):
    assert _ids(year["work"] / period) == IDS[period]


def test_t1_report_accounts_for_every_activity(year):
    work = year["work"]
    assert body(year["merge-T1"]).splitlines() == [
        f"Skrev {work / 'uppfoljning_T1.xlsx'}: 7 aktiviteter från 3 uppföljningar (T1).",
        "Enheter: 5 förväntade – 0 godkända, 0 med varningar, 3 med fel, 0 kunde inte läsas, 2 saknas.",
        "Filer: 3 i inlämningen – 3 räknas, 0 ersatta av en nyare, 0 hör inte till planen, 0 kunde inte läsas, "
        "0 överhoppade.",
        *T1_ACCOUNT,
    ]
    accounts = year["json-T1"]["activity_accounts"]
    figures = {k: v for k, v in accounts.items() if k not in ("units", "earlier")}
    assert accounts["earlier"] == []
    assert figures == {"period": "T1", "approved": 12, "answered": 5, "unanswered": 7, "not_returned": 5,
                       "unreadable": 0, "deleted": 1, "id_changed": 1, "removed_by_hr": 0, "added_rows": 1}
    assert [(u["department"], u["unit"], u["state"], u["approved"], u["answered"], u["missing"])
            for u in accounts["units"]] == [
        ("Förskola", "Bredäng", "answered", 3, 2, [{"id": B3, "reason": "deleted"}]),
        ("Förskola", "Sätra", "answered", 2, 1, [{"id": S1, "reason": "id_changed"}]),
        ("Äldreomsorg", "Hemtjänst", "not_returned", 3, 0, []),
        ("Äldreomsorg", "Vård- och omsorgsboende", "answered", 2, 2, []),
        ("Socialtjänst", None, "not_returned", 2, 0, []),
    ]
    overview = load_workbook(work / "uppfoljning_T1.xlsx")["Översikt"]
    shown = {r[0]: r[1] for r in overview.iter_rows(max_col=2, values_only=True) if isinstance(r[0], str)}
    assert [shown[k] for k in ("Aktiviteter i de godkända planerna", "Med svar", "Utan svar",
                               "– ingen uppföljning inlämnad", "– raden borttagen", "– Aktivitets-ID ändrat",
                               "Borttagna av HR", "Tillagda rader (räknas inte)")] == [12, 5, 7, 5, 1, 1, 0, 1]


@pytest.mark.parametrize(("period", "account"), [
    ("T2", [*T2_ACCOUNT, *MISSED_T1]),
    ("VB", [*VB_ACCOUNT, *MISSED_T1[:3], MISSED_T1[3],
            "Socialtjänst: lämnade ingen uppföljning vid T2 – 2 aktiviteter utan svar då."]),
])
def test_later_reports_account_for_every_activity(year, period, account):
    """A report also says which units missed an earlier period (the T2 report lists Hemtjänst as missing T1)."""
    lines = body(year[f"merge-{period}"]).splitlines()
    assert lines[3:] == account
    figures = year[f"json-{period}"]["activity_accounts"]
    assert figures["approved"] == figures["answered"] + figures["unanswered"] + figures["removed_by_hr"] == 12


def test_t2_is_made_from_the_plans_and_every_answer(year):
    work = year["work"]
    assert body(year["uppfoljning-T1"]).splitlines() == [
        "Aktiviteter vid T1: 12 i de godkända planerna – 12 skickas ut, 0 borttagna av HR.",
        f"Skrev 5 uppföljningar för T1 (12 aktiviteter) till {work / 'T1'}."]
    assert body(year["uppfoljning-T2"]).splitlines() == [
        *T1_ACCOUNT,
        "Aktiviteter vid T2: 12 i de godkända planerna – 11 skickas ut, 1 borttagen av HR.",
        f"Äldreomsorg – Vård- och omsorgsboende: {V2} är borttagen av HR (Ersätts av stadens satsning).",
        f"Skrev 5 uppföljningar för T2 (11 aktiviteter) till {work / 'T2'}."]
    t1 = {_unit(p): read_plan(p) for p in (work / "T2").glob("*.xlsx")}

    def earlier(unit: str, activity_id: str, period: str = "T1") -> tuple:
        plan = t1[unit] if period == "T1" else vb[unit]
        index = plan.columns[F.ID_KEY].index(activity_id)
        return tuple(plan.columns[F.history_key(k, period)][index] for k in (F.STATUS, F.COMMENT))

    assert earlier("Förskola_Bredäng", B1) == ("Pågående", "Mässan är bokad.")
    assert earlier("Förskola_Bredäng", B3) == (None, "Inget svar vid T1 (raden togs bort).")
    assert earlier("Förskola_Sätra", S1) == (None, "Inget svar vid T1 (Aktivitets-ID ändrades på raden).")
    assert {earlier("Äldreomsorg_Hemtjänst", i) for i in (H1, H2, H3)} == {(None, NOT_RETURNED.format("T1"))}
    assert earlier("Äldreomsorg_Vård-_och_omsorgsboende", V1) == ("Slutförd", "Alla har fått erbjudandet.")
    # VB: the removal of V2 holds without --ta-bort (the T2 workbooks record it); every earlier answer is shown.
    assert body(year["uppfoljning-VB"]).splitlines() == [
        *T1_ACCOUNT, *T2_ACCOUNT,
        "Aktiviteter vid VB: 12 i de godkända planerna – 11 skickas ut, 1 borttagen av HR.",
        f"Äldreomsorg – Vård- och omsorgsboende: {V2} är borttagen av HR (beslut inför T2).",
        f"Skrev 5 uppföljningar för VB (11 aktiviteter) till {work / 'VB'}."]
    vb = {_unit(p): read_plan(p) for p in (work / "VB").glob("*.xlsx")}
    assert {earlier("Socialtjänst", i, "T2") for i in (D1, D2)} == {(None, NOT_RETURNED.format("T2"))}
    index = vb["Socialtjänst"].columns[F.ID_KEY].index(D1)
    assert vb["Socialtjänst"].columns[F.history_key(F.COMMENT, "T1")][index] == NOT_RETURNED.format("T1")
    assert earlier("Äldreomsorg_Hemtjänst", H2, "T2") == ("Framskjuten", "Väntar på schema.")


def test_follow_ups_carry_the_button_and_pass_the_ooxml_check(year):
    work = year["work"]
    written = [p for folder in ("T1", "T2", "VB", "T1-inlamnade", "mallar-2027") for p in (work / folder).glob("*.xlsx")]
    written += [work / f"uppfoljning_{p}.xlsx" for p in F.PERIODS]
    assert len(written) == 5 * 3 + 3 + 5 + 3
    workbook = load_workbook(work / "T2" / "Uppföljning_T2_2026_Förskola_Sätra.xlsx")
    assert "Valideringsresultat" in workbook.sheetnames and workbook[F.SHEET_FOLLOW_UP]["A3"].value == "▶ Validera"
    if not CHECKER.exists():
        pytest.skip(f"OOXML-kontrollen saknas ({CHECKER})")
    done = subprocess.run([sys.executable, str(CHECKER), "--json", *map(str, written)], capture_output=True,
                          text=True, timeout=600, check=False)
    assert json.loads(done.stdout) == [], done.stdout[:2000]


def test_next_years_templates_carry_every_open_activity(year):
    work = year["work"]
    out = work / "mallar-2027"
    sätra = "Kompetensförsörjningsplan_2026_Förskola_Sätra.xlsx, Aktivitetsplan"
    assert body(year["template"]).splitlines() == [
        "Källa: de godkända planerna 2026 och uppföljningarna (T1, T2, VB), 11 rader med aktiviteter.",
        "Planår 2026 → 2027: avslutade aktiviteter förs inte över, Status töms och måldatum före 2027–2029 flyttas "
        "till Kommentar.",
        "Förde inte över 6 avslutade aktiviteter (Slutförd 5, Struken 1).",
        f"Skrev 5 mallar för Skärholmens stadsdelsförvaltning 2027 till {out}:",
        f"  {out / 'Kompetensförsörjningsplan_2027_Förskola_Bredäng.xlsx'}: 1 aktivitet",
        f"  {out / 'Kompetensförsörjningsplan_2027_Förskola_Sätra.xlsx'}: 1 aktivitet",
        f"  {out / 'Kompetensförsörjningsplan_2027_Äldreomsorg_Hemtjänst.xlsx'}: 2 aktiviteter",
        f"  {out / 'Kompetensförsörjningsplan_2027_Äldreomsorg_Vård-_och_omsorgsboende.xlsx'}: 0 aktiviteter",
        f"  {out / 'Kompetensförsörjningsplan_2027_Socialtjänst.xlsx'}: 1 aktivitet",
        "3 rader behöver åtgärdas:",
        f"  {sätra} rad 7 (Förskola – Sätra): Måldatum 2026-10-31 ligger före planperioden 2027–2029, så cellen "
        "lämnades tom och det gamla datumet står i Kommentar. Skriv ett nytt måldatum eller ordet Löpande, eller ta "
        "bort aktiviteten.",
        f"  {sätra} rad 8 (Förskola – Sätra): Raden har bara en kommentar och ingen aktivitet, så den fördes inte "
        "över. Skriv in det som behövs i mallen.",
        f"  {sätra} rad 7 (Förskola – Sätra): Aktiviteten {S2} fick inget svar vid VB (ingen uppföljning inlämnad) "
        "och fördes över med planens uppgifter (inget svar under året). Kontrollera att den ska vara kvar.",
        "  Kompetensförsörjningsplan_2026_Äldreomsorg_Vård-_och_omsorgsboende.xlsx, Aktivitetsplan rad 7 "
        f"(Äldreomsorg – Vård- och omsorgsboende): Aktiviteten {V2} togs bort av HR under året (beslut inför T2), "
        "så den fördes inte över.",
    ]
    rows = {}
    for path in sorted(out.glob("*.xlsx")):
        plan = read_plan(path)
        rows[_unit(path)] = [tuple(_day(plan.columns[k][i]) for k in ("goal", "due", "status", "comment"))
                             for i in range(len(plan.row_numbers))]
    assert rows == NEXT_YEAR


def _day(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def test_the_same_through_the_python_api(year, tmp_path):
    """A script does what the commands did, with the same answers: the same IDs, accounts and next year's rows."""
    work = year["work"]
    cfg = kf.load_config(work / "kfworkbook.toml")
    plans = work / "inlamnade"
    returned: list[Path] = []
    for period in F.PERIODS:
        removals = kf.read_removals([str(work / "ta-bort.txt")]) if period == "T2" else None
        ledger = kf.read_ledger([plans], cfg, answers=returned, removals=removals)
        sent = kf.write_follow_ups(cfg, ledger.follow_up_units(period), period, tmp_path / period)
        assert _ids(tmp_path / period) == IDS[period] and len(sent) == 5
        answered = _answer_period(period, tmp_path / period, tmp_path / f"{period}-inlamnade")
        report = kf.merge_plans([answered], cfg)
        assert report.accounts.lines() == {"T1": T1_ACCOUNT, "T2": T2_ACCOUNT, "VB": VB_ACCOUNT}[period]
        assert report.accounts.earlier == year[f"json-{period}"]["activity_accounts"]["earlier"]
        assert kf.summary_json(report)["activity_accounts"] == year[f"json-{period}"]["activity_accounts"]
        returned.append(answered)
    ledger = kf.read_ledger([plans], cfg, answers=returned[:1], removals={V2: "Ersätts av stadens satsning"})
    document = ledger.to_dict("T2")
    assert (document["approved"], document["sent"], document["removed_by_hr"]) == (12, 11, [
        {"id": V2, "department": "Äldreomsorg", "unit": "Vård- och omsorgsboende",
         "reason": "Ersätts av stadens satsning"}])
    from_ledger, from_report = document["answers"]["T1"], year["json-T1"]["activity_accounts"]
    assert {k: v for k, v in from_ledger.items() if k not in ("units", "earlier")} == {
        k: v for k, v in from_report.items() if k not in ("units", "earlier")}
    # The ledger also knows which activities a unit that returned nothing was sent; the report counts them.
    assert [{**u, "missing": []} for u in from_ledger["units"]] == [{**u, "missing": []} for u in from_report["units"]]
    assert from_ledger["units"][2]["missing"] == [{"id": i, "reason": "not_returned"} for i in (H2, H1, H3)]
    ledger = kf.read_ledger([plans], cfg, answers=returned)
    assert [a.lines() for a in ledger.accounts.values()] == [T1_ACCOUNT, T2_ACCOUNT, VB_ACCOUNT]
    entry = next(e for e in ledger.entries if e.activity_id == B2)
    assert (entry.latest().period, entry.latest().status, entry.missing) == ("VB", "Framskjuten", {})
    result = kf.prefill_from_ledger(ledger, config(2027))
    carried = {u.label: [(r["goal"], r.get("comment")) for r in rows] for u, (rows, _) in result.plans.items()}
    assert carried["Äldreomsorg – Hemtjänst"] == [(goal, comment) for goal, _, _, comment in
                                                   NEXT_YEAR["Äldreomsorg_Hemtjänst"]]
    assert sum(len(rows) for rows, _ in result.plans.values()) == 5 and sum(result.finished.values()) == 6

"""Every message a user reads, rendered from the catalogue: a wording change or a lost agreement
between a number and its noun shows up here as a diff against the expected list."""

from __future__ import annotations

import re
from itertools import pairwise

from kfworkbook.issues import ADVICE, CATALOGUE, advice, make_issue

BASE = dict(column="", value="", sheet="Aktivitetsplan", advice="Råd.")
SAMPLES: dict[str, dict[str, object]] = {
    "fil-skadad": dict(detail="trasigt zip-arkiv"),
    "fil-for-stor": dict(size=120, limit=100),
    "fil-for-manga-blad": dict(limit=100),
    "fil-for-stort-blad": dict(sheet_rows="1 048 576", sheet_columns="16 384", end="XFD1048576", max_rows="20 000",
                               max_columns="200"),
    "fil-andelse": dict(kind="OpenDocument-fil", suffix=".xlsx", right=".ods"),
    "fil-skadad-zip": dict(detail="invalid Zip archive"),
    "fil-skadad-xml": dict(detail="syntax error"),
    "fil-blad-trasigt": dict(detail="Worksheet 'Aktivitetsplan' not found"),
    "fil-behorighet": dict(detail="[Errno 13] Permission denied"),
    "fil-las-fel": dict(detail="[Errno 5] Input/output error"),
    "cell-felvarde": dict(column="Ansvarig (funktion)", value="#REF!"),
    "forifyll-tecken": dict(column="Aktivitet – hur gör vi det?", value="Kurs i bemötande"),
    "forifyll-for-lang": dict(column="Aktivitet – hur gör vi det?", value="Lång text", length="40 000"),
    "blad-saknas": dict(sheet="Uppgifter"),
    "kolumn-saknas": dict(column="Ansvarig (funktion)"),
    "kolumn-saknas-valfri": dict(column="Status"),
    "kolumn-dubbel": dict(column="Målgrupp"),
    "mall-forvaltning": dict(found="Skarpnäcks stadsdelsförvaltning", expected="Farsta stadsdelsförvaltning"),
    "mall-ar": dict(found="2021", expected=2022),
    "mall-version": dict(found="2021.3", expected="2022.1"),
    "sammanfogade-celler": dict(range="K7:K8"),
    "for-manga-rader": dict(last=205),
    "uppgift-saknas": dict(column="Ansvarig chef"),
    "avdelning-okand": dict(value="Skola", expected="Förskola, Stadsutveckling eller Äldreomsorg"),
    "enhet-okand": dict(value="Skarpnäck", department="Förskola", expected="Farsta strand eller Hökarängen"),
    "enhet-saknas": dict(department="Förskola", expected="Farsta strand eller Hökarängen"),
    "avdelning-andrad": dict(value="Förskolan", expected="Förskola"),
    "enhet-andrad": dict(value="Administration IFO", expected="Administration"),
    "enhet-tillagd": dict(value="Norr", department="Förskola"),
    "mall-annan-enhet": dict(named="Förskola – Söder", expected="Förskola – Norr"),
    "epost-ogiltig": dict(value="anna.svensson(at)stad"),
    "datum-uppgift-ogiltigt": dict(value="igår", example="2022-01-31"),
    "obligatorisk": dict(column="Ansvarig (funktion)",
                         hint="Välj den funktion som ansvarar, aldrig en person. Nämn fler funktioner i Kommentar."),
    "ej-i-listan": dict(column="Målgrupp", value="Brandmän"),
    "flera-varden": dict(column="Ansvarig (funktion)", value="Enhetschef, HR"),
    "person-som-ansvarig": dict(value="Anna Svensson", examples="Avdelningschef, Enhetschef eller Rektor"),
    "alias": dict(value="VB", canonical="Verksamhetsberättelse"),
    "datum-ogiltigt": dict(value="Hösten", example="2024-12-31"),
    "datum-utanfor": dict(value="2026-06-30", period="2022–2024", start="2022-01-01", end="2024-12-31"),
    "datum-text": dict(value="2023", canonical="2023-12-31"),
    "datum-oklart": dict(value="hösten 2023", canonical="2023-12-31", year="2023"),
    "tal-ogiltigt": dict(column="Resurser – timmar", value="fyrtio"),
    "tal-negativt": dict(column="Resurser – kronor", value=-500),
    "text-for-lang": dict(column="Kommentar", length="33 000"),
    "dubblett": dict(other=7),
    "mall-version-nyare": dict(found="2023.1", expected="2022.1"),
    "tal-text": dict(column="Resurser – kronor", value="25 000 kr", canonical="25000"),
    "analys-tal-ogiltigt": dict(column="Antal tillsvidareanställda", value="cirka 200", example=40),
    "analys-tal-text": dict(column="Personalomsättning (%)", value="14 %", canonical="14"),
    "analys-tal-negativt": dict(column="Antal tillsvidareanställda", value=-3),
    "analys-procent-utanfor": dict(column="Andel medarbetare över 61 år (%)", value=140),
    "analys-procent-andel": dict(column="Personalomsättning (%)", value="0,14", percent="14"),
    "analys-ej-i-listan": dict(column="Svårrekryterade yrkesgrupper", value="Brandmän"),
    "analys-alias": dict(column="Svårrekryterade yrkesgrupper", value="SSK", canonical="Sjuksköterskor"),
    "analys-text-for-lang": dict(column="Nuläge och utmaningar", length="33 000"),
    "forifyll-avdelning": dict(value="Skola", expected="Förskola, Stadsutveckling, Äldreomsorg"),
    "forifyll-enhet": dict(value="Skarpnäck", department="Förskola", expected="Farsta strand, Hökarängen"),
    "forifyll-enhet-borttagen": dict(value="Hökarängen", department="Förskola"),
    "forifyll-datum-fore": dict(value="2021-12-31", period="2022–2024"),
    "forifyll-datum-utanfor": dict(value="2026-06-30", period="2022–2024"),
    "forifyll-datum-ogiltigt": dict(value="Hösten", period="2022–2024"),
    "forifyll-delad": dict(value="Utveckla/behålla", first="Utveckla", second="Behålla"),
    "forifyll-roll": dict(value="Enhetschef LSS", role="Enhetschef"),
    "forifyll-ej-i-listan": dict(column="Målgrupp", value="Brandmän", hint="Välj ett värde i rullistan."),
    "forifyll-status-okand": dict(value="Klar"),
    "forifyll-for-manga": dict(unit="Förskola – Farsta strand"),
    "forifyll-plan-olasbar": dict(value="plan.xlsx", detail="Filen är skadad."),
    "forifyll-dubbel-plan": dict(value="b.xlsx", other="a.xlsx"),
    "forifyll-flera-datum": dict(value="1.2023-12-31 2.Tertial 1 2024", due="2024-04-30"),
    "forifyll-flera-datum-fore": dict(value="1.2022-12-31 2.Tertial 1 2022", due="2022-12-31", period="2023–2025"),
    "forifyll-uppfoljning-tolkad": dict(value="Följs upp i tertialrapportering.", follow_up="Tertial 1 och 2"),
    "forifyll-uppfoljning-saknas": dict(value="Kulturförändringar tar tid",
                                        examples="Verksamhetsberättelse, Per tertial eller Delår och helår"),
    "forifyll-resurser": dict(value="40 tim, 25 000 kr", columns="Resurser – timmar och Resurser – kronor"),
    "forifyll-tabell-okand": dict(value="Aktivitetsplan avdelningen skola", first="Fler lärare | Rekrytering",
                                  expected="Förskola, Stadsutveckling"),
    "forifyll-tabell-utan-rubrik": dict(first="Fler lärare | Rekrytering", expected="Förskola, Stadsutveckling"),
    "forifyll-tabell-enhet-saknas": dict(value="Avdelning förskola", department="Förskola",
                                         first="Fler lärare | Rekrytering", expected="Farsta strand, Hökarängen"),
    "forifyll-tabell-tolkad": dict(value="Avdelning äldreomsorg", unit="Äldreomsorg och socialpsykiatri"),
    "forifyll-fortsatt-rad": dict(value="förskolans insatser", previous="plan.docx, tabell 1 rad 4"),
    "uppf-status-saknas": dict(period="Tertial 1", examples="Ej påbörjad, Pågår eller Genomförd"),
    "uppf-status-okand": dict(value="Klart", examples="Ej påbörjad, Pågår eller Genomförd"),
    "uppf-nytt-datum": dict(status="Försenad", plan_period="2022–2024", example="2024-06-30"),
    "uppf-kommentar": dict(status="Genomförd"),
    "uppf-maldatum-passerat": dict(due="2022-04-30", action="välj Försenad och ange nytt måldatum"),
    "rad-utan-aktivitet": dict(what="en kommentar"),
    "forifyll-utan-aktivitet": dict(what="en kommentar"),
    "forifyll-utan-svar": dict(value="A-1F12D2AA", period="VB", why="enheten lämnade ingen uppföljning",
                               latest="det senaste svaret, från T2"),
    "forifyll-borttagen": dict(value="A-1F12D2AA", reason="ersätts av stadens satsning"),
    "uppf-rad-tillagd": dict(),
    "uppf-id-okant": dict(value="A-00000000"),
    "uppf-rad-borttagen": dict(value="A-1F12D2AA"),
}
ADVICE_SAMPLE = dict(examples="Alla medarbetare, Chefer eller Förskollärare", suggestion="Utveckla", role="Enhetschef",
                     qualifier="LSS", first="Utveckla", second="Behålla", column="Ansvarig (funktion)",
                     canonical="Verksamhetsberättelse", example="2024-12-31", them="raderna", free=197, rows=200,
                     parts="både T1 och T2")
COUNTED = re.compile(r"\{(count|rows)[:}]")


def rendered() -> list[tuple[str, str]]:
    """(code, message) for every catalogue entry and advice, with counts 1 and 2 where a count is printed."""
    out: list[tuple[str, str]] = []
    for code, kind in CATALOGUE.items():
        for n in (1, 2) if COUNTED.search(kind.template) else (None,):
            fields = {**BASE, **SAMPLES.get(code, {}), **({"count": n, "rows": n} if n else {})}
            if "{advice}" not in kind.template:
                del fields["advice"]
            column, value, sheet = fields.pop("column"), fields.pop("value"), fields.pop("sheet")
            out.append((code, make_issue(code, column=column, value=value, sheet=sheet, **fields).message))
    out += [(f"råd:{name}", advice(name, **ADVICE_SAMPLE)) for name in ADVICE]
    return out


EXPECTED = [
    ('fil-saknas', 'Filen finns inte. Kontrollera namnet och mappen.'),
    ('fil-las', 'Filen är en låsfil som Excel skapar medan en arbetsbok är öppen, ingen plan. Stäng Excel och '
     'använd arbetsboken utan ~$ i namnet.'),
    ('fil-tom', 'Filen är tom (0 byte). Spara planen i Excel igen och skicka den på nytt.'),
    ('fil-xls', 'Filen är sparad i det gamla formatet .xls. Öppna den i Excel och spara den som '
     'Excel-arbetsbok (.xlsx).'),
    ('fil-format', 'Filen är ingen Excel-arbetsbok (.xlsx eller .xlsm). Fyll i planen i mallen och spara den som '
     'Excel-arbetsbok.'),
    ('fil-xlsb', 'Filen är sparad som binär Excel-arbetsbok (.xlsb). Öppna den i Excel och spara den som '
     'Excel-arbetsbok (.xlsx).'),
    ('fil-ods', 'Filen är ett OpenDocument-kalkylblad (.ods) där mallens flikar inte finns kvar. Fyll i planen '
     'i mallen och spara den som Excel-arbetsbok (.xlsx).'),
    ('fil-losenord', 'Filen är lösenordsskyddad och kan inte läsas. Ta bort lösenordet (Arkiv > Info > Skydda '
     'arbetsbok > Kryptera med lösenord) och skicka filen igen.'),
    ('fil-skadad', 'Filen är skadad och kan inte öppnas. Spara om den i Excel eller be om en ny kopia.'),
    ('fil-for-stor', 'Filen packas upp till 120 MB, mer än gränsen 100 MB för en plan. Kontrollera att det är rätt '
     'fil.'),
    ('fil-for-manga-blad', 'Filen har 1 blad, men en plan har högst 100. Kontrollera att det är rätt fil.'),
    ('fil-for-manga-blad', 'Filen har 2 blad, men en plan har högst 100. Kontrollera att det är rätt fil.'),
    ('fil-for-stort-blad', 'Filen har 1 048 576 rader och 16 384 kolumner på fliken Aktivitetsplan (till cell '
     'XFD1048576), men en plan får ha högst 20 000 rader och 200 kolumner. Ta bort raderna och kolumnerna utanför '
     'tabellen, även tomma celler med formatering, och spara om filen i Excel.'),
    ('fil-andelse', 'Filen är en OpenDocument-fil med fel filändelse (.xlsx). Byt filändelsen till .ods, eller öppna '
     'filen och spara den som Excel-arbetsbok (.xlsx).'),
    ('fil-skadad-zip', 'Filen är skadad: en del av den går inte att packa upp (en Excel-arbetsbok är ett zip-arkiv). Be '
     'om en ny kopia, eller öppna den i Excel och spara den igen.'),
    ('fil-skadad-xml', 'Filen är skadad: en del av arbetsboken är ingen giltig XML och kan inte läsas. Öppna den i Excel '
     '(som ofta kan reparera den), spara den och skicka den igen.'),
    ('fil-blad-trasigt', 'Arbetsboken räknar upp en flik vars innehåll saknas i filen. Öppna den i Excel, spara den och '
     'skicka den igen.'),
    ('fil-behorighet', 'Filen kan inte öppnas: du har inte behörighet att läsa den, eller så är den ingen vanlig fil. '
     'Kopiera planen till en mapp du har tillgång till och kör kommandot igen.'),
    ('fil-las-fel', 'Filen kunde inte läsas från disken. Kopiera den på nytt (från e-post eller SharePoint) och kör '
     'kommandot igen.'),
    ('fil-lank', 'Filen är en genväg (symbolisk länk) som inte pekar på någon fil. Lägg själva planen i mappen i '
     'stället för genvägen.'),
    ('blad-saknas', 'Fliken Uppgifter saknas. Fyll i planen i förvaltningens mall utan att byta namn på flikarna.'),
    ('blad-dolt', 'Fliken Aktivitetsplan är dold. Planen lästes ändå, men visa fliken igen (högerklicka på en flik och '
     'välj Ta fram) så att alla som öppnar filen ser den.'),
    ('kolumn-saknas', 'Kolumnen Ansvarig (funktion) saknas i aktivitetsplanen. Lägg tillbaka den med exakt den '
     'rubriken, eller använd en ny mall.'),
    ('kolumn-saknas-valfri', 'Kolumnen Status saknas i aktivitetsplanen. Lägg gärna tillbaka den med exakt den rubriken.'),
    ('kolumn-dubbel', 'Kolumnen Målgrupp finns två gånger; bara den första läses. Ta bort den andra.'),
    ('mall-okand', 'Filen är inte gjord från förvaltningens mall, så den kan inte kontrolleras fullt ut. Använd '
     'mallen från HR nästa gång.'),
    ('mall-forvaltning', 'Mallen är gjord för Skarpnäcks stadsdelsförvaltning, inte Farsta stadsdelsförvaltning. Fyll i '
     'planen i er egen förvaltnings mall.'),
    ('mall-ar', 'Mallen gäller planår 2021, inte 2022. Fyll i planen i årets mall.'),
    ('mall-version', 'Mallen har version 2021.3; aktuell version är 2022.1. Flytta gärna över raderna till den nya '
     'mallen.'),
    ('mall-version-nyare', 'Mallen har version 2023.1, nyare än konfigurationens 2022.1. Planen räknas; HR bör '
     'kontrollera att sammanställningen görs med rätt konfiguration.'),
    ('sammanfogade-celler', 'Cellerna K7:K8 är sammanfogade i aktivitetsplanen. Dela upp dem (Start > Sammanfoga och '
     'centrera > Dela upp celler) och skriv en aktivitet per rad.'),
    ('for-manga-rader', '1 rad med aktiviteter står under tabellens sista rad (205). Råd.'),
    ('for-manga-rader', '2 rader med aktiviteter står under tabellens sista rad (205). Råd.'),
    ('inga-aktiviteter', 'Aktivitetsplanen innehåller inga aktiviteter. Fyll i minst en rad.'),
    ('uppgift-saknas', 'Ansvarig chef saknas på fliken Uppgifter. Fyll i uppgiften så att HR vet vem som har lämnat '
     'planen och när.'),
    ('avdelning-okand', "Avdelningen 'Skola' finns inte i förvaltningens lista. Använd mallen för er avdelning "
     '(Förskola, Stadsutveckling eller Äldreomsorg).'),
    ('enhet-okand', "Enheten 'Skarpnäck' hör inte till avdelningen Förskola. Använd mallen för er enhet (Farsta "
     'strand eller Hökarängen).'),
    ('enhet-saknas', 'Avdelningen Förskola lämnar en plan per enhet, men Enhet är tom. Använd mallen för er enhet '
     '(Farsta strand eller Hökarängen).'),
    ('avdelning-andrad', 'Avdelningen ska vara Förskola, som mallen gjordes för – skriv tillbaka namnet. Planen räknas '
     'för Förskola.'),
    ('enhet-andrad', 'Enheten ska vara Administration, som mallen gjordes för – skriv tillbaka namnet. Planen räknas '
     'för Administration.'),
    ('enhet-tillagd', 'Mallen gjordes för hela avdelningen Förskola och planen räknas för avdelningen – töm Enhet. '
     'Gäller planen en enhet: fyll i den i enhetens mall.'),
    ('mall-annan-enhet', 'Filnamnet gäller Förskola – Söder, men mallen gjordes för Förskola – Norr, och planen räknas '
     'för Förskola – Norr. Gäller planen Förskola – Söder: flytta över raderna till mallen för Förskola – Söder.'),
    ('epost-ogiltig', "'anna.svensson(at)stad' är ingen giltig e-postadress. Skriv adressen som "
     'fornamn.efternamn@example.com.'),
    ('datum-uppgift-ogiltigt', "Datum 'igår' är inget giltigt datum. Skriv dagens datum, till exempel 2022-01-31."),
    ('obligatorisk', 'Cellen är tom, men Ansvarig (funktion) måste fyllas i. Välj den funktion som ansvarar, aldrig '
     'en person. Nämn fler funktioner i Kommentar.'),
    ('ej-i-listan', "'Brandmän' finns inte i listan för Målgrupp. Råd."),
    ('flera-varden', "'Enhetschef, HR' innehåller flera värden. Råd."),
    ('person-som-ansvarig', "'Anna Svensson' ser ut som namnet på en person. Välj en funktion i rullistan, till exempel "
     'Avdelningschef, Enhetschef eller Rektor, och skriv gärna namnet i Kommentar.'),
    ('alias', "'VB' räknas som 'Verksamhetsberättelse'. Råd."),
    ('datum-ogiltigt', "Måldatum 'Hösten' är inget giltigt datum. Råd."),
    ('datum-utanfor', 'Måldatum 2026-06-30 ligger utanför planperioden 2022–2024. Skriv ett datum mellan 2022-01-01 '
     'och 2024-12-31 eller ordet Löpande.'),
    ('datum-text', '2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31.'),
    ('datum-oklart', "Måldatum 'hösten 2023' går inte att läsa som ett datum och räknas därför som 2023-12-31, sista "
     'dagen år 2023. Råd.'),
    ('tal-ogiltigt', "'fyrtio' är inget tal. Skriv Resurser – timmar med siffror, till exempel 40."),
    ('tal-text', "'25 000 kr' i Resurser – kronor tolkas som 25000. Skriv bara talet."),
    ('tal-negativt', 'Resurser – kronor är -500. Skriv ett tal som är 0 eller större.'),
    ('text-for-lang', 'Kommentar har 33 000 tecken, men en Excel-cell rymmer högst 32 767. Korta texten.'),
    ('cell-felvarde', 'Cellen innehåller felvärdet #REF! – skriv in värdet. Felvärdet kommer från en formel som inte '
     'kan räknas ut.'),
    ('kategori-lika', 'Kategori 2 är samma som Kategori (UBARA). Töm Kategori 2 eller välj ett annat steg.'),
    ('rad-utan-aktivitet', 'Raden har bara en kommentar – skriv aktiviteten eller ta bort raden.'),
    ('dubblett', 'Samma mål och aktivitet står redan på rad 7. Ta bort den ena raden eller skriv vad som '
     'skiljer dem.'),
    ('analys-tal-ogiltigt', "'cirka 200' är inget tal. Skriv Antal tillsvidareanställda med siffror, till exempel "
     "40, eller lämna fältet tomt."),
    ('analys-tal-text', "'14 %' i Personalomsättning (%) tolkas som 14. Skriv bara talet."),
    ('analys-tal-negativt', 'Antal tillsvidareanställda är -3. Skriv ett tal som är 0 eller större, eller lämna '
     'fältet tomt.'),
    ('analys-procent-utanfor', 'Andel medarbetare över 61 år (%) är 140, men en procentsats ligger mellan 0 och 100. '
     'Skriv till exempel 12 för 12 procent.'),
    ('analys-procent-andel', 'Personalomsättning (%) är 0,14, alltså mindre än 1 procent. Menade du 14 procent? '
     'Skriv då 14; Excel gör 12 % till 0,12.'),
    ('analys-ej-i-listan', "'Brandmän' finns inte i listan för Svårrekryterade yrkesgrupper. Råd."),
    ('analys-alias', "'SSK' räknas som 'Sjuksköterskor'. Välj 'Sjuksköterskor' i rullistan."),
    ('analys-text-for-lang', 'Nuläge och utmaningar har 33 000 tecken, men en Excel-cell rymmer högst 32 767. Korta '
     'texten.'),
    ('forifyll-avdelning', "Avdelningen 'Skola' finns inte i konfigurationen, så raden fördes inte över. Lägg till "
     'avdelningen i konfigurationen eller skriv in aktiviteten i rätt mall (Förskola, '
     'Stadsutveckling, Äldreomsorg).'),
    ('forifyll-enhet', "Enheten 'Skarpnäck' finns inte under Förskola, så raden fördes inte över. Skriv in "
     'aktiviteten i rätt enhets mall (Farsta strand, Hökarängen).'),
    ('forifyll-enhet-borttagen', "Enheten 'Hökarängen' finns inte längre; aktiviteten lades i mallen för hela Förskola. "
     'Kontrollera att den hör hemma där.'),
    ('forifyll-datum-fore', 'Måldatum 2021-12-31 ligger före planperioden 2022–2024, så cellen lämnades tom och det gamla '
     'datumet står i Kommentar. Skriv ett nytt måldatum eller ordet Löpande, eller ta bort '
     'aktiviteten.'),
    ('forifyll-datum-utanfor', 'Måldatum 2026-06-30 ligger utanför planperioden 2022–2024. Skriv ett datum inom perioden '
     'eller ordet Löpande.'),
    ('forifyll-datum-ogiltigt', "Måldatum 'Hösten' är inget datum. Skriv ett datum inom planperioden 2022–2024 eller ordet "
     'Löpande.'),
    ('forifyll-delad', "'Utveckla/behålla' innehöll flera steg: Utveckla står nu i Kategori (UBARA) och Behålla i "
     'Kategori 2. Kontrollera att det stämmer.'),
    ('forifyll-roll', "'Enhetschef LSS' blev Enhetschef; den tidigare texten står i Kommentar. Kontrollera att "
     'Enhetschef är rätt funktion.'),
    ('forifyll-ej-i-listan', "'Brandmän' finns inte i listan för Målgrupp; värdet behölls som det var. Välj ett värde i "
     'rullistan.'),
    ('forifyll-status-okand', "Status 'Klar' finns inte i listan, så aktiviteten fördes över med tom Status. Ta bort den i "
     'mallen om den är avslutad.'),
    ('forifyll-utan-aktivitet', 'Raden har bara en kommentar och ingen aktivitet, så den fördes inte över. Skriv in '
     'det som behövs i mallen.'),
    ('forifyll-utan-svar', 'Aktiviteten A-1F12D2AA fick inget svar vid VB (enheten lämnade ingen uppföljning) och '
     'fördes över med det senaste svaret, från T2. Kontrollera att den ska vara kvar.'),
    ('forifyll-borttagen', 'Aktiviteten A-1F12D2AA togs bort av HR under året (ersätts av stadens satsning), så den '
     'fördes inte över.'),
    ('forifyll-for-manga', 'Mallen för Förskola – Farsta strand rymmer 1 aktivitet, så raden fördes inte över. Höj '
     'antal_rader i konfigurationen och skriv mallarna igen.'),
    ('forifyll-for-manga', 'Mallen för Förskola – Farsta strand rymmer 2 aktiviteter, så raden fördes inte över. Höj '
     'antal_rader i konfigurationen och skriv mallarna igen.'),
    ('forifyll-tecken', 'Aktivitet – hur gör vi det? innehöll tecken som inte kan stå i en Excel-cell (osynliga '
     'styrtecken); de togs bort. Kontrollera att texten är hel.'),
    ('forifyll-for-lang', 'Aktivitet – hur gör vi det? har 40 000 tecken, men en Excel-cell rymmer högst 32 767, så '
     'texten kortades. Läs slutet i källan och korta texten i mallen.'),
    ('forifyll-plan-olasbar', 'Planen plan.xlsx kunde inte läsas, så dess aktiviteter fördes inte över: Filen är skadad.'),
    ('forifyll-dubbel-plan', 'b.xlsx gäller samma avdelning och enhet som a.xlsx; aktiviteterna i båda fördes över. Ta bort '
     'dubbletterna i mallen, eller flytta den äldre planen ur mappen och kör igen.'),
    ('forifyll-flera-datum', "Måldatum '1.2023-12-31 2.Tertial 1 2024' är inget enkelt datum. Det senaste datumet i "
     'texten, 2024-04-30, står nu i Måldatum och hela texten i Kommentar. Kontrollera datumet, eller dela aktiviteten '
     'i en rad per datum.'),
    ('forifyll-flera-datum-fore', "Måldatum '1.2022-12-31 2.Tertial 1 2022' är inget enkelt datum, och det senaste "
     'datumet i texten, 2022-12-31, ligger före planperioden 2023–2025. Cellen lämnades tom och texten står i '
     'Kommentar. Skriv ett nytt måldatum eller ordet Löpande, eller ta bort aktiviteten.'),
    ('forifyll-uppfoljning-tolkad', "Uppföljning/kommentar 'Följs upp i tertialrapportering.' blev Uppföljning "
     'Tertial 1 och 2; hela texten står i Kommentar. Kontrollera att Tertial 1 och 2 stämmer.'),
    ('forifyll-uppfoljning-saknas', "Uppföljning/kommentar 'Kulturförändringar tar tid' säger inte när aktiviteten "
     'följs upp, så texten står i Kommentar och Uppföljning är tom. Välj Uppföljning i mallen, till exempel '
     'Verksamhetsberättelse, Per tertial eller Delår och helår.'),
    ('forifyll-resurser', "Resurser '40 tim, 25 000 kr' står nu i Resurser – timmar och Resurser – kronor. "
     'Kontrollera att det stämmer.'),
    ('forifyll-tabell-okand', "Tabellen står under rubriken 'Aktivitetsplan avdelningen skola', som inte är någon "
     "avdelning eller enhet i konfigurationen, så dess 1 aktivitet fördes inte över (första raden: 'Fler lärare | "
     "Rekrytering'). Skriv avdelningens eller enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och "
     'kör igen, eller skriv in aktiviteterna i rätt mall (Förskola, Stadsutveckling).'),
    ('forifyll-tabell-okand', "Tabellen står under rubriken 'Aktivitetsplan avdelningen skola', som inte är någon "
     "avdelning eller enhet i konfigurationen, så dess 2 aktiviteter fördes inte över (första raden: 'Fler lärare | "
     "Rekrytering'). Skriv avdelningens eller enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och "
     'kör igen, eller skriv in aktiviteterna i rätt mall (Förskola, Stadsutveckling).'),
    ('forifyll-tabell-utan-rubrik', 'Ingen rubrik ovanför tabellen namnger en avdelning eller enhet, så dess 1 '
     "aktivitet fördes inte över (första raden: 'Fler lärare | Rekrytering'). Skriv avdelningens eller enhetens namn "
     'som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv in aktiviteterna i rätt mall '
     '(Förskola, Stadsutveckling).'),
    ('forifyll-tabell-utan-rubrik', 'Ingen rubrik ovanför tabellen namnger en avdelning eller enhet, så dess 2 '
     "aktiviteter fördes inte över (första raden: 'Fler lärare | Rekrytering'). Skriv avdelningens eller enhetens "
     'namn som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv in aktiviteterna i rätt '
     'mall (Förskola, Stadsutveckling).'),
    ('forifyll-tabell-enhet-saknas', "Tabellen står under rubriken 'Avdelning förskola', men Förskola lämnar en plan "
     "per enhet, så tabellens 1 aktivitet fördes inte över (första raden: 'Fler lärare | Rekrytering'). Skriv "
     'enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv in aktiviteterna '
     'i rätt enhets mall (Farsta strand, Hökarängen).'),
    ('forifyll-tabell-enhet-saknas', "Tabellen står under rubriken 'Avdelning förskola', men Förskola lämnar en plan "
     "per enhet, så tabellens 2 aktiviteter fördes inte över (första raden: 'Fler lärare | Rekrytering'). Skriv "
     'enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv in aktiviteterna '
     'i rätt enhets mall (Farsta strand, Hökarängen).'),
    ('forifyll-tabell-tolkad', "Rubriken 'Avdelning äldreomsorg' är inte exakt namnet på en avdelning eller enhet; "
     'tabellens aktiviteter lades i mallen för Äldreomsorg och socialpsykiatri. Kontrollera att de hör hemma där.'),
    ('forifyll-fortsatt-rad', "Texten 'förskolans insatser' står först i en tabell som fortsätter efter en "
     'sidbrytning, så den fogades till raden före (plan.docx, tabell 1 rad 4). Kontrollera att den hör dit.'),
    ('uppf-status-saknas', 'Aktiviteten följs upp vid Tertial 1. Välj Status i rullistan, till exempel Ej påbörjad, '
     'Pågår eller Genomförd.'),
    ('uppf-status-okand', "'Klart' finns inte i listan för Status. Välj i rullistan, till exempel Ej påbörjad, "
     "Pågår eller Genomförd."),
    ('uppf-nytt-datum', 'Status Försenad kräver ett nytt måldatum inom planperioden 2022–2024. Skriv ett datum, '
     'till exempel 2024-06-30.'),
    ('uppf-kommentar', 'Status Genomförd kräver en kommentar. Skriv vad som har gjorts och med vilken effekt.'),
    ('uppf-maldatum-passerat', 'Måldatum 2022-04-30 har passerat – välj Försenad och ange nytt måldatum.'),
    ('uppf-rad-tillagd', 'Raden har inget Aktivitets-ID, så den hör inte till någon aktivitet i planen. Nya '
     'aktiviteter följs inte upp här: ta bort raden och skriv aktiviteten i nästa års plan.'),
    ('uppf-id-okant', "Aktivitets-ID 'A-00000000' finns inte bland de aktiviteter HR skickade ut. Skriv "
     "tillbaka det id som stod på raden, eller hämta en ny uppföljning från HR."),
    ('uppf-rad-borttagen', 'Aktiviteten med Aktivitets-ID A-1F12D2AA saknas: raden har tagits bort. Lägg tillbaka '
     'raden (ångra, eller kopiera den från en ny uppföljning från HR) och svara för den.'),
    ('råd:valj-i-listan', 'Välj ett värde i rullistan, till exempel Alla medarbetare, Chefer eller Förskollärare.'),
    ('råd:valj-ett-varde', 'Välj ett värde i rullistan.'),
    ('råd:menade-du', 'Menade du Utveckla? Välj Utveckla i rullistan.'),
    ('råd:roll-med-tillagg', 'Välj Enhetschef i rullistan och skriv LSS i Kommentar.'),
    ('råd:roll-i-plural', 'Välj Enhetschef i rullistan.'),
    ('råd:tva-steg', 'Skriv Utveckla i Kategori (UBARA) och Behålla i Kategori 2.'),
    ('råd:flera-varden', 'Välj ett av dem i rullistan för Ansvarig (funktion) och skriv de andra i Kommentar.'),
    ('råd:datum', 'Skriv ett datum som 2024-12-31 eller ordet Löpande.'),
    ('råd:flera-datum', 'Skriv en aktivitet per rad, var och en med sitt eget måldatum.'),
    ('råd:datum-som-galler', 'Skriv det datum som gäller, till exempel Verksamhetsberättelse.'),
    ('råd:flytta-upp', 'Flytta upp raderna i tabellen, där det finns 197 tomma rader.'),
    ('råd:fler-rader', 'Mallen rymmer 200 aktiviteter och har för få tomma rader kvar; be HR om en mall med fler '
     'rader.'),
    ('råd:tacker-alla', 'Välj Utveckla i rullistan: det värdet täcker både T1 och T2.'),
    ('råd:narmast', 'Närmast i listan är Utveckla: välj det i rullistan om det stämmer, annars be HR lägga till '
     'värdet.'),
    ('råd:alias-lista', "Välj 'Verksamhetsberättelse' i rullistan."),
    ('råd:alias-skriv', 'Skriv Verksamhetsberättelse.'),
]


def test_every_message_renders_as_expected():
    assert rendered() == EXPECTED


def test_no_doubled_words_or_english():
    for code, message in rendered():
        words = [w for w in re.findall(r"[^\W\d_]+", message.casefold()) if len(w) > 1]
        assert not any(a == b for a, b in pairwise(words)), (code, message)
        assert not re.search(r"\b(the|and|file|error|None|nan)\b", message), (code, message)

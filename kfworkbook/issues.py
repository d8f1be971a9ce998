"""Issues as data: every problem found in a plan is an :class:`Issue`, every file gets a :class:`Report`.

The catalogue below is the one place where an issue's code, severity, title and Swedish message
template live; the docs page ``docs/felkoder.md`` is generated from it.
"""

from __future__ import annotations

import functools
import string
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .words import count

Severity = Literal["fel", "varning"]
ERROR: Severity = "fel"
WARNING: Severity = "varning"
APPROVED, WITH_WARNINGS, WITH_ERRORS = "godkänd", "med varningar", "med fel"
UNREADABLE = "kunde inte läsas"
"""A plan's status in the summary's Inlämning sheet (and ``--json``), from its issues."""


@dataclass(frozen=True)
class IssueType:
    """One kind of issue: code, severity, short title and message template.

    The template is a str.format string; a count is written ``{count:rad|rader}`` and comes out
    as '1 rad' or '3 rader' (see :data:`FORMATTER`).
    """

    code: str
    severity: Severity
    title: str
    template: str
    group: str


_TYPES: tuple[IssueType, ...] = (
    # -- the file as a whole ------------------------------------------------------------------
    IssueType("fil-saknas", ERROR, "Filen finns inte", "Filen finns inte. Kontrollera namnet och mappen.", "Filen"),
    IssueType("fil-las", ERROR, "Excels låsfil",
              "Filen är en låsfil som Excel skapar medan en arbetsbok är öppen, ingen plan. Stäng Excel och "
              "använd arbetsboken utan ~$ i namnet.", "Filen"),
    IssueType("fil-tom", ERROR, "Tom fil",
              "Filen är tom (0 byte). Spara planen i Excel igen och skicka den på nytt.", "Filen"),
    IssueType("fil-xls", ERROR, "Gammalt Excel-format",
              "Filen är sparad i det gamla formatet .xls. Öppna den i Excel och spara den som Excel-arbetsbok "
              "(.xlsx).", "Filen"),
    IssueType("fil-format", ERROR, "Ingen Excel-arbetsbok",
              "Filen är ingen Excel-arbetsbok (.xlsx eller .xlsm). Fyll i planen i mallen och spara den som "
              "Excel-arbetsbok.", "Filen"),
    IssueType("fil-xlsb", ERROR, "Binär Excel-arbetsbok",
              "Filen är sparad som binär Excel-arbetsbok (.xlsb). Öppna den i Excel och spara den som "
              "Excel-arbetsbok (.xlsx).", "Filen"),
    IssueType("fil-ods", ERROR, "OpenDocument-kalkylblad",
              "Filen är ett OpenDocument-kalkylblad (.ods) där mallens flikar inte finns kvar. Fyll i planen i "
              "mallen och spara den som Excel-arbetsbok (.xlsx).", "Filen"),
    IssueType("fil-losenord", ERROR, "Lösenordsskyddad fil",
              "Filen är lösenordsskyddad och kan inte läsas. Ta bort lösenordet (Arkiv > Info > Skydda "
              "arbetsbok > Kryptera med lösenord) och skicka filen igen.", "Filen"),
    IssueType("fil-skadad", ERROR, "Skadad fil",
              "Filen är skadad och kan inte öppnas. Spara om den i Excel eller be om en ny kopia.",
              "Filen"),
    IssueType("fil-for-stor", ERROR, "För stor fil",
              "Filen packas upp till {size} MB, mer än gränsen {limit} MB för en plan. Kontrollera att det "
              "är rätt fil.", "Filen"),
    IssueType("fil-for-manga-blad", ERROR, "För många blad",
              "Filen har {count} blad, men en plan har högst {limit}. Kontrollera att det är rätt fil.", "Filen"),
    IssueType("fil-for-stort-blad", ERROR, "För stort blad",
              "Filen har {sheet_rows} rader och {sheet_columns} kolumner på fliken {sheet} (till cell {end}), men en plan "
              "får ha högst {max_rows} rader och {max_columns} kolumner. Ta bort raderna och kolumnerna utanför "
              "tabellen, även tomma celler med formatering, och spara om filen i Excel.", "Filen"),
    IssueType("fil-andelse", ERROR, "Fel filändelse",
              "Filen är en {kind} med fel filändelse ({suffix}). Byt filändelsen till {right}, eller öppna filen "
              "och spara den som Excel-arbetsbok (.xlsx).", "Filen"),
    IssueType("fil-skadad-zip", ERROR, "Skadat arkiv",
              "Filen är skadad: en del av den går inte att packa upp (en Excel-arbetsbok är ett zip-arkiv). "
              "Be om en ny kopia, eller öppna den i Excel och spara den igen.", "Filen"),
    IssueType("fil-skadad-xml", ERROR, "Skadat innehåll",
              "Filen är skadad: en del av arbetsboken är ingen giltig XML och kan inte läsas. Öppna den i Excel "
              "(som ofta kan reparera den), spara den och skicka den igen.", "Filen"),
    IssueType("fil-blad-trasigt", ERROR, "Flik som saknar innehåll",
              "Arbetsboken räknar upp en flik vars innehåll saknas i filen. Öppna den i Excel, spara den och "
              "skicka den igen.", "Filen"),
    IssueType("fil-behorighet", ERROR, "Filen får inte läsas",
              "Filen kan inte öppnas: du har inte behörighet att läsa den, eller så är den ingen vanlig fil. "
              "Kopiera planen till en mapp du har tillgång till och kör kommandot igen.", "Filen"),
    IssueType("fil-las-fel", ERROR, "Läsfel",
              "Filen kunde inte läsas från disken. Kopiera den på nytt (från e-post eller SharePoint) och kör "
              "kommandot igen.", "Filen"),
    IssueType("fil-lank", ERROR, "Trasig genväg",
              "Filen är en genväg (symbolisk länk) som inte pekar på någon fil. Lägg själva planen i mappen i "
              "stället för genvägen.", "Filen"),
    # -- the workbook's structure -------------------------------------------------------------
    IssueType("blad-saknas", ERROR, "Bladet saknas",
              "Fliken {sheet} saknas. Fyll i planen i förvaltningens mall utan att byta namn på flikarna.",
              "Arbetsboken"),
    IssueType("blad-dolt", WARNING, "Dold flik",
              "Fliken {sheet} är dold. Planen lästes ändå, men visa fliken igen (högerklicka på en flik och välj "
              "Ta fram) så att alla som öppnar filen ser den.", "Arbetsboken"),
    IssueType("kolumn-saknas", ERROR, "Obligatorisk kolumn saknas",
              "Kolumnen {column} saknas i aktivitetsplanen. Lägg tillbaka den med exakt den rubriken, eller "
              "använd en ny mall.", "Arbetsboken"),
    IssueType("kolumn-saknas-valfri", WARNING, "Kolumn saknas",
              "Kolumnen {column} saknas i aktivitetsplanen. Lägg gärna tillbaka den med exakt den rubriken.",
              "Arbetsboken"),
    IssueType("kolumn-dubbel", WARNING, "Kolumnen finns två gånger",
              "Kolumnen {column} finns två gånger; bara den första läses. Ta bort den andra.", "Arbetsboken"),
    IssueType("mall-okand", WARNING, "Inte gjord från mallen",
              "Filen är inte gjord från förvaltningens mall, så den kan inte kontrolleras fullt ut. Använd "
              "mallen från HR nästa gång.", "Arbetsboken"),
    IssueType("mall-forvaltning", ERROR, "Annan förvaltnings mall",
              "Mallen är gjord för {found}, inte {expected}. Fyll i planen i er egen förvaltnings mall.",
              "Arbetsboken"),
    IssueType("mall-ar", ERROR, "Annat års mall",
              "Mallen gäller planår {found}, inte {expected}. Fyll i planen i årets mall.", "Arbetsboken"),
    IssueType("mall-version", WARNING, "Annan mallversion",
              "Mallen har version {found}; aktuell version är {expected}. Flytta gärna över raderna till den "
              "nya mallen.", "Arbetsboken"),
    IssueType("mall-version-nyare", WARNING, "Nyare mallversion",
              "Mallen har version {found}, nyare än konfigurationens {expected}. Planen räknas; HR bör "
              "kontrollera att sammanställningen görs med rätt konfiguration.", "Arbetsboken"),
    IssueType("sammanfogade-celler", ERROR, "Sammanfogade celler",
              "Cellerna {range} är sammanfogade i aktivitetsplanen. Dela upp dem (Start > Sammanfoga och "
              "centrera > Dela upp celler) och skriv en aktivitet per rad.", "Arbetsboken"),
    IssueType("for-manga-rader", ERROR, "Rader utanför tabellen",
              "{count:rad|rader} med aktiviteter står under tabellens sista rad ({last}). {advice}", "Arbetsboken"),
    IssueType("inga-aktiviteter", ERROR, "Inga aktiviteter",
              "Aktivitetsplanen innehåller inga aktiviteter. Fyll i minst en rad.", "Arbetsboken"),
    # -- Uppgifter ------------------------------------------------------------------------------
    IssueType("uppgift-saknas", WARNING, "Uppgift saknas",
              "{column} saknas på fliken Uppgifter. Fyll i uppgiften så att HR vet vem som har lämnat planen och när.",
              "Uppgifter"),
    IssueType("avdelning-okand", ERROR, "Okänd avdelning",
              "Avdelningen '{value}' finns inte i förvaltningens lista. Använd mallen för er avdelning "
              "({expected}).", "Uppgifter"),
    IssueType("enhet-okand", ERROR, "Okänd enhet",
              "Enheten '{value}' hör inte till avdelningen {department}. Använd mallen för er enhet "
              "({expected}).",
              "Uppgifter"),
    IssueType("enhet-saknas", ERROR, "Enhet saknas",
              "Avdelningen {department} lämnar en plan per enhet, men Enhet är tom. Använd mallen för er "
              "enhet ({expected}).", "Uppgifter"),
    IssueType("avdelning-andrad", ERROR, "Avdelningen är ändrad",
              "Avdelningen ska vara {expected}, som mallen gjordes för – skriv tillbaka namnet. Planen räknas för "
              "{expected}.", "Uppgifter"),
    IssueType("enhet-andrad", ERROR, "Enheten är ändrad",
              "Enheten ska vara {expected}, som mallen gjordes för – skriv tillbaka namnet. Planen räknas för "
              "{expected}.", "Uppgifter"),
    IssueType("enhet-tillagd", ERROR, "Enhet i avdelningens mall",
              "Mallen gjordes för hela avdelningen {department} och planen räknas för avdelningen – töm Enhet. "
              "Gäller planen en enhet: fyll i den i enhetens mall.", "Uppgifter"),
    IssueType("mall-annan-enhet", WARNING, "Filnamnet gäller en annan enhet",
              "Filnamnet gäller {named}, men mallen gjordes för {expected}, och planen räknas för {expected}. "
              "Gäller planen {named}: flytta över raderna till mallen för {named}.", "Uppgifter"),
    IssueType("epost-ogiltig", ERROR, "Ogiltig e-postadress",
              "'{value}' är ingen giltig e-postadress. Skriv adressen som fornamn.efternamn@example.com.", "Uppgifter"),
    IssueType("datum-uppgift-ogiltigt", ERROR, "Ogiltigt datum",
              "Datum '{value}' är inget giltigt datum. Skriv dagens datum, till exempel {example}.",
              "Uppgifter"),
    # -- the activities, cell by cell -----------------------------------------------------------
    IssueType("obligatorisk", ERROR, "Obligatoriskt fält saknas", "Cellen är tom, men {column} måste fyllas i. {hint}",
              "Aktiviteter"),
    IssueType("ej-i-listan", ERROR, "Värdet finns inte i listan",
              "'{value}' finns inte i listan för {column}. {advice}", "Aktiviteter"),
    IssueType("flera-varden", ERROR, "Flera värden i en cell",
              "'{value}' innehåller flera värden. {advice}", "Aktiviteter"),
    IssueType("person-som-ansvarig", ERROR, "En person i stället för en funktion",
              "'{value}' ser ut som namnet på en person. Välj en funktion i rullistan, till exempel "
              "{examples}, och skriv gärna namnet i Kommentar.", "Aktiviteter"),
    IssueType("alias", WARNING, "Annan stavning",
              "'{value}' räknas som '{canonical}'. {advice}", "Aktiviteter"),
    IssueType("datum-ogiltigt", ERROR, "Ogiltigt måldatum",
              "Måldatum '{value}' är inget giltigt datum. {advice}",
              "Aktiviteter"),
    IssueType("datum-utanfor", ERROR, "Måldatum utanför planperioden",
              "Måldatum {value} ligger utanför planperioden {period}. Skriv ett datum mellan {start} och "
              "{end} eller ordet Löpande.", "Aktiviteter"),
    IssueType("datum-text", WARNING, "Måldatum skrivet som text",
              "{value} tolkas som {canonical}. Skriv datumet som {canonical}.", "Aktiviteter"),
    IssueType("datum-oklart", WARNING, "Måldatum går inte att läsa",
              "Måldatum '{value}' går inte att läsa som ett datum och räknas därför som {canonical}, sista dagen "
              "år {year}. {advice}", "Aktiviteter"),
    IssueType("tal-ogiltigt", ERROR, "Inget tal",
              "'{value}' är inget tal. Skriv {column} med siffror, till exempel 40.", "Aktiviteter"),
    IssueType("tal-text", WARNING, "Tal skrivet som text",
              "'{value}' i {column} tolkas som {canonical}. Skriv bara talet.", "Aktiviteter"),
    IssueType("tal-negativt", ERROR, "Negativt tal",
              "{column} är {value}. Skriv ett tal som är 0 eller större.", "Aktiviteter"),
    IssueType("text-for-lang", ERROR, "För lång text",
              "{column} har {length} tecken, men en Excel-cell rymmer högst 32 767. Korta texten.", "Aktiviteter"),
    IssueType("cell-felvarde", ERROR, "Felvärde från en formel",
              "Cellen innehåller felvärdet {value} – skriv in värdet. Felvärdet kommer från en formel som inte "
              "kan räknas ut.", "Aktiviteter"),
    IssueType("kategori-lika", ERROR, "Samma kategori två gånger",
              "Kategori 2 är samma som Kategori (UBARA). Töm Kategori 2 eller välj ett annat steg.",
              "Aktiviteter"),
    IssueType("rad-utan-aktivitet", ERROR, "Rad utan aktivitet",
              "Raden har bara {what} – skriv aktiviteten eller ta bort raden.", "Aktiviteter"),
    IssueType("dubblett", WARNING, "Dubblett",
              "Samma mål och aktivitet står redan på rad {other}. Ta bort den ena raden eller skriv vad som "
              "skiljer dem.", "Aktiviteter"),
    # -- the department's own analysis (the Analys sheet) ----------------------------------------
    IssueType("analys-tal-ogiltigt", ERROR, "Inget tal i analysen",
              "'{value}' är inget tal. Skriv {column} med siffror, till exempel {example}, eller lämna fältet tomt.",
              "Analys"),
    IssueType("analys-tal-text", WARNING, "Tal skrivet som text i analysen",
              "'{value}' i {column} tolkas som {canonical}. Skriv bara talet.", "Analys"),
    IssueType("analys-tal-negativt", ERROR, "Negativt tal i analysen",
              "{column} är {value}. Skriv ett tal som är 0 eller större, eller lämna fältet tomt.", "Analys"),
    IssueType("analys-procent-utanfor", ERROR, "Procentsats utanför 0–100",
              "{column} är {value}, men en procentsats ligger mellan 0 och 100. Skriv till exempel 12 för 12 procent.",
              "Analys"),
    IssueType("analys-procent-andel", WARNING, "Procent skriven som andel",
              "{column} är {value}, alltså mindre än 1 procent. Menade du {percent} procent? Skriv då {percent}; "
              "Excel gör 12 % till 0,12.", "Analys"),
    IssueType("analys-ej-i-listan", ERROR, "Värdet finns inte i listan",
              "'{value}' finns inte i listan för {column}. {advice}", "Analys"),
    IssueType("analys-alias", WARNING, "Annan stavning i analysen",
              "'{value}' räknas som '{canonical}'. Välj '{canonical}' i rullistan.", "Analys"),
    IssueType("analys-text-for-lang", ERROR, "För lång text i analysen",
              "{column} har {length} tecken, men en Excel-cell rymmer högst 32 767. Korta texten.", "Analys"),
    # -- prefill (template --prefill): rows of last year's plans that need a decision ---------------
    IssueType("forifyll-avdelning", WARNING, "Avdelningen finns inte längre",
              "Avdelningen '{value}' finns inte i konfigurationen, så raden fördes inte över. Lägg till "
              "avdelningen i konfigurationen eller skriv in aktiviteten i rätt mall ({expected}).", "Förifyllning"),
    IssueType("forifyll-enhet", WARNING, "Enheten finns inte",
              "Enheten '{value}' finns inte under {department}, så raden fördes inte över. Skriv in aktiviteten "
              "i rätt enhets mall ({expected}).", "Förifyllning"),
    IssueType("forifyll-enhet-borttagen", WARNING, "Avdelningen har inga enheter längre",
              "Enheten '{value}' finns inte längre; aktiviteten lades i mallen för hela {department}. "
              "Kontrollera att den hör hemma där.", "Förifyllning"),
    IssueType("forifyll-datum-fore", WARNING, "Måldatum före planperioden",
              "Måldatum {value} ligger före planperioden {period}, så cellen lämnades tom och det gamla datumet "
              "står i Kommentar. Skriv ett nytt måldatum eller ordet Löpande, eller ta bort aktiviteten.",
              "Förifyllning"),
    IssueType("forifyll-datum-utanfor", WARNING, "Måldatum utanför planperioden",
              "Måldatum {value} ligger utanför planperioden {period}. Skriv ett datum inom perioden eller "
              "ordet Löpande.", "Förifyllning"),
    IssueType("forifyll-datum-ogiltigt", WARNING, "Måldatum är inget datum",
              "Måldatum '{value}' är inget datum. Skriv ett datum inom planperioden {period} eller ordet "
              "Löpande.",
              "Förifyllning"),
    IssueType("forifyll-delad", WARNING, "Två steg i en cell delades",
              "'{value}' innehöll flera steg: {first} står nu i Kategori (UBARA) och {second} i Kategori 2. "
              "Kontrollera att det stämmer.", "Förifyllning"),
    IssueType("forifyll-roll", WARNING, "Ansvarig med tillägg",
              "'{value}' blev {role}; den tidigare texten står i Kommentar. Kontrollera att {role} är rätt "
              "funktion.", "Förifyllning"),
    IssueType("forifyll-ej-i-listan", WARNING, "Värdet finns inte i de nya listorna",
              "'{value}' finns inte i listan för {column}; värdet behölls som det var. {hint}", "Förifyllning"),
    IssueType("forifyll-status-okand", WARNING, "Okänd status",
              "Status '{value}' finns inte i listan, så aktiviteten fördes över med tom Status. Ta "
              "bort den i mallen om den är avslutad.", "Förifyllning"),
    IssueType("forifyll-utan-aktivitet", WARNING, "Rad utan aktivitet",
              "Raden har bara {what} och ingen aktivitet, så den fördes inte över. Skriv in det som behövs i "
              "mallen.", "Förifyllning"),
    IssueType("forifyll-utan-svar", WARNING, "Inget svar vid sista uppföljningen",
              "Aktiviteten {value} fick inget svar vid {period} ({why}) och fördes över med {latest}. Kontrollera "
              "att den ska vara kvar.", "Förifyllning"),
    IssueType("forifyll-borttagen", WARNING, "Borttagen av HR",
              "Aktiviteten {value} togs bort av HR under året ({reason}), så den fördes inte över.", "Förifyllning"),
    IssueType("forifyll-for-manga", WARNING, "Mallen är full",
              "Mallen för {unit} rymmer {rows:aktivitet|aktiviteter}, så raden fördes inte över. Höj antal_rader i "
              "konfigurationen och skriv mallarna igen.", "Förifyllning"),
    IssueType("forifyll-tecken", WARNING, "Osynliga tecken togs bort",
              "{column} innehöll tecken som inte kan stå i en Excel-cell (osynliga styrtecken); de togs bort. "
              "Kontrollera att texten är hel.", "Förifyllning"),
    IssueType("forifyll-for-lang", WARNING, "För lång text kortades",
              "{column} har {length} tecken, men en Excel-cell rymmer högst 32 767, så texten kortades. Läs "
              "slutet i källan och korta texten i mallen.", "Förifyllning"),
    IssueType("forifyll-plan-olasbar", WARNING, "Planen kunde inte läsas",
              "Planen {value} kunde inte läsas, så dess aktiviteter fördes inte över: {detail}", "Förifyllning"),
    IssueType("forifyll-dubbel-plan", WARNING, "Två planer för samma mall",
              "{value} gäller samma avdelning och enhet som {other}; aktiviteterna i båda fördes över. Ta bort "
              "dubbletterna i mallen, eller flytta den äldre planen ur mappen och kör igen.", "Förifyllning"),
    IssueType("forifyll-flera-datum", WARNING, "Flera värden i Måldatum",
              "Måldatum '{value}' är inget enkelt datum. Det senaste datumet i texten, {due}, står nu i Måldatum "
              "och hela texten i Kommentar. Kontrollera datumet, eller dela aktiviteten i en rad per datum.",
              "Förifyllning"),
    IssueType("forifyll-flera-datum-fore", WARNING, "Flera värden i Måldatum, före planperioden",
              "Måldatum '{value}' är inget enkelt datum, och det senaste datumet i texten, {due}, ligger före "
              "planperioden {period}. Cellen lämnades tom och texten står i Kommentar. Skriv ett nytt måldatum "
              "eller ordet Löpande, eller ta bort aktiviteten.", "Förifyllning"),
    IssueType("forifyll-uppfoljning-tolkad", WARNING, "Uppföljning ur en kommentar",
              "Uppföljning/kommentar '{value}' blev Uppföljning {follow_up}; hela texten står i Kommentar. "
              "Kontrollera att {follow_up} stämmer.", "Förifyllning"),
    IssueType("forifyll-uppfoljning-saknas", WARNING, "Uppföljning framgår inte",
              "Uppföljning/kommentar '{value}' säger inte när aktiviteten följs upp, så texten står i Kommentar "
              "och Uppföljning är tom. Välj Uppföljning i mallen, till exempel {examples}.", "Förifyllning"),
    IssueType("forifyll-resurser", WARNING, "Resurser delades",
              "Resurser '{value}' står nu i {columns}. Kontrollera att det stämmer.", "Förifyllning"),
    IssueType("forifyll-tabell-okand", WARNING, "Tabellen kunde inte placeras",
              "Tabellen står under rubriken '{value}', som inte är någon avdelning eller enhet i konfigurationen, "
              "så dess {rows:aktivitet|aktiviteter} fördes inte över (första raden: '{first}'). Skriv "
              "avdelningens eller enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, "
              "eller skriv in aktiviteterna i rätt mall ({expected}).", "Förifyllning"),
    IssueType("forifyll-tabell-utan-rubrik", WARNING, "Tabellen saknar rubrik",
              "Ingen rubrik ovanför tabellen namnger en avdelning eller enhet, så dess "
              "{rows:aktivitet|aktiviteter} fördes inte över (första raden: '{first}'). Skriv avdelningens "
              "eller enhetens namn som rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv "
              "in aktiviteterna i rätt mall ({expected}).", "Förifyllning"),
    IssueType("forifyll-tabell-enhet-saknas", WARNING, "Tabellen namnger ingen enhet",
              "Tabellen står under rubriken '{value}', men {department} lämnar en plan per enhet, så tabellens "
              "{rows:aktivitet|aktiviteter} fördes inte över (första raden: '{first}'). Skriv enhetens namn som "
              "rubrik ovanför tabellen i en kopia av dokumentet och kör igen, eller skriv in aktiviteterna i rätt "
              "enhets mall ({expected}).", "Förifyllning"),
    IssueType("forifyll-tabell-tolkad", WARNING, "Tabellen placerades efter ett liknande namn",
              "Rubriken '{value}' är inte exakt namnet på en avdelning eller enhet; tabellens aktiviteter lades i "
              "mallen för {unit}. Kontrollera att de hör hemma där.", "Förifyllning"),
    IssueType("forifyll-fortsatt-rad", WARNING, "Raden fortsatte efter en sidbrytning",
              "Texten '{value}' står först i en tabell som fortsätter efter en sidbrytning, så den fogades till "
              "raden före ({previous}). Kontrollera att den hör dit.", "Förifyllning"),
    # -- the follow-up form (kfworkbook.forms) ---------------------------------------------------
    IssueType("uppf-status-saknas", ERROR, "Status saknas",
              "Aktiviteten följs upp vid {period}. Välj Status i rullistan, till exempel {examples}.", "Aktiviteter"),
    IssueType("uppf-status-okand", ERROR, "Okänd status",
              "'{value}' finns inte i listan för Status. Välj i rullistan, till exempel {examples}.", "Aktiviteter"),
    IssueType("uppf-nytt-datum", ERROR, "Nytt måldatum saknas eller är fel",
              "Status {status} kräver ett nytt måldatum inom planperioden {plan_period}. Skriv ett datum, till "
              "exempel {example}.", "Aktiviteter"),
    IssueType("uppf-kommentar", ERROR, "Kommentar saknas",
              "Status {status} kräver en kommentar. Skriv vad som har gjorts och med vilken effekt.", "Aktiviteter"),
    IssueType("uppf-maldatum-passerat", WARNING, "Måldatum har passerat",
              "Måldatum {due} har passerat – {action}.", "Aktiviteter"),
    IssueType("uppf-rad-tillagd", ERROR, "Ny rad i uppföljningen",
              "Raden har inget Aktivitets-ID, så den hör inte till någon aktivitet i planen. Nya aktiviteter "
              "följs inte upp här: ta bort raden och skriv aktiviteten i nästa års plan.", "Aktiviteter"),
    IssueType("uppf-id-okant", ERROR, "Okänt Aktivitets-ID",
              "Aktivitets-ID '{value}' finns inte bland de aktiviteter HR skickade ut. Skriv tillbaka det id "
              "som stod på raden, eller hämta en ny uppföljning från HR.", "Aktiviteter"),
    IssueType("uppf-rad-borttagen", ERROR, "Aktivitet borttagen",
              "Aktiviteten med Aktivitets-ID {value} saknas: raden har tagits bort. Lägg tillbaka raden (ångra, "
              "eller kopiera den från en ny uppföljning från HR) och svara för den.", "Arbetsboken"),
)

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _TYPES}

ADVICE: dict[str, str] = {
    "valj-i-listan": "Välj ett värde i rullistan, till exempel {examples}.",
    "valj-ett-varde": "Välj ett värde i rullistan.",
    "menade-du": "Menade du {suggestion}? Välj {suggestion} i rullistan.",
    "roll-med-tillagg": "Välj {role} i rullistan och skriv {qualifier} i Kommentar.",
    "roll-i-plural": "Välj {role} i rullistan.",
    "tva-steg": "Skriv {first} i Kategori (UBARA) och {second} i Kategori 2.",
    "flera-varden": "Välj ett av dem i rullistan för {column} och skriv de andra i Kommentar.",
    "datum": "Skriv ett datum som {example} eller ordet Löpande.",
    "flera-datum": "Skriv en aktivitet per rad, var och en med sitt eget måldatum.",
    "datum-som-galler": "Skriv det datum som gäller, till exempel {canonical}.",
    "flytta-upp": "Flytta upp {them} i tabellen, där det finns {free:tom rad|tomma rader}.",
    "fler-rader": "Mallen rymmer {rows:aktivitet|aktiviteter} och har för få tomma rader kvar; be HR om en mall med "
                  "fler rader.",
    "tacker-alla": "Välj {suggestion} i rullistan: det värdet täcker {parts}.",
    "narmast": "Närmast i listan är {suggestion}: välj det i rullistan om det stämmer, annars be HR lägga till "
               "värdet.",
    "alias-lista": "Välj '{canonical}' i rullistan.",
    "alias-skriv": "Skriv {canonical}.",
}
"""The second sentence of some messages (``{advice}``): what to do, fitted to the cell and value.

A list cell has a dropdown ("Välj … i rullistan"); Måldatum has none ("Skriv …")."""


class _Formatter(string.Formatter):
    """str.format with Swedish counts: ``{n:fil|filer}`` gives '1 fil' or '2 filer'."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return count(value, one, many)
        return super().format_field(value, format_spec)


FORMATTER = _Formatter()


def fill(template: str, **fields: Any) -> str:
    """``template`` filled in as :data:`FORMATTER` fills it; by ``str.format`` itself (the same text, in C)
    when no field has a count's ``one|many`` spec (or a nested spec that could hold one)."""
    return FORMATTER.format(template, **fields) if _counts(template) else template.format(**fields)


@functools.cache
def _counts(template: str) -> bool:
    """Whether a field of ``template`` needs :data:`FORMATTER`: a spec with '|' or a nested field."""
    return any(spec and ("|" in spec or "{" in spec) for _, _, spec, _ in FORMATTER.parse(template))


_DEFAULT_ADVICE = {"ej-i-listan": "valj-i-listan", "flera-varden": "flera-varden", "alias": "alias-lista",
                   "datum-ogiltigt": "datum", "datum-oklart": "datum-som-galler", "analys-ej-i-listan": "valj-ett-varde"}
"""The advice a message gets when its caller gives none."""


def advice(kind: str, **fields: Any) -> str:
    """The advice sentence ``kind`` of :data:`ADVICE`, filled in."""
    return fill(ADVICE[kind], **fields)


@dataclass(frozen=True)
class Issue:
    """One problem in one place of one file, with a Swedish message that says what to do."""

    code: str
    severity: Severity
    file: str
    sheet: str
    cell: str
    row: int | None
    column: str
    value: str
    message: str
    detail: str = ""
    """Technical detail (for example a library's own English error text), kept apart from the message."""

    @property
    def location(self) -> str:
        """'Aktivitetsplan!H14', 'Uppgifter', or '' for the file as a whole."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def to_dict(self) -> dict[str, Any]:
        """The issue as JSON-ready data (without the file, which the report carries)."""
        data = asdict(self)
        del data["file"]
        if not self.detail:
            del data["detail"]
        return data


def make_issue(code: str, *, file: str = "", sheet: str = "", cell: str = "", row: int | None = None,
               column: str = "", value: Any = "", **fields: Any) -> Issue:
    """Build an :class:`Issue` of catalogue type ``code``; ``fields`` fill its message template."""
    kind = CATALOGUE[code]
    text = "" if value is None else display(value)
    detail = str(fields.pop("detail", ""))
    if "{advice}" in kind.template and "advice" not in fields:
        fields["advice"] = advice(_DEFAULT_ADVICE[code], column=column, **fields)
    message = fill(kind.template, column=column, value=text, sheet=sheet, detail=detail, **fields)
    return Issue(code, kind.severity, file, sheet, cell, row, column, text, message, detail)


def display(value: Any) -> str:
    """A cell value as users see it: dates as 2023-12-31, whole numbers without '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text.replace("T", " ")
    return str(value)


class Batch:
    """The normalised activities of every plan validated together, split per plan on demand."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self._groups: dict[int, Any] | None = None

    def _rows(self, key: int) -> Any:
        if self._groups is None:
            self._groups = self.frame.groupby("plan", sort=False).indices
        return self._groups.get(key, [])

    def part(self, key: int) -> Any:
        """The activities of plan ``key``, indexed by Excel row."""
        return self.frame.iloc[self._rows(key)].drop(columns="plan").set_index("rad")

    def count(self, key: int) -> int:
        """How many activities plan ``key`` has (without building its frame)."""
        return len(self._rows(key))


@dataclass
class Report:
    """The result of checking one file: its issues, and the plan when it could be read."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    plan: Any = None
    batch: Batch | None = field(default=None, repr=False)
    batch_key: int = -1
    analysis: dict[str, Any] = field(default_factory=dict)
    """The Analys values by field key, normalised (numbers as floats, list values as in the list, text as
    typed); a field with an error is left out. Empty for a plan without the Analys sheet."""

    @property
    def activities(self) -> Any:
        """Normalised activities (pandas DataFrame indexed by Excel row) when the file could be read, else None.

        Columns: every column key (list values canonical, ``due`` as a date, ``due_text`` as shown,
        numbers as floats) and ``errors``/``warnings``, the number of issues on each row.
        """
        return None if self.batch is None else self.batch.part(self.batch_key)

    @property
    def activity_count(self) -> int:
        """Number of activities read from the file (0 when it could not be read)."""
        return 0 if self.batch is None else self.batch.count(self.batch_key)

    @property
    def errors(self) -> int:
        """Number of issues of severity fel."""
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> int:
        """Number of issues of severity varning."""
        return sum(1 for i in self.issues if i.severity == WARNING)

    @property
    def valid(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return self.errors == 0

    @property
    def status(self) -> str:
        """'godkänd' (no issues), 'med varningar', 'med fel', or 'kunde inte läsas'."""
        if self.plan is None and self.errors:
            return UNREADABLE
        if self.errors:
            return WITH_ERRORS
        return WITH_WARNINGS if self.warnings else APPROVED

    @property
    def readable(self) -> bool:
        """True when the file could be read as a plan at all."""
        return self.plan is not None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, in the CLI's ``--json`` form."""
        return {
            "file": self.file,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "issues": [issue.to_dict() for issue in self.issues],
        }


def summary_text(errors: int, warnings: int) -> str:
    """'2 fel, 1 varning' / 'Inga fel' in Swedish."""
    if not errors and not warnings:
        return "Inga fel hittade"
    parts = [f"{errors} fel"] if errors else []
    if warnings:
        parts.append(count(warnings, "varning", "varningar"))
    return ", ".join(parts)


def reports_to_json(reports: list[Report]) -> dict[str, Any]:
    """The ``--json`` document for several reports."""
    return {"files": [report.to_dict() for report in reports]}

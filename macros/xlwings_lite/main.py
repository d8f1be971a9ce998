"""Validera-knappen i xlwings Lite, skriven av kfworkbook lite 0.1.0 för Farsta stadsdelsförvaltning 2022.

Klistra in hela filen i fliken main.py i Lite-redigeraren. Knappen är en figur som heter
ValideraKnapp och ligger över cellen Aktivitetsplan!A3 med en länk till just den cellen (se
macros/README.md). När cellen väljs kör Lite funktionen validera nedan, som gör samma kontroll som
kfworkbook på HR:s dator och markerar resultatet i arbetsboken.

Ändra inte texten i KONFIGURATION här: ändra förvaltningens kfworkbook.toml och kör kfworkbook lite
igen, så att knappen och HR:s kontroll använder samma listor.
"""

import tomllib

import xlwings as xw
from xlwings import script

from kfworkbook.config import parse_config
from kfworkbook.excel import show_error, validate_book

KONFIGURATION = """\
# Konfiguration för kfworkbook – förvaltningens kompetensförsörjningsplan.
#
# Redigera texterna nedan för er förvaltning och planår. Alla listor blir rullistor i mallen.
# Ett listvärde kan skrivas som text, "Enhetschef", eller med alias och beskrivning:
#   { namn = "Avveckla", alias = ["Avsluta"], beskrivning = "..." }
# Ett alias godtas vid valideringen men ger en varning och räknas som listvärdet.
#
# Standardkonfigurationen bygger på Farsta stadsdelsförvaltnings kompetensförsörjningsplan.

forvaltning = "Farsta stadsdelsförvaltning"
# Vem cheferna kontaktar med frågor om planen (en funktion, inte en person).
kontakt = "HR-enheten, Farsta stadsdelsförvaltning"
# HR:s e-postadress: avsändare av påminnelserna (kfworkbook paminnelser). Ta bort # och skriv er adress.
# kontakt_epost = "hr.farsta@example.se"
# Året planen gäller och den rullande treårsperioden den ingår i.
plan_ar = 2022
planperiod = "2022-2024"
# Mallens version. Ändra den när listor eller kolumner ändras; valideringen varnar för äldre mallar.
mallversion = "2022.1"
# Antal rader för aktiviteter i mallen (minst 200).
antal_rader = 200
# Lösenord för bladskyddet. Tomt = skydd utan lösenord (cheferna kan inte ändra rubriker av misstag).
losenord = ""
# Statusar (ur listan status nedan) för avslutade aktiviteter: de förs inte över till nästa års plan
# (template --prefill). Utan nyckeln räknas statusar som heter Genomförd, Utgår, Klar, Avslutad, Slutförd,
# Avbruten eller Struken som avslutade.
avslutade_status = ["Genomförd", "Utgår"]

# Avdelningar, i den ordning de ska stå i sammanställningen. En avdelning utan enheter får en mall
# för hela avdelningen. En avdelning med enheter får en mall per enhet och dessutom en för hela
# avdelningen; skriv avdelningsmall = false för att bara ge enheterna mallar. En avdelning med
# enheter skrivs så (ta bort # framför raderna):
#
# [[avdelningar]]
# namn = "Vård och omsorg"
# enheter = ["Hemtjänst", "Vård- och omsorgsboende"]
#
# Påminnelserna (kfworkbook paminnelser) går till chefen för avdelningen eller enheten. Skriv chefens
# namn och e-postadress under avdelningen (chef, epost) och för en enhet inom klamrar:
#
# chef = "Förnamn Efternamn"
# epost = "fornamn.efternamn@example.se"
# enheter = [{ namn = "Hemtjänst", chef = "Förnamn Efternamn", epost = "fornamn.efternamn@example.se" },
#            "Vård- och omsorgsboende"]
#
# Utan adress i konfigurationen används e-postadressen på fliken Uppgifter i den inlämnade planen.
[[avdelningar]]
namn = "Förskola"

[[avdelningar]]
namn = "Stadsutveckling"

[[avdelningar]]
namn = "Äldreomsorg"

[[avdelningar]]
namn = "Individ och familj"

[[avdelningar]]
namn = "Funktionsnedsättning"

# Fliken Analys i mallen: där skriver avdelningen sin egen analys, som blir avsnitt 2 i planen
# ("Förvaltningens avdelningsspecifika kompetensförsörjningsplanering"). Ett [[analys]]-block per fält,
# i den ordning fälten ska stå. Utan några [[analys]]-block får mallen just de här fälten.
#   nyckel = kort namn utan mellanslag (a–z, siffror, _); det står i sammanställningen. Byt inte nyckel
#            mitt i ett planår.
#   rubrik = rubriken cheferna ser.
#   typ    = "text" (fri text), "tal" (ett tal, 0 eller större), "procent" (0–100) eller
#            "lista" (ett värde ur en av listorna nedan; skriv då också lista = "malgrupper" eller
#            en annan av listorna nedan).
#   hjalp  = hjälptexten bredvid fältet.
# Alla fält är frivilliga att fylla i; valideringen kontrollerar bara att tal, procent och listvärden
# är giltiga.
[[analys]]
nyckel = "nulage"
rubrik = "Nuläge och utmaningar"
typ = "text"
hjalp = "Vilka förändringar står verksamheten inför? Till exempel befolkningens utveckling, nya uppdrag, digitalisering och svårigheter att rekrytera eller behålla medarbetare."

[[analys]]
nyckel = "behov"
rubrik = "Behov de kommande tre åren"
typ = "text"
hjalp = "Vilken kompetens behöver verksamheten under planperioden? Skriv gärna en punkt per rad."

[[analys]]
nyckel = "prioriterade_omraden"
rubrik = "Prioriterade områden"
typ = "text"
hjalp = "Vilka områden prioriterar avdelningen i aktivitetsplanen, och varför?"

[[analys]]
nyckel = "antal_tillsvidareanstallda"
rubrik = "Antal tillsvidareanställda"
typ = "tal"
hjalp = "Antal tillsvidareanställda medarbetare den 31 december förra året. Lämna tomt om uppgiften saknas."

[[analys]]
nyckel = "andel_over_61"
rubrik = "Andel medarbetare över 61 år (%)"
typ = "procent"
hjalp = "Andel av medarbetarna som är 62 år eller äldre, i procent (0–100), till exempel 12. Lämna tomt om uppgiften saknas."

[[analys]]
nyckel = "personalomsattning"
rubrik = "Personalomsättning (%)"
typ = "procent"
hjalp = "Personalomsättning förra året i procent (0–100), till exempel 14. Lämna tomt om uppgiften saknas."

[[analys]]
nyckel = "svarrekryterade"
rubrik = "Svårrekryterade yrkesgrupper"
typ = "lista"
lista = "malgrupper"
hjalp = "Välj den yrkesgrupp som är svårast att rekrytera. Nämn fler i Nuläge och utmaningar."

[listor]
# Stegen i stadens kompetensförsörjningsmodell, i processordning.
kategorier = [
  { namn = "Attrahera", alias = ["Attraktiv arbetsgivare", "Attrahering"], beskrivning = "Vara en attraktiv arbetsgivare: synas och samarbeta med högskolor, ta emot VFU-studenter och feriearbetare, erbjuda goda villkor och en god arbetsmiljö." },
  { namn = "Rekrytera", alias = ["Rekrytering"], beskrivning = "Rekrytera rätt kompetens: kompetensbaserad rekrytering, tydliga annonser och arbetsbeskrivningar, heltid som norm." },
  { namn = "Introducera", alias = ["Introduktion", "Introducering"], beskrivning = "Ge nya medarbetare, vikarier, studenter och chefer en tydlig och välplanerad introduktion." },
  { namn = "Utveckla", alias = ["Utveckling", "Kompetensutveckling"], beskrivning = "Utveckla medarbetarnas och chefernas kompetens: utbildning, kompetensinventering, lärande i arbetet och ledarutveckling." },
  { namn = "Behålla", alias = ["Behåll", "Behållande"], beskrivning = "Behålla medarbetare: god arbetsmiljö, närvarande ledarskap, delaktighet och möjligheter att utvecklas i arbetet." },
  { namn = "Avveckla", alias = ["Avsluta", "Avslut", "Avsluta och avveckla", "Avveckling"], beskrivning = "Avsluta anställningar väl: avslutssamtal, kompetensöverföring vid pensionsavgångar och avtackning." },
]

# Ansvarig (funktion) – alltid en funktion, aldrig en person.
roller = [
  "Avdelningschef",
  { namn = "Enhetschef", alias = ["Enhetschefer", "Berörda enhetschefer"] },
  { namn = "Biträdande enhetschef", alias = ["Biträdande enhetschefer"] },
  { namn = "Rektor", alias = ["Rektorer", "Rektorerna"] },
  { namn = "Biträdande rektor", alias = ["Biträdande rektorer"] },
  "Förvaltningsledning",
  "HR",
  "Controller",
  "Verksamhetscontroller",
  "Verksamhetsutvecklare",
  { namn = "Pedagogisk utvecklingsledare", alias = ["Pedagogiska utvecklingsledare"] },
  "Verksamhetschef HSL",
  "Chef för nämndkansli",
  { namn = "Administratör", alias = ["Administratörer"] },
  "Anhörigsamordnare",
  "Förskolestöd",
  "Brandombud",
  "Introduktionsansvarig",
  { namn = "Samtliga medarbetare", alias = ["Samtliga"] },
]

# Målgrupp – yrkesgrupper som aktiviteten riktar sig till.
malgrupper = [
  "Alla medarbetare",
  "Chefer",
  "Förskollärare",
  "Barnskötare",
  "Kockar och ekonomibiträden",
  "Lokalvårdare",
  "Rektorer",
  "Undersköterskor",
  "Vårdbiträden",
  "Sjuksköterskor",
  "Arbetsterapeuter",
  "Fysioterapeuter",
  "Biståndshandläggare",
  "Socialsekreterare",
  "Familjerättssekreterare",
  "Stödpedagoger och stödbiträden",
  "Personliga assistenter",
  "Fritidsledare",
  "Timvikarier",
  "VFU-studenter",
]

# Koppling till verksamhetsplan – KF:s mål för verksamhetsområdet och nämndmålen för planåret.
vp_mal = [
  "1.1 I Stockholm är människor självförsörjande och vägen till arbete och svenskkunskaper är kort",
  "1.3 I Stockholm når barn sin fulla potential då Stockholms skolor och förskolor är de bästa i Sverige",
  "2.4 Stockholm är en modern kultur- och evenemangsstad med en stark besöksnäring",
  "2.5 Stockholm är en hållbar stad med en god livsmiljö",
  "3.1 Stockholm har en budget i balans och långsiktigt hållbara finanser",
  "3.2 Stockholm använder skattemedlen effektivt till största nytta för stockholmarna",
  "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare med god arbetsmiljö",
  "Nämndmål: Stadsdelsnämndens verksamheter arbetar kostnadseffektivt med fokus på resultat för invånarna",
  "Nämndmål: Stadsdelsnämndens verksamheter är innovativa och tillvaratar digitaliseringens möjligheter",
]

# Uppföljning – när aktiviteten följs upp.
uppfoljning = [
  { namn = "Tertial 1", alias = ["T1"] },
  { namn = "Tertial 2", alias = ["T2"] },
  { namn = "Verksamhetsberättelse", alias = ["VB", "Följs upp i VB", "Uppföljning VB", "Uppföljning i VB"] },
  { namn = "Tertial 1 och 2", alias = ["Per tertial", "Uppföljning per tertial", "T1 och T2"] },
  { namn = "Tertial 2 och verksamhetsberättelse", alias = ["Tertial 2 och VB", "T2 och VB"] },
  { namn = "Tertial 1 och 2 samt verksamhetsberättelse", alias = ["Tertial 1 och 2 samt VB", "Uppföljning per tertial och VB", "Tertial och VB"] },
]

# Status för uppföljningen.
status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]

# Påminnelser (kfworkbook paminnelser): sista dag att lämna in planen (sista_dag) och uppföljningarna
# (sista_dag_t1, sista_dag_t2, sista_dag_vb), skrivna ÅÅÅÅ-MM-DD utan citattecken, och e-postens ämne
# och text. Ta bort # framför raderna och ändra det som behövs. I ämnet och texten fylls platshållarna
# inom klamrar i för varje enhet:
#   {halsning} Hej och chefens namn   {chef} chefens namn       {enhet} avdelning – enhet
#   {avdelning} avdelningen            {blankett} till exempel kompetensförsörjningsplan 2022
#   {lage} saknas, behöver rättas, kunde inte läsas eller har varningar
#   {arende} stycket om enheten: vad som saknas eller är fel, vad chefen ska göra, bilagan och sista dag
#   {fel} felen i korthet          {bilaga} bilagans filnamn      {sista_dag} till exempel 31 mars 2022
#   {forvaltning}  {plan_ar}  {kontakt}  {kontakt_epost}
# Skriv {{ och }} för att få klamrar i texten.
#
# [paminnelse]
# sista_dag = 2022-03-31
# sista_dag_t1 = 2022-05-16
# sista_dag_t2 = 2022-09-15
# sista_dag_vb = 2023-01-16
# amne = "Påminnelse: {blankett} för {enhet} {lage}"
# text = \"\"\"{halsning}
#
# {arende}
#
# Hör av dig om du har frågor.
#
# Med vänliga hälsningar
# {kontakt}
# {kontakt_epost}
# \"\"\"
"""

_CONFIG = None


def _config():
    """Förvaltningens konfiguration, läst en gång (vid första tryckningen)."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = parse_config(tomllib.loads(KONFIGURATION), "main.py")
    return _CONFIG


@script(button="[ValideraKnapp]Aktivitetsplan!A3", show_taskpane=True)
def validera(book: xw.Book):
    """Kontrollera planen i den öppna arbetsboken och markera fel och varningar."""
    try:
        validate_book(book, _config())
    except Exception as exc:  # chefen ska få en begriplig ruta, inte en felsökningsutskrift
        show_error(book, exc)

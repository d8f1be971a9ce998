"""How a typed value is read and graded: once, for the template's formulas and for the validator.

Managers type more than the dropdowns and data validations allow: text in a number field
("25 000 kr", "ca 45"), text in Måldatum ("30/6-2028", "31/12 -27", "hösten 2028"). Whether such a
value is an error, a warning or fine is decided here, and each decision is written twice, from the
same constants: as a Python function (the validator, :mod:`kfworkbook.validate.schema`) and as an
Excel expression (the template's live checks, :mod:`kfworkbook.template.livecheck`). The expressions
use only functions that read the same in every Excel locale (no VALUE of a decimal, no DATEVALUE):
digits are read one by one, so "1,5" means 1.5 in a Swedish and in an English Excel alike.

**Number-like text.** :data:`NUMBER_NOISE` is removed, in order, from the lower-cased text (and a
trailing "h"); what remains must be an optional minus, digits and at most one decimal comma or point
with digits on both sides. "25 000 kr" → 25000, "40 tim" → 40, "1,5" → 1.5; "tio", "ca 45",
"1.500.000" are no numbers (an error). A number read from text is a warning (write only the number),
a negative one an error, as a negative number typed is.

**Måldatum.** A number (a date, or a year typed as a number) is graded by where it falls: a year of
the plan period is a warning, a day in the period fine, anything else an error. Text is "Löpande"
(fine), one of its aliases (a warning), an ISO date 2028-06-30 (fine inside the period, else an
error) or free text. A formula cannot read free text reliably, so free text is graded by the year it
ends with (:func:`trailing_year`): a year of the plan period makes it a warning, another year or
none an error. The validator grades free text the same way and reads the date it names
(:func:`read_due_text`) for its message ("30/6-2028 tolkas som 2028-06-30") and for the summary.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from ..config import fold
from . import columns as C

# -- number-like text ----------------------------------------------------------------------------

NBSP = "\u00a0"
NUMBER_NOISE: tuple[str, ...] = (" ", NBSP, "timmar", "tim", "kr.", "kr", ":-", "sek")
"""Removed, in this order, from number-like text (lower-cased): spaces, units and currency."""
PERCENT_NOISE: tuple[str, ...] = ("%",)
"""Also removed in a percentage field: '12 %' is 12."""
TRAILING_NOISE = "h"
"""Removed once at the very end ('40h')."""
INVALID = "ogiltigt"
"""What a value cell of the live checks holds for text that is no number (:func:`number_value_formula`)."""
_END = "\x01"
_NUMBER = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]+))?")
DIGITS = "0123456789"


def clean_number_text(text: str, percent: bool = False) -> str:
    """``text`` without spaces, units and currency, lower-cased: '25 000 kr' → '25000'."""
    value = str(text).lower()
    for noise in NUMBER_NOISE + (PERCENT_NOISE if percent else ()):
        value = value.replace(noise, "")
    return (value + _END).replace(TRAILING_NOISE + _END, "").replace(_END, "")


@lru_cache(maxsize=65_536)
def read_number_text(text: str, percent: bool = False) -> float | None:
    """The number a text stands for ('25 000 kr' → 25000.0, '1,5' → 1.5, '-3' → -3.0), or None ('ca 45')."""
    match = _NUMBER.fullmatch(clean_number_text(text, percent))
    if match is None:
        return None
    sign, whole, fraction = match.groups()
    value = int(whole) + (int(fraction) / 10 ** len(fraction) if fraction else 0)
    return -float(value) if sign else float(value)


def _nbsp() -> str:
    return "_xlfn.UNICHAR(160)"  # CHAR(160) is no space in every Excel and LibreOffice; UNICHAR is


def clean_number_formula(ref: str, percent: bool = False) -> str:
    """Excel expression: :func:`clean_number_text` of the text in ``ref``."""
    value = f"LOWER({ref})"
    for noise in NUMBER_NOISE + (PERCENT_NOISE if percent else ()):
        needle = _nbsp() if noise == NBSP else f'"{noise}"'
        value = f'SUBSTITUTE({value},{needle},"")'
    return f'SUBSTITUTE(SUBSTITUTE({value}&CHAR(1),"{TRAILING_NOISE}"&CHAR(1),""),CHAR(1),"")'


def _without_digits(text: str) -> str:
    for digit in DIGITS:
        text = f'SUBSTITUTE({text},"{digit}","")'
    return text


def number_value_formula(ref: str, clean: str) -> str:
    """Excel formula of a value cell: the number in ``ref``, or the number its text reads as
    (``clean`` holds :func:`clean_number_formula`), or :data:`INVALID`, or "" for an empty cell."""
    negative = f'(LEFT({clean},1)="-")'
    body = f'SUBSTITUTE(MID({clean},1+{negative},1000),",",".")'
    point = f'FIND(".",{body})'
    digits = f'SUBSTITUTE({body},".","")'
    valid = (f'AND({body}<>"",LEN({body})-LEN({digits})<=1,LEFT({body},1)<>".",RIGHT({body},1)<>".",'
             f'{_without_digits(digits)}="")')
    value = (f"(1-2*{negative})*IF(ISNUMBER({point}),VALUE(LEFT({body},{point}-1))+VALUE(MID({body},{point}+1,1000))"
             f"/10^(LEN({body})-{point}),VALUE({body}))")
    return f'=IF(TRIM({ref})="","",IF(ISNUMBER({ref}),{ref},IF({valid},{value},"{INVALID}")))'


def clean_formula(ref: str, percent: bool = False) -> str:
    """Excel formula of a cleaned-text cell: :func:`clean_number_formula` of a text cell, else ""."""
    return f'=IF(ISNUMBER({ref}),"",{clean_number_formula(ref, percent)})'


# -- Måldatum ------------------------------------------------------------------------------------

OK, ALIAS, TEXT, OUTSIDE, BAD = "", "alias", "text", "utanfor", "ogiltigt"
"""The grades of a Måldatum cell: fine, an alias of Löpande (warning), a date read from text or a year
in the plan period (warning), outside the plan period (error), no date (error)."""
SERIAL_MIN, SERIAL_MAX = 36526, 73051
"""Excel serials 2000-01-01 and 2100-01-01: a number outside them (and no year) is no date at all."""
YEAR_MIN, YEAR_MAX = C.YEAR_MIN, C.YEAR_MAX


def excel_trim(text: str) -> str:
    """What Excel's TRIM makes of ``text``: no spaces at the ends, single spaces inside (only U+0020)."""
    return re.sub(" +", " ", text).strip(" ")


def trailing_year(text: str) -> int | None:
    """The year a free-text Måldatum names, from its last or first digits, or None.

    Four digits at the end ('30/6-2028', 'Tertial 1 2028', '2027-2028') are the year; two digits at
    the end of a text with a slash ('31/12 -27') are 20xx; four digits and a dash at the start
    ('2028-6-30') are the year. ``text`` is as Excel's TRIM leaves it.
    """
    size = len(text)

    def digit(position: int) -> bool:  # 1-based, as MID counts
        return 1 <= position <= size and text[position - 1] in DIGITS

    if size >= 4 and all(digit(size - k) for k in range(4)) and (size == 4 or not digit(size - 4)):
        return int(text[-4:])
    if "/" in text and size >= 3 and digit(size) and digit(size - 1) and not digit(size - 2):
        return 2000 + int(text[-2:])
    if size >= 5 and all(digit(k) for k in range(1, 5)) and text[4] == "-":
        return int(text[:4])
    return None


def year_grade(year: int | None, first: int, last: int) -> str:
    """The grade of a Måldatum that names only ``year``: a year of the period ``first``–``last`` is
    a warning, another year an error, no year (or one outside 1900–2100) no date."""
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return BAD
    return TEXT if first <= year <= last else OUTSIDE


def iso_date(text: str) -> date | bool | None:
    """The date of an exact ISO text '2028-06-30'; None when the text is not of that form, False when
    it is but names no day ('2028-02-30')."""
    positions = (0, 1, 2, 3, 5, 6, 8, 9)
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not all(text[k] in DIGITS for k in positions):
        return None
    day = _day(int(text[:4]), int(text[5:7]), int(text[8:]))
    return day if day is not None and YEAR_MIN <= day.year <= YEAR_MAX else False


def due_number_grade(serial: float, start: date, end: date) -> str:
    """The grade of a number in Måldatum (a date's serial, or a year typed as a number)."""
    whole = math.floor(serial)
    if YEAR_MIN <= whole <= YEAR_MAX:
        return year_grade(whole, start.year, end.year)
    if _serial(start) <= whole <= _serial(end):
        return OK
    return OUTSIDE if SERIAL_MIN <= whole <= SERIAL_MAX else BAD


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def due_text_grade(text: str, start: date, end: date) -> str:
    """The grade of text in Måldatum, as the template's formula gives it (``text`` trimmed)."""
    text = excel_trim(text)
    folded = fold(text)
    if folded == C.ONGOING.casefold():
        return OK
    if folded in C.ONGOING_ALIASES:
        return ALIAS
    day = iso_date(text)
    if day is not None:
        return BAD if day is False else OK if start <= day <= end else OUTSIDE
    return year_grade(trailing_year(text), start.year, end.year)


_MONTHS = {name: n for n, name in enumerate(
    ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december"), start=1)}
_TERTIAL_END = {"1": (4, 30), "2": (8, 31), "3": (12, 31)}
_DAY_MONTH = re.compile(r"(\d{1,2})\s*[/.]\s*(\d{1,2})\s*(?:[-–—/.]\s*|\s+)(\d{4})")
_DAY_MONTH_SHORT = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*(?:[-–—/.]\s*|\s+)(\d{2})")
_NAMED = re.compile(r"(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})")
_SPAN = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")
_TERTIAL = re.compile(r"(?:tertial|t)\s*([123])\s*[-,]?\s*(\d{4})")
_ISO_LOOSE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?")


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_free_date(text: str) -> date | None:
    """The date a free-text Måldatum names, when it has a form people use, else None.

    '30/6-2028', '31/12 – 2028', '31.12.2028', '31/12 -27' (20xx), '31 december 2028', '2028-6-30',
    'Tertial 1 2028' (its last day), '2027-2028' and '2028' (the last year's 31 December).
    """
    folded = fold(text)
    if match := _DAY_MONTH.fullmatch(folded):
        return _day(int(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH_SHORT.fullmatch(folded):
        return _day(2000 + int(match[3]), int(match[2]), int(match[1]))
    if match := _NAMED.fullmatch(folded):
        return _day(int(match[3]), _MONTHS[match[2]], int(match[1]))
    if match := _ISO_LOOSE.fullmatch(folded):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if re.fullmatch(r"\d{4}", folded):
        return _day(int(folded), 12, 31)
    if (match := _SPAN.fullmatch(folded)) and match[1] <= match[2]:
        return _day(int(match[2]), 12, 31)
    if match := _TERTIAL.fullmatch(folded):
        month, day = _TERTIAL_END[match[1]]
        return _day(int(match[2]), month, day)
    return None


@lru_cache(maxsize=65_536)
def read_due_text(text: str, start: date, end: date) -> tuple[str, date | None]:
    """(form, date) of text in Måldatum for the validator, graded as :func:`due_text_grade` grades it.

    Forms: ``ok`` (Löpande or an ISO date), ``alias`` (another word for Löpande), ``text`` (a date
    read from free text, or a year), ``guess`` (free text ending in a year, read as that year's 31
    December) and ``invalid`` (no date). A date outside the period is the schema's own check.
    """
    grade = due_text_grade(text, start, end)
    if grade == ALIAS:
        return "alias", None
    trimmed = excel_trim(text)
    day = iso_date(trimmed)
    if grade == BAD:
        return "invalid", None
    if day is not None:  # an exact ISO date inside or outside the period
        return "ok", day if isinstance(day, date) else None
    if grade == OK:
        return "ok", None  # Löpande
    year = trailing_year(trimmed)
    assert year is not None  # a warning or OUTSIDE grade always names a year
    found = read_free_date(trimmed)
    if found is not None and found.year == year:
        return "text", found
    return "guess", date(year, 12, 31)


def due_grade_formula(ref: str, start: date, end: date, aliases: str = C.ONGOING_ALIAS_NAME) -> str:
    """Excel expression: the grade (:data:`OK`, :data:`ALIAS`, :data:`TEXT`, :data:`OUTSIDE`, :data:`BAD`)
    of the non-empty Måldatum cell ``ref``, as :func:`due_number_grade` and :func:`due_text_grade` give it."""
    y0, y1 = start.year, end.year
    low = "-1E+300"

    def grades(breaks: list[int], names: list[str], value: str) -> str:
        cut = ",".join(map(str, breaks))
        labels = ",".join(f'"{n}"' for n in names)
        return f"IFERROR(CHOOSE(MATCH({value},{{{low},{cut}}},1),{labels}),\"{BAD}\")"

    year_breaks = [YEAR_MIN, y0, y1 + 1, YEAR_MAX + 1]
    year_names = [BAD, OUTSIDE, TEXT, OUTSIDE, BAD]
    number = grades([*year_breaks, SERIAL_MIN, _serial(start), _serial(end) + 1, SERIAL_MAX + 1],
                    [*year_names, OUTSIDE, OK, OUTSIDE, BAD], f"INT({ref})")
    t = f"TRIM({ref})"
    size = f"LEN({t})"

    def digit(position: str) -> str:
        return f'ISNUMBER(FIND(MID({t},MAX({position},1),1),"{DIGITS}"))'

    iso = (f'AND({size}=10,MID({t},5,1)="-",MID({t},8,1)="-",'
           + ",".join(digit(str(k)) for k in (1, 2, 3, 4, 6, 7, 9, 10)) + ")")
    y, m, d = f"VALUE(MID({t},1,4))", f"VALUE(MID({t},6,2))", f"VALUE(MID({t},9,2))"
    day = f"DATE({y},{m},{d})"
    iso_grade = (f'IF(AND(YEAR({day})={y},MONTH({day})={m},DAY({day})={d}),'
                 f'IF(AND({day}>={_serial(start)},{day}<={_serial(end)}),"{OK}","{OUTSIDE}"),"{BAD}")')
    last4 = (f"AND({size}>=4,{digit(size)},{digit(size + '-1')},{digit(size + '-2')},{digit(size + '-3')},"
             f"OR({size}=4,NOT({digit(size + '-4')})))")
    last2 = f'AND(ISNUMBER(FIND("/",{t})),{size}>=3,{digit(size)},{digit(size + "-1")},NOT({digit(size + "-2")}))'
    first4 = f'AND({size}>=5,{digit("1")},{digit("2")},{digit("3")},{digit("4")},MID({t},5,1)="-")'
    year = (f"IF({last4},VALUE(RIGHT({t},4)),IF({last2},2000+VALUE(RIGHT({t},2)),"
            f"IF({first4},VALUE(LEFT({t},4)),-1)))")
    text = (f'IF({t}="{C.ONGOING}","{OK}",IF(SUMPRODUCT(--({aliases}={t}))>0,"{ALIAS}",'
            f"IF({iso},{iso_grade},{grades(year_breaks, year_names, year)})))")
    return f"IF(ISNUMBER({ref}),{number},{text})"

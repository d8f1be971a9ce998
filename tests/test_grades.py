"""One grade per value (issue 21): the readings the template's formulas and the validator share, and the
guard that every grade the validator gives on the plan and Analys sheets has a live check of that grade.

Whether the formulas compute what these functions compute is checked in LibreOffice by
tests/test_agreement.py; here, the Python side and the rule tables.
"""

from __future__ import annotations

from datetime import date

import pytest

from kfworkbook.config import AnalysisField, default_config
from kfworkbook.forms import grades as G
from kfworkbook.issues import CATALOGUE
from kfworkbook.template.livecheck import SEVERITY, analysis_rules, rules
from kfworkbook.validate.schema import activity_schema, analysis_schema

START, END = date(2027, 1, 1), date(2029, 12, 31)


@pytest.mark.parametrize(("text", "value"), [
    ("25 000 kr", 25000.0), ("40 tim", 40.0), ("40 timmar", 40.0), ("1,5", 1.5), ("1.5", 1.5), ("12h", 12.0),
    ("25\u00a0000", 25000.0), ("2 500:-", 2500.0), ("300 SEK", 300.0), ("-5 kr", -5.0), ("0", 0.0),
    ("tio", None), ("ca 45", None), ("1.500.000", None), ("45 st", None), (",5", None), ("5,", None), ("1e3", None),
    ("", None), ("kr", None), ("--5", None),
])
def test_number_like_text(text: str, value: float | None) -> None:
    assert G.read_number_text(text) == value


def test_percent_sign_is_read_only_in_a_percentage() -> None:
    assert (G.read_number_text("12 %"), G.read_number_text("12 %", percent=True)) == (None, 12.0)


@pytest.mark.parametrize(("text", "year"), [
    ("30/6-2028", 2028), ("31/12 – 2028", 2028), ("Tertial 1 2028", 2028), ("2027-2029", 2029), ("2028", 2028),
    ("31/12 -27", 2027), ("30/6 28", 2028), ("2028-6-30", 2028), ("2028-12-31 00:00:00", 2028), ("hösten 2028", 2028),
    ("snart", None), ("vecka 45", None), ("1. 2027-12-31 2. 2028-06-30", None), ("12345", None), ("x12345", None),
])
def test_the_year_a_free_text_date_names(text: str, year: int | None) -> None:
    assert G.trailing_year(text) == year


@pytest.mark.parametrize(("text", "grade", "read"), [
    ("Löpande", G.OK, ("ok", None)), ("  löpande ", G.OK, ("ok", None)), ("Kontinuerligt", G.ALIAS, ("alias", None)),
    ("2028-06-30", G.OK, ("ok", date(2028, 6, 30))), ("2030-01-01", G.OUTSIDE, ("ok", date(2030, 1, 1))),
    ("2028-02-30", G.BAD, ("invalid", None)), ("1800-01-01", G.BAD, ("invalid", None)),
    ("30/6-2028", G.TEXT, ("text", date(2028, 6, 30))), ("31/12 -27", G.TEXT, ("text", date(2027, 12, 31))),
    ("31 december 2028", G.TEXT, ("text", date(2028, 12, 31))), ("Tertial 2 2028", G.TEXT, ("text", date(2028, 8, 31))),
    ("2028", G.TEXT, ("text", date(2028, 12, 31))), ("2035", G.OUTSIDE, ("text", date(2035, 12, 31))),
    ("30/6-2035", G.OUTSIDE, ("text", date(2035, 6, 30))), ("hösten 2028", G.TEXT, ("guess", date(2028, 12, 31))),
    ("31/2-2028", G.TEXT, ("guess", date(2028, 12, 31))), ("hösten 2035", G.OUTSIDE, ("guess", date(2035, 12, 31))),
    ("snart", G.BAD, ("invalid", None)), ("0123", G.BAD, ("invalid", None)),
])
def test_text_in_maldatum_is_graded_as_the_formula_grades_it(text: str, grade: str, read: tuple) -> None:
    assert G.due_text_grade(text, START, END) == grade
    assert G.read_due_text(text, START, END) == read


@pytest.mark.parametrize(("serial", "grade"), [
    (2028, G.TEXT), (2028.7, G.TEXT), (2030, G.OUTSIDE), (1899, G.BAD), (46400, G.OK), (46400.5, G.OK),
    (40000, G.OUTSIDE), (80000, G.BAD), (-3, G.BAD),
])
def test_a_number_in_maldatum(serial: float, grade: str) -> None:
    assert G.due_number_grade(serial, START, END) == grade


def test_a_read_date_is_always_in_the_year_the_grade_names() -> None:
    """The formula grades free text by the year it names; the date the validator reads is in that year."""
    for text in ("30/6-2028", "31/12 – 2028", "31.12.2028", "31/12 -27", "31 december 2028", "2028-6-30",
                 "Tertial 1 2028", "T3 2028", "2027-2028", "2028-12-31 00:00"):
        found = G.read_free_date(text)
        assert found is not None and found.year == G.trailing_year(G.excel_trim(text)), text


def _schema_codes(schema) -> set[str]:
    codes = {check.name for column in schema.columns.values() for check in column.checks}
    return codes | ({"obligatorisk"} if any(not c.nullable for c in schema.columns.values()) else set())


def test_every_grade_of_the_validator_has_a_live_check_of_that_grade() -> None:
    """Every code the plan schema and the Analys schema give is a live rule's code, with the catalogue's
    severity; a cell text over 32 767 characters is the only thing Excel cannot hold in the first place."""
    config = default_config()
    live = [*rules(config), *(r for kind in ("tal", "procent", "lista") for r in analysis_rules(
        AnalysisField(key="x", label="X", kind=kind, list_name="malgrupper" if kind == "lista" else "")))]
    covered = {code for rule in live for code in rule.codes}
    validator = _schema_codes(activity_schema(config)) | _schema_codes(analysis_schema())
    assert validator - covered == {"text-for-lang", "analys-text-for-lang"}
    for rule in live:
        assert {SEVERITY[CATALOGUE[code].severity] for code in rule.codes} == {rule.severity}, rule.codes

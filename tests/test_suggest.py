"""What managers write in list cells beyond list values: two steps, roles with qualifiers, typos."""

from __future__ import annotations

import pytest

from kfworkbook.config import default_config
from kfworkbook.validate.suggest import near_miss, role_and_qualifier, split_steps

CONFIG = default_config()


@pytest.mark.parametrize(("value", "expected"), [
    ("Utveckla/behålla", ("Utveckla", "Behålla")),
    ("Attrahera och rekrytera", ("Attrahera", "Rekrytera")),
    ("Utveckla och behålla", ("Utveckla", "Behålla")),
    ("Rekrytera/Introducera", ("Rekrytera", "Introducera")),
    ("Utveckling, behållande", ("Utveckla", "Behålla")),  # aliases count as their list value
    ("Utveckla", None),
    ("Utveckla/foo", None),
    ("Utveckla/utveckla", None),
])
def test_split_steps(value: str, expected: tuple[str, ...] | None) -> None:
    assert split_steps(value, CONFIG) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Avdelningschef förskola", ("Avdelningschef", "förskola")),
    ("Enhetschef LSS", ("Enhetschef", "LSS")),
    ("Rektorerna", ("Rektor", "")),
    ("Administratörerna", ("Administratör", "")),
    ("Controllers", ("Controller", "")),
    ("Biträdande enhetschef Farsta", ("Biträdande enhetschef", "Farsta")),
    ("Enhetschef", None),
    ("Rektorsområde", None),
    ("Eva Andersson", None),
])
def test_role_and_qualifier(value: str, expected: tuple[str, str] | None) -> None:
    assert role_and_qualifier(value, CONFIG) == expected


@pytest.mark.parametrize(("value", "list_key", "expected"), [
    ("Utvekla", "categories", "Utveckla"),
    ("utvecklaa", "categories", "Utveckla"),
    ("Rekrytring", "categories", "Rekrytera"),  # one letter from the alias Rekrytering
    ("Enhetsschef", "roles", "Enhetschef"),
    ("Behala", "categories", None),
    ("Xyz", "categories", None),
    ("HRR", "roles", None),  # too short to guess
])
def test_near_miss(value: str, list_key: str, expected: str | None) -> None:
    assert near_miss(value, CONFIG, list_key) == expected

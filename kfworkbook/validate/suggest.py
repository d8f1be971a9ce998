"""Reading what managers write in list cells, beyond exact list values and aliases.

Real plans hold values that the dropdown refuses but whose meaning is clear: two UBARA steps in one
cell ("Utveckla/behålla"), a role with a qualifier ("Enhetschef LSS", "Rektorerna") and typos
("Utvekla"). Validation stays strict about them (the template's own checks can only judge list
membership), but its messages say exactly what to write, and prefill/roll-over splits them for the
manager. Both use the functions here, so they read a value the same way.
"""

from __future__ import annotations

import re

from ..config import Config, fold
from ..forms.follow_up import periods_of

_STEP_SEPARATORS = re.compile(r"\s*(?:/|,|;|&|\+|\boch\b|\bsamt\b)\s*", re.IGNORECASE)
_PLURAL_ENDINGS = ("erna", "arna", "orna", "na", "er", "ar", "or", "e", "s")
"""Endings that turn a role into its plural or definite plural: Rektorerna, Administratörer, Controllers."""


def split_steps(value: str, config: Config) -> tuple[str, ...] | None:
    """The list values of a cell holding two or more categories ("Utveckla/behålla",
    "Attrahera och rekrytera"), in the order typed; None unless every part is a category."""
    parts = [p for p in _STEP_SEPARATORS.split(str(value)) if p.strip()]
    if len(parts) < 2:
        return None
    steps: list[str] = []
    for part in parts:
        found = config.canonical("categories", part)
        if found is None:
            return None
        if found[0] not in steps:
            steps.append(found[0])
    return tuple(steps) if len(steps) >= 2 else None


def role_and_qualifier(value: str, config: Config) -> tuple[str, str] | None:
    """(role, qualifier) for a listed role followed by a department, unit or other word
    ("Enhetschef LSS" → ("Enhetschef", "LSS")) or a plural ending ("Rektorerna" → ("Rektor", ""));
    None when the value does not start with a role. The longest matching role wins."""
    text = " ".join(str(value).split())
    folded = fold(text)
    best: tuple[str, str] | None = None
    best_length = 0
    for name in config.list_names("roles"):
        role = fold(name)
        if not folded.startswith(role) or len(role) <= best_length or folded == role:
            continue
        rest = text[len(role):]
        ending, _, remainder = rest.partition(" ")
        if ending and fold(ending) not in _PLURAL_ENDINGS:
            continue  # "Rektorsområde" is another word, not the role
        best, best_length = (name, remainder.strip()), len(role)
    return best


def near_miss(value: str, config: Config, list_key: str) -> str | None:
    """The one list value that ``value`` is a typo away from ("Utvekla" → "Utveckla"), or None.

    A typo is an edit distance of 1, or 2 for values of eight characters or more, measured against
    every list value and alias; the match must be unique (two candidates at the same distance give
    None, as a guess between them would mislead).
    """
    typed = fold(value)
    if len(typed) < 4:
        return None
    limit = 2 if len(typed) >= 8 else 1
    best: dict[str, int] = {}
    for spelling, (name, _alias) in config.spellings(list_key).items():
        if abs(len(spelling) - len(typed)) > limit:
            continue
        distance = _distance(typed, spelling, limit)
        if distance <= limit and distance < best.get(name, limit + 1):
            best[name] = distance
    if not best:
        return None
    nearest = min(best.values())
    winners = [name for name, d in best.items() if d == nearest]
    return winners[0] if len(winners) == 1 else None


NEAREST_PREFIX = 5
"""The fewest leading characters a value must share with a list value to be told it is the nearest."""


def nearest(value: str, config: Config, list_key: str) -> str | None:
    """The list value that starts most like ``value`` ("Fritidspedagoger" → "Fritidsledare"), or None.

    For a value too far from every list value to be a typo: the one list value (or alias) sharing the
    longest beginning with it, at least :data:`NEAREST_PREFIX` characters and half the shorter of the two.
    """
    typed = fold(value)
    best: dict[str, int] = {}
    for spelling, (name, _alias) in config.spellings(list_key).items():
        shared = next((i for i, (a, b) in enumerate(zip(typed, spelling, strict=False)) if a != b),
                      min(len(typed), len(spelling)))
        if shared >= NEAREST_PREFIX and shared * 2 >= min(len(typed), len(spelling)):
            best[name] = max(best.get(name, 0), shared)
    if not best:
        return None
    longest = max(best.values())
    winners = [name for name, shared in best.items() if shared == longest]
    return winners[0] if len(winners) == 1 else None


def covering_follow_up(value: str, config: Config) -> tuple[str, list[str]] | None:
    """For an Uppföljning cell naming several follow-up points ("T1 och T2"): the list value that covers
    every period they name (the one naming the fewest periods, then the first in the list) and the
    parts as typed; None when a part names no period or no list value covers them all."""
    parts = [p.strip() for p in _STEP_SEPARATORS.split(str(value)) if p.strip()]
    if len(parts) < 2:
        return None
    wanted: set[str] = set()
    for part in parts:
        found = config.canonical("follow_up", part)
        periods = periods_of(found[0] if found else part)
        if not periods:
            return None
        wanted |= periods
    names = config.list_names("follow_up")
    candidates = [(len(periods_of(name)), index, name) for index, name in enumerate(names)
                  if periods_of(name) >= wanted]
    return (min(candidates)[2], parts) if candidates else None


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps), stopping past ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

"""A configuration's plan units and the one lookup that finds them, however a plan or a file name spells them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .fileio import file_name_words
from .values import fold


@dataclass(frozen=True)
class PlanUnit:
    """One template to hand out: a department, or one unit of it."""

    department: str
    unit: str = ""

    @property
    def label(self) -> str:
        """Human label, e.g. 'Förskola – Mälarhöjden'."""
        return f"{self.department} – {self.unit}" if self.unit else self.department


def squash(text: str) -> str:
    """Letters and digits only, folded: 'Individ_och familj' and 'individ-och-familj' match."""
    return re.sub(r"[\W_]+", "", fold(text))


@dataclass(frozen=True)
class UnitIndex:
    """Dictionaries for finding a configuration's departments and units, however a plan spells them.

    Keys are folded (:func:`fold`): ``departments`` maps a department to the configuration's spelling,
    ``units`` a (department, unit) pair to the unit's spelling, ``plan_units`` a pair to its
    :class:`PlanUnit` and ``rank`` to its position in :meth:`Config.plan_units`; ``names`` maps a file
    name's words (:func:`squash`) to the unit it names: 'department unit', or the unit alone when no
    other department has a unit of that name.
    """

    departments: dict[str, str]
    units: dict[tuple[str, str], str]
    plan_units: dict[tuple[str, str], PlanUnit]
    rank: dict[tuple[str, str], int]
    names: dict[str, PlanUnit]

    @classmethod
    def of(cls, config: Any) -> UnitIndex:
        """The index of ``config`` (a :class:`kfworkbook.config.Config`; units.py sits below config.py)."""
        plan_units = config.plan_units()
        pairs = {(fold(u.department), fold(u.unit)): u for u in plan_units}
        rank = {(fold(u.department), fold(u.unit)): n for n, u in enumerate(plan_units)}
        names: dict[str, PlanUnit] = {}
        counts = Counter(squash(u.unit) for u in plan_units if u.unit)
        for unit in plan_units:
            names.setdefault(squash(f"{unit.department} {unit.unit}"), unit)
            if unit.unit and counts[squash(unit.unit)] == 1:
                names.setdefault(squash(unit.unit), unit)
        found = file_name_words(config.plan_year, [(u.department, u.unit) for u in plan_units])
        shared = Counter(squash(text) for text, _, exact in found if not exact)
        for text, n, exact in found:  # the short template names, also as people rename them
            if exact or shared[squash(text)] == 1:
                names.setdefault(squash(text), plan_units[n])
        return cls(departments={fold(d.name): d.name for d in config.departments},
                   units={(fold(d.name), fold(u)): u for d in config.departments for u in d.units},
                   plan_units=pairs, rank=rank, names=names)

"""What the förvaltning's own words mean: which statuses are delayed, open, completed or cancelled, and
which follow-up periods (T1, T2, VB) a follow-up point names.

The configuration may say so itself (``forsenade_status``, ``pagaende_status``, ``avslutade_status``,
``strukna_status``, and ``perioder`` on an ``uppfoljning`` item); where it does not, the words below
decide, as the seeds and other förvaltningar write them. :class:`StatusMeanings` is the part of
:class:`kfworkbook.config.Config` that answers; every follow-up rule (:mod:`kfworkbook.forms.follow_up`)
asks it, so that the template, the validator, the report and the roll-over use the same words.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Any

from .values import fold

FINISHED_WORDS = frozenset({"genomförd", "genomfört", "utgår", "utgått", "utgick", "klar", "klart", "avslutad",
                            "avslutat", "slutförd", "slutfört", "avbruten", "avbrutet", "struken", "struket"})
"""Status names that mean "finished" when the config has no ``avslutade_status`` key."""
CANCELLED_WORDS = frozenset({"utgår", "utgått", "utgick", "avbruten", "avbrutet", "struken", "struket", "stryks",
                             "inställd", "inställt"})
"""Status names that mean "cancelled" (finished without being done) when the config has no ``strukna_status``."""
DELAYED_WORDS = frozenset({"försenad", "försenat", "framflyttad", "framflyttat", "senarelagd", "senarelagt",
                           "uppskjuten", "uppskjutet", "fördröjd", "fördröjt"})
"""Status names that mean "delayed" when the config has no ``forsenade_status`` key."""
OPEN_WORDS = frozenset({"ej påbörjad", "ej påbörjat", "ej startad", "ej startat", "ej inledd", "ej inlett",
                        "inte påbörjad", "inte startad", "pågår", "pågående", "påbörjad", "påbörjat", "planerad",
                        "planerat", "startad", "startat", "inledd", "inlett"})
"""Status names that mean "open" (not finished, not delayed) when the config has no ``pagaende_status`` key."""
PERIODS = ("T1", "T2", "VB")
"""The follow-up periods: tertial 1 (January–April), tertial 2 (May–August), the verksamhetsberättelse (the year)."""
STATUS_KEYS = {"delayed": "forsenade_status", "open": "pagaende_status", "cancelled": "strukna_status",
               "finished": "avslutade_status"}
"""The config key that names each meaning of a status."""


@lru_cache(maxsize=4096)
def guess_periods(text: str) -> frozenset[str]:
    """The periods a follow-up point names in words (``text`` folded): 'tertial 1 och 2' → {T1, T2}, 'vb' → {VB}.

    Understands T1/T2/VB, tertial 1/2 and 'per tertial' (T1 and T2), and verksamhetsberättelse; anything else
    names no period (an ``uppfoljning`` item of the config then says its periods with ``perioder``).
    """
    found: set[str] = set()
    if "verksamhetsber" in text or re.search(r"\bvb\b", text):
        found.add("VB")
    if re.search(r"\bt1\b", text):
        found.add("T1")
    if re.search(r"\bt2\b", text):
        found.add("T2")
    if "tertial" in text:
        digits = set(re.findall(r"\b([12])\b", text))
        found.update(f"T{d}" for d in digits)
        if not digits:  # 'per tertial'
            found.update(("T1", "T2"))
    return frozenset(found)




MEANING_NAMES = {"delayed": "försenad", "open": "pågående", "completed": "genomförd", "cancelled": "utgår", "": ""}
"""Each meaning as ``config check`` names it."""
MEANING_RULES = {"delayed": "kräver nytt måldatum och kommentar",
                 "open": "varning när måldatum har passerat",
                 "completed": "kräver kommentar, förs inte över till nästa år, räknas i andelen genomförda",
                 "cancelled": "kräver kommentar, förs inte över till nästa år", "": ""}
"""What each meaning asks for, as ``config check`` says it."""


class StatusMeanings:
    """What a configuration's statuses and follow-up points mean (mixed into :class:`kfworkbook.config.Config`).

    Expects ``finished``, ``delayed``, ``open_`` and ``cancelled`` (the status names a config file gives,
    or None), ``lists`` and the methods ``canonical`` and ``list_names`` of the configuration.
    """

    finished: tuple[str, ...] | None
    delayed: tuple[str, ...] | None
    open_: tuple[str, ...] | None
    cancelled: tuple[str, ...] | None
    lists: Any

    def canonical(self, list_key: str, value: str) -> tuple[str, bool] | None:  # pragma: no cover - Config's
        raise NotImplementedError

    def list_names(self, list_key: str) -> list[str]:  # pragma: no cover - Config's
        raise NotImplementedError

    def _statuses(self, names: tuple[str, ...] | None, words: frozenset[str]) -> list[str]:
        if names is not None:
            return [found[0] for name in names if (found := self.canonical("statuses", name))]
        return [name for name in self.list_names("statuses") if fold(name) in words]

    def finished_statuses(self) -> list[str]:
        """The statuses that mark an activity as finished (not carried to next year's plan).

        The key ``avslutade_status`` names them; without it, the statuses whose name says so:
        Genomförd, Utgår, Klar, Avslutad, Slutförd, Avbruten, Struken (and their -t/-tt forms). The
        cancelled statuses of ``strukna_status`` are always finished.
        """
        found = self._statuses(self.finished, FINISHED_WORDS)
        extra = self._statuses(self.cancelled, CANCELLED_WORDS) if self.cancelled is not None else []
        return [name for name in self.list_names("statuses") if name in found or name in extra]

    def delayed_statuses(self) -> list[str]:
        """The statuses that mean delayed: a new Måldatum and a comment are required.

        The key ``forsenade_status`` names them; without it, the statuses whose name says so: Försenad,
        Framflyttad, Senarelagd, Uppskjuten, Fördröjd (and their -t forms).
        """
        return self._statuses(self.delayed, DELAYED_WORDS)

    def open_statuses(self) -> list[str]:
        """The statuses that mean open: a warning once Måldatum has passed.

        The key ``pagaende_status`` names them; without it, the statuses whose name says so: Ej påbörjad,
        Ej startad, Ej inledd, Pågår, Pågående, Påbörjad, Planerad and the like.
        """
        return self._statuses(self.open_, OPEN_WORDS)

    def cancelled_statuses(self) -> list[str]:
        """The finished statuses that mean cancelled (finished, not done): a comment is required.

        The key ``strukna_status`` names them; without it, the finished statuses whose name says so:
        Utgår, Avbruten, Struken, Stryks, Inställd.
        """
        if self.cancelled is not None:
            return self._statuses(self.cancelled, CANCELLED_WORDS)
        return [name for name in self.finished_statuses() if fold(name) in CANCELLED_WORDS]

    def completed_statuses(self) -> list[str]:
        """The finished statuses that are not cancelled (Genomförd, Klar): they count in 'andel genomförda'."""
        cancelled = set(self.cancelled_statuses())
        return [name for name in self.finished_statuses() if name not in cancelled]

    def status_meaning(self, name: str) -> str:
        """What status ``name`` (as the list spells it) means: delayed, open, completed, cancelled or ''."""
        for meaning, names in (("delayed", self.delayed_statuses()), ("open", self.open_statuses()),
                               ("cancelled", self.cancelled_statuses()), ("completed", self.completed_statuses())):
            if name in names:
                return meaning
        return ""

    @cached_property
    def _follow_up_periods(self) -> dict[str, frozenset[str]]:
        return {item.name: item.period_set for item in self.lists.follow_up}

    def follow_up_periods(self, value: Any) -> frozenset[str]:
        """The periods (T1, T2, VB) a follow-up point means: a list value (or alias) by its item's ``perioder``
        or name, any other text by its words (:func:`guess_periods`); nothing for an empty cell."""
        if not isinstance(value, str) or not value.strip():
            return frozenset()
        found = self.canonical("follow_up", value)
        if found is not None:
            return self._follow_up_periods[found[0]]
        return guess_periods(fold(value))


    def meaning_problems(self) -> str:
        """Why the status keys cannot be used ('' when they can): a name not in the list, or two meanings at once."""
        for meaning, key in STATUS_KEYS.items():
            for name in getattr(self, meaning if meaning != "open" else "open_") or ():
                if self.canonical("statuses", name) is None:
                    return f"{key}: '{name}' finns inte i listan status ({', '.join(self.list_names('statuses'))})"
        meanings = {"delayed": self.delayed_statuses(), "open": self.open_statuses(),
                    "finished": self.finished_statuses()}
        keys = list(meanings)
        for i, one in enumerate(keys):
            for other in keys[i + 1:]:
                both = [name for name in meanings[one] if name in meanings[other]]
                if both:
                    return (f"statusen '{both[0]}' kan inte både stå i {STATUS_KEYS[one]} och i "
                            f"{STATUS_KEYS[other]}. Ta bort den från den ena")
        return ""

    def meaning_warnings(self) -> list[str]:
        """Warnings about statuses: none means delayed, or none means completed."""
        found = []
        if not self.delayed_statuses():
            found.append("Ingen status i listan status betyder försenad, så uppföljningen kan inte be om ett nytt "
                         "måldatum. Lägg till en status som Försenad, eller skriv forsenade_status = [\"…\"] med "
                         "den status som betyder försenad.")
        if not self.completed_statuses():
            found.append("Ingen status i listan status betyder genomförd, så andelen genomförda blir alltid 0. Lägg "
                         "till en status som Genomförd, eller skriv avslutade_status = [\"…\"].")
        return found

"""Swedish words around numbers: every count a user reads goes through :func:`count`."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """'1 mall' / '2 mallar' / '0 mallar': ``n`` with the singular or plural form that agrees with it."""
    return f"{n} {one if n == 1 else many}"

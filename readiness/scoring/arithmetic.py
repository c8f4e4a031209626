"""How the scoring rules add numbers up, the same on every Python: left to right, one addition
at a time (the README's "Arithmetic"). Python 3.12's `sum()` of floats compensates for
rounding, so on 3.12 and later it would give other last bits than 3.11, and than the rules
state."""

from __future__ import annotations

from collections.abc import Iterable


def running_sum(values: Iterable[float]) -> float:
    """The values added in order, from 0, each addition rounded as it is made."""
    total = 0.0
    for value in values:
        total += value
    return total

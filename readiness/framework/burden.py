"""What answering a framework asks of each role: how many questions, and about how long.

The timings are our own estimate (no published norm fits these mixed forms), erring long. A
statement with a 5-point answer takes about 20 seconds to read, answer and now and then
comment on; a 0-10 rating 15; choosing between described levels 40; a figure such as a
caseload or a percentage can need looking up, so 60. Reading a questionnaire's introduction
takes about 2 minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from readiness.framework.model import Framework, Item
from readiness.vocabulary import ROLES, ScaleType

SECONDS_PER_ITEM = 20
SECONDS_BY_SCALE = {ScaleType.RANGE: 15, ScaleType.NUMERIC: 60}
SECONDS_PER_LEVEL_ITEM = 40
INTRO_SECONDS = 120


def seconds_to_answer(item: Item) -> int:
    """About how long one item takes to answer (see the module's note)."""
    if item.scale.type in SECONDS_BY_SCALE:
        return SECONDS_BY_SCALE[item.scale.type]
    if any(o.description for o in item.scale.options):
        return SECONDS_PER_LEVEL_ITEM
    return SECONDS_PER_ITEM


def whole_minutes(seconds: int) -> int:
    """Seconds as whole minutes, rounded up (at least 1)."""
    return max(1, math.ceil(seconds / 60))


@dataclass(frozen=True)
class RoleBurden:
    """What one framework asks of one role."""

    role: str
    items: int
    seconds: int

    @property
    def minutes(self) -> int:
        return whole_minutes(self.seconds)


def burden(framework: Framework) -> tuple[RoleBurden, ...]:
    """Each role the framework asks (in the vocabulary's order): its items and the time they
    take, not counting a questionnaire's introduction."""
    out = []
    for role in ROLES:
        asked = [item for item in framework.items.values() if item.asks(role)]
        if asked:
            out.append(RoleBurden(role, len(asked), sum(seconds_to_answer(i) for i in asked)))
    return tuple(out)

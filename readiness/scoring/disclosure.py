"""The privacy rule: which scores may be published, so that no output lets a reader recover
one person's opinion (stated in full in the README, "Who can be seen in a score").

- A site's opinion score is published only when at least `min_role_group` people gave a
  scored answer behind it. Facts about the service (items marked `fact: true`) may be shown
  from fewer people. A named self-assessment, or an assessment with a single respondent, is
  not anonymous: everything is shown and labelled so.
- A score that is withheld is not used in any other score either (a domain or framework score
  is worked out from published item scores only), so it cannot be worked back out of a total.
- A role's view is shown only for groups of at least `min_role_group` people; and when the
  roles not shown would together hold fewer than `min_role_group` people, the smallest shown
  roles are withheld too, so that subtracting the shown roles from the site's score cannot
  reveal a small group's answers ("complementary suppression", as in official statistics).
"""

from __future__ import annotations

from collections.abc import Sequence

from readiness.scoring.model import Disclosure, Suppression
from readiness.vocabulary import ROLES


def item_disclosure(
    people: int, fact: bool, min_group: int, not_anonymous: bool
) -> Disclosure | None:
    """On what terms an item's site score may be published (None: nobody scored it)."""
    if people == 0:
        return None
    if not_anonymous:
        return Disclosure.NOT_ANONYMOUS
    if fact:
        return Disclosure.FACT
    return Disclosure.ANONYMOUS if people >= min_group else Disclosure.SUPPRESSED


def published(disclosure: Disclosure | None) -> bool:
    """Whether a score with this disclosure may be shown."""
    return disclosure is not None and disclosure != Disclosure.SUPPRESSED


def combined_disclosure(parts: Sequence[Disclosure], not_anonymous: bool) -> Disclosure:
    """The disclosure of a score made from published parts (a domain from its items, a
    framework from its domains): facts only stay 'fact', anything else is 'anonymous'."""
    if not_anonymous:
        return Disclosure.NOT_ANONYMOUS
    if parts and all(p == Disclosure.FACT for p in parts):
        return Disclosure.FACT
    return Disclosure.ANONYMOUS


def hidden_roles(
    group_sizes: dict[str, int], min_group: int, exempt: bool
) -> dict[str, Suppression]:
    """The roles whose view of a published score must not be shown, and why.

    `group_sizes` is the number of people of each role behind the score; `exempt` is true
    for facts and for assessments that are not anonymous."""
    if exempt:
        return {}
    hidden = {r: Suppression.SMALL_GROUP for r, n in group_sizes.items() if n < min_group}
    hidden_people = sum(group_sizes[r] for r in hidden)
    order = list(ROLES)
    shown = sorted(
        (r for r in group_sizes if r not in hidden),
        key=lambda r: (group_sizes[r], order.index(r) if r in order else len(order)),
    )
    while 0 < hidden_people < min_group and shown:
        role = shown.pop(0)
        hidden[role] = Suppression.COMPLEMENTARY
        hidden_people += group_sizes[role]
    return hidden

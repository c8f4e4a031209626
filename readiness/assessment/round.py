"""The round so far, for the consultant chasing answers: who has answered, which roles are
still short of the privacy threshold, and which opinions would be withheld if the assessment
were scored now, with how many more answers from which roles would publish them.

It reads the answers only (no scores, no bootstrap), by the same rules the engine applies: a
scored answer is one that is neither "don't know" nor "not applicable"; an opinion is shown
only when at least the framework's smallest group gave one (rule 4), unless the assessment is
not anonymous; facts may rest on fewer people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from readiness.assessment.model import Assessment, Respondent, taking_part
from readiness.framework.model import Framework, Item
from readiness.vocabulary import ROLES, AnswerKind, Role


@dataclass(frozen=True)
class RoleRound:
    """One role's returns."""

    role: str
    invited: int | None  # from site.yaml's `invited`, when given
    answered: int  # respondents of this role (each answered something)


@dataclass(frozen=True)
class WithheldItem:
    """An opinion too few people have answered to show."""

    item: Item
    answers: int  # scored answers so far
    needed: int  # more scored answers that would publish it
    # The roles it is asked of that may still return answers: all but those whose invited
    # count the site gives and who have all returned.
    from_roles: tuple[str, ...]
    # Whether those still to return could publish it: False when the site's `invited`
    # counts, given for every role it asks, leave fewer people to answer than are needed.
    reachable: bool = True


@dataclass(frozen=True)
class FrameworkRound:
    """One framework's returns."""

    framework: Framework
    respondents: int  # people who answered any of its items
    min_group: int
    # (role, people): answered or commented, but fewer than min_group, as the report counts
    # them before naming a comment's role
    short_roles: tuple[tuple[str, int], ...]
    silent_roles: tuple[str, ...]  # roles its items are addressed to that nobody answered for
    withheld: tuple[WithheldItem, ...]
    unscored: tuple[Item, ...]  # items nobody has given a scored answer yet


@dataclass(frozen=True)
class RoundStatus:
    """Where a round of questionnaires stands."""

    assessment: Assessment
    not_anonymous: bool  # a named self-assessment or one respondent: nothing is withheld
    roles: tuple[RoleRound, ...]
    frameworks: tuple[FrameworkRound, ...]
    last_answers: datetime | None  # when the newest respondent file was written (UTC)
    last_file: str | None  # which file that was

    @property
    def invited(self) -> int:
        return sum(r.invited or 0 for r in self.roles)

    @property
    def returned_of_invited(self) -> int:
        return sum(r.answered for r in self.roles if r.invited is not None)


def round_status(assessment: Assessment) -> RoundStatus:
    """The round's returns, short roles and withheld items, without scoring."""
    not_anonymous = assessment.not_anonymous
    by_role = assessment.respondents_by_role()
    invited = assessment.site.invited
    roles = tuple(
        RoleRound(role, invited.get(role), by_role.get(role, 0))
        for role in ROLES
        if role in by_role or role in invited
    )
    newest = max(assessment.respondents, key=_written, default=None)
    return RoundStatus(
        assessment=assessment,
        not_anonymous=not_anonymous,
        roles=roles,
        frameworks=tuple(
            _framework(f, assessment.respondents, not_anonymous, _still_to_return(assessment))
            for f in assessment.frameworks
        ),
        last_answers=(
            datetime.fromtimestamp(_written(newest), UTC).replace(microsecond=0)
            if newest is not None
            else None
        ),
        last_file=str(newest.source) if newest is not None else None,
    )


def _written(respondent: Respondent) -> float:
    try:
        return respondent.source.stat().st_mtime
    except OSError:
        return 0.0


def _still_to_return(assessment: Assessment) -> dict[str, int | None]:
    """How many people of each role invited have not returned a questionnaire; None where
    that cannot be told, so anyone of the role may still answer: the site gives no invited
    counts, or gives none for a role someone has answered as. A role the counts leave out
    that nobody has answered as was not invited."""
    invited = assessment.site.invited
    by_role = assessment.respondents_by_role()
    return {
        role: (
            max(0, invited.get(role, 0) - by_role.get(role, 0))
            if role in invited or (invited and not by_role.get(role))
            else None
        )
        for role in ROLES
    }


def _framework(
    framework: Framework,
    respondents: tuple[Respondent, ...],
    not_anonymous: bool,
    still_to_return: dict[str, int | None],
) -> FrameworkRound:
    people = [r for r in respondents if r.answers.get(framework.id)]
    min_group = framework.scoring.min_role_group
    counts = Counter(p.role for p in people)
    groups = taking_part(respondents, framework.id)
    named = {role for item in framework.items.values() for role in item.roles}
    # "other" is the catch-all for people outside the named roles: nobody is missing from it.
    addressed = [role for role in ROLES if role in named and role != Role.OTHER]
    withheld, unscored = [], []
    for item in framework.items.values():
        scored = sum(1 for p in people if _scored(item, p, framework.id))
        if scored == 0:
            unscored.append(item)
        elif not item.fact and not not_anonymous and scored < min_group:
            asked = tuple(r for r in ROLES if item.asks(r))
            needed = min_group - scored
            open_roles = tuple(r for r in asked if still_to_return[r] != 0)
            left = [still_to_return[r] for r in open_roles]
            reachable = None in left or sum(n or 0 for n in left) >= needed
            withheld.append(WithheldItem(item, scored, needed, open_roles, reachable))
    return FrameworkRound(
        framework=framework,
        respondents=len(people),
        min_group=min_group,
        short_roles=tuple(
            (role, groups[role])
            for role in ROLES
            if 0 < groups[role] < min_group and not not_anonymous
        ),
        silent_roles=tuple(role for role in addressed if not counts[role]),
        withheld=tuple(withheld),
        unscored=tuple(unscored),
    )


def _scored(item: Item, person: Respondent, framework_id: str) -> bool:
    """A scored answer, as the engine counts one (neither don't know nor not applicable)."""
    answer = person.answers.get(framework_id, {}).get(item.id)
    return answer is not None and answer.kind == AnswerKind.SCORED and answer.value is not None

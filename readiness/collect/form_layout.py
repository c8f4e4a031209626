"""The compact PDF form's layout: agreement items of one scale as a grid, a comment box per
domain, facts and figures in their own rows.

Validated instruments (NoMAD among them) print agreement items as a grid: a row per item, a
column per answer. Facts stay apart from opinions: consecutive facts with short answers (yes,
partly, no) make a checklist of their own, headed as facts; figures, levels and 0–10 scales
each keep a row of their own. The layout is worked out here, as data, so the template only
draws it and a test can check it without rendering a PDF.

A domain's comment box is the comment field of the domain's first item in the form (its field
name is that item's `comment` field): an import stores what is written there as the comment on
that item, exactly as a comment on the item from an earlier form, and reports show it with the
domain's other comments. Forms made before the compact layout, with a box per item, read back
as they always did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from readiness.collect.questionnaire import Questionnaire, QuestionnaireDomain
from readiness.framework.model import Domain, Framework, Item, Scale
from readiness.vocabulary import AnswerKind, ScaleType

# A grid is for scales that ask how far someone agrees: among the scored answers, agree and
# disagree (agree5, nomad_agree, agree_client). Other listed answers (levels, frequencies,
# yes/partly/no) read as a statement of fact, and their labels are too long for columns.
AGREEMENT_CODES = frozenset({"agree", "disagree"})
# A fact's answers go in columns only when every label fits a column's head in a few lines.
FACT_COLUMN_LABEL = 20


# The most answers a grid's row holds: ten columns fit an A4 page beside the statement;
# fourteen were drawn over it and pushed the last ones off the page.
MAX_GRID_COLUMNS = 10


def in_grid(item: Item) -> bool:
    """Whether `item` is asked as a row of a grid: an opinion on an agreement scale, or a fact
    whose answers are short (yes, partly, no), with at most `MAX_GRID_COLUMNS` answers;
    figures, levels and 0–10 scales are not."""
    scale = item.scale
    if scale.type != ScaleType.OPTIONS or len(scale.options) > MAX_GRID_COLUMNS:
        return False
    if item.fact:
        return all(len(o.label) <= FACT_COLUMN_LABEL for o in scale.options)
    return {o.code for o in scale.scored} >= AGREEMENT_CODES


def _same_grid(a: Item, b: Item) -> bool:
    """Whether two grid items can share a grid: one scale, and both facts or both opinions."""
    return a.scale == b.scale and a.fact == b.fact


@dataclass(frozen=True)
class GridGroup:
    """One domain's rows in a grid: its title row (staff forms), its items, and its comment
    row when every item the domain asks is in this grid."""

    framework: Framework
    domain: Domain
    items: tuple[Item, ...]
    heading: bool
    comment: Item | None  # the item whose comment field is the domain's box


@dataclass(frozen=True)
class Grid:
    """Items of one scale, all opinions or all facts: a row per item, a column per answer
    (scored answers first, then don't know and the not-applicable answers)."""

    scale: Scale
    groups: tuple[GridGroup, ...]
    kind: str = "grid"

    @property
    def facts(self) -> bool:
        """Whether the grid's rows are facts (a checklist) rather than opinions."""
        return self.groups[0].items[0].fact

    @property
    def columns(self) -> tuple[str, ...]:
        """The answers' labels, one per column, in the scale's order."""
        return tuple(o.label for o in self.scale.options)

    @property
    def first_unscored(self) -> int:
        """The index of the first column that is not a scored answer (-1: none), where the
        grid draws a rule to set don't know and not applicable apart."""
        return next(
            (n for n, o in enumerate(self.scale.options) if o.kind != AnswerKind.SCORED), -1
        )


@dataclass(frozen=True)
class FrameworkTitle:
    """A framework's title, on staff forms."""

    framework: Framework
    kind: str = "framework"


@dataclass(frozen=True)
class DomainTitle:
    """A domain's title above items that are not all in one grid."""

    domain: Domain
    kind: str = "domain"


@dataclass(frozen=True)
class Single:
    """A fact, a figure or an item on another scale, on its own row."""

    framework: Framework
    item: Item
    kind: str = "single"


@dataclass(frozen=True)
class CommentBox:
    """A domain's comment box after items that are not all in one grid."""

    framework: Framework
    domain: Domain
    item: Item  # the item whose comment field is the box
    kind: str = "comment"


Block = Grid | FrameworkTitle | DomainTitle | Single | CommentBox


def lay_out(questionnaire: Questionnaire) -> tuple[Block, ...]:
    """The form's blocks in reading order.

    Staff forms: each framework's title, then its domains; a domain whose items are all in
    one grid joins the grid before it when that grid has the same scale (one header for
    several domains), with its title and comment box as rows of the grid. Clients' forms show
    no framework or domain titles and no domain boxes (their comments go in the one box at the
    end), so their agreement items of one scale make one grid."""
    staff = not questionnaire.for_clients
    blocks: list[Block] = []
    for section in questionnaire.sections:
        framework = section.framework
        if staff:
            blocks.append(FrameworkTitle(framework))
        for qd in section.domains:
            runs = list(_runs(qd))
            whole = len(runs) == 1 and isinstance(runs[0], tuple)
            if whole or not staff:
                for run in runs:
                    if isinstance(run, tuple):
                        comment = qd.items[0] if staff else None
                        group = GridGroup(framework, qd.domain, run, staff, comment)
                        _add_to_grid(blocks, group)
                    else:
                        blocks.append(Single(framework, run))
                continue
            blocks.append(DomainTitle(qd.domain))
            for run in runs:
                if isinstance(run, tuple):
                    group = GridGroup(framework, qd.domain, run, heading=False, comment=None)
                    _add_to_grid(blocks, group)
                else:
                    blocks.append(Single(framework, run))
            blocks.append(CommentBox(framework, qd.domain, qd.items[0]))
    return tuple(blocks)


def _runs(qd: QuestionnaireDomain) -> Iterator[tuple[Item, ...] | Item]:
    """A domain's items in order: consecutive grid items of one scale as a tuple, any other
    item alone."""
    run: list[Item] = []
    for item in qd.items:
        if in_grid(item) and (not run or _same_grid(run[0], item)):
            run.append(item)
            continue
        if run:
            yield tuple(run)
            run = []
        if in_grid(item):
            run.append(item)
        else:
            yield item
    if run:
        yield tuple(run)


def _add_to_grid(blocks: list[Block], group: GridGroup) -> None:
    """Add `group` to the grid just before it when that grid has the same scale, else start
    a grid."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Grid) and _same_grid(last.groups[0].items[0], group.items[0]):
        blocks[-1] = Grid(last.scale, (*last.groups, group))
    else:
        blocks.append(Grid(group.items[0].scale, (group,)))

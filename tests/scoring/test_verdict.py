"""One verdict for a site (rule 18): the lowest framework band on a four-step scale, its
uncertainty from the frameworks' intervals, worked by hand on the bundled follow-up's four
frameworks with bands and intervals set here."""

from __future__ import annotations

import dataclasses
import json

import pytest

from readiness import api
from readiness.framework.model import Band
from readiness.report.wording import verdict_reason, verdict_statement
from readiness.scoring.model import AssessmentResult, FrameworkResult, ItemResult
from readiness.scoring.verdict import Verdict, level_of, site_verdict

from ..helpers import RIVERSIDE


@pytest.fixture(scope="module")
def result() -> AssessmentResult:
    return api.score(RIVERSIDE)


def at(
    fr: FrameworkResult, band_index: int, interval: tuple[float, float] | None
) -> FrameworkResult:
    """`fr` with its band set to its `band_index`-th band (lowest first), uncapped: the bands
    its interval reaches are those its ends fall in."""
    band = sorted(fr.framework.bands, key=lambda b: b.min)[band_index]
    return dataclasses.replace(
        fr,
        band=band,
        score=band.min + 1,
        interval=interval,
        interval_bands=tuple(fr.framework.bands_between(*interval)) if interval else (),
        capped_by=(),
    )


def test_every_bundled_framework_maps_its_four_bands_one_to_one(result: AssessmentResult) -> None:
    for fr in result.frameworks:
        ordered = sorted(fr.framework.bands, key=lambda b: b.min)
        assert [level_of(fr.framework, b) for b in ordered] == [0, 1, 2, 3]


def test_the_weakest_framework_sets_the_verdict(result: AssessmentResult) -> None:
    # Bands 3, 2, 3, 2 (no intervals): the verdict is level 2, Developing, set by the second
    # and fourth frameworks; nothing uncertain.
    frameworks = tuple(
        at(fr, band, None) for fr, band in zip(result.frameworks, [3, 2, 3, 2], strict=True)
    )
    verdict = site_verdict(dataclasses.replace(result, frameworks=frameworks))
    assert verdict is not None
    assert verdict.id == "developing" and verdict.certain
    assert [f.framework.id for f in verdict.set_by] == [
        result.frameworks[1].framework.id,
        result.frameworks[3].framework.id,
    ]
    assert verdict_statement(verdict) == "Developing"


def test_an_interval_across_a_boundary_is_said_once(result: AssessmentResult) -> None:
    # The weakest (band 1, 41-45) could be band 0 (interval from 38); another framework at
    # band 3 whose interval reaches down to band 2 cannot lift the verdict above 1.
    frameworks = []
    for n, fr in enumerate(result.frameworks):
        lows = sorted(b.min for b in fr.framework.bands)
        if n == 0:
            frameworks.append(at(fr, 1, (lows[1] - 2, lows[1] + 5)))
        else:
            frameworks.append(at(fr, 3, (lows[2] + 1, 100)))
    verdict = site_verdict(dataclasses.replace(result, frameworks=tuple(frameworks)))
    assert verdict is not None
    assert (verdict.level, verdict.lowest, verdict.highest) == (1, 0, 1)
    assert verdict_statement(verdict) == "Probably Emerging; could be Not ready"


def test_no_scored_framework_gives_no_verdict(result: AssessmentResult) -> None:
    frameworks = tuple(dataclasses.replace(fr, score=None, band=None) for fr in result.frameworks)
    assert site_verdict(dataclasses.replace(result, frameworks=frameworks)) is None


def test_the_json_states_the_verdict() -> None:
    data = json.loads(api.format_scores(api.score(RIVERSIDE), "json"))
    verdict = data["verdict"]
    # Riverside's follow-up: five mechanisms Emerging, rainbow Partly joined up and delivery
    # conditions Fragile are all the second step, and no interval reaches another step
    # (delivery conditions' runs 41-51, within Fragile, since its facts stay as given in
    # every resample: rule 12).
    assert verdict["level"] == "emerging" and verdict["label"] == "Emerging"
    assert verdict["statement"] == "Emerging"
    assert (verdict["lowest"], verdict["highest"]) == ("emerging", "emerging")
    assert "delivery-conditions" in verdict["set_by"]
    assert verdict["capped_by"] == verdict["capped_unknown"] == []


def test_the_reason_names_the_only_scored_framework_and_what_is_not_counted() -> None:
    """With one framework scored of four, the report said "the weakest framework sets it" and
    left the others "not counted, for too few answers", where some were withheld for privacy
    (helper-42). It names the only one with a score, why the others have none, and that the
    verdict could be lower once they are scored."""
    first, *others = api.score(RIVERSIDE).frameworks
    verdict = Verdict(2, 2, 2, (first,), tuple(f.framework for f in others), scored=1)
    reason = verdict_reason(verdict)
    assert reason.startswith(
        f"The only framework with a score sets it ({first.framework.title}, Emerging): every "
        "framework's bands are read on one scale (Not ready, Emerging, Developing, Ready), "
        "where its band counts as Emerging."
    )
    assert "too few people to show one without exposing them" in reason
    assert "the verdict could be lower once they are scored" in reason
    both = Verdict(2, 2, 2, (first,), (), scored=2)
    assert verdict_reason(both).startswith("The weakest framework sets it")


def test_the_reason_tells_a_bands_name_from_its_step_on_the_scale() -> None:
    """helper-71: a framework of five bands named Not ready to Exemplary, scored in its fourth
    ("Ready"), is on the third step of the four-step scale: the reason said "(Delta, Ready)
    ... where its band is Developing", a band named Ready said to be Developing. It says
    the band counts as that step."""
    framework = api.load_frameworks().get("five-mechanisms")
    assert framework is not None
    five = [
        Band("a", "Not ready", 0, "red", None),
        Band("b", "Emerging", 20, "amber", None),
        Band("c", "Developing", 40, "yellow", None),
        Band("d", "Ready", 60, "light_green", None),
        Band("e", "Exemplary", 80, "green", None),
    ]
    fifth = dataclasses.replace(framework, bands=tuple(five))
    assert level_of(fifth, five[3]) == 2
    result = api.score(RIVERSIDE).frameworks[0]
    ready = dataclasses.replace(result, framework=fifth, band=five[3])
    reason = verdict_reason(Verdict(2, 2, 2, (ready,), (), scored=1))
    assert f"({fifth.title}, Ready): " in reason
    assert "where its band counts as Developing." in reason


def _unscored(fr: FrameworkResult, gate_fails: bool) -> FrameworkResult:
    """`fr` with no score to show; one of its essential items shown failing, or none."""
    items: list[ItemResult] = []
    for item in fr.items:
        failing = gate_fails and item.item.critical and not any(i.gate_failed for i in items)
        items.append(dataclasses.replace(item, gate_failed=failing))
    domains = tuple(
        dataclasses.replace(d, items=tuple(i for i in items if i.item.domain_id == d.domain.id))
        for d in fr.domains
    )
    return dataclasses.replace(
        fr, score=None, band=None, interval=None, interval_bands=(), domains=domains
    )


def test_a_framework_with_no_score_still_bounds_the_verdict(result: AssessmentResult) -> None:
    """One framework scored at band 2 (Developing), its interval reaching band 3; the others
    have no score to show. helper-42 saw "Probably Emerging; could be Developing" beside
    failing essential conditions of frameworks with no score: a failed gate caps a band at
    `cap_band` whatever the score (rule 8), so the verdict can be no higher than that cap
    (Emerging, level 1, for the bundled five mechanisms); and a framework with no score could
    be on any step, so the verdict could be as low as Not ready."""
    # The first framework scored; the last (delivery conditions, with essential items)
    # the one whose gate fails.
    first, *rest, second = result.frameworks
    lows = sorted(b.min for b in first.framework.bands)
    scored = at(first, 2, (lows[2] + 1, lows[3] + 5))
    open_ended = site_verdict(
        dataclasses.replace(
            result, frameworks=(scored, *(_unscored(f, False) for f in (*rest, second)))
        )
    )
    assert open_ended is not None
    assert (open_ended.level, open_ended.lowest, open_ended.highest) == (2, 0, 3)
    assert open_ended.capped_by == ()
    capped = site_verdict(
        dataclasses.replace(
            result,
            frameworks=(
                scored,
                *(_unscored(f, False) for f in rest),
                _unscored(second, True),
            ),
        )
    )
    assert capped is not None
    cap = level_of(
        second.framework,
        next(b for b in second.framework.bands if b.id == second.framework.scoring.cap_band),
    )
    assert cap == 1
    assert (capped.level, capped.lowest, capped.highest) == (1, 0, 1)
    assert capped.capped_by == (second.framework,)
    assert verdict_statement(capped) == "Probably Emerging; could be Not ready"
    # The scored framework is higher: the failed gate, not it, sets the verdict.
    assert capped.set_by == ()
    assert verdict_reason(capped).startswith(
        f"An essential condition that fails in {second.framework.title} sets it: that "
        "framework can be no higher than Emerging, whatever its score"
    )
    # Beside a scored framework at Emerging, the gate holds the ceiling, said as such.
    low = at(first, 1, (lows[1] + 1, lows[2] + 5))
    both = site_verdict(
        dataclasses.replace(
            result,
            frameworks=(low, *(_unscored(f, False) for f in rest), _unscored(second, True)),
        )
    )
    assert both is not None and both.set_by == (low,) and both.capped_by == (second.framework,)
    assert (
        f"An essential condition that fails in {second.framework.title} holds the verdict at "
        "Emerging at most, whatever its score." in verdict_reason(both)
    )


def test_an_unknown_essential_condition_with_a_cap_bounds_the_verdict(
    result: AssessmentResult,
) -> None:
    """Rule 8 caps a scored framework's band at `unknown_caps` while a gate is unknown; a
    framework with no score is held the same way. Delivery conditions 3.0.0 caps at Sound
    while DC23 (the safeguarding procedure) is unknown: Sound is its third band of four, so
    step 2 (Developing). The scored framework is on step 3, its interval reaching no lower:
    the unknown gate, not it, holds the verdict at Developing; a failed gate of the same
    framework would hold it lower (Fragile, step 1)."""
    first, *rest, dc = result.frameworks
    assert dc.framework.id == "delivery-conditions"
    gate = dc.framework.items["DC23"]
    assert gate.unknown_caps == "sound"
    lows = sorted(b.min for b in first.framework.bands)
    scored = at(first, 3, (lows[3] + 1, lows[3] + 5))
    others = tuple(_unscored(f, False) for f in rest)
    unknown = dataclasses.replace(_unscored(dc, False), critical_unknown=(gate,))
    verdict = site_verdict(dataclasses.replace(result, frameworks=(scored, *others, unknown)))
    assert verdict is not None
    assert (verdict.level, verdict.lowest, verdict.highest) == (2, 0, 2)
    assert verdict.capped_by == verdict.capped_unknown == (dc.framework,)
    assert verdict.set_by == ()
    assert verdict_reason(verdict).startswith(
        f"An essential condition still unknown in {dc.framework.title} sets it: that framework "
        "can be no higher than Developing, whatever its score, until that condition is known"
    )
    # A gate unknown with no cap of its own caps nothing.
    uncapped = dataclasses.replace(gate, unknown_caps=None)
    open_ended = site_verdict(
        dataclasses.replace(
            result,
            frameworks=(
                scored,
                *others,
                dataclasses.replace(unknown, critical_unknown=(uncapped,)),
            ),
        )
    )
    assert open_ended is not None and open_ended.highest == 3 and open_ended.capped_by == ()
    # Failed too: the lower cap, a failure's, holds it, and the reason says so.
    both = site_verdict(
        dataclasses.replace(
            result,
            frameworks=(
                scored,
                *others,
                dataclasses.replace(_unscored(dc, True), critical_unknown=(gate,)),
            ),
        )
    )
    assert both is not None and (both.level, both.highest) == (1, 1)
    assert both.capped_by == (dc.framework,) and both.capped_unknown == ()
    assert verdict_reason(both).startswith(
        f"An essential condition that fails in {dc.framework.title} sets it"
    )
    as_json = json.loads(
        api.format_scores(
            dataclasses.replace(result, frameworks=(scored, *others, unknown)), "json"
        )
    )["verdict"]
    assert as_json["capped_by"] == as_json["capped_unknown"] == ["delivery-conditions"]

"""r_wg and r_wg(J) (James, Demaree & Wolf 1984), worked out by hand."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import load_framework
from readiness.scoring.agreement import null_variance, rwg, rwg_j, variance_ratio
from readiness.scoring.engine import score_framework

from ..helpers import DATA

CALC = load_framework(DATA / "frameworks" / "scoring-test.yaml")
AGREE5 = CALC.items["A1"].scale
CASELOAD = CALC.items["C1"].scale


def test_the_uniform_null_is_the_variance_of_picking_an_option_at_random() -> None:
    # Five options scoring 0, 25, 50, 75, 100: mean 50; (2500 + 625 + 0 + 625 + 2500) / 5.
    assert null_variance(AGREE5) == pytest.approx(1250)
    assert null_variance(CASELOAD) is None  # a numeric fact has no options


def test_rwg_of_one_item() -> None:
    # 75, 75, 100: mean 83.33; squared deviations 69.44, 69.44, 277.78; sample variance
    # 416.67 / 2 = 208.33; r_wg = 1 - 208.33 / 1250 = 0.8333.
    ratio = variance_ratio([75, 75, 100], AGREE5)
    assert ratio == pytest.approx(208.3333 / 1250, rel=1e-5)
    assert rwg(ratio) == pytest.approx(0.83333, abs=1e-5)
    # Perfect agreement is 1; answers split between the ends are worse than chance -> 0.
    assert rwg(variance_ratio([50, 50, 50], AGREE5)) == 1.0
    assert rwg(variance_ratio([0, 100], AGREE5)) == 0.0
    assert variance_ratio([75], AGREE5) is None  # one answer says nothing about agreement


def test_rwg_j_over_several_items() -> None:
    # Ratios 1/6 and 1/2: mean 1/3; J = 2: 2 (2/3) / (2 (2/3) + 1/3) = 0.8.
    assert rwg_j([1 / 6, 1 / 2]) == pytest.approx(0.8)
    assert rwg_j([1.2, 1.0]) == 0.0  # worse than chance on average
    assert rwg_j([0.0, 0.0]) == 1.0
    assert rwg_j([]) is None


def test_agreement_is_reported_for_the_site_and_each_shown_role(tmp_path: Path) -> None:
    # Three GPs answer A1 a, a, sa (75, 75, 100): r_wg 0.8333 for the site and the GP view.
    # A3 n, n, sd (50, 50, 0): S^2 = 833.33, ratio 0.6667, r_wg 0.3333 < 0.7: low agreement.
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            site: {name: S, kind: practice, assessed_on: 2026-01-01}
            respondents:
              - {id: g1, role: gp, answers: {calc: {A1: a, A2: d, A3: n}}}
              - {id: g2, role: gp, answers: {calc: {A1: a, A2: d, A3: n}}}
              - {id: g3, role: gp, answers: {calc: {A1: sa, A2: d, A3: sd}}}
            """
        )
    )
    people = load_assessment(path, Catalogue({"calc": CALC})).respondents
    framework = dataclasses.replace(
        CALC, scoring=dataclasses.replace(CALC.scoring, min_role_group=3)
    )
    result = score_framework(framework, people)
    a1, a2, a3 = result.domains[0].items
    assert a1.agreement.rwg == pytest.approx(0.83333, abs=1e-5)
    assert a1.by_role[0].rwg == pytest.approx(0.83333, abs=1e-5)
    assert not a1.agreement.low_agreement
    assert a2.agreement.rwg == 1.0
    assert a3.agreement.rwg == pytest.approx(1 / 3)
    assert a3.agreement.low_agreement
    # The domain: ratios 1/6, 0, 2/3 -> mean 5/18; J = 3: 3 (13/18) / (3 (13/18) + 5/18)
    # = (39/18) / (44/18) = 0.8864.
    domain = result.domains[0]
    assert domain.agreement.rwg == pytest.approx(39 / 44)
    assert domain.by_role[0].rwg == pytest.approx(39 / 44)

"""The privacy rule: which scores may be published, worked out by hand on small assessments.

tests/data/assessments/privacy: 3 GPs, 3 link workers, 1 receptionist, 1 client and 1
link-worker manager answer the `privacy` framework (tests/data/frameworks/privacy), whose
min_role_group is 3. Answers score sa 100, a 75, n 50, d 25, sd 0.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

from readiness import api
from readiness.assessment.load import load_assessment
from readiness.framework.catalogue import Catalogue
from readiness.framework.checks import load_framework
from readiness.scoring.disclosure import hidden_roles
from readiness.scoring.engine import score_assessment
from readiness.scoring.model import AssessmentResult, Disclosure, Suppression

from ..helpers import DATA, small_framework

PRIVACY = DATA / "assessments" / "privacy"
FRAMEWORKS = DATA / "frameworks" / "privacy"


@pytest.fixture(scope="module")
def result() -> AssessmentResult:
    return api.score(PRIVACY, frameworks_dirs=[FRAMEWORKS])


def test_a_score_from_fewer_people_than_the_threshold_is_withheld(
    result: AssessmentResult,
) -> None:
    fw = result.frameworks[0]
    items = {i.item.id: i for i in fw.items}
    # C1 and C2: only the one client answered -> withheld, and not shown by role either.
    for item_id in ("C1", "C2"):
        assert items[item_id].score is None
        assert items[item_id].disclosure == Disclosure.SUPPRESSED
        assert items[item_id].respondents == 1
        assert [(r.role, r.score) for r in items[item_id].by_role] == [("client", None)]
    clients = fw.domains[1]
    assert clients.score is None and clients.disclosure == Disclosure.SUPPRESSED
    assert clients.coverage == 0.0


def test_withheld_scores_are_used_nowhere_else(result: AssessmentResult) -> None:
    fw = result.frameworks[0]
    team, _, facts = fw.domains
    # T1: GP (100 + 75 + 75) / 3 = 83.33, link workers (25 + 0 + 25) / 3 = 16.67,
    # reception 100 -> (83.33 + 16.67 + 100) / 3 = 66.67. T2: GP 66.67, link workers 33.33,
    # reception 100 -> 66.67. The team: 66.67.
    assert team.score == pytest.approx(200 / 3)
    assert facts.score == 40.0  # F1: 4 people on the 0 -> 0, 10 -> 100 line
    # The framework from the two published domains only (coverage 2 of 3):
    # (66.67 + 40) / 2 = 53.33.
    assert fw.coverage == pytest.approx(2 / 3)
    assert fw.score == pytest.approx((200 / 3 + 40) / 2)
    # The client's items raise no action (that would tell a reader their answers were low).
    assert [a.action.id for a in fw.actions] == ["act-facts"]
    assert fw.critical_withheld == ()


def test_facts_may_be_shown_from_fewer_people(result: AssessmentResult) -> None:
    fw = result.frameworks[0]
    f1 = next(i for i in fw.items if i.item.id == "F1")
    assert (f1.score, f1.respondents, f1.disclosure) == (40.0, 1, Disclosure.FACT)
    assert [(r.role, r.score) for r in f1.by_role] == [("lw_manager", 40.0)]
    assert fw.domains[2].disclosure == Disclosure.FACT
    assert fw.domains[0].disclosure == Disclosure.ANONYMOUS
    assert fw.disclosure == Disclosure.ANONYMOUS


def test_complementary_suppression_stops_subtraction(result: AssessmentResult) -> None:
    fw = result.frameworks[0]
    t1 = fw.items[0]
    views = {r.role: r for r in t1.by_role}
    # Reception (1) is hidden; shown alone, GP and link workers would let a reader work out
    # the receptionist's answer from the site score (3 x 66.67 - 83.33 - 16.67 = 100). So the
    # smaller shown group is hidden too (GP and link workers tie at 3; GP comes first).
    assert views["reception"].suppressed_because == Suppression.SMALL_GROUP
    assert views["gp"].suppressed_because == Suppression.COMPLEMENTARY
    assert views["link_worker"].score == pytest.approx(50 / 3)
    # The team by role: link workers (16.67 + 33.33) / 2 = 25; the rest hidden.
    team = {r.role: r for r in fw.domains[0].by_role}
    assert team["link_worker"].score == pytest.approx(25.0)
    assert team["gp"].score is None and team["reception"].score is None


def test_no_published_score_lets_a_hidden_group_be_subtracted(result: AssessmentResult) -> None:
    for fw in result.frameworks:
        m = fw.framework.scoring.min_role_group
        for item in fw.items:
            if item.score is None or item.disclosure != Disclosure.ANONYMOUS:
                continue
            hidden = sum(r.respondents for r in item.by_role if r.suppressed)
            assert hidden == 0 or hidden >= m, item.item.id


SMALL, EXTRA = Suppression.SMALL_GROUP, Suppression.COMPLEMENTARY


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ({"gp": 3, "link_worker": 3}, {}),
        ({"gp": 3, "client": 1}, {"client": SMALL, "gp": EXTRA}),
        # 4 GPs and 3 link workers: the smaller shown group goes.
        ({"gp": 4, "link_worker": 3, "client": 1}, {"client": SMALL, "link_worker": EXTRA}),
        # Two hidden groups holding 3 people already cannot be subtracted apart.
        ({"gp": 3, "reception": 1, "client": 2}, {"reception": SMALL, "client": SMALL}),
        (
            {"gp": 3, "reception": 1, "client": 1},
            {"reception": SMALL, "client": SMALL, "gp": EXTRA},
        ),
    ],
)
def test_hidden_roles(sizes: dict[str, int], expected: dict[str, str]) -> None:
    assert hidden_roles(sizes, 3, exempt=False) == expected
    assert hidden_roles(sizes, 3, exempt=True) == {}


def test_a_named_self_assessment_shows_everything_and_says_so(tmp_path: Path) -> None:
    shutil.copytree(PRIVACY, tmp_path / "named")
    site = tmp_path / "named" / "site.yaml"
    site.write_text(site.read_text() + '  self_assessment: {by: "Sam Patel, practice manager"}\n')
    named = api.score(tmp_path / "named", frameworks_dirs=[FRAMEWORKS])
    assert named.not_anonymous
    fw = named.frameworks[0]
    c1 = next(i for i in fw.items if i.item.id == "C1")
    assert (c1.score, c1.disclosure) == (100.0, Disclosure.NOT_ANONYMOUS)
    assert all(not r.suppressed for i in fw.items for r in i.by_role)
    assert fw.disclosure == Disclosure.NOT_ANONYMOUS
    assert named.assessment.site.self_assessment_by == "Sam Patel, practice manager"


def test_one_respondent_is_not_anonymous(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            site: {name: Solo, kind: practice, assessed_on: 2026-03-01}
            respondents:
              - {id: c1, role: client, answers: {privacy: {C1: a, C2: a}}}
            """
        )
    )
    framework = load_framework(FRAMEWORKS / "privacy-test.yaml")
    loaded = load_assessment(path, Catalogue({"privacy": framework}))
    scored = score_assessment(loaded)
    assert scored.not_anonymous
    clients = scored.frameworks[0].domains[1]
    assert (clients.score, clients.disclosure) == (75.0, Disclosure.NOT_ANONYMOUS)


def test_every_score_object_says_how_many_people_are_behind_it(result: AssessmentResult) -> None:
    fw = result.frameworks[0]
    assert fw.respondents == 8  # everyone but the client, whose items count nowhere
    assert [d.respondents for d in fw.domains] == [7, 0, 1]
    assert [i.respondents for i in fw.items] == [7, 7, 1, 1, 1]
    t1 = {r.role: r.respondents for r in fw.items[0].by_role}
    assert t1 == {"gp": 3, "reception": 1, "link_worker": 3}


def test_every_role_view_says_on_what_terms_it_is_shown(result: AssessmentResult) -> None:
    fw = result.frameworks[0]
    items = {i.item.id: i for i in fw.items}
    # F1, a fact, is shown from the one link-worker manager: a reader of the JSON can tell
    # why a one-person view is there.
    (manager,) = items["F1"].by_role
    assert (manager.respondents, manager.disclosure) == (1, Disclosure.FACT)
    # T1: link workers (3) shown as anonymous opinions; GP and reception hidden.
    t1 = {r.role: r.disclosure for r in items["T1"].by_role}
    assert t1 == {
        "gp": Disclosure.SUPPRESSED,
        "reception": Disclosure.SUPPRESSED,
        "link_worker": Disclosure.ANONYMOUS,
    }
    # C1: the one client, withheld.
    assert [r.disclosure for r in items["C1"].by_role] == [Disclosure.SUPPRESSED]
    # Domains: the facts domain's manager view is made of facts; the team's link-worker view
    # of anonymous opinions.
    facts = {r.role: r for r in fw.domains[2].by_role}
    assert facts["lw_manager"].disclosure == Disclosure.FACT
    team = {r.role: r.disclosure for r in fw.domains[0].by_role}
    assert team["link_worker"] == Disclosure.ANONYMOUS
    assert team["gp"] == Disclosure.SUPPRESSED


SD1_ANSWERS = ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree")


def _sd1_published(
    gps: tuple[str, ...], vcse: str, extra: str = "", **options: str
) -> dict[str, Any]:
    """What `score --format json` publishes of five-mechanisms SD1 for three GPs and one VCSE
    person (and `extra` respondents' lines)."""
    people = [
        f"  - {{id: g{n}, role: gp, answers: {{five-mechanisms: {{SD1: {a}}}}}}}"
        for n, a in enumerate(gps)
    ]
    people.append(f"  - {{id: v1, role: vcse, answers: {{five-mechanisms: {{SD1: {vcse}}}}}}}")
    text = (
        "site: {name: Privacy Practice, kind: practice, assessed_on: 2026-11-02}\n"
        "respondents:\n" + "\n".join(people) + "\n" + extra
    )
    data = json.loads(api.format_scores(_score_text(text, **options), "json"))
    item: dict[str, Any] = next(i for i in data["frameworks"][0]["items"] if i["id"] == "SD1")
    return item


def _score_text(text: str, **options: str) -> AssessmentResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site.yaml"
        path.write_text(text)
        return api.score(path, **options)


def test_a_lone_persons_answer_cannot_be_worked_back_from_what_an_item_publishes() -> None:
    """Three GPs answer agree, agree, strongly agree (75, 75, 100) and one VCSE person strongly
    disagrees (0). The role-balanced score is (83.33 + 0) / 2 = 41.67; with the spread of all
    four answers (37.5) and the role counts it fitted no other answers, so the VCSE person's
    answer could be read back. Both role views are hidden (the VCSE person is alone, the GPs
    hidden with them), so no spread or r_wg compares anyone and the interval is withheld: every
    answer the VCSE person could have given fits what is published, with some GP answers."""
    published = _sd1_published(("agree", "agree", "strongly_agree"), "strongly_disagree")
    assert published["score"] == pytest.approx(125 / 3)
    assert published["spread"] is None and published["rwg"] is None
    assert published["compared_roles"] == [] and published["disagreement_reasons"] == []
    assert published["interval"] is None and published["interval_withheld"] is True
    fitting = set()
    for gps in itertools.combinations_with_replacement(SD1_ANSWERS, 3):
        for vcse in SD1_ANSWERS:
            if _sd1_published(gps, vcse) == published:
                fitting.add(vcse)
    assert len(fitting) > 1


def test_agreement_compares_the_roles_whose_views_are_shown() -> None:
    """Add three link workers who all answer neutral (50): the VCSE person is hidden, the GPs
    with them (the smaller shown role on a tie, first in role order), the link workers shown.
    The spread and r_wg compare the link workers alone: three 50s, spread 0, r_wg 1 − 0 = 1.
    The score is (83.33 + 50 + 0) / 3 = 44.44, from everyone, as before."""
    workers = "".join(
        f"  - {{id: l{n}, role: link_worker, answers: {{five-mechanisms: {{SD1: neutral}}}}}}\n"
        for n in range(3)
    )
    published = _sd1_published(("agree", "agree", "strongly_agree"), "strongly_disagree", workers)
    assert published["score"] == pytest.approx((250 / 3 + 50 + 0) / 3)
    assert published["compared_roles"] == ["link_worker"]
    assert published["spread"] == 0.0 and published["rwg"] == 1.0
    assert published["interval"] is None and published["interval_withheld"] is True


def test_with_everyone_as_one_voice_the_interval_is_withheld_too() -> None:
    """Scored by respondents, the VCSE person is one of four equal voices, not half the score;
    but the resamples that leave them out are the GPs' own mean, and with it and the score
    their answer follows (4 x score - 3 x the GPs' mean): the interval is withheld too."""
    published = _sd1_published(
        ("agree", "agree", "strongly_agree"), "strongly_disagree", aggregate="respondents"
    )
    assert published["score"] == pytest.approx(62.5)
    assert published["interval"] is None and published["interval_withheld"] is True
    assert published["spread"] is None and published["compared_roles"] == []


MIXED_FRAMEWORK = small_framework(
    "mixed",
    """\
  - id: mixed
    title: Mixed
    description: Both.
    items:
      - {id: O1, text: One., scale: agree5, roles: [gp, practice_manager], actions: [act]}
      - {id: O2, text: Two., scale: agree5, roles: [gp, practice_manager], actions: [act]}
      - {id: F1, text: Is there a room?, scale: yn, roles: [practice_manager], fact: true,
         actions: [act]}
""",
)


def test_a_roles_domain_view_hidden_for_privacy_says_so(tmp_path: Path) -> None:
    """helper-67: the lone practice manager answered all three items; their opinion views
    are hidden as a small group, so the one view shown (the fact, a third of the weight) is
    below min_coverage. Their view of the domain is hidden for privacy, not for "too little
    of it answered by this role", which is untrue."""
    (tmp_path / "fw").mkdir()
    (tmp_path / "fw" / "mixed-1.yaml").write_text(MIXED_FRAMEWORK)
    people = [f"  - {{id: g{n}, role: gp, answers: {{mixed: {{O1: a, O2: d}}}}}}" for n in range(3)]
    people.append("  - {id: p1, role: practice_manager, answers: {mixed: {O1: d, O2: d, F1: y}}}")
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {name: P, kind: practice, assessed_on: 2026-11-02, frameworks: [mixed]}\n"
        "respondents:\n" + "\n".join(people) + "\n"
    )
    result = api.score(site, frameworks_dirs=[tmp_path / "fw"])
    views = {v.role: v for v in result.frameworks[0].domains[0].by_role}
    assert views["practice_manager"].score is None
    assert views["practice_manager"].suppressed_because == Suppression.SMALL_GROUP
    # A role that answered too little of the domain is still told so.
    site.write_text(site.read_text().replace("O1: d, O2: d, F1: y", "F1: y"))
    result = api.score(site, frameworks_dirs=[tmp_path / "fw"])
    views = {v.role: v for v in result.frameworks[0].domains[0].by_role}
    assert views["practice_manager"].suppressed_because == Suppression.INSUFFICIENT

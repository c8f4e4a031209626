"""The bootstrap intervals: the README's description alone reproduces them, they are the same
in every process, and they do not depend on the order respondents are listed in."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from readiness import api
from readiness.assessment.model import Assessment, Respondent
from readiness.framework.model import Framework
from readiness.scoring.intervals import draw_stream, resampling_groups
from readiness.scoring.model import FrameworkResult
from readiness.vocabulary import ROLES, Aggregate

from ..helpers import DATA, RIVERSIDE, RunCli, one_respondent, small_framework

PRIVACY = DATA / "assessments" / "privacy"
FRAMEWORKS = DATA / "frameworks" / "privacy"


def _verified(framework: Framework, assessment: Assessment) -> dict[str, float]:
    """Rule 17: the score of each fact's verified answer that counts (not every piece of its
    evidence expired before the assessment date); a reused item's check is its home's."""
    review = assessment.review
    found: dict[str, float] = {}
    for item in framework.items.values() if review is not None else ():
        assert review is not None
        home = (item.ref.framework_id, item.ref.item_id) if item.ref else (framework.id, item.id)
        check = review.checks.get(home)
        if check is None or check.verified is None or check.verified.value is None:
            continue
        day = assessment.site.assessed_on
        if check.evidence and all(
            e.expires is not None and e.expires < day for e in check.evidence
        ):
            continue
        found[item.id] = item.scale.score(check.verified.value, reverse=item.reverse)
    return found


def _reference(
    framework: Framework,
    everyone: Sequence[Respondent],
    result: FrameworkResult,
    verified: dict[str, float] | None = None,
) -> tuple[dict[str, tuple[float, float] | None], tuple[float, float] | None]:
    """Rule 12 of the README, written out plainly from its text (no numpy, no readiness);
    `verified` gives the facts a reviewer verified (rule 17), the same in every resample."""
    verified = verified or {}
    order = list(ROLES)
    people = sorted(
        (p for p in everyone if p.answers.get(framework.id)),
        key=lambda p: (order.index(p.role), p.id),
    )
    # "Resampling groups are the roles with two or more respondents, in that order, then one
    # group of all the roles with a single respondent; if only one role has a single
    # respondent, that person joins the smallest group (the first in order on a tie)."
    # Members of a group keep the order above (by role, then id).
    count = {role: sum(1 for p in people if p.role == role) for role in order}
    groups: list[list[int]] = []
    for role in order:
        if count[role] >= 2:
            groups.append([n for n, p in enumerate(people) if p.role == role])
    lone = [n for n, p in enumerate(people) if count[p.role] == 1]
    if len(lone) == 1 and groups:
        sizes = [len(g) for g in groups]
        joined = groups[sizes.index(min(sizes))]
        joined.append(lone[0])
        joined.sort()
    elif lone:
        groups.append(lone)

    def score(person: Respondent, item_id: str) -> float | None:
        answer = person.answers[framework.id].get(item_id)
        if answer is None or answer.value is None or answer.kind != "scored":
            return None
        item = framework.items[item_id]
        return item.scale.score(answer.value, reverse=item.reverse)

    lines = [f"readiness-bootstrap/1\t{framework.id}\t{framework.version}\t{result.aggregate}"]
    for person in people:
        for item_id in framework.items:
            value = score(person, item_id)
            if value is not None:
                lines.append(f"{person.role}\t{person.id}\t{item_id}\t{value:.6f}")
    seed = hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).digest()

    places = len(people)
    output = hashlib.shake_256(seed).digest(4 * 1000 * places)
    draws = iter(int.from_bytes(output[i : i + 4], "big") for i in range(0, len(output), 4))
    used = {d.domain.id: [i.item for i in d.items if i.used] for d in result.domains}
    published = {i.item.id: i.score for d in result.domains for i in d.items if i.score is not None}
    scored = {d.domain.id for d in result.domains if d.score is not None}
    settings = framework.scoring
    domain_values: dict[str, list[float]] = {d: [] for d in scored}
    item_values: dict[str, list[float]] = {}
    framework_values: list[float] = []
    for _ in range(1000):
        drawn = [people[g[next(draws) % len(g)]] for g in groups for _ in g]
        domain_now: dict[str, float] = {}
        for domain in framework.domains:
            pairs = []
            for item in used[domain.id]:
                if item.id in verified:
                    pairs.append((verified[item.id], item.weight))
                    item_values.setdefault(item.id, []).append(verified[item.id])
                    continue
                roles: dict[str, list[float]] = {}
                for person in drawn:
                    value = score(person, item.id)
                    if value is not None:
                        roles.setdefault(person.role, []).append(value)
                if item.fact:
                    # Rule 3: a fact is the lowest score among the drawn people whose role
                    # decides it (known_by, else anyone asked); none of them drawn, it keeps
                    # its published score, as they gave it.
                    deciding = [
                        v for role, v_list in roles.items() if item.decides(role) for v in v_list
                    ]
                    value = min(deciding) if deciding else published[item.id]
                    pairs.append((value, item.weight))
                    item_values.setdefault(item.id, []).append(value)
                    continue
                if not roles:
                    continue
                if result.aggregate == Aggregate.ROLES:
                    value = statistics.fmean(statistics.fmean(v) for v in roles.values())
                else:
                    value = statistics.fmean(x for v in roles.values() for x in v)
                pairs.append((value, item.weight))
                item_values.setdefault(item.id, []).append(value)
            weight = sum(w for _, w in pairs)
            enough = pairs and weight / sum(i.weight for i in domain.items) >= settings.min_coverage
            if domain.id in scored and enough:
                domain_now[domain.id] = sum(v * w for v, w in pairs) / weight
                domain_values[domain.id].append(domain_now[domain.id])
        counted = [d for d in framework.domains if d.in_total]
        pairs = [(domain_now[d.id], d.weight) for d in counted if d.id in domain_now]
        weight = sum(w for _, w in pairs)
        if pairs and weight / sum(d.weight for d in counted) >= settings.min_coverage:
            framework_values.append(sum(v * w for v, w in pairs) / weight)

    def percentiles(values: list[float]) -> tuple[float, float] | None:
        if len(values) < 500:
            return None
        ordered = sorted(values)

        def at(q: float) -> float:
            position = (len(ordered) - 1) * q
            below = int(position)
            above = min(below + 1, len(ordered) - 1)
            return ordered[below] + (position - below) * (ordered[above] - ordered[below])

        return at(0.05), at(0.95)

    intervals = {d: percentiles(v) for d, v in domain_values.items()}
    intervals.update({f"item:{i}": percentiles(v) for i, v in item_values.items()})
    return intervals, percentiles(framework_values)


@pytest.mark.parametrize("aggregate", ["roles", "respondents"])
def test_the_readme_alone_reproduces_every_interval(aggregate: str) -> None:
    result = api.score(PRIVACY, frameworks_dirs=[FRAMEWORKS], aggregate=aggregate)
    fw = result.frameworks[0]
    domains, overall = _reference(fw.framework, result.assessment.respondents, fw)
    for domain in fw.domains:
        expected = domains.get(domain.domain.id)
        if expected is None:
            assert domain.interval is None
        else:
            assert domain.interval == pytest.approx(expected, abs=1e-9)
    for item in fw.items:
        if item.interval is not None:
            assert item.interval == pytest.approx(domains[f"item:{item.item.id}"], abs=1e-9)
    assert fw.interval == pytest.approx(overall, abs=1e-9)
    assert fw.interval is not None and fw.interval[0] <= fw.score <= fw.interval[1]  # type: ignore[operator]


def test_the_readme_reproduces_the_riverside_intervals() -> None:
    result = api.score(RIVERSIDE)
    assert result.assessment.review is not None  # the example's review verifies some facts
    for fw in result.frameworks:
        verified = _verified(fw.framework, result.assessment)
        domains, overall = _reference(fw.framework, result.assessment.respondents, fw, verified)
        for domain in fw.domains:
            expected = domains.get(domain.domain.id)
            if expected is None:
                assert domain.interval is None, domain.domain.id
            else:
                assert domain.interval == pytest.approx(expected, abs=1e-9), domain.domain.id
        if overall is None:
            assert fw.interval is None
        else:
            assert fw.interval == pytest.approx(overall, abs=1e-9)


def test_draws_are_read_from_shake_256() -> None:
    output = hashlib.shake_256(b"seed").digest(40)
    expected = [int.from_bytes(output[i : i + 4], "big") for i in range(0, 40, 4)]
    assert list(draw_stream(b"seed", 10)) == expected


def _person(role: str, ident: str) -> Respondent:
    return Respondent(ident, role, {}, {}, Path(ident))


@pytest.mark.parametrize(
    ("roles", "groups"),
    [
        # Three GPs and two link workers: their own groups.
        (["gp", "gp", "gp", "link_worker", "link_worker"], [[0, 1, 2], [3, 4]]),
        # Two single-respondent roles are pooled after the others.
        (["gp", "gp", "reception", "client"], [[0, 1], [2, 3]]),
        # One single respondent joins the smallest group.
        (["gp", "gp", "gp", "link_worker", "link_worker", "client"], [[0, 1, 2], [3, 4, 5]]),
        # ... in the respondents' order (a practice manager comes before link workers).
        (
            ["gp", "gp", "gp", "practice_manager", "link_worker", "link_worker"],
            [[0, 1, 2], [3, 4, 5]],
        ),
        # ... the first smallest on a tie.
        (["gp", "gp", "reception", "link_worker", "link_worker"], [[0, 1, 2], [3, 4]]),
        # Only single respondents: one group.
        (["gp", "client"], [[0, 1]]),
        (["gp"], [[0]]),
    ],
)
def test_resampling_groups(roles: list[str], groups: list[list[int]]) -> None:
    people = [_person(role, f"p{n}") for n, role in enumerate(roles)]
    assert resampling_groups(people) == groups


def test_one_respondent_gives_no_interval(tmp_path: Path) -> None:
    result = api.score(one_respondent(tmp_path))
    fw = result.frameworks[0]
    assert fw.domains[0].score is not None and fw.domains[0].interval is None
    assert fw.interval is None and all(d.interval is None for d in fw.domains)
    assert fw.confidence == "low"


def test_the_same_input_gives_the_same_json_in_every_process(tmp_path: Path) -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-m", "readiness", "score", str(RIVERSIDE), "--format", "json"],
            capture_output=True,
            check=True,
            env=env,
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    # Some intervals are published (delivery conditions': no role too small answered them).
    assert any(f["interval"] for f in json.loads(outputs[0])["frameworks"])


def test_listing_order_does_not_change_an_interval(tmp_path: Path) -> None:
    # The same respondents written into one file in reverse order.
    folder = tmp_path / "copy"
    shutil.copytree(PRIVACY, folder)
    files = sorted((folder / "respondents").iterdir())
    single = tmp_path / "single.yaml"
    body = ["site:", *[f"  {line}" for line in (folder / "site.yaml").read_text().splitlines()[3:]]]
    body.append("respondents:")
    for path in reversed(files):
        lines = path.read_text().splitlines()
        body.append(f"  - id: {path.stem}")
        body.extend(f"    {line}" for line in lines)
    single.write_text("\n".join(body) + "\n")
    first = api.score(PRIVACY, frameworks_dirs=[FRAMEWORKS]).frameworks[0]
    second = api.score(single, frameworks_dirs=[FRAMEWORKS]).frameworks[0]
    assert first.interval == second.interval
    assert [d.interval for d in first.domains] == [d.interval for d in second.domains]


def test_the_readme_reproduces_intervals_with_contested_and_known_by_facts(
    tmp_path: Path,
) -> None:
    """Facts in the resamples follow rule 3 (the lowest of the drawn deciding answers)."""
    site = tmp_path / "facts.yaml"
    people = []
    answers = [("yes", "no", 180, "a"), ("yes", "yes", 260, "d"), ("no", "partly", 300, "sa")]
    for n, (safe, desc, load, view) in enumerate(answers, 1):
        people.append(
            f"  - {{id: l{n}, role: link_worker, answers: {{facts: "
            f'{{SAFE: "{safe}", DESC: "{desc}", LOAD: {load}, VIEW: {view}}}}}}}'
        )
    people.append('  - {id: m1, role: lw_manager, answers: {facts: {SAFE: "yes", VIEW: n}}}')
    people.append('  - {id: g1, role: gp, answers: {facts: {DESC: "yes", VIEW: a}}}')
    people.append('  - {id: g2, role: gp, answers: {facts: {DESC: "no", VIEW: sa}}}')
    site.write_text(
        "site: {name: F, kind: practice, assessed_on: 2026-06-01}\nrespondents:\n"
        + "\n".join(people)
        + "\n",
        encoding="utf-8",
    )
    result = api.score(site, frameworks_dirs=[DATA / "frameworks" / "facts"])
    fw = result.frameworks[0]
    domains, overall = _reference(fw.framework, result.assessment.respondents, fw)
    for item in fw.items:
        if item.interval is not None:
            assert item.interval == pytest.approx(domains[f"item:{item.item.id}"], abs=1e-9)
    assert fw.interval == pytest.approx(overall, abs=1e-9)
    assert {i.item.id: i.fact_status for i in fw.items if i.item.fact} == {
        "SAFE": "contested",
        "DESC": "contested",
        "LOAD": "contested",
    }


ONE_ITEM = """\
id: one
title: One question
version: "1.0.0"
description: A framework of one question, to see what its scores show.
attribution: Test.
citations: [{id: c1, authors: "A.", year: 2020, title: "T", url: "https://example.org"}]
scales: [{id: r, label: R, type: range, min: 0, max: 100}]
bands:
  - {id: low, label: Low, min: 0, colour: red, meaning: m}
  - {id: high, label: High, min: 60, colour: green, meaning: m}
domains:
  - id: d
    title: D
    description: d
    items:
      - {id: Q1, text: Q one, scale: r, source: {construct: x, cite: c1}}
"""


@pytest.mark.parametrize("aggregate", ["roles", "respondents"])
def test_no_published_interval_reveals_a_small_groups_answer(
    tmp_path: Path, run_cli: RunCli, aggregate: str
) -> None:
    """Three GPs said 50 and a lone practice manager 0 (role-balanced: 25). Resamples without
    the manager give the GPs' 50, so a domain or framework interval of 25-50 would tell the
    manager's answer (2 x 25 - 50). The item's interval is withheld (rule 4), and so are the
    domain's and framework's built on it, in every output; each is still worked out."""
    frameworks = tmp_path / "fw"
    frameworks.mkdir()
    (frameworks / "one-1.0.0.yaml").write_text(ONE_ITEM)
    path = tmp_path / "leak.yaml"
    gps = "".join(f"  - {{id: g{n}, role: gp, answers: {{one: {{Q1: 50}}}}}}\n" for n in range(3))
    path.write_text(
        "site: {name: Leak, kind: practice, assessed_on: 2026-10-01}\nrespondents:\n"
        + gps
        + "  - {id: p1, role: practice_manager, answers: {one: {Q1: 0}}}\n"
    )
    options = ("--frameworks-dir", frameworks, "--aggregate", aggregate)
    fw = api.score(path, frameworks_dirs=[frameworks], aggregate=aggregate).frameworks[0]
    ((domain, item),) = [(d, i) for d in fw.domains for i in d.items]
    assert (item.interval_withheld, domain.interval_withheld, fw.interval_withheld) == (
        True,
        True,
        True,
    )
    # Worked out (it decides confidence and changes), never published.
    assert fw.interval is not None and domain.interval is not None and item.interval is not None
    assert fw.shown_interval is None and domain.shown_interval is None
    data = json.loads(run_cli("score", path, *options, "--format", "json").out)["frameworks"][0]
    assert (data["interval"], data["interval_bands"], data["interval_withheld"]) == (None, [], True)
    assert data["domains"][0]["interval"] is None and data["domains"][0]["interval_withheld"]
    rows = run_cli("score", path, *options, "--format", "csv", "--items").out
    for row in csv.DictReader(io.StringIO(rows.lstrip("\ufeff"))):
        assert (row["interval_low"], row["interval_high"]) == ("", "")
    table = run_cli("score", path, *options).out
    assert "90% interval" not in table.split("Overall:")[1].split("\n")[0]
    assert "(25–50)" not in table and "25–50" not in table
    # Three more GPs who disagree: no role too small remains, and every interval is shown.
    path.write_text(path.read_text().replace("role: practice_manager", "role: gp"))
    fw = api.score(path, frameworks_dirs=[frameworks], aggregate=aggregate).frameworks[0]
    assert not fw.interval_withheld and fw.shown_interval == fw.interval is not None


TWO_DOMAINS = small_framework(
    "twod",
    """\
  - id: views
    title: Views
    description: Opinions.
    items:
      - {id: O1, text: One., scale: agree5, roles: [gp, practice_manager], actions: [act]}
  - id: facts
    title: Facts
    description: A fact only the link-worker manager knows.
    items:
      - {id: F1, text: Is there a room?, scale: yn, roles: [lw_manager], fact: true,
         actions: [act]}
""",
)


def test_a_fact_whose_people_are_not_drawn_keeps_its_answer(tmp_path: Path) -> None:
    """helper-67: a fact given by one person is left out of every resample that does not draw
    them, and the framework was then scored on the other domains alone, so its interval
    reached scores the published domains cannot give. Here three GPs and the practice
    manager agree (75) and the link-worker manager says yes (100): the framework is
    (75 + 100) / 2 = 87.5 whoever is drawn. The two lone people are resampled as one group
    of two, so a quarter of the resamples draw the practice manager twice; before, those
    scored the framework 75 (the views alone, half the weight, enough coverage) and the
    interval ran 75-87.5, reaching a band the site's answers cannot."""
    (tmp_path / "fw").mkdir()
    (tmp_path / "fw" / "twod-1.yaml").write_text(TWO_DOMAINS)
    people = [f"  - {{id: g{n}, role: gp, answers: {{twod: {{O1: a}}}}}}" for n in range(3)]
    people.append("  - {id: p1, role: practice_manager, answers: {twod: {O1: a}}}")
    people.append('  - {id: m1, role: lw_manager, answers: {twod: {F1: "y"}}}')
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {name: P, kind: practice, assessed_on: 2026-11-02, frameworks: [twod]}\n"
        "respondents:\n" + "\n".join(people) + "\n"
    )
    result = api.score(site, frameworks_dirs=[tmp_path / "fw"])
    fw = result.frameworks[0]
    assert fw.score == 87.5
    assert fw.interval == (87.5, 87.5)
    assert [d.interval for d in fw.domains] == [(75.0, 75.0), (100.0, 100.0)]
    domains, overall = _reference(fw.framework, result.assessment.respondents, fw)
    assert (domains["views"], domains["facts"], overall) == (
        (75.0, 75.0),
        (100.0, 100.0),
        fw.interval,
    )

"""`readiness status`: where a round stands, by the rules the scores will follow."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from readiness.api import load, round_status, score
from readiness.assessment.round import round_status as status_of
from readiness.scoring.model import Disclosure

from ..helpers import OAKFIELD, RIVERSIDE, RunCli

SITE = """\
site: {name: Round Test Practice, kind: practice, assessed_on: 2026-10-01,
       frameworks: [npt], invited: {gp: 4, link_worker: 2, practice_manager: 1}}
respondents:
  - id: g1
    role: gp
    answers: {npt: {CO1: agree, CO2: na_stage}}
  - id: g2
    role: gp
    answers: {npt: {CO1: disagree, CO2: agree}}
  - id: l1
    role: link_worker
    answers: {npt: {CO1: agree, CO2: agree}}
"""


def test_withheld_items_are_those_the_scores_withhold() -> None:
    """The status reads answers, not scores; it must name exactly the opinions that scoring
    the same assessment now withholds."""
    status = round_status(RIVERSIDE)
    result = score(RIVERSIDE)
    for fw_status, fw_result in zip(status.frameworks, result.frameworks, strict=True):
        withheld = {w.item.id for w in fw_status.withheld}
        suppressed = {
            i.item.id
            for i in fw_result.items
            if i.disclosure == Disclosure.SUPPRESSED and not i.item.fact
        }
        assert withheld == suppressed, fw_status.framework.id
        unscored = {i.id for i in fw_status.unscored}
        assert unscored == {i.item.id for i in fw_result.items if i.counts.answered == 0}
    assert sum(len(f.withheld) for f in status.frameworks) > 0


def test_a_small_round_by_hand(tmp_path: Path) -> None:
    site = tmp_path / "round.yaml"
    site.write_text(SITE, encoding="utf-8")
    status = round_status(site)
    assert [(r.role, r.invited, r.answered) for r in status.roles] == [
        ("gp", 4, 2),
        ("practice_manager", 1, 0),
        ("link_worker", 2, 1),
    ]
    assert (status.returned_of_invited, status.invited) == (3, 7)
    (npt,) = status.frameworks
    assert npt.min_group == 3 and npt.respondents == 3
    assert npt.short_roles == (("gp", 2), ("link_worker", 1))
    withheld = {w.item.id: (w.answers, w.needed) for w in npt.withheld}
    # CO1: three scored answers, shown. CO2: g1 said "not applicable", so two: one more needed.
    assert "CO1" not in withheld
    assert withheld["CO2"] == (2, 1)
    # Every other NPT statement has no scored answer yet.
    assert {i.id for i in npt.unscored} == {
        i for i in npt.framework.items if i not in ("CO1", "CO2")
    }
    assert "practice_manager" in npt.silent_roles and "other" not in npt.silent_roles


def test_a_named_self_assessment_withholds_nothing() -> None:
    status = status_of(load(OAKFIELD))
    assert status.not_anonymous
    assert all(not f.withheld and not f.short_roles for f in status.frameworks)


def test_the_last_answers_are_the_newest_file(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "respondents").mkdir()
    (folder / "site.yaml").write_text(
        "site: {name: Folder Site, kind: practice, assessed_on: 2026-10-01}\n", encoding="utf-8"
    )
    for n, (name, stamp) in enumerate((("a.yaml", 1_790_000_000), ("b.yaml", 1_800_000_000))):
        path = folder / "respondents" / name
        path.write_text(f"id: r{n}\nrole: gp\nanswers: {{npt: {{CO1: agree}}}}\n", encoding="utf-8")
        os.utime(path, (stamp, stamp))
    result = run_cli("status", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.out)
    assert data["format"] == "readiness-round/1"
    assert data["last_answers"] == "2027-01-15T08:00:00+00:00"
    assert data["last_file"].endswith("b.yaml")
    assert data["roles"] == [{"role": "gp", "label": "GP", "invited": None, "answered": 2}]
    text = run_cli("status", folder).out
    assert f"newest respondent file {folder / 'respondents' / 'b.yaml'}, written " in text


def test_a_file_name_reaches_the_terminal_without_its_control_codes(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A respondent file named by hand with ESC sequences (a window-title change) had them
    printed raw as the newest file; they are shown as symbols, as reports show them."""
    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "site: {name: Folder Site, kind: practice, assessed_on: 2026-10-01}\n", encoding="utf-8"
    )
    named = folder / "respondents" / "g4\x1b]0;pwned\x07\x1b[31m.yaml"
    named.write_text("id: g4\nrole: gp\nanswers: {npt: {CO1: agree}}\n", encoding="utf-8")
    result = run_cli("status", folder)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "g4\u241b]0;pwned\u2407\u241b[31m.yaml" in result.out


def test_the_text_names_items_in_words_and_what_would_publish_them(
    tmp_path: Path, run_cli: RunCli
) -> None:
    site = tmp_path / "round.yaml"
    site.write_text(SITE, encoding="utf-8")
    result = run_cli("status", site)
    assert result.exit_code == 0, result.output
    assert "Round Test Practice: the round so far" in result.out
    assert "Overall: 3 of 7 (43%)" in result.out
    assert re.search(r"\n  Practice manager +0 of 1\n", result.out)
    assert "CO2: 2 answers; 1 more from" in result.out
    silent = next(line for line in result.out.splitlines() if "Nobody has answered as:" in line)
    assert "Practice manager" in silent and "GP" not in silent


def test_a_missing_assessment_is_a_clear_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("status", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "nowhere" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("respondents_folder", [True, False])
def test_the_round_can_be_followed_before_anyone_answers(
    respondents_folder: bool, tmp_path: Path, run_cli: RunCli
) -> None:
    """Right after the questionnaires go out, status shows nobody has answered yet, of those
    invited (it said there was nothing to score); score still refuses. The respondents/
    folder the first import makes need not be there yet."""
    site = tmp_path / "site"
    site.mkdir()
    if respondents_folder:
        (site / "respondents").mkdir()
    (site / "site.yaml").write_text(
        "site: {name: New Practice, kind: practice, assessed_on: 2026-11-02, "
        "invited: {gp: 5, link_worker: 2}}\n"
    )
    result = run_cli("status", site, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.out)
    assert data["respondents"] == 0 and data["last_answers"] is None
    assert [(r["role"], r["invited"], r["answered"]) for r in data["roles"]] == [
        ("gp", 5, 0),
        ("link_worker", 2, 0),
    ]
    text = run_cli("status", site)
    assert text.exit_code == 0 and "Overall: 0 of 7 (0%)" in text.out
    refused = run_cli("score", site)
    said = "no respondents: there is nothing to score" if respondents_folder else "folder not found"
    assert refused.exit_code == 1 and said in refused.err


CHASED = """\
site: {{name: Chased Practice, kind: practice, assessed_on: 2026-10-01,
       frameworks: [npt], invited: {invited}}}
respondents:
  - id: g1
    role: gp
    answers: {{npt: {{CO1: agree, CO2: na_stage}}}}
  - id: g2
    role: gp
    answers: {{npt: {{CO1: disagree, CO2: agree}}}}
  - id: l1
    role: link_worker
    answers: {{npt: {{CO1: agree, CO2: agree}}}}
  - id: v1
    role: vcse
    comments: {{npt: {{CO1: We were never told about the service.}}}}
"""


@pytest.mark.parametrize(
    ("invited", "still", "reachable"),
    [
        # One link worker still to return: CO2's third answer may come from them alone.
        ("{gp: 2, link_worker: 2, vcse: 1}", "CO2: 2 answers; 1 more from Link worker", True),
        # Everyone invited has returned: nobody is left to publish it, so nobody is chased.
        (
            "{gp: 2, link_worker: 1, vcse: 1}",
            "CO2: 2 answers; 1 more needed, but everyone invited whom it asks has returned",
            False,
        ),
    ],
)
def test_the_status_chases_only_people_still_to_return(
    tmp_path: Path, run_cli: RunCli, invited: str, still: str, reachable: bool
) -> None:
    """FN3 read "2 more from PCN clinical director or PCN manager or Commissioner" with the
    one PCN lead invited already returned and no commissioner invited. With invited counts,
    the roles named are those with people still to return (a role the counts leave out and
    nobody answered as was not invited: here every role CO2 asks but GP, link worker and
    VCSE), and an opinion they cannot publish says so. A VCSE partner who only commented
    counts in their role's group, as the report counts it before naming a comment's role
    (it was missing from the short roles)."""
    site = tmp_path / "round.yaml"
    site.write_text(CHASED.format(invited=invited), encoding="utf-8")
    result = run_cli("status", site)
    assert result.exit_code == 0, result.output
    assert still in result.out
    short = next(line for line in result.out.splitlines() if "Fewer than 3" in line)
    assert short.endswith("GP 2, Link worker 1, VCSE partner organisation 1")
    data = json.loads(run_cli("status", site, "--format", "json").out)
    [co2] = [w for w in data["frameworks"][0]["withheld"] if w["item"] == "CO2"]
    assert co2["reachable"] is reachable
    assert co2["from_roles"] == (["link_worker"] if reachable else [])
    assert {"role": "vcse", "people": 1} in data["frameworks"][0]["short_roles"]

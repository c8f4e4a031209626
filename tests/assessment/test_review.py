"""A reviewer's file (rule 17), worked out by hand on the `facts` test framework
(tests/data/frameworks/facts): SAFE (a same-day safeguarding route, critical, decided by link
workers), DESC (a written description, decided by everyone asked), LOAD (a caseload: 200 or
fewer scores 100, falling to 0 at 400) and VIEW (an opinion). yes/partly/no score 100/50/0;
the bands are Low (0), Middle (40) and High (60); a failed gate caps the band at Low."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from readiness import api
from readiness.errors import InputError
from readiness.scoring.model import AssessmentResult, Assurance, FactStatus, ItemResult

from ..helpers import DATA, RIVERSIDE, RunCli

FRAMEWORKS = DATA / "frameworks" / "facts"

# Three link workers say there is no safeguarding route and no written description; their
# manager and a GP say there are. SAFE (link workers decide): agreed "no", 0. DESC (everyone
# decides): contested, counted at "no", 0. VIEW by role: link workers 75, manager 100, GP 75
# -> 83.33. Domain and framework as reported: (0 + 0 + 83.33) / 3 = 27.78, Low (SAFE's gate
# fails too).
PEOPLE = """\
- {id: l1, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: l2, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: l3, role: link_worker, answers: {facts: {SAFE: "no", DESC: "no", VIEW: a}}}
- {id: m1, role: lw_manager, answers: {facts: {SAFE: "yes", DESC: "yes", VIEW: sa}}}
- {id: g1, role: gp, answers: {facts: {DESC: "yes", VIEW: a}}}
"""

HEADER = """\
site: {name: Facts Practice, kind: practice}
reviewer: {name: Sam Patel, organisation: Northgate}
visits: [2026-06-10]
"""


def write_site(folder: Path, review: str | None) -> Path:
    """A folder assessment of PEOPLE assessed on 2026-06-01, with `review` as review.yaml."""
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "site: {name: Facts Practice, kind: practice, assessed_on: 2026-06-01}\n"
    )
    for line in PEOPLE.splitlines():
        ident = line.split("id: ")[1].split(",")[0]
        (folder / "respondents" / f"{ident}.yaml").write_text(line[2:].strip() + "\n")
    if review is not None:
        (folder / "review.yaml").write_text(HEADER + textwrap.dedent(review))
    return folder


def scored(tmp_path: Path, review: str | None) -> AssessmentResult:
    return api.score(write_site(tmp_path / "site", review), frameworks_dirs=[FRAMEWORKS])


def item(result: AssessmentResult, item_id: str) -> ItemResult:
    return next(i for i in result.frameworks[0].items if i.item.id == item_id)


VERIFIED = """\
items:
  facts:
    SAFE:
      verified: "yes"
      evidence:
        - {title: Safeguarding route, reference: Handbook s.4, seen: 2026-06-10}
    DESC: {verified: "yes"}
    VIEW: {finding: partly_supports, note: Two of four practices briefed.}
"""


def test_a_verified_fact_replaces_the_answers_for_scoring_and_both_scores_are_kept(
    tmp_path: Path,
) -> None:
    result = scored(tmp_path, VERIFIED)
    safe, desc, view = item(result, "SAFE"), item(result, "DESC"), item(result, "VIEW")
    # SAFE: link workers all said no (0); the reviewer saw a route: yes (100). No deciding
    # respondent said yes, so it is contradicted; the manager's yes does not decide it.
    assert (safe.score, safe.reported_score, safe.assurance) == (
        100.0,
        0.0,
        Assurance.CONTRADICTED,
    )
    assert safe.fact_status == FactStatus.AGREED and not safe.gate_failed
    # DESC: contested (no x3, yes x2) and verified yes, which the manager and GP gave: settled.
    assert (desc.score, desc.reported_score, desc.assurance) == (100.0, 0.0, Assurance.VERIFIED)
    assert desc.settled and not desc.contested
    # VIEW: an opinion keeps its score; the finding rides along.
    assert view.score == pytest.approx(250 / 3) and view.assurance is None
    assert view.check is not None and view.check.finding == "partly_supports"
    framework = result.frameworks[0]
    # As verified: (100 + 100 + 83.33) / 3 = 94.44, High. As reported: 27.78, Low.
    assert framework.score == pytest.approx((100 + 100 + 250 / 3) / 3)
    assert framework.band is not None and framework.band.id == "high"
    assert framework.assurance is not None
    assert framework.assurance.reported_score == pytest.approx(250 / 9)
    reported_band = framework.assurance.reported_band
    assert reported_band is not None and reported_band.id == "low"
    counts = framework.assurance.verification
    assert (counts.facts, counts.verified, counts.contradicted, counts.contested) == (3, 2, 1, 0)
    assert (counts.critical, counts.critical_verified, counts.expired) == (1, 1, 0)
    # A verified fact is the same in every resample: its interval has no width.
    assert safe.interval == (100.0, 100.0)


def test_without_a_review_every_fact_is_as_reported(tmp_path: Path) -> None:
    result = scored(tmp_path, None)
    assert result.assurance is None and result.frameworks[0].assurance is None
    assert item(result, "SAFE").assurance == Assurance.SELF_REPORTED
    assert item(result, "DESC").assurance == Assurance.CONTESTED
    assert item(result, "LOAD").assurance is None  # nobody answered it
    assert result.frameworks[0].score == pytest.approx(250 / 9)


def test_evidence_that_expired_before_the_assessment_does_not_verify(tmp_path: Path) -> None:
    result = scored(
        tmp_path,
        """\
        items:
          facts:
            SAFE:
              verified: "yes"
              evidence:
                - {title: Old policy, seen: 2026-01-10, expires: 2026-05-31}
                - {title: Older policy, seen: 2025-01-10, expires: 2025-12-31}
        """,
    )
    safe = item(result, "SAFE")
    # Both pieces expired before 2026-06-01: the respondents' agreed "no" stands.
    assert (safe.score, safe.assurance, safe.gate_failed) == (0.0, Assurance.SELF_REPORTED, True)
    assert result.assurance is not None
    assert result.assurance.verification.expired == 1
    assert result.assurance.verification.verified == 0


def test_one_current_piece_of_evidence_is_enough(tmp_path: Path) -> None:
    result = scored(
        tmp_path,
        """\
        items:
          facts:
            SAFE:
              verified: "yes"
              evidence:
                - {title: Old policy, seen: 2026-01-10, expires: 2026-05-31}
                - {title: New policy, seen: 2026-05-20, expires: 2026-06-01}
        """,
    )
    # Expiring on the assessment date itself is not expired before it.
    assert item(result, "SAFE").score == 100.0


def test_a_fact_nobody_answered_can_be_verified(tmp_path: Path) -> None:
    result = scored(tmp_path, "items:\n  facts:\n    LOAD: {verified: 300}\n")
    load = item(result, "LOAD")
    # 300 clients lies halfway between 200 (100) and 400 (0): 50.
    assert (load.score, load.reported_score, load.assurance) == (50.0, None, Assurance.VERIFIED)
    assert load.disclosure == "fact"
    framework = result.frameworks[0]
    # As verified: (0 + 0 + 50 + 83.33) / 4 = 33.33; as reported LOAD is unscored: 27.78.
    assert framework.score == pytest.approx((50 + 250 / 3) / 4)
    assert framework.assurance is not None
    assert framework.assurance.reported_score == pytest.approx(250 / 9)


def test_the_json_and_csv_carry_the_review(tmp_path: Path) -> None:
    result = scored(tmp_path, VERIFIED)
    data = json.loads(api.format_scores(result, "json"))
    assert data["format"] == "readiness-score/11"
    assurance = data["assurance"]
    assert assurance["reviewed"] is True
    assert assurance["statement"] == (
        "Reviewed by Sam Patel (Northgate) on 2026-06-10: 2 of 3 facts verified, 1 of them "
        "contradicted"
    )
    assert (assurance["facts"], assurance["verified"], assurance["contradicted"]) == (3, 2, 1)
    (framework,) = data["frameworks"]
    assert framework["as_reported"]["band"] == "low"
    assert framework["as_verified"] == {"score": framework["score"], "band": "high"}
    items = {i["id"]: i for i in framework["items"]}
    assert items["SAFE"]["assurance"] == "contradicted"
    assert items["SAFE"]["reported_score"] == 0.0 and items["SAFE"]["verified"] == "yes"
    assert items["SAFE"]["evidence"] == [
        {
            "title": "Safeguarding route",
            "reference": "Handbook s.4",
            "seen": "2026-06-10",
            "expires": None,
            "file": None,
            "sha256": None,
        }
    ]
    assert items["VIEW"]["finding"] == "partly_supports" and items["VIEW"]["verified"] is None
    rows = api.format_scores(result, "csv", with_items=True).splitlines()
    header = rows[0].split(",")
    framework_row = dict(zip(header, rows[1].split(","), strict=True))
    assert (framework_row["assurance"], framework_row["reported_score"]) == ("reviewed", "27.8")
    safe_row = next(r for r in rows if ",SAFE," in r)
    assert "contradicted" in safe_row and "Safeguarding route (Handbook s.4), seen 2026-06-10" in (
        safe_row
    )
    # The reviewer's note, as in the JSON, in the last column of its item's row only.
    table = list(csv.DictReader(io.StringIO(api.format_scores(result, "csv", with_items=True))))
    assert header[-2:] == ["review_note", "verification_counts"]
    assert items["VIEW"]["review_note"] == "Two of four practices briefed."
    notes = {(r["level"], r["item"]): r["review_note"] for r in table if r["review_note"]}
    assert notes == {("item", "VIEW"): "Two of four practices briefed."}
    # Whether a verified answer counts, as the JSON says, on its item's row only (helper-66 8:
    # the docs said the CSV held what the JSON does of a review, and it lacked this).
    counted = {r["item"]: r["verification_counts"] for r in table if r["verification_counts"]}
    assert counted == {
        item_id: "yes" if item["verification_counts"] else "no"
        for item_id, item in items.items()
        if item["verification_counts"] is not None
    }
    assert counted


def test_a_self_assessment_says_so(tmp_path: Path) -> None:
    data = json.loads(api.format_scores(scored(tmp_path, None), "json"))
    assert data["assurance"]["reviewed"] is False
    assert data["assurance"]["statement"] == "Self-assessment, not independently verified"
    assert data["frameworks"][0]["as_verified"] is None


def test_a_one_file_assessment_takes_a_review_section(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(
        "site: {name: Facts Practice, kind: practice, assessed_on: 2026-06-01}\n"
        "respondents:\n"
        + textwrap.indent(PEOPLE, "  ")
        + "review:\n"
        + textwrap.indent(
            "reviewer: {name: Sam Patel}\nvisits: [2026-06-10]\n"
            'items: {facts: {SAFE: {verified: "yes"}}}\n',
            "  ",
        )
    )
    result = api.score(path, frameworks_dirs=[FRAMEWORKS])
    assert item(result, "SAFE").score == 100.0


def test_the_evidence_file_hash_is_checked_when_the_file_is_there(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", None)
    (folder / "policy.txt").write_text("route\n")
    digest = hashlib.sha256(b"route\n").hexdigest()
    review = (
        HEADER
        + "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n      evidence:\n"
        + f"        - {{title: P, seen: 2026-06-10, file: policy.txt, sha256: {digest}}}\n"
    )
    (folder / "review.yaml").write_text(review)
    assert item(api.score(folder, frameworks_dirs=[FRAMEWORKS]), "SAFE").score == 100.0
    (folder / "policy.txt").write_text("changed\n")
    with pytest.raises(InputError, match=r"review.yaml:9: .*sha256: does not match policy.txt"):
        api.score(folder, frameworks_dirs=[FRAMEWORKS])
    (folder / "policy.txt").unlink()  # not here: not checked, and said so
    result = api.score(folder, frameworks_dirs=[FRAMEWORKS])
    assert any("was not checked" in str(w) for w in result.assessment.warnings)


def test_an_evidence_file_outside_the_folder_is_a_warning(tmp_path: Path) -> None:
    """The evidence should travel with the review: a path out of the assessment's folder (up
    and out, or absolute) is checked as before and reported, at its line."""
    folder = write_site(tmp_path / "site", None)
    (tmp_path / "policy.txt").write_text("route\n")
    digest = hashlib.sha256(b"route\n").hexdigest()
    for path in ("../policy.txt", str(tmp_path / "policy.txt")):
        (folder / "review.yaml").write_text(
            HEADER
            + "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n      evidence:\n"
            + f"        - {{title: P, seen: 2026-06-10, file: '{path}', sha256: {digest}}}\n"
        )
        result = api.score(folder, frameworks_dirs=[FRAMEWORKS])
        assert item(result, "SAFE").score == 100.0
        outside = [str(w) for w in result.assessment.warnings if "outside" in str(w)]
        assert len(outside) == 1 and "review.yaml:9: " in outside[0], outside
        assert "copy it into the folder" in outside[0]
    (folder / "evidence").mkdir()
    (folder / "evidence" / "policy.txt").write_text("route\n")
    (folder / "review.yaml").write_text(
        HEADER
        + "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n      evidence:\n"
        + f"        - {{title: P, seen: 2026-06-10, file: evidence/policy.txt, sha256: {digest}}}\n"
    )
    result = api.score(folder, frameworks_dirs=[FRAMEWORKS])
    assert not [w for w in result.assessment.warnings if "outside" in str(w)]


BAD_REVIEWS = [
    pytest.param(
        "items: {facts: {SAFEE: {verified: 'yes'}}}\n",
        4,
        "items.facts.SAFEE: facts has no item 'SAFEE' (did you mean 'SAFE'?)",
        id="unknown-item",
    ),
    pytest.param(
        "items: {other: {SAFE: {verified: 'yes'}}}\n",
        4,
        "there is no framework 'other'",
        id="unknown-framework",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {verified: maybe}\n",
        6,
        # Only the answers a reviewer can verify are offered, never "dk" (don't know).
        "items.facts.SAFE.verified: 'maybe' is not an answer on the ypn scale; use yes, partly, "
        "no\n",
        id="off-the-scale",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {verified: dk}\n",
        6,
        "is not an answer a reviewer can verify",
        id="dont-know-is-not-verified",
    ),
    pytest.param(
        "items:\n  facts:\n    VIEW: {verified: a}\n",
        6,
        "VIEW asks for an opinion, and opinions are not verified",
        id="verified-opinion",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n      finding: not_seen\n",
        8,
        "items.facts.SAFE.finding: 'not_seen' says no evidence was seen, yet the item has a "
        "verified answer",
        id="verified-yet-not-seen",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {verified: 'yes', finding: does_not_support}\n",
        6,
        "'does_not_support' says the evidence does not support it, yet the item has a verified",
        id="verified-yet-unsupported",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n"
        "      evidence: [{title: P, seen: 2026-06-11}]\n",
        8,
        "seen on 2026-06-11, after the last visit (2026-06-10)",
        id="seen-after-the-visit",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n"
        "      evidence: [{title: P, seen: 2026-06-10, expires: 2026-06-09}]\n",
        8,
        "expires on 2026-06-09, before it was seen (2026-06-10)",
        id="expires-before-seen",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {verified: 'yes'}\n    SAFE: {verified: 'no'}\n",
        7,
        "duplicate key 'SAFE'",
        id="duplicate-item",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE:\n      verified: 'yes'\n"
        "      evidence: [{title: P, seen: 2026-06-10, sha256: abc}]\n",
        8,
        "is not a SHA-256",
        id="bad-sha256",
    ),
    pytest.param(
        "attestation: {name: Dr A, role: Lead GP, date: 2025-06-10, statement: I confirm.}\n",
        4,
        "attestation.date: signed on 2025-06-10, before the visit (2026-06-10)",
        id="signed-before-the-visit",
    ),
    pytest.param(
        "versions: {facts: '0'}\n",
        4,
        "the review was made against facts 0, but the assessment is scored against 1",
        id="other-version",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {verified: 'yes', colour: red}\n",
        6,
        "unknown key",
        id="unknown-key",
    ),
    pytest.param(
        "items:\n  facts:\n    SAFE: {finding: looks_fine}\n",
        6,
        "unknown finding 'looks_fine'",
        id="unknown-finding",
    ),
]


@pytest.mark.parametrize(("tail", "line", "message"), BAD_REVIEWS)
def test_a_bad_review_is_refused_with_its_line_and_nothing_is_written(
    tmp_path: Path, run_cli: RunCli, tail: str, line: int, message: str
) -> None:
    folder = write_site(tmp_path / "site", tail)
    out = tmp_path / "scores.json"
    result = run_cli(
        "score",
        str(folder),
        "--frameworks-dir",
        str(FRAMEWORKS),
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert result.exit_code == 1, result.output
    assert f"review.yaml:{line}:" in result.err and message in result.err, result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_a_review_of_another_site_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    folder = write_site(tmp_path / "site", "")
    review = folder / "review.yaml"
    review.write_text(review.read_text().replace("kind: practice", "kind: pcn"))
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1
    assert (
        "review.yaml:1: site.kind: this review is of Facts Practice (pcn), not of Facts "
        "Practice (practice)" in result.err
    )
    review.write_text(
        review.read_text().replace(
            "{name: Facts Practice, kind: pcn}", "{name: Elm, kind: practice}"
        )
    )
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 0
    assert "this review names 'Elm', but the site is 'Facts Practice'" in result.err


def test_progress_names_facts_newly_contradicted_settled_or_verified(tmp_path: Path) -> None:
    baseline = write_site(tmp_path / "before", None)
    site = baseline / "site.yaml"
    site.write_text(site.read_text().replace("2026-06-01", "2025-06-01"))
    current = write_site(tmp_path / "after", VERIFIED + "    LOAD: {verified: 250}\n")
    progress = api.progress(current, baseline, frameworks_dirs=[FRAMEWORKS])
    (framework,) = progress.frameworks
    # SAFE: "no" then, verified "yes" now that no link worker gave: newly contradicted.
    # DESC: contested then, settled now. LOAD: unanswered then, verified now.
    assert [(c.item_id, c.change.value) for c in framework.fact_checks] == [
        ("SAFE", "newly_contradicted"),
        ("DESC", "settled"),
        ("LOAD", "newly_verified"),
    ]


def test_progress_names_a_fact_verified_then_but_not_now(tmp_path: Path) -> None:
    """A caseload verified at the baseline and only reported now lost its assurance without
    a word (helper-41): it is named as no longer verified."""
    baseline = write_site(tmp_path / "before", "items: {facts: {LOAD: {verified: 250}}}\n")
    site = baseline / "site.yaml"
    site.write_text(site.read_text().replace("2026-06-01", "2025-06-01"))
    current = write_site(tmp_path / "after", None)
    progress = api.progress(current, baseline, frameworks_dirs=[FRAMEWORKS])
    (framework,) = progress.frameworks
    assert [(c.item_id, c.change.value) for c in framework.fact_checks] == [
        ("LOAD", "no_longer_verified")
    ]


@pytest.mark.parametrize(
    ("visits", "message"),
    [
        ("[]", "visits: needs at least 1 entry"),
        ("[~]", "visits[#1]: must be a date written YYYY-MM-DD, not empty"),
        ('["soon"]', "visits[#1]: must be a date written YYYY-MM-DD, not 'soon'"),
        ("[[2026-06-10]]", "visits[#1]: must be a date written YYYY-MM-DD, not a list"),
        ("soon", "visits: must be a list, not 'soon'"),
        ("[2026-06-10, 2026-06-09, 2026-06-10]", "visits[#3]: 2026-06-10 is listed twice"),
        # Python's own reader takes these; keeping only a time's day would drop the time.
        ('["20260610"]', "visits[#1]: must be a date written YYYY-MM-DD, not '20260610'"),
        ('["2026-W24-3"]', "visits[#1]: must be a date written YYYY-MM-DD, not '2026-W24-3'"),
        (
            "[2026-06-10 09:30:00]",
            "visits[#1]: must be a date written YYYY-MM-DD, without a time: 2026-06-10 09:30:00",
        ),
        # A slip of the year, far from any visit, and beyond what date arithmetic can take.
        (
            "[9999-12-31]",
            "visits[#1]: must be a date in the years 1900 to 2999, not 9999-12-31; check the year",
        ),
        (
            '["0206-06-10"]',
            "visits[#1]: must be a date in the years 1900 to 2999, not 0206-06-10; check the year",
        ),
    ],
)
def test_bad_visit_dates_are_refused_before_evidence_is_checked_against_them(
    tmp_path: Path, run_cli: RunCli, visits: str, message: str
) -> None:
    """Evidence is checked against the last visit, so a review whose visits are missing or
    not dates is refused for that, at its line (it was an internal error); a visit listed
    twice is refused too, rather than counted as two visits."""
    folder = write_site(tmp_path / "site", VERIFIED)
    review = folder / "review.yaml"
    review.write_text(review.read_text().replace("visits: [2026-06-10]", f"visits: {visits}"))
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert f"review.yaml:3: {message}" in result.err, result.err
    assert "internal error" not in result.err


def test_a_sign_off_before_the_last_visit_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    """The sign-off confirms the whole review: one dated between two visits (only the first
    was checked) would confirm findings not yet made."""
    folder = write_site(tmp_path / "site", VERIFIED)
    review = folder / "review.yaml"
    text = review.read_text().replace("visits: [2026-06-10]", "visits: [2026-06-10, 2026-06-20]")
    signed = "attestation: {name: Dr A, role: Lead GP, date: 2026-06-15, statement: I confirm.}\n"
    review.write_text(text + signed)
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert (
        "attestation.date: signed on 2026-06-15, before the last visit (2026-06-20); the "
        "sign-off confirms the review, so it comes after it" in result.err
    )
    review.write_text(text + signed.replace("2026-06-15", "2026-06-20"))
    assert run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS)).exit_code == 0


@pytest.mark.parametrize("kind", ["folder", "link-to-nothing"])
def test_a_review_yaml_that_is_no_file_is_refused_not_passed_over(
    tmp_path: Path, run_cli: RunCli, kind: str
) -> None:
    """Passing over it would score the site as self-assessed, every verified answer dropped."""
    folder = write_site(tmp_path / "site", "")
    review = folder / "review.yaml"
    review.unlink()
    if kind == "folder":
        review.mkdir()
        expected = f"{review}: is a folder, not a YAML file"
    else:
        review.symlink_to(tmp_path / "moved.yaml")
        expected = f"{review}: is a link to {tmp_path / 'moved.yaml'}, which is not there"
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1
    assert expected in result.err, result.err


def test_a_check_travels_with_a_reused_fact_when_its_home_framework_is_not_scored() -> None:
    """Riverside's reviewer verified delivery-conditions DC7, which five-mechanisms asks as
    IT1: scoring five-mechanisms alone gives IT1 the same verified score, not the contested
    answers, and the framework the same numbers."""
    from ..helpers import RIVERSIDE

    alone = api.score(RIVERSIDE, frameworks=["five-mechanisms"])
    whole = api.score(RIVERSIDE)
    [five] = alone.frameworks
    [same] = [f for f in whole.frameworks if f.framework.id == "five-mechanisms"]
    it1 = next(i for i in five.items if i.item.id == "IT1")
    assert it1.check is not None and it1.assurance == Assurance.VERIFIED
    assert repr(five.items) == repr(same.items)
    assert (five.score, five.band, five.assurance) == (same.score, same.band, same.assurance)


def test_a_review_wrong_in_one_place_is_told_its_other_problems_too(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A field of the wrong shape (the sample's size) no longer hides what the review says
    elsewhere: a verified answer off the scale and evidence seen after the last visit are
    told in the same run, each at its line."""
    review = (
        "sample: {size: four, seed: 1}\n"  # line 4
        "items:\n"
        "  facts:\n"
        "    SAFE: {verified: maybe}\n"  # line 7
        "    DESC:\n"
        "      verified: 'yes'\n"
        "      evidence: [{title: Leaflet, seen: 2026-07-01}]\n"  # line 10
    )
    folder = write_site(tmp_path / "site", review)
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert "review.yaml:4: sample.size: must be a whole number, not 'four'" in result.err
    assert "review.yaml:7: items.facts.SAFE.verified: 'maybe' is not an answer" in result.err
    assert (
        "review.yaml:10: items.facts.DESC.evidence.seen: seen on 2026-07-01, after the last "
        "visit (2026-06-10)" in result.err
    ), result.err
    assert "3 problems found" in result.err


def test_a_review_with_wrong_visits_checks_no_evidence_against_them(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Without usable visit dates, evidence is not checked against them (no guessed "after
    the last visit"), but what needs no visit is still told: an item the framework lacks."""
    folder = write_site(tmp_path / "site", VERIFIED + "    NOPE: {note: x}\n")
    review = folder / "review.yaml"
    review.write_text(review.read_text().replace("visits: [2026-06-10]", "visits: [soon]"))
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert "visits[#1]: must be a date written YYYY-MM-DD, not 'soon'" in result.err
    assert "items.facts.NOPE: facts has no item 'NOPE'" in result.err
    assert "after the last visit" not in result.err
    assert "2 problems found" in result.err


def test_a_wrong_site_field_hides_neither_the_answers_nor_the_review(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """site.yaml's kind misspelt: the respondents' answers and the review are still checked
    (but not the review's site against a kind that is wrong), all in one run."""
    folder = write_site(tmp_path / "site", "items:\n  facts:\n    SAFE: {verified: maybe}\n")
    site = folder / "site.yaml"
    site.write_text(site.read_text().replace("kind: practice", "kind: practise"))
    (folder / "respondents" / "g1.yaml").write_text(
        "{id: g1, role: gp, answers: {facts: {DESC: perhaps, VIEW: a}}}\n"
    )
    result = run_cli("score", str(folder), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert "site.yaml:1: site.kind: unknown site kind 'practise'" in result.err
    assert "g1.yaml:1: g1.yaml.answers.facts.DESC: 'perhaps' is not an answer" in result.err
    assert "review.yaml:6: items.facts.SAFE.verified: 'maybe' is not an answer" in result.err
    assert "this review is of" not in result.err
    assert "3 problems found" in result.err


def test_a_one_file_assessment_with_a_wrong_review_section_still_checks_its_answers(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(
        "site: {name: Facts Practice, kind: practice, assessed_on: 2026-06-01}\n"
        "respondents:\n"
        "  - {id: l1, role: link_worker, answers: {facts: {SAFE: nope, VIEW: a}}}\n"
        "  - {id: l2, role: link_worker, answers: {facts: {SAFE: 'no', VIEW: a}}}\n"
        "review:\n"
        "  reviewer: {name: Sam Patel}\n"
        "  visits: [2026-06-10]\n"
        "  sample: {seed: -1}\n"
        "  items: {facts: {DESC: {verified: maybe}}}\n"
    )
    result = run_cli("score", str(path), "--frameworks-dir", str(FRAMEWORKS))
    assert result.exit_code == 1, result.output
    assert "site.yaml:3: respondents[l1].answers.facts.SAFE: 'nope' is not an answer" in (
        result.err
    ), result.err
    assert "site.yaml:8: review.sample.seed: must be at least 0" in result.err
    assert "site.yaml:9: review.items.facts.DESC.verified: 'maybe' is not an answer" in result.err
    assert "3 problems found" in result.err


def test_a_sign_off_dated_before_the_assessment_is_questioned(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Signed off before the assessment it confirms existed (a year typed wrong): scored as
    written, with a warning at its line (helper-41)."""
    folder = write_site(tmp_path / "site", "")
    review = folder / "review.yaml"
    review.write_text(
        review.read_text().replace("visits: [2026-06-10]", "visits: [2025-05-10]")
        + "attestation: {name: Dr A, role: Lead GP, date: 2025-05-20, statement: I confirm.}\n"
    )
    result = run_cli("score", folder, "--frameworks-dir", FRAMEWORKS)
    assert result.exit_code == 0, result.err
    assert (
        "review.yaml:4: attestation.date: warning: signed on 2025-05-20, before the assessment "
        "it confirms (2026-06-01); is the date right?" in result.err
    )
    review.write_text(review.read_text().replace("2025-05-20", "2026-06-02"))
    assert "attestation" not in run_cli("score", folder, "--frameworks-dir", FRAMEWORKS).err


def test_a_check_of_a_framework_the_site_is_not_scored_against_is_refused(
    tmp_path: Path,
) -> None:
    """helper-48: a site.yaml listing five mechanisms and delivery conditions, and a review
    verifying rainbow's OR1, scored with no word: "4 of 34 facts verified", the check gone.
    It is refused at its line. A framework of the site that --framework leaves out is
    still set aside, not refused: it is the site's, only not scored in this run."""
    site = tmp_path / "site"
    shutil.copytree(RIVERSIDE, site)
    every = "frameworks: [five-mechanisms, npt, rainbow, delivery-conditions]"
    text = (site / "site.yaml").read_text()
    assert every in text
    (site / "site.yaml").write_text(
        text.replace(every, "frameworks: [five-mechanisms, delivery-conditions]")
    )
    review = (site / "review.yaml").read_text()
    assert "\n  rainbow:\n" in review and "OR1:" in review
    with pytest.raises(InputError) as refused:
        api.score(site)
    (message,) = [str(p) for p in refused.value.problems]
    assert "items.rainbow.OR1: the assessment is not scored against rainbow (its frameworks: " in (
        message
    )
    assert message.startswith(f"{site / 'review.yaml'}:")
    (site / "site.yaml").write_text(text)
    assert api.score(site, frameworks=["npt"]).frameworks  # rainbow left out: set aside

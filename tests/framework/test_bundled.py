"""The bundled frameworks: valid, complete, faithful to their sources, within the time budget.

Version 2.0.0 is the default and is held to the review's standards (issue 11); version 1.0.0
stays bundled so that assessments answered on it score exactly as they were answered.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from readiness.collect.questionnaire import build_questionnaire
from readiness.framework.load import framework_files, load_catalogue
from readiness.framework.model import Framework
from readiness.framework.validate import check_in_context
from readiness.resources import frameworks_dir
from readiness.vocabulary import ROLES, ScaleType, role_label

from ..helpers import REPO, RIVERSIDE, pdf_text

BUNDLED = framework_files(frameworks_dir())
CATALOGUE = load_catalogue()
NEWEST = list(CATALOGUE.frameworks.values())
IDS = ["delivery-conditions", "five-mechanisms", "npt", "rainbow"]


def test_four_frameworks_are_bundled_in_three_versions() -> None:
    assert CATALOGUE.ids() == IDS
    for framework_id in IDS:
        assert CATALOGUE.versions_of(framework_id) == ["1.0.0", "2.0.0", "3.0.0"]
        assert CATALOGUE.require(framework_id).version == "3.0.0"  # the newest is the default


@pytest.mark.parametrize(
    "path", [*BUNDLED, frameworks_dir() / "actions.yaml"], ids=lambda p: p.stem
)
def test_bundled_file_is_valid_without_warnings(path: Path) -> None:
    [checked] = check_in_context([path])
    assert checked.valid, "\n".join(map(str, checked.problems))
    assert checked.problems == []


@pytest.mark.parametrize("framework", NEWEST, ids=lambda f: f.spec)
def test_newest_items_are_complete(framework: Framework) -> None:
    for item in framework.items.values():
        assert item.actions, f"{item.id} has no action"
        assert item.construct and item.cite, f"{item.id} cites no construct"
        assert item.roles, f"{item.id} should name the roles that can answer it"
        assert len(item.text) <= 140, f"{item.id} is too long to read easily"
        assert " and/or " not in item.text
        if item.ref is None:  # a reused item is checked in its home framework
            # Opinions are asked on agreement or 0-10 scales; facts on a number, yes/partly/no,
            # a frequency or described levels, and marked `fact: true`.
            opinion_scale = item.scale.type == ScaleType.RANGE or item.scale.option("agree")
            # A client's report of their own experience is kept private like an opinion.
            client_report = item.roles == ("client",) and not item.fact
            assert item.fact == (not opinion_scale) or client_report, (
                f"{item.id}: facts go on fact scales"
            )
            if item.fact and item.ref is None and framework.version.split(".")[0] >= "3":
                assert item.known_by, f"{item.id}: a fact says whose answer decides it"
    assert "local convention" in framework.bands_note
    assert not framework.actions.keys() - CATALOGUE.library.actions.keys(), (
        "bundled frameworks raise library actions only"
    )


@pytest.mark.parametrize("framework", NEWEST, ids=lambda f: f.spec)
def test_every_citation_can_be_found(framework: Framework) -> None:
    for citation in framework.citations:
        assert citation.doi or citation.url, citation.id
        text = citation.formatted()
        assert "[" not in text and "to be confirmed" not in text, text
        if framework.version.split(".")[0] >= "3":
            # 3.0.0 says where in each work its claims are made (review §5).
            assert citation.where and f"Where: {citation.where[:1].upper()}" in text, citation.id


def test_no_role_is_asked_more_than_60_items() -> None:
    """The respondent-time budget: every bundled framework at its newest version, each fact
    asked once, for each role."""
    for role in ROLES:
        questionnaire = build_questionnaire(NEWEST, role)
        assert questionnaire.item_count <= 60, f"{role} would answer {questionnaire.item_count}"
        assert questionnaire.minutes <= 30, f"{role} would take {questionnaire.minutes} minutes"


@pytest.mark.parametrize("page", ["README.md", "docs/frameworks.md"])
def test_the_readme_and_manual_state_each_role_s_items_and_minutes(page: str) -> None:
    """The table of items and minutes per role is what the newest bundled frameworks ask
    (regenerate it from `readiness frameworks list` when they change)."""
    manual = (REPO / page).read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (\d+) \| (\d+) minutes \|$", manual, flags=re.MULTILINE)
    expected = []
    for role in ROLES:
        questionnaire = build_questionnaire(NEWEST, role)
        expected.append(
            (role_label(role), str(questionnaire.item_count), str(questionnaire.minutes))
        )
    assert rows == expected


def test_every_respondent_role_is_asked_something() -> None:
    for role in ROLES:
        assert build_questionnaire(NEWEST, role).item_count, role


def test_a_fact_is_asked_once() -> None:
    """No question is asked twice across the bundled frameworks: reuse goes through `from:`."""
    seen: dict[str, str] = {}
    for framework in NEWEST:
        for item in framework.items.values():
            if item.ref is not None:
                continue
            text = " ".join(item.text.lower().split())
            assert text not in seen, f"{framework.id} {item.id} repeats {seen[text]}"
            seen[text] = f"{framework.id} {item.id}"


def test_npt_follows_the_nomad_structure() -> None:
    npt = CATALOGUE.require("npt")
    construct_domains = [d for d in npt.domains if d.in_total]
    assert [len(d.items) for d in construct_domains] == [4, 4, 7, 5]
    constructs = {
        item.construct.split(" (")[0].split(";")[0]
        for d in construct_domains
        for item in d.items
        if item.construct
    }
    assert len(constructs) == 16, sorted(constructs)
    reversed_items = [i.id for i in npt.items.values() if i.reverse]
    assert reversed_items == ["CA2"]
    agree = next(s for s in npt.scales if s.id == "nomad_agree")
    assert [o.reason for o in agree.unscored] == ["role", "stage", "service"]
    assert len(agree.scored) == 5
    # NoMAD asks its three general questions first.
    general = npt.domains[0]
    assert not general.in_total
    assert [(i.scale.min, i.scale.max) for i in general.items] == [(0, 10)] * 3
    assert "for my work" in npt.items["CO4"].text  # internalisation: value for one's own work
    # No gate: the resources statement is a flag beside the score, never a cap (review D7).
    assert not [i.id for i in npt.items.values() if i.critical]
    assert npt.items["CA6"].flag is not None and npt.items["CA6"].flag.below == 50
    assert "no gates" in npt.bands_note and "caps nothing" in npt.bands_note
    for role in ("lw_manager", "vcse", "pcn_lead"):
        assert npt.items_for_role(role), role


def test_five_mechanisms_has_four_to_six_items_per_mechanism() -> None:
    fm = CATALOGUE.require("five-mechanisms")
    assert len(fm.domains) == 5
    assert all(4 <= len(d.items) <= 6 for d in fm.domains)
    assert "interrelated" in fm.description


def test_rainbow_covers_all_eight_dimensions_without_a_cap_that_no_gate_uses() -> None:
    rainbow = CATALOGUE.require("rainbow")
    assert [d.id for d in rainbow.domains] == [
        "clinical",
        "professional",
        "organisational",
        "system",
        "functional",
        "normative",
        "person_focused",
        "population_based",
    ]
    assert not any(i.critical for i in rainbow.items.values())
    assert rainbow.scoring.cap_band == rainbow.bands[0].id
    person = next(d for d in rainbow.domains if d.id == "person_focused")
    staff = [i for i in person.items if "client" not in i.roles]
    assert sum(i.weight for i in staff) / sum(i.weight for i in person.items) >= 0.5


def test_delivery_conditions_scores_caseload_through_its_points() -> None:
    dc = CATALOGUE.require("delivery-conditions")
    caseload = dc.items["DC1"].scale
    assert caseload.type == "numeric"
    assert caseload.score(200) == 100
    assert caseload.score(250) == 75  # full marks only at the low end of 200-250
    assert caseload.score(450) == 0
    assert caseload.score(900) == 0


def test_cold_calling_no_longer_contradicts_case_finding() -> None:
    dc = CATALOGUE.require("delivery-conditions")
    rainbow = CATALOGUE.require("rainbow")
    # 3.0.0 asks for the share of unsolicited first contacts (no motives to judge), with
    # gentler points for planned case-finding, beside the referral rate (review D9).
    assert "nobody had asked for" in dc.items["DC9"].text
    assert "case-finding" in (dc.items["DC9"].help or "")
    assert dc.items["DC41"].scale.unit and "1,000" in dc.items["DC41"].scale.unit
    assert "search" in rainbow.items["PB1"].text
    assert "population-search" in rainbow.items["PB1"].actions


def test_gates_cannot_be_passed_by_the_wrong_people_or_by_partly() -> None:
    """Review D1 and D7 on the 3.0.0 files: safeguarding is decided by link workers, fails at
    'partly' and caps at Sound when unknown; funding needs 12 months; CA6 caps nothing."""
    dc = CATALOGUE.require("delivery-conditions")
    for ident in ("DC23", "DC38"):
        gate = dc.items[ident]
        assert gate.critical and gate.known_by == ("link_worker",)
        assert gate.gate_threshold(dc.scoring) == 100 and gate.unknown_caps == "sound"
    assert dc.items["DC7"].known_by == ("link_worker",)
    funding = CATALOGUE.require("five-mechanisms").items["FU1"]
    assert funding.gate_threshold(CATALOGUE.require("five-mechanisms").scoring) == 75
    assert funding.scale.score(3) == 75 and funding.scale.score(2) == 50
    # DC17 no longer rewards payment by results: tied to numbers of either kind is weak.
    assert dc.items["DC17"].reverse and "outcome scores" in dc.items["DC17"].text
    # A very low caseload is flagged as possible under-use rather than scored best.
    assert dc.items["DC1"].flag is not None and dc.items["DC1"].flag.under == 100
    assert dc.items["DC1"].scale.score(40) < 100


def test_one_standard_for_record_access() -> None:
    """Five-mechanisms IT1 and delivery-conditions DC7 were two standards on two scales."""
    fm = CATALOGUE.require("five-mechanisms")
    assert fm.items["IT1"].ref is not None and fm.items["IT1"].ref.spec.endswith("/DC7")
    assert fm.items["IT1"].scale is CATALOGUE.require("delivery-conditions").items["DC7"].scale


def test_client_items_use_the_local_name_and_plain_words() -> None:
    for framework in NEWEST:
        for item in framework.items.values():
            if item.roles != ("client",):
                continue
            words = item.text_template or item.text
            assert "link worker" not in words and "referred" not in words, item.id
            assert item.scale.option("na") is None or item.scale.option("na").label == (  # type: ignore[union-attr]
                "Does not apply to me"
            )


# The scoring-relevant content of each 1.0.0 framework, as it was on main before version
# 2.0.0: an assessment answered on 1.0.0 must score exactly as before (issue 11). Recomputed
# when the scoring settings gained the privacy and aggregation fields (issue 10), from main's
# 1.0.0 files before the 2.0.0 merge.
V1_FINGERPRINTS = {
    "delivery-conditions": "a132e61efd58",
    "five-mechanisms": "3824e85c4b64",
    "npt": "c864a81a9015",
    "rainbow": "8ad785d1ebf4",
}


def scoring_fingerprint(framework: Framework) -> str:
    """A hash of everything that decides a 1.0.0 framework's scores and plan (not its
    citations, wording help or fact marks)."""
    data = {
        "scoring": framework.scoring.__dict__,
        "bands": [(b.id, b.min) for b in framework.bands],
        "actions": [(a.id, a.text, a.owner, a.timeframe) for a in framework.actions.values()],
        "domains": [
            (
                d.id,
                d.weight,
                d.in_total,
                d.actions,
                [
                    (
                        i.id,
                        i.text,
                        i.weight,
                        i.reverse,
                        i.roles,
                        i.critical,
                        i.actions,
                        [(o.code, o.value, o.kind, o.reason) for o in i.scale.options],
                        i.scale.points,
                        i.scale.min,
                        i.scale.max,
                    )
                    for i in d.items
                ],
            )
            for d in framework.domains
        ],
    }
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:12]


@pytest.mark.parametrize("framework_id", IDS)
def test_version_1_scores_as_it_always_did(framework_id: str) -> None:
    v1 = CATALOGUE.get(framework_id, "1.0.0")
    assert v1 is not None
    assert scoring_fingerprint(v1) == V1_FINGERPRINTS[framework_id]


SCORING_TALK = re.compile(
    r"full marks|(lowers|raises|increases|reduces) (the|your) score|"
    r"scores? (full|highest|lowest|best|worst|\d)|\bpoints? (for|if)\b",
    re.IGNORECASE,
)


def test_questions_say_what_they_mean_never_how_they_score() -> None:
    """Telling people how an answer scores invites answering for the score (issue 21): the
    current frameworks' questions and help say what is asked, and the method section says
    how it scores."""
    catalogue = load_catalogue()
    talk = [
        f"{fw.id} {fw.version} {item.id}: {text}"
        for fw in catalogue.frameworks.values()
        for item in fw.items.values()
        for text in (item.text, item.help or "")
        if SCORING_TALK.search(text)
    ]
    assert talk == []
    assert SCORING_TALK.search("agreeing with it lowers the score")  # the check can fail
    assert SCORING_TALK.search("full marks from 100 to 200")


def test_a_frameworks_folder_passes_no_yaml_file_over(tmp_path: Path) -> None:
    """A framework file named .YAML is read like .yaml; one that cannot be read (a link to
    nothing, a folder with a framework's name) is an error naming it, not left out."""
    from readiness.errors import InputError

    text = (REPO / "frameworks" / "npt-3.0.0.yaml").read_text(encoding="utf-8")
    shouting = tmp_path / "upper"
    shouting.mkdir()
    renamed = text.replace('version: "3.0.0"', 'version: "3.1.0"', 1)
    (shouting / "npt-3.1.0.YAML").write_text(renamed, encoding="utf-8")
    assert load_catalogue([shouting]).get("npt", "3.1.0") is not None
    for name in ("dangling", "folder"):
        folder = tmp_path / name
        folder.mkdir()
        unreadable = folder / "npt-9.0.0.yaml"
        if name == "dangling":
            unreadable.symlink_to(tmp_path / "missing.yaml")
        else:
            unreadable.mkdir()
        with pytest.raises(InputError) as refused:
            load_catalogue([folder])
        assert [p.file for p in refused.value.problems] == [folder / "npt-9.0.0.yaml"]


def test_a_users_copy_of_a_bundled_framework_is_called_adapted_wherever_it_is_read(
    tmp_path: Path,
) -> None:
    """A file replacing bundled five-mechanisms 3.0.0 scores by its own rules, so the table
    and the report call it adapted; the bundled ones are not."""
    from readiness.api import compare, format_scores, score, write_report

    text = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "five-mechanisms-3.0.0.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue([folder])
    assert catalogue.require("five-mechanisms@3.0.0").adapted
    assert not catalogue.require("npt@3.0.0").adapted
    assert not load_catalogue().require("five-mechanisms@3.0.0").adapted
    table = format_scores(score(RIVERSIDE, frameworks_dirs=[folder]))
    assert "[five-mechanisms 3.0.0, adapted locally]" in table
    assert "[npt 3.0.0]" in table
    out = tmp_path / "r.pdf"
    write_report(RIVERSIDE, out, frameworks_dirs=[folder])
    assert "five-mechanisms 3.0.0, adapted locally" in "\n".join(pdf_text(out))
    portfolio = tmp_path / "p.html"
    compare([RIVERSIDE], portfolio, frameworks_dirs=[folder], cache=False, jobs=1)
    page = portfolio.read_text(encoding="utf-8")
    assert "five-mechanisms 3.0.0, adapted locally" in page
    assert "npt 3.0.0, adapted" not in page
    # The data say it too: JSON and CSV scores, and the portfolio's rows.
    scored = json.loads(format_scores(score(RIVERSIDE, frameworks_dirs=[folder]), "json"))
    assert {f["id"]: f["adapted"] for f in scored["frameworks"]} == {
        "five-mechanisms": True,
        "delivery-conditions": False,
        "npt": False,
        "rainbow": False,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(format_scores(score(RIVERSIDE, frameworks_dirs=[folder]), "csv"))
        )
    )
    assert {(r["framework"], r["framework_adapted"]) for r in rows} == {
        ("five-mechanisms", "yes"),
        ("delivery-conditions", "no"),
        ("npt", "no"),
        ("rainbow", "no"),
    }
    data = tmp_path / "p.csv"
    compare([RIVERSIDE], data, frameworks_dirs=[folder], cache=False, jobs=1)
    portfolio_rows = list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8-sig"))))
    assert {(r["framework"], r["framework_adapted"]) for r in portfolio_rows} == {
        ("five-mechanisms", "true"),
        ("delivery-conditions", "false"),
        ("npt", "false"),
        ("rainbow", "false"),
    }

"""Assessments: both input shapes, interpretation of answers, and clear errors for bad files."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from readiness.assessment.load import load_assessment
from readiness.errors import InputError, Severity
from readiness.framework.load import load_catalogue

from ..helpers import DATA, OAKFIELD, REPO, RIVERSIDE

BROKEN = sorted((DATA / "assessments" / "broken").glob("*.yaml"))


CATALOGUE = load_catalogue()


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_assessment_reports_message_and_line(path: Path) -> None:
    text = path.read_text()
    expected = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "# <- error here" in line]
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    errors = [p for p in info.value.problems if p.severity == "error"]
    for fragment in expected:
        matching = [p for p in errors if fragment in str(p)]
        assert matching, f"{fragment!r} not in {[str(p) for p in errors]}"
        if marked:
            assert matching[0].line == marked[0], str(matching[0])


def test_bundled_examples_load() -> None:
    folder = load_assessment(REPO / "examples" / "riverside-pcn", CATALOGUE)
    assert len(folder.respondents) == 13
    assert folder.site.ods_code == "U12345"
    assert folder.site.service_name == "Community Connectors"
    assert [f.spec for f in folder.frameworks] == [
        "five-mechanisms@3.0.0",
        "npt@3.0.0",
        "rainbow@3.0.0",
        "delivery-conditions@3.0.0",
    ]
    baseline = load_assessment(REPO / "examples" / "riverside-pcn-baseline", CATALOGUE)
    assert len(baseline.respondents) == 12
    assert {f.version for f in baseline.frameworks} == {"1.0.0"}
    single = load_assessment(REPO / "examples" / "oakfield-practice.yaml", CATALOGUE)
    assert [r.role for r in single.respondents] == ["practice_manager", "link_worker"]
    assert folder.warnings == () and single.warnings == () and baseline.warnings == ()


def test_answers_by_code_value_and_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: lw_manager
            answers:
              five-mechanisms: {FU4: 4, BI6: agree, IT4: "2", SC3: dont_know, FU1: L3}
              delivery-conditions: {DC1: "300", DC6: "yes", DC20: "no", DC5: na_new}
              npt: {G1: 7}
        """,
    )
    answers = load_assessment(path, CATALOGUE).respondents[0].answers
    fm = answers["five-mechanisms"]
    assert (fm["FU4"].kind, fm["FU4"].value) == ("scored", 4.0)
    assert (fm["BI6"].kind, fm["BI6"].value) == ("scored", 4.0)
    assert fm["IT4"].value == 2.0
    assert fm["SC3"].kind == "dont_know"
    assert fm["FU1"].value == 3.0
    dc = answers["delivery-conditions"]
    assert dc["DC1"].value == 300.0
    assert (dc["DC6"].value, dc["DC20"].value) == (2.0, 0.0)  # 'yes' and 'no' stay codes
    assert (dc["DC5"].kind, dc["DC5"].reason) == ("not_applicable", "stage")
    assert answers["npt"]["G1"].value == 7.0


def test_blank_answers_are_not_answered(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers:
              five-mechanisms:
                SD1: agree
                SD2:
        """,
    )
    answers = load_assessment(path, CATALOGUE).respondents[0].answers["five-mechanisms"]
    assert list(answers) == ["SD1"]


def test_item_not_for_the_role_is_a_warning_and_still_scored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: client
            answers: {five-mechanisms: {SD1: agree, SD5: agree}}
        """,
    )
    loaded = load_assessment(path, CATALOGUE)
    assert "SD1" in loaded.respondents[0].answers["five-mechanisms"]
    # The other warning: a client who is the only respondent is shown as they answered.
    (alone,) = [w for w in loaded.warnings if "the only respondent is" in w.message]
    (warning,) = [w for w in loaded.warnings if w is not alone]
    assert warning.severity == "warning" and warning.line == 5
    assert "SD1 is not addressed to the role 'client'" in warning.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers: {five-mechanisms: {SD1: agreed, SD9: agree}, npt: {CO1: maybe}}
          - id: r2
            role: nurse
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert len([p for p in info.value.problems if p.severity == "error"]) == 4


def test_folder_assessment_uses_file_names_as_default_ids(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text("site: {name: S, kind: pcn, assessed_on: 2026-10-01}\n")
    (folder / "respondents" / "gp-a.yaml").write_text(
        "role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n"
    )
    (folder / "respondents" / "notes.txt").write_text("not a respondent")
    (folder / "respondents" / "batch2").mkdir()
    (folder / "respondents" / "batch2" / "gp-b.yaml").write_text(
        "role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n"
    )
    loaded = load_assessment(folder, CATALOGUE)
    assert [r.id for r in loaded.respondents] == ["gp-a"]
    assert any("not a .yaml file" in str(w) for w in loaded.warnings)
    # A folder of respondent files moved one level down is not read, and is said to be not.
    assert (
        f"{folder / 'respondents' / 'batch2'}: warning: is a folder, so the files in it were not "
        "read: put each respondent's file directly in respondents/"
    ) in [str(w) for w in loaded.warnings]


def test_folder_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(REPO / "examples" / "riverside-pcn", folder)
    source = folder / "respondents" / "r01-gp.yaml"
    (folder / "respondents" / "r14-gp.yaml").write_text(source.read_text())
    with pytest.raises(InputError) as info:
        load_assessment(folder, CATALOGUE)
    message = str(info.value)
    assert "r14-gp.yaml:3: r14-gp.yaml.id: respondent id 'r01' is used twice (also in " in message
    assert "r01-gp.yaml:3)" in message


def test_folder_without_site_file(tmp_path: Path) -> None:
    (tmp_path / "respondents").mkdir()
    with pytest.raises(InputError, match=r"needs a site\.yaml file"):
        load_assessment(tmp_path, CATALOGUE)


def test_folder_site_file_must_not_list_respondents(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "site: {name: S, kind: pcn, assessed_on: 2026-10-01}\nrespondents: []\n"
    )
    with pytest.raises(InputError, match="each respondent goes in its own file"):
        load_assessment(tmp_path, CATALOGUE)


def test_framework_choice(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: gp
            answers: {rainbow: {NO1: agree}, five-mechanisms: {SD1: agree}}
        """,
    )
    # default: every framework answered, in catalogue order
    assert [f.id for f in load_assessment(path, CATALOGUE).frameworks] == [
        "five-mechanisms",
        "rainbow",
    ]
    only = load_assessment(path, CATALOGUE, ["rainbow"])
    assert [f.id for f in only.frameworks] == ["rainbow"]
    assert list(only.respondents[0].answers) == ["rainbow"]
    with pytest.raises(InputError, match="did you mean 'npt'"):
        load_assessment(path, CATALOGUE, ["nptt"])


def test_invitations_and_a_named_self_assessment_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site:
          name: S
          kind: practice
          assessed_on: 2026-01-01
          invited: {gp: 4, client: 12}
          self_assessment: {by: "Sam Patel, practice manager"}
        respondents:
          - {id: r1, role: gp, answers: {five-mechanisms: {SD1: agree}}}
        """,
    )
    site = load_assessment(path, CATALOGUE).site
    assert site.invited == {"gp": 4, "client": 12}
    assert (site.self_assessment, site.self_assessment_by) == (True, "Sam Patel, practice manager")


def test_bad_invitations_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site:
          name: S
          kind: practice
          assessed_on: 2026-01-01
          invited:
            gp: 1
            doctor: 3
            client: 0
        respondents:
          - {id: r1, role: gp, answers: {five-mechanisms: {SD1: agree}}}
          - {id: r2, role: gp, answers: {five-mechanisms: {SD1: agree}}}
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    messages = [str(p) for p in info.value.problems]
    assert f"{path}:7: site.invited.doctor: unknown role 'doctor'" in messages[0]
    assert messages[1] == f"{path}:8: site.invited.client: must be at least 1, not 0"
    assert messages[2] == (
        f"{path}:6: site.invited.gp: 2 gp respondents answered but only 1 was invited; "
        "correct the number invited"
    )
    assert len(messages) == 3


def test_a_self_assessment_names_who_filled_it_in(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site:
          name: S
          kind: practice
          assessed_on: 2026-01-01
          self_assessment: {}
        respondents:
          - {id: r1, role: gp, answers: {five-mechanisms: {SD1: agree}}}
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert "site.self_assessment: missing required key 'by'" in str(info.value)


NUMERIC_ASSESSMENT = """\
site: {name: Test, kind: practice, assessed_on: 2026-10-01}
respondents:
  - id: m1
    role: lw_manager
    answers:
      delivery-conditions:
        DC1: ANSWER
"""


@pytest.mark.parametrize(
    ("typed", "value"),
    [("380", 380.0), ("'380'", 380.0), ("37,5", 37.5), ("0400", 400.0), ("380 new clients", 380.0)],
)
def test_numeric_answers_are_read_as_written(tmp_path: Path, typed: str, value: float) -> None:
    path = write(tmp_path, NUMERIC_ASSESSMENT.replace("ANSWER", typed))
    answer = load_assessment(path, CATALOGUE).respondents[0].answers["delivery-conditions"]["DC1"]
    assert (answer.kind, answer.value) == ("scored", value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1,200",
            "'1,200' could mean 1200 or 1.2; write 1200 (no thousands separator) or 1.2 (with a "
            "decimal point)",
        ),
        (
            "2 - 3",
            "'2 - 3' is a range; write one number (new clients per full-time link worker per year)",
        ),
        (".inf", ".inf is not a finite number; write a plain number, e.g. 12 or 37.5"),
        ("1e400", "1e400 is not a finite number; write a plain number, e.g. 12 or 37.5"),
        (
            "1" * 400,
            "11111111111111111111…1111111111 has more than 15 digits, more than readiness can "
            "keep exactly; check the number",
        ),
        (
            "6:40",
            "'6:40' has more than a number in it; write one number (new clients per "
            "full-time link worker per year)",
        ),
    ],
)
def test_numeric_answers_in_doubt_are_refused_with_file_and_line(
    tmp_path: Path, typed: str, message: str
) -> None:
    path = write(tmp_path, NUMERIC_ASSESSMENT.replace("ANSWER", typed))
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    assert str(info.value) == (
        f"{path}:7: respondents[m1].answers.delivery-conditions.DC1: {message}"
    )


def test_a_blank_form_is_not_a_respondent(tmp_path: Path) -> None:
    # Two GPs answered; a third GP's form came back blank (blank answers, an empty comment).
    # Counting the blank form would make three GPs, the privacy threshold, and let the
    # others' opinions and comments be shown as "GP" views of two people.
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01, invited: {gp: 4}}
        respondents:
          - id: g1
            role: gp
            answers: {five-mechanisms: {SD1: agree}}
            comments: {five-mechanisms: {SD1: "Clear to me"}}
          - id: g2
            role: gp
            answers: {five-mechanisms: {SD1: disagree}}
          - id: g3
            role: gp
            answers: {five-mechanisms: {SD1: , SD2: }}
          - id: g4
            role: gp
          - id: g5
            role: gp
            answers: {five-mechanisms: {SD1: dont_know}}
          - id: g6
            role: gp
            general_comment: "Only a comment"
        """,
    )
    loaded = load_assessment(path, CATALOGUE)
    # A "don't know" and a general comment are something said: those two stay.
    assert [r.id for r in loaded.respondents] == ["g1", "g2", "g5", "g6"]
    assert loaded.respondents_by_role() == {"gp": 4}
    blank = [str(w) for w in loaded.warnings if "gave no answers and no comments" in str(w)]
    assert len(blank) == 2
    assert "'g3'" in blank[0] and "'g4'" in blank[1]


def test_who_said_nothing_in_the_frameworks_scored_is_not_a_respondent(tmp_path: Path) -> None:
    """Someone who answered only a framework the site does not score, or whose only mark is
    invisible, said nothing here: no count, rate or threshold includes them (rule 2)."""
    from readiness.scoring.engine import score_assessment

    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01, frameworks: [npt],
               invited: {gp: 3}}
        respondents:
          - {id: r01, role: gp, answers: {npt: {CO1: agree, CO3: agree}}}
          - {id: r02, role: gp, answers: {rainbow: {PR2: agree}}}
          - {id: r03, role: gp, answers: {npt: {CO1: agree}}}
          - {id: r04, role: gp, answers: {npt: {CO2: "\\u200b"}}}
        """,
    )
    loaded = load_assessment(path, CATALOGUE)
    assert [r.id for r in loaded.respondents] == ["r01", "r03"]
    assert loaded.respondents_by_role() == {"gp": 2}
    said = [str(w) for w in loaded.warnings]
    assert any(
        "'r02' answered none of the frameworks scored here (npt), so they are not counted" in w
        for w in said
    )
    assert sum("'r04' gave no answers and no comments" in w for w in said) == 1
    rate = score_assessment(loaded).response_rate
    assert rate is not None
    assert [(r.role, r.responded, r.invited) for r in rate.by_role] == [("gp", 2, 3)]


def test_a_blank_form_makes_no_rate_or_threshold(tmp_path: Path) -> None:
    from readiness.scoring.engine import score_assessment

    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01, invited: {gp: 4}}
        respondents:
          - id: g1
            role: gp
            answers: {five-mechanisms: {SD1: agree}}
          - id: g2
            role: gp
            answers: {five-mechanisms: {SD1: agree}}
          - id: g3
            role: gp
            answers: {five-mechanisms: {SD1: }}
        """,
    )
    result = score_assessment(load_assessment(path, CATALOGUE))
    assert result.response_rate is not None
    assert result.response_rate.overall == 2 / 4
    sd1 = next(i for i in result.frameworks[0].items if i.item.id == "SD1")
    # Two people's opinion: withheld (min_role_group 3), as it would be without the blank form.
    assert sd1.score is None and sd1.disclosure == "suppressed"


_THREE_GPS_AND_A_MANAGER = """\
    site: {{name: S, kind: practice, assessed_on: 2026-10-01{frameworks}}}
    respondents:
      - id: g1
        role: gp
        answers: {{rainbow: {{PR2: agree}}}}
      - id: g2
        role: gp
        answers: {{rainbow: {{PR2: agree}}}}
      - id: g3
        role: gp
        answers: {{rainbow: {{PR2: disagree}}}}
      - id: m1
        role: practice_manager
        answers: {{npt: {{CO1: strongly_disagree}}, rainbow: {{PR2: agree}}}}
    """


@pytest.mark.parametrize(
    ("frameworks", "only"),
    [("", ("npt",)), (", frameworks: [npt]", ())],
    ids=["--framework npt", "site.yaml frameworks: [npt]"],
)
def test_leaving_a_framework_out_never_names_the_one_person_left(
    tmp_path: Path, frameworks: str, only: tuple[str, ...]
) -> None:
    """Four people answered an anonymous survey; scored on npt alone, only the manager counts.
    They are not thereby a lone, named respondent: their opinion stays withheld (rule 4)."""
    from readiness.scoring.engine import score_assessment

    path = write(tmp_path, _THREE_GPS_AND_A_MANAGER.format(frameworks=frameworks))
    loaded = load_assessment(path, CATALOGUE, only)
    assert [r.id for r in loaded.respondents] == ["m1"]
    assert loaded.answered_elsewhere == 3
    assert not loaded.not_anonymous
    result = score_assessment(loaded)
    assert not result.not_anonymous
    co1 = next(i for i in result.frameworks[0].items if i.item.id == "CO1")
    assert co1.score is None and co1.disclosure == "suppressed"


def test_the_only_person_who_answered_anything_is_named(tmp_path: Path) -> None:
    """One person who said anything at all (a blank form beside them says nothing) is a
    named self-assessment, as before: every score shown."""
    from readiness.scoring.engine import score_assessment

    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: m1
            role: practice_manager
            answers: {npt: {CO1: strongly_disagree}}
          - id: g1
            role: gp
            answers: {npt: {CO1: }}
        """,
    )
    loaded = load_assessment(path, CATALOGUE)
    assert loaded.answered_elsewhere == 0 and loaded.not_anonymous
    co1 = next(i for i in score_assessment(loaded).frameworks[0].items if i.item.id == "CO1")
    assert co1.score == 0.0 and co1.disclosure == "not_anonymous"


def test_nothing_but_blank_forms_is_nothing_to_score(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - {id: g1, role: gp}
        """,
    )
    with pytest.raises(InputError, match="no respondents"):
        load_assessment(path, CATALOGUE)


def test_a_respondent_wrong_in_one_place_still_has_their_answers_checked(
    tmp_path: Path,
) -> None:
    """A general comment over the limit no longer hides the same person's answer off the
    scale (one file), nor an id that breaks the id rule (a folder): each is told at once.
    A misspelt role still stops the answers being checked, since the role decides which
    questions were theirs."""
    long = "x" * 2001
    path = write(
        tmp_path,
        f"""\
        site: {{name: S, kind: practice, assessed_on: 2026-10-01}}
        respondents:
          - id: r1
            role: gp
            answers: {{five-mechanisms: {{SD1: agreed}}}}
            general_comment: {long}
          - id: r2
            role: nurse
            answers: {{five-mechanisms: {{SD1: agreed}}}}
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    errors = [str(p) for p in info.value.problems if p.severity == "error"]
    assert any("general_comment: is longer than 2000 characters" in e for e in errors)
    assert any(
        f"{path}:5: respondents[r1].answers.five-mechanisms.SD1: 'agreed'" in e for e in errors
    )
    assert any("unknown role 'nurse'" in e for e in errors)
    assert len(errors) == 3, errors

    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text("site: {name: S, kind: practice, assessed_on: 2026-10-01}\n")
    (folder / "respondents" / "r1.yaml").write_text(
        "id: r 1\nrole: gp\nanswers: {five-mechanisms: {SD1: agreed}}\n"
    )
    with pytest.raises(InputError) as info:
        load_assessment(folder, CATALOGUE)
    errors = [str(p) for p in info.value.problems if p.severity == "error"]
    assert any("r1.yaml:1: id: 'r 1' is not a valid id" in e for e in errors), errors
    assert any("r1.yaml:3: r1.yaml.answers.five-mechanisms.SD1: 'agreed'" in e for e in errors)
    assert len(errors) == 2, errors


def test_an_impossible_date_hides_no_other_problem(tmp_path: Path) -> None:
    """2026-02-30 looks like a date to YAML, and refusing it while reading the file hid
    every other problem in it until it was put right."""
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-02-30, invited: 5}
        respondents:
          - {id: r1, role: gp, answers: {five-mechanisms: {SD1: agreed}}}
        """,
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, CATALOGUE)
    errors = [str(p) for p in info.value.problems if p.severity == "error"]
    assert errors[0] == (
        f"{path}:1: site.assessed_on: '2026-02-30' is not a valid date (day is out of range "
        "for month)"
    )
    assert any("site.invited: must be a mapping" in e for e in errors), errors
    assert any("respondents[r1].answers.five-mechanisms.SD1: 'agreed'" in e for e in errors)
    assert len(errors) == 3, errors


def test_a_service_user_who_is_the_only_respondent_is_warned_of(tmp_path: Path) -> None:
    """One respondent is not anonymous, so every score is theirs (rule 4). A team member
    answering alone names themselves by sending the form; a service user or partner did not
    choose to be named, so loading warns (helper-57), and the report's role line no longer
    calls the assessment named."""
    catalogue = load_catalogue()
    folder = tmp_path / "site"
    (folder / "respondents").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "site:\n  name: Site Three\n  kind: practice\n  assessed_on: 2026-10-01\n"
        "  frameworks: [rainbow]\n"
    )
    person = folder / "respondents" / "c1.yaml"
    for role, warned in (("client", True), ("vcse", True), ("link_worker", False)):
        person.write_text(
            f"id: c1\nrole: {role}\nanswers:\n  rainbow:\n    PF2: strongly_disagree\n"
        )
        assessment = load_assessment(folder, catalogue)
        assert assessment.not_anonymous
        said = [p for p in assessment.warnings if "the only respondent is" in p.message]
        assert bool(said) == warned, (role, said)
        if warned:
            assert said[0].severity == Severity.WARNING
            assert "publish it only with their agreement, or wait for more responses" in (
                said[0].message
            )
    # Beside anyone else, nobody is alone.
    (folder / "respondents" / "g1.yaml").write_text(
        "id: g1\nrole: gp\nanswers:\n  rainbow:\n    CL1: agree\n"
    )
    person.write_text("id: c1\nrole: client\nanswers:\n  rainbow:\n    PF2: agree\n")
    assert not [
        p for p in load_assessment(folder, catalogue).warnings if "the only respondent" in p.message
    ]


def test_a_named_self_assessment_warns_about_a_client_or_partner_on_their_own(
    tmp_path: Path,
) -> None:
    """A named self-assessment shows everyone's answers and comments by role: a lone service
    user or partner was shown without a word (helper-42). Loading warns, at self_assessment;
    the team naming itself (Oakfield's practice manager and link worker) is not warned about."""
    catalogue = load_catalogue()
    oakfield = load_assessment(OAKFIELD, catalogue)
    assert not [p for p in oakfield.warnings if p.path == "site.self_assessment"]
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    site = folder / "site.yaml"
    site.write_text(
        site.read_text().replace(
            "  kind: pcn\n", "  kind: pcn\n  self_assessment: {by: Jo Bloggs with the team}\n", 1
        )
    )
    (warning,) = [
        p for p in load_assessment(folder, catalogue).warnings if p.path == "site.self_assessment"
    ]
    assert warning.severity == Severity.WARNING
    assert (
        "people outside the team answered in groups of fewer than 3 (VCSE partner "
        "organisation 1, Service user (client) 1)" in warning.message
    )


def test_warnings_repeated_for_each_answer_or_person_are_one_each(tmp_path: Path) -> None:
    """A role chosen by mistake answers many questions it is not asked, and --framework
    leaves out whoever answered other frameworks only: a line each buried the warnings that
    matter (helper-61). One warning per respondent's framework, and one per site."""
    path = write(
        tmp_path,
        """\
        site: {name: S, kind: practice, assessed_on: 2026-10-01}
        respondents:
          - id: r1
            role: client
            answers: {five-mechanisms: {SD1: agree, SD2: agree, SD3: "yes", SD5: agree}}
          - {id: g1, role: gp, answers: {five-mechanisms: {SD1: agree}}}
          - {id: g2, role: gp, answers: {five-mechanisms: {SD1: agree}}}
          - {id: n1, role: gp, answers: {npt: {CO1: agree}}}
          - {id: n2, role: gp, answers: {npt: {CO1: agree}}}
        """,
    )
    loaded = load_assessment(path, CATALOGUE, ["five-mechanisms"])
    said = [w.message for w in loaded.warnings]
    unasked = [m for m in said if "not addressed to the role 'client'" in m]
    assert len(unasked) == 1, said
    assert unasked[0].startswith("3 answers are to five-mechanisms items not addressed to the")
    assert "(SD1, SD2, SD3;" in unasked[0]
    (elsewhere,) = [m for m in said if "answered none of the frameworks" in m]
    assert elsewhere == (
        "2 respondents ('n1', 'n2') answered none of the frameworks scored here "
        "(five-mechanisms), so they are not counted as respondents"
    )

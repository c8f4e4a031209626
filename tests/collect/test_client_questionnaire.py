"""The questionnaire for people who use the service: written for them, in their words, with the
site's own name for the service; and every questionnaire states how long it takes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from readiness.collect.questionnaire import Questionnaire, build_questionnaire
from readiness.framework.burden import INTRO_SECONDS, seconds_to_answer
from readiness.framework.load import load_catalogue
from readiness.vocabulary import ROLES

from ..helpers import RunCli, flat, pdf_text

CATALOGUE = load_catalogue()
NEWEST = list(CATALOGUE.frameworks.values())
STAFF_WORDS = (
    "link worker",
    "referred",
    "referral",
    "not a test of you or your team",
    "colleague",
    "social prescribing readiness",
    "framework",
    "VCSE",
)


def everything_a_client_reads(questionnaire: Questionnaire) -> str:
    parts = [questionnaire.title, *questionnaire.intro()]
    for section in questionnaire.sections:
        for item in section.items:
            parts += [item.text, item.help or "", *(o.label for o in item.scale.options)]
    return " ".join(parts)


def test_the_client_questionnaire_speaks_to_clients() -> None:
    questionnaire = build_questionnaire(NEWEST, "client", "Riverside PCN", "Community Connectors")
    assert questionnaire.for_clients
    text = everything_a_client_reads(questionnaire)
    for word in STAFF_WORDS:
        assert word.lower() not in text.lower(), word
    assert questionnaire.title == "Your views on Community Connectors"
    intro = " ".join(questionnaire.intro())
    assert "your experience of Community Connectors" in intro
    assert "the people at Riverside PCN who help you find support in your community" in intro
    assert f"There are {questionnaire.item_count} questions and it takes about 5 minutes" in intro
    assert "do not need to give your name" in intro and "not change the help you get" in intro
    assert "only shown when at least three people have answered" in intro  # the rule, for clients
    items = {i.id: i.text for s in questionnaire.sections for i in s.items}
    assert (
        items["BI5"]
        == "I would recommend Community Connectors to someone in a situation like mine."
    )
    assert items["SD5"] == "Before I first met Community Connectors, I knew why I was going."


def test_without_a_name_the_service_is_called_something_neutral() -> None:
    questionnaire = build_questionnaire(NEWEST, "client")
    text = everything_a_client_reads(questionnaire)
    assert "the social prescribing service" in text
    assert "{service}" not in text
    items = {i.id: i.text for s in questionnaire.sections for i in s.items}
    assert items["DC32"] == "What was your last contact from the social prescribing service about?"


def test_staff_keep_their_own_introduction() -> None:
    staff = build_questionnaire(NEWEST, "gp", "Riverside PCN", "Community Connectors")
    intro = " ".join(staff.intro())
    assert "It is not a test of you or your team." in intro
    assert "colleagues' answers" in intro
    assert (
        f"It has {staff.item_count} questions for GP and takes about {staff.minutes} minutes"
        in (intro)
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_every_introduction_states_an_honest_time(role: str) -> None:
    questionnaire = build_questionnaire(NEWEST, role)
    seconds = INTRO_SECONDS + sum(
        seconds_to_answer(i) for s in questionnaire.sections for i in s.items
    )
    assert questionnaire.minutes >= seconds / 60  # never less than the estimate
    assert questionnaire.minutes - seconds / 60 < 5  # rounded up to 5 minutes, no more
    assert f"about {questionnaire.minutes} minutes" in " ".join(questionnaire.intro())


def test_looking_up_a_figure_takes_longer_than_ticking_a_box() -> None:
    dc = CATALOGUE.require("delivery-conditions")
    assert seconds_to_answer(dc.items["DC1"]) > seconds_to_answer(dc.items["DC7"])  # figure
    assert seconds_to_answer(dc.items["DC7"]) > seconds_to_answer(dc.items["DC3"])  # levels
    npt = CATALOGUE.require("npt")
    assert seconds_to_answer(npt.items["G1"]) < seconds_to_answer(npt.items["CO1"])


def test_the_client_pdf_reads_as_a_client_would(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "client.pdf"
    result = run_cli(
        "questionnaire",
        "five-mechanisms",
        "rainbow",
        "delivery-conditions",
        "--role",
        "client",
        "--service-name",
        "Community Connectors",
        "--format",
        "pdf",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert "(7 questions, about 5 minutes)" in result.err
    pages = [flat(p) for p in pdf_text(out)]
    text = " ".join(pages)
    assert text.startswith("Your views on Community Connectors")
    assert "Your answers" in text
    for word in ("link worker", "referred", "colleague", "Framework five-mechanisms"):
        assert word.lower() not in text.lower(), word
    assert "Joined-up support for each person" not in text  # staff's domain headings
    assert "Does not apply to me" in text
    assert len(pages) <= 3
    assert re.search(r"Your views on Community Connectors\s+Page 1 of", text)  # page footer


def test_the_service_name_from_site_yaml_reaches_clients_in_the_yaml_form(
    tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "client.yaml"
    result = run_cli(
        "questionnaire",
        "rainbow",
        "--role",
        "client",
        "--service-name",
        "Wellbeing Advisers",
        "--format",
        "yaml",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "PF2. The person I saw at Wellbeing Advisers focused on what mattered to me" in text
    assert "link worker" not in text.lower()


def test_the_introduction_promises_exactly_the_privacy_rule() -> None:
    """What respondents are told matches what the report does (the README's rule 4): the
    group size comes from the frameworks asked, facts are exempt, comments lose their role in
    small groups, and a named self-assessment is not anonymous."""
    npt = CATALOGUE.get("npt")
    assert npt is not None and npt.scoring.min_role_group == 3
    staff = flat(" ".join(build_questionnaire([npt], role="gp").intro()))
    assert "shown only when at least three people answered the question" in staff
    assert "a role's views only when at least three people in that role answered" in staff
    assert "their answers may be shown even if only you could answer them" in staff
    assert "with your role when at least three people in your role answered, otherwise" in staff
    assert "named self-assessment" in staff and "not anonymous" in staff
    stricter = dataclasses.replace(npt, scoring=dataclasses.replace(npt.scoring, min_role_group=5))
    alone = flat(" ".join(build_questionnaire([stricter], role="gp").intro()))
    assert "at least five people answered the question" in alone
    five = CATALOGUE.get("five-mechanisms")
    assert five is not None
    strict_five = dataclasses.replace(
        five, scoring=dataclasses.replace(five.scoring, min_role_group=5)
    )
    clients = build_questionnaire([strict_five], role="client")
    assert clients.item_count > 0
    assert "only shown when at least five people have answered" in flat(" ".join(clients.intro()))
    # With several frameworks, the promise is the one every framework keeps: the smallest.
    rainbow = CATALOGUE.get("rainbow")
    assert rainbow is not None
    mixed = flat(" ".join(build_questionnaire([stricter, rainbow], role="gp").intro()))
    assert "at least three people answered the question" in mixed


@pytest.mark.parametrize(
    ("template", "service", "site", "worded"),
    [
        ("At {site}, {service} helps.", "{site} team", "Oak", "At Oak, {site} team helps."),
        ("{service} at {site}.", "Connectors", "{service} House", "Connectors at {service} House."),
        ("{service} helps.", None, None, "The social prescribing service helps."),
    ],
)
def test_a_name_is_put_in_once_as_given(
    template: str, service: str | None, site: str | None, worded: str
) -> None:
    """The placeholders were filled one after the other, so a service named "{site} team"
    became the site's name ("At Oak, Oak team helps."): each placeholder is filled once,
    with the name exactly as given."""
    from readiness.framework.model import fill_placeholders

    assert fill_placeholders(template, service, site) == worded

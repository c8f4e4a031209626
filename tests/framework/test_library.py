"""The shared action library: one step, one id, one owner who can do it; no near-duplicates."""

from __future__ import annotations

import difflib
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest

from readiness.api import load
from readiness.errors import InputError
from readiness.framework.library import check_library
from readiness.framework.load import load_catalogue
from readiness.framework.model import Action
from readiness.resources import frameworks_dir
from readiness.scoring.engine import score_assessment

from ..helpers import DATA, REPO, RIVERSIDE, RIVERSIDE_BASELINE, RunCli

CATALOGUE = load_catalogue()
LIBRARY = CATALOGUE.library.actions
NEWEST = list(CATALOGUE.frameworks.values())

# Words that carry no meaning of their own; the rest are cut to six letters so that "refer",
# "referral" and "referrals" count as one word.
_STOP_TEXT = (
    "a an the and or of to for in on at by with from as is are be each every its their they "
    "them this that it who what which how when where than so not no all any one two three per "
    "into over about rather our we you your"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
NEAR_DUPLICATE = 0.35


def content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w[:6] for w in words if w not in STOP_WORDS]


def similarity(a: Action, b: Action) -> float:
    """difflib's ratio over the actions' normalised words (0 unrelated, 1 the same)."""
    return difflib.SequenceMatcher(None, content_words(a.text), content_words(b.text)).ratio()


def bundled_actions() -> list[Action]:
    """The library's actions and any inline action of a bundled framework's newest version."""
    inline = [a for f in NEWEST for a in f.actions.values() if a.id not in LIBRARY]
    return [*LIBRARY.values(), *inline]


def test_no_two_bundled_actions_share_an_owner_and_near_identical_text() -> None:
    close = [
        (a.id, b.id, round(similarity(a, b), 2))
        for a, b in itertools.combinations(bundled_actions(), 2)
        if a.owner == b.owner and similarity(a, b) >= NEAR_DUPLICATE
    ]
    assert close == [], "merge these into one library action"


def test_the_measure_catches_the_near_duplicates_version_1_had() -> None:
    """The threshold is not vacuous: it flags pairs the review found in 1.0.0."""
    v1 = {a.id: a for f in CATALOGUE.all() if f.version == "1.0.0" for a in f.actions.values()}
    for first, second in (
        ("national-codes", "snomed-coding"),
        ("supervision", "supervision-monthly"),
        ("flexible-access", "accessible-offer"),
    ):
        assert similarity(v1[first], v1[second]) >= NEAR_DUPLICATE, (first, second)


@pytest.mark.parametrize(
    ("group", "now"),
    [
        (("measures-review", "review-measures"), "measures-review"),
        (("national-codes", "snomed-coding"), "national-codes"),
        (("supervision", "supervision-monthly"), "professional-supervision"),
        (("flexible-access", "accessible-offer"), "home-visits"),
        (("team-meetings", "joint-case-review", "mdt-slot"), "mdt-slot"),
        (("pay-and-progression", "retention-plan"), "retention-plan"),
        (("vcse-capacity", "fund-vcse"), "vcse-funding"),
        (("equity-monitoring", "reach-audit"), "reach-audit"),
    ],
)
def test_the_reviews_near_duplicates_are_one_action_now(group: tuple[str, ...], now: str) -> None:
    assert now in LIBRARY
    assert [i for i in group if i in LIBRARY and i != now] == [], group


def test_vague_actions_of_version_1_are_gone() -> None:
    for vague in (
        "fund-vcse",
        "remove-blocks",
        "relationship-issues",
        "value-non-medical",
        "resource-review",
        "pooled-budget",
    ):
        assert vague not in LIBRARY


def test_every_library_action_is_raised_by_a_bundled_framework() -> None:
    raised = {a for f in NEWEST for a in f.actions}
    assert set(LIBRARY) == raised


def test_pcn_wide_steps_belong_to_the_pcn_lead() -> None:
    for action_id in (
        "secure-funding",
        "clinical-system-access",
        "service-agreement",
        "population-search",
        "referral-pathway",
        "named-clinician",
    ):
        assert LIBRARY[action_id].owner == "pcn_lead", action_id


def test_system_access_allows_for_the_steps_vcse_hosted_staff_need() -> None:
    access = LIBRARY["clinical-system-access"]
    assert access.timeframe == "3-6 months"
    for step in ("DPIA", "data-sharing agreement", "honorary contract", "smartcard"):
        assert step in access.text


def test_supervision_makes_no_unconfirmed_national_claim() -> None:
    text = LIBRARY["professional-supervision"].text
    assert "local convention" in text and "NHS England expects" not in text


def test_the_same_step_raised_by_several_frameworks_is_one_line_of_the_plan() -> None:
    plan = score_assessment(load(RIVERSIDE)).actions
    ids = [p.action.id for p in plan]
    assert len(ids) == len(set(ids))
    shared = [p for p in plan if len({r.framework_id for r in p.raised_by}) > 1]
    assert shared, "some step is raised by two frameworks and listed once"
    # The baseline on 1.0.0 keeps its own plan (near-duplicates and all), as recorded.
    recorded = json.loads((DATA / "golden" / "riverside-baseline-scores.json").read_text())
    baseline = score_assessment(load(RIVERSIDE_BASELINE)).actions
    assert [p.action.id for p in baseline] == [a["id"] for a in recorded["actions"]]
    assert len(plan) < len(baseline)


def test_a_broken_library_says_where(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(
        "actions:\n"
        "  - {id: a, text: Do it., owner: practice_manager, timeframe: 0-3 months}\n"
        "  - {id: a, text: Do it again., owner: boss, timeframe: soon}\n"
    )
    library, problems = check_library(path)
    assert library is None
    messages = [str(p) for p in problems]
    assert any(f"{path}:3: actions[a].owner: unknown role 'boss'" in m for m in messages)
    assert any(f"{path}:3: actions[a].timeframe: unknown timeframe 'soon'" in m for m in messages)
    assert any("action id 'a' is used twice (first on line 2)" in m for m in messages)


def test_a_user_library_replaces_an_action_and_frameworks_use_it(tmp_path: Path) -> None:
    (tmp_path / "actions.yaml").write_text(
        "actions:\n"
        "  - id: room-booking\n"
        "    text: Book the community room at the health centre for link-worker clinics.\n"
        "    owner: pcn_lead\n"
        "    timeframe: 0-3 months\n"
    )
    catalogue = load_catalogue([tmp_path])
    assert catalogue.require("delivery-conditions").actions["room-booking"].owner == "pcn_lead"
    (tmp_path / "actions.yaml").write_text("actions: []\n")
    with pytest.raises(InputError, match="needs at least 1 entry"):
        load_catalogue([tmp_path])


def test_a_user_action_that_replaces_a_bundled_one_is_raised_in_its_place(
    tmp_path: Path,
) -> None:
    """`replaces:` in a user's library names bundled actions the new one stands for: every
    framework raising the old id raises the new action (it was ignored, and the bundled
    action raised, without a word)."""
    (tmp_path / "actions.yaml").write_text(
        "actions:\n"
        "  - id: funding-local\n"
        "    text: Agree the service's funding with the ICB's local enhanced service.\n"
        "    owner: pcn_lead\n"
        "    timeframe: 0-3 months\n"
        "    replaces: [secure-funding]\n"
    )
    catalogue = load_catalogue([tmp_path])
    raised = catalogue.require("five-mechanisms").actions
    assert raised["secure-funding"].id == "funding-local"
    assert "secure-funding" not in catalogue.library.actions
    assert catalogue.library.action("secure-funding").text.startswith("Agree the service's")


def test_an_action_adapted_under_its_own_id_still_stands_for_what_it_replaced(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The bundled `mdt-slot` replaced `case-examples-session`, which the 2.0.0 frameworks
    raise. A user's library that rewords `mdt-slot` alone (as the docs invite) made every
    command refuse those frameworks' files, while `validate` said the library was valid: the
    adapted action keeps the ids the one it adapts replaced."""
    assert set(LIBRARY["mdt-slot"].replaces) == {"case-examples-session", "non-medical-case-review"}
    (tmp_path / "actions.yaml").write_text(
        "actions:\n"
        "  - id: mdt-slot\n"
        "    text: Give link workers a slot at the Tuesday huddle in each practice.\n"
        "    owner: practice_manager\n"
        "    timeframe: 0-3 months\n"
    )
    catalogue = load_catalogue([tmp_path])
    older = catalogue.require("five-mechanisms@2.0.0").actions["case-examples-session"]
    assert older.id == "mdt-slot" and older.text.startswith("Give link workers a slot at the")
    assert catalogue.library.action("non-medical-case-review").id == "mdt-slot"
    listed = run_cli("frameworks", "list", "--frameworks-dir", tmp_path)
    assert listed.exit_code == 0, listed.output


def test_validating_a_framework_reports_the_broken_library_beside_it(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Loading the folder would refuse the library, so validating a file there says so."""
    shutil.copy(REPO / "frameworks" / "npt-3.0.0.yaml", tmp_path / "npt-3.0.0.yaml")
    library = tmp_path / "actions.yaml"
    library.write_text(
        "actions:\n  - {id: x, text: Do it., owner: doctor, timeframe: 0-3 months}\n"
    )
    result = run_cli("frameworks", "validate", tmp_path / "npt-3.0.0.yaml")
    assert result.exit_code == 1
    assert f"{library}:2: actions[x].owner: unknown role 'doctor'" in result.out
    assert f"{tmp_path / 'npt-3.0.0.yaml'}: valid" in result.out


def test_a_library_action_wrong_in_one_place_hides_no_replaced_action(tmp_path: Path) -> None:
    """An unknown owner in one action no longer hides that another replaces an action still
    in the library: both are told at once. A replaced id that is not text is the format's
    problem, not a crash."""
    path = tmp_path / "actions.yaml"
    path.write_text(
        "actions:\n"
        "  - {id: a, text: Do it., owner: boss, timeframe: 0-3 months}\n"
        "  - {id: b, text: Do it again., owner: practice_manager, timeframe: 0-3 months,\n"
        "     replaces: [a, {c: 1}]}\n"
    )
    library, problems = check_library(path)
    assert library is None
    messages = [str(p) for p in problems]
    assert any(f"{path}:2: actions[a].owner: unknown role 'boss'" in m for m in messages)
    assert any(
        "actions[b].replaces[#1]: 'a' is still an action in this library" in m for m in messages
    )


def test_a_library_of_yours_replaces_only_an_action_there_is(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """`replaces:` names the action yours takes the place of: a misspelt id replaced nothing,
    so the bundled action went on being raised and yours never was, without a word. It is
    refused at its line with the id meant; the bundled library's own `replaces:` (ids of
    earlier framework versions' actions) are not held to it."""
    (tmp_path / "actions.yaml").write_text(
        "actions:\n"
        "  - id: funding-12m\n"
        "    text: Get a 12-month funding letter for every post.\n"
        "    owner: commissioner\n"
        "    timeframe: 0-3 months\n"
        "    replaces: [secure-fundng]\n"
    )
    result = run_cli("frameworks", "validate", tmp_path / "actions.yaml")
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'actions.yaml'}:6: actions[funding-12m].replaces[#1]: 'secure-fundng' is "
        "no action of the library this one adds to (did you mean 'secure-funding'?)"
    ) in result.out
    result = run_cli("score", RIVERSIDE, "--frameworks-dir", tmp_path)
    assert result.exit_code == 1 and "'secure-fundng' is no action" in result.err
    assert run_cli("frameworks", "validate", frameworks_dir() / "actions.yaml").exit_code == 0


def test_two_frameworks_of_yours_give_one_action_id_one_meaning(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Each framework of yours is valid alone, but both name their own action `my-act` in
    other words: a site answering both would get a plan listing `my-act` twice, which it
    could not read back. The second is refused, naming the first."""
    corpus = (DATA / "frameworks" / "broken" / "duplicate-action-id.yaml").read_text()
    valid = corpus.split("\n", 1)[1].replace(
        "  - {id: fix, text: Fix it again, owner: practice_manager, timeframe: 3-6 months}"
        "  # <- error here\n",
        "",
    )
    mine = valid.replace("id: fix", "id: my-act").replace("[fix]", "[my-act]")
    (tmp_path / "mine-0.1.yaml").write_text(mine)
    other = mine.replace("id: mini", "id: other").replace("text: Fix it,", "text: Mend it,")
    (tmp_path / "other-0.1.yaml").write_text(other)
    result = run_cli("frameworks", "validate", tmp_path / "mine-0.1.yaml")
    assert result.exit_code == 0, result.out
    result = run_cli(
        "frameworks", "validate", tmp_path / "mine-0.1.yaml", tmp_path / "other-0.1.yaml"
    )
    assert result.exit_code == 1
    message = (
        f"{tmp_path / 'other-0.1.yaml'}: actions[my-act]: 'my-act' is also an action of "
        f"{tmp_path / 'mine-0.1.yaml'} in other words"
    )
    assert message in result.out
    result = run_cli("score", RIVERSIDE, "--frameworks-dir", tmp_path)
    assert result.exit_code == 1 and message in result.err


def test_a_copy_of_a_bundled_framework_keeps_its_published_action_ids(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """helper-62 2: an unchanged copy of a bundled 1.0.0 file, which keeps actions of the
    library's ids in the words it published before the library, was refused, and so was
    every command given its folder. A copy keeps those words; other words are refused."""
    copies = sorted(frameworks_dir().glob("*-1.0.0.yaml"))
    assert len(copies) == 4
    mine = tmp_path / "mine"
    mine.mkdir()
    for path in copies:
        shutil.copy(path, mine / path.name)
        validated = run_cli("frameworks", "validate", mine / path.name)
        assert validated.exit_code == 0, validated.output
    listed = run_cli("frameworks", "list", "--frameworks-dir", mine)
    assert listed.exit_code == 0, listed.output
    # The same id in words of its own is still refused.
    text = (mine / "delivery-conditions-1.0.0.yaml").read_text(encoding="utf-8")
    published = "      Hold exit and stay interviews, and agree a retention plan"
    assert published in text
    (mine / "delivery-conditions-1.0.0.yaml").write_text(
        text.replace(published, "      Hold exit interviews, and agree a retention plan", 1),
        encoding="utf-8",
    )
    refused = run_cli("frameworks", "validate", mine / "delivery-conditions-1.0.0.yaml")
    assert refused.exit_code == 1
    assert "actions[retention-plan]: 'retention-plan' is the id of an action of the library" in (
        refused.output
    )

"""Framework validation: broken files say what is wrong and where, all at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.errors import InputError
from readiness.framework.checks import load_framework
from readiness.framework.load import load_catalogue
from readiness.framework.validate import check_in_context
from readiness.resources import frameworks_dir

from ..helpers import DATA

BROKEN = sorted((DATA / "frameworks" / "broken").glob("*.yaml"))


def _expectations(path: Path) -> tuple[list[str], int | None]:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    expected = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    marked = [n for n, line in enumerate(raw.split(b"\n"), 1) if b"# <- error here" in line]
    return expected, marked[0] if marked else None


def test_broken_corpus_covers_every_kind_of_error() -> None:
    assert len(BROKEN) >= 40


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_framework_reports_message_and_line(path: Path) -> None:
    """Each file is checked as `frameworks validate` checks it: on its own, then against the
    catalogue (items asked in another framework, change records)."""
    expected, line = _expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    [checked] = check_in_context([path])
    assert not checked.valid
    errors = [p for p in checked.problems if p.severity == "error"]
    rendered = [str(p) for p in errors]
    for fragment in expected:
        matching = [p for p in errors if fragment in str(p)]
        assert matching, f"{fragment!r} not in {rendered}"
        if line is not None:
            assert matching[0].line == line, rendered
        assert str(matching[0]).startswith(str(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    broken = source.replace("scale: agree3", "scale: agree9\n        wieght: 2").replace(
        "owner: practice_manager", "owner: boss"
    )
    path = tmp_path / "many.yaml"
    path.write_text(broken)
    with pytest.raises(InputError) as info:
        load_framework(path)
    messages = [p.message for p in info.value.problems if p.severity == "error"]
    assert len(messages) == 3, messages


def test_user_framework_replaces_bundled_one_with_same_id_and_version(tmp_path: Path) -> None:
    source = (frameworks_dir() / "npt-2.0.0.yaml").read_text()
    (tmp_path / "npt-local.yaml").write_text(source.replace("NoMAD questionnaire", "NoMAD"))
    catalogue = load_catalogue([tmp_path])
    npt = catalogue.require("npt")
    assert npt.path == tmp_path / "npt-local.yaml"
    assert catalogue.overridden["npt@2.0.0"].name == "npt-2.0.0.yaml"
    assert catalogue.versions_of("npt") == ["1.0.0", "2.0.0"]


def test_user_framework_with_a_new_version_is_added_beside_and_becomes_default(
    tmp_path: Path,
) -> None:
    source = (frameworks_dir() / "npt-2.0.0.yaml").read_text()
    (tmp_path / "npt-local.yaml").write_text(
        source.replace('version: "2.0.0"', 'version: "2.1.0-local"').replace(
            'from: "1.0.0"', 'from: "2.0.0"'
        )
    )
    catalogue = load_catalogue([tmp_path])
    assert catalogue.versions_of("npt") == ["1.0.0", "2.0.0", "2.1.0-local"]
    assert catalogue.require("npt").version == "2.1.0-local"
    assert catalogue.require("npt@2.0.0").path.name == "npt-2.0.0.yaml"
    assert not catalogue.overridden

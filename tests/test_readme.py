"""The README and the manual hold: the module map (docs/development.md) matches the tree, the
Python example (docs/api.md) runs, and the README's tour shows real commands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import readiness

from .helpers import REPO, RunCli


def _module_map() -> str:
    development = (REPO / "docs" / "development.md").read_text(encoding="utf-8")
    return development.split("```text\n", 1)[1].split("\n```", 1)[0]


def test_every_module_is_on_the_map_and_the_map_names_only_modules() -> None:
    text = _module_map()
    package = REPO / "readiness"
    modules = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    folders = {str(p.relative_to(package)) for p in package.iterdir() if p.is_dir()} - {
        "__pycache__",
        "_bundled",
    }
    shown: set[str] = set()
    folder = ""
    for line in text.splitlines()[1:]:
        start = re.match(r"  (\w+)/", line)
        if start:
            folder = start.group(1)
        elif not line.startswith("    "):
            folder = ""
        # A module in a subfolder is written with it: scores/data.py.
        for name in re.findall(r"(?<![\w/])((?:\w+/)?\w+)\.py\b", line):
            shown.add(f"{folder}/{name}.py" if folder else f"{name}.py")
    assert {f"{f}/" for f in folders} <= {m.group(0).strip() for m in re.finditer(r" \w+/", text)}
    assert shown - {"__init__.py"} == modules


@pytest.mark.slow
def test_the_python_api_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    code = page.split("```python\n", 1)[1].split("\n```", 1)[0]
    before_filling, after_filling = code.split("# ... and once a GP has filled one in:\n")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(before_filling, "docs/api.md", "exec"), namespace)  # as a reader would run it
    form = tmp_path / "gp.yaml"
    text = form.read_text(encoding="utf-8").replace("    CO1:\n", "    CO1: agree\n", 1)
    form.write_text(text.replace("id:       #", "id: g1 #", 1), encoding="utf-8")
    exec(compile(after_filling, "docs/api.md", "exec"), namespace)
    for written in ("scores.csv", "riverside.pdf", "progress.pdf", "gp.xlsx", "portfolio.csv"):
        assert (tmp_path / written).stat().st_size > 0, written
    assert sorted(p.name for p in (tmp_path / "reports").glob("*.pdf")) == [
        "oakfield-practice.pdf",
        "riverside-pcn.pdf",
    ]
    assert (tmp_path / "examples" / "riverside-pcn" / "plan.yaml").is_file()
    assert readiness.load(tmp_path / "riverside").respondents[0].answers["npt"]["CO1"].value == 4


def test_the_tour_uses_real_commands_and_options(run_cli: RunCli) -> None:
    """Every `readiness ...` line of the README's tour names a command and options it has."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A five-minute tour", 1)[1].split("```sh\n", 1)[1].split("\n```")[0]
    lines = [line.split("#")[0].split() for line in tour.splitlines()]
    commands = [words for words in lines if words and words[0] == "readiness"]
    assert [words[1] for words in commands] == [
        "questionnaire",
        "import",
        "status",
        "import",
        "score",
        "score",
        "report",
        "report",
        "review",
        "import",
    ]
    for words in commands:
        help_text = run_cli(words[1], "--help").out
        for option in (w for w in words[2:] if w.startswith("-")):
            assert option in help_text, f"readiness {words[1]} has no {option}"


def test_the_readme_links_only_to_pages_that_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)\)", readme)
    assert "docs/scoring.md" in targets
    for target in targets:
        assert (REPO / target).exists(), target

"""The README's module map matches the tree: every module is on it, and nothing else."""

from __future__ import annotations

import re

from .helpers import REPO


def _module_map() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    development = readme.split("## Development", 1)[1]
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
        for name in re.findall(r"\b(\w+)\.py\b", line):
            shown.add(f"{folder}/{name}.py" if folder else f"{name}.py")
    assert {f"{f}/" for f in folders} <= {m.group(0).strip() for m in re.finditer(r" \w+/", text)}
    assert shown - {"__init__.py"} == modules

"""The quick way of building a YAML file's values (no lines until asked for) gives exactly
what the careful, line-aware way gives, or hands the file to it: the same values, the same
lines and the same errors, for a corpus of tricky YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.errors import InputError
from readiness.yamlio import _careful, parse_yaml

from .helpers import OAKFIELD, REPO, RIVERSIDE

P = Path("t.yaml")

TRICKY = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: true\nh: False\ni: TRUE\n",
    "a: 0400\nb: 6:40\nc: 0x1F\nd: 1_000\ne: 0o17\nf: +12\ng: -0\nh: 007\n",
    "a: 1.5\nb: .5\nc: 1e3\nd: -2.5E-2\ne: 1.\nf: 1_000.5\ng: 3.0\n",
    "a: .inf\nb: -.Inf\nc: .nan\n",
    "a: 12345678901234567890\nb: 0.1000000000000000055511151231257827\n",
    "a: ~\nb: null\nc: Null\nd:\ne: ''\nf: \"\"\n",
    "a: 2026-10-01\nb: 2026-13-45\nc: 2026-10-01 12:30:00\n",
    "a: 2026-10-01\nb: '2026-10-01'\n",
    "1: a\nno: b\n3.5: c\n~: d\n",
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "a: !!str 12\nb: !!int '12'\nc: !!float '0x1F'\nd: !!int 6:40\n",
    "a: !!binary aGk=\n",
    "a: !!set {x, y}\n",
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !custom x\n",
    "? [1, 2]\n: x\n",
    "? {a: 1}\n: x\n",
    "base: &b {x: 1, y: [1, 2]}\ncopy: *b\nalso: *b\n",
    "<<: {a: 1}\nb: 2\n",
    "a: &x 5\nb: *x\n",
    "a: [&l [1, 2], *l, *l]\n",
    "a: |\n  two\n  lines\nb: >\n  folded\n  text\n",
    "- id: A1\n  x: 1\n- code: B2\n  y: [a, b]\n- plain\n",
    "answers:\n  npt:\n    CO1: agree\n    CO2: dont_know\n    G1: 10\n",
    "a: !!map {b: 1}\nb: !!seq [1]\nc: !!str {d: 1}\n",
    "a: !!map x\n",
    "a: !!null ''\nb: !!bool 'true'\nc: !!bool yes\n",
    "a: !!timestamp 2026-10-01\n",
    "a: 'yes'\nb: \"on\"\nc: 'true'\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a:\n\t- x\n",
    "",
    "# only a comment\n",
    "just text\n",
    "[1, 2, 3]\n",
    "a: b: c\n",
]


def _outcome(text: str, quick: bool) -> tuple[str, Any]:
    try:
        doc = _careful(text, P, quick=quick)
    except InputError as exc:
        return "error", [str(p) for p in exc.problems]
    return "data", (doc.data, {at: doc.line(at) for at in _paths(doc.data)})


def _paths(value: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path in a value, and one that is not there under each."""
    out = [at, (*at, "missing")]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*at, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*at, index))
    return out


@pytest.mark.parametrize("text", TRICKY)
def test_quick_and_careful_agree_on_tricky_yaml(text: str) -> None:
    assert _outcome(text, quick=True) == _outcome(text, quick=False)


@pytest.mark.parametrize(
    "path",
    [
        OAKFIELD,
        RIVERSIDE / "site.yaml",
        *sorted((RIVERSIDE / "respondents").iterdir()),
        *sorted((REPO / "frameworks").glob("*.yaml")),
    ],
    ids=lambda p: p.name,
)
def test_quick_and_careful_agree_on_real_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(text, quick=True) == _outcome(text, quick=False)


def test_lines_are_found_when_first_asked_for() -> None:
    doc = parse_yaml(b"a: 1\nb:\n  - x: two\n", P)
    assert doc.line(("b", 0, "x")) == 3
    assert doc.lines[("a",)] == 1

"""The quick way of building a YAML file's values (no lines until asked for) gives exactly
what the careful, line-aware way gives, or hands the file to it: the same values, the same
lines and the same errors, for a corpus of tricky YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.errors import InputError
from readiness.yamlio import _careful, _simple_mapping, parse_yaml

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


# Files in the shape our importer writes, and near misses, for the simplest path of all.
SIMPLE = [
    'id: r01\nrole: gp\nversions:\n  npt: "3.0.0"\nanswers:\n  npt:\n    G1: 10\n    CO1: agree\n',
    "a: 2.0\nb: 0.5\nc: 10.25\nd: 0\ne: 007\nf: 1.\ng: 1e3\n",
    "a:\nb:\n  c:\n  d: x\ne:\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  b: 1\n   c: 2\n",
    "  a: 1\n  b: 2\n",
    "a: 1\n  b: 2\n",
    "a: 1\n# a comment\n   # another\n\nb: 2   \n",
    "a: x # comment\n",
    "a: true\n",
    "a: Null\n",
    "a: no\nb: yes\nc: on\nd: y\n",
    "a: 'it''s'\n",
    "a: 'x y'\nb: \"x 'y'\"\nc: \"a\\tb\"\n",
    'a: "x" y\n',
    "a:b\n",
    "a : b\n",
    "a: b\na: c\n",
    "a:\n  b: 1\nb:\n  b: 2\n",
    "a: b\r\nc: d\r\n",
    "a: caf\u00e9\n",
    "# x\u2028b: 1\na: 2\n",
    "a: 1\n---\n",
    "a: 1\n...\n",
    "-a: 1\n",
    "a-b_c: -1\n",
    # An empty mapping, as a respondent file records that no framework was adapted.
    "imported_from:\n  adapted: {}\n  imported_on: x\n",
    "a: {}\nb: 1\n",
    "a: {} \n",
    "a: {}  # none\n",
    "a: { }\n",
    "a: {}x\n",
    "a: {}\n  b: 1\n",
    "a: +1\n",
    "a: 123456789012345\nb: 1234567890123456\n",
    "a: \x01\n",
    "a: 1\n\x0cb: 2\n",
    # Nested deeper than any readiness file: refused, as the parser refuses it.
    "".join(f"{' ' * n}k{n}:\n" for n in range(101)) + f"{' ' * 101}leaf: x\n",
    "".join(f"{' ' * n}k{n}:\n" for n in range(99)) + f"{' ' * 99}leaf: x\n",
]


def _typed(value: Any) -> Any:
    """A value with every type and key order spelt out, so 1 never equals 1.0 or True."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _mutations(text: str) -> list[str]:
    """Small edits of a real file: each character removed, doubled or swapped for another."""
    out = []
    for at in range(0, len(text), 3):
        out.append(text[:at] + text[at + 1 :])
        out.append(text[:at] + text[at] + text[at:])
        for other in (" ", ":", "\n", "#", "'", '"', "-", "0", ".", "t"):
            out.append(text[:at] + other + text[at + 1 :])
    return out


def test_the_simple_path_gives_what_the_parser_gives() -> None:
    respondent = (RIVERSIDE / "respondents").iterdir()
    real = [p.read_text(encoding="utf-8") for p in sorted(respondent)]
    texts = TRICKY + SIMPLE + real + [m for text in real[:2] + SIMPLE[:3] for m in _mutations(text)]
    taken = 0
    for text in texts:
        simple = _simple_mapping(text)
        if simple is None:
            continue
        taken += 1
        assert _typed(simple) == _typed(_careful(text, P).data), text
        assert _outcome(text, quick=True) == _outcome(text, quick=False)
    assert taken > len(real)  # the real files, and many near misses, take it


@pytest.mark.parametrize("text", SIMPLE)
def test_parse_yaml_agrees_with_the_careful_way_on_near_misses(text: str) -> None:
    try:
        doc = parse_yaml(text.encode("utf-8"), P)
        got: tuple[str, Any] = ("data", (doc.data, {at: doc.line(at) for at in _paths(doc.data)}))
    except InputError as exc:
        got = ("error", [str(p) for p in exc.problems])
    assert got == _outcome(text, quick=False)

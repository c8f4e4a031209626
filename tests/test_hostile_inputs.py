"""Whatever bytes a user hands over, readiness answers with a result or a clear input error."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readiness.collect.importer import import_files
from readiness.errors import InputError, ReadinessError
from readiness.framework.load import load_catalogue
from readiness.yamlio import parse_yaml

CATALOGUE = load_catalogue()
YAML_BITS = st.sampled_from(
    [
        b"a: ",
        b"- ",
        b"\n",
        b"  ",
        b"&x ",
        b"*x",
        b"!!python/name:x",
        b"{",
        b"}",
        b"[",
        b"]",
        b"'",
        b'"',
        b"\t",
        b"#",
        b"? ",
        b": ",
        b"yes",
        b"2026-13-45",
        b"\xff",
        b"\x00",
        b"---",
        b"...",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(YAML_BITS, st.binary(max_size=8)), max_size=40))
def test_yaml_reader_never_crashes(parts: list[bytes]) -> None:
    with contextlib.suppress(InputError):
        parse_yaml(b"".join(parts), Path("fuzz.yaml"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([".csv", ".yaml", ".xlsx", ".pdf"]))
def test_importer_never_crashes(tmp_path: Path, data: bytes, suffix: str) -> None:
    source = tmp_path / f"input{suffix}"
    source.write_bytes(data)
    with contextlib.suppress(InputError, ReadinessError):
        import_files([source], tmp_path / "site", CATALOGUE, site="S", role="gp")


MUTATION_SOURCES = [
    Path(__file__).parent.parent / "frameworks" / "npt-2.0.0.yaml",
    Path(__file__).parent.parent / "frameworks" / "delivery-conditions-2.0.0.yaml",
    Path(__file__).parent.parent / "examples" / "oakfield-practice.yaml",
]
SNIPPETS = [
    " ",
    ":",
    "-",
    "{",
    '"',
    "x",
    "9",
    "\t",
    "",
    "[",
    "&a ",
    "*a",
    "-1",
    "1e309",
    "null",
    "~",
    ".nan",
    "true",
    "{a: 1}",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# A change record whose new id became invalid ('DC19' -> 'D 19') reached did_you_mean as the
# schema's placeholder and crashed.
@example(MUTATION_SOURCES[1], [(0, 0, " ", 0), (0, 0, " ", 1), (676, 6772, " ", 2)])
@given(
    st.sampled_from(MUTATION_SOURCES),
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.sampled_from(SNIPPETS),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_mutated_files_never_crash(
    tmp_path: Path, source: Path, edits: list[tuple[int, int, str, int]]
) -> None:
    """Real files with small typos (deleted, repeated or edited lines) are always either
    accepted or rejected with an input error, never an internal one."""
    from readiness.assessment.load import load_assessment
    from readiness.framework.checks import check_framework
    from readiness.scoring.engine import score_framework

    lines = source.read_text(encoding="utf-8").splitlines()
    for line_pick, column_pick, snippet, operation in edits:
        index = line_pick % len(lines)
        if operation == 0:
            del lines[index]
        elif operation == 1:
            lines.insert(index, lines[column_pick % len(lines)])
        elif lines[index]:
            col = column_pick % len(lines[index])
            lines[index] = lines[index][:col] + snippet + lines[index][col + 1 :]
    mutated = tmp_path / f"mutated{source.suffix}"
    mutated.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if source.parent.name == "frameworks":
        framework, _ = check_framework(mutated)
        if framework is not None:
            score_framework(framework, [])
    else:
        with contextlib.suppress(InputError):
            load_assessment(mutated, CATALOGUE)

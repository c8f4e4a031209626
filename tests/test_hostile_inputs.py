"""Whatever bytes a user hands over, readiness answers with a result or a clear input error."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.catalogue import load_catalogue
from readiness.errors import InputError, ReadinessError
from readiness.importer import import_files
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

"""Imports: never overwrite, never half-write, refuse what was already imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.collect.importer import import_files
from readiness.errors import InputError
from readiness.framework.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def test_import_never_overwrites_and_refuses_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    folder = tmp_path / "site"
    first = import_files([source], folder, CATALOGUE, site="S")
    assert first[0].respondent_id == "r01"
    before = (folder / "respondents" / "r01.yaml").read_bytes()
    with pytest.raises(InputError, match="already imported"):
        import_files([source], folder, CATALOGUE)
    other = tmp_path / "b.yaml"
    other.write_text("id: r01\nrole: gp\nanswers: {five-mechanisms: {SD1: disagree}}\n")
    second = import_files([other], folder, CATALOGUE)
    assert second[0].respondent_id == "r02"  # r01 is taken: a new id, not an overwrite
    assert (folder / "respondents" / "r01.yaml").read_bytes() == before
    third = tmp_path / "c.yaml"
    third.write_text("role: gp\nanswers: {five-mechanisms: {SD1: neutral}}\n")
    with pytest.raises(InputError, match="respondent 'r01' already exists"):
        import_files([third], folder, CATALOGUE, respondent="r01")


def test_a_failed_import_writes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agree}}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("role: gp\nanswers: {five-mechanisms: {SD1: agreed}}\n")
    with pytest.raises(InputError) as info:
        import_files([good, bad], tmp_path / "site", CATALOGUE, site="S")
    assert "'agreed' is not one of the answers for SD1 (did you mean 'Agree'?)" in str(info.value)
    assert not (tmp_path / "site").exists()


def test_version_mismatch_names_both_versions(tmp_path: Path) -> None:
    source = tmp_path / "old.yaml"
    source.write_text("role: gp\nversions: {npt: '0.9'}\nanswers: {npt: {CO1: agree}}\n")
    with pytest.raises(InputError) as info:
        import_files([source], tmp_path / "site", CATALOGUE, site="S")
    assert "these answers are for npt version 0.9, which is not installed (installed: 1.0.0, " in (
        str(info.value)
    )

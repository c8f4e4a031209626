"""The framework format declared once: its JSON Schema matches the checker and is committed."""

from __future__ import annotations

import json

import jsonschema
import pytest

from readiness.api import framework_schema
from readiness.framework.load import framework_files
from readiness.resources import frameworks_dir
from readiness.yamlio import load_yaml

from ..helpers import DATA, REPO, RunCli


def test_schema_is_json_and_accepts_the_bundled_frameworks(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.out)
    jsonschema.Draft7Validator.check_schema(schema)
    for path in framework_files(frameworks_dir()):
        jsonschema.validate(load_yaml(path).data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            load_yaml(DATA / "frameworks" / "broken" / "unknown-key-typo.yaml").data, schema
        )


def test_committed_schema_file_is_current() -> None:
    committed = (REPO / "frameworks" / "framework.schema.json").read_text(encoding="utf-8")
    assert committed.strip() == framework_schema().strip(), (
        "regenerate with: readiness frameworks schema > frameworks/framework.schema.json"
    )


def test_action_library_schema_is_current_and_accepts_the_library(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "schema", "--actions")
    assert result.exit_code == 0
    schema = json.loads(result.out)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(load_yaml(frameworks_dir() / "actions.yaml").data, schema)
    committed = (REPO / "frameworks" / "actions.schema.json").read_text(encoding="utf-8")
    assert committed.strip() == framework_schema(library=True).strip(), (
        "regenerate with: readiness frameworks schema --actions > frameworks/actions.schema.json"
    )

"""Every JSON data file under knowledge/ has a JSON Schema beside it and keeps to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ficscope import knowledge

ROOT = Path(knowledge.__file__).resolve().parent
SCHEMA_SUFFIX = ".schema.json"
# One schema serves every fandom pack; it stands beside fandoms/, whose every .json is a pack.
PACK_SCHEMA = ROOT / "fandom_pack.schema.json"

DATA_FILES = sorted(p for p in ROOT.rglob("*.json") if not p.name.endswith(SCHEMA_SUFFIX))
SCHEMA_FILES = sorted(ROOT.rglob(f"*{SCHEMA_SUFFIX}"))


def schema_for(data_file: Path) -> Path:
    if data_file.parent == ROOT / "fandoms":
        return PACK_SCHEMA
    return data_file.with_name(data_file.name.removesuffix(".json") + SCHEMA_SUFFIX)


def _validator(schema_file: Path) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))


def _problems(schema_file: Path, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(schema_file).iter_errors(data)]


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA_FILES
    for schema_file in SCHEMA_FILES:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", schema_file.name
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_json_data_file_keeps_to_its_schema(data_file: Path) -> None:
    schema_file = schema_for(data_file)
    assert schema_file.is_file(), f"{data_file.relative_to(ROOT)} has no schema {schema_file.relative_to(ROOT)}"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert _problems(schema_file, data) == []


def test_every_schema_describes_a_data_file() -> None:
    described = {schema_for(p) for p in DATA_FILES}
    assert [s.relative_to(ROOT) for s in SCHEMA_FILES if s not in described] == []


def test_the_pack_schema_refuses_a_pack_with_an_unknown_gender_or_field() -> None:
    pack = {
        "fandom": "Example (TV)",
        "characters": [{"name": "Ann Example", "gender": "female", "age": 30}],
        "relationships": [],
    }
    problems = _problems(PACK_SCHEMA, pack)
    assert any(p.startswith("characters/0/gender:") for p in problems)
    assert any("'age' was unexpected" in p for p in problems)


def test_the_cues_schema_refuses_a_weight_outside_zero_to_one() -> None:
    cues = json.loads((ROOT / "warnings" / "cues.json").read_text(encoding="utf-8"))
    label = next(iter(cues["labels"].values()))
    next(iter(label["groups"].values()))["weight"] = 1.5
    problems = _problems(ROOT / "warnings" / "cues.schema.json", cues)
    assert any("weight" in p and "1.5" in p for p in problems)

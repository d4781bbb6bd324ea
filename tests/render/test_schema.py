"""The analysis JSON schema: it accepts what as_dict produces and rejects what breaks the contract."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from ficscope.model import Analysis, TagSuggestion
from ficscope.render.json import as_dict, dumps
from ficscope.schema import load_schema, validate

if TYPE_CHECKING:
    from jsonschema import ValidationError

jsonschema = pytest.importorskip("jsonschema")  # a test dependency; validate() needs it

Edit = Callable[[dict[str, Any]], None]


def _rejected(analysis: Analysis, edit: Edit) -> ValidationError:
    data = copy.deepcopy(as_dict(analysis))
    edit(data)
    with pytest.raises(jsonschema.ValidationError) as caught:
        validate(data)
    return caught.value


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"] == {"const": "1"}


def test_load_schema_returns_a_fresh_copy() -> None:
    load_schema()["properties"].clear()
    assert "work" in load_schema()["properties"]


def test_schema_accepts_minimal_analysis(minimal: Analysis) -> None:
    validate(as_dict(minimal))


def test_schema_accepts_full_analysis(full: Analysis) -> None:
    validate(as_dict(full))


def test_schema_accepts_the_printed_json(full: Analysis) -> None:
    validate(json.loads(dumps(full)))


def test_hand_built_spans_match_their_chapter_text(full: Analysis) -> None:
    # The schema can only check lengths; the builders must also get the text right.
    spans = [span for layout in full.layout for span in (*layout.scene_breaks, *layout.author_notes, *layout.pov_headers)]
    spans += [span for finding in full.warnings for span in finding.evidence]
    spans += [span for relationship in full.relationships for span in relationship.evidence]
    spans += full.quotes  # type: ignore[arg-type]
    for span in spans:
        assert full.work.chapter(span.chapter).text[span.start : span.end] == span.text


def test_schema_allows_added_fields(full: Analysis) -> None:
    data = as_dict(full)
    data["new_top_level"] = {"anything": True}
    data["work"]["new_field"] = 1
    data["warnings"][0]["new_field"] = "x"
    validate(data)


@pytest.mark.parametrize("rating", ["Teen", "Not Rated", "explicit", ""])
def test_schema_rejects_a_rating_ao3_does_not_have(full: Analysis, rating: str) -> None:
    _rejected(full, lambda data: data.update(rating=rating))


def test_schema_accepts_no_rating(full: Analysis) -> None:
    data = as_dict(full)
    data["rating"] = None
    validate(data)


def _set_warning(index: int, **fields: Any) -> Edit:
    return lambda data: data["warnings"][index].update(fields)


@pytest.mark.parametrize(
    "edit",
    [
        _set_warning(0, label="gore"),  # not one of the 32 PAN 2023 labels
        _set_warning(0, label="Blood"),  # labels are spelled exactly
        _set_warning(1, label="Major character death"),
        _set_warning(1, label="violence"),  # a trigger label under the ao3 scheme
        _set_warning(0, label="Rape/Non-Con"),  # an ao3 label under the trigger scheme
        _set_warning(0, scheme="pan"),
        _set_warning(0, severity="mild"),
        _set_warning(0, confidence=1.5),
    ],
    ids=["unknown-trigger", "trigger-case", "ao3-case", "trigger-as-ao3", "ao3-as-trigger", "scheme", "severity", "confidence"],
)
def test_schema_rejects_a_malformed_warning(full: Analysis, edit: Edit) -> None:
    assert list(_rejected(full, edit).absolute_path)[:1] == ["warnings"]


def test_schema_accepts_every_archive_warning_and_a_trigger_label(full: Analysis) -> None:
    from ficscope.model import ARCHIVE_WARNINGS

    data = as_dict(full)
    for label in ARCHIVE_WARNINGS:
        data["warnings"][1]["label"] = label
        validate(data)
    data["warnings"][0]["label"] = "animal-cruelty"
    validate(data)


@pytest.mark.parametrize(
    "path",
    [
        ("warnings",),
        ("schema_version",),
        ("work", "title"),
        ("work", "declared", "rating"),
        ("stats", "words"),
        ("chapters", 0, "sections"),
        ("characters", 0, "pov"),
        ("relationships", 0, "kind"),
        ("quotes", 0, "speaker"),
        ("warnings", 0, "evidence"),
        ("warnings", 0, "evidence", 0, "text"),
    ],
    ids=lambda path: ".".join(map(str, path)),
)
def test_schema_rejects_a_missing_required_key(full: Analysis, path: tuple[str | int, ...]) -> None:
    def drop(data: dict[str, Any]) -> None:
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]

    error = _rejected(full, drop)
    assert error.validator == "required"
    assert repr(path[-1]) in error.message


@pytest.mark.parametrize(
    "edit",
    [
        lambda data: data.update(schema_version="2"),
        lambda data: data["stats"].update(words="86"),
        lambda data: data["stats"].update(dialogue_share=2),
        lambda data: data["work"].update(source_format="docx"),
        lambda data: data["work"].update(authors="fernwright"),
        lambda data: data.update(categories=["Romance"]),
        lambda data: data["relationships"][0].update(kind="enemies"),
        lambda data: data["characters"][0].update(pov="yes"),
        lambda data: data["chapters"][0]["sections"][0].update(pov_source="guessed"),
        lambda data: data["quotes"][0].update(chapter=0),
        lambda data: data["quotes"][0].update(start=-1),
    ],
    ids=[
        "version", "words-type", "share-range", "source-format", "authors-type", "category",
        "relationship-kind", "pov-type", "pov-source", "chapter-zero", "negative-start",
    ],
)
def test_schema_rejects_a_wrong_type_or_value(full: Analysis, edit: Edit) -> None:
    _rejected(full, edit)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda data: data["quotes"][0].update(end=data["quotes"][0]["start"] - 1), "before start"),
        (lambda data: data["warnings"][0]["evidence"][0].update(text="the blood"), "characters but the span is"),
        (lambda data: data["warnings"][0]["evidence"][0].update(chapter=9), "chapter 9 does not exist"),
        (lambda data: data["chapters"][1]["sections"][0].update(end=10_000), "past the end of chapter 2"),
        (lambda data: data["chapters"][0]["scene_breaks"][0].update(chapter=2), "names chapter 2"),
    ],
    ids=["end-before-start", "text-length", "missing-chapter", "past-the-end", "wrong-chapter"],
)
def test_validate_rejects_offsets_that_break_the_span_rule(full: Analysis, edit: Edit, message: str) -> None:
    error = _rejected(full, edit)
    assert message in error.message


def test_schema_accepts_tag_reasons_for_the_suggested_tags(full: Analysis) -> None:
    full.tag_reasons = [TagSuggestion("Grief", "mourning a death")]
    data = as_dict(full)
    assert data["tag_reasons"] == [{"tag": "Grief", "reason": "mourning a death"}]
    assert data["tags"] == ["Grief", "Lighthouses"]  # tags keep their meaning: names only
    validate(data)


@pytest.mark.parametrize(
    "edit",
    [
        lambda data: data.update(tag_reasons=[{"tag": "Grief"}]),
        lambda data: data.update(tag_reasons=[{"tag": "", "reason": "x"}]),
        lambda data: data.update(tag_reasons=[{"tag": "Fluff", "reason": "not a suggested tag"}]),
    ],
    ids=["no-reason", "empty-tag", "not-suggested"],
)
def test_schema_rejects_a_malformed_tag_reason(full: Analysis, edit: Edit) -> None:
    assert list(_rejected(full, edit).absolute_path)[:1] == ["tag_reasons"]

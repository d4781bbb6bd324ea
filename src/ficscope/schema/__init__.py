"""The analysis JSON schema (schema_version "1") and a validator for tests and tools.

``load_schema`` needs nothing beyond the standard library. ``validate`` needs
jsonschema, which is a *test* dependency only (the ``test`` extra): ficscope never
validates its own output at run time, tests and tools such as ``bench/`` do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILE = "analysis.schema.json"

__all__ = ["SCHEMA_FILE", "load_schema", "validate"]


def load_schema() -> dict[str, Any]:
    """The schema as a fresh dict (callers may change it without harming others)."""
    schema: dict[str, Any] = json.loads(files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` is a valid analysis.

    Besides the schema it checks what JSON Schema cannot say: every span and section
    has ``end >= start``, lies inside its chapter, and a span's ``text`` is exactly
    ``end - start`` characters long, and every tag reason is for a suggested tag. Requires jsonschema (a test dependency).
    """
    import jsonschema  # imported here: jsonschema is a test dependency, not a runtime one

    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise error
    offset_error = next(chain(_offset_errors(data), _tag_reason_errors(data)), None)
    if offset_error is not None:
        message, path = offset_error
        raise jsonschema.ValidationError(message, path=path)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _offset_errors(data: dict[str, Any]) -> Iterator[tuple[str, list[str | int]]]:
    """Cross-field offset rules, as (message, path) pairs; assumes the schema already holds."""
    lengths = {chapter["number"]: chapter["length"] for chapter in data["chapters"]}

    def check(item: dict[str, Any], path: list[str | int], chapter: int, has_text: bool) -> Iterator[tuple[str, list[str | int]]]:
        start, end = item["start"], item["end"]
        if chapter not in lengths:
            yield f"chapter {chapter} does not exist", [*path, "chapter"]
        elif end > lengths[chapter]:
            yield f"end {end} is past the end of chapter {chapter} ({lengths[chapter]} characters)", [*path, "end"]
        if end < start:
            yield f"end {end} is before start {start}", [*path, "end"]
        elif has_text and len(item["text"]) != end - start:
            yield f"text is {len(item['text'])} characters but the span is {end - start}", [*path, "text"]

    for index, chapter in enumerate(data["chapters"]):
        here: list[str | int] = ["chapters", index]
        for number, section in enumerate(chapter["sections"]):
            yield from check(section, [*here, "sections", number], chapter["number"], has_text=False)
        for key in ("scene_breaks", "author_notes", "pov_headers"):
            for number, span in enumerate(chapter[key]):
                if span["chapter"] != chapter["number"]:
                    yield f"a span of chapter {chapter['number']} names chapter {span['chapter']}", [*here, key, number, "chapter"]
                yield from check(span, [*here, key, number], span["chapter"], has_text=True)
    for key in ("relationships", "warnings"):
        for index, item in enumerate(data[key]):
            for number, span in enumerate(item["evidence"]):
                yield from check(span, [key, index, "evidence", number], span["chapter"], has_text=True)
    for index, quote in enumerate(data["quotes"]):
        yield from check(quote, ["quotes", index], quote["chapter"], has_text=True)


def _tag_reason_errors(data: dict[str, Any]) -> Iterator[tuple[str, list[str | int]]]:
    """A reason must explain a tag that ``tags`` suggests."""
    tags = set(data["tags"])
    for index, item in enumerate(data.get("tag_reasons", [])):
        if item["tag"] not in tags:
            yield f"tag_reasons names {item['tag']!r}, which is not among the suggested tags", ["tag_reasons", index, "tag"]

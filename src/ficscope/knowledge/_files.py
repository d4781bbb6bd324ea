"""The one reader of the shipped data files: fandoms/, names/, warnings/ and the files beside them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType

from ..errors import FicscopeError

_WARNING_FILES = ("taxonomy.json", "cues.json", "lexicons.json", "idioms.json", "context.json", "slurs.json", "tags.json")


class KnowledgeError(FicscopeError):
    """A shipped knowledge file is missing or malformed (a packaging or editing bug)."""

    code = "E300"


def _data_dir(name: str) -> Traversable:
    return files(__name__.rpartition(".")[0]).joinpath(name)


def _data_lines(path: str) -> list[str]:
    """A names/ file's data lines: comments ('#' to the end of a line) and blanks dropped."""
    text = _data_dir("names").joinpath(path).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            lines.append(line)
    return lines


def _columns(path: str, count: int) -> list[list[str]]:
    rows = []
    for line in _data_lines(path):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != count or not all(cells):
            raise KnowledgeError(f"expected {count} tab-separated columns in {line!r}", path=path)
        rows.append(cells)
    return rows


@lru_cache(maxsize=None)
def warning_data(name: str) -> Mapping[str, object]:
    """One warnings/ file as parsed JSON (not yet checked; see ``check_warning_data``)."""
    if name not in _WARNING_FILES:
        raise KnowledgeError(f"no such warnings file {name!r}")
    return MappingProxyType(_warnings_json(name))


def _warnings_json(name: str) -> dict[str, object]:
    """A warnings/ file's one JSON object, or a KnowledgeError saying what is wrong with it."""
    return _json_object("warnings", name)


@lru_cache(maxsize=None)
def relationship_data() -> Mapping[str, object]:
    """relationships.json as parsed JSON (checked by ``_relationships``)."""
    return MappingProxyType(_json_object("", "relationships.json"))


@lru_cache(maxsize=None)
def rating_data() -> Mapping[str, object]:
    """rating.json as parsed JSON (checked by ``_rating``)."""
    return MappingProxyType(_json_object("", "rating.json"))


def _json_object(folder: str, name: str) -> dict[str, object]:
    """One data file's one JSON object, or a KnowledgeError saying what is wrong with it."""
    path = f"{folder}/{name}" if folder else name
    directory = _data_dir(folder) if folder else files(__name__.rpartition(".")[0])
    try:
        data = json.loads(directory.joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise KnowledgeError("missing; is the package data installed?", path=path) from error
    except json.JSONDecodeError as error:
        raise KnowledgeError(f"not valid JSON: {error}", path=path) from error
    if not isinstance(data, dict):
        raise KnowledgeError("must hold one JSON object", path=path)
    return data


def _section(name: str, key: str) -> dict[str, object]:
    value = warning_data(name).get(key)
    if not isinstance(value, dict):
        raise KnowledgeError(f"{key!r} must be an object", path=f"warnings/{name}")
    return value


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    return [item for item in _list(value) if isinstance(item, str)]

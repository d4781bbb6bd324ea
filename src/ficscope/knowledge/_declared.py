"""Declared-tag maps: what a work's declared tags, Archive Warnings and rating already warn for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import cast

from ..model import ARCHIVE_WARNINGS, CATEGORIES, RATINGS
from ._files import KnowledgeError, _list, _strings, _warnings_json
from ._fold import fold
from ._warnings import AO3_RATINGS, TRIGGER_LABELS, group_tags, tag_rules, trigger_labels

#
# warnings/declared_tags.json: which trigger labels a work's declared tags, Archive
# Warnings and rating already warn for, and AO3's spelling of every name ficscope knows.
# ``ficscope.check`` (the author's check) reads it.

DECLARED_TAGS_FILE = "declared_tags.json"


@dataclass(frozen=True, slots=True)
class DeclaredTagMap:
    """What declared names warn for, and how AO3 spells them; build with ``declared_tag_map``."""

    covers: Mapping[str, frozenset[str]]  # folded tag, warning or rating -> trigger labels
    spellings: Mapping[str, str]  # folded name -> AO3's spelling (tags, warnings, ratings, categories)
    warning_aliases: Mapping[str, str]  # folded older or short Archive Warning name -> AO3's

    def labels_for(self, name: str) -> frozenset[str]:
        """The trigger labels a declared tag, warning or rating warns for (empty if unknown)."""
        return self.covers.get(fold(name), frozenset())

    def spelling(self, name: str) -> str:
        """AO3's spelling of ``name`` where ficscope knows it, else ``name`` without outer spaces."""
        return self.spellings.get(fold(name), " ".join(name.split()))

    def archive_warning(self, name: str) -> str | None:
        """AO3's name for an Archive Warning written any way ficscope knows, or None."""
        key = fold(name)
        return self.warning_aliases.get(key) or next((w for w in ARCHIVE_WARNINGS if fold(w) == key), None)


def check_declared_tag_data() -> list[str]:
    """Problems with ``warnings/declared_tags.json``; [] when sound. Tests call this."""
    try:
        data = _warnings_json(DECLARED_TAGS_FILE)
    except KnowledgeError as error:
        return [str(error)]
    where = f"warnings/{DECLARED_TAGS_FILE}"
    problems = [f"{where}: needs a {key!r}" for key in ("source", "licence") if not str(data.get(key) or "").strip()]
    for section in ("tags", "ratings"):
        table = data.get(section)
        if not isinstance(table, dict):
            problems.append(f"{where}: {section!r} must be an object")
            continue
        for name, labels in table.items():
            if not _strings(labels) or len(_strings(labels)) != len(_list(labels)):
                problems.append(f"{where} {section}.{name}: must list trigger labels")
            problems += [f"{where} {section}.{name}: unknown label {label!r}" for label in _strings(labels) if label not in TRIGGER_LABELS]
    problems += [f"{where} ratings: {name!r} is not an AO3 rating" for name in cast(dict[str, object], data.get("ratings") or {}) if name not in AO3_RATINGS]
    aliases = data.get("warning_aliases")
    if not isinstance(aliases, dict):
        problems.append(f"{where}: 'warning_aliases' must be an object")
    else:
        problems += [f"{where} warning_aliases.{alias}: {name!r} is not an Archive Warning" for alias, name in aliases.items() if name not in ARCHIVE_WARNINGS]
    folded = [fold(name) for name in cast(dict[str, object], data.get("tags") or {})]
    problems += [f"{where} tags: {name!r} is listed twice" for name in sorted({n for n in folded if folded.count(n) > 1})]
    return problems


@lru_cache(maxsize=1)
def declared_tag_map() -> DeclaredTagMap:
    """``warnings/declared_tags.json`` merged with the taxonomy's own suggested tags, which
    cover the label they are suggested for ("Blood and Injury" covers blood)."""
    problems = check_declared_tag_data()
    if problems:
        raise KnowledgeError("; ".join(problems))
    data = _warnings_json(DECLARED_TAGS_FILE)
    covers: dict[str, set[str]] = {}
    spellings: dict[str, str] = {}

    def add(name: str, labels: Iterable[str]) -> None:
        covers.setdefault(fold(name), set()).update(labels)
        spellings.setdefault(fold(name), name)

    for section in ("tags", "ratings"):
        for name, labels in cast(dict[str, object], data[section]).items():
            add(name, _strings(labels))
    for trigger in trigger_labels():
        for tag in trigger.tags.values():
            if tag:
                add(tag, [trigger.label])
    for group_tag in group_tags():
        add(group_tag.tag, [group_tag.label])
    for name in (*ARCHIVE_WARNINGS, *RATINGS, *CATEGORIES, *(rule.tag for rule in tag_rules())):
        spellings.setdefault(fold(name), name)
    return DeclaredTagMap(
        covers=MappingProxyType({key: frozenset(labels) for key, labels in covers.items()}),
        spellings=MappingProxyType(spellings),
        warning_aliases=MappingProxyType({fold(a): str(n) for a, n in cast(dict[str, object], data["warning_aliases"]).items()}),
    )

"""Regular-expression fragments from warnings/: macros expanded, compiled, and indexed by first word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from types import MappingProxyType
from typing import cast

from . import _disk_cache, _fragment_words
from ._files import KnowledgeError, _section, _strings
from ._fragment_lemmas import expand_lemmas
from ._fragment_words import first_words

_MACRO = re.compile(r"\{([A-Z]+)\}")



@lru_cache(maxsize=1)
def _macros() -> Mapping[str, str]:
    found: dict[str, str] = {}
    lexicons = _section("lexicons.json", "lexicons")
    for name, value in _section("context.json", "macros").items():
        value = str(value)
        if value.startswith("@"):
            entry = lexicons.get(value[1:])
            if not isinstance(entry, dict):
                raise KnowledgeError(f"macro {name} names no lexicon {value[1:]!r}", path="warnings/context.json")
            value = "(?:" + "|".join(_strings(entry.get("terms"))) + ")"
        found[name] = value
    return MappingProxyType(found)


def expand_fragments(fragments: Iterable[str], *, where: str = "warnings") -> list[str]:
    """Fragments with their {MACROS} and ``~lemmas`` replaced, longest first (so a phrase wins over a word it starts with)."""
    macros = _macros()

    def expand(match: re.Match[str]) -> str:
        if match.group(1) not in macros:
            raise KnowledgeError(f"unknown macro {{{match.group(1)}}}", path=where)
        return macros[match.group(1)]

    return sorted((expand_lemmas(_MACRO.sub(expand, f)) for f in fragments), key=len, reverse=True)


def compile_fragments(fragments: Iterable[str], *, where: str = "warnings") -> re.Pattern[str]:
    """Regular-expression fragments as one case-insensitive whole-word pattern, macros expanded."""
    expanded = expand_fragments(fragments, where=where)
    if not expanded:
        return re.compile(r"(?!x)x")  # matches nothing
    try:
        return re.compile(r"(?<!\w)(?:" + "|".join(expanded) + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise KnowledgeError(f"bad pattern: {error}", path=where) from error


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Where a ``FirstWordIndex`` fragment matched, and the tags of the fragments that
    could have (a superset: every fragment tried at that word)."""

    start: int
    end: int
    tags: frozenset[str]


def _first_words_of(fragments: list[str], limit: int) -> dict[str, list[str] | None]:
    """``first_words`` of each fragment, read from the disk cache when the fragments and
    the fragment reader are those it was computed from."""
    digest = _disk_cache.key([Path(_fragment_words.__file__).read_text(encoding="utf-8"), str(limit), *fragments])
    cached = _disk_cache.load("first-words", digest)
    if isinstance(cached, dict) and cached.keys() == set(fragments):
        return cast(dict[str, list[str] | None], cached)
    found = {f: (sorted(words) if (words := first_words(f, limit)) is not None else None) for f in fragments}
    _disk_cache.store("first-words", digest, found)
    return found


class FirstWordIndex:
    """Whole-word fragments indexed by the words a match can start with.

    One regular expression of hundreds of alternatives tries each of them at every
    word of a text (seconds for a novel). Here a text's words are looked up in a
    dict instead, and only the fragments that can start with that word are tried
    there. Fragments whose first word cannot be listed (it starts with punctuation,
    or with an open-ended class) are searched the ordinary way. ``fragments`` maps a
    tag (the caller's name for a group, or "") to its fragments.
    """

    _PIECES = re.compile(r"(\W+)")
    _MAX_WORDS = 3000  # per fragment; more means the first word is too open to list

    def __init__(self, fragments: Mapping[str, Iterable[str]]) -> None:
        by_word: dict[str, dict[str, set[str]]] = {}
        rest: dict[str, set[str]] = {}
        groups = {tag: list(group) for tag, group in fragments.items()}
        starts = _first_words_of(sorted({f for group in groups.values() for f in group}), self._MAX_WORDS)
        for tag, group in groups.items():
            for fragment in group:
                words = starts[fragment]
                for word in words if words is not None else [None]:
                    target = rest if word is None else by_word.setdefault(word, {})
                    target.setdefault(fragment, set()).add(tag)
        # Compiled on first use: a text meets only some of the words.
        self._fragments = {word: tuple(sorted(found, key=len, reverse=True)) for word, found in by_word.items()}
        self._tags = {word: frozenset(t for tags in found.values() for t in tags) for word, found in by_word.items()}
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._rest = re.compile(r"(?<!\w)(?:" + "|".join(rest) + r")(?!\w)", re.IGNORECASE) if rest else None
        self._rest_tags = frozenset(t for tags in rest.values() for t in tags)

    def _pattern(self, fragments: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._compiled.get(fragments)
        if pattern is None:
            pattern = self._compiled[fragments] = re.compile(r"(?:" + "|".join(fragments) + r")(?!\w)", re.IGNORECASE)
        return pattern

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[WordMatch]:
        """Where any fragment matches in ``text[start:end]`` (offsets into ``text``), in order."""
        end = len(text) if end is None else end
        part = text[start:end]
        lower = part.lower()
        same_length = len(lower) == len(part)
        # re.split with a group alternates words (even places) and what separates them.
        pieces = self._PIECES.split(lower if same_length else part)
        words = pieces[0::2] if same_length else [w.lower() for w in pieces[0::2]]
        patterns = list(map(self._fragments.get, words))
        starts = list(accumulate(map(len, pieces), initial=start))
        found = []
        compiled = self._compiled
        for index in [i for i, pattern in enumerate(patterns) if pattern is not None]:
            fragments = patterns[index]
            pattern = compiled.get(fragments) or self._pattern(fragments)  # type: ignore[arg-type]
            match = pattern.match(text, starts[2 * index], end)
            if match:
                found.append(WordMatch(match.start(), match.end(), self._tags[words[index]]))
        if self._rest is not None:
            found.extend(WordMatch(m.start(), m.end(), self._rest_tags) for m in self._rest.finditer(text, start, end))
            found.sort(key=lambda m: m.start)
        return found

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``matches`` as (start, end) pairs."""
        return [(m.start, m.end) for m in self.matches(text, start, end)]

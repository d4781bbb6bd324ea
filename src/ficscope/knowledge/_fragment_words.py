"""The words a match of a pattern fragment can start with, read from the fragment itself.

``FirstWordIndex`` files each fragment under every lower-case first word (a run of word
characters) a match of it can begin with. Fragments are written in a small part of
Python's regular-expression syntax (see warnings/README.md): literals, escapes, classes,
groups, alternatives, lookarounds and quantifiers. This module reads that part with its
own parser rather than the private ``re._parser``. Whatever it cannot list (an open class
such as ``\\w+``, a ``.``, a repeated word) makes the answer None: such a fragment is
searched the ordinary way, so a None costs speed, never a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w")
_REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_OPEN = None  # a class of characters too large to list
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


@dataclass(frozen=True, slots=True)
class _Chars:
    """One character from a set (None: from a set too large to list)."""

    chars: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Group:
    alternatives: tuple[tuple[_Item, ...], ...]


@dataclass(frozen=True, slots=True)
class _Repeat:
    low: int
    high: int | None  # None: no upper bound
    item: _Item


@dataclass(frozen=True, slots=True)
class _Assert:
    """Matches no characters: a lookaround, an anchor, ``\\b``."""


_Item = _Chars | _Group | _Repeat | _Assert


class _Unreadable(Exception):
    """The fragment uses syntax this reader does not know."""


def first_words(fragment: str, limit: int) -> frozenset[str] | None:
    """Every lower-case first word a match of ``fragment`` can begin with, or None when
    they cannot be listed (an open class, more than ``limit`` words)."""
    fragment = _head(fragment)
    try:
        items, end = _Reader(fragment).alternatives(0)
        if end != len(fragment):
            return None
        result = _walk(items, {""}, limit)
    except (_Unreadable, RecursionError):
        return None
    if result is None:
        return None
    words = result[0] | result[1]
    return None if not words or "" in words else frozenset(words)


def _head(fragment: str) -> str:
    """What of a fragment decides its first words: lookarounds dropped (they match no
    characters), and the rest cut after the first space outside any group, class or
    alternative, where the first word has ended, so that big macros after it
    ("{PERSON}", "{ANIMAL}") need not be read. With alternatives at the top level,
    nothing is cut."""
    kept: list[str] = []
    depth, i, cut = 0, 0, None
    while i < len(fragment):
        char = fragment[i]
        if char == "\\":
            kept.append(fragment[i : i + 2])
            i += 2
            continue
        if char == "[":
            end = _class_end(fragment, i + 1)
            kept.append(fragment[i:end])
            i = end
            continue
        if fragment.startswith(_LOOKAROUNDS, i):
            i = _group_end(fragment, i + 1)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            cut = -1
        elif char == " " and depth == 0 and cut is None and fragment[i + 1 : i + 2] not in ("?", "*", "+", "{"):
            cut = len(kept) + 1
        kept.append(char)
        i += 1
    return "".join(kept if cut is None or cut < 0 else kept[:cut])


def _group_end(text: str, i: int) -> int:
    """The place after the ")" that closes a group whose "(" is just before ``i``."""
    depth = 1
    while i < len(text) and depth:
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            i = _class_end(text, i + 1)
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return i


def _class_end(text: str, i: int) -> int:
    """The place after the "]" that closes a class whose "[" is just before ``i``."""
    if text.startswith("^", i):
        i += 1
    if text.startswith("]", i):
        i += 1
    while i < len(text) and text[i] != "]":
        i += 2 if text[i] == "\\" else 1
    return i + 1


class _Reader:
    """A recursive-descent reader of the fragment syntax into ``_Group`` trees."""

    def __init__(self, text: str) -> None:
        self.text = text

    def alternatives(self, i: int) -> tuple[_Group, int]:
        found = []
        sequence, i = self.sequence(i)
        found.append(sequence)
        while i < len(self.text) and self.text[i] == "|":
            sequence, i = self.sequence(i + 1)
            found.append(sequence)
        return _Group(tuple(found)), i

    def sequence(self, i: int) -> tuple[tuple[_Item, ...], int]:
        items: list[_Item] = []
        while i < len(self.text) and self.text[i] not in "|)":
            item, i = self.atom(i)
            item, i = self.quantified(item, i)
            items.append(item)
        return tuple(items), i

    def quantified(self, item: _Item, i: int) -> tuple[_Item, int]:
        text = self.text
        if i >= len(text):
            return item, i
        if text[i] in "?*+":
            low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[text[i]]
            i += 1
        elif (repeat := _REPEAT.match(text, i)) is not None:
            low = int(repeat.group(1) or 0)
            high = int(repeat.group(3)) if repeat.group(3) else (None if repeat.group(2) else low)
            i = repeat.end()
        else:
            return item, i
        if i < len(text) and text[i] in "?+":  # lazy or possessive: the same words
            i += 1
        if isinstance(item, _Assert):
            return item, i
        return _Repeat(low, high, item), i

    def atom(self, i: int) -> tuple[_Item, int]:
        char = self.text[i]
        if char == "(":
            return self.group(i + 1)
        if char == "[":
            return self.char_class(i + 1)
        if char == "\\":
            return self.escape(i + 1)
        if char == ".":
            return _Chars(_OPEN), i + 1
        if char in "^$":
            return _Assert(), i + 1
        if char in "*+?":
            raise _Unreadable(self.text)  # nothing to repeat
        return _Chars(frozenset(char.lower())), i + 1

    def group(self, i: int) -> tuple[_Item, int]:
        text = self.text
        zero_width = False
        if text.startswith("?", i):
            extension = re.match(r"\?(?::|P<\w+>|[=!]|<[=!]|[aiLmsux]*(?:-[imsx]+)?:)", text[i:])
            if extension is None:
                raise _Unreadable(text)
            zero_width = extension.group().endswith(("=", "!")) and not extension.group().endswith(":")
            i += extension.end()
        group, i = self.alternatives(i)
        if i >= len(text) or text[i] != ")":
            raise _Unreadable(text)
        return (_Assert() if zero_width else group), i + 1

    def escape(self, i: int) -> tuple[_Item, int]:
        if i >= len(self.text):
            raise _Unreadable(self.text)
        char = self.text[i]
        if char in "bBAZ":
            return _Assert(), i + 1
        if char in "snt":
            return _Chars(frozenset(" ")), i + 1  # whitespace: never part of a word
        if char in "wWdDS":
            return _Chars(_OPEN), i + 1
        if char.isalnum():
            raise _Unreadable(self.text)  # \1, \x41, \u00e9: not used in fragments
        return _Chars(frozenset(char)), i + 1

    def char_class(self, i: int) -> tuple[_Item, int]:
        text = self.text
        if text.startswith("^", i):
            raise _Unreadable(text)  # a negated class is open
        chars: set[str] = set()
        first = True
        while i < len(text) and (text[i] != "]" or first):
            first = False
            char = text[i]
            if char == "\\":
                escaped = text[i + 1 : i + 2]
                if escaped == "s":
                    chars.add(" ")
                    i += 2
                    continue
                if escaped.isalnum():
                    return _Chars(_OPEN), self._past_class(i)
                char, i = escaped, i + 2
            else:
                i += 1
            if text.startswith("-", i) and i + 1 < len(text) and text[i + 1] != "]":
                high = text[i + 1]
                if high == "\\":
                    high = text[i + 2 : i + 3]
                    i += 1
                if ord(high) - ord(char) >= 64:
                    return _Chars(_OPEN), self._past_class(i + 2)
                chars.update(chr(c).lower() for c in range(ord(char), ord(high) + 1))
                i += 2
            else:
                chars.add(char.lower())
        if i >= len(text):
            raise _Unreadable(text)
        return _Chars(frozenset(chars)), i + 1

    def _class_end(self, i: int) -> int:
        while i < len(self.text) and self.text[i] != "]":
            i += 2 if self.text[i] == "\\" else 1
        if i >= len(self.text):
            raise _Unreadable(self.text)
        return i + 1


def _walk(items: _Item | tuple[_Item, ...], prefixes: set[str], limit: int) -> tuple[set[str], set[str]] | None:
    """(words still open, words closed) after matching ``items`` from the open ``prefixes``."""
    closed: set[str] = set()
    for item in items if isinstance(items, tuple) else (items,):
        if not prefixes:
            break
        if isinstance(item, _Assert):
            continue
        if isinstance(item, _Chars):
            if item.chars is None:
                return None
            word_chars = {c for c in item.chars if _WORD.match(c)}
            if len(word_chars) < len(item.chars):
                closed |= prefixes
            prefixes = {p + c for p in prefixes for c in word_chars}
        elif isinstance(item, _Group):
            opened: set[str] = set()
            for alternative in item.alternatives:
                result = _walk(alternative, prefixes, limit)
                if result is None:
                    return None
                opened |= result[0]
                closed |= result[1]
            prefixes = opened
        elif isinstance(item, _Repeat) and item.high == 1:
            result = _walk(item.item, prefixes, limit)
            if result is None:
                return None
            closed |= result[1]
            prefixes = result[0] | (prefixes if item.low == 0 else set())
        elif isinstance(item, _Repeat) and item.low > 0 and _non_word(item.item):
            closed |= prefixes  # "f\\*+g": the first word ends at the "*"
            prefixes = set()
        else:
            return None
        if len(prefixes) + len(closed) > limit:
            return None
    return prefixes, closed


def _non_word(item: _Item) -> bool:
    """True if ``item`` is one character from a set of characters that are not word characters."""
    if isinstance(item, _Group) and len(item.alternatives) == 1 and len(item.alternatives[0]) == 1:
        item = item.alternatives[0][0]
    return isinstance(item, _Chars) and bool(item.chars) and not any(_WORD.match(c) for c in item.chars or ())

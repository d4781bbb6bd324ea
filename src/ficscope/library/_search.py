"""Filters, query parsing and the SQL that finds works.

User text never reaches FTS5 unquoted: every word becomes a quoted phrase, so a
stray ``"``, ``AND``, ``*`` or parenthesis is searched for as text, not obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from functools import lru_cache
from typing import Any, Literal, get_args

from ..errors import FilterError
from ..knowledge import fold
from ..schema import load_schema
from ._rows import ALL_TOKEN, SEVERITIES, filter_token, severity_rank
from ._synonyms import query_keys, require_fixed_tag

WarningSource = Literal["declared", "detected", "either"]
WARNING_SOURCES: tuple[str, ...] = get_args(WarningSource)

# Snippet markers: control characters no story text holds, split out again in Python.
HIT_START, HIT_END = "\x02", "\x03"
SNIPPET_TOKENS = 24


class Sort(str, Enum):
    """How results are ordered. ``best-match`` needs a text query; without one it is
    ``date-added``."""

    BEST_MATCH = "best-match"
    TITLE = "title"
    AUTHOR = "author"
    WORDS = "words"
    DATE_ADDED = "date-added"
    DATE_UPDATED = "date-updated"


_ORDER_BY = {
    Sort.TITLE: "v.title_sort, v.author_sort",
    Sort.AUTHOR: "v.author_sort, v.title_sort",
    Sort.WORDS: "v.words DESC",
    Sort.DATE_ADDED: "v.work_id DESC",  # works are numbered in the order they were added
    Sort.DATE_UPDATED: "COALESCE(v.updated, v.published, v.added_at) DESC",
}


@lru_cache(maxsize=1)
def trigger_labels() -> tuple[str, ...]:
    """The 32 PAN 2023 trigger labels, as the analysis JSON schema lists them."""
    labels: list[str] = load_schema()["$defs"]["triggerLabel"]["enum"]
    return tuple(labels)


@dataclass(frozen=True, slots=True)
class TriggerFilter:
    """A trigger label and the mildest severity that counts: ``sexual-assault:depicted``
    matches depicted or graphic, ``violence`` (referenced) matches any."""

    label: str
    severity: str = "referenced"

    @classmethod
    def parse(cls, text: str) -> TriggerFilter:
        label, _, severity = text.partition(":")
        written = fold(label).replace(" ", "-").replace("_", "-")
        if written not in trigger_labels():
            raise FilterError(
                f"trigger {text!r}: unknown label {label.strip()!r}; labels are {', '.join(trigger_labels())}"
            )
        wanted = fold(severity) or "referenced"
        if wanted not in SEVERITIES:
            raise FilterError(
                f"trigger {text!r}: unknown severity {severity.strip()!r}; use {' < '.join(SEVERITIES)}"
            )
        return cls(written, wanted)

    def __str__(self) -> str:
        return self.label if self.severity == "referenced" else f"{self.label}:{self.severity}"


Range = tuple[int | None, int | None]

_NUMBER = re.compile(r"^\s*(\d[\d,_]*(?:\.\d+)?)\s*(k?)\s*$", re.I)
# No work is longer than this many words or chapters; a larger count is a typing slip
# (and beyond it SQLite's integers overflow).
MAX_COUNT = 1_000_000_000
_RANGE_SPLIT = re.compile(r"\s*[-\u2013\u2014]\s*|\s*\.\.\s*")


def _number(text: str, what: str, written: str) -> int:
    match = _NUMBER.match(text)
    if not match:
        raise FilterError(f"{what} {written!r}: {text.strip()!r} is not a number (write 5000, 5,000 or 5k)")
    value = float(match.group(1).replace(",", "").replace("_", ""))
    count = value * 1000 if match.group(2) else value
    if count > MAX_COUNT:
        raise FilterError(f"{what} {written!r}: {text.strip()!r} is more than {MAX_COUNT:,}")
    return int(count)


def parse_range(text: str, what: str = "words") -> Range:
    """"1000-5000", "1000-" (at least), "-5000" (at most), ">5000", "<=10k" or "2000"
    (exactly) as (min, max); None for an open end. Raises FilterError otherwise."""
    written = text.strip()
    for operator, low, high in ((">=", 0, None), ("<=", None, 0), (">", 1, None), ("<", None, -1)):
        if written.startswith(operator):
            value = _number(written[len(operator):], what, text)
            return (value + low if low is not None else None, value + high if high is not None else None)
    if written.startswith("="):
        written = written[1:]
    parts = _RANGE_SPLIT.split(written, maxsplit=1)
    if len(parts) == 1:
        exact = _number(parts[0], what, text)
        return exact, exact
    low_text, high_text = parts
    low = _number(low_text, what, text) if low_text.strip() else None
    high = _number(high_text, what, text) if high_text.strip() else None
    if low is None and high is None:
        raise FilterError(f"{what} {text!r}: give MIN-MAX, MIN- or -MAX")
    if low is not None and high is not None and low > high:
        raise FilterError(f"{what} {text!r}: the minimum is larger than the maximum")
    return low, high


def _intersect(a: Range, b: Range) -> Range:
    lows = [x for x in (a[0], b[0]) if x is not None]
    highs = [x for x in (a[1], b[1]) if x is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _tuple(value: Iterable[Any] | str | None) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in value if not isinstance(v, str) or v.strip())


def _triggers(values: Iterable[TriggerFilter | str]) -> tuple[TriggerFilter, ...]:
    return tuple(t if isinstance(t, TriggerFilter) else TriggerFilter.parse(t) for t in values)


@dataclass(frozen=True, slots=True)
class Filters:
    """AO3's filters, include and exclude. Includes of one kind must all match (a work
    with every listed character), except ratings and languages (any of them);
    excludes drop a work that has any. Tags match by synonym (see ``_synonyms``).

    Every list may be given as any sequence (or one string); it is kept as a tuple.
    Values are checked when the object is made: a FilterError names the bad one.
    """

    include_warnings: Sequence[str] = ()
    exclude_warnings: Sequence[str] = ()
    warnings_source: WarningSource = "either"
    include_triggers: Sequence[TriggerFilter | str] = ()  # "LABEL[:severity]" strings are parsed
    exclude_triggers: Sequence[TriggerFilter | str] = ()
    ratings: Sequence[str] = ()
    exclude_ratings: Sequence[str] = ()
    categories: Sequence[str] = ()
    exclude_categories: Sequence[str] = ()
    fandoms: Sequence[str] = ()
    exclude_fandoms: Sequence[str] = ()
    characters: Sequence[str] = ()
    exclude_characters: Sequence[str] = ()
    relationships: Sequence[str] = ()
    exclude_relationships: Sequence[str] = ()
    tags: Sequence[str] = ()
    exclude_tags: Sequence[str] = ()
    languages: Sequence[str] = ()
    words: Range = (None, None)
    chapters: Range = (None, None)
    complete: bool | None = None

    def __post_init__(self) -> None:
        for item in fields(self):
            if item.default == ():  # the lists of values; a lone string counts as one value
                object.__setattr__(self, item.name, _tuple(getattr(self, item.name)))
        if self.warnings_source not in WARNING_SOURCES:
            raise FilterError(
                f"warnings source {self.warnings_source!r}: use one of {', '.join(WARNING_SOURCES)}"
            )
        for name, kind in (
            ("include_warnings", "warning"), ("exclude_warnings", "warning"),
            ("ratings", "rating"), ("exclude_ratings", "rating"),
            ("categories", "category"), ("exclude_categories", "category"),
        ):
            spelled = tuple(require_fixed_tag(kind, v, kind) for v in getattr(self, name))
            object.__setattr__(self, name, spelled)
        for name in ("include_triggers", "exclude_triggers"):
            object.__setattr__(self, name, _triggers(getattr(self, name)))
        for name in ("words", "chapters"):
            if any(end is not None and end < 0 for end in getattr(self, name)):
                raise FilterError(f"{name} range {getattr(self, name)}: counts are never negative")
            if any(end is not None and end > MAX_COUNT for end in getattr(self, name)):
                raise FilterError(f"{name} range {getattr(self, name)}: counts are at most {MAX_COUNT:,}")

    def narrowed(self, *, words: Range = (None, None), chapters: Range = (None, None)) -> Filters:
        """These filters with the word and chapter ranges also limited to the given ones."""
        return replace(self, words=_intersect(self.words, words), chapters=_intersect(self.chapters, chapters))


# --------------------------------------------------------------------------- the query


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A search box's text: the FTS5 expression (None if no words) and range terms."""

    match: str | None
    words: Range = (None, None)
    chapters: Range = (None, None)
    terms: tuple[str, ...] = ()


_BITS = re.compile(r'("[^"]*")|\s+')
_RANGE_TERM = re.compile(r"^(words|chapters)\s*:?\s*(?=[<>=\d])(.*)$", re.I)
_RANGE_LIKE = re.compile(r"^(words|chapters)\s*(:|<|>|=)", re.I)
_WORDLIKE = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse_query(text: str | None) -> ParsedQuery:
    """Split the search box into words and phrases to match and AO3-style range terms
    (``words>5000``, ``words<1000``, ``words:1000-5000``, ``chapters>=3``)."""
    if not text or not text.strip():
        return ParsedQuery(None)
    text = _CONTROL.sub(" ", text)  # NUL and other control characters separate words
    if text.count('"') % 2:
        text += '"'
    ranges: dict[str, Range] = {"words": (None, None), "chapters": (None, None)}
    phrases: list[str] = []
    for bit in _BITS.split(text):
        if not bit or not bit.strip():
            continue
        if bit.startswith('"'):
            phrase = bit[1:-1]
        else:
            term = _RANGE_TERM.match(bit)
            if term:
                name = term.group(1).lower()
                ranges[name] = _intersect(ranges[name], parse_range(term.group(2), name))
                continue
            if _RANGE_LIKE.match(bit):
                raise FilterError(f"{bit!r}: write a range term as words>5000, words<1000 or words:1000-5000")
            phrase = bit
        if _WORDLIKE.search(phrase):
            phrases.append(phrase)
    match = " ".join('"' + p.replace('"', '""') + '"' for p in phrases) or None
    return ParsedQuery(match, ranges["words"], ranges["chapters"], tuple(phrases))


# --------------------------------------------------------------------------- SQL


@dataclass(slots=True)
class Where:
    """SQL conditions over the listing of current versions (``listing v``), with their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) or "1"


def _any_of(tokens: Iterable[str]) -> str:
    unique = sorted(set(tokens))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


def filter_expression(filters: Filters) -> str | None:
    """The tag, warning, trigger, language and status filters as one FTS5 query over
    the filter tokens (``_rows.filter_token``): each include a group of synonyms that
    must match, every exclude a token that must not. None when there are none."""
    context = filters.fandoms
    warning_source = None if filters.warnings_source == "either" else filters.warnings_source
    required: list[str] = []
    refused: list[str] = []

    def tokens(kind: str, keys: Iterable[str], source: str | None = None) -> list[str]:
        return [filter_token(kind, key, source) if source else filter_token(kind, key) for key in keys]

    tag_filters = (
        ("warning", filters.include_warnings, filters.exclude_warnings, warning_source),
        ("category", filters.categories, filters.exclude_categories, None),
        ("fandom", filters.fandoms, filters.exclude_fandoms, None),
        ("character", filters.characters, filters.exclude_characters, None),
        ("relationship", filters.relationships, filters.exclude_relationships, None),
        ("tag", filters.tags, filters.exclude_tags, None),
    )
    for kind, includes, excludes, source in tag_filters:
        required += [_any_of(tokens(kind, query_keys(kind, value, context), source)) for value in includes]
        refused += [token for value in excludes for token in tokens(kind, query_keys(kind, value, context), source)]
    if filters.ratings:
        required.append(_any_of(tokens("rating", [fold(r) for r in filters.ratings])))
    refused += tokens("rating", [fold(r) for r in filters.exclude_ratings])
    required += [filter_token("trigger", t.label, severity_rank(t.severity)) for t in _triggers(filters.include_triggers)]
    refused += [filter_token("trigger", t.label, severity_rank(t.severity)) for t in _triggers(filters.exclude_triggers)]
    if filters.languages:
        required.append(_any_of(tokens("language", [fold(language) for language in filters.languages])))
    if filters.complete is not None:
        required.append(filter_token("complete", int(filters.complete)))
    if not required and not refused:
        return None
    expression = " AND ".join(required) if required else ALL_TOKEN
    if refused:
        expression = f"({expression}) NOT {_any_of(refused)}"
    return expression


def build_where(filters: Filters) -> Where:
    where = Where()
    expression = filter_expression(filters)
    if expression is not None:
        where.add("v.id IN (SELECT rowid FROM filter_fts WHERE filter_fts MATCH ?)", expression)
    for column, (low, high) in (("v.words", filters.words), ("v.chapters", filters.chapters)):
        if low is not None:
            where.add(f"{column} >= ?", low)
        if high is not None:
            where.add(f"{column} <= ?", high)
    return where


def order_by(sort: Sort | None, *, has_query: bool) -> str:
    """The ORDER BY for a sort; best match only ranks when there is a text query."""
    if sort is None:
        sort = Sort.BEST_MATCH if has_query else Sort.DATE_ADDED
    if sort is Sort.BEST_MATCH:
        if not has_query:
            return _ORDER_BY[Sort.DATE_ADDED]
        return f"bm25(texts_fts), {_ORDER_BY[Sort.DATE_ADDED]}"
    ordering = _ORDER_BY[sort]
    return ordering if sort is Sort.DATE_ADDED else f"{ordering}, {_ORDER_BY[Sort.DATE_ADDED]}"

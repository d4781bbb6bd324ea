"""The rating stage's rules (rating.json): sexual terms, swear words, and how much of
each, and of the warnings found, raises the suggested rating."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from ._files import KnowledgeError, rating_data
from ._warnings import AO3_RATINGS

RATING_FILE = "rating.json"


@dataclass(frozen=True, slots=True)
class RatingRules:
    sexual: re.Pattern[str]  # a sexual term, or a stretch that is none ("cocked his head"): see ``not_sexual``
    not_sexual: re.Pattern[str]
    strong_swears: re.Pattern[str]
    mild_swears: re.Pattern[str]
    min_words: int  # less text than this is too little to rate
    scene_words: int  # Explicit: ``scene_terms`` different sexual terms within this many words
    scene_terms: int
    sexual_content_terms: int  # Mature: this many sexual terms anywhere
    strong_language: int  # Teen And Up: this many strong swear words...
    mild_language: int  # ...or this many mild ones
    finding_ratings: Mapping[tuple[str, str], str]  # (trigger label, severity) -> rating, in place of the taxonomy's
    archive_warnings: Mapping[str, str]  # Archive Warning -> the rating it needs


def _words(pattern: Sequence[str]) -> re.Pattern[str]:
    """Whole-word alternatives, longest first so a phrase wins over its first word."""
    return re.compile(rf"\b(?:{'|'.join(sorted(pattern, key=len, reverse=True))})\b", re.IGNORECASE)


def _terms(data: Mapping[str, object], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeError(f"{key!r} must be a non-empty list of patterns", path=RATING_FILE)
    return list(value)


def _object(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise KnowledgeError(f"{key!r} must be an object", path=RATING_FILE)
    return value


def _count(data: Mapping[str, object], key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise KnowledgeError(f"{where}.{key} must be a whole number of at least 1", path=RATING_FILE)
    return value


def _ratings(data: Mapping[str, object], where: str) -> Mapping[str, str]:
    wrong = [f"{key}: {value!r}" for key, value in data.items() if value not in AO3_RATINGS]
    if wrong:
        raise KnowledgeError(f"{where} names no AO3 rating ({'; '.join(wrong)})", path=RATING_FILE)
    return MappingProxyType({key: str(value) for key, value in data.items()})


def _finding_ratings(data: Mapping[str, object]) -> Mapping[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for label, severities in data.items():
        if not isinstance(severities, dict):
            raise KnowledgeError(f"findings.ratings.{label} must map severities to ratings", path=RATING_FILE)
        for severity, rating in _ratings(severities, f"findings.ratings.{label}").items():
            table[(label, severity)] = rating
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def rating_rules() -> RatingRules:
    data = rating_data()
    profanity = _object(data, "profanity")
    thresholds = _object(data, "thresholds")
    scene = _object(thresholds, "explicit_scene")
    language = _object(thresholds, "strong_language")
    findings = _object(data, "findings")
    try:
        sexual, not_sexual = _words(_terms(data, "sexual_terms")), _words(_terms(data, "not_sexual"))
        strong, mild = _words(_terms(profanity, "strong")), _words(_terms(profanity, "mild"))
    except re.error as error:
        raise KnowledgeError(f"a pattern does not compile: {error}", path=RATING_FILE) from error
    return RatingRules(
        sexual=sexual,
        not_sexual=not_sexual,
        strong_swears=strong,
        mild_swears=mild,
        min_words=_count(thresholds, "min_words", "thresholds"),
        scene_words=_count(scene, "words", "explicit_scene"),
        scene_terms=_count(scene, "distinct_terms", "explicit_scene"),
        sexual_content_terms=_count(_object(thresholds, "sexual_content"), "sexual_terms", "sexual_content"),
        strong_language=_count(language, "strong", "strong_language"),
        mild_language=_count(language, "mild", "strong_language"),
        finding_ratings=_finding_ratings(_object(findings, "ratings")),
        archive_warnings=_ratings(_object(findings, "archive_warnings"), "findings.archive_warnings"),
    )


__all__ = ["RATING_FILE", "RatingRules", "rating_rules"]

"""The author's check: what a work declares, set beside what ficscope found in it.

Pure functions over the model: ``parse_declared`` reads a declaration written by hand
("Rating: Mature; Warnings: Major Character Death; Tags: Angst"), ``compare`` sets an
``Analysis`` beside a ``Declared`` and says what is missing. ``ficscope check`` and
``render.check`` only present the ``CheckResult``.

- An AO3 Archive Warning found and not declared is **missing**, unless the work
  declares "Creator Chose Not To Use Archive Warnings", which covers them all, and the
  trigger labels they warn for (violence, death, sexual assault...): a reader of such a
  work has been told to expect any of them.
- A trigger label found is **missing** unless a declared tag, warning or rating warns
  for it (``knowledge/warnings/declared_tags.json``: "Self-Harm" covers self-harm,
  "Explicit" covers pornographic-content, each suggested tag covers its own label).
- Only findings at ``min_confidence`` or more count as missing: by default the
  confidence at which the report shows a finding (``SHOWN_CONFIDENCE``), so the check
  never counts what the report hides. Any finding at all counts as support for what is
  declared.
- A trigger label found only **referenced** (talked about, remembered, off the page) is
  never missing: it is listed apart as ``mentioned``, since a tag for it is the author's
  choice. An Archive Warning found is missing at any severity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import knowledge
from .aliases import canonical
from .errors import DeclaredTagsError
from .knowledge import fold
from .model import (
    ARCHIVE_WARNINGS,
    CATEGORIES,
    NO_ARCHIVE_WARNINGS,
    RATINGS,
    SHOWN_CONFIDENCE,
    Analysis,
    Declared,
    Finding,
    TagSuggestion,
    WarningScheme,
)
from .readers.ao3labels import TAG_LABELS, label_key

DEFAULT_MIN_CONFIDENCE = SHOWN_CONFIDENCE
NO_WARNINGS = NO_ARCHIVE_WARNINGS
CHOSE_NOT_TO_WARN = "Creator Chose Not To Use Archive Warnings"
# Labels a declaration written by hand may use besides the archive's own ("Tags: Angst").
LABELS = {**TAG_LABELS, "tag": "tags", "tags": "tags"}
LABEL_NAMES = ("Rating", "Archive Warnings", "Category", "Fandoms", "Relationships", "Characters", "Additional Tags", "Tags")
_SEGMENTS = re.compile(r"[;\n]")

__all__ = [
    "CHOSE_NOT_TO_WARN",
    "DEFAULT_MIN_CONFIDENCE",
    "NO_WARNINGS",
    "CheckResult",
    "RatingCheck",
    "Unsupported",
    "compare",
    "extend_declared",
    "normalise_declared",
    "parse_declared",
]


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Something declared that no finding supports (informational: the detector can miss)."""

    declared: str  # as the work declares it, in AO3's spelling
    scheme: WarningScheme  # "ao3": an Archive Warning; "trigger": a tag standing for trigger labels
    labels: tuple[str, ...]  # what was looked for


@dataclass(frozen=True, slots=True)
class RatingCheck:
    declared: str | None
    suggested: str | None
    lower_than_suggested: bool  # False when either is missing or not one of AO3's four ratings
    reason: str | None = None  # what raised the suggested rating to where it is


@dataclass(slots=True)
class CheckResult:
    declared: Declared  # the declaration compared, in AO3's spelling
    min_confidence: float
    missing: list[Finding]
    covered_by_choice: list[Finding]  # found, and covered by "Creator Chose Not To Use...": AO3 warnings and what they warn for
    unsupported: list[Unsupported]
    rating: RatingCheck
    suggested_tags: list[TagSuggestion]  # suggested and not declared, each with its reason
    title: str | None = None
    source: str | None = None
    below_threshold: list[Finding] = field(default_factory=list)  # not declared, but under min_confidence
    mentioned: list[Finding] = field(default_factory=list)  # trigger labels not declared, found only referenced

    @property
    def chose_not_to_warn(self) -> bool:
        return CHOSE_NOT_TO_WARN in self.declared.warnings

    @property
    def anything_missing(self) -> bool:
        """True when the work under-warns: a warning is missing or the rating is too low."""
        return bool(self.missing) or self.rating.lower_than_suggested


# --------------------------------------------------------------------------- reading a declaration


def parse_declared(text: str) -> Declared:
    """Read "Label: value, value; Label: value" (segments split by ";" or new lines).

    Labels are AO3's ("Rating", "Archive Warnings", "Category", "Additional Tags", ...)
    or "Tags", in any case; names are matched case-insensitively and come back in AO3's
    spelling. Raises ``DeclaredTagsError`` naming what is wrong.
    """
    declared = Declared()
    segments = [segment.strip() for segment in _SEGMENTS.split(text)]
    if not any(segments):
        raise DeclaredTagsError('the declaration is empty; write it as "Rating: Mature; Warnings: ...; Tags: ..."')
    for segment in filter(None, segments):
        head, colon, value = segment.partition(":")
        if not colon:
            raise DeclaredTagsError(f"{segment!r} has no label; write each part as 'Label: values', e.g. 'Rating: Mature; Tags: Angst'")
        key = LABELS.get(label_key(head))
        if key is None:
            raise DeclaredTagsError(f"{head.strip()!r} is not a label; use one of {', '.join(LABEL_NAMES)}")
        values = [v.strip() for v in value.split(",") if v.strip()]
        if not values:
            raise DeclaredTagsError(f"{head.strip()!r} has no value")
        _declare(declared, key, values)
    return normalise_declared(declared)


def _declare(declared: Declared, key: str, values: list[str]) -> None:
    """File one label's values under ``key`` (a ``Declared`` field), refusing what AO3 would."""
    tag_map = knowledge.declared_tag_map()
    if key == "rating":
        if len(values) > 1:
            raise DeclaredTagsError(f"a work has one rating, not {', '.join(values)!r}")
        if declared.rating is not None:
            raise DeclaredTagsError(f"the rating is given twice ({declared.rating!r} and {values[0]!r})")
        rating = canonical("rating", values[0]) or tag_map.spelling(values[0])
        if rating not in RATINGS:
            raise DeclaredTagsError(f"{values[0]!r} is not an AO3 rating; use one of {', '.join(RATINGS)}")
        declared.rating = rating
    elif key == "warnings":
        for value in values:
            if _archive_warning(value) is None:
                raise DeclaredTagsError(
                    f"{value!r} is not an AO3 Archive Warning; use {', '.join(ARCHIVE_WARNINGS)}, and put other warnings under Tags"
                )
        declared.warnings += values
        named = {_archive_warning(w) for w in declared.warnings}
        if NO_WARNINGS in named and len(named) > 1:
            raise DeclaredTagsError(f"{NO_WARNINGS!r} cannot go with other Archive Warnings")
    elif key == "categories":
        unknown = [value for value in values if _category(value) not in CATEGORIES]
        if unknown:
            raise DeclaredTagsError(f"{unknown[0]!r} is not an AO3 category; use one of {', '.join(CATEGORIES)}")
        declared.categories += values
    else:
        getattr(declared, key).extend(values)


def _archive_warning(name: str) -> str | None:
    """AO3's name for an Archive Warning by any name ficscope knows, or None."""
    return knowledge.declared_tag_map().archive_warning(name) or canonical("warning", name)


def _category(name: str) -> str:
    return canonical("category", name) or knowledge.declared_tag_map().spelling(name)


def normalise_declared(declared: Declared) -> Declared:
    """A copy in AO3's spelling where ficscope knows the name, without repeats. Archive
    Warnings under an older name ("Underage") get today's; unknown names stay as written."""
    tag_map = knowledge.declared_tag_map()
    return Declared(
        rating=(canonical("rating", declared.rating) or tag_map.spelling(declared.rating)) if declared.rating else None,
        warnings=_unique(_archive_warning(w) or tag_map.spelling(w) for w in declared.warnings),
        categories=_unique(map(_category, declared.categories)),
        fandoms=_unique(declared.fandoms),
        relationships=_unique(declared.relationships),
        characters=_unique(declared.characters),
        tags=_unique(map(tag_map.spelling, declared.tags)),
    )


def extend_declared(base: Declared, given: Declared) -> Declared:
    """``base`` (what the file declares) changed by ``given``: a rating or Archive Warnings
    given replace the file's; categories, fandoms, relationships, characters and tags add to them."""
    return normalise_declared(
        Declared(
            rating=given.rating or base.rating,
            warnings=list(given.warnings or base.warnings),
            categories=[*base.categories, *given.categories],
            fandoms=[*base.fandoms, *given.fandoms],
            relationships=[*base.relationships, *given.relationships],
            characters=[*base.characters, *given.characters],
            tags=[*base.tags, *given.tags],
        )
    )


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name:
            seen.setdefault(fold(name), name)
    return list(seen.values())


# --------------------------------------------------------------------------- comparing


def compare(analysis: Analysis, declared: Declared, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> CheckResult:
    """What ``declared`` misses of what was found in ``analysis``, and what it claims unsupported."""
    declared = normalise_declared(declared)
    tag_map = knowledge.declared_tag_map()
    archive = [w for w in declared.warnings if w in ARCHIVE_WARNINGS]
    names = [*declared.warnings, *declared.tags, *filter(None, [declared.rating])]
    covered = {label for name in names for label in tag_map.labels_for(name)}
    named = {fold(name) for name in names}
    chosen = _covered_by_choice(tag_map) if CHOSE_NOT_TO_WARN in archive else frozenset()
    missing: list[Finding] = []
    by_choice: list[Finding] = []
    below: list[Finding] = []
    mentioned: list[Finding] = []
    for finding in analysis.warnings:
        if finding.scheme == "ao3":
            if finding.label == NO_WARNINGS or finding.label in archive:
                continue
        elif finding.label in covered:
            continue
        if finding.confidence < min_confidence:
            below.append(finding)
        elif (finding.scheme == "ao3" and CHOSE_NOT_TO_WARN in archive) or finding.label in chosen:
            by_choice.append(finding)
        elif finding.scheme == "trigger" and finding.severity == "referenced":
            mentioned.append(finding)
        else:
            missing.append(finding)
    return CheckResult(
        declared=declared,
        min_confidence=min_confidence,
        missing=missing,
        covered_by_choice=by_choice,
        unsupported=_unsupported(analysis.warnings, declared),
        rating=_rating(declared.rating, analysis.rating, analysis.rating_reason),
        suggested_tags=[s for s in analysis.tag_suggestions() if fold(s.tag) not in named],
        title=analysis.work.title,
        source=analysis.work.source,
        below_threshold=below,
        mentioned=mentioned,
    )


def _covered_by_choice(tag_map: knowledge.DeclaredTagMap) -> frozenset[str]:
    """The trigger labels the four Archive Warnings warn for, which choosing not to use
    them leaves a reader expecting."""
    warnings = (w for w in ARCHIVE_WARNINGS if w not in (NO_WARNINGS, CHOSE_NOT_TO_WARN))
    return frozenset(label for warning in warnings for label in tag_map.labels_for(warning))


def _unsupported(findings: list[Finding], declared: Declared) -> list[Unsupported]:
    found = {(f.scheme, f.label) for f in findings}
    unsupported = []
    for warning in declared.warnings:
        if warning in (NO_WARNINGS, CHOSE_NOT_TO_WARN):
            continue
        if warning not in ARCHIVE_WARNINGS:  # another site's warning: read like a tag
            unsupported += _unsupported_tag(warning, found)
        elif ("ao3", warning) not in found:
            unsupported.append(Unsupported(warning, "ao3", (warning,)))
    for tag in declared.tags:
        unsupported += _unsupported_tag(tag, found)
    return unsupported


def _unsupported_tag(tag: str, found: set[tuple[str, str]]) -> list[Unsupported]:
    """The tag, if it stands for trigger labels and none of them was found; tags ficscope
    cannot read for ("Slow Burn") are never unsupported."""
    labels = knowledge.declared_tag_map().labels_for(tag)
    if not labels or any(("trigger", label) in found for label in labels):
        return []
    return [Unsupported(tag, "trigger", tuple(label for label in knowledge.TRIGGER_LABELS if label in labels))]


def _rating(declared: str | None, suggested: str | None, reason: str | None = None) -> RatingCheck:
    order = knowledge.AO3_RATINGS  # "Not Rated" and other sites' ratings compare with nothing
    if declared not in order or suggested not in order:
        return RatingCheck(declared, suggested, False, reason)
    return RatingCheck(declared, suggested, order.index(declared) < order.index(suggested), reason)

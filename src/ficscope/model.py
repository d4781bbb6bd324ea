"""The one vocabulary every reader, stage, renderer and store speaks.

Offsets are characters into ``Chapter.text`` exactly as the reader produced it:
for every span, ``work.chapter(span.chapter).text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

SCHEMA_VERSION = "1"

SourceFormat = Literal["text", "ao3-html", "ao3-epub", "fanficfare-epub", "epub", "ao3-page", "ao3-mobi", "mobi", "ao3-pdf", "pdf"]
RelationshipKind = Literal["romantic", "platonic", "family", "antagonistic"]
Severity = Literal["referenced", "depicted", "graphic"]
WarningScheme = Literal["ao3", "trigger"]

RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
# Mildest first; the rank orders findings and compares a finding with a threshold.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
# Findings at this confidence or more alone raise the suggested rating and count as
# missing in the author's check (``check --min-confidence`` counts more).
SHOWN_CONFIDENCE = 0.9
# The reports list findings at this confidence or more (``analyze --min-confidence``).
# Every finding, by default: held out, the confidence is not calibrated (the findings
# at 0.9 or more were right less often than all of them), so it is shown, not used to hide.
REPORT_MIN_CONFIDENCE = 0.0
NO_ARCHIVE_WARNINGS = "No Archive Warnings Apply"
ARCHIVE_WARNINGS = (
    "Creator Chose Not To Use Archive Warnings",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    NO_ARCHIVE_WARNINGS,
    "Rape/Non-Con",
    "Underage Sex",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one chapter's text: ``chapter`` is the chapter's 1-based number."""

    chapter: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Declared:
    """The tags the author chose, as the source file states them (never inferred)."""

    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.rating
            or self.warnings
            or self.categories
            or self.fandoms
            or self.relationships
            or self.characters
            or self.tags
        )


@dataclass(slots=True)
class Chapter:
    """One chapter: its story text and the notes the archive keeps beside it."""

    number: int
    text: str
    title: str | None = None
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    # Where the chapter text starts in the decoded source, for pasted text; None
    # where the source is structured (HTML, EPUB) and has no single text stream.
    source_start: int | None = None


@dataclass(slots=True)
class Work:
    """What a reader makes of one file: metadata and chapters."""

    title: str | None
    source_format: SourceFormat
    chapters: list[Chapter]
    authors: list[str] = field(default_factory=list)
    declared: Declared = field(default_factory=Declared)
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    url: str | None = None
    language: str | None = None
    series: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    complete: bool | None = None
    declared_words: int | None = None
    declared_chapters: str | None = None  # as the archive writes it: "3/10", "8/?"
    # The posted number of the first chapter held: 2 for a saved page of chapter 2. Stages
    # count the chapters a file holds 1..n; this says where they sit in the posted work.
    first_chapter: int = 1
    source: str | None = None  # the path it was read from

    def chapter(self, number: int) -> Chapter:
        return self.chapters[number - 1]


@dataclass(slots=True)
class Section:
    """A stretch of a chapter between headers or scene breaks, with its point of view."""

    chapter: int
    start: int
    end: int
    pov: str | None = None
    pov_source: Literal["header", "inferred"] | None = None
    pov_confidence: float | None = None
    words: int = 0


@dataclass(slots=True)
class ChapterLayout:
    """What the structure stage finds inside one chapter's text."""

    number: int
    sections: list[Section] = field(default_factory=list)
    scene_breaks: list[Span] = field(default_factory=list)
    author_notes: list[Span] = field(default_factory=list)
    pov_headers: list[Span] = field(default_factory=list)
    words: int = 0


@dataclass(slots=True)
class Stats:
    words: int = 0
    chapters: int = 0
    reading_minutes: int = 0
    dialogue_share: float | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where the text names a character (``character`` is its canonical name)."""

    chapter: int
    start: int
    end: int
    text: str
    character: str


@dataclass(slots=True)
class Character:
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    pov: bool = False
    gender: str | None = None
    fandom: str | None = None  # the fandom pack that named it, if any
    named: bool = True  # False for someone the text never names ("the nurse")


@dataclass(slots=True)
class Quote:
    chapter: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    addressee: str | None = None
    confidence: float = 0.0


@dataclass(slots=True)
class Relationship:
    """Two characters and the passages that link them.

    ``score`` weighs the evidence (how many passages, how strong, over how many
    chapters); ``shown`` marks the few a reader would tag, the main pairing first; the
    others are kept for ``--all-relationships``. ``kin`` says the text makes the two
    family: with ``kind`` "romantic" as well, the text shows romance between relatives."""

    tag: str
    kind: RelationshipKind
    members: list[str]
    evidence: list[Span] = field(default_factory=list)
    score: float = 0.0
    shown: bool = True
    kin: bool = False


@dataclass(slots=True)
class Finding:
    scheme: WarningScheme
    label: str
    severity: Severity
    confidence: float
    evidence: list[Span] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TagSuggestion:
    """A suggested additional tag and why. The reason may quote the work: show it like evidence."""

    tag: str
    reason: str


@dataclass(frozen=True, slots=True)
class FandomEvidence:
    """Why a fandom was named: declared by the work, or inferred from its characters."""

    fandom: str
    confidence: float
    source: Literal["declared", "characters"]
    characters: tuple[str, ...] = ()


@dataclass(slots=True)
class Analysis:
    """Everything the pipeline says about one work; renderers and the library only read it."""

    work: Work
    stats: Stats
    layout: list[ChapterLayout]
    fandoms: list[str] = field(default_factory=list)
    fandom_evidence: list[FandomEvidence] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    rating: str | None = None
    rating_reason: str | None = None  # what raised the suggested rating to where it is
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tag_reasons: list[TagSuggestion] = field(default_factory=list)  # one per suggested tag, same order

    def tag_suggestions(self) -> list[TagSuggestion]:
        """Every suggested tag in order with its reason ("" where none was recorded)."""
        reasons = {suggestion.tag: suggestion.reason for suggestion in self.tag_reasons}
        return [TagSuggestion(tag, reasons.get(tag, "")) for tag in self.tags]


# --------------------------------------------------------------------------- JSON
# The analysis JSON contract (schema_version "1", see DESIGN.md and
# schema/analysis.schema.json), beside the model it writes out: the renderers, the
# library and batch all serialise through these.


def _span(span: Span) -> dict[str, Any]:
    return {"chapter": span.chapter, "start": span.start, "end": span.end, "text": span.text}


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One warning finding as the contract writes it (``warnings[]``)."""
    return {
        "scheme": finding.scheme,
        "label": finding.label,
        "severity": finding.severity,
        "confidence": finding.confidence,
        "chapters": sorted({s.chapter for s in finding.evidence}),
        "evidence": [_span(s) for s in finding.evidence],
    }


def as_dict(analysis: Analysis) -> dict[str, Any]:
    """The analysis as plain JSON-ready data. Story text is not included, only offsets into it."""
    work = analysis.work
    declared = work.declared
    chapters = []
    for chapter, layout in zip(work.chapters, analysis.layout, strict=True):
        chapters.append(
            {
                "number": chapter.number,
                "title": chapter.title,
                "start": chapter.source_start,
                "length": len(chapter.text),
                "words": layout.words,
                "summary": chapter.summary,
                "notes": chapter.notes,
                "end_notes": chapter.end_notes,
                "sections": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "pov": s.pov,
                        "pov_source": s.pov_source,
                        "pov_confidence": s.pov_confidence,
                        "words": s.words,
                    }
                    for s in layout.sections
                ],
                "scene_breaks": [_span(s) for s in layout.scene_breaks],
                "author_notes": [_span(s) for s in layout.author_notes],
                "pov_headers": [_span(s) for s in layout.pov_headers],
            }
        )
    stats = analysis.stats
    return {
        "schema_version": SCHEMA_VERSION,
        "work": {
            "title": work.title,
            "authors": list(work.authors),
            "source_format": work.source_format,
            "source": work.source,
            "url": work.url,
            "language": work.language,
            "series": list(work.series),
            "published": work.published,
            "updated": work.updated,
            "complete": work.complete,
            "declared": {
                "rating": declared.rating,
                "warnings": list(declared.warnings),
                "categories": list(declared.categories),
                "fandoms": list(declared.fandoms),
                "relationships": list(declared.relationships),
                "characters": list(declared.characters),
                "tags": list(declared.tags),
                "words": work.declared_words,
                "chapters": work.declared_chapters,
            },
            "summary": work.summary,
            "notes": work.notes,
            "end_notes": work.end_notes,
            "first_chapter": work.first_chapter,
        },
        "stats": {
            "words": stats.words,
            "chapters": stats.chapters,
            "dialogue_share": stats.dialogue_share,
            "reading_minutes": stats.reading_minutes,
        },
        "chapters": chapters,
        "fandoms": list(analysis.fandoms),
        "fandom_evidence": [
            {"fandom": e.fandom, "confidence": e.confidence, "source": e.source, "characters": list(e.characters)}
            for e in analysis.fandom_evidence
        ],
        "characters": [
            {
                "name": c.name,
                "aliases": list(c.aliases),
                "mentions": c.mentions,
                "pov": c.pov,
                "gender": c.gender,
                "named": c.named,
                "fandom": c.fandom,
            }
            for c in analysis.characters
        ],
        "relationships": [
            {
                "tag": r.tag,
                "kind": r.kind,
                "members": list(r.members),
                "evidence": [_span(s) for s in r.evidence],
                "score": r.score,
                "shown": r.shown,
                "kin": r.kin,
            }
            for r in analysis.relationships
        ],
        "quotes": [
            {
                "chapter": q.chapter,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "addressee": q.addressee,
                "confidence": q.confidence,
            }
            for q in analysis.quotes
        ],
        "warnings": [finding_dict(f) for f in analysis.warnings],
        "rating": analysis.rating,
        "rating_reason": analysis.rating_reason,
        "categories": list(analysis.categories),
        "tags": list(analysis.tags),
        "tag_reasons": [{"tag": s.tag, "reason": s.reason} for s in analysis.tag_reasons],
    }


def partial_note(declared_chapters: str | None, held: int, first: int = 1) -> str | None:
    """What part of a work a file holds when it holds fewer chapters than are posted
    (a saved chapter page): "partial: holds chapter 2 of 14 posted"; None otherwise."""
    posted = (declared_chapters or "").split("/", 1)[0]
    if not posted.isdigit() or held >= int(posted) or held < 1:
        return None
    last = first + held - 1
    which = f"chapter {first}" if held == 1 else f"chapters {first}\u2013{last}"
    return f"partial: holds {which} of {posted} posted"

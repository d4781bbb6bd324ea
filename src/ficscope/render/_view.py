"""What a report shows, worked out once for the text and the HTML renderers.

Only reads the ``Analysis``; nothing here is inferred beyond counting and ordering.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..model import NO_ARCHIVE_WARNINGS, REPORT_MIN_CONFIDENCE, Analysis, Chapter, ChapterLayout, Character, Finding, Quote, Relationship, Span, TagSuggestion, partial_note
from ..wordcount import count_words

# What an empty part of a finished analysis says; the stats alone can be missing.
NOT_ANALYSED = "None found."
STATS_NOT_RUN = "Not analysed."

SOURCE_FORMATS = {
    "text": "plain text",
    "ao3-html": "AO3 HTML download",
    "ao3-epub": "AO3 EPUB download",
    "fanficfare-epub": "FanFicFare EPUB",
    "epub": "EPUB",
    "ao3-page": "saved AO3 work page",
    "ao3-mobi": "AO3 MOBI/AZW3 download",
    "mobi": "MOBI/AZW3",
    "ao3-pdf": "AO3 PDF download",
    "pdf": "PDF",
}
SCHEMES = {"ao3": "AO3 archive warning", "trigger": "content warning"}
SEVERITY_ORDER = {"graphic": 0, "depicted": 1, "referenced": 2}
# Findings whose severity means nothing: the schema requires one, the reports leave it out.
UNGRADED = frozenset({("ao3", NO_ARCHIVE_WARNINGS)})


@dataclass(frozen=True, slots=True)
class TagGroup:
    label: str
    values: list[str]


@dataclass(frozen=True, slots=True)
class SectionRow:
    pov: str | None
    words: int


@dataclass(frozen=True, slots=True)
class ChapterRow:
    number: int
    title: str | None
    words: int
    sections: list[SectionRow]
    scene_breaks: int
    # Notes inside the text (found by the structure stage) plus those the archive keeps beside it.
    author_notes: int


@dataclass(frozen=True, slots=True)
class RelationshipRow:
    tag: str
    kind: str
    members: list[str]
    evidence: list[Span]
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    name: str | None
    lines: int


@dataclass(frozen=True, slots=True)
class ChapterQuotes:
    number: int
    title: str | None
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class WarningRow:
    scheme: str
    label: str
    severity: str
    confidence: str
    chapters: str
    evidence: list[Span]
    graded: bool = True  # False where a severity means nothing ("No Archive Warnings Apply")


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    authors: list[str]
    source_format: str
    url: str | None
    link: str | None  # the URL, only when it is safe to make a link of (http or https)
    facts: list[str]
    declared: list[TagGroup]
    summary: str | None
    summary_short: str | None
    notes: str | None
    notes_short: str | None
    stats_known: bool  # False when the stats stage has not run: zeros would be made up
    words: int
    chapter_count: int
    reading_minutes: int
    dialogue_share: str | None
    chapters: list[ChapterRow]
    characters: list[Character]
    relationships: list[RelationshipRow]  # the ones a reader would tag, main pairing first
    speakers: list[SpeakerCount]
    quotes: list[ChapterQuotes]
    quote_count: int
    warnings: list[WarningRow]
    rating: str | None
    categories: list[str]
    fandoms: list[str]
    tags: list[str]
    tag_reasons: list[TagSuggestion]  # every suggested tag with its reason ("" when none is known)
    # The rest, with less evidence (antagonistic pairs always): shown on request or folded.
    other_relationships: list[RelationshipRow] = field(default_factory=list)
    rating_reason: str | None = None  # a label and severity or a count, never a passage
    # Findings under ``min_confidence`` are left out of ``warnings`` and only counted.
    min_confidence: float = REPORT_MIN_CONFIDENCE
    hidden_warnings: int = 0


def build(analysis: Analysis, min_confidence: float = REPORT_MIN_CONFIDENCE) -> Report:
    """The report's view of ``analysis``; warnings found with less confidence than
    ``min_confidence`` are counted, not listed ("No Archive Warnings Apply" always is)."""
    work = analysis.work
    shown = [f for f in analysis.warnings if f.confidence >= min_confidence or f.label == NO_ARCHIVE_WARNINGS]
    return Report(
        title=work.title or "Untitled",
        authors=list(work.authors),
        source_format=SOURCE_FORMATS.get(work.source_format, work.source_format),
        url=work.url,
        link=work.url if work.url and urlsplit(work.url).scheme in ("http", "https") else None,
        facts=_facts(analysis),
        declared=declared_groups(analysis),
        summary=work.summary.strip() if work.summary else None,
        summary_short=shorten(work.summary) if work.summary else None,
        notes=work.notes.strip() if work.notes else None,
        notes_short=shorten(work.notes) if work.notes else None,
        stats_known=analysis.stats.chapters > 0 or not work.chapters,
        words=analysis.stats.words,
        chapter_count=analysis.stats.chapters,
        reading_minutes=analysis.stats.reading_minutes,
        dialogue_share=percent(analysis.stats.dialogue_share) if analysis.stats.dialogue_share is not None else None,
        chapters=chapter_rows(analysis),
        characters=list(analysis.characters),
        relationships=[_relationship_row(r) for r in analysis.relationships if _is_shown(r)],
        other_relationships=[_relationship_row(r) for r in analysis.relationships if not _is_shown(r)],
        speakers=speaker_counts(analysis.quotes),
        quotes=quotes_by_chapter(analysis),
        quote_count=len(analysis.quotes),
        warnings=warning_rows(shown),
        min_confidence=min_confidence,
        hidden_warnings=len(analysis.warnings) - len(shown),
        rating=analysis.rating,
        rating_reason=analysis.rating_reason,
        categories=list(analysis.categories),
        fandoms=fandom_labels(analysis),
        tags=list(analysis.tags),
        tag_reasons=analysis.tag_suggestions(),
    )


def _is_shown(relationship: Relationship) -> bool:
    return relationship.shown and relationship.kind != "antagonistic"


def _relationship_row(relationship: Relationship) -> RelationshipRow:
    return RelationshipRow(relationship.tag, relationship.kind, list(relationship.members), list(relationship.evidence), relationship.score)


def _facts(analysis: Analysis) -> list[str]:
    """Short facts about the work as published: language, status, dates, series."""
    work = analysis.work
    facts = []
    if work.language:
        facts.append(work.language)
    if work.complete is not None:
        facts.append("complete" if work.complete else "in progress")
    if work.declared_chapters:
        facts.append(f"chapters {work.declared_chapters}")
        partial = partial_note(work.declared_chapters, len(work.chapters), work.first_chapter)
        if partial:
            facts.append(partial)
    if work.published:
        facts.append(f"published {work.published}")
    if work.updated:
        facts.append(f"updated {work.updated}")
    facts.extend(f"series: {series}" for series in work.series)
    return facts


def declared_groups(analysis: Analysis) -> list[TagGroup]:
    """The author's own tags in AO3's order, leaving out the empty kinds."""
    declared = analysis.work.declared
    groups = [
        TagGroup("Rating", [declared.rating] if declared.rating else []),
        TagGroup("Archive warnings", declared.warnings),
        TagGroup("Categories", declared.categories),
        TagGroup("Fandoms", declared.fandoms),
        TagGroup("Relationships", declared.relationships),
        TagGroup("Characters", declared.characters),
        TagGroup("Additional tags", declared.tags),
    ]
    return [TagGroup(group.label, list(group.values)) for group in groups if group.values]


def shorten(text: str, limit: int = 400) -> str:
    """Text folded onto one line and cut at a word boundary to about ``limit`` characters."""
    short = textwrap.shorten(text, width=limit, placeholder=" …")
    if short.strip() == "…":  # one unbroken word longer than the limit
        return " ".join(text.split())[:limit] + "…"
    return short


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def chapter_rows(analysis: Analysis) -> list[ChapterRow]:
    layouts = {layout.number: layout for layout in analysis.layout}
    return [_chapter_row(chapter, layouts.get(chapter.number)) for chapter in analysis.work.chapters]


def _chapter_row(chapter: Chapter, layout: ChapterLayout | None) -> ChapterRow:
    beside = bool(chapter.notes) + bool(chapter.end_notes)
    if layout is None:
        # No structure stage ran: still worth showing the chapter and its size.
        return ChapterRow(chapter.number, chapter.title, count_words(chapter.text), [], 0, beside)
    return ChapterRow(
        number=chapter.number,
        title=chapter.title,
        words=layout.words,
        sections=[SectionRow(section.pov, section.words) for section in layout.sections],
        scene_breaks=len(layout.scene_breaks),
        author_notes=len(layout.author_notes) + beside,
    )


def speaker_counts(quotes: list[Quote]) -> list[SpeakerCount]:
    """Lines of dialogue per speaker, most first; unattributed lines (``name`` None) last."""
    counts = Counter(quote.speaker for quote in quotes)
    named = sorted(((name, n) for name, n in counts.items() if name is not None), key=lambda item: (-item[1], item[0]))
    rows = [SpeakerCount(name, n) for name, n in named]
    if None in counts:
        rows.append(SpeakerCount(None, counts[None]))
    return rows


def quotes_by_chapter(analysis: Analysis) -> list[ChapterQuotes]:
    titles = {chapter.number: chapter.title for chapter in analysis.work.chapters}
    grouped: dict[int, list[Quote]] = {}
    for quote in sorted(analysis.quotes, key=lambda q: (q.chapter, q.start)):
        grouped.setdefault(quote.chapter, []).append(quote)
    return [ChapterQuotes(number, titles.get(number), quotes) for number, quotes in grouped.items()]


def warning_rows(findings: list[Finding]) -> list[WarningRow]:
    """AO3's warnings first, then content warnings; the most severe first within each."""
    ordered = sorted(findings, key=lambda f: (f.scheme != "ao3", SEVERITY_ORDER.get(f.severity, 3)))
    return [
        WarningRow(
            scheme=SCHEMES.get(f.scheme, f.scheme),
            label=f.label,
            severity=f.severity,
            confidence=percent(f.confidence),
            chapters=chapter_ranges(sorted({span.chapter for span in f.evidence})),
            evidence=sorted(f.evidence, key=lambda s: (s.chapter, s.start)),
            graded=(f.scheme, f.label) not in UNGRADED,
        )
        for f in ordered
    ]


# What the reports the CLI writes add to ``hidden_warnings_note``.
CLI_HINT = "a lower --min-confidence lists them; the JSON has them all"


def hidden_warnings_note(report: Report) -> str:
    """The line that says how many findings the report leaves out, and how to see them."""
    count = report.hidden_warnings
    return f"{count} more finding{'s' if count != 1 else ''} under {percent(report.min_confidence)} confidence not listed"


def chapter_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` as ``"ch. 1–3, 5"``; empty when there are none."""
    if not numbers:
        return ""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return "ch. " + ", ".join(parts)


def fandom_labels(analysis: Analysis) -> list[str]:
    """Each fandom as the report shows it: an inferred one says from whom, and how sure."""
    if not analysis.fandom_evidence:
        return list(analysis.fandoms)
    return [
        e.fandom
        if e.source == "declared"
        else f"{e.fandom} (inferred from {', '.join(e.characters)}; confidence {e.confidence:.2f})"
        for e in analysis.fandom_evidence
    ]

"""The analysis JSON contract (schema_version "1", see DESIGN.md and schema/analysis.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from ..model import SCHEMA_VERSION, Analysis, Finding, Span


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
            {"tag": r.tag, "kind": r.kind, "members": list(r.members), "evidence": [_span(s) for s in r.evidence]}
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
        "categories": list(analysis.categories),
        "tags": list(analysis.tags),
        "tag_reasons": [{"tag": s.tag, "reason": s.reason} for s in analysis.tag_reasons],
    }


def dumps(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(as_dict(analysis), ensure_ascii=False, indent=indent)

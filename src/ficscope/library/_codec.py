"""The stored analysis JSON and chapter texts back into an ``Analysis``, for the
renderers (``ficscope library show``, the web app). The inverse of ``render.json.as_dict``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..model import (
    TagSuggestion,
    Analysis,
    Chapter,
    ChapterLayout,
    Character,
    Declared,
    FandomEvidence,
    Finding,
    Quote,
    Relationship,
    Section,
    Span,
    Stats,
    Work,
)


def _spans(items: Sequence[Mapping[str, Any]]) -> list[Span]:
    return [Span(s["chapter"], s["start"], s["end"], s["text"]) for s in items]


def analysis_from_dict(data: Mapping[str, Any], texts: Sequence[str]) -> Analysis:
    """Rebuild the analysis; ``texts`` are the chapters' story texts, in order."""
    info = data["work"]
    declared = info["declared"]
    chapters = data["chapters"]
    work = Work(
        title=info["title"],
        source_format=info["source_format"],
        chapters=[
            Chapter(
                number=c["number"], text=text, title=c["title"], summary=c["summary"], notes=c["notes"],
                end_notes=c["end_notes"], source_start=c["start"],
            )
            for c, text in zip(chapters, texts, strict=True)
        ],
        authors=list(info["authors"]),
        declared=Declared(
            rating=declared["rating"], warnings=list(declared["warnings"]), categories=list(declared["categories"]),
            fandoms=list(declared["fandoms"]), relationships=list(declared["relationships"]),
            characters=list(declared["characters"]), tags=list(declared["tags"]),
        ),
        summary=info["summary"], notes=info["notes"], end_notes=info["end_notes"], url=info["url"],
        language=info["language"], series=list(info["series"]), published=info["published"],
        updated=info["updated"], complete=info["complete"], declared_words=declared["words"],
        declared_chapters=declared["chapters"], source=info["source"],
        first_chapter=info.get("first_chapter", 1),
    )
    layout = [
        ChapterLayout(
            number=c["number"],
            sections=[
                Section(
                    c["number"], s["start"], s["end"], pov=s["pov"], pov_source=s["pov_source"],
                    pov_confidence=s["pov_confidence"], words=s["words"],
                )
                for s in c["sections"]
            ],
            scene_breaks=_spans(c["scene_breaks"]),
            author_notes=_spans(c["author_notes"]),
            pov_headers=_spans(c["pov_headers"]),
            words=c["words"],
        )
        for c in chapters
    ]
    stats = data["stats"]
    return Analysis(
        work=work,
        stats=Stats(
            words=stats["words"], chapters=stats["chapters"], reading_minutes=stats["reading_minutes"],
            dialogue_share=stats["dialogue_share"],
        ),
        layout=layout,
        fandoms=list(data["fandoms"]),
        fandom_evidence=[
            FandomEvidence(e["fandom"], e["confidence"], e["source"], tuple(e["characters"]))
            for e in data.get("fandom_evidence", ())
        ],
        characters=[
            Character(
                c["name"], aliases=list(c["aliases"]), mentions=c["mentions"], pov=c["pov"], gender=c["gender"],
                fandom=c.get("fandom"), named=c.get("named", True),
            )
            for c in data["characters"]
        ],
        relationships=[
            Relationship(
                r["tag"], r["kind"], list(r["members"]), _spans(r["evidence"]),
                score=r.get("score", 0.0), shown=r.get("shown", True), kin=r.get("kin", False),
            )
            for r in data["relationships"]
        ],
        quotes=[
            Quote(q["chapter"], q["start"], q["end"], q["text"], q["speaker"], q["addressee"], q["confidence"])
            for q in data["quotes"]
        ],
        warnings=[
            Finding(f["scheme"], f["label"], f["severity"], f["confidence"], _spans(f["evidence"]))
            for f in data["warnings"]
        ],
        rating=data["rating"],
        rating_reason=data.get("rating_reason"),
        categories=list(data["categories"]),
        tags=list(data["tags"]),
        tag_reasons=[TagSuggestion(r["tag"], r["reason"]) for r in data.get("tag_reasons", ())],
    )

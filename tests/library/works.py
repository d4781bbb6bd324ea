"""Small original works for the library tests, built as ``Analysis`` objects by hand
(no reader, no pipeline) so filters can be tested with any tags and findings.

Every piece of prose here was written for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from ficscope.model import (
    Analysis,
    Chapter,
    ChapterLayout,
    Character,
    Declared,
    Finding,
    Relationship,
    Section,
    Span,
    Stats,
    Work,
)
from ficscope.wordcount import count_words

HARBOUR = (
    "The ferry came in late, as it always did in winter, and the harbour lights shook on the black water. "
    "Marten carried the crates up the slipway one at a time."
)
ORCHARD = (
    "By the second week of the harvest the orchard smelled of bruised apples and woodsmoke. "
    "Ilse counted the baskets and wrote the number on the barn door in chalk."
)
OBSERVATORY = (
    "Nobody had opened the dome in eleven years. The hinges screamed when Petra forced them, "
    "and a drift of old snow slid onto the telescope."
)

# (scheme, label, severity) of a detected finding.
FindingSpec = tuple[str, str, str]


def story(
    title: str,
    text: str | Sequence[str] = HARBOUR,
    *,
    authors: Sequence[str] = ("fernwright",),
    url: str | None = None,
    rating: str | None = None,
    warnings: Sequence[str] = (),
    categories: Sequence[str] = (),
    fandoms: Sequence[str] = (),
    relationships: Sequence[str] = (),
    characters: Sequence[str] = (),
    tags: Sequence[str] = (),
    detected_fandoms: Sequence[str] = (),
    detected_characters: Sequence[str] = (),
    detected_relationships: Sequence[str] = (),
    detected_tags: Sequence[str] = (),
    detected_rating: str | None = None,
    findings: Sequence[FindingSpec] = (),
    language: str | None = "English",
    complete: bool | None = True,
    published: str | None = "2021-05-01",
    updated: str | None = None,
    summary: str | None = None,
) -> Analysis:
    """One work whose chapters are ``text`` (a string for one chapter), with the
    declared tags and detected findings given."""
    texts = [text] if isinstance(text, str) else list(text)
    chapters = [Chapter(n, body, title=f"Part {n}") for n, body in enumerate(texts, start=1)]
    layout = [
        ChapterLayout(
            c.number,
            sections=[Section(c.number, 0, len(c.text), words=count_words(c.text))],
            words=count_words(c.text),
        )
        for c in chapters
    ]
    words = sum(layout_.words for layout_ in layout)
    first_word = texts[0].split()[0]
    start = texts[0].index(first_word)
    evidence = Span(1, start, start + len(first_word), first_word)
    work = Work(
        title=title,
        source_format="ao3-html" if url else "text",
        chapters=chapters,
        authors=list(authors),
        declared=Declared(
            rating=rating,
            warnings=list(warnings),
            categories=list(categories),
            fandoms=list(fandoms),
            relationships=list(relationships),
            characters=list(characters),
            tags=list(tags),
        ),
        summary=summary,
        url=url,
        language=language,
        published=published,
        updated=updated,
        complete=complete,
    )
    return Analysis(
        work=work,
        stats=Stats(words=words, chapters=len(chapters), reading_minutes=max(1, words // 250)),
        layout=layout,
        fandoms=list(detected_fandoms),
        characters=[Character(name, mentions=3) for name in detected_characters],
        relationships=[
            Relationship(tag, "romantic" if "/" in tag else "platonic", [m.strip() for m in tag.replace("&", "/").split("/")])
            for tag in detected_relationships
        ],
        warnings=[Finding(scheme, label, severity, 0.95, [evidence]) for scheme, label, severity in findings],  # type: ignore[arg-type]
        rating=detected_rating,
        tags=list(detected_tags),
    )


def numbered(n: int) -> Analysis:
    """The n-th of many distinct little works, for batches and concurrent writers."""
    return story(
        f"Tide Table {n}",
        f"On day {n} the tide turned at {n % 12 + 1} o'clock and the gulls settled on the breakwater. " + HARBOUR,
        authors=[f"writer{n % 7}"],
    )

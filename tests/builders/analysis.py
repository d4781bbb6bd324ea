"""Hand-built analyses for renderer and schema tests; no reader or pipeline involved.

The two chapters are original prose written for these tests. Every span is found in
its chapter text by ``_span``, so offsets are right by construction.
"""

from __future__ import annotations

from ficscope.model import (
    Analysis,
    Chapter,
    ChapterLayout,
    Character,
    Declared,
    Finding,
    Quote,
    Relationship,
    Section,
    Span,
    Stats,
    TagSuggestion,
    Work,
)
from ficscope.wordcount import count_words

CHAPTER_ONE = (
    "Wren's POV\n\n"
    "The keeper's daughter counted the boats twice, because once was never enough on a night "
    'like this. "They\'re late," she said.\n\n'
    '"They\'re always late," Tomas answered, and handed her the lamp.\n\n'
    "* * *\n\n"
    "Tomas's POV\n\n"
    "He found the broken oar on the shingle at dawn, and the blood on it was not his own."
)
CHAPTER_TWO = (
    "A/N: Thank you for reading! This one is short.\n\n"
    'Wren mended the net while the gulls argued overhead. "You kept the oar," she said.\n\n'
    '"Someone has to remember him," said Tomas.'
)

# Passages the warnings point at: tests check they stay hidden without spoilers.
BLOOD_EVIDENCE = "the blood on it was not his own"
DEATH_EVIDENCE = '"Someone has to remember him,"'


def _span(text: str, chapter: int, fragment: str) -> Span:
    start = text.index(fragment)
    return Span(chapter, start, start + len(fragment), fragment)


def _quote(text: str, chapter: int, fragment: str, speaker: str | None, addressee: str | None = None) -> Quote:
    span = _span(text, chapter, fragment)
    return Quote(chapter, span.start, span.end, span.text, speaker, addressee, confidence=0.9)


def _section(text: str, chapter: int, start: int, end: int, pov: str | None, source: str | None) -> Section:
    return Section(
        chapter, start, end, pov=pov, pov_source=source,  # type: ignore[arg-type]
        pov_confidence=1.0 if source == "header" else 0.6, words=count_words(text[start:end]),
    )


def minimal_analysis() -> Analysis:
    """The least a pipeline can hand over: one chapter, nothing analysed."""
    work = Work(title=None, source_format="text", chapters=[Chapter(1, "Short.")])
    return Analysis(work=work, stats=Stats(words=1, chapters=1, reading_minutes=1), layout=[ChapterLayout(1, words=1)])


def full_analysis(*, title: str = "The Keeper's Daughter", chapter_title: str = "Low Tide") -> Analysis:
    """Two chapters with sections, POV, a scene break, an author's note, and every finding kind."""
    one, two = CHAPTER_ONE, CHAPTER_TWO
    work = Work(
        title=title,
        source_format="ao3-html",
        chapters=[
            Chapter(1, one, title=chapter_title, notes="Set before the storm."),
            Chapter(2, two, title="High Water"),
        ],
        authors=["fernwright", "saltmarsh"],
        declared=Declared(
            rating="Teen And Up Audiences",
            warnings=["Major Character Death"],
            categories=["Gen"],
            fandoms=["Original Work"],
            relationships=["Wren & Tomas"],
            characters=["Wren", "Tomas"],
            tags=["Lighthouses", "Grief"],
        ),
        summary="Two keepers of a northern light wait for the boats to come home. " * 12,
        url="https://archiveofourown.org/works/4815162",
        language="English",
        complete=True,
        declared_words=count_words(one) + count_words(two),
        declared_chapters="2/2",
    )
    break_one = _span(one, 1, "* * *")
    layout = [
        ChapterLayout(
            1,
            sections=[
                _section(one, 1, 0, break_one.start, "Wren", "header"),
                _section(one, 1, break_one.end, len(one), "Tomas", "header"),
            ],
            scene_breaks=[break_one],
            pov_headers=[_span(one, 1, "Wren's POV"), _span(one, 1, "Tomas's POV")],
            words=count_words(one),
        ),
        ChapterLayout(
            2,
            sections=[_section(two, 2, 0, len(two), "Wren", "inferred")],
            author_notes=[_span(two, 2, "A/N: Thank you for reading! This one is short.")],
            words=count_words(two),
        ),
    ]
    quotes = [
        _quote(one, 1, '"They\'re late,"', "Wren", "Tomas"),
        _quote(one, 1, '"They\'re always late,"', "Tomas", "Wren"),
        _quote(two, 2, '"You kept the oar,"', "Wren", "Tomas"),
        _quote(two, 2, DEATH_EVIDENCE, None),
    ]
    words = count_words(one) + count_words(two)
    return Analysis(
        work=work,
        stats=Stats(words=words, chapters=2, reading_minutes=1, dialogue_share=0.25),
        layout=layout,
        fandoms=["Original Work"],
        characters=[
            Character("Wren", aliases=["the keeper's daughter"], mentions=4, pov=True, gender="she"),
            Character("Tomas", mentions=4, pov=True, gender="he"),
        ],
        relationships=[
            Relationship("Wren & Tomas", "platonic", ["Wren", "Tomas"], [_span(one, 1, "handed her the lamp")]),
        ],
        quotes=quotes,
        warnings=[
            Finding("trigger", "blood", "depicted", 0.95, [_span(one, 1, BLOOD_EVIDENCE)]),
            Finding("ao3", "Major Character Death", "referenced", 0.92, [_span(two, 2, DEATH_EVIDENCE)]),
        ],
        rating="Teen And Up Audiences",
        categories=["Gen"],
        tags=["Grief", "Lighthouses"],
    )


# A tag's reason may quote the story: reports fold it away like a warning's passages.
GRIEF_REASON = f"mourning a death, ch. 2: {DEATH_EVIDENCE}"


def with_tag_reasons(analysis: Analysis) -> Analysis:
    """``analysis`` with reasons for its suggested tags: "Grief" quotes the story, "Lighthouses" has none."""
    analysis.tag_reasons = [TagSuggestion("Grief", GRIEF_REASON)]
    return analysis


def no_warnings_apply(analysis: Analysis) -> Analysis:
    """``analysis`` whose only finding is "No Archive Warnings Apply" (a severity that means nothing)."""
    analysis.warnings = [Finding("ao3", "No Archive Warnings Apply", "referenced", 0.9, [])]
    return analysis

"""Offsets are sacred: every span is an exact slice of its chapter's text."""

from __future__ import annotations

from pathlib import Path

import ficscope
from ficscope.model import Analysis


def spans_of(analysis: Analysis):
    for layout in analysis.layout:
        yield from layout.scene_breaks
        yield from layout.author_notes
        yield from layout.pov_headers
    for relationship in analysis.relationships:
        yield from relationship.evidence
    for finding in analysis.warnings:
        yield from finding.evidence
    yield from analysis.quotes


def assert_offsets_hold(analysis: Analysis) -> int:
    count = 0
    for span in spans_of(analysis):
        assert analysis.work.chapter(span.chapter).text[span.start : span.end] == span.text
        count += 1
    for layout in analysis.layout:
        text = analysis.work.chapter(layout.number).text
        for section in layout.sections:
            assert 0 <= section.start < section.end <= len(text)
    return count


def test_offsets_hold_on_the_bundled_example(example_path: Path) -> None:
    assert assert_offsets_hold(ficscope.analyze(example_path)) >= 5


def test_offsets_hold_on_the_shared_sample(shared_sample: Path) -> None:
    assert_offsets_hold(ficscope.analyze(shared_sample))


def test_pasted_chapter_text_is_a_slice_of_the_file(example_path: Path) -> None:
    text = example_path.read_text(encoding="utf-8")
    for chapter in ficscope.read_work(example_path).chapters:
        assert chapter.source_start is not None
        assert text[chapter.source_start : chapter.source_start + len(chapter.text)] == chapter.text

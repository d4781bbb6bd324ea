"""Reports show the relationships a reader would tag; the rest only on request."""

from __future__ import annotations

from ficscope.model import Relationship, Span
from ficscope.render import html, text

from ..builders.analysis import full_analysis


def _with_hidden():
    analysis = full_analysis()
    span = Span(1, 0, 1, analysis.work.chapters[0].text[:1])
    analysis.relationships = [
        Relationship("Mara/Jude", "romantic", ["Jude", "Mara"], [span], score=12.0, shown=True),
        Relationship("Ivo & Jude", "platonic", ["Ivo", "Jude"], [span], score=1.0, shown=False),
    ]
    return analysis


def test_the_text_report_hides_the_pairs_with_less_evidence_unless_asked() -> None:
    report = text.render(_with_hidden(), console_width=120)
    assert "Mara/Jude" in report
    assert "Ivo & Jude" not in report
    assert "--all-relationships" in report
    assert "Ivo & Jude" in text.render(_with_hidden(), console_width=120, all_relationships=True)


def test_the_html_report_hides_them_too_unless_asked() -> None:
    page = html.render(_with_hidden())
    assert "Mara/Jude" in page and "Ivo &amp; Jude" not in page
    assert "Ivo &amp; Jude" in html.render(_with_hidden(), all_relationships=True)

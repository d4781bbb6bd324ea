"""ficscope's speakers for quotation spans given from outside (a corpus's gold quotes).

The stages before ``speakers`` run as usual on the work; then the speakers stage
attributes the given spans instead of the quotes ficscope found itself. This is how a
speaker figure "on gold quotations", BookNLP's measure, is taken.
"""

from __future__ import annotations

from ficscope.model import Quote, Work
from ficscope.pipeline import Doc, default_pipeline
from ficscope.stages import speaker_model


def rules_only() -> None:
    """Make this process's speakers stage ignore the shipped model: the rules' figures."""
    speaker_model.load.cache_clear()
    speaker_model.load = lambda: None  # type: ignore[assignment]


def attribute_spans(work: Work, spans: list[tuple[int, int]]) -> dict[int, str | None]:
    """Start offset of each span (in the work's one chapter) -> the speaker ficscope gives it."""
    return {start: quote.speaker for start, quote in attributed_spans(work, spans).items()}


def attributed_spans(work: Work, spans: list[tuple[int, int]]) -> dict[int, Quote]:
    """Start offset of each span -> the quote ficscope makes of it (speaker, addressee)."""
    doc = Doc(work)
    text = work.chapters[0].text
    for stage in default_pipeline().stages:
        if stage.name == "speakers":
            doc.quotes = [
                Quote(chapter=1, start=s, end=e, text=text[s:e], confidence=1.0) for s, e in sorted(set(spans))
            ]
            stage.run(doc)
            return {q.start: q for q in doc.quotes}
        stage.run(doc)
    raise RuntimeError("the default pipeline has no speakers stage")

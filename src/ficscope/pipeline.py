"""Named stages over one shared document.

Each stage declares what it ``requires`` and ``produces``; ``Pipeline`` checks the
wiring once, when it is built, so a missing stage fails before any work is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import PipelineError
from .model import Analysis, Stats, Work


@dataclass(slots=True)
class Document:
    """The work and everything stages have found so far, filed by product name."""

    work: Work
    products: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.products[name]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable[[Document], None]


# What the reader provides before any stage runs.
PROVIDED = ("work",)


class Pipeline:
    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = list(stages)
        available = set(PROVIDED)
        for stage in self.stages:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage produces"
                )
            available.update(stage.produces)
        self.available = frozenset(available)

    def __call__(self, work: Work) -> Analysis:
        doc = Document(work)
        for stage in self.stages:
            stage.run(doc)
        return to_analysis(doc)


def to_analysis(doc: Document) -> Analysis:
    """Gather a document's products into the ``Analysis`` the renderers read."""
    products = doc.products
    return Analysis(
        work=doc.work,
        stats=products.get("stats", Stats(chapters=len(doc.work.chapters))),
        layout=products["layout"],
        fandoms=products.get("fandoms", []),
        fandom_evidence=products.get("fandom_guesses", []),
        characters=products.get("characters", []),
        relationships=products.get("relationships", []),
        quotes=products.get("quotes", []),
        warnings=products.get("warnings", []),
        rating=products.get("rating"),
        categories=products.get("categories", []),
        tags=products.get("tags", []),
        tag_reasons=products.get("tag_reasons", []),
    )


def default_pipeline() -> Pipeline:
    from .stages import characters, fandoms, nlp, pov, quotes, rating, relationships, speakers, stats, structure, warnings

    return Pipeline(
        [
            structure.STAGE,
            quotes.STAGE,
            nlp.STAGE,
            characters.STAGE,
            speakers.STAGE,
            pov.STAGE,
            relationships.STAGE,
            warnings.STAGE,
            rating.STAGE,
            fandoms.STAGE,
            stats.STAGE,
        ]
    )

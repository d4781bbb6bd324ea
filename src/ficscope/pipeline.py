"""Named stages over one typed document.

A ``Doc`` holds the work and every field the stages fill in. Each ``Stage`` declares
the fields it ``reads``, the fields it ``assigns`` and the fields it ``modifies`` (reads
and hands back changed); its ``compute`` is a function from a read-only view of those
fields to a mapping of the fields it returns. ``Pipeline`` checks the wiring once, when
it is built, and ``Stage.run`` enforces the declaration while the stage runs: reading
an undeclared or not yet filled field, or returning an undeclared one, raises
``ContractError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .errors import PipelineError
from .model import Analysis, ChapterLayout, Character, FandomEvidence, Finding, Mention, Quote, Relationship, Stats, Work


class ContractError(PipelineError):
    """A stage touched a document field its declaration does not name."""


@dataclass(slots=True)
class Doc:
    """The work and everything the stages have found in it, one typed field each."""

    work: Work
    layout: list[ChapterLayout] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    parser: Any = None  # stages.nlp.Parser: sentences and parses, made on demand
    characters: list[Character] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # (chapter, start offset) of each mention -> the character it refers to.
    antecedents: dict[tuple[int, int], str] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    warning_groups: list[Any] = field(default_factory=list)
    rating: str | None = None
    rating_reason: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tag_reasons: list[Any] = field(default_factory=list)  # stages.rating.TagSuggestion
    fandoms: list[str] = field(default_factory=list)
    fandom_guesses: list[FandomEvidence] = field(default_factory=list)
    stats: Stats | None = None
    # Names of the fields a stage (or the reader, for ``work``) has filled.
    filled: set[str] = field(default_factory=lambda: {"work"})


FIELDS = frozenset(f.name for f in fields(Doc)) - {"filled"}

# What the reader provides before any stage runs.
PROVIDED = ("work",)


class Inputs:
    """A stage's read-only view of a ``Doc``: only the fields it declares."""

    __slots__ = ("_doc", "_stage", "_readable")

    def __init__(self, doc: Doc, stage: Stage) -> None:
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_stage", stage.name)
        object.__setattr__(self, "_readable", frozenset(stage.reads) | frozenset(stage.modifies))

    def __getattr__(self, name: str) -> Any:
        if name not in self._readable:
            raise ContractError(f"stage {self._stage!r} reads {name!r}, which it does not declare")
        if name not in self._doc.filled:
            raise ContractError(f"stage {self._stage!r} reads {name!r} before any stage fills it")
        return getattr(self._doc, name)

    def __setattr__(self, name: str, value: object) -> None:
        raise ContractError(f"stage {self._stage!r} sets {name!r} on its inputs; it must return it instead")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    assigns: tuple[str, ...]
    compute: Callable[[Inputs], Mapping[str, Any]]
    modifies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [f for f in (*self.reads, *self.assigns, *self.modifies) if f not in FIELDS]
        if unknown:
            raise PipelineError(f"stage {self.name!r} declares {', '.join(unknown)}, which a Doc has no field for")

    @property
    def requires(self) -> tuple[str, ...]:
        """Fields an earlier stage (or the reader) must have filled."""
        return self.reads + self.modifies

    @property
    def produces(self) -> tuple[str, ...]:
        return self.assigns

    def run(self, doc: Doc) -> None:
        """Compute this stage's fields from its declared inputs and file them on ``doc``."""
        outputs = self.compute(Inputs(doc, self))
        allowed = set(self.assigns) | set(self.modifies)
        undeclared = sorted(set(outputs) - allowed)
        if undeclared:
            raise ContractError(f"stage {self.name!r} returns {', '.join(undeclared)}, which it does not declare")
        missing = [name for name in self.assigns if name not in outputs]
        if missing:
            raise ContractError(f"stage {self.name!r} declares {', '.join(missing)} but does not return it")
        for name, value in outputs.items():
            setattr(doc, name, value)
            doc.filled.add(name)


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

    def run(self, work: Work) -> Doc:
        """The document after every stage has run over ``work``."""
        doc = Doc(work)
        for stage in self.stages:
            stage.run(doc)
        return doc

    def __call__(self, work: Work) -> Analysis:
        return to_analysis(self.run(work))


def to_analysis(doc: Doc) -> Analysis:
    """Gather a document's fields into the ``Analysis`` the renderers read."""
    return Analysis(
        work=doc.work,
        stats=doc.stats if doc.stats is not None else Stats(chapters=len(doc.work.chapters)),
        layout=doc.layout,
        fandoms=doc.fandoms,
        fandom_evidence=doc.fandom_guesses,
        characters=doc.characters,
        relationships=doc.relationships,
        quotes=doc.quotes,
        warnings=doc.warnings,
        rating=doc.rating,
        rating_reason=doc.rating_reason,
        categories=doc.categories,
        tags=doc.tags,
        tag_reasons=doc.tag_reasons,
    )


def default_pipeline() -> Pipeline:
    """Reader's ``Work`` -> these stages, in order -> ``to_analysis`` -> the renderers."""
    from .stages import characters, coref, fandoms, nlp, pov, quotes, rating, relationships, speakers, stats, structure, warnings

    return Pipeline(
        [
            structure.STAGE,
            quotes.STAGE,
            nlp.STAGE,
            characters.STAGE,
            coref.STAGE,
            speakers.STAGE,
            pov.STAGE,
            relationships.STAGE,
            warnings.STAGE,
            rating.STAGE,
            fandoms.STAGE,
            stats.STAGE,
        ]
    )


# The name earlier releases exported for the document.
Document = Doc

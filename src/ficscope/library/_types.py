"""What the library hands back: plain dataclasses, each with an ``as_dict`` for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AddStatus = Literal["added", "new-version", "exists"]
TagSource = Literal["declared", "detected"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Library.add`` did: stored a new work, a new version of one, or nothing.

    ``id`` is the work's number in the library (the same for all its versions) and
    ``version`` the version stored or found. For a new version, ``previous_version``
    is the one that was current before; it is kept.
    """

    status: AddStatus
    id: int
    version: int
    title: str | None
    source: str | None = None
    previous_version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class WarningTag:
    """An archive warning or trigger label on a work: declared by the author, or
    detected in the text with a severity (referenced < depicted < graphic)."""

    label: str
    source: TagSource
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A piece of a search snippet; ``hit`` marks the words the query matched."""

    text: str
    hit: bool


@dataclass(slots=True)
class WorkSummary:
    """One work as a list or search result shows it (its current version unless asked)."""

    id: int
    version: int
    current: bool
    title: str | None
    authors: list[str]
    url: str | None
    language: str | None
    words: int
    chapters: int
    complete: bool | None
    added: str
    published: str | None
    updated: str | None
    summary: str | None
    rating: str | None = None
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    warnings: list[WarningTag] = field(default_factory=list)
    triggers: list[WarningTag] = field(default_factory=list)
    snippet: list[SnippetPart] | None = None
    # "partial: holds chapter 2 of 14 posted" for a saved chapter page, else None.
    partial: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int
    current: bool
    added: str
    words: int
    content_hash: str


@dataclass(slots=True)
class StoredWork:
    """One version of a work in full: its summary, every version, and the analysis
    JSON as ``ficscope analyze --format json`` prints it."""

    summary: WorkSummary
    versions: list[VersionInfo]
    content_hash: str
    analysis: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary.as_dict(),
            "content_hash": self.content_hash,
            "versions": [asdict(v) for v in self.versions],
            "analysis": self.analysis,
        }


@dataclass(slots=True)
class Results:
    """A page of works: ``total`` counts every match, ``works`` holds this page."""

    total: int
    works: list[WorkSummary]


@dataclass(frozen=True, slots=True)
class FacetCount:
    """How many matching works carry one tag, for a filter sidebar."""

    name: str
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class RemoveResult:
    id: int
    removed_versions: list[int]
    current_version: int | None  # None when the whole work is gone

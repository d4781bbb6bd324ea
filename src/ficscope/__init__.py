"""ficscope: what is inside a work of fan fiction, before you read it."""

from __future__ import annotations

import os

from .errors import FicscopeError, InputError
from .model import SCHEMA_VERSION, Analysis, Chapter, Work
from .pipeline import Pipeline, default_pipeline
from .readers import read_bytes, read_work

__version__ = "0.1.0"


def analyze_work(work: Work) -> Analysis:
    """Run the default pipeline over a work already read."""
    return default_pipeline()(work)


def analyze(path: str | os.PathLike[str]) -> Analysis:
    """Read the file at ``path`` and analyse it."""
    return analyze_work(read_work(path))


def __getattr__(name: str) -> object:
    # The library is imported on first use: most callers only analyse.
    if name == "Library":
        from .library import Library

        return Library
    raise AttributeError(f"module 'ficscope' has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Chapter",
    "FicscopeError",
    "InputError",
    "Library",
    "Pipeline",
    "Work",
    "__version__",
    "analyze",
    "analyze_work",
    "default_pipeline",
    "read_bytes",
    "read_work",
]

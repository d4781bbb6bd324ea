"""Finding the works a batch reads: files named outright, directories searched
recursively, and glob patterns.

The readers recognise a format by its content, so the extension only decides which
files in a directory (or matched by a pattern) look like works: ``.txt``, ``.html``,
``.htm`` and ``.epub``. Hidden files and directories (a leading dot) are left out; a
file named outright is always taken, whatever its name.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

WORK_SUFFIXES = frozenset({".txt", ".html", ".htm", ".epub"})
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Unmatched:
    """An input that named no work, and why."""

    given: str
    reason: str


@dataclass(slots=True)
class Found:
    """The works found (absolute paths, sorted, each once) and the inputs that matched nothing."""

    paths: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)


def discover(inputs: Iterable[str | os.PathLike[str]]) -> Found:
    """Every work under ``inputs``: files, directories (recursively) and glob patterns."""
    found = Found()
    seen: set[str] = set()
    for given in inputs:
        text = os.fspath(given)
        matched = False
        for path in _expand(text):
            matched = True
            absolute = os.path.abspath(path)
            if absolute not in seen:
                seen.add(absolute)
                found.paths.append(absolute)
        if not matched:
            found.unmatched.append(Unmatched(text, _why_nothing(text)))
    found.paths.sort()
    return found


def _expand(text: str) -> Iterator[str]:
    path = Path(text).expanduser()
    if path.is_file():
        yield str(path)
    elif path.is_dir():
        yield from _walk(path)
    elif _GLOB_CHARACTERS & set(text):
        for match in sorted(glob.glob(os.path.expanduser(text), recursive=True)):
            candidate = Path(match)
            if candidate.is_dir():
                yield from _walk(candidate)
            elif candidate.is_file() and _looks_like_work(candidate.name):
                yield match


def _walk(root: Path) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if _looks_like_work(name):
                yield os.path.join(directory, name)


def _why_nothing(text: str) -> str:
    path = Path(text).expanduser()
    if path.is_dir():
        return "no .txt, .html, .htm or .epub files in it"
    if path.exists():
        return "is not a regular file"
    if _GLOB_CHARACTERS & set(text):
        return "no works match this pattern"
    return "no such file or directory"


def _looks_like_work(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in WORK_SUFFIXES

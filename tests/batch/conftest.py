"""Fixtures for the batch tests: a small generated collection in three formats, and a
library made from it by a local batch run (shared by the tests that compare with it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.collection import write_collection
from ficscope.batch import BatchResult, run_batch
from ficscope.library import Library
from tests.builders.ao3 import epub_download, html_download, one_shot

GENERATED = 10
SIZES = [250, 320, 400, 480, 560, 300, 650, 380, 700, 450]


@dataclass(frozen=True)
class Collection:
    directory: Path
    names: list[str]  # every work's file name, generated and downloaded

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class Batched:
    db: Path
    result: BatchResult


def write_works(directory: Path) -> Collection:
    """Ten generated pasted works, an AO3 HTML download and an AO3 EPUB download."""
    specs = write_collection(directory, GENERATED, seed=11, sizes=SIZES)
    (directory / "downloads").mkdir()
    (directory / "downloads" / "harbour.html").write_text(html_download(one_shot()), encoding="utf-8")
    orchard = one_shot(title="The Orchard in Winter", work_id=2718281)
    (directory / "downloads" / "orchard.epub").write_bytes(epub_download(orchard))
    return Collection(directory, [s.name for s in specs] + ["harbour.html", "orchard.epub"])


@pytest.fixture(scope="session")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    return write_works(tmp_path_factory.mktemp("works"))


@pytest.fixture(scope="session")
def local_batch(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Batched:
    """The collection through the default local pool (two workers) into a library."""
    db = tmp_path_factory.mktemp("local") / "library.sqlite"
    return Batched(db, run_batch([collection.directory], db=db, workers=2))


@pytest.fixture
def trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A trace directory: every analysis appends its path to analysed.log."""
    directory = tmp_path / "trace"
    directory.mkdir()
    monkeypatch.setenv("FICSCOPE_BATCH_TRACE", str(directory))
    yield directory


def analysed(trace: Path) -> list[str]:
    log = trace / "analysed.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def stored(db: Path) -> dict[str, dict[str, Any]]:
    """Every stored version's analysis JSON by content hash."""
    found: dict[str, dict[str, Any]] = {}
    with Library(db) as library:
        for work in library.list(limit=None).works:
            item = library.get(work.id)
            assert len(item.versions) == 1, f"{item.summary.title} has {len(item.versions)} versions"
            found[item.content_hash] = item.analysis
    return found

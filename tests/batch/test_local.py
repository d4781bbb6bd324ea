"""The default backend: a local process pool, and what happens when a worker dies."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficscope.batch import run_batch
from ficscope.library import Library
from tests.batch.conftest import Batched, Collection, analysed, stored


def test_local_batch_stores_every_work_once(local_batch: Batched, collection: Collection) -> None:
    result = local_batch.result
    assert (result.found, result.stored, result.analysed, result.failures) == (collection.count, collection.count, collection.count, [])
    assert result.backend == "local" and result.workers == 2
    assert result.words > 0 and result.peak_worker_rss_kb > 0
    with Library(local_batch.db) as library:
        titles = {work.title for work in library.list(limit=None).works}
    assert len(titles) == collection.count
    assert {"A Quiet Kind of Morning", "The Orchard in Winter"} <= titles


def test_killed_worker_is_retried_and_the_library_holds_each_work_once(
    collection: Collection, local_batch: Batched, trace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    victim = collection.names[4]
    monkeypatch.setenv("FICSCOPE_BATCH_KILL", victim)
    db = tmp_path / "library.sqlite"
    result = run_batch([collection.directory], db=db, workers=2)
    assert (trace / f"killed-{victim}").exists(), "the worker was not killed"
    assert result.failures == []
    assert result.stored == collection.count
    assert stored(db) == stored(local_batch.db)  # each work once, and the same analyses
    assert analysed(trace).count(str(collection.directory / victim)) == 1  # the retry; the killed try never finished


def test_work_that_kills_its_worker_every_time_fails_alone(
    collection: Collection, trace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    poison = collection.names[1]
    monkeypatch.setenv("FICSCOPE_BATCH_KILL_EVERY_TIME", poison)
    paths = [collection.directory / name for name in collection.names[:4]]
    result = run_batch(paths, db=tmp_path / "library.sqlite", workers=2)
    assert [f.path for f in result.failures] == [str(collection.directory / poison)]
    assert "worker process died twice" in result.failures[0].reason
    assert result.stored == 3
    assert len((trace / f"killed-{poison}").read_text().split()) == 2  # tried twice, not more

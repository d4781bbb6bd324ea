"""The batch runner: find the works, skip those done before, analyse the rest on the
backend's workers, and write each result through the sink, here, in this process."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, Protocol

from ..errors import BatchError, printable
from ..readers import DEFAULT_MAX_BYTES
from ._backend import Backend, Lost
from ._discover import discover
from ._sinks import Sink, open_sink
from ._work import Analysed, Failed, Hashed, analyse_paths, hash_paths

HASH_CHUNK = 16  # files read and hashed per task when checking what is done already

Status = Literal["stored", "duplicate", "done-before", "failed"]


@dataclass(frozen=True, slots=True)
class Failure:
    """A file the batch could not analyse: its path and the one-line reason."""

    path: str
    reason: str
    code: str


@dataclass(slots=True)
class BatchResult:
    """What a batch did. ``interrupted`` is set when Ctrl-C stopped it: everything
    counted here is stored, and running the same batch again does the rest."""

    found: int = 0
    stored: int = 0  # new works (or new versions) written to the sink
    duplicates: int = 0  # analysed, but the same content was stored meanwhile
    done_before: int = 0  # skipped by content hash, not analysed
    analysed: int = 0
    words: int = 0  # words in the works analysed
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    backend: str = "local"
    workers: int = 0
    peak_worker_rss_kb: int = 0
    worker_cpu_seconds: float = 0.0  # CPU time the workers spent on the works analysed

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted


class Observer(Protocol):
    """Told about progress, for a progress bar; every method is optional to act on."""

    def started(self, total: int, backend: str, workers: int) -> None: ...

    def checking(self) -> None: ...

    def analysing(self, count: int) -> None: ...

    def advanced(self, path: str, status: Status, words: int, reason: str | None) -> None: ...


class _Silent:
    def started(self, total: int, backend: str, workers: int) -> None:
        pass

    def checking(self) -> None:
        pass

    def analysing(self, count: int) -> None:
        pass

    def advanced(self, path: str, status: Status, words: int, reason: str | None) -> None:
        pass


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    observer: Observer | None = None,
) -> BatchResult:
    """Analyse every work under ``inputs`` (files, directories, glob patterns).

    Results go to the library at ``db`` (the default library if neither ``db`` nor
    ``out`` is given) or to ``out`` (``.jsonl`` or a ``.parquet`` dataset directory).
    Work runs on ``workers`` local processes (default: one per core) or, with
    ``scheduler`` (``tcp://host:8786``), on that Dask cluster. Works whose content is
    stored already are not analysed again. A bad file is a ``Failure`` in the result,
    not an exception; Ctrl-C returns the result so far with ``interrupted`` set.
    """
    watcher = observer or _Silent()
    found = discover(inputs)
    result = BatchResult(found=len(found.paths) + len(found.unmatched))
    if not found.paths:
        reasons = "; ".join(f"{u.given}: {u.reason}" for u in found.unmatched)
        raise BatchError(f"no works found ({reasons or 'nothing given'})")
    for unmatched in found.unmatched:
        result.failures.append(Failure(unmatched.given, f"{unmatched.given}: {unmatched.reason} [E101]", "E101"))
    sink = open_sink(db, out)
    try:
        backend = _backend(workers, scheduler)
    except BaseException:
        sink.close()
        raise
    result.backend, result.workers = backend.name, backend.workers
    watcher.started(result.found, backend.name, backend.workers)
    for failure in result.failures:
        watcher.advanced(failure.path, "failed", 0, failure.reason)
    started = time.perf_counter()
    try:
        todo = found.paths
        if len(sink):
            watcher.checking()
            todo = _not_done(backend, sink, found.paths, max_bytes, result, watcher)
        watcher.analysing(len(todo))
        _analyse(backend, sink, todo, max_bytes, result, watcher)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        result.seconds = time.perf_counter() - started
        try:
            backend.close()
        finally:
            sink.close()
    return result


def _backend(workers: int | None, scheduler: str | None) -> Backend:
    if scheduler:
        if workers is not None:
            raise BatchError("--workers sizes the local pool; a Dask cluster has its own workers")
        from ._dask import DaskCluster

        return DaskCluster(scheduler)
    from ._local import LocalPool

    return LocalPool(workers)


def _not_done(
    backend: Backend, sink: Sink, paths: list[str], max_bytes: int, result: BatchResult, watcher: Observer
) -> list[str]:
    """Read and hash every file (cheap next to analysing it); those the sink holds are done."""
    todo: set[str] = set()
    task = partial(hash_paths, max_bytes=max_bytes)
    for chunk, outcomes in backend.results(task, _chunks(paths, HASH_CHUNK)):
        if isinstance(outcomes, Lost):  # analysed one by one below, where a lost worker is retried
            todo.update(chunk)
            continue
        for outcome in outcomes:
            if isinstance(outcome, Failed):
                _fail(result, watcher, outcome.path, outcome.reason, outcome.code)
            elif isinstance(outcome, Hashed) and sink.has(outcome.content_hash):
                result.done_before += 1
                watcher.advanced(outcome.path, "done-before", 0, None)
            else:
                todo.add(outcome.path)
    return [path for path in paths if path in todo]


def _analyse(
    backend: Backend, sink: Sink, paths: list[str], max_bytes: int, result: BatchResult, watcher: Observer
) -> None:
    """Works go to the backend ``backend.works_per_task`` at a time; the works of a task
    whose worker was lost go again one by one, so only the one that kills is given up.

    A worker that dies takes every task it held with it, so a work lost in the one-by-one
    pass may only have shared a worker with the one that kills: each such work runs once
    more with nothing else in flight, and only a work lost even then is given up."""
    task = partial(analyse_paths, max_bytes=max_bytes, output=sink.output)
    again: list[str] = []
    for chunk, outcomes in backend.results(task, _chunks(paths, backend.works_per_task)):
        if isinstance(outcomes, Lost) and len(chunk) > 1:
            again.extend(chunk)
            continue
        pairs = zip(chunk, outcomes, strict=True) if isinstance(outcomes, list) else [(chunk[0], outcomes)]
        for path, outcome in pairs:
            _record(sink, path, outcome, result, watcher)
    alone: list[str] = []
    for chunk, outcomes in backend.results(task, _chunks(again, 1)):
        if isinstance(outcomes, Lost):
            alone.append(chunk[0])
            continue
        _record(sink, chunk[0], outcomes[0], result, watcher)
    for path in alone:
        for _, outcomes in backend.results(task, [(path,)]):
            _record(sink, path, outcomes[0] if isinstance(outcomes, list) else outcomes, result, watcher)


def _record(sink: Sink, path: str, outcome: Analysed | Failed | Lost, result: BatchResult, watcher: Observer) -> None:
    if isinstance(outcome, Lost):
        _fail(result, watcher, path, f"{printable(path)}: {outcome.reason} [E600]", "E600")
    elif isinstance(outcome, Failed):
        _fail(result, watcher, path, outcome.reason, outcome.code)
    else:
        result.analysed += 1
        result.words += outcome.words
        result.peak_worker_rss_kb = max(result.peak_worker_rss_kb, outcome.peak_rss_kb)
        result.worker_cpu_seconds += outcome.cpu_seconds
        if sink.put(outcome):
            result.stored += 1
            watcher.advanced(path, "stored", outcome.words, None)
        else:
            result.duplicates += 1
            watcher.advanced(path, "duplicate", outcome.words, None)


def _fail(result: BatchResult, watcher: Observer, path: str, reason: str, code: str) -> None:
    result.failures.append(Failure(path, reason, code))
    watcher.advanced(path, "failed", 0, reason)


def _chunks(paths: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    chunk: list[str] = []
    for path in paths:
        chunk.append(path)
        if len(chunk) == size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)

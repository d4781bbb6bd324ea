"""What runs in a worker process: read a file, hash it, analyse it. Nothing else.

These functions are top-level so a process pool or a Dask worker can import them by
name. They never raise for a bad file: a ``Failed`` outcome travels back instead, so
the error keeps its path and code whatever serialiser carries it. An exception that
does come back means the worker itself was lost, and the runner may retry.

Two environment variables are seams for tests (and for trying a cluster's recovery
by hand); neither is set in normal use:

- ``FICSCOPE_BATCH_TRACE=DIR``: every analysis appends the file's path to
  ``DIR/analysed.log``, so a test can count what was analysed.
- ``FICSCOPE_BATCH_KILL=NAME`` (with the trace directory set): the worker kills
  itself with SIGKILL the first time it starts analysing a file called NAME;
  ``FICSCOPE_BATCH_KILL_EVERY_TIME=NAME`` every time.

A local pool's workers take these from the parent's environment when the pool starts.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..errors import FicscopeError, reported_as_ficscope_error
from ..model import Analysis, Work

TRACE_ENV = "FICSCOPE_BATCH_TRACE"
KILL_ENV = "FICSCOPE_BATCH_KILL"
KILL_EVERY_TIME_ENV = "FICSCOPE_BATCH_KILL_EVERY_TIME"
SEAMS = (TRACE_ENV, KILL_ENV, KILL_EVERY_TIME_ENV)
TRACE_FILE = "analysed.log"

# A Dask worker may run several threads; the pipeline is not shared between threads.
_ANALYSING = threading.Lock()


class Output(str, Enum):
    """What a worker sends back for each work, chosen by the sink."""

    analysis = "analysis"  # the Analysis object with its chapter texts (the library stores both)
    json = "json"  # the analysis JSON as one line (JSON Lines)
    row = "row"  # the JSON and the flat Parquet columns


@dataclass(frozen=True, slots=True)
class Hashed:
    path: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Analysed:
    path: str
    content_hash: str
    words: int
    analysis: Analysis | None = None
    document: str | None = None  # the analysis JSON (Output.json and Output.row)
    row: dict[str, Any] | None = None  # the flat Parquet columns (Output.row)
    peak_rss_kb: int = 0  # the worker process's peak resident memory so far
    cpu_seconds: float = 0.0  # CPU time the worker spent on this work


@dataclass(frozen=True, slots=True)
class Failed:
    path: str
    reason: str  # one line: "PATH: reason [CODE]"
    code: str = "E000"


Outcome = Hashed | Analysed | Failed


def hash_paths(paths: tuple[str, ...], max_bytes: int) -> list[Hashed | Failed]:
    """Read each file and return its content hash, without analysing it."""
    from ..library import content_hash

    results: list[Hashed | Failed] = []
    for path in paths:
        try:
            results.append(Hashed(path, content_hash(_read(path, max_bytes))))
        except FicscopeError as exc:
            results.append(_failed(path, exc))
    return results


def analyse_paths(paths: tuple[str, ...], max_bytes: int, output: Output) -> list[Analysed | Failed]:
    """Analyse several files in one task (fewer round trips to a cluster's scheduler)."""
    return [analyse_path(path, max_bytes, output) for path in paths]


def analyse_path(path: str, max_bytes: int, output: Output) -> Analysed | Failed:
    """Read, hash and analyse one file."""
    from .. import analyze_work
    from ..library import content_hash
    from ..render.json import as_dict

    started = time.process_time()
    try:
        work = _read(path, max_bytes)
        digest = content_hash(work)
        _trace(path)
        with _ANALYSING:
            analysis = _guarded(path, analyze_work, work)
    except FicscopeError as exc:
        return _failed(path, exc)
    document: str | None = None
    row: dict[str, Any] | None = None
    if output is not Output.analysis:
        data = as_dict(analysis)
        document = json.dumps(data, ensure_ascii=False)
        if output is Output.row:
            from ._sinks import flat_row

            row = flat_row(path, digest, data, document)
    return Analysed(
        path,
        digest,
        analysis.stats.words,
        analysis=analysis if output is Output.analysis else None,
        document=document,
        row=row,
        peak_rss_kb=peak_rss_kb(),
        cpu_seconds=time.process_time() - started,
    )


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB (0 where the platform cannot say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024 if sys.platform == "darwin" else peak)


def seams() -> dict[str, str]:
    """The test seams set in this process's environment, to hand to a pool's workers."""
    return {name: os.environ[name] for name in SEAMS if name in os.environ}


def start_worker(environment: dict[str, str], batch_pid: int | None = None) -> None:
    """A pool worker's initializer. Ctrl-C is the parent's to handle, not each worker's;
    the seams are the parent's now (a forkserver's environment is from when it started);
    the worker ends when the batch process (``batch_pid``) dies (see ficscope._child_processes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if batch_pid is not None:
        from .._child_processes import die_with_parent, watch_parent

        die_with_parent()
        watch_parent(batch_pid)
    for name in SEAMS:
        os.environ.pop(name, None)
    os.environ.update(environment)


def _read(path: str, max_bytes: int) -> Work:
    from ..readers import read_work

    return _guarded(path, read_work, path, max_bytes=max_bytes)


def _guarded(path: str, function: Any, *args: Any, **kwargs: Any) -> Any:
    """Turn anything but a FicscopeError into one, as ``ficscope analyze`` does."""
    with reported_as_ficscope_error(path):  # a bug of ours: one line, and the batch goes on
        return function(*args, **kwargs)


def _failed(path: str, error: FicscopeError) -> Failed:
    if error.path is None:
        error.path = path
    return Failed(path, str(error), error.code)


def _trace(path: str) -> None:
    directory = os.environ.get(TRACE_ENV)
    if not directory:
        return
    name = os.path.basename(path)
    marker = os.path.join(directory, f"killed-{name}")
    if os.environ.get(KILL_EVERY_TIME_ENV) == name or (os.environ.get(KILL_ENV) == name and not os.path.exists(marker)):
        with open(marker, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        os.kill(os.getpid(), signal.SIGKILL)
    with open(os.path.join(directory, TRACE_FILE), "a", encoding="utf-8") as handle:
        handle.write(path + "\n")

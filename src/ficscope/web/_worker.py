"""Reading and analysing an upload in a separate process, with its own memory and time
limits, so one hostile or huge upload cannot stall the pages being read or the server's
shutdown. The server process only parses the form and stores the finished analysis.

The worker is started on the first upload (``spawn``: a clean interpreter, not a copy
of the server's threads) and kept for the next ones. Its address space is capped with
``RLIMIT_AS``; a worker that runs out of it, or past the time limit, is killed and the
upload refused with a one-line reason; the next upload starts a new worker.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .._child_processes import stop_pool
from .._upload_limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from ..errors import InputError, reported_as_ficscope_error
from ..model import Analysis
from ._upload import Upload, work_from



def _start(memory_bytes: int, server_pid: int) -> None:
    """The worker's initializer: cap its memory, and end with the server."""
    import resource

    from .._child_processes import watch_parent

    watch_parent(server_pid)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _analyse(upload: Upload, max_bytes: int) -> Analysis:
    from .. import analyze_work

    with reported_as_ficscope_error(upload.filename, reading=InputError):
        return analyze_work(work_from(upload, max_bytes))


class AnalysisWorker:
    """One worker process; one analysis at a time (each is CPU-bound)."""

    def __init__(self, *, memory_mb: float = DEFAULT_MEMORY_MB, seconds: float = DEFAULT_SECONDS) -> None:
        self.memory_bytes = int(memory_mb * 1048576)
        self.seconds = seconds
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._turn = asyncio.Lock()

    async def analyse(self, upload: Upload, max_bytes: int) -> Analysis:
        async with self._turn:
            pool = self._started()
            future = asyncio.get_running_loop().run_in_executor(pool, _analyse, upload, max_bytes)
            try:
                return await asyncio.wait_for(future, self.seconds)
            except TimeoutError:
                self.close()
                raise InputError(
                    f"the analysis took longer than the {self.seconds:g} s limit for one work", path=upload.filename
                ) from None
            except BrokenProcessPool:
                self.close()
                raise InputError(
                    f"the analysis stopped: it needed more than the {self.memory_bytes / 1048576:g} MB of memory"
                    " allowed for one work, or its process was killed",
                    path=upload.filename,
                ) from None
            except asyncio.CancelledError:  # the server is stopping, or the client left
                self.close()
                raise

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=_start, initargs=(self.memory_bytes, os.getpid())
                )
            return self._pool

    def close(self) -> None:
        """Kill the worker now (an analysis under way is abandoned)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        stop_pool(pool)

"""The default backend: a process pool on this machine (``concurrent.futures``).

A worker that dies (killed, out of memory) breaks the whole pool, and every task in
flight comes back with ``BrokenProcessPool``. The pool is then started again and
those tasks are retried one at a time, each alone, so the one that kills its worker
is found without blaming the others: a task that kills its worker twice is given up.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ._backend import Lost
from .._child_processes import stop_pool
from ._work import seams, start_worker

Item = TypeVar("Item", bound=Hashable)

_END = object()


def default_workers() -> int:
    """The cores this process may use (its CPU affinity where the platform says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class LocalPool:
    """``workers`` processes; tasks go to them a few at a time, results come back as they finish."""

    name = "local"
    works_per_task = 1

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.capacity = 2 * self.workers  # enough queued that no worker waits on the parent
        # forkserver: each worker starts from a clean process, not a copy of this one
        # with its threads (the progress bar) and open database connections.
        if "forkserver" in multiprocessing.get_all_start_methods():
            self._context = multiprocessing.get_context("forkserver")
            # Workers fork from a server that has loaded the pipeline once (see _warm).
            self._context.set_forkserver_preload(["ficscope.batch._warm"])
        else:
            self._context = multiprocessing.get_context("spawn")
        self._pool: ProcessPoolExecutor | None = None

    def results(self, task: Callable[[Item], Any], items: Iterable[Item]) -> Iterator[tuple[Item, Any]]:
        """``(item, task(item))`` for every item, in the order they finish; ``Lost`` for an
        item whose worker died twice."""
        pending = iter(items)
        inflight: dict[Future[Any], Item] = {}
        alone: deque[Item] = deque()  # retried one at a time after the pool broke
        strikes: Counter[Item] = Counter()
        while True:
            self._fill(task, pending, inflight, alone)
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            lost: list[Item] = []
            for future in done:
                item = inflight.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    lost.append(item)
                else:
                    yield item, future.result()
            if not lost:
                continue
            # The pool is broken: every other task in flight fails too. Keep what finished.
            for future, item in list(inflight.items()):
                error = future.exception()  # waits for it
                if isinstance(error, BrokenProcessPool):
                    lost.append(item)
                else:
                    yield item, future.result()
            inflight.clear()
            self._restart()
            for item in lost:
                strikes[item] += 1
                if len(lost) == 1 and strikes[item] >= 2:
                    yield item, Lost("the worker process died twice while analysing it (killed, or out of memory)")
                else:
                    alone.append(item)

    def _fill(
        self, task: Callable[[Item], Any], pending: Iterator[Item], inflight: dict[Future[Any], Item], alone: deque[Item]
    ) -> None:
        if alone:
            if not inflight:
                item = alone.popleft()
                inflight[self._submit(task, item)] = item
            return
        while len(inflight) < self.capacity:
            item = next(pending, _END)
            if item is _END:
                return
            inflight[self._submit(task, item)] = item  # type: ignore[index]

    def _submit(self, task: Callable[[Item], Any], item: Item) -> Future[Any]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=self._context, initializer=start_worker, initargs=(seams(), os.getpid())
            )
        try:
            return self._pool.submit(task, item)
        except BrokenProcessPool:  # a worker died between tasks
            self._restart()
            return self._submit(task, item)

    def _restart(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers now; a task still running is abandoned (it is done again next run)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        stop_pool(pool)

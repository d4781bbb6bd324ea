"""A Dask cluster as the backend: ``dask.distributed.Client`` to an existing scheduler.

Tasks go to the cluster a window at a time (``client.submit``) and come back with
``as_completed``; the parent process stays the only writer. The scheduler already
reschedules a task whose worker died, up to its ``allowed-failures`` (3 by default),
and then reports ``KilledWorker``: such a task is given up, not retried again. A task
the cluster lost otherwise (cancelled when the scheduler restarted, a broken
connection) is resubmitted once. When nothing comes back for ``STALL_SECONDS``, the
works in flight are given up rather than waited for without end.

Every worker needs ficscope installed and must see the files at the same paths
(shared storage), and should run one thread per process (``--nthreads 1``): the
analysis is CPU-bound Python.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import SchedulerError
from ._backend import Lost

Item = TypeVar("Item", bound=Hashable)

_END = object()
_CAPACITY_REFRESH_SECONDS = 10.0
# A task in flight that has not come back in this long, with no other task coming back
# meanwhile, is given up with the rest in flight: a cluster that stopped answering makes
# those works failures rather than a batch that never ends. An hour is far beyond one
# task of a few works.
STALL_SECONDS = 3600.0
_POLL_SECONDS = 0.05


class DaskCluster:
    """The workers of the Dask scheduler at ``address`` (``tcp://host:8786``)."""

    name = "dask"
    # A task costs the scheduler and this client some milliseconds; a work ~0.1-0.5 s of
    # a worker. Four works a task keep that overhead small and the window still fine-grained.
    works_per_task = 4

    def __init__(self, address: str, *, timeout: float = 15.0, stall_seconds: float = STALL_SECONDS) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - a dependency
            raise SchedulerError("dask.distributed is not installed: pip install 'dask[distributed]'") from None
        self.address = address
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        self._threads = 0
        self._counted_at = 0.0
        self.stall_seconds = stall_seconds

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers now (re-read every few seconds: workers come and go)."""
        if time.monotonic() - self._counted_at > _CAPACITY_REFRESH_SECONDS:
            self._threads = sum(self.client.nthreads().values())
            self._counted_at = time.monotonic()
        return self._threads

    def results(self, task: Callable[[Item], Any], items: Iterable[Item]) -> Iterator[tuple[Item, Any]]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        pending = iter(items)
        inflight: dict[Any, Item] = {}
        retried: Counter[Item] = Counter()
        finished = as_completed(loop=self.client.loop, with_results=False)

        def submit(item: Item) -> None:
            future = self.client.submit(task, item, pure=False)
            inflight[future] = item
            finished.add(future)

        def fill() -> None:
            window = 2 * max(self.workers, 2)
            while len(inflight) < window:
                item = next(pending, _END)
                if item is _END:
                    return
                submit(item)  # type: ignore[arg-type]

        try:
            fill()
            while inflight:
                if not self._wait_for_one(finished):
                    # Nothing came back for a long while: the cluster is stuck, not slow.
                    reason = f"the cluster returned nothing for {self.stall_seconds:g} s"
                    for item in list(inflight.values()):
                        yield item, Lost(reason)
                    return
                future = next(finished)
                item = inflight.pop(future)
                if future.status == "finished":
                    yield item, future.result()
                else:
                    error = future.exception() if future.status == "error" else None
                    if isinstance(error, ImportError):
                        raise SchedulerError(
                            f"the cluster's workers cannot run ficscope ({error}): install ficscope on every worker"
                        )
                    if isinstance(error, KilledWorker):
                        yield item, Lost(f"the cluster lost a worker each time it ran this work ({error})")
                    elif retried[item] == 0:
                        retried[item] += 1
                        submit(item)
                    else:
                        reason = f"{type(error).__name__}: {error}" if error is not None else f"the task was {future.status}"
                        yield item, Lost(f"the cluster failed this work twice ({reason})")
                    future.release()
                fill()
        finally:
            if inflight:
                self.client.cancel(list(inflight))

    def _wait_for_one(self, finished: Any) -> bool:
        """True once some task in flight has come back; False after ``stall_seconds`` without one."""
        deadline = time.monotonic() + self.stall_seconds
        while not finished.has_ready():
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)
        return True

    def close(self) -> None:
        self.client.close()

"""The library as the web app reads it: sidebar counts and result pages kept in memory
until the library changes.

Counting the sidebar's facets over the matching works is the dearest part of a page;
the same counts are asked for again and again (every page of a search, every filter
toggled back). A cached answer is used only while the library file is unchanged: the
stamp is the size and modification time of the database and its write-ahead log, so
a write by this server, by ``ficscope library add`` or by a batch run elsewhere makes
every entry stale. Answers are shared between requests: the pages and the API only
read them.

Whole responses that depend only on the address and the library (the library page,
the facets JSON) are kept the same way: ``answer`` serves a held one on the event loop
and builds a missing one in a worker thread, so a repeated page costs no thread hop,
no template rendering and no JSON encoding.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..library import Library

T = TypeVar("T")
ENTRIES = 512


class CachedLibrary(Library):
    """A ``Library`` whose ``facets`` and ``search`` answers are cached (see module)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(path)
        self._answers: OrderedDict[tuple[Any, ...], tuple[tuple[int, ...], Any]] = OrderedDict()
        self._answers_lock = threading.Lock()

    def _stamp(self) -> tuple[int, ...]:
        stamp: list[int] = []
        for suffix in ("", "-wal"):
            try:
                found = os.stat(f"{self.path}{suffix}")
            except FileNotFoundError:
                stamp += [0, 0]
                continue
            stamp += [found.st_size, found.st_mtime_ns]
        return tuple(stamp)

    def _held(self, key: tuple[Any, ...], stamp: tuple[int, ...]) -> tuple[bool, Any]:
        with self._answers_lock:
            held = self._answers.get(key)
            if held is not None and held[0] == stamp:
                self._answers.move_to_end(key)
                return True, held[1]
        return False, None

    def _keep(self, key: tuple[Any, ...], stamp: tuple[int, ...], answer: Any) -> None:
        # Stamped as the library was before computing: a write meanwhile makes it stale.
        with self._answers_lock:
            self._answers[key] = (stamp, answer)
            while len(self._answers) > ENTRIES:
                self._answers.popitem(last=False)

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        stamp = self._stamp()
        found, answer = self._held(key, stamp)
        if not found:
            answer = compute()
            self._keep(key, stamp, answer)
        return answer  # type: ignore[no-any-return]

    async def answer(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """The held answer for ``key`` while the library is unchanged, else ``compute()``
        run in a worker thread (it may read the database) and kept."""
        stamp = self._stamp()
        found, answer = self._held(key, stamp)
        if not found:
            answer = await run_in_threadpool(compute)
            self._keep(key, stamp, answer)
        return answer  # type: ignore[no-any-return]

    def facets(self, filters: Any = None, query: str | None = None, *, limit: int | None = None) -> Any:
        return self._cached(("facets", repr(filters), query, limit), lambda: super(CachedLibrary, self).facets(filters, query, limit=limit))

    def search(self, query: str | None = None, filters: Any = None, sort: Any = None, *, limit: int | None = None, offset: int = 0) -> Any:
        return self._cached(
            ("search", query, repr(filters), str(sort), limit, offset),
            lambda: super(CachedLibrary, self).search(query, filters, sort, limit=limit, offset=offset),
        )

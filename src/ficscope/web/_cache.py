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
a chapter page, the works and facets JSON) are kept the same way: ``answer`` serves a
held one on the event loop and builds a missing one in a worker thread, so a repeated
page costs no thread hop, no template rendering and no JSON encoding. Held response
bytes are bounded as well as entries: a chapter can be long.

Counts no held answer covers (a new search, a new filter) come from a ``FacetIndex``
of the library, built on the first such count after each change.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..library import FACET_KINDS, FacetCount, Library
from ..library._facet_index import FacetIndex

T = TypeVar("T")
ENTRIES = 512
RESPONSE_BYTES = 64 * 1048576  # all held response bodies together
LARGEST_KEPT = 4 * 1048576  # a body larger than this is built each time


class CachedLibrary(Library):
    """A ``Library`` whose ``facets`` and ``search`` answers are cached (see module)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(path)
        self._answers: OrderedDict[tuple[Any, ...], tuple[tuple[int, ...], Any, int]] = OrderedDict()
        self._answers_lock = threading.Lock()
        self._held_bytes = 0
        self._index: tuple[tuple[int, ...], FacetIndex] | None = None
        self._index_lock = threading.Lock()

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
        size = _body_bytes(answer)
        if size > LARGEST_KEPT:
            return
        with self._answers_lock:
            replaced = self._answers.pop(key, None)
            if replaced is not None:
                self._held_bytes -= replaced[2]
            self._answers[key] = (stamp, answer, size)
            self._held_bytes += size
            while len(self._answers) > ENTRIES or self._held_bytes > RESPONSE_BYTES:
                self._held_bytes -= self._answers.popitem(last=False)[1][2]

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

    def _facet_lists(
        self,
        conn: sqlite3.Connection,
        matching: str,
        params: Sequence[Any],
        warnings_source: str,
        limit: int | None,
        complement: bool | None,
    ) -> dict[str, list[FacetCount]]:
        index = self._facet_index(conn)
        ids = [row[0] for row in conn.execute(matching, params)]
        return index.lists(ids, FACET_KINDS, warnings_source, limit)

    def _facet_index(self, conn: sqlite3.Connection) -> FacetIndex:
        stamp = self._stamp()  # read before the build: a write meanwhile makes it stale
        with self._index_lock:  # one build after a change; the other requests wait for it
            if self._index is None or self._index[0] != stamp:
                self._index = (stamp, FacetIndex.build(conn))
            return self._index[1]

    def facets(self, filters: Any = None, query: str | None = None, *, limit: int | None = None) -> Any:
        return self._cached(("facets", repr(filters), query, limit), lambda: super(CachedLibrary, self).facets(filters, query, limit=limit))

    def search(self, query: str | None = None, filters: Any = None, sort: Any = None, *, limit: int | None = None, offset: int = 0) -> Any:
        return self._cached(
            ("search", query, repr(filters), str(sort), limit, offset),
            lambda: super(CachedLibrary, self).search(query, filters, sort, limit=limit, offset=offset),
        )


def _body_bytes(answer: Any) -> int:
    """The response bytes an answer holds (a body, or a status and a body)."""
    if isinstance(answer, bytes):
        return len(answer)
    if isinstance(answer, tuple):
        return sum(len(part) for part in answer if isinstance(part, bytes))
    return 0

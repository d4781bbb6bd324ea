"""What every request handler shares: the library, the form tokens, the upload limit,
and how a ``FicscopeError`` becomes an HTTP status."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from ..errors import (
    CrossSiteError,
    DatabaseError,
    FicscopeError,
    FilterError,
    InputError,
    LibraryError,
    TooLargeError,
    UnknownHostError,
    UploadError,
    WorkNotFoundError,
)
from ..library import AddResult
from ._cache import CachedLibrary
from ._security import CsrfTokens
from ._upload import Upload
from ._worker import AnalysisWorker

# Most specific first: the first class an error is an instance of decides.
_STATUSES: tuple[tuple[type[FicscopeError], int], ...] = (
    (TooLargeError, 413),
    (UploadError, 400),
    (InputError, 422),
    (FilterError, 422),
    (WorkNotFoundError, 404),
    (CrossSiteError, 403),
    (UnknownHostError, 400),
    (DatabaseError, 503),
    (LibraryError, 500),
)


def status_for(error: FicscopeError) -> int:
    """The HTTP status for an error: 4xx for what the request got wrong."""
    return next((status for kind, status in _STATUSES if isinstance(error, kind)), 500)


@dataclass(slots=True)
class WebState:
    library: CachedLibrary
    max_upload_bytes: int
    tokens: CsrfTokens = field(default_factory=CsrfTokens)
    # Reading and analysis run in a worker process with its own limits (see _worker).
    worker: AnalysisWorker = field(default_factory=AnalysisWorker)

    async def add(self, upload: Upload) -> AddResult:
        """Read and analyse the uploaded work in the worker process, then store it
        (off the event loop: the library writes to SQLite)."""
        analysis = await self.worker.analyse(upload, self.max_upload_bytes)
        return await run_in_threadpool(self.library.add, analysis)


def state(request: Request) -> WebState:
    found: WebState = request.app.state.ficscope
    return found

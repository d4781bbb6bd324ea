"""What every request handler shares: the library, the form tokens, the upload limit,
and how a ``FicscopeError`` becomes an HTTP status."""

from __future__ import annotations

import threading
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
    reported_as_ficscope_error,
)
from ..library import AddResult, Library
from ._security import CsrfTokens
from ._upload import Upload, work_from

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
    library: Library
    max_upload_bytes: int
    tokens: CsrfTokens = field(default_factory=CsrfTokens)
    # One analysis at a time: each one is CPU-bound, and the pipeline is shared.
    _adding: threading.Lock = field(default_factory=threading.Lock)

    async def add(self, upload: Upload) -> AddResult:
        """Read the uploaded work, analyse it and store it, off the event loop."""
        return await run_in_threadpool(self._add, upload)

    def _add(self, upload: Upload) -> AddResult:
        with reported_as_ficscope_error(upload.filename, reading=InputError):
            work = work_from(upload, self.max_upload_bytes)
            with self._adding:
                return self.library.add(work)


def state(request: Request) -> WebState:
    found: WebState = request.app.state.ficscope
    return found

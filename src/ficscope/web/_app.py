"""``create_app``: the web app over one library file."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import FicscopeError
from ..readers import DEFAULT_MAX_BYTES
from . import _api, _pages
from ._cache import CachedLibrary
from ._security import LOOPBACK_HOSTS, Guard
from ._state import WebState, status_for
from ._worker import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, AnalysisWorker

DEFAULT_MAX_UPLOAD_MB = DEFAULT_MAX_BYTES / 1048576
STATIC = Path(__file__).parent / "static"


def create_app(
    library_path: str | os.PathLike[str] | None = None,
    *,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS,
    analysis_memory_mb: float = DEFAULT_MEMORY_MB,
    analysis_seconds: float = DEFAULT_SECONDS,
) -> FastAPI:
    """The web app over the library at ``library_path`` (the default library if None).

    ``allowed_hosts`` are the names the app answers to (the loopback's by default,
    against DNS rebinding); None answers to any, for a server bound to a network.
    An upload is read and analysed in a worker process of at most
    ``analysis_memory_mb`` and ``analysis_seconds`` (see _worker).
    """
    library = CachedLibrary(library_path)
    worker = AnalysisWorker(memory_mb=analysis_memory_mb, seconds=analysis_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        worker.close()
        library.close()

    app = FastAPI(
        title="ficscope",
        version=__version__,
        summary="Your private library of fan fiction: search, filters, analyses and chapter text.",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ficscope = WebState(library, max_upload_bytes=int(max_upload_mb * 1048576), worker=worker)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    app.include_router(_api.router)
    app.include_router(_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(FicscopeError, _ficscope_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _ficscope_error(request: Request, exc: FicscopeError) -> Response:
    status = status_for(exc)
    if _wants_json(request):
        return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=status)
    return _pages.error_page(status, str(exc))


def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
    problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'request'}: {e['msg']}" for e in exc.errors())
    return _pages.error_page(422, f"the address asks for something this page does not understand ({problems})")


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def _http_error(request: Request, exc: HTTPException) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    message = "no such page" if exc.status_code == 404 else str(exc.detail)
    return _pages.error_page(exc.status_code, message)

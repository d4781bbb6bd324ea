"""The local web app: ``ficscope serve``.

    from ficscope.web import create_app
    app = create_app("works.sqlite")          # a FastAPI app; run it with uvicorn

Pages for the library (search and AO3's include/exclude filters), a work's report
(warnings without spoilers until asked), a chapter reader and an upload form, and the
same data as a JSON API under ``/api`` described at ``/openapi.json``.
"""

from __future__ import annotations

import os

from .._upload_limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from ._app import DEFAULT_MAX_UPLOAD_MB, create_app
from ._security import API_HEADER, CONTENT_SECURITY_POLICY, LOOPBACK_HOSTS, is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SHUTDOWN_SECONDS = 3  # requests still open then are cancelled (an upload's analysis is killed)


def serve(
    library_path: str | os.PathLike[str] | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    analysis_seconds: float = DEFAULT_SECONDS,
    analysis_memory_mb: float = DEFAULT_MEMORY_MB,
) -> None:
    """Run the app with uvicorn until interrupted. Bound to the loopback it answers
    only to the loopback's names; bound elsewhere, to any name. Uploads are analysed
    within ``analysis_seconds`` and ``analysis_memory_mb`` (see ``create_app``)."""
    import uvicorn

    app = create_app(
        library_path,
        max_upload_mb=max_upload_mb,
        analysis_seconds=analysis_seconds,
        analysis_memory_mb=analysis_memory_mb,
        allowed_hosts=(*LOOPBACK_HOSTS, host.strip("[]")) if is_loopback(host) else None,
    )
    uvicorn.run(
        app, host=host, port=port, server_header=False, proxy_headers=False, log_level="info",
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )


__all__ = [
    "API_HEADER",
    "CONTENT_SECURITY_POLICY",
    "DEFAULT_HOST",
    "DEFAULT_MAX_UPLOAD_MB",
    "DEFAULT_PORT",
    "LOOPBACK_HOSTS",
    "create_app",
    "is_loopback",
    "serve",
]

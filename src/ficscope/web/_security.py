"""What keeps the web app private to its user.

- Every response carries a strict Content-Security-Policy (no script at all, styles
  only from ``/static``), ``nosniff``, no referrer and no framing.
- A request whose ``Host`` is not one of the app's names is refused, so a web page
  cannot reach the app through DNS rebinding while it listens on the loopback.
- A state-changing request (anything but GET, HEAD, OPTIONS) is refused when the
  browser says it comes from another site (``Sec-Fetch-Site``) or another origin
  (``Origin``). On top of that, forms carry a signed token (``CsrfTokens``) and the
  JSON API wants an ``X-Requested-With`` header, which no cross-site page can send
  without a CORS preflight this app never grants.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CrossSiteError, UnknownHostError, WebError

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_HEADER = "X-Requested-With"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    """True for the names of this machine's loopback interface."""
    return host.strip("[]").lower() in LOOPBACK_HOSTS or host.startswith("127.")


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" is "::1"."""
    if host_header.startswith("["):
        return host_header[1:].partition("]")[0].lower()
    return host_header.rpartition(":")[0].lower() if host_header.count(":") == 1 else host_header.lower()


class CsrfTokens:
    """Signed form tokens: a time, a random nonce and an HMAC of both under a secret
    made when the app starts. A page from another site cannot read one of ours, and
    cannot make one without the secret."""

    def __init__(self, secret: bytes | None = None, *, max_age_s: int = 24 * 3600) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self.max_age_s = max_age_s

    def _mac(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        payload = f"{int(time.time())}.{secrets.token_urlsafe(12)}"
        return f"{payload}.{self._mac(payload)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 2:
            return False
        payload, _, mac = token.rpartition(".")
        if not hmac.compare_digest(mac, self._mac(payload)):
            return False
        issued = payload.partition(".")[0]
        return issued.isdigit() and 0 <= time.time() - int(issued) <= self.max_age_s


class Guard:
    """ASGI middleware: the Host check, the cross-site check and the security headers."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _send_error(scope, send, refusal)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, headers: Headers) -> WebError | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host_name(host) not in self.allowed_hosts:
            return UnknownHostError(f"this server answers only to {', '.join(sorted(self.allowed_hosts))}")
        if scope["method"] in SAFE_METHODS:
            return None
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return CrossSiteError("refused: the request came from another site")
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
            return CrossSiteError("refused: the request came from another origin")
        return None


async def _send_error(scope: Scope, send: Send, error: WebError) -> None:
    status = 400 if isinstance(error, UnknownHostError) else 403
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"detail": str(error), "code": error.code}).encode(), b"application/json"
    else:
        body, kind = str(error).encode(), b"text/plain; charset=utf-8"
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS],
    })
    await send({"type": "http.response.body", "body": body})

"""What every request passes before a route: a known Host, same-origin writes, a bounded body, and response
headers that keep browsers from sniffing, framing or leaking. Plain ASGI middleware: no per-request task."""

from __future__ import annotations

import time
from collections import deque
from urllib.parse import urlsplit

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse


UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
# The web interface loads its own built files and nothing else: no inline script, no other origin (the archive
# room may be offline, and OCR text must never run). Page images are fetched with the bearer token and shown
# as blob: URLs; Element Plus sets element styles from script, which style-src does not govern. One inline
# stylesheet is allowed by its hash: the four lines OpenSeadragon (the page viewer) adds for touch screens.
OPENSEADRAGON_STYLE = "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='"
WEB_CSP = (b"content-security-policy", b"default-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
           b"style-src 'self' " + OPENSEADRAGON_STYLE.encode() + b"; "
           b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OPENAPI_PAGES = ("/docs", "/docs/oauth2-redirect", "/redoc")  # FastAPI's pages: its inline script and CDN files


def install(app, *, allowed_hosts: list[str], max_body_bytes: int) -> None:
    """Outermost first: the Host is checked before anything else reads the request."""
    app.add_middleware(_BoundedBody, max_bytes=max_body_bytes)
    app.add_middleware(_SameOriginWrites, allowed_hosts=allowed_hosts)
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)


class _SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        csp = [API_CSP] if path.startswith("/api/") else [] if path in OPENAPI_PAGES else [WEB_CSP]

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                extra = [h for h in HEADERS + csp if h[0] not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class _SameOriginWrites:
    """A browser names the page a request comes from: writes from another site are refused outright (bearer
    tokens are not sent by other sites anyway; this holds for cookie sessions too)."""

    def __init__(self, app, *, allowed_hosts: list[str]):
        self.app = app
        self.allowed = set(allowed_hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in UNSAFE and not self._same_origin(scope):
            return await JSONResponse({"detail": "cross-origin request refused"}, status_code=403)(scope, receive,
                                                                                                 send)
        await self.app(scope, receive, send)

    def _same_origin(self, scope) -> bool:
        headers = dict(scope["headers"])
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return False
        origin = headers.get(b"origin")
        if origin is None:  # not a browser's cross-site request (curl, integrations, same-origin GET-ish forms)
            return True
        host = urlsplit(origin.decode("latin-1")).hostname or ""
        return "*" in self.allowed or host in self.allowed


class _BoundedBody:
    """Refuses a declared length over the bound at once, and stops reading a body that grows past it."""

    def __init__(self, app, *, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await _too_large(self.max_bytes)(scope, receive, send)
        seen, over = 0, False

        async def counted():
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # stop reading; whatever the route makes of the cut body is replaced
                over = True
                return {"type": "http.disconnect"}
            return message

        answered = False

        async def replaced(message):
            nonlocal answered
            if not over:
                await send(message)
            elif message["type"] == "http.response.start":
                await _too_large(self.max_bytes)(scope, receive, send)
            answered = True

        try:
            await self.app(scope, counted, replaced)
        except ClientDisconnect:
            if not over:
                raise
        if over and not answered:  # the route gave up on the cut body without an answer
            await _too_large(self.max_bytes)(scope, receive, send)


def _too_large(max_bytes: int) -> JSONResponse:
    return JSONResponse({"detail": _too_large_text(max_bytes)}, status_code=413)


def _too_large_text(max_bytes: int) -> str:
    return f"request body over the {max_bytes:,}-byte limit"


class SignInThrottle:
    """At most `attempts` sign-ins a minute from one address: a password cannot be guessed at speed, and one
    address cannot lock out every account quickly either."""

    def __init__(self, attempts: int = 10, window_seconds: float = 60.0, clock=time.monotonic):
        self.attempts, self.window, self.clock = attempts, window_seconds, clock
        self.recent: dict[str, deque[float]] = {}

    def retry_after(self, address: str) -> int:
        """0 when this attempt may go ahead (and counts it); else seconds to wait."""
        now = self.clock()
        times = self.recent.setdefault(address, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.attempts:
            return int(times[0] + self.window - now) + 1
        times.append(now)
        if len(self.recent) > 10_000:  # forget idle addresses: memory stays bounded
            self.recent = {a: t for a, t in self.recent.items() if t and t[-1] > now - self.window}
        return 0

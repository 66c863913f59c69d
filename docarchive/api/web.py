"""The web interface: the single-page app Vite builds from web/ into docarchive/web_dist, served at `/`.

It answers what no API route answers, as the app's 404 handler: so every `/api/*` route, and its 404s and
405s, stay exactly as they were, and a checkout whose UI was never built serves the API alone."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

WEB_DIST = Path(__file__).resolve().parent.parent / "web_dist"
NO_CACHE = {"Cache-Control": "no-cache"}  # index.html names the hashed assets of the current build
FOREVER = "public, max-age=31536000, immutable"  # a hashed asset's content never changes under its name


def install(app: FastAPI, dist: Path = WEB_DIST) -> None:
    index = dist / "index.html"
    if not index.is_file():
        return
    app.mount("/assets", _HashedAssets(directory=dist / "assets"), name="web-assets")
    root_files = {p.name: p for p in dist.iterdir() if p.is_file()}  # favicon and the like, fixed at start

    async def not_found(request: Request, exc: HTTPException):
        # A missing asset (a page loaded before a redeploy) is a 404, not index.html under a script's name.
        if request.url.path.startswith(("/api/", "/assets/")) or request.method not in ("GET", "HEAD"):
            return await http_exception_handler(request, exc)
        found = root_files.get(request.url.path.lstrip("/"), index)  # any other path is a client-side route
        return FileResponse(found, headers=NO_CACHE)

    app.add_exception_handler(404, not_found)


class _HashedAssets(StaticFiles):
    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = FOREVER
        return response

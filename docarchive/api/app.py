"""The FastAPI application factory. Routes stay thin; one handler maps domain errors to HTTP statuses."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from docarchive import __version__
from docarchive.api import security, web
from docarchive.api.deps import principal as signed_in
from docarchive.api.masking import MaskedJSONResponse
from docarchive.api.security import SignInThrottle
from docarchive.api.routes import (
    approvals,
    audit,
    auth,
    confidentiality,
    customer_files,
    customers,
    disposal,
    documents,
    holdings,
    jobs,
    loans,
    paper,
    printouts,
    reports,
    review,
    rooms,
    search,
    stats,
    users,
    volumes,
)
from docarchive.bootstrap import Container
from docarchive.domain.errors import DocarchiveError
from docarchive.services.audit import current_source
from docarchive.services.indexing import indexing_status, run_indexer


# FastAPI's native OpenTelemetry would hand every request's URL to whatever provider the process has — a
# search's query string may hold an ID number (PIPL) — so it stays off; the audit trail records access.
# Off, it also skips three provider lookups per request.
_NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def create_app(container: Container) -> FastAPI:
    app = FastAPI(title="docarchive", version=__version__, description="Customer archives (客户档案)",
                  lifespan=_lifespan(container), default_response_class=MaskedJSONResponse,
                  telemetry=_NO_TELEMETRY)
    app.state.container = container
    app.state.sign_in_throttle = SignInThrottle(attempts=container.settings.sign_in_attempts_per_minute)
    security.install(app, allowed_hosts=container.settings.allowed_hosts,
                     max_body_bytes=container.settings.max_request_bytes)
    _add_status_routes(app, container)  # first: routes are matched in order, and a load balancer polls health
    app.include_router(auth.router)
    for area in (search, documents, customers, jobs, stats, customer_files, reports, paper, volumes, printouts,
                 review, audit, confidentiality, approvals, disposal, loans,
                 rooms, holdings, users):
        app.include_router(area.router, dependencies=[Depends(signed_in)])  # every route needs a sign-in
    app.include_router(users.settings_router, dependencies=[Depends(signed_in)])
    app.add_middleware(AuditSource)
    app.add_exception_handler(DocarchiveError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.openapi = _openapi_with_our_errors(app)
    web.install(app)  # last: the web interface answers only what no API route does
    return app


def _add_status_routes(app: FastAPI, container: Container) -> None:
    @app.get("/api/health")
    async def health() -> dict:  # async: nothing to wait for, so no thread-pool hop
        return {"status": "ok", "version": __version__}

    @app.get("/api/status", dependencies=[Depends(signed_in)])
    def status() -> dict:
        return {**indexing_status(container.records), "jobs": container.jobs.counts() if container.jobs else {}}


def _lifespan(container: Container):
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        """Changes a commit could not send at once (index down) are retried in the background until they are in."""
        stop = threading.Event()
        if container.indexing is not None:
            threading.Thread(target=run_indexer, args=(container.indexing,), kwargs={"stop": stop}, daemon=True).start()
        yield
        stop.set()

    return lifespan


class AuditSource:
    """Sets where each request comes from (the client's address), for the audit events it causes."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        client = scope.get("client")
        token = current_source.set(client[0] if client else "unknown")
        try:
            await self.app(scope, receive, send)
        finally:
            current_source.reset(token)


async def _domain_error(request: Request, exc: DocarchiveError) -> JSONResponse:
    content = {"detail": " ".join(str(exc).split())}
    if getattr(exc, "errors", None):  # ProfileInvalid: each bad field with its reason
        content["errors"] = exc.errors
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else {}
    if getattr(exc, "retry_after", None):
        headers["Retry-After"] = str(exc.retry_after)
    return MaskedJSONResponse(status_code=exc.status_code, content=content, headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    reasons = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return MaskedJSONResponse(status_code=422, content={"detail": reasons})


def _openapi_with_our_errors(app: FastAPI):
    """The schema says what a 422 really carries: one readable line (`_validation_error`), not FastAPI's list."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schema.get("components", {}).get("schemas", {})["HTTPValidationError"] = {
                "title": "HTTPValidationError", "type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string", "title": "Detail"}},
            }
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi

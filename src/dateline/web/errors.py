"""One JSON error shape for every error the API gives (``models.ErrorBody``), whatever
raised it: an unknown path or id (404), a method (405), a bad parameter (422), a query past
its time limit (503), a bad Host header (400), or a bug (500, without the traceback)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import ConfigError, DatelineError
from ..query import QueryTimeout
from .models import ErrorBody

log = logging.getLogger("dateline.web")

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (404, "No such item or path"),
        (422, "A parameter is invalid"),
        (500, "The store could not be read, or a bug"),
        (503, "The query ran past its time limit"),
    )
}


def code(status: int) -> str:
    """``not_found``, ``unprocessable_content``, ...: the status phrase as an identifier."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return "_".join(phrase.lower().replace("-", " ").split())


def body(
    status: int,
    message: str,
    *,
    error: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "ok": False,
        "status": status,
        "error": error or code(status),
        "message": message,
        "details": details or [],
    }


def response(status: int, message: str, **extra: Any) -> JSONResponse:
    headers = extra.pop("headers", None)
    return JSONResponse(body(status, message, **extra), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Route every error through ``body``."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else code(exc.status_code)
        return response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "location": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                "message": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        first = details[0] if details else None
        where = ".".join(str(p) for p in first["location"]) if first else "request"
        message = f"{where}: {first['message']}" if first else "invalid request"
        return response(422, message, error="validation_error", details=details)

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        if isinstance(exc, ConfigError):
            return response(422, exc.message, error="validation_error")
        if isinstance(exc, QueryTimeout):
            return response(503, exc.one_line(), error="query_timeout")
        log.error("store error on %s: %s", request.url.path, exc.one_line())
        return response(500, exc.one_line(), error="store_error")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("error on %s", request.url.path)
        return response(500, "internal error; the server log has the details")

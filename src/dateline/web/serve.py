"""Run the app: ``serve`` under uvicorn until Ctrl-C, or ``get`` one path in-process and
return the answer (``dateline serve --get /api/events?type=ASSAULT``, like ``datasette
--get``: no socket is opened)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi import FastAPI

from ..errors import ConfigError
from .app import EVERY_ADDRESS, ServeSettings, create_app


def get(db: str | Path, path: str, *, settings: ServeSettings | None = None) -> tuple[int, str]:
    """The status and body of ``GET path`` on the app over ``db``."""
    if not path.startswith("/"):
        raise ConfigError(f"the path to get must start with /, not {path!r}", hint="e.g. /api/meta")
    app = create_app(db, settings=settings)
    try:
        reply = asyncio.run(_get(app, path))
    finally:
        app.state.query.store.close()
    return reply.status_code, reply.text


async def _get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.get(path)


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: ServeSettings | None = None,
    log_level: str = "warning",
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the API and the web app over ``db`` until interrupted; ``announce`` is given
    the address to open once the store is open."""
    import uvicorn

    app = create_app(db, settings=settings or ServeSettings.for_host(host))
    if announce is not None:
        announce(url(host, port))
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


def url(host: str, port: int) -> str:
    """The address to open for a server bound to ``host``."""
    if host in EVERY_ADDRESS:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"

"""The FastAPI application: the API (``routes.py``), the single-page app (``static/``), one
error shape (``errors.py``), and the guards of a local tool served over HTTP.

Guards: the store is opened read-only and DuckDB may touch no other file
(``enable_external_access = false``, then the configuration is locked); every request's
queries are interrupted past a time limit; pages are capped (``query.MAX_LIMIT``); the
Host header must name this machine unless the server was bound elsewhere (so a web page
elsewhere cannot read the API by DNS rebinding); and every response carries a
Content-Security-Policy that lets the page load scripts, styles, data and images from this
server only (plus the tile server, when tiles are configured).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import ConfigError, StoreError
from ..query import DEFAULT_TIMEOUT, Query
from ..store import Store
from . import errors, routes

STATIC = Path(str(files("dateline.web") / "static"))
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
EVERY_ADDRESS = ("0.0.0.0", "::", "")  # a server bound to one of these listens on all
_TILES = re.compile(r"https?://(\{s\}\.)?[^/\s{}]+/\S*\{z\}\S*\{x\}\S*\{y\}\S*")


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    """How the app serves: the query time limit, the map's tiles (none by default: the map
    draws country outlines shipped with dateline), and which Host headers are accepted
    (``None``: any)."""

    timeout: float | None = DEFAULT_TIMEOUT
    tiles: str | None = None  # URL template: https://tile.example.org/{z}/{x}/{y}.png
    tiles_attribution: str | None = None
    allowed_hosts: tuple[str, ...] | None = LOCAL_HOSTS

    def __post_init__(self) -> None:
        if self.timeout is not None and self.timeout <= 0:
            raise ConfigError(f"the time limit must be positive, not {self.timeout}")
        if self.tiles is not None and not _TILES.fullmatch(self.tiles):
            raise ConfigError(
                f"tiles must be an http(s) URL template with {{z}}, {{x}} and {{y}}, "
                f"not {self.tiles!r}"
            )

    @classmethod
    def for_host(cls, host: str, **options: object) -> ServeSettings:
        """Accept this machine's names, plus ``host`` when bound to one address; any
        name when bound to every address (``0.0.0.0``, ``::``)."""
        if host in EVERY_ADDRESS:
            return cls(allowed_hosts=None, **options)  # type: ignore[arg-type]
        hosts = LOCAL_HOSTS if host in LOCAL_HOSTS else (*LOCAL_HOSTS, host)
        return cls(allowed_hosts=hosts, **options)  # type: ignore[arg-type]


def open_store(db: str | Path) -> Store:
    """The store, read-only, with DuckDB barred from every other file."""
    store = Store.open(db, read_only=True)
    try:
        # DuckDB shares one database instance among the connections of a process to one
        # file: a second app over the same store finds it walled off and locked already.
        found = store.con.execute("SELECT current_setting('enable_external_access')").fetchone()
        if found and found[0]:
            store.con.execute("SET enable_external_access = false")
            store.con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        store.close()
        raise StoreError(f"cannot be walled off: {exc}", source=str(db)) from exc
    return store


def create_app(db: str | Path, *, settings: ServeSettings | None = None) -> FastAPI:
    """The app over the store at ``db`` (opened now: a missing or locked store fails here,
    as a ``StoreError``, before any server starts)."""
    settings = settings or ServeSettings()
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="dateline",
        version=__version__,
        summary="Evidence-backed events, entities, places and quotes from a dateline corpus.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from other hosts
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.query = Query(store, timeout=settings.timeout)
    app.state.settings = settings
    errors.install(app)
    app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    policy = content_policy(settings.tiles)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        host = request.headers.get("host", "")
        if settings.allowed_hosts is not None and _hostname(host) not in settings.allowed_hosts:
            return errors.response(400, f"host {host!r} is not served here", error="bad_host")
        reply = await call_next(request)
        reply.headers.setdefault("Content-Security-Policy", policy)
        reply.headers.setdefault("X-Content-Type-Options", "nosniff")
        reply.headers.setdefault("Referrer-Policy", "no-referrer")
        reply.headers.setdefault("X-Frame-Options", "DENY")
        return reply

    return app


def content_policy(tiles: str | None) -> str:
    images = "'self' data:"
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}." in tiles else parts.netloc
        images += f" {parts.scheme}://{host}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def _hostname(host: str) -> str:
    """The Host header without its port (``[::1]:8000`` -> ``[::1]``)."""
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host

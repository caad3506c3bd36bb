"""``dateline serve``: the REST API and the web app over a corpus store (docs/web.md).

>>> from dateline.web import create_app
>>> app = create_app("news.duckdb")   # a FastAPI app; serve it with any ASGI server
"""

from __future__ import annotations

from .app import ServeSettings, create_app
from .serve import get, serve

__all__ = ["ServeSettings", "create_app", "get", "serve"]

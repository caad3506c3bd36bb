"""trafilatura's page metadata, for only the fields the page's own tags left empty.

``trafilatura.metadata.extract_metadata`` fills every field, and two of them cost the most:
a publication date (a whole htmldate search) and the author (a copy of the whole tree,
pruned and searched). dateline never reads the date from it (dates are their own stage,
``dates.py``) nor the licence, and reads the other fields only where JSON-LD and meta tags
(``pagemeta.py``) gave nothing. ``fallback`` computes a field the way ``extract_metadata``
in the pinned trafilatura 2.3.1 does (its steps, in its order, then its final trim) and
only when asked for it: the development pages give the same articles either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from html import unescape
from typing import Any, TypeVar

from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import line_processing

FIELDS = frozenset({"title", "description", "author", "sitename", "url", "categories", "tags"})
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Fallback:
    """The fields asked for; None (or empty) for the others and for what was not found."""

    title: str | None = None
    description: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def fallback(tree: HtmlElement, url: str | None, wanted: frozenset[str]) -> Fallback:
    """trafilatura's values of the ``wanted`` fields (a subset of ``FIELDS``) for ``tree``.

    Reads the tree without changing it. A field whose search fails is left empty."""
    base = _guarded(lambda: _from_tags(tree), None)
    if base is None:
        return Fallback()
    values: dict[str, Any] = {}
    if "title" in wanted:
        values["title"] = _trim(_guarded(lambda: base.title or extract_title(tree), None))
    if "description" in wanted:
        values["description"] = _trim(base.description)
    if "author" in wanted:
        values["author"] = _trim(_guarded(lambda: base.author or extract_author(tree), None))
    page_url = None
    if {"url", "sitename"} & wanted:
        page_url = _guarded(lambda: base.url or extract_url(tree, url), None)
        values["url"] = _trim(page_url)
    if "sitename" in wanted:
        values["sitename"] = _trim(_guarded(lambda: _sitename(base, tree, page_url), None))
    if "categories" in wanted:
        values["categories"] = tuple(
            _guarded(lambda: base.categories or extract_catstags("category", tree), [])
        )
    if "tags" in wanted:
        values["tags"] = tuple(_guarded(lambda: base.tags or extract_catstags("tag", tree), []))
    return Fallback(**values)


def _from_tags(tree: HtmlElement) -> Any:
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # trafilatura's own rule: one word is not a byline
    # as in extract_metadata: JSON-LD that breaks its reader leaves the tags' values
    with suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    return metadata


def _sitename(base: Any, tree: HtmlElement, page_url: str | None) -> str | None:
    name: str | None = base.sitename or extract_sitename(tree)
    if name:
        name = name.lstrip("@")  # a Twitter handle
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name
    if page_url and (match := META_URL.match(page_url)):
        return str(match[1])
    return None


def _trim(value: str | None) -> str | None:
    # Document.clean_and_trim, which extract_metadata applies to every string at the end
    if not isinstance(value, str):
        return None
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(unescape(value))


def _guarded(compute: Callable[[], _T], default: _T) -> _T:
    try:
        return compute()
    except Exception:  # noqa: BLE001 - metadata is optional; a failure leaves the field empty
        logging.getLogger(__name__).debug("trafilatura metadata failed", exc_info=True)
        return default

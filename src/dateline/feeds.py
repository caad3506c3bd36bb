"""RSS and Atom feeds: each item is an article whose metadata the feed states.

feedparser reads every feed dialect; an item's HTML content (or its summary, when
that is all the feed carries) is already the article, so it is flattened to
paragraphs and processed as clean article text with the feed's title, link, date,
authors and categories.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html

from .errors import InputError
from .records import Published

_FEED_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b",
    re.I | re.S,
)
_BLOCKS = "p", "h2", "h3", "h4", "li", "blockquote"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    location: str
    text: str
    digest: str
    title: str | None
    summary: str | None
    url: str | None
    published: Published | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    outlet: str | None


def looks_like_feed(text: str) -> bool:
    return bool(_FEED_START.match(text[:4096]))


def items(data: bytes, *, location: str) -> list[FeedItem]:
    """The feed's items in order; an InputError when it holds none."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.bozo else ""
        raise InputError(f"a feed with no items{reason}", source=location)
    outlet = parsed.feed.get("title") or None
    return [_item(e, n, location=location, outlet=outlet) for n, e in enumerate(parsed.entries)]


def _item(entry: Any, n: int, *, location: str, outlet: str | None) -> FeedItem:
    html = _content(entry)
    text = html_to_text(html)
    summary = html_to_text(entry.get("summary", "")) or None
    if summary == text:
        summary = None
    ident = entry.get("id") or entry.get("link") or str(n)
    return FeedItem(
        location=f"{location}#item={n + 1}",
        text=text,
        digest=hashlib.sha256(f"{ident}\n{html}".encode()).hexdigest(),
        title=entry.get("title") or None,
        summary=summary,
        url=entry.get("link") or None,
        published=_published(entry),
        authors=tuple(a["name"] for a in entry.get("authors", []) if a.get("name")),
        tags=tuple(t["term"] for t in entry.get("tags", []) if t.get("term")),
        outlet=outlet,
    )


def _content(entry: Any) -> str:
    for content in entry.get("content", []):
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary", ""))


def html_to_text(html: str) -> str:
    """Paragraph elements as paragraphs separated by a blank line; plain text as is."""
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = [" ".join(el.text_content().split()) for el in root.iter(*_BLOCKS)]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _published(entry: Any) -> Published | None:
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            day = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).date().isoformat()
            source = "feed" if key == "published" else "feed-updated"
            return Published(day, "day", source, evidence=str(entry.get(key)))
    return None

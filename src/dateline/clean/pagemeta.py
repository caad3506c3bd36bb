"""Page metadata a news page states about itself: meta tags, JSON-LD, ``<html lang>``.

Kept apart from ``html.py`` so the body extraction stays readable. Values are read in a
fixed order of trust: JSON-LD (written for machines, usually exact), then Open Graph /
article meta tags, then generic meta tags. trafilatura's own metadata fills what is left
(see ``html.py``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

# schema.org types whose fields describe the article itself (not the site or a breadcrumb).
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|WebPage|LiveBlogPosting", re.I)
_SPACES = re.compile(r"\s+")
_URL_OR_EMAIL = re.compile(r"^(?:https?:|www\.)|@|/", re.I)
# "By Jane Doe and John Roe", "Jane Doe, John Roe; Ann Poe"
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*", re.I)
_BY_PREFIX = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.I)
_MAX_AUTHOR_CHARS = 60


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    description: str | None = None
    outlet: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None
    article_body: str | None = None


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Everything the page's head and JSON-LD say about the article."""
    metas = meta_values(tree)
    ld = _article_ld(tree)

    def first(*keys: str) -> str | None:
        return next((v[0] for k in keys if (v := metas.get(k))), None)

    return PageMeta(
        title=_text(ld.get("headline")) or first("og:title", "twitter:title"),
        description=_text(ld.get("description"))
        or first("og:description", "description", "twitter:description"),
        outlet=_publisher(ld) or first("og:site_name", "application-name", "twitter:site"),
        section=_first_text(ld.get("articleSection"))
        or first("article:section", "parsely-section", "section", "sailthru.section"),
        tags=_tags(ld, metas),
        authors=_authors(ld, metas),
        url=_canonical(tree) or first("og:url"),
        language=_language(tree, metas),
        article_body=_text(ld.get("articleBody")),
    )


def clean_authors(names: list[str]) -> tuple[str, ...]:
    """Split joined bylines, drop URLs/emails and over-long strings, keep order, dedupe."""
    out: list[str] = []
    for raw in names:
        for part in _AUTHOR_SPLIT.split(_BY_PREFIX.sub("", _norm(raw))):
            name = part.strip(" .-")
            ok = 2 < len(name) <= _MAX_AUTHOR_CHARS and not _URL_OR_EMAIL.search(name)
            if ok and name.lower() not in {n.lower() for n in out}:
                out.append(name)
    return tuple(out)


def _norm(text: str) -> str:
    # meta values are often escaped twice ("&amp;#163;"), so one unescape is still needed
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return _norm(value)
    return None


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        return next((t for v in value if (t := _text(v))), None)
    return _text(value)


def meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """All ``<meta>`` values by lower-cased name/property, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(_norm(content))
    return values


def ld_documents(tree: HtmlElement) -> Iterator[Any]:
    """Each JSON-LD script of the page, parsed; broken ones are skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            yield json.loads(script.text, strict=False)
        except ValueError:  # broken JSON-LD is common and must not stop the page
            continue


def _ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for data in ld_documents(tree):
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph"))


def _article_ld(tree: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article; plain WebPage only if nothing better."""
    fallback: dict[str, Any] = {}
    for obj in _ld_objects(tree):
        kind = obj.get("@type")
        kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if _ARTICLE_TYPES.search(kinds):
            if "WebPage" not in kinds:
                return obj
            fallback = fallback or obj
    return fallback


def _names(value: Any) -> list[str]:
    """Names from a schema.org Person/Organization, a list of them, or a bare string."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    text = _text(value)
    return [text] if text else []


def _publisher(ld: dict[str, Any]) -> str | None:
    names = _names(ld.get("publisher"))
    return names[0] if names else None


def _authors(ld: dict[str, Any], metas: dict[str, list[str]]) -> tuple[str, ...]:
    names = _names(ld.get("author")) or _names(ld.get("creator"))
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
        names = names or metas.get(key, [])
    return clean_authors(names)


def _tags(ld: dict[str, Any], metas: dict[str, list[str]]) -> tuple[str, ...]:
    found: list[str] = []
    keywords = ld.get("keywords")
    if isinstance(keywords, list):
        found = [k for k in keywords if isinstance(k, str)]
    elif isinstance(keywords, str):
        found = keywords.split(",")
    # article:tag is explicit; the generic keywords meta is SEO filler, so only a last resort.
    for key in ("article:tag", "news_keywords", "parsely-tags", "keywords"):
        if not found:
            found = [t for v in metas.get(key, []) for t in v.split(",")]
    tags: list[str] = []
    for tag in (_norm(t) for t in found):
        if tag and len(tag) <= _MAX_AUTHOR_CHARS and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _canonical(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href.startswith(("http://", "https://")):
            return href
    return None


def _language(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    """Primary subtag of the stated language ("en-GB" -> "en"), the code langid also uses."""
    stated = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    for key in ("content-language", "language", "og:locale", "dc.language"):
        stated = stated or next(iter(metas.get(key, [])), None)
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language":
            stated = stated or meta.get("content")
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$|,)", stated or "")
    return match.group(1).lower() if match else None

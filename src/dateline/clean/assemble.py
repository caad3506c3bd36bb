"""Put the cleaning stages together: body, furniture, metadata, dateline and date.

``clean()`` picks the HTML or the flattened-text cleaner by ``kind`` and returns one
``CleanParts`` whatever the input was, so the rest of the pipeline never branches on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import NoArticle
from ..records import Boilerplate, Dateline, Published
from . import dates, html, text


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanParts:
    text: str
    title: str | None = None
    summary: str | None = None
    boilerplate: tuple[Boilerplate, ...] = ()
    outlet: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    url: str | None = None
    published: Published | None = None
    dateline: Dateline | None = None
    warnings: tuple[str, ...] = ()


# "© Sputnik / Jane Doe", "Copyright 2014 Example News", "(c) Example Media 2014"
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<owner>[A-Z][\w&.' -]{1,40}?)\s*(?:/|,|\d{4}|$)",
    re.I,
)
_BYLINE = re.compile(r"^by\s+(?P<names>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
                     r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*)", re.I)


def clean(
    raw: str,
    *,
    kind: str,
    location: str,
    url: str | None = None,
    hints: CleanParts | None = None,
) -> CleanParts:
    """Body and metadata of one page; ``hints`` (a feed item's metadata) are kept as given."""
    if kind == "html":
        parts = _from_html(raw, url=url)
    elif kind == "article":
        parts = hints or CleanParts(text=raw, url=url)
    else:
        parts = _from_text(raw, url=url)
    if not parts.text.strip():
        raise NoArticle("no article text was found in it", source=location)
    return _with_dates(parts, html_source=raw if kind == "html" else None)


def _from_html(raw: str, *, url: str | None) -> CleanParts:
    page = html.extract_html(raw, url=url)
    return CleanParts(
        text="\n\n".join(page.paragraphs),
        title=page.title,
        summary=page.summary,
        boilerplate=tuple(Boilerplate(k, t) for k, t in page.boilerplate),
        outlet=page.outlet,
        section=page.section,
        tags=page.tags,
        authors=page.authors,
        url=page.url or url,
    )


def _from_text(raw: str, *, url: str | None) -> CleanParts:
    blocks = text.segment(raw)
    body = text.body_text(raw, blocks)
    by_kind: dict[str, list[str]] = {}
    furniture: list[Boilerplate] = []
    for block in blocks:
        piece = raw[block.start : block.end]
        by_kind.setdefault(block.kind, []).append(piece)
        if block.kind != "body":
            furniture.append(Boilerplate(block.kind, piece))
    titles = by_kind.get("title", [])
    standfirst = by_kind.get("standfirst", [])
    return CleanParts(
        text=body,
        title=titles[0] if titles else None,
        summary="\n\n".join(standfirst) or None,
        boilerplate=tuple(furniture),
        outlet=_outlet(by_kind.get("credit", []) + by_kind.get("other", [])),
        section=_first(by_kind.get("navigation", []), short=True),
        authors=_authors(by_kind.get("byline", [])),
        url=url,
    )


def _with_dates(parts: CleanParts, *, html_source: str | None) -> CleanParts:
    found = dates.find_dateline(parts.text)
    stamps = [b.text for b in parts.boilerplate if b.kind == "timestamp"]
    bylines = [b.text for b in parts.boilerplate if b.kind == "byline"]
    published, warnings = dates.publication_date(
        body=parts.text, html=html_source, url=parts.url, dateline=found, stamps=stamps,
        bylines=bylines,
    )
    if parts.published is not None:  # stated by the feed: stronger than the text
        published, warnings = parts.published, []
    dateline = None
    outlet = parts.outlet
    if found is not None:
        day = published.date if published and published.source in _DATELINE_SOURCES else None
        dateline = Dateline(found.text, found.place, day, found.agency, found.start, found.end)
        outlet = outlet or found.agency
    return _replace(parts, published=published, dateline=dateline, outlet=outlet,
                    warnings=parts.warnings + tuple(warnings))


_DATELINE_SOURCES = frozenset({"dateline", "inferred-year"})


def _replace(parts: CleanParts, **changes: object) -> CleanParts:
    from dataclasses import replace

    return replace(parts, **changes)  # type: ignore[arg-type]


def _outlet(lines: list[str]) -> str | None:
    for line in lines:
        match = _COPYRIGHT.match(line.strip())
        if match:
            return match.group("owner").strip()
    return None


def _authors(lines: list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for line in lines:
        match = _BYLINE.match(line.strip())
        if match:
            names += [n.strip() for n in re.split(r",|\band\b|&", match.group("names")) if n.strip()]
    return tuple(dict.fromkeys(names))


def _first(lines: list[str], *, short: bool) -> str | None:
    for line in lines:
        line = line.strip()
        if line and (not short or len(line.split()) <= 4):
            return line
    return None

"""Put the cleaning stages together: body, furniture, metadata, dateline and date.

``clean()`` picks the HTML or the flattened-text cleaner by ``kind`` and returns one
``CleanParts`` whatever the input was, so the rest of the pipeline never branches on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
_BYLINE = re.compile(
    r"^by\s+(?P<names>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*)",
    re.I,
)


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
    if kind != "article" or hints is not None:
        parts = replace(
            parts,
            text=plain_spaces(parts.text),
            title=parts.title and plain_spaces(parts.title),
            summary=parts.summary and plain_spaces(parts.summary),
        )
    if not parts.text.strip():
        raise NoArticle("no article text was found in it", source=location)
    return _with_dates(parts, html_source=raw if kind == "html" else None)


# Non-breaking and typographic spaces become plain ones (spaCy makes a token of each
# no-break space, which breaks names and the parse); invisible characters go.
_SPACES = str.maketrans(
    dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
        " ",
    )
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None)
)


def plain_spaces(text: str) -> str:
    """``text`` with odd spaces made plain; used on cleaned text, never on --input-kind article."""
    return text.translate(_SPACES)


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
    by_kind: dict[str, list[str]] = {}
    for block in blocks:
        by_kind.setdefault(block.kind, []).append(raw[block.start : block.end])
    furniture = tuple(Boilerplate(b.kind, raw[b.start : b.end]) for b in blocks if b.kind != "body")
    titles = by_kind.get("title", [])
    return CleanParts(
        text=text.body_text(raw, blocks),
        title=titles[0] if titles else None,
        summary="\n\n".join(by_kind.get("standfirst", [])) or None,
        boilerplate=furniture,
        outlet=_outlet(by_kind.get("credit", []) + by_kind.get("other", [])),
        section=_section(raw, blocks),
        tags=_tags(by_kind.get("tags", [])),
        authors=_authors(by_kind.get("byline", [])),
        url=url,
    )


def _section(raw: str, blocks: list[text.Block]) -> str | None:
    """The short navigation line nearest the headline: sites print the section beside it."""
    kinds = [b.kind for b in blocks]
    if "title" not in kinds:
        return None
    at = kinds.index("title")
    near = [
        (abs(i - at), i < at, raw[b.start : b.end].strip())
        for i, b in enumerate(blocks)
        if b.kind == "navigation" and abs(i - at) <= 3
    ]
    near = [n for n in near if 0 < len(n[2].split()) <= 4]
    return min(near)[2] if near else None


def _tags(lines: list[str]) -> tuple[str, ...]:
    tags: list[str] = []
    for line in lines:
        body = re.sub(r"^\s*(?:tags?|topics?|keywords?)\s*:\s*", "", line, flags=re.I)
        tags += [t.strip() for t in re.split(r"[,;|]", body) if t.strip()]
    return tuple(dict.fromkeys(tags))


def _with_dates(parts: CleanParts, *, html_source: str | None) -> CleanParts:
    found = dates.find_dateline(parts.text)
    stamps = [b.text for b in parts.boilerplate if b.kind == "timestamp"]
    bylines = [b.text for b in parts.boilerplate if b.kind == "byline"]
    published, warnings = dates.publication_date(
        body=parts.text,
        html=html_source,
        url=parts.url,
        dateline=found,
        stamps=stamps,
        bylines=bylines,
    )
    if parts.published is not None:  # stated by the feed: stronger than the text
        published, warnings = parts.published, []
    dateline = None
    outlet = parts.outlet
    if found is not None:
        dateline = Dateline(
            found.text,
            found.place,
            _dateline_day(found, published),
            found.agency,
            found.start,
            found.end,
        )
        outlet = outlet or found.agency
    return replace(
        parts,
        published=published,
        dateline=dateline,
        outlet=outlet,
        warnings=parts.warnings + tuple(warnings),
    )


def _dateline_day(found: dates.Dateline, published: Published | None) -> str | None:
    """The dateline's own day: stated in full, or its month/day placed in the published year."""
    if found.date:
        return found.date
    if published and published.precision == "day" and published.date[5:] == found.month_day:
        return published.date
    return None


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
            names += [
                n.strip() for n in re.split(r",|\band\b|&", match.group("names")) if n.strip()
            ]
    return tuple(dict.fromkeys(names))

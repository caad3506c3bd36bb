"""Publication-date evidence in HTML, weighed as a vote.

htmldate (extensive, original date) counts most; JSON-LD ``datePublished``, publication
meta tags, ``<time>`` elements, the URL, labelled dates ("Published: ...") and short
date-classed elements vote beside it. A fixed order of trust did worse on the dev set
(F1 0.940 vs 0.955): machine-readable fields often carry the UTC day or a creation date.
See docs/dates.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError
from lxml.html import HtmlElement

from ..records import Published
from . import datewords as dw
from .pagemeta import ld_documents, meta_values

WEB_EPOCH = date(1995, 1, 1)  # no web page was published before this


_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "article.published",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "date",
    "dc.date",
)
_URL_DAY = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[/_.-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d)"
)


@dataclass(frozen=True, slots=True)
class _Vote:
    voter: str  # a key of _WEIGHTS
    value: str  # the string the date was read from
    day: date


# How much each kind of evidence counts when they disagree. Tuned on the development half
# of the htmldate set (docs/dates.md has the figures and a cross-validated estimate).
# htmldate's extensive search weighs most: it already reads markup and text with many
# heuristics. The page's own publication stamps, its first <time> and a labelled date
# ("Published: ...", "Erschienen am ...") can outvote it together, not alone.
_WEIGHTS: dict[str, float] = {
    "htmldate": 2.0,
    "json-ld": 0.5,
    "meta": 1.0,
    "meta-date": 0.5,
    "time-pubdate": 1.0,
    "time-first": 1.5,
    "url": 1.0,
    "label": 1.5,
    "date-class": 1.0,
    "first-visible": 0.5,
}
# The name each voter goes by in ``Published.source``, best first when several agree.
_SOURCES: dict[str, str] = {
    "json-ld": "json-ld",
    "meta": "meta",
    "time-pubdate": "time-element",
    "time-first": "time-element",
    "meta-date": "meta",
    "url": "url",
    "label": "page-label",
    "date-class": "page-date",
    "first-visible": "page-date",
    "htmldate": "htmldate",
}
_GENERIC_META = ("date", "dc.date")  # often a build or cache date, so it counts for less
_PUBLISHED_LABEL = re.compile(
    r"(?:published|publication date|posted(?: on)?|written|veröffentlicht|erschienen|erstellt|"
    r"datum|publié|pubblicato|publicado|date)\s*(?:am|on|le|el|il|:)?\s*:?\s*",
    re.I,
)
_UPDATED_BEFORE = re.compile(
    r"(?:updated|aktualisiert|geändert|änderung|modified|mis à jour|actualizado|aggiornato)\W*$",
    re.I,
)
_DATE_CLASS = re.compile(r"date|datum|time|publish|meta", re.I)
_UPDATE_CLASS = re.compile(r"updat|modif", re.I)
# parent::, not ancestor:: (a walk to the root per node): the HTML parser gives <script>
# and <style> no child elements, and a script's tail is its parent's text node in XPath.
# Plain strings: the text is only split and joined.
_BODY_TEXTS = etree.XPath(
    "//body//text()[not(parent::script or parent::style)]", smart_strings=False
)
_SHORT = 60  # a date element's text is short; longer text is a paragraph that cites dates


def html_votes(page: HtmlElement, url: str | None, *, latest: date) -> list[_Vote]:
    """One vote per kind of evidence on the page: its first plausible date of that kind."""
    votes: list[_Vote] = []
    for voter, values in _html_values(page, url):
        for value in values:
            day = _parse_value(value, latest=latest)
            if day is not None:
                votes.append(_Vote(voter, value, day))
                break
    return votes


def _html_values(page: HtmlElement, url: str | None) -> Iterator[tuple[str, Iterator[str]]]:
    # Generators: each kind is read only as far as its first plausible date.
    yield "json-ld", (v for k, v in _json_ld_dates(page) if k == "datePublished")
    metas = meta_values(page)
    specific = (k for k in _META_KEYS if k not in _GENERIC_META)
    yield "meta", (v for k in specific for v in metas.get(k, []))
    yield "meta-date", (v for k in _GENERIC_META for v in metas.get(k, []))
    yield "time-pubdate", _time_values(page, '//time[@pubdate] | //*[@itemprop="datePublished"]')
    yield "time-first", _time_values(page, "//body//time")
    yield "url", iter([m.group(0) for m in _URL_DAY.finditer(url or "")][:1])
    texts = _visible_texts(page)
    yield "label", _labelled(" ".join(texts))
    yield "date-class", _date_class_texts(page)
    yield "first-visible", (t for t in texts if len(t) <= _SHORT)


def _json_ld_dates(page: HtmlElement) -> Iterator[tuple[str, str]]:
    for data in ld_documents(page):
        for obj in _json_objects(data):
            value = obj.get("datePublished")
            if isinstance(value, str) and value.strip():
                yield "datePublished", value.strip()


def _json_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _json_objects(value)


def _time_values(page: HtmlElement, xpath: str) -> Iterator[str]:
    for element in page.xpath(xpath):
        for value in (element.get("datetime"), element.get("content"), element.text_content()):
            if value and value.strip():
                yield value.strip()


def _visible_texts(page: HtmlElement) -> list[str]:
    texts = (" ".join(node.split()) for node in _BODY_TEXTS(page))
    return [text for text in texts if text]


def _labelled(text: str) -> Iterator[str]:
    """Text right after a publication label, unless an "updated" label stands just before."""
    for m in _PUBLISHED_LABEL.finditer(text):
        if not _UPDATED_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            yield text[m.end() : m.end() + 40]


def _date_class_texts(page: HtmlElement) -> Iterator[str]:
    for element in page.xpath("//body//*[@class]"):
        css = element.get("class", "")
        if _DATE_CLASS.search(css) and not _UPDATE_CLASS.search(css):
            text = " ".join((element.text_content() or "").split())
            if len(text) <= _SHORT:
                yield text


def _parse_value(value: str, *, latest: date) -> date | None:
    found = dw.first_full_date(value[:_SHORT], any_language=True)
    if found is None or found.year is None or found.month is None or found.day is None:
        return None
    day = date(found.year, found.month, found.day)
    return day if plausible(day, latest=latest) else None


def url_day(url: str, *, latest: date) -> date | None:
    """A full date in the URL path ("/2014/12/12/", "2014-12-12"), if plausible."""
    for m in _URL_DAY.finditer(url):
        y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
        if dw.valid(y, mo, d) and plausible(date(y, mo, d), latest=latest):
            return date(y, mo, d)
    return None


def plausible(day: date, *, latest: date, earliest: date = WEB_EPOCH) -> bool:
    """Not before ``earliest`` (the web) and not after ``latest`` (today or the crawl)."""
    return earliest <= day <= latest


def today() -> date:
    # One day of slack: a page stamped in a time zone ahead of ours is not in the future.
    return datetime.now(UTC).date() + timedelta(days=1)


def _htmldate(page: HtmlElement, url: str | None, *, latest: date) -> date | None:
    # Imported here so text-only callers never pay htmldate's import time.
    from htmldate import find_date

    try:
        found = find_date(
            page, url=url, original_date=True, extensive_search=True, max_date=latest.isoformat()
        )
    except (ValueError, TypeError):  # htmldate raises on some malformed pages
        return None
    try:
        return date.fromisoformat(found) if isinstance(found, str) else None
    except ValueError:
        return None


def from_html(html: str, url: str | None, *, latest: date) -> Published | None:
    page = _parse_html(html)
    if page is None:
        return None
    votes = html_votes(page, url, latest=latest)
    found = _htmldate(page, url, latest=latest)
    if found is not None:
        votes.append(_Vote("htmldate", found.isoformat(), found))
    return _elect(votes)


def _elect(votes: Sequence[_Vote]) -> Published | None:
    """The day with the most weight behind it; htmldate's day wins a tie."""
    if not votes:
        return None
    totals: dict[date, float] = {}
    for vote in votes:
        totals[vote.day] = totals.get(vote.day, 0.0) + _WEIGHTS[vote.voter]
    best = max(totals.values())
    winners = [d for d, w in totals.items() if w == best]
    by_htmldate = [v.day for v in votes if v.voter == "htmldate" and v.day in winners]
    day = by_htmldate[0] if by_htmldate else min(winners)
    order = list(_SOURCES)
    top = min((v for v in votes if v.day == day), key=lambda v: order.index(v.voter))
    evidence = None if top.voter == "htmldate" else top.value
    return Published(day.isoformat(), "day", _SOURCES[top.voter], evidence)


def _parse_html(html: str) -> HtmlElement | None:
    try:
        page = lxml_html.fromstring(html.encode("utf-8", "replace"))
    except (ParserError, XMLSyntaxError, ValueError):
        return None
    return page if isinstance(page, HtmlElement) else None

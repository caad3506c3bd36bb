"""The publication date, with its precision and evidence, and the dateline of a story.

Evidence is weighed in a fixed order of trust (docs/dates.md):

1. in HTML, what the page states for machines: JSON-LD ``datePublished``, publication meta
   tags (``article:published_time``, ...), ``<time pubdate>`` / ``itemprop=datePublished``;
2. a full date in the dateline ("BEIRUT, Lebanon, Dec. 3, 2014 (AP) —");
3. a publication byline or labelled stamp ("Published 12:03 PM ET, Fri December 12, 2014");
4. a day in the URL (``/2014/12/12/``);
5. in HTML, htmldate's extensive search (original date), which reads the whole page;
6. a dateline month and day with the year inferred from the text (``inferred-year``);
7. last, and always with a warning: an "updated" stamp, then an unlabelled page stamp that
   may be the crawl time.

Every candidate must be plausible: a real calendar day, not before 1995 for web evidence,
and not after today (or after the crawl stamp).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError
from lxml.html import HtmlElement

from ..records import Published
from . import datewords as dw
from .datewords import resolve_relative

__all__ = ["Dateline", "Published", "find_dateline", "publication_date", "resolve_relative"]

WEB_EPOCH = date(1995, 1, 1)  # no web page was published before this
_MIN_YEAR = 1900  # wire copy in text may be older than the web, but not absurdly


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # "WASHINGTON, December 12 (Sputnik) –"
    place: str | None  # "WASHINGTON"
    date: str | None  # ISO day, only when the dateline itself gives the year
    month_day: str | None  # "12-12" when the dateline has a month and a day
    agency: str | None  # "Sputnik", "Reuters", "AP", ...
    start: int
    end: int


# --- the dateline --------------------------------------------------------------------------

_M = r"(?i:" + "|".join(sorted(dw.MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day\b"
_DL_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_M})(?:,?\s+\d{{4}})?"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z’'.-]+(?:[ -][A-Z][a-z’'.-]+){0,2}"
_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})"
    rf"(?:,\s*(?!{_M}\s|\d|{_WEEKDAY})(?P<region>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){{0,2}}))?"
    rf"(?:,?\s+(?P<date>{_DL_DATE}))?"
    rf"\s*(?:\((?P<agency>[A-Z][\w.&'’ -]{{0,30}})\))?"
    r"\s*(?P<sep>[–—]|-{1,2}|:)(?=\s)"  # case matters elsewhere: places are capitalised
)
# All-caps labels that open a paragraph but are not places.
_NOT_PLACES = frozenset(
    {
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "PHOTOS",
        "OPINION",
        "ANALYSIS",
        "EDITOR'S NOTE",
        "NOTE",
        "LIVE",
        "READ MORE",
        "ALSO",
        "RELATED",
        "FILE",
        "FILE PHOTO",
        "CORRECTION",
        "CLARIFICATION",
        "Q",
        "A",
    }
)
_DATELINE_PARAGRAPHS = 6  # a dateline opens one of the first few paragraphs


def find_dateline(body: str) -> Dateline | None:
    """The dateline opening one of the body's first paragraphs, or None."""
    for start in _paragraph_starts(body)[:_DATELINE_PARAGRAPHS]:
        found = _dateline_at(body, start)
        if found is not None:
            return found
    return None


def _paragraph_starts(body: str) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*", body)]
    return [s for s in dict.fromkeys(starts) if s < len(body)]


def _dateline_at(body: str, start: int) -> Dateline | None:
    m = _DATELINE.match(body, start)
    if m is None:
        return None
    place = m["place"].strip()
    caps = place.upper() == place
    has_date, agency = m["date"] is not None, m["agency"]
    if place.upper() in _NOT_PLACES or (m["sep"] == ":" and not has_date):
        return None
    if not (has_date or agency or caps) or (not caps and not has_date and not agency):
        return None
    iso, month_day = _dateline_date(m["date"])
    return Dateline(
        text=m.group(0).strip(),
        place=place if m["region"] is None else f"{place}, {m['region']}",
        date=iso,
        month_day=month_day,
        agency=agency.strip() if agency else None,
        start=m.start(),
        end=m.end(),
    )


def _dateline_date(text: str | None) -> tuple[str | None, str | None]:
    found = dw.find_dates(text or "")
    if not found or found[0].day is None or found[0].month is None:
        return None, None
    first = found[0]
    month_day = f"{first.month:02d}-{first.day:02d}"
    return (first.iso() if first.year and first.year >= _MIN_YEAR else None), month_day


# --- evidence in HTML ----------------------------------------------------------------------

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
    metas = _meta_dates(page)
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
    for script in page.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags may still say it
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


def _meta_dates(page: HtmlElement) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for meta in page.xpath("//meta[@content]"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        metas.setdefault(key.strip().lower(), []).append(meta.get("content", "").strip())
    return metas


def _time_values(page: HtmlElement, xpath: str) -> Iterator[str]:
    for element in page.xpath(xpath):
        for value in (element.get("datetime"), element.get("content"), element.text_content()):
            if value and value.strip():
                yield value.strip()


def _visible_texts(page: HtmlElement) -> list[str]:
    # Text nodes know their parent; filtering here is much faster than an ancestor:: test.
    texts = []
    for node in page.xpath("//body//text()"):
        parent = node.getparent()
        if parent is not None and not node.is_tail and parent.tag in ("script", "style"):
            continue
        text = " ".join(str(node).split())
        if text:
            texts.append(text)
    return texts


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


def _today() -> date:
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


def _from_html(html: str, url: str | None, *, latest: date) -> Published | None:
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


# --- the whole decision ----------------------------------------------------------------------


def publication_date(
    *,
    body: str,
    html: str | None = None,
    url: str | None = None,
    dateline: Dateline | None = None,
    stamps: Sequence[str] = (),
    bylines: Sequence[str] = (),
) -> tuple[Published | None, list[str]]:
    """Best publication date and the warnings (uncertainties) found on the way.

    ``stamps`` are timestamp lines that were removed from a flattened page (crawl/update
    stamps); ``bylines`` are byline lines removed with them. Never raises on odd input: a
    date that is not a calendar day or not plausible is simply not evidence.
    """
    warnings: list[str] = []
    read = [s for s in (_read_stamp(t) for t in stamps) if s is not None]
    crawl = max((s.day for s in read if s.kind == "crawl"), default=None)
    latest = min(_today(), crawl) if crawl else _today()
    found = dateline if dateline is not None else find_dateline(body)
    if html:
        published = _from_html(html, url, latest=latest)
        if published is not None:
            return published, warnings + _disagreement(published, found)
    for step in (_from_dateline, _from_bylines, _from_url):
        published = step(body=body, url=url, dateline=found, bylines=bylines, latest=latest)
        if published is not None:
            return published, warnings + _disagreement(published, found)
    if found is not None and found.month_day is not None:
        return _with_inferred_year(body, found, url=url, stamps=read, crawl=crawl)
    return _from_stamps(read, latest=latest)


def _disagreement(published: Published, found: Dateline | None) -> list[str]:
    if found is None or found.month_day is None or published.precision != "day":
        return []
    if published.date[5:] == found.month_day:
        return []
    return [
        f"the dateline '{found.text}' gives {found.month_day} (month-day) but the "
        f"{published.source} evidence gives {published.date}; kept the {published.source} date"
    ]


def _from_dateline(*, dateline: Dateline | None, latest: date, **_: object) -> Published | None:
    if dateline is None or dateline.date is None:
        return None
    if date.fromisoformat(dateline.date) > latest:
        return None  # a dateline after the crawl or today is a misreading, not evidence
    return Published(dateline.date, "day", "dateline", dateline.text, dateline.start, dateline.end)


# "Published 12:03 PM ET, Fri December 12, 2014", "By Jane Doe | December 12, 2014",
# "Updated 10:05 GMT, December 13, 2014", "Posted on 12.12.2014".
_BYLINE_LINE = re.compile(r"^\s*(?:by\b|published\b|posted\b|first published\b|updated\b)", re.I)
_UPDATED = re.compile(r"\b(?:updated|last updated|modified|edited|revised|corrected)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|created|filed)\b", re.I)
_BYLINE_ZONE = 400  # bylines stand above the story's first paragraphs


def _from_bylines(
    *, body: str, bylines: Sequence[str], latest: date, **_: object
) -> Published | None:
    lines = [(line, None) for line in bylines] + list(_body_bylines(body))
    for line, start in lines:
        day = _byline_day(line, latest=latest)
        if day is None:
            continue
        end = None if start is None else start + len(line)
        return Published(day.isoformat(), "day", "byline", line.strip(), start, end)
    return None


def _body_bylines(body: str) -> Iterator[tuple[str, int]]:
    for m in re.finditer(r"[^\n]+", body[:_BYLINE_ZONE]):
        if _BYLINE_LINE.match(m.group(0)) and len(m.group(0)) <= 160:
            yield m.group(0), m.start()


def _byline_day(line: str, *, latest: date) -> date | None:
    """The publication day a byline states; None for "updated" lines, kept for last."""
    published = _PUBLISHED.search(line)
    updated = _UPDATED.search(line)
    if updated and not (published and published.start() < updated.start()):
        return None
    # With both labels, read only the part after "Published" and before "Updated".
    part = line[published.start() : updated.start()] if published and updated else line
    return _day_in(part, latest=latest, earliest=date(_MIN_YEAR, 1, 1))


def _day_in(text: str, *, latest: date, earliest: date = WEB_EPOCH) -> date | None:
    found = dw.first_full_date(text)
    if found is None or found.year is None or found.month is None or found.day is None:
        return None
    day = date(found.year, found.month, found.day)
    return day if plausible(day, latest=latest, earliest=earliest) else None


def _from_url(*, url: str | None, latest: date, **_: object) -> Published | None:
    day = url_day(url, latest=latest) if url else None
    if day is None:
        return None
    return Published(day.isoformat(), "day", "url", url)


# --- stamps and the dateline's missing year ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stamp:
    kind: str  # "published" | "updated" | "crawl" (unlabelled: the page's clock when saved)
    day: date
    text: str


def _read_stamp(line: str) -> _Stamp | None:
    day = _day_in(line, latest=_today())
    if day is None:
        return None
    if _UPDATED.search(line):
        return _Stamp("updated", day, line.strip())
    if _PUBLISHED.search(line):
        return _Stamp("published", day, line.strip())
    return _Stamp("crawl", day, line.strip())


def _from_stamps(stamps: Sequence[_Stamp], *, latest: date) -> tuple[Published | None, list[str]]:
    """Last resort: a labelled stamp, and never an updated or crawl stamp without saying so."""
    by_kind = {kind: [s for s in stamps if s.kind == kind] for kind in ("published", "updated")}
    if by_kind["published"]:
        first = by_kind["published"][0]
        return Published(first.day.isoformat(), "day", "stamp", first.text), []
    if by_kind["updated"]:
        first = by_kind["updated"][0]
        warning = (
            f"no publication date found; used the update stamp '{first.text}': the story "
            "was published on or before that day"
        )
        return Published(first.day.isoformat(), "day", "updated-stamp", first.text), [warning]
    crawl = [s for s in stamps if s.kind == "crawl"]
    if crawl:
        warning = (
            f"no publication date found; used the page stamp '{crawl[0].text}', which may be "
            "the time the page was saved rather than published"
        )
        return Published(crawl[0].day.isoformat(), "day", "crawl-stamp", crawl[0].text), [warning]
    return None, ["no publication date found"]


def _with_inferred_year(
    body: str,
    found: Dateline,
    *,
    url: str | None,
    stamps: Sequence[_Stamp],
    crawl: date | None,
) -> tuple[Published | None, list[str]]:
    assert found.month_day is not None
    month, day = (int(x) for x in found.month_day.split("-"))
    stated = _stated_year(month, day, url=url, stamps=stamps)
    year: int | None
    if stated is not None:
        year, why = stated
    else:
        year, why = dw.infer_year(month, day, dw.tense_bounds(body), crawl=crawl, today=_today())
    if year is None:
        return None, [f"the dateline '{found.text}' has no year and {why}"]
    iso = f"{year:04d}-{found.month_day}"
    published = Published(iso, "day", "inferred-year", found.text, found.start, found.end)
    return published, [f"year {year} of the dateline '{found.text}' inferred: {why}"]


def _stated_year(
    month: int, day: int, *, url: str | None, stamps: Sequence[_Stamp]
) -> tuple[int, str] | None:
    """A year stated elsewhere for the same month and day (a stamp), or by the URL."""
    for stamp in stamps:
        if (stamp.day.month, stamp.day.day) == (month, day):
            return stamp.day.year, f"the {stamp.kind} stamp '{stamp.text}' has the same day"
    m = re.search(r"/((?:19|20)\d{2})/(?:0?(\d{1,2})/)?", url or "")
    if m and (m.group(2) is None or int(m.group(2)) == month) and dw.valid(int(m[1]), month, day):
        return int(m.group(1)), f"the URL '{url}' has the year"
    return None

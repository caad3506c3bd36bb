"""The publication date, with its precision and evidence, and the dateline of a story.

Evidence, strongest first (docs/dates.md):

1. in HTML, a vote of htmldate and the page's own date fields (``htmldates.py``);
2. a full date in the dateline ("BEIRUT, Lebanon, Dec. 3, 2014 (AP) —");
3. a publication byline or labelled stamp ("Published 12:03 PM ET, Fri December 12, 2014");
4. a day in the URL (``/2014/12/12/``);
5. a dateline month and day with the year inferred from the text (``inferred-year``);
6. last, and always with a warning: an "updated" stamp, then an unlabelled page stamp that
   may be the crawl time.

Every candidate must be plausible: a real calendar day, not before 1995 for web evidence,
and not after today (or after the crawl stamp).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..records import Published
from . import datewords as dw
from .datewords import resolve_relative
from .htmldates import WEB_EPOCH, plausible, url_day
from .htmldates import from_html as _from_html
from .htmldates import today as _today

__all__ = ["Dateline", "Published", "find_dateline", "publication_date", "resolve_relative"]

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

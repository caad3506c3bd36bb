"""Dates written in words and numbers: parsing one string, finding dates in running text,
bounding a publication year from tense cues, and resolving relative phrases.

Kept apart from ``dates.py`` (which weighs the evidence of a whole page) so each piece is
small and testable on invented sentences. Nothing here knows about HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Month names of the languages web pages in the evaluation sets use most, for reading
# meta values and labelled page dates ("Erschienen am 3. Dezember 2011"). Running English
# text is read with English names only: "Mars" or "Mai" in a sentence is rarely a month.
FOREIGN_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "janvier", "gennaio", "enero", "jänner"),
            ("februar", "février", "fevrier", "febbraio", "febrero"),
            ("märz", "maerz", "mär", "mars", "marzo"),
            ("avril", "aprile", "abril"),
            ("mai", "maggio", "mayo"),
            ("juni", "juin", "giugno", "junio"),
            ("juli", "juillet", "luglio", "julio"),
            ("août", "aout", "agosto"),
            ("septembre", "settembre", "septiembre"),
            ("oktober", "okt", "octobre", "ottobre", "octubre"),
            ("novembre", "noviembre"),
            ("dezember", "dez", "décembre", "decembre", "dicembre", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# The day may be glued to a preceding number, as in "GMT +324 February 2019" where a "+3"
# zone ran into "24": ``_day`` keeps the longest suffix that is a valid day.
_DAY = r"(?P<day>\d{1,3})(?:st|nd|rd|th|er)?"


def _written_patterns(months: dict[str, int]) -> list[re.Pattern[str]]:
    """Written forms, most specific first: "December 12, 2014", "Dec. 12 2014",
    "12 December 2014", "3. Dezember 2011", "December 2014", "March, 2015", "December 12"."""
    month = r"(?P<month>" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    return [
        re.compile(rf"\b{month}\s+{_DAY}(?!\d),?\s+{_YEAR}\b", re.I),
        re.compile(rf"{_DAY}\.?\s+(?:of\s+|de\s+)?{month},?\s+(?:de\s+)?{_YEAR}\b", re.I),
        re.compile(rf"\b{month},?\s+{_YEAR}\b", re.I),
        re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])\b", re.I),
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\b", re.I),
    ]


_ALL_MONTHS = MONTHS | FOREIGN_MONTHS
_YEARISH = re.compile(r"(?:19|20)\d{2}")
_ENGLISH = _written_patterns(MONTHS)
_ANY_LANGUAGE = _written_patterns(_ALL_MONTHS)
# Numeric forms: ISO "2014-12-12", "2014/12/12", European "12.12.2014", US "12/31/2014".
_ISO = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
)
_DMY_DOTS = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>(?:19|20)\d{2})"
)
_SLASHED = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Found:
    """One date read from a string: as precise as it was written."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    text: str

    @property
    def precision(self) -> str:
        if self.day is not None and self.month is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str | None:
        """ISO date at this precision; None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _day(digits: str) -> int | None:
    for width in (2, 1):
        tail = digits[-width:]
        if len(digits) >= width and 1 <= int(tail) <= 31:
            return int(tail)
    return None


def valid(year: int, month: int, day: int) -> bool:
    """Whether the three numbers make a real calendar day (no Feb 30, no year 0)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric(text: str) -> Iterator[Found]:
    for pattern in (_ISO, _DMY_DOTS):
        for m in pattern.finditer(text):
            y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
            if valid(y, mo, d):
                yield Found(y, mo, d, m.start(), m.end(), m.group(0))
    for m in _SLASHED.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
        # US month-first unless the first number cannot be a month.
        mo, d = (b, a) if a > 12 else (a, b)
        if valid(y, mo, d):
            yield Found(y, mo, d, m.start(), m.end(), m.group(0))


def _written(text: str, patterns: list[re.Pattern[str]]) -> Iterator[Found]:
    taken: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found = _from_match(m)
            if found is not None:
                taken.append((m.start(), m.end()))
                yield found


def _from_match(m: re.Match[str]) -> Found | None:
    groups = m.groupdict()
    month = _ALL_MONTHS[m["month"].lower().rstrip(".")]
    year = int(groups["year"]) if groups.get("year") else None
    day = _day(groups["day"]) if groups.get("day") else None
    start = m.start()
    if groups.get("day") and day is not None and len(groups["day"]) > 2 and m.start("day") == start:
        start = m.start("day") + len(groups["day"]) - len(str(day))  # drop glued digits
    if day is None and groups.get("day"):
        return None
    if day is not None and not valid(year or 2000, month, day):
        return None  # "February 30": not a day in any year (2000 is a leap year)
    return Found(year, month, day, start, m.end(), m.string[start : m.end()])


def find_dates(text: str, *, any_language: bool = False) -> list[Found]:
    """Every date written in ``text``, numeric or in words, in reading order.

    Words are English month names unless ``any_language`` (for page metadata and labels).
    """
    found = list(_numeric(text))
    spans = [(f.start, f.end) for f in found]
    patterns = _ANY_LANGUAGE if any_language else _ENGLISH
    found += [
        f for f in _written(text, patterns) if not any(s < f.end and f.start < e for s, e in spans)
    ]
    return sorted(found, key=lambda f: f.start)


def first_full_date(text: str, *, any_language: bool = False) -> Found | None:
    """The first date in ``text`` that has a year, month and day."""
    if not _YEARISH.search(text):
        return None  # every full form has a four-digit year; most strings on a page do not
    found = find_dates(text, any_language=any_language)
    return next((f for f in found if f.precision == "day" and f.year), None)


# --- tense cues: does a clause speak of a date as past or future? ------------------------

_FUTURE = re.compile(
    r"\b(?:will|would|shall|expected|expects|plans?|planned|scheduled|due|set to|aims? to|"
    r"by|before|until|till|next|upcoming|intends?|going to|to begin|to start|later)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|has been|have been|since|last|earlier|ago|began|started|ended|"
    r"took place|happened|in the past|previously|former|after|announced|launched|held)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s+(?:and|but|while|which|who)\b")


@dataclass(frozen=True, slots=True)
class Bound:
    """What one dated phrase says about the publication day."""

    found: Found
    tense: str  # "future": published before the date; "past": published after it
    cue: str

    @property
    def first_day(self) -> date:
        assert self.found.year is not None
        return date(self.found.year, self.found.month or 1, self.found.day or 1)

    @property
    def last_day(self) -> date:
        assert self.found.year is not None
        y, m = self.found.year, self.found.month
        if m is None:
            return date(y, 12, 31)
        if self.found.day is not None:
            return date(y, m, self.found.day)
        return (date(y + m // 12, m % 12 + 1, 1)) - timedelta(days=1)

    def allows(self, day: date) -> bool:
        # A future mention ("will not begin before March 2015") means the article was
        # written before that period ended; a past one, after that period began.
        return day <= self.last_day if self.tense == "future" else day >= self.first_day

    def explain(self) -> str:
        side = "before" if self.tense == "future" else "after"
        return f"'{self.found.text}' spoken of as {self.tense} ('{self.cue}'): published {side} it"


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: from the previous break to the next one."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right]


def tense_bounds(text: str) -> list[Bound]:
    """Dated phrases with a year, each with the tense its clause speaks of it in.

    The words nearest before the date decide ("since 2013", "before March, 2015"); failing
    those, the clause's verbs. Dates whose clause carries no cue give no bound.
    """
    bounds: list[Bound] = []
    for found in find_dates(text):
        if found.year is None:
            continue
        cue = _cue(text, found)
        if cue is not None:
            bounds.append(Bound(found, cue[0], cue[1]))
    return bounds


_NEAR_FUTURE = re.compile(r"\b(?:by|before|until|till|next|from)\s+(?:\w+\s+){0,1}$", re.I)
_NEAR_PAST = re.compile(r"\b(?:since|last|after|ago|earlier)\s+(?:\w+\s+){0,1}$", re.I)


def _cue(text: str, found: Found) -> tuple[str, str] | None:
    before = text[max(0, found.start - 24) : found.start]
    for tense, pattern in (("future", _NEAR_FUTURE), ("past", _NEAR_PAST)):
        near = pattern.search(before)
        if near:
            return tense, near.group(0).strip()
    clause = _clause(text, found.start, found.end)
    future, past = _FUTURE.search(clause), _PAST.search(clause)
    if future and not past:
        return "future", future.group(0)
    if past and not future:
        return "past", past.group(0)
    return None  # both or neither: the clause does not say


# --- relative phrases --------------------------------------------------------------------

_RELATIVE = re.compile(
    r"^(?:(?P<yesterday>yesterday)|(?P<today>today|tonight|this morning|this afternoon)|"
    r"(?P<tomorrow>tomorrow)|(?P<lastweek>last week)|(?P<earlier>earlier this week)|"
    r"(?P<lastmonth>last month)|(?P<lastyear>last year)|"
    r"(?P<ago>(?P<n>\d+|a|an|one|two|three|four|five|six|seven) (?P<unit>day|week)s? ago)|"
    r"(?:(?:on|last|this past) )?(?P<weekday>" + "|".join(_WEEKDAYS) + r"))$",
    re.I,
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_SMALL["seven"] = 7


def resolve_relative(phrase: str, anchor: date) -> date | None:
    """The day a relative phrase points to, seen from an article dated ``anchor``.

    News uses a bare weekday for the most recent such day before the article's day
    ("said Thursday" in a Friday story), so weekdays resolve backwards. Periods ("last
    week", "earlier this week") resolve to their first day: the earliest the event could
    be. Unknown phrases give None.
    """
    m = _RELATIVE.match(" ".join(phrase.lower().split()))
    if m is None:
        return None
    if m["weekday"]:
        back = (anchor.weekday() - _WEEKDAYS.index(m["weekday"])) % 7 or 7
        return anchor - timedelta(days=back)
    if m["ago"]:
        n = int(m["n"]) if m["n"].isdigit() else _SMALL[m["n"]]
        return anchor - timedelta(days=n * (7 if m["unit"] == "week" else 1))
    return _period(m, anchor)


def _period(m: re.Match[str], anchor: date) -> date | None:
    monday = anchor - timedelta(days=anchor.weekday())
    if m["yesterday"]:
        return anchor - timedelta(days=1)
    if m["today"]:
        return anchor
    if m["tomorrow"]:
        return anchor + timedelta(days=1)
    if m["lastweek"]:
        return monday - timedelta(days=7)
    if m["earlier"]:
        return monday
    if m["lastmonth"]:
        return (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
    if m["lastyear"]:
        return date(anchor.year - 1, 1, 1)
    return None


# --- the missing year of a dateline ------------------------------------------------------

_LOOKBACK_YEARS = 30  # how far back a year is searched for when nothing else bounds it


def infer_year(
    month: int, day: int, bounds: list[Bound], *, crawl: date | None, today: date
) -> tuple[int | None, str]:
    """The year of a month/day dateline, and why: from tense bounds, else from the crawl.

    Each bound is a dated phrase spoken of as future (the story came before it) or past
    (after it). With an upper bound the latest consistent year is taken: stories speak of
    the near future. With only lower bounds, the earliest: stories speak of the recent past.
    Nothing is ever placed after the crawl stamp or today.
    """
    latest = min(crawl, today) if crawl else today
    years = [
        y for y in range(latest.year, latest.year - _LOOKBACK_YEARS, -1) if valid(y, month, day)
    ]
    fits = [y for y in years if date(y, month, day) <= latest]
    if bounds:
        consistent = [y for y in fits if all(b.allows(date(y, month, day)) for b in bounds)]
        reasons = "; ".join(b.explain() for b in bounds)
        if consistent:
            upper = any(b.tense == "future" for b in bounds)
            year = max(consistent) if upper else min(consistent)
            rule = "the latest year" if upper else "the earliest year"
            return year, f"{rule} consistent with the text: {reasons}{_not_after(crawl)}"
        if crawl is None:
            return None, f"the dated phrases in the text contradict each other: {reasons}"
    return _crawl_year(fits, crawl, bounds)


def _crawl_year(fits: list[int], crawl: date | None, bounds: list[Bound]) -> tuple[int | None, str]:
    if crawl is None or not fits:
        return None, "nothing in the text or the page bounds its year"
    what = "conflicting dated phrases" if bounds else "no dated phrase in the text"
    return max(fits), (
        f"{what}; assumed the latest such day not after the crawl stamp {crawl.isoformat()} "
        "(the page was saved then; the story may be older)"
    )


def _not_after(crawl: date | None) -> str:
    return f"; not after the crawl stamp {crawl.isoformat()}" if crawl else ""

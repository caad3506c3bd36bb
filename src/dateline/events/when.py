"""When an event happened: the time words attached to its trigger (or to the verbs that
carry it), resolved against the article's publication date.

A bare weekday points back to the most recent such day ("Thursday" in a Friday, December
12, 2014 story is 2014-12-11; in a Thursday story, that day), forward for a planned event;
a month without a year is the latest one not after the article (the next one for a
planned event). The preposition gives the kind: "since September" is a start, "before
March 2015" an upper bound ("not before" under a negation: the event is planned).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from ..clean import datewords

KIND_BY_PREP = {
    "on": "on",
    "in": "on",
    "at": "on",
    "during": "on",
    "over": "on",
    "since": "start",
    "from": "start",
    "until": "before",
    "till": "before",
    "before": "before",
    "by": "before",
    "prior": "before",
    "after": "after",
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_WORDS = frozenset(
    {"yesterday", "today", "tonight", "tomorrow", "week", "month", "year", "ago", "morning"}
)
_MONTH_ONLY = re.compile(r"\b(" + "|".join(datewords.MONTHS) + r")\b\.?", re.I)
_YEAR_ONLY = re.compile(r"\b(19\d\d|20\d\d)\b")
_THIS_NEXT = re.compile(r"\b(this|next|last) (week|month|year)\b", re.I)
_MAX_PHRASE = 8  # tokens of a time phrase read at most


@dataclass(frozen=True, slots=True)
class When:
    date: str  # ISO at the precision the words give: 2014-12-11, 2014-09, 2015
    kind: str  # on | start | before | not_before | after
    start: int  # sentence-relative character span of the time words
    end: int


def find(
    anchors: list[Token], published: str | None, *, planned: bool, bounded: bool
) -> When | None:
    """The first resolvable time phrase hanging on one of ``anchors`` (in order)."""
    anchor_day = _day(published)
    for anchor in anchors:
        for child in anchor.children:
            phrase, kind = _phrase(child)
            if phrase is None:
                continue
            words = anchor.doc[phrase[0].i : phrase[-1].i + 1].text  # "March, 2015" as written
            iso = resolve(words, anchor_day, planned=planned)
            if iso is None:
                continue
            if bounded and kind == "before":
                kind = "not_before"
            first, last = phrase[0], phrase[-1]
            return When(iso, kind, first.idx, last.idx + len(last.text))
    return None


def _phrase(child: Token) -> tuple[list[Token] | None, str]:
    if child.dep_ in ("npadvmod", "tmod", "advmod", "nmod") and _timeish(child):
        return _words(child), "on"
    if child.dep_ == "prep" and child.lower_ in KIND_BY_PREP:
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.lower_ == "prior":  # "prior to March"
            objects = [g for p in child.children if p.dep_ == "prep" for g in p.children]
        if objects and _timeish(objects[0]):
            return _words(objects[0]), KIND_BY_PREP[child.lower_]
    return None, ""


def _timeish(token: Token) -> bool:
    word = token.lower_
    return (
        token.ent_type_ in ("DATE", "TIME")
        or word in _WEEKDAYS
        or word in _RELATIVE_WORDS
        or word.rstrip(".") in datewords.MONTHS
        or bool(_YEAR_ONLY.fullmatch(word))
    )


def _words(head: Token) -> list[Token]:
    words = sorted(head.subtree, key=lambda t: t.i)
    return words[:_MAX_PHRASE]


def _day(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve(phrase: str, anchor: date | None, *, planned: bool) -> str | None:
    """ISO date (at the phrase's precision) of a time phrase seen from the article's day."""
    lower = " ".join(phrase.lower().split())
    found = datewords.find_dates(phrase)
    if found and found[0].year is not None:
        return found[0].iso()
    if found and anchor is not None and found[0].month is not None:
        year = _year_for(found[0].month, anchor, planned=planned)
        return datewords.Found(year, found[0].month, found[0].day, 0, 0, "").iso()
    if anchor is None:
        bare = _YEAR_ONLY.search(lower)
        return bare.group(1) if bare else None
    return _relative(lower, anchor, planned=planned)


def _relative(lower: str, anchor: date, *, planned: bool) -> str | None:
    words = lower.replace(",", " ").split()
    for n, name in enumerate(_WEEKDAYS):
        if name in words:
            if planned:
                return (anchor + timedelta(days=(n - anchor.weekday()) % 7 or 7)).isoformat()
            return (anchor - timedelta(days=(anchor.weekday() - n) % 7)).isoformat()
    this_next = _THIS_NEXT.search(lower)
    if this_next and this_next.group(1) != "last":
        return _period(this_next.group(1), this_next.group(2), anchor)
    tail = lower.removeprefix("on ").removeprefix("since ").strip()
    day = datewords.resolve_relative(tail, anchor)
    if day is not None:
        return day.isoformat()
    month = _MONTH_ONLY.search(lower)
    if month:
        number = datewords.MONTHS[month.group(1).lower()]
        return f"{_year_for(number, anchor, planned=planned):04d}-{number:02d}"
    year = _YEAR_ONLY.search(lower)
    return year.group(1) if year else None


def _period(which: str, unit: str, anchor: date) -> str:
    step = 1 if which == "next" else 0
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        month = anchor.month + step
        year = anchor.year + (month - 1) // 12
        return f"{year:04d}-{(month - 1) % 12 + 1:02d}"
    return (anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * step)).isoformat()


def _year_for(month: int, anchor: date, *, planned: bool) -> int:
    if planned:
        return anchor.year + 1 if month < anchor.month else anchor.year
    return anchor.year - 1 if month > anchor.month else anchor.year

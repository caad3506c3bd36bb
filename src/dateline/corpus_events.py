"""One event, many reports: events from different articles merged into corpus events.

GDELT's best-known flaw is coding one kidnapping, reported by two hundred outlets, as two
hundred events. Here two event mentions are the same real-world event when they have the
same PLOVER type, dates no more than ``DAY_WINDOW`` days apart, places that agree, and
actors and targets that agree (docs/corpus-events.md gives the rules and their reasons).
Syndicated copies of one story (near-duplicate clusters, ``dedup.py``) are one source:
``sources`` counts independent reports, not copies.

Mentions are blocked by type and day before they are compared, so a corpus of millions of
events is compared in small groups; the same function runs per block on Ray (issue 7).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .geo.resolve import distance_km

# Only what happened is merged (and exported to GDELT): two plans to do one thing are
# not one deed, and a GDELT reader counts every row as something that happened.
MERGED_MODALITIES: tuple[str, ...] = ("asserted", "reported")
DAY_WINDOW = 2  # reports of one event date it up to a day or two apart (time zones, "Monday")
NEAR_KM = 50.0  # two places this close are one scene (a town and its district)


@dataclass(frozen=True, slots=True)
class Party:
    """An actor or target as it can be compared across articles."""

    key: str | None  # knowledge-base id ("a-isis") or normalised name; None when unnamed
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One article's event, with what merging compares."""

    article_id: str
    n: int  # the event's position in its article
    type: str
    day: str | None  # ISO date of the event, or the article's date when the event has none
    actor: Party | None
    target: Party | None
    place: int | None  # GeoNames id of where it happened
    lat: float | None
    lon: float | None
    place_country: str | None  # ISO2 of that place, for country-level places
    place_is_country: bool
    source: str  # the canonical article of the mention's duplicate cluster (itself if none)


@dataclass(frozen=True, slots=True)
class CorpusEvent:
    id: str  # stable: from the earliest mention
    type: str
    members: tuple[EventMention, ...]
    sources: int  # independent reports: duplicate clusters count once


def merge(mentions: Iterable[EventMention]) -> list[CorpusEvent]:
    """Group mentions of one real-world event; every mention lands in exactly one group."""
    items = sorted(mentions, key=lambda m: (m.day or "", m.article_id, m.n))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for block in _blocks(items):
        for a, b in _pairs(items, block):
            ra, rb = find(a), find(b)
            if ra != rb and same_event(items[a], items[b]):
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[EventMention]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[find(i)].append(item)
    return [_corpus_event(members) for _, members in sorted(groups.items())]


def same_event(a: EventMention, b: EventMention) -> bool:
    """Could ``a`` and ``b`` report the same event? Unknowns never make a match alone."""
    if a.type != b.type or a.article_id == b.article_id:
        return False  # one article's two events of a type are two events
    if a.day is None or b.day is None or _days_apart(a.day, b.day) > DAY_WINDOW:
        return False
    place = _places_agree(a, b)
    if place is False:
        return False
    actor, target = _parties_agree(a.actor, b.actor), _parties_agree(a.target, b.target)
    if actor is False or target is False:
        return False
    # Something concrete must match besides type and date: a place, or a named party.
    return place is True or actor is True or target is True


def _parties_agree(a: Party | None, b: Party | None) -> bool | None:
    """True: the same named party; False: clearly different; None: cannot tell."""
    if a is None or b is None:
        return None
    if a.key and b.key:
        return a.key == b.key
    if a.country and b.country and a.country != b.country:
        return False
    if a.sector and b.sector and a.sector != b.sector:
        return False
    return None


def _places_agree(a: EventMention, b: EventMention) -> bool | None:
    if a.place is None or b.place is None:
        return None
    if a.place == b.place:
        return True
    if a.place_is_country or b.place_is_country:
        # "in Iraq" and "in Mosul": compatible when Mosul is in Iraq, but not evidence.
        return None if a.place_country == b.place_country else False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:  # a month or a year only: not precise enough to merge on
        return DAY_WINDOW + 1


def _blocks(items: Sequence[EventMention]) -> Iterable[list[int]]:
    """Indices worth comparing: the same type, days within the window, and a shared place
    country or named party (a match needs one of them), so no block grows with the corpus
    as a whole, only with the reports of one kind of event in one country on one day."""
    by_day: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(items):
        if m.day is not None and _parse_day(m.day) is not None:
            by_day[(m.type, m.day[:10])].append(i)
    for (kind, day), here in by_day.items():
        start = _parse_day(day)
        assert start is not None
        later = [
            j
            for step in range(1, DAY_WINDOW + 1)
            for j in by_day.get((kind, (start + timedelta(days=step)).isoformat()), [])
        ]
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in here + later:
            for key in _keys(items[i]):
                groups[key].append(i)
        first = set(here)
        for members in groups.values():
            if any(i in first for i in members) and len(members) > 1:
                yield members


def _keys(m: EventMention) -> set[tuple[str, str]]:
    keys = {("party", p.key) for p in (m.actor, m.target) if p is not None and p.key}
    if m.place_country:
        keys.add(("country", m.place_country))
    return keys


def _parse_day(day: str) -> date | None:
    try:
        return date.fromisoformat(day[:10]) if len(day) >= 10 else None
    except ValueError:
        return None


def _pairs(items: Sequence[EventMention], block: list[int]) -> Iterable[tuple[int, int]]:
    for x, a in enumerate(block):
        for b in block[x + 1 :]:
            yield a, b


def _corpus_event(members: list[EventMention]) -> CorpusEvent:
    members.sort(key=lambda m: (m.day or "", m.article_id, m.n))
    first = members[0]
    digest = hashlib.sha1(f"{first.article_id}:{first.n}".encode()).hexdigest()[:12]
    return CorpusEvent(
        id=f"ev-{digest}",
        type=first.type,
        members=tuple(members),
        sources=len({m.source for m in members}),
    )

"""Typed records of the output contract (DESIGN.md, ``dateline.article/1``).

Every record is a frozen dataclass; ``Article.to_dict()`` gives the stable JSON shape.
Offsets (``start``/``end``) always index ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "dateline.article/1"


@dataclass(frozen=True, slots=True)
class InputRef:
    """Where an article came from: enough to find and verify the raw bytes again."""

    location: str  # path, URL, "-" for standard input, or a WARC record id
    media_type: str  # "text/plain", "text/html", ...
    sha256: str
    size: int
    encoding: str | None = None
    url: str | None = None
    # Appended by issue 5: when the page was captured (WARC-Date), if the input says so.
    # A WARC record's location is "ARCHIVE#<urn:uuid:...>" (its WARC-Record-ID).
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A piece removed from the page, with what kind of furniture it was."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Published:
    date: str  # ISO, as precise as ``precision`` says: 2014-12-12, 2014-12, 2014
    precision: str  # day | month | year
    source: str  # which evidence: dateline, meta, json-ld, url, byline, inferred-year, ...
    evidence: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    place: str | None
    date: str | None
    agency: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    # Appended by issue 3 (optional, so older callers and records stay valid):
    country: str | None = None  # ISO3, from the knowledge base or a title ("US Gen.")
    sector: str | None = None  # CAMEO/PLOVER agent sector: government, military, media, ...
    kb_id: str | None = None  # actor id in dateline/data/actors when the entity is known


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str | None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    kind: str  # direct | indirect | mixed
    speaker: str | None
    cue: str | None
    start: int
    end: int
    # Appended by issue 4 (optional; docs/quotes.md):
    speaker_mention: Mention | None = None  # the speaker as written: "Gen. Allen", "he"
    cue_mention: Mention | None = None  # the cue words: "said", "According to"
    continues: int | None = None  # ``start`` of the quote piece this one continues


@dataclass(frozen=True, slots=True)
class Count:
    kind: str
    number: int
    qualifier: str  # exact | at_least | about | at_most | range
    object: str | None
    start: int
    end: int
    # Appended by issue 4 (counts): the top of a range ("10 to 15" → number 10, upper 15).
    upper: int | None = None


@dataclass(frozen=True, slots=True)
class EventParty:
    """One actor or target of an event as coded (docs/events.md): the words, the entity
    they name if any, and the country and sector an event coder needs ("Hungarian
    officials" is no entity but is HUN government)."""

    text: str
    start: int
    end: int
    entity: str | None  # entity id, when the words name (or point back to) an entity
    country: str | None  # ISO3, or None for international and unknown actors
    sector: str | None  # dateline sector: government, military, rebel, civilian, IGO, ...
    code: str | None = None  # CAMEO actor code: country (or IGO/NGO) + agent ("HUNGOV")


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    mode: str | None
    cameo: str | None
    actor: str | None
    target: str | None
    location: str | None
    date: str | None
    modality: str
    counts: tuple[Count, ...]
    confidence: float
    evidence: Mention
    # Appended by issue 4 (events; optional, see docs/events.md):
    actors: tuple[EventParty, ...] = ()  # all actors (PLOVER allows compound actors)
    targets: tuple[EventParty, ...] = ()
    context: tuple[str, ...] = ()  # PLOVER contexts: military, economic, ...
    trigger: Mention | None = None  # the word(s) the event was coded from
    date_kind: str | None = None  # on | start | before | not_before | after


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    input: InputRef
    text: str
    title: str | None = None
    summary: str | None = None
    language: str | None = None
    boilerplate: tuple[Boilerplate, ...] = ()
    outlet: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: Published | None = None
    dateline: Dateline | None = None
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    counts: tuple[Count, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object: ``schema`` first, tuples as lists."""
        return {"schema": SCHEMA, **asdict(self)}

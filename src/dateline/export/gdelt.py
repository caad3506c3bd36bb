"""GDELT 2.0 Event rows and GKG 2.1 rows from ``Article`` records, and a tab-separated
writer, so tools that read GDELT files read dateline's.

Pure functions over records (no store, no network). One article gives one GKG row and one
event row per exported event; a corpus store aggregates NumMentions/NumSources/NumArticles
across articles. Which columns are filled, and from what, is in docs/gdelt.md.

>>> rows = event_rows(article, first_id=1)
>>> write_tsv(rows, sys.stdout)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import TextIO

from ..corpus_events import MERGED_MODALITIES
from ..records import Article, Entity, Event, Mention, Place
from . import codes
from .fields import DateParts, decimal, lead_end, one_line, parse_date
from .geo import Geo, place_geo
from .gkg import GKG_COLUMNS, gkg_row

__all__ = [
    "DEFAULT_MODALITIES",
    "EVENT_COLUMNS",
    "GKG_COLUMNS",
    "event_rows",
    "exported",
    "gkg_row",
    "write_tsv",
]

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
    "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)

# The 61 columns of a GDELT 2.0 event file (names as in GDELT's BigQuery table).
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR_FIELDS),
    *(f"Actor2{name}" for name in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO_FIELDS),
    *(f"Actor2Geo_{name}" for name in _GEO_FIELDS),
    *(f"ActionGeo_{name}" for name in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GDELT has no modality column: a reader counts every row as something that happened.
# Planned, negated and hypothetical events are therefore left out unless asked for; the
# same events the corpus merge groups, so each exported row has its corpus event.
DEFAULT_MODALITIES: tuple[str, ...] = MERGED_MODALITIES


def event_rows(
    article: Article,
    *,
    first_id: int = 1,
    added: datetime | None = None,
    modalities: Collection[str] = DEFAULT_MODALITIES,
) -> list[list[str]]:
    """One GDELT 2.0 event row (61 strings) per event with a CAMEO code and an exported
    modality, numbered from ``first_id``. ``added`` is DATEADDED (default: now, UTC)."""
    stamp = (added or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    context = _Context(article)
    rows: list[list[str]] = []
    for event in article.events:
        code = exported(event, modalities)
        if code is not None:
            rows.append(context.row(event, code, first_id + len(rows), stamp))
    return rows


def exported(
    event: Event, modalities: Collection[str] = DEFAULT_MODALITIES
) -> codes.CameoCode | None:
    """The CAMEO code ``event`` is exported under, or None when it is not exported: its
    CAMEO code is unknown or its modality is not one of ``modalities``."""
    code = codes.cameo(event.cameo)
    return code if code is not None and event.modality in modalities else None


def write_tsv(rows: Iterable[list[str]], out: TextIO) -> int:
    """Write rows as GDELT does: tab-separated, one per line, no header, no quoting. Tabs
    and line breaks inside a value become spaces (the format has no escapes). Returns the
    number of rows written."""
    count = 0
    for row in rows:
        out.write("\t".join(one_line(value) for value in row))
        out.write("\n")
        count += 1
    return count


class _Context:
    """An article's entities, places and place mentions, indexed once for all its events."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities = {entity.id: entity for entity in article.entities}
        self.places = {place.id: place for place in article.places}
        self.place_mentions = sorted(
            ((mention, place) for place in article.places for mention in place.mentions),
            key=lambda pair: (pair[0].start, pair[0].end),
        )
        self.lead_end = lead_end(article.text)
        self.published = parse_date(article.published.date if article.published else None)
        self.source = article.input.url or article.input.location

    def row(self, event: Event, code: codes.CameoCode, event_id: int, stamp: str) -> list[str]:
        when = parse_date(event.date) or self.published
        actor = self.entities.get(event.actor or "")
        target = self.entities.get(event.target or "")
        goldstein = "" if code.goldstein is None else decimal(code.goldstein, 1)
        return [
            str(event_id), *_date_fields(when),
            *_actor_fields(actor), *_actor_fields(target),
            "1" if event.evidence.start < self.lead_end else "0",
            code.code, code.base, code.root, str(code.quad_class), goldstein,
            "1", "1", "1", "",  # one mention in one article from one source; no tone
            *_geo_fields(self.actor_place(actor, event.evidence)),
            *_geo_fields(self.actor_place(target, event.evidence)),
            *_geo_fields(self.places.get(event.location or "")),
            stamp, self.source,
        ]  # fmt: skip

    def actor_place(self, entity: Entity | None, evidence: Mention) -> Place | None:
        """Where an actor is, as GDELT's ActorGeo: the place the actor's own name names
        ("Iraqi" in "Iraqi Security Forces", "Syria"), else the place mentioned nearest to
        the actor inside the event's evidence."""
        if entity is None:
            return None
        mentions = sorted(entity.mentions, key=lambda m: _distance(m, evidence))
        for mention in mentions:
            for place_mention, place in self.place_mentions:
                if place_mention.start < mention.end and mention.start < place_mention.end:
                    return place
        inside = [m for m in mentions if _distance(m, evidence) == 0]
        if not inside:
            return None
        nearby = [
            (_distance(place_mention, inside[0]), place)
            for place_mention, place in self.place_mentions
            if _distance(place_mention, evidence) == 0
        ]
        return min(nearby, key=lambda pair: pair[0])[1] if nearby else None


def _distance(mention: Mention, span: Mention) -> int:
    """Characters between a mention and a span; 0 when they overlap."""
    return max(span.start - mention.end, mention.start - span.end, 0)


def _date_fields(when: DateParts | None) -> list[str]:
    if when is None:
        return ["", "", "", ""]
    return [when.sqldate, when.month_year, str(when.year), when.fraction_date]


def _actor_fields(entity: Entity | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1/2, Type1/2/3."""
    if entity is None:
        return [""] * len(_ACTOR_FIELDS)
    country = entity.country or ""
    agent = codes.agent_type(entity.sector) or ""
    known = codes.KNOWN_GROUPS.get(entity.kb_id or entity.id, "")
    # CAMEO writes an IGO/NGO's type before its group ("IGOUNO"), other types after it.
    first, second = (agent, known) if known and agent in ("IGO", "NGO") else (known, agent)
    code = country + first + second
    return [code, entity.name.upper(), country, known, "", "", "", agent, "", ""]


def _geo_fields(place: Place | None) -> list[str]:
    geo: Geo | None = place_geo(place) if place is not None else None
    if geo is None:
        return [""] * len(_GEO_FIELDS)
    return [
        str(geo.type), geo.full_name, geo.country_code, geo.adm1_code, geo.adm2_code,
        decimal(geo.lat, 4), decimal(geo.lon, 4), geo.feature_id,
    ]  # fmt: skip

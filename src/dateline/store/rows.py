"""Records to table rows: one ``Article`` becomes a row in ``articles`` and rows in the
list tables, all keyed by ``article_id`` and ordered by ``n``.

``COVERED`` names every record field this module writes; a test compares it with the
fields of ``records.py`` so a field appended there fails loudly until it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..records import (
    Article,
    Boilerplate,
    Count,
    Dateline,
    Entity,
    Event,
    EventParty,
    InputRef,
    Mention,
    Place,
    Published,
    Quote,
)
from .schema import BY_NAME, Table

COVERED: dict[type, frozenset[str]] = {
    Article: frozenset(
        [
            "id",
            "input",
            "text",
            "title",
            "summary",
            "language",
            "boilerplate",
            "outlet",
            "section",
            "tags",
            "authors",
            "published",
            "dateline",
            "entities",
            "places",
            "quotes",
            "events",
            "counts",
            "warnings",
        ]
    ),
    InputRef: frozenset(["location", "media_type", "sha256", "size", "encoding", "url", "date"]),
    Published: frozenset(["date", "precision", "source", "evidence", "start", "end"]),
    Dateline: frozenset(["text", "place", "date", "agency", "start", "end"]),
    Boilerplate: frozenset({"kind", "text"}),
    Entity: frozenset(
        ["id", "name", "type", "aliases", "roles", "mentions", "country", "sector", "kb_id"]
    ),
    Mention: frozenset({"start", "end", "text"}),
    Place: frozenset(
        ["id", "name", "geonameid", "lat", "lon", "country", "admin1", "feature", "mentions"]
    ),
    Quote: frozenset(
        [
            "text",
            "kind",
            "speaker",
            "cue",
            "start",
            "end",
            "speaker_mention",
            "cue_mention",
            "continues",
        ]
    ),
    Count: frozenset(["kind", "number", "qualifier", "object", "start", "end", "upper"]),
    EventParty: frozenset(["text", "start", "end", "entity", "country", "sector", "code"]),
    Event: frozenset(
        [
            "type",
            "mode",
            "cameo",
            "actor",
            "target",
            "location",
            "date",
            "modality",
            "counts",
            "confidence",
            "evidence",
            "actors",
            "targets",
            "context",
            "trigger",
            "date_kind",
        ]
    ),
}


@dataclass(slots=True)
class TableRows:
    """Rows for one table, kept column by column (DuckDB inserts whole columns fast)."""

    table: Table
    columns: dict[str, list[Any]] = field(default_factory=dict)
    size: int = 0

    def __post_init__(self) -> None:
        self.columns = {name: [] for name in self.table.names}

    def add(self, **values: Any) -> None:
        if values.keys() != self.columns.keys():
            wrong = sorted(values.keys() ^ self.columns.keys())
            raise KeyError(f"{self.table.name}: columns {wrong} missing or unknown")
        for name, value in values.items():
            self.columns[name].append(value)
        self.size += 1


def new_rows(names: Iterable[str]) -> dict[str, TableRows]:
    return {name: TableRows(BY_NAME[name]) for name in names}


def duplicate_rows(clusters: dict[str, list[str]]) -> TableRows:
    """``duplicates`` rows of clusters keyed by their canonical copy (which maps to itself)."""
    out = TableRows(BY_NAME["duplicates"])
    for canonical, members in clusters.items():
        for member in members:
            out.add(article_id=member, canonical_id=canonical)
    return out


def event_cluster_rows(found: Iterable[tuple[str, str, int, str, int, int]]) -> TableRows:
    """``event_clusters`` rows of ``store.corpus.cluster_rows``' tuples."""
    out = TableRows(BY_NAME["event_clusters"])
    for event_id, article_id, event_n, kind, sources, mentions in found:
        out.add(
            event_id=event_id,
            article_id=article_id,
            event_n=event_n,
            type=kind,
            sources=sources,
            mentions=mentions,
        )
    return out


ARTICLE_TABLES = (
    "articles",
    "boilerplate",
    "entities",
    "entity_mentions",
    "places",
    "place_mentions",
    "quotes",
    "events",
    "event_parties",
    "counts",
)


def add_article(
    rows: dict[str, TableRows],
    article: Article,
    *,
    seq: int,
    input_id: str,
    run_id: int,
    minhash: bytes | None,
) -> None:
    """Append ``article`` to ``rows`` (a dict holding at least ``ARTICLE_TABLES``)."""
    rows["articles"].add(
        **_article_columns(article),
        seq=seq,
        input_id=input_id,
        run_id=run_id,
        minhash=minhash,
    )
    aid = article.id
    for n, piece in enumerate(article.boilerplate):
        rows["boilerplate"].add(article_id=aid, n=n, kind=piece.kind, text=piece.text)
    for n, entity in enumerate(article.entities):
        _add_entity(rows, aid, n, entity)
    for n, place in enumerate(article.places):
        _add_place(rows, aid, n, place)
    for n, quote in enumerate(article.quotes):
        rows["quotes"].add(
            article_id=aid,
            n=n,
            text=quote.text,
            kind=quote.kind,
            speaker=quote.speaker,
            cue=quote.cue,
            start_char=quote.start,
            end_char=quote.end,
            **_mention("speaker", quote.speaker_mention),
            **_mention("cue", quote.cue_mention),
            continues=quote.continues,
        )
    for n, event in enumerate(article.events):
        _add_event(rows, aid, n, event)
    _add_counts(rows, aid, None, article.counts)


def _article_columns(a: Article) -> dict[str, Any]:
    ref, pub, line = a.input, a.published, a.dateline
    return {
        "id": a.id,
        "input_location": ref.location,
        "input_media_type": ref.media_type,
        "input_sha256": ref.sha256,
        "input_size": ref.size,
        "input_encoding": ref.encoding,
        "input_url": ref.url,
        "input_date": ref.date,
        "title": a.title,
        "summary": a.summary,
        "language": a.language,
        "outlet": a.outlet,
        "section": a.section,
        "tags": list(a.tags),
        "authors": list(a.authors),
        "published_date": pub.date if pub else None,
        "published_precision": pub.precision if pub else None,
        "published_source": pub.source if pub else None,
        "published_evidence": pub.evidence if pub else None,
        "published_start": pub.start if pub else None,
        "published_end": pub.end if pub else None,
        "dateline_text": line.text if line else None,
        "dateline_place": line.place if line else None,
        "dateline_date": line.date if line else None,
        "dateline_agency": line.agency if line else None,
        "dateline_start": line.start if line else None,
        "dateline_end": line.end if line else None,
        "text": a.text,
        "warnings": list(a.warnings),
    }


def _add_entity(rows: dict[str, TableRows], aid: str, n: int, e: Entity) -> None:
    rows["entities"].add(
        article_id=aid,
        entity_id=e.id,
        n=n,
        name=e.name,
        type=e.type,
        aliases=list(e.aliases),
        roles=list(e.roles),
        country=e.country,
        sector=e.sector,
        kb_id=e.kb_id,
    )
    for k, m in enumerate(e.mentions):
        rows["entity_mentions"].add(
            article_id=aid, entity_id=e.id, n=k, start_char=m.start, end_char=m.end, text=m.text
        )


def _add_place(rows: dict[str, TableRows], aid: str, n: int, p: Place) -> None:
    rows["places"].add(
        article_id=aid,
        place_id=p.id,
        n=n,
        name=p.name,
        geonameid=p.geonameid,
        lat=p.lat,
        lon=p.lon,
        country=p.country,
        admin1=p.admin1,
        feature=p.feature,
    )
    for k, m in enumerate(p.mentions):
        rows["place_mentions"].add(
            article_id=aid, place_id=p.id, n=k, start_char=m.start, end_char=m.end, text=m.text
        )


def _add_event(rows: dict[str, TableRows], aid: str, n: int, e: Event) -> None:
    rows["events"].add(
        article_id=aid,
        n=n,
        type=e.type,
        mode=e.mode,
        cameo=e.cameo,
        actor=e.actor,
        target=e.target,
        location=e.location,
        date=e.date,
        modality=e.modality,
        confidence=e.confidence,
        evidence_start=e.evidence.start,
        evidence_end=e.evidence.end,
        evidence_text=e.evidence.text,
        context=list(e.context),
        **_mention("trigger", e.trigger),
        date_kind=e.date_kind,
    )
    for role, parties in (("actor", e.actors), ("target", e.targets)):
        for k, party in enumerate(parties):
            rows["event_parties"].add(
                article_id=aid,
                event_n=n,
                role=role,
                n=k,
                text=party.text,
                start_char=party.start,
                end_char=party.end,
                entity=party.entity,
                country=party.country,
                sector=party.sector,
                code=party.code,
            )
    _add_counts(rows, aid, n, e.counts)


def _mention(prefix: str, m: Mention | None) -> dict[str, Any]:
    return {
        f"{prefix}_start": m.start if m else None,
        f"{prefix}_end": m.end if m else None,
        f"{prefix}_text": m.text if m else None,
    }


def _add_counts(
    rows: dict[str, TableRows], aid: str, event_n: int | None, counts: tuple[Count, ...]
) -> None:
    for n, c in enumerate(counts):
        rows["counts"].add(
            article_id=aid,
            event_n=event_n,
            n=n,
            kind=c.kind,
            number=c.number,
            qualifier=c.qualifier,
            object=c.object,
            start_char=c.start,
            end_char=c.end,
            upper=c.upper,
        )

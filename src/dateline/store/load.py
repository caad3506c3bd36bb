"""Table rows back to records: ``articles`` plus the list tables give the same ``Article``
that was stored (``tests/test_store.py`` round-trips every field)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import duckdb

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
from .rows import ARTICLE_TABLES

Row = dict[str, Any]


def articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[Article]:
    """The stored articles with these ids, in the order given (unknown ids are left out)."""
    if not ids:
        return []
    heads = {row["id"]: row for row in _rows(con, "articles", "id", ids)}
    lists = {
        name: _grouped(_rows(con, name, "article_id", ids))
        for name in ARTICLE_TABLES[1:]  # the list tables: all but ``articles``
    }
    return [_article(heads[i], lists) for i in ids if i in heads]


def _rows(con: duckdb.DuckDBPyConnection, table: str, key: str, ids: Sequence[str]) -> list[Row]:
    order = f"{key}, n" if table != "articles" else "seq"
    if table == "counts":
        order = "article_id, event_n NULLS FIRST, n"
    elif table == "event_parties":
        order = "article_id, event_n, role, n"
    cursor = con.execute(
        f"SELECT * FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[])) ORDER BY {order}",
        [list(ids)],
    )
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _grouped(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["article_id"]].append(row)
    return groups


def _article(head: Row, lists: dict[str, dict[str, list[Row]]]) -> Article:
    aid = head["id"]

    def of(name: str) -> list[Row]:
        return lists[name].get(aid, [])

    counts = of("counts")
    return Article(
        id=aid,
        input=InputRef(
            location=head["input_location"],
            media_type=head["input_media_type"],
            sha256=head["input_sha256"],
            size=head["input_size"],
            encoding=head["input_encoding"],
            url=head["input_url"],
            date=head["input_date"],
        ),
        text=head["text"],
        title=head["title"],
        summary=head["summary"],
        language=head["language"],
        boilerplate=tuple(Boilerplate(r["kind"], r["text"]) for r in of("boilerplate")),
        outlet=head["outlet"],
        section=head["section"],
        tags=tuple(head["tags"] or ()),
        authors=tuple(head["authors"] or ()),
        published=_published(head),
        dateline=_dateline(head),
        entities=_entities(of("entities"), of("entity_mentions")),
        places=_places(of("places"), of("place_mentions")),
        quotes=tuple(_quote(r) for r in of("quotes")),
        events=_events(of("events"), counts, of("event_parties")),
        counts=tuple(_count(r) for r in counts if r["event_n"] is None),
        warnings=tuple(head["warnings"] or ()),
    )


def _published(h: Row) -> Published | None:
    if h["published_date"] is None:
        return None
    return Published(
        h["published_date"],
        h["published_precision"],
        h["published_source"],
        evidence=h["published_evidence"],
        start=h["published_start"],
        end=h["published_end"],
    )


def _dateline(h: Row) -> Dateline | None:
    if h["dateline_text"] is None:
        return None
    return Dateline(
        h["dateline_text"],
        h["dateline_place"],
        h["dateline_date"],
        h["dateline_agency"],
        h["dateline_start"],
        h["dateline_end"],
    )


def _mentions(rows: list[Row], key: str) -> dict[str, tuple[Mention, ...]]:
    found: dict[str, list[Mention]] = defaultdict(list)
    for r in rows:
        found[r[key]].append(Mention(r["start_char"], r["end_char"], r["text"]))
    return {k: tuple(v) for k, v in found.items()}


def _entities(rows: list[Row], mention_rows: list[Row]) -> tuple[Entity, ...]:
    mentions = _mentions(mention_rows, "entity_id")
    return tuple(
        Entity(
            id=r["entity_id"],
            name=r["name"],
            type=r["type"],
            aliases=tuple(r["aliases"] or ()),
            roles=tuple(r["roles"] or ()),
            mentions=mentions.get(r["entity_id"], ()),
            country=r["country"],
            sector=r["sector"],
            kb_id=r["kb_id"],
        )
        for r in rows
    )


def _places(rows: list[Row], mention_rows: list[Row]) -> tuple[Place, ...]:
    mentions = _mentions(mention_rows, "place_id")
    return tuple(
        Place(
            id=r["place_id"],
            name=r["name"],
            geonameid=r["geonameid"],
            lat=r["lat"],
            lon=r["lon"],
            country=r["country"],
            admin1=r["admin1"],
            feature=r["feature"],
            mentions=mentions.get(r["place_id"], ()),
        )
        for r in rows
    )


def _quote(r: Row) -> Quote:
    return Quote(
        r["text"],
        r["kind"],
        r["speaker"],
        r["cue"],
        r["start_char"],
        r["end_char"],
        speaker_mention=_mention(r, "speaker"),
        cue_mention=_mention(r, "cue"),
        continues=r["continues"],
    )


def _mention(r: Row, prefix: str) -> Mention | None:
    if r[f"{prefix}_start"] is None:
        return None
    return Mention(r[f"{prefix}_start"], r[f"{prefix}_end"], r[f"{prefix}_text"])


def _count(r: Row) -> Count:
    return Count(
        r["kind"],
        r["number"],
        r["qualifier"],
        r["object"],
        r["start_char"],
        r["end_char"],
        upper=r["upper"],
    )


def _party(r: Row) -> EventParty:
    return EventParty(
        r["text"],
        r["start_char"],
        r["end_char"],
        r["entity"],
        r["country"],
        r["sector"],
        code=r["code"],
    )


def _events(rows: list[Row], counts: list[Row], party_rows: list[Row]) -> tuple[Event, ...]:
    by_event: dict[int, list[Count]] = defaultdict(list)
    for r in counts:
        if r["event_n"] is not None:
            by_event[r["event_n"]].append(_count(r))
    parties: dict[tuple[int, str], list[EventParty]] = defaultdict(list)
    for r in party_rows:
        parties[r["event_n"], r["role"]].append(_party(r))
    return tuple(
        Event(
            type=r["type"],
            mode=r["mode"],
            cameo=r["cameo"],
            actor=r["actor"],
            target=r["target"],
            location=r["location"],
            date=r["date"],
            modality=r["modality"],
            counts=tuple(by_event.get(r["n"], ())),
            confidence=r["confidence"],
            evidence=Mention(r["evidence_start"], r["evidence_end"], r["evidence_text"]),
            actors=tuple(parties.get((r["n"], "actor"), ())),
            targets=tuple(parties.get((r["n"], "target"), ())),
            context=tuple(r["context"] or ()),
            trigger=_mention(r, "trigger"),
            date_kind=r["date_kind"],
        )
        for r in rows
    )

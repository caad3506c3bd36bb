"""Corpus events in the store: every stored event mention grouped with the other reports of
the same real-world event (``corpus_events.merge``), written to ``event_clusters``.

Only asserted and reported events are merged: a planned or hypothetical event has not
happened, and two plans to do one thing are not one deed. The event's own date is used
when it is a day; otherwise the article's publication date stands for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..corpus_events import MERGED_MODALITIES, EventMention, Party, merge

_MODALITIES_SQL = ", ".join(f"'{m}'" for m in MERGED_MODALITIES)
_FETCH_ROWS = 10_000

_MENTIONS = f"""
SELECT e.article_id, e.n, e.type,
       CASE WHEN length(e.date) = 10 AND coalesce(e.date_kind, 'on') = 'on'
            THEN e.date ELSE a.published_date END AS day,
       pa.entity AS a_entity, ea.kb_id AS a_kb, ea.name AS a_name,
       coalesce(ea.country, pa.country) AS a_country, coalesce(ea.sector, pa.sector) AS a_sector,
       pt.entity AS t_entity, et.kb_id AS t_kb, et.name AS t_name,
       coalesce(et.country, pt.country) AS t_country, coalesce(et.sector, pt.sector) AS t_sector,
       p.geonameid, p.lat, p.lon, p.country AS place_country, p.feature, p.admin1,
       coalesce(d.canonical_id, e.article_id) AS source
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN event_parties pa
       ON pa.article_id = e.article_id AND pa.event_n = e.n AND pa.role = 'actor' AND pa.n = 0
LEFT JOIN entities ea ON ea.article_id = e.article_id AND ea.entity_id = pa.entity
LEFT JOIN event_parties pt
       ON pt.article_id = e.article_id AND pt.event_n = e.n AND pt.role = 'target' AND pt.n = 0
LEFT JOIN entities et ON et.article_id = e.article_id AND et.entity_id = pt.entity
LEFT JOIN places p ON p.article_id = e.article_id AND p.place_id = e.location
LEFT JOIN duplicates d ON d.article_id = e.article_id
WHERE e.modality IN ({_MODALITIES_SQL}) AND e.type IS NOT NULL
"""


def mentions(con: Any) -> list[EventMention]:
    """The store's event mentions, as ``corpus_events`` compares them."""
    return [m for group in mentions_by_type(con) for m in group]


def mentions_by_type(con: Any) -> Iterator[list[EventMention]]:
    """The store's event mentions, one type at a time (events of two types are never one
    event): one query, read in chunks, so memory holds the mentions of one type."""
    cursor = con.execute(_MENTIONS + " ORDER BY e.type")
    names = [c[0] for c in cursor.description]
    group: list[EventMention] = []
    while batch := cursor.fetchmany(_FETCH_ROWS):
        for row in batch:
            mention = _mention(dict(zip(names, row, strict=True)))
            if group and mention.type != group[0].type:
                yield group
                group = []
            group.append(mention)
    if group:
        yield group


def _mention(r: dict[str, Any]) -> EventMention:
    return EventMention(
        article_id=r["article_id"],
        n=r["n"],
        type=r["type"],
        day=r["day"],
        actor=_party(r, "a"),
        target=_party(r, "t"),
        place=r["geonameid"],
        lat=r["lat"],
        lon=r["lon"],
        place_country=r["place_country"],
        place_is_country=r["feature"] == "A" and not r["admin1"],
        source=r["source"],
    )


def _party(r: dict[str, Any], side: str) -> Party | None:
    entity, kb, name = r[f"{side}_entity"], r[f"{side}_kb"], r[f"{side}_name"]
    country, sector = r[f"{side}_country"], r[f"{side}_sector"]
    if entity is None and country is None and sector is None:
        return None
    key = kb or (" ".join(name.casefold().split()) if name else None)
    return Party(key, country, sector)


def cluster_rows(found: list[EventMention]) -> list[tuple[str, str, int, str, int, int]]:
    """(event_id, article_id, event_n, type, sources, mentions) per event mention."""
    out = []
    for event in merge(found):
        for m in event.members:
            out.append((event.id, m.article_id, m.n, event.type, event.sources, len(event.members)))
    return out

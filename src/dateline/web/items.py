"""One item by id with everything linked to it: an article, an event with every article
that reports it, an entity, a place, a quote. Plain dicts over a ``query.Reader`` (no
FastAPI here), shaped as the models in ``models.py``.

Ids: articles by content hash; events and quotes ``ARTICLE_ID-N`` (the article's N-th);
entities and places by their corpus-wide ids (``a-isis``, ``e-1444da94b9``, ``g-99237``).

Which events are one event: the store's merge (``Store.merge_events``, run by every ingest;
docs/store.md) groups the asserted and reported mentions of one real-world event across
articles in ``event_clusters``, with how many independent sources they are. An event the
merge left out (planned, negated, hypothetical; or a store filled by ``Store.add`` alone)
is reported by itself and by the same sentence in its article's near-duplicate copies.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..query import (
    ARTICLE_DATE,
    ENTITIES,
    EVENTS,
    MAX_LIMIT,
    PLACES,
    QUOTES,
    Kind,
    Reader,
    in_party,
)
from ..store import load

Item = dict[str, Any]


def split_id(item_id: str) -> tuple[str, int] | None:
    """``ARTICLE_ID-N`` as (article id, n), or None when it is not that shape."""
    head, sep, tail = item_id.rpartition("-")
    if not sep or not head or not tail.isdigit() or len(tail) > 9:
        return None
    return head, int(tail)


def _ordered(select: str, where: str, order: str) -> str:
    return f"SELECT * FROM ({select}\nWHERE {where}) q ORDER BY {order} LIMIT {MAX_LIMIT}"


def _grouped(kind_select: str, where: str, group: str) -> str:
    return f"SELECT * FROM ({kind_select}\nWHERE {where}\n{group}) q"


_REF = f"a.id, a.title, a.outlet, {ARTICLE_DATE} AS date, a.input_location"


def _ref(reader: Reader, article_id: str) -> Item | None:
    return reader.one(f"SELECT {_REF} FROM articles a WHERE a.id = ?", [article_id])


def _canonical(reader: Reader, article_id: str) -> str | None:
    """The canonical article of ``article_id``'s group of near-duplicates (maybe itself),
    or None when it is in none."""
    canonical: str | None = reader.scalar(
        "SELECT min(canonical_id) FROM duplicates WHERE article_id = ?", [article_id]
    )
    return canonical


def article(reader: Reader, article_id: str) -> Item | None:
    found = load.articles(reader.cursor, [article_id])
    if not found:
        return None
    record = found[0]
    head = reader.one(
        "SELECT a.seq, i.kind, coalesce(i.location, a.input_location) AS location,"
        " coalesce(i.url, a.input_url) AS url, coalesce(i.media_type, a.input_media_type)"
        " AS media_type, coalesce(i.size, a.input_size) AS size, i.archive, i.record_id,"
        " coalesce(i.record_date, a.input_date) AS record_date"
        " FROM articles a LEFT JOIN inputs i ON i.id = a.input_id WHERE a.id = ?",
        [article_id],
    )
    assert head is not None
    stored = head.pop("seq")
    canonical = _canonical(reader, article_id)
    copies = reader.rows(
        f"SELECT {_REF} FROM duplicates d JOIN articles a ON a.id = d.article_id"
        " WHERE d.canonical_id = ? AND d.article_id <> ? ORDER BY a.seq",
        [canonical, article_id],
    )
    return {
        "id": article_id,
        "stored": stored,
        "article": record.to_dict(),
        "input": head,
        "event_ids": [f"{article_id}-{n}" for n in range(len(record.events))],
        "quote_ids": [f"{article_id}-{n}" for n in range(len(record.quotes))],
        "duplicate_of": canonical if canonical not in (None, article_id) else None,
        "copies": copies.to_dicts() if canonical else [],
    }


_REPORT = f"""SELECT o.article_id || '-' || CAST(o.n AS VARCHAR) AS event_id, o.article_id,
  o.evidence_start, o.evidence_end, o.evidence_text,
  coalesce(d.canonical_id, o.article_id) AS source,
  a.title, a.outlet, {ARTICLE_DATE} AS date, a.input_location
FROM events o JOIN articles a ON a.id = o.article_id
LEFT JOIN duplicates d ON d.article_id = o.article_id"""
_ORDER = (
    f"ORDER BY (o.article_id = ? AND o.n = ?) DESC, date NULLS LAST, a.seq, o.n LIMIT {MAX_LIMIT}"
)

# The corpus event's every mention, as the store merged them (``event_clusters``).
_CLUSTERED = f"""{_REPORT}
JOIN event_clusters c ON c.article_id = o.article_id AND c.event_n = o.n
WHERE c.event_id = ?
{_ORDER}"""

# An event the merge left out: itself, and the same words in its article's syndicated copies.
_COPIES = f"""{_REPORT}
WHERE (o.article_id = ? AND o.n = ?)
   OR (upper(o.type) = upper(?) AND o.evidence_text = ? AND o.article_id <> ?
       AND d.canonical_id = ?)
{_ORDER}"""


def event(reader: Reader, event_id: str) -> Item | None:
    parts = split_id(event_id)
    if parts is None:
        return None
    article_id, n = parts
    row = reader.one(f"{EVENTS.select}\nWHERE v.article_id = ? AND v.n = ?", [article_id, n])
    if row is None:
        return None
    found = load.articles(reader.cursor, [article_id])
    if not found or n >= len(found[0].events):
        return None
    record = found[0].events[n]
    cluster = reader.one(
        "SELECT event_id, sources FROM event_clusters WHERE article_id = ? AND event_n = ?",
        [article_id, n],
    )
    if cluster is not None:
        reports = reader.rows(_CLUSTERED, [cluster["event_id"], article_id, n]).to_dicts()
    else:
        canonical = _canonical(reader, article_id)
        copies = [article_id, n, row["type"], row["evidence_text"], article_id, canonical]
        reports = reader.rows(_COPIES, [*copies, article_id, n]).to_dicts()
    return {
        "id": event_id,
        "row": row,
        "event": asdict(record),
        "article": _ref(reader, article_id),
        "actor": _corpus_row(reader, "entity", row["actor"]),
        "target": _corpus_row(reader, "entity", row["target"]),
        "place": _corpus_row(reader, "place", row["location"]),
        "corpus_event": cluster["event_id"] if cluster else None,
        "reports": [_report(r) for r in reports],
        "sources": cluster["sources"] if cluster else len({r["source"] for r in reports}),
    }


def _report(r: Item) -> Item:
    return {
        "event_id": r["event_id"],
        "article": {
            "id": r["article_id"],
            "title": r["title"],
            "outlet": r["outlet"],
            "date": r["date"],
            "input_location": r["input_location"],
        },
        "evidence_start": r["evidence_start"],
        "evidence_end": r["evidence_end"],
        "evidence_text": r["evidence_text"],
        "source": r["source"],
    }


# Corpus-wide items (one row per id over every article that names it): each noun's
# kind, the alias of its table in the kind's SELECT, and its table.
_CORPUS: dict[str, tuple[Kind, str, str]] = {
    "entity": (ENTITIES, "x", "entities"),
    "place": (PLACES, "y", "places"),
}


def _corpus_row(reader: Reader, noun: str, item_id: str | None) -> Item | None:
    """The ``entities`` or ``places`` row (``noun``: entity, place) of ``item_id``."""
    if item_id is None:
        return None
    kind, alias, _ = _CORPUS[noun]
    return reader.one(_grouped(kind.select, f"{alias}.{noun}_id = ?", kind.group), [item_id])


def _naming(reader: Reader, noun: str, item_id: str) -> list[Item]:
    """The articles that name entity or place ``item_id``, with its mentions in each."""
    _, alias, table = _CORPUS[noun]
    return reader.rows(
        f"SELECT {_REF}, count(m.n) AS mentions FROM {table} {alias}"
        f" JOIN articles a ON a.id = {alias}.article_id LEFT JOIN {noun}_mentions m"
        f" ON m.article_id = {alias}.article_id AND m.{noun}_id = {alias}.{noun}_id"
        f" WHERE {alias}.{noun}_id = ? GROUP BY ALL ORDER BY date NULLS LAST, a.id"
        f" LIMIT {MAX_LIMIT}",
        [item_id],
    ).to_dicts()


def entity(reader: Reader, entity_id: str) -> Item | None:
    row = _corpus_row(reader, "entity", entity_id)
    if row is None:
        return None
    articles = _naming(reader, "entity", entity_id)
    events = reader.rows(
        _ordered(EVENTS.select, in_party("v", "?"), "date NULLS LAST, stored, n"),
        [entity_id] * 3,
    )
    quotes = reader.rows(_ordered(QUOTES.select, "u.speaker = ?", "stored, n"), [entity_id])
    return {
        "id": entity_id,
        "entity": row,
        "articles": articles,
        "events": events.to_dicts(),
        "quotes": quotes.to_dicts(),
    }


def place(reader: Reader, place_id: str) -> Item | None:
    row = _corpus_row(reader, "place", place_id)
    if row is None:
        return None
    articles = _naming(reader, "place", place_id)
    events = reader.rows(
        _ordered(EVENTS.select, "v.location = ?", "date NULLS LAST, stored, n"), [place_id]
    )
    return {
        "id": place_id,
        "place": row,
        "articles": articles,
        "events": events.to_dicts(),
    }


def quote(reader: Reader, quote_id: str) -> Item | None:
    parts = split_id(quote_id)
    if parts is None:
        return None
    article_id, n = parts
    row = reader.one(f"{QUOTES.select}\nWHERE u.article_id = ? AND u.n = ?", [article_id, n])
    if row is None:
        return None
    return {
        "id": quote_id,
        "quote": row,
        "speaker": _corpus_row(reader, "entity", row["speaker"]),
        "article": _ref(reader, article_id),
    }

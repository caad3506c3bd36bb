"""Articles as JSON Lines, or as flat tables (articles, entities, mentions, places, quotes,
events, counts) in CSV or Parquet, for DuckDB, pandas, polars or a spreadsheet.

Each table has a fixed column list and types (``TABLES``), so an empty table still has
its header or schema. Rows are streamed: CSV rows are written as articles come, Parquet
in row groups of ``batch_rows``, so a corpus never has to fit in memory.
"""

from __future__ import annotations

import csv as _csv
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError
from ..records import Article, Count, Mention

# Column name → type ("str", "int", "float") for each flat table. Lists of strings (tags,
# aliases, roles, warnings) are joined with " | "; every row carries its article_id.
TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "str", "location": "str", "url": "str", "media_type": "str",
        "sha256": "str", "size": "int", "encoding": "str", "title": "str", "summary": "str",
        "language": "str", "outlet": "str", "section": "str", "tags": "str", "authors": "str",
        "published_date": "str", "published_precision": "str", "published_source": "str",
        "dateline_text": "str", "dateline_place": "str", "dateline_date": "str",
        "dateline_agency": "str", "entities": "int", "places": "int", "quotes": "int",
        "events": "int", "counts": "int", "warnings": "str", "text": "str",
    },
    "entities": {
        "article_id": "str", "entity_id": "str", "name": "str", "type": "str",
        "aliases": "str", "roles": "str", "country": "str", "sector": "str", "kb_id": "str",
        "mentions": "int", "first_start": "int", "first_end": "int",
    },
    "mentions": {
        "article_id": "str", "kind": "str", "ref_id": "str", "start": "int", "end": "int",
        "text": "str",
    },
    "places": {
        "article_id": "str", "place_id": "str", "name": "str", "geonameid": "int",
        "lat": "float", "lon": "float", "country": "str", "admin1": "str", "feature": "str",
        "mentions": "int",
    },
    "quotes": {
        "article_id": "str", "quote_index": "int", "text": "str", "kind": "str",
        "speaker": "str", "cue": "str", "start": "int", "end": "int",
    },
    "events": {
        "article_id": "str", "event_index": "int", "type": "str", "mode": "str",
        "cameo": "str", "actor": "str", "target": "str", "location": "str", "date": "str",
        "modality": "str", "confidence": "float", "evidence_start": "int",
        "evidence_end": "int", "evidence_text": "str", "counts": "int",
    },
    "counts": {
        "article_id": "str", "count_index": "int", "event_index": "int", "kind": "str",
        "number": "int", "qualifier": "str", "object": "str", "start": "int", "end": "int",
    },
}  # fmt: skip

Row = dict[str, Any]


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """One ``Article.to_dict()`` JSON object per line; returns the number written."""
    count = 0
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def flat_rows(article: Article) -> dict[str, list[Row]]:
    """An article's rows for every table in ``TABLES``."""
    aid = article.id
    counts = _counts(article)
    return {
        "articles": [_article_row(article, len(counts))],
        "entities": [
            {
                "article_id": aid, "entity_id": e.id, "name": e.name, "type": e.type,
                "aliases": _join(e.aliases), "roles": _join(e.roles), "country": e.country,
                "sector": e.sector, "kb_id": e.kb_id, "mentions": len(e.mentions),
                "first_start": _first(e.mentions, "start"), "first_end": _first(e.mentions, "end"),
            }
            for e in article.entities
        ],
        "mentions": [
            {"article_id": aid, "kind": kind, "ref_id": ref, "start": m.start, "end": m.end,
             "text": m.text}
            for kind, ref, mentions in (
                *(("entity", e.id, e.mentions) for e in article.entities),
                *(("place", p.id, p.mentions) for p in article.places),
            )
            for m in mentions
        ],
        "places": [
            {
                "article_id": aid, "place_id": p.id, "name": p.name, "geonameid": p.geonameid,
                "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
                "feature": p.feature, "mentions": len(p.mentions),
            }
            for p in article.places
        ],
        "quotes": [
            {
                "article_id": aid, "quote_index": i, "text": q.text, "kind": q.kind,
                "speaker": q.speaker, "cue": q.cue, "start": q.start, "end": q.end,
            }
            for i, q in enumerate(article.quotes)
        ],
        "events": [
            {
                "article_id": aid, "event_index": i, "type": e.type, "mode": e.mode,
                "cameo": e.cameo, "actor": e.actor, "target": e.target,
                "location": e.location, "date": e.date, "modality": e.modality,
                "confidence": e.confidence, "evidence_start": e.evidence.start,
                "evidence_end": e.evidence.end, "evidence_text": e.evidence.text,
                "counts": len(e.counts),
            }
            for i, e in enumerate(article.events)
        ],
        "counts": [
            {
                "article_id": aid, "count_index": i, "event_index": event, "kind": c.kind,
                "number": c.number, "qualifier": c.qualifier, "object": c.object,
                "start": c.start, "end": c.end,
            }
            for i, (c, event) in enumerate(counts)
        ],
    }  # fmt: skip


def iter_rows(articles: Iterable[Article], table: str) -> Iterator[Row]:
    """The rows of one table over many articles (for callers that want one table only)."""
    if table not in TABLES:
        raise ConfigError(f"no table {table!r}", hint=f"tables: {', '.join(TABLES)}")
    for article in articles:
        yield from flat_rows(article)[table]


def write_csv(articles: Iterable[Article], directory: str | Path) -> dict[str, Path]:
    """One ``TABLE.csv`` per table (header row, UTF-8, RFC 4180 quoting) in ``directory``;
    returns the path of each table."""
    folder = _folder(directory)
    paths = {name: folder / f"{name}.csv" for name in TABLES}
    with ExitStack() as stack:
        writers = {}
        for name, columns in TABLES.items():
            handle = stack.enter_context(paths[name].open("w", encoding="utf-8", newline=""))
            writer = _csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            writers[name] = writer
        for article in articles:
            for name, rows in flat_rows(article).items():
                writers[name].writerows(rows)
    return paths


def write_parquet(
    articles: Iterable[Article], directory: str | Path, *, batch_rows: int = 10_000
) -> dict[str, Path]:
    """One ``TABLE.parquet`` per table (typed columns, zstd) in ``directory``; returns the
    path of each table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schemas = {
        name: pa.schema([(column, types[kind]) for column, kind in columns.items()])
        for name, columns in TABLES.items()
    }
    folder = _folder(directory)
    paths = {name: folder / f"{name}.parquet" for name in TABLES}
    buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
    written = dict.fromkeys(TABLES, 0)
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(pq.ParquetWriter(paths[name], schema, compression="zstd"))
            for name, schema in schemas.items()
        }

        def flush(name: str) -> None:
            table = pa.Table.from_pylist(buffers[name], schema=schemas[name])
            writers[name].write_table(table)
            written[name] += len(buffers[name])
            buffers[name].clear()

        for article in articles:
            for name, rows in flat_rows(article).items():
                buffers[name].extend(rows)
                if len(buffers[name]) >= batch_rows:
                    flush(name)
        for name in TABLES:
            # An empty table still gets one (empty) row group, so readers see its schema.
            if buffers[name] or not written[name]:
                flush(name)
    return paths


def _folder(directory: str | Path) -> Path:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _first(mentions: tuple[Mention, ...], field: str) -> int | None:
    """``start`` or ``end`` of the first mention in the text."""
    if not mentions:
        return None
    first = min(mentions, key=lambda m: (m.start, m.end))
    return first.start if field == "start" else first.end


def _join(values: Iterable[str]) -> str:
    return " | ".join(values)


def _counts(article: Article) -> list[tuple[Count, int | None]]:
    """Every count once, article-level and inside events, with the index of its event."""
    found: dict[Count, int | None] = {count: None for count in article.counts}
    for index, event in enumerate(article.events):
        for count in event.counts:
            if found.get(count) is None:
                found[count] = index
    return list(found.items())


def _article_row(article: Article, counts: int) -> Row:
    published, dateline = article.published, article.dateline
    return {
        "article_id": article.id, "location": article.input.location, "url": article.input.url,
        "media_type": article.input.media_type, "sha256": article.input.sha256,
        "size": article.input.size, "encoding": article.input.encoding,
        "title": article.title, "summary": article.summary, "language": article.language,
        "outlet": article.outlet, "section": article.section, "tags": _join(article.tags),
        "authors": _join(article.authors),
        "published_date": published.date if published else None,
        "published_precision": published.precision if published else None,
        "published_source": published.source if published else None,
        "dateline_text": dateline.text if dateline else None,
        "dateline_place": dateline.place if dateline else None,
        "dateline_date": dateline.date if dateline else None,
        "dateline_agency": dateline.agency if dateline else None,
        "entities": len(article.entities), "places": len(article.places),
        "quotes": len(article.quotes), "events": len(article.events), "counts": counts,
        "warnings": _join(article.warnings), "text": article.text,
    }  # fmt: skip

"""Exports of a whole corpus store: the writers of ``gdelt`` and ``tables`` over every
stored article, with GDELT's one row per event rather than one per report.

A corpus event reported by several articles (``event_clusters``) is written once, from the
first stored report, with NumMentions and NumArticles set to its reports and NumSources to
its independent sources (syndicated copies count once) — GDELT counts one kidnapping
reported two hundred times as two hundred events; this export does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .gdelt import EVENT_COLUMNS, event_rows, exported, gkg_row, write_tsv
from .tables import write_csv, write_jsonl, write_parquet

if TYPE_CHECKING:
    from ..store import Store

_MENTIONS = EVENT_COLUMNS.index("NumMentions")
_SOURCES = EVENT_COLUMNS.index("NumSources")
_ARTICLES = EVENT_COLUMNS.index("NumArticles")


def corpus_event_rows(store: Store, *, added: datetime | None = None) -> Iterator[list[str]]:
    """GDELT 2.0 event rows of the store, one per corpus event, numbered from 1."""
    added = added or datetime.now(UTC)
    clusters = {
        (r["article_id"], r["event_n"]): (r["event_id"], r["sources"], r["mentions"])
        for r in store.sql(
            "select event_id, article_id, event_n, sources, mentions from event_clusters"
        ).to_dicts()
    }
    written: set[str] = set()
    next_id = 1
    for article in store.iter_articles():
        numbers = [n for n, e in enumerate(article.events) if exported(e) is not None]
        for n, row in zip(numbers, event_rows(article, added=added), strict=True):
            cluster = clusters.get((article.id, n))
            if cluster is not None:
                event_id, sources, mentions = cluster
                if event_id in written:
                    continue
                written.add(event_id)
                row[_MENTIONS], row[_ARTICLES], row[_SOURCES] = (str(mentions),) * 2 + (
                    str(sources),
                )
            row[0] = str(next_id)
            next_id += 1
            yield row


def export(store: Store, fmt: str, *, out: TextIO | None = None, folder: Path | None = None) -> int:
    """Write the store in ``fmt``; streams (``out``) for jsonl and GDELT, a folder of
    tables for csv and parquet. Returns rows (or articles) written."""
    if fmt == "jsonl":
        assert out is not None
        return write_jsonl(store.iter_articles(), out)
    if fmt == "gdelt-events":
        assert out is not None
        return write_tsv(corpus_event_rows(store), out)
    if fmt == "gdelt-gkg":
        assert out is not None
        rows = (
            gkg_row(article, record_id=f"{article.id[:16]}-{n}")
            for n, article in enumerate(store.iter_articles(), start=1)
        )
        return write_tsv(rows, out)
    assert folder is not None
    writer = write_csv if fmt == "csv" else write_parquet
    return len(writer(store.iter_articles(), folder))

"""The store's hook to near-duplicate detection (``dateline.dedup``).

Ingest workers compute ``dedup.signature(article.text)`` (a MinHash, stored in
``articles.minhash``); the writer feeds each new article to one in-memory
``DuplicateIndex``, rebuilt from that column when a store is opened for writing, and
rewrites the ``duplicates`` rows of every cluster a batch touched (a cluster's canonical
copy can change when an earlier-dated copy arrives later).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from .. import dedup


class Clusters:
    """Near-duplicate clusters of the articles in one store."""

    def __init__(self) -> None:
        self._index: dedup.DuplicateIndex | None = None

    def forget(self) -> None:
        """Drop the in-memory index (after a rolled-back batch it may hold unstored ids)."""
        self._index = None

    def add(
        self,
        con: duckdb.DuckDBPyConnection,
        new: Iterable[tuple[str, bytes, str | None]],
    ) -> tuple[int, dict[str, list[str]]]:
        """Index (article_id, signature, published) rows; return how many joined a cluster
        and the clusters (canonical id -> members) whose rows must be rewritten."""
        index = self._load(con)
        touched: set[str] = set()
        for article_id, sig, published in new:
            if index.add(article_id, sig, published=published) is not None:
                touched.add(article_id)
        if not touched:
            return 0, {}
        return len(touched), index.clusters(of=touched)

    def _load(self, con: duckdb.DuckDBPyConnection) -> dedup.DuplicateIndex:
        if self._index is None:
            rows = con.execute(
                "SELECT id, minhash, published_date FROM articles"
                " WHERE minhash IS NOT NULL ORDER BY seq"
            ).fetchall()
            self._index = dedup.DuplicateIndex.from_signatures(
                (str(i), bytes(sig), pub) for i, sig, pub in rows
            )
        return self._index

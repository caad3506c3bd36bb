"""Shards into the DuckDB store, in one transaction, keyed as local ingest keys.

    shard views (committed parts) ──anti-join on ids──▶ INSERT ... SELECT into the store
    all articles' (seq, minhash) ──Ray banding──▶ duplicates rewritten
    all event mentions ──a Ray task per type──▶ event_clusters rewritten

An input is inserted when its id is not in ``inputs``, an article (with every row of its
list tables) when its id is not in ``articles``, in shard ``seq`` order, renumbered after
the store's last ``seq``. Failures are inserted when not already there (the same rows of
a part merged by an earlier run are not inserted twice). A merge that fails is rolled
back whole; the shards stay, and the next run merges them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ..store import Store
from ..store.database import store_error
from ..store.rows import ARTICLE_TABLES, duplicate_rows
from ..store.schema import BY_NAME
from . import clusters, events
from .plan import one
from .shards import Shards, attach

PREFIX = "shard_"
_CHUNK = 50_000  # signatures per banding task


@dataclass(frozen=True, slots=True)
class Merged:
    inputs: int
    articles: int
    clustered: int  # new articles that are in a near-duplicate cluster
    events: int | None  # corpus events, when they were merged again


def attach_to_store(store: Store, shards: Shards) -> None:
    """The shards as temporary views ``shard_<table>`` beside the store's tables."""
    attach(store.con, shards, prefix=PREFIX, temp=True)


def merge(store: Store, shards: Shards, *, ray: Any) -> Merged:
    """Insert what the shards hold and the store lacks; recompute the duplicate clusters."""
    con = store.con
    attach_to_store(store, shards)
    try:
        con.begin()
        merged = _merge(con, ray)
        con.commit()
    except duckdb.Error as exc:
        _rollback(con)
        raise store_error(exc, store.path, doing="cannot merge the shards") from exc
    except BaseException:
        _rollback(con)
        raise
    return merged


def _merge(con: duckdb.DuckDBPyConnection, ray: Any) -> Merged:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _new AS SELECT id, row_number() OVER (ORDER BY seq) AS rn"
        f" FROM {PREFIX}articles s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.id)"
    )
    base = one(con, "SELECT coalesce(max(seq), 0) FROM articles")
    cols = BY_NAME["articles"].names
    select = ", ".join(f"{base} + _new.rn" if c == "seq" else f"s.{c}" for c in cols)
    con.execute(
        f"INSERT INTO articles ({', '.join(cols)}) SELECT {select}"
        f" FROM {PREFIX}articles s JOIN _new ON _new.id = s.id"
    )
    for name in ARTICLE_TABLES[1:]:
        names = ", ".join(BY_NAME[name].names)
        con.execute(
            f"INSERT INTO {name} ({names}) SELECT {names} FROM {PREFIX}{name}"
            " WHERE article_id IN (SELECT id FROM _new)"
        )
    before = one(con, "SELECT count(*) FROM inputs")
    names = ", ".join(BY_NAME["inputs"].names)
    con.execute(
        f"INSERT INTO inputs ({names}) SELECT {names} FROM {PREFIX}inputs s"
        " WHERE NOT EXISTS (SELECT 1 FROM inputs i WHERE i.id = s.id)"
        " QUALIFY row_number() OVER (PARTITION BY s.id ORDER BY s.run_id) = 1"
    )
    inputs = one(con, "SELECT count(*) FROM inputs") - before
    names = ", ".join(BY_NAME["failures"].names)
    con.execute(
        f"INSERT INTO failures ({names}) SELECT * FROM (SELECT {names} FROM {PREFIX}failures"
        f" EXCEPT ALL SELECT {names} FROM failures)"
    )
    articles = one(con, "SELECT count(*) FROM _new")
    if not articles:  # a re-run that found everything stored: the clusters stand as they are
        return Merged(inputs=inputs, articles=0, clustered=0, events=None)
    found = store_clusters(con, ray)
    con.execute("DELETE FROM duplicates")
    dups = duplicate_rows(found)
    if dups.size:
        con.execute(
            "INSERT INTO duplicates SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [dups.columns["article_id"], dups.columns["canonical_id"]],
        )
    clustered = one(
        con, "SELECT count(*) FROM duplicates WHERE article_id IN (SELECT id FROM _new)"
    )
    # as local ingest: event clusters recomputed whole when the run stored articles
    table = events.merge_on_ray(ray, con)
    con.execute("DELETE FROM event_clusters")
    con.register("_event_clusters", table)
    names = ", ".join(events.TABLE.names)
    con.execute(f"INSERT INTO event_clusters ({names}) SELECT {names} FROM _event_clusters")
    con.unregister("_event_clusters")
    return Merged(
        inputs=inputs,
        articles=articles,
        clustered=clustered,
        events=events.events_count(table),
    )


def store_clusters(con: duckdb.DuckDBPyConnection, ray: Any) -> dict[str, list[str]]:
    """The near-duplicate clusters of every article in the store, banded on Ray."""
    table: pa.Table = con.sql(
        "SELECT seq, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY seq"
    ).to_arrow_table()
    chunks = [table.slice(i, _CHUNK) for i in range(0, table.num_rows, _CHUNK)]
    return clusters.clusters(ray, chunks, table.num_rows, lambda seqs: signatures(con, seqs))


def signatures(
    con: duckdb.DuckDBPyConnection, seqs: Sequence[int]
) -> list[tuple[int, str, bytes, str | None]]:
    rows = con.execute(
        "SELECT seq, id, minhash, published_date FROM articles"
        " WHERE seq IN (SELECT unnest(?::BIGINT[])) ORDER BY seq",
        [list(seqs)],
    ).fetchall()
    return [(int(s), str(i), bytes(m), p) for s, i, m, p in rows]


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.rollback()

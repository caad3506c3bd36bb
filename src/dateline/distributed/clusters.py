"""Near-duplicate clusters across shards: LSH banding as a Ray group-by.

    (seq, minhash) ──map tasks──▶ (band key, seq) × 42, split by key hash into P parts
    part i of every map task ──reduce task i──▶ buckets (pyarrow group-by on the key)
    buckets of 2 or more ──driver──▶ dedup.clusters_from_buckets ──▶ clusters

Each article's MinHash signature was computed in the map step (``worker.run``); here it
is cut into ``dedup.bands`` keys, and the rows are shuffled by key (Ray tasks with one
return value per part: Ray moves part i of each map task to reduce task i), so every
article sharing a key lands in one reduce task, where pyarrow groups them. Plain tasks,
not Ray Data's hash shuffle: that starts aggregator actors, which cost 6-11 s here even
for one article, against well under a second for the tasks. Only buckets of two
or more articles come back to the driver, which reads those articles' signatures, checks
every candidate pair and builds clusters with ``dedup.clusters_from_buckets`` — the code
the in-memory index uses, so the clusters and their canonical copies (earliest published,
then first stored: lowest ``seq``) are the local engine's.

A band key is hashed to 64 bits to keep the shuffle small (16 bytes a row); a collision
only adds a candidate pair, which the check then refuses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import dedup
from .shards import Shards

Signatures = Callable[[Sequence[int]], list[tuple[int, str, bytes, str | None]]]
_ROWS_PER_PARTITION = 2_000_000  # band rows per shuffle partition
_NO_SIGNATURES = pa.table({"seq": pa.array([], pa.int64()), "minhash": pa.array([], pa.binary())})


def band_rows(batch: pa.Table) -> pa.Table:
    """(seq, minhash) rows to one (band, seq) row per LSH band of each signature."""
    bands: list[int] = []
    seqs: list[int] = []
    for seq, sig in zip(
        batch.column("seq").to_pylist(), batch.column("minhash").to_pylist(), strict=True
    ):
        if sig is None:
            continue
        for key in dedup.bands(sig):
            bands.append(band_hash(key))
            seqs.append(seq)
    return pa.table({"band": pa.array(bands, pa.int64()), "seq": pa.array(seqs, pa.int64())})


def band_hash(key: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little", signed=True)


def buckets(block: pa.Table) -> pa.Table:
    """One shuffle partition (every row of a band key is in it) to its buckets of 2+."""
    if block.num_rows == 0:
        return pa.table({"seqs": pa.array([], pa.list_(pa.int64()))})
    grouped = block.group_by("band").aggregate([("seq", "list"), ("seq", "count")])
    kept = grouped.filter(pc.greater(grouped["seq_count"], 1))
    return pa.table({"seqs": kept["seq_list"]})


def partition(
    source: pa.Table | list[str], parts: int, root: str | None = None
) -> pa.Table | list[pa.Table]:
    """A map task: (seq, minhash) rows — a table, or shard files under ``root`` — to band
    rows, split into ``parts`` by band key (Ray returns each part as its own object)."""
    if isinstance(source, list):
        fs = Shards(root or "").fs
        source = pa.concat_tables(
            [pq.read_table(f, columns=["seq", "minhash"], filesystem=fs) for f in source]
        )
    rows = band_rows(source)
    if parts == 1:
        return rows
    which = np.remainder(rows.column("band").to_numpy(), parts)
    order = np.argsort(which, kind="stable")
    ends = np.searchsorted(which[order], np.arange(1, parts + 1))
    taken = rows.take(pa.array(order))
    starts = np.concatenate([[0], ends[:-1]])
    return [taken.slice(int(a), int(b - a)) for a, b in zip(starts, ends, strict=True)]


def reduce(*parts: pa.Table) -> pa.Table:
    """A reduce task: one part of every map task (every row of its band keys) to buckets."""
    return buckets(pa.concat_tables([band_rows(_NO_SIGNATURES), *parts]))


def clusters(
    ray: Any,
    sources: Sequence[pa.Table | list[str]],
    count: int,
    fetch: Signatures,
    *,
    root: str | None = None,
) -> dict[str, list[str]]:
    """canonical id -> member ids, for the articles in ``sources`` (tables of ``seq``,
    ``minhash``, or lists of shard files under ``root``), banded and grouped by band key
    in Ray tasks (map, shuffle, reduce); ``fetch(seqs)`` reads (seq, id, minhash,
    published) rows of the articles found in buckets."""
    if count == 0 or not sources:
        return {}
    parts = max(1, count * dedup.BANDS // _ROWS_PER_PARTITION)
    mapper = ray.remote(partition).options(num_returns=parts)
    mapped = [mapper.remote(source, parts, root) for source in sources]
    if parts == 1:
        mapped = [[ref] for ref in mapped]
    reducer = ray.remote(reduce)
    groups: list[list[int]] = []
    for table in ray.get([reducer.remote(*[refs[i] for refs in mapped]) for i in range(parts)]):
        groups += table.column("seqs").to_pylist()
    if not groups:
        return {}
    members = sorted({seq for group in groups for seq in group})
    rows = fetch(members)  # ordered by seq: the order the canonical copy is chosen in
    ids = {seq: article_id for seq, article_id, _, _ in rows}
    sigs = {article_id: (bytes(sig), published) for _, article_id, sig, published in rows}
    return dedup.clusters_from_buckets(sigs, ([ids[s] for s in group] for group in groups))

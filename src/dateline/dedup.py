"""Near-duplicate articles: MinHash signatures of the body, LSH candidates, verified clusters.

    text ──signature()──▶ bytes (header + num_perm uint32 minima)   stored as a BLOB
    bytes ──DuplicateIndex.add()──▶ canonical id of its cluster, or None

A body is normalised (NFKC, case-folded, words only, so punctuation and line breaks do
not count) and cut into word shingles of ``SHINGLE`` words; datasketch's ``MinHash``
(scheme ``affine32``, SHA-1 of each shingle, fixed seed) keeps ``NUM_PERM`` minima.

Two articles are near-duplicates when the share of equal minima (the MinHash estimate
of their shingle Jaccard) is at least ``THRESHOLD``. LSH with ``BANDS`` bands of ``ROWS``
rows only proposes candidates; each candidate is verified against that estimate, so the
bands are tuned for recall and the threshold decides. Clusters are the connected
components of the verified pairs, which makes them independent of insertion order; the
canonical article is the earliest by published date (undated after dated), then the
first seen.

Bodies under ``MIN_WORDS`` words cluster only with an exact copy (every minimum equal
and the same word count): a few shared words (a credit line, a stock phrase) are half
the shingles of a short body, so a Jaccard threshold would pair unrelated stubs.

Banding outside datasketch (issue 7's Ray group-by): ``bands(sig)`` gives the keys an
article is bucketed under (the band number is part of each key, so one group-by column
suffices); ``clusters_from_buckets`` turns the buckets into the same clusters as the
in-memory index. The parameters were chosen on ``dateline eval dedup``; see docs/dedup.md.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

from .buckets import BandBuckets, band_keys

__all__ = [
    "BANDS",
    "MIN_WORDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE",
    "THRESHOLD",
    "DuplicateIndex",
    "bands",
    "cluster_banded",
    "cluster_texts",
    "clusters_from_buckets",
    "normalise",
    "signature",
    "similarity",
]

NUM_PERM = 128
SHINGLE = 4
THRESHOLD = 0.5
BANDS, ROWS = 42, 3
MIN_WORDS = 30
SEED = 1

# Header: format version, shingle size, num_perm, word count (capped at 2**32 - 1).
_HEADER = struct.Struct("<BBHI")
_FORMAT = 1
# Scripts written without spaces (Chinese, Japanese kana, Thai) count one token per
# character: their ``\w+`` runs are whole clauses, which a line break would split.
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\W{_UNSPACED}]+")

Row = tuple[str, bytes, str | None]


def normalise(text: str) -> list[str]:
    """The words of ``text``: NFKC, case-folded, punctuation and whitespace dropped
    (a character is a word in scripts written without spaces)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingles(words: Sequence[str], size: int) -> Iterator[bytes]:
    if len(words) <= size:
        yield " ".join(words).encode()
        return
    for i in range(len(words) - size + 1):
        yield " ".join(words[i : i + size]).encode()


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> np.ndarray:
    # Drawing the permutations costs more than hashing a short article: draw them once.
    perms: np.ndarray = MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations
    perms.setflags(write=False)
    return perms


def signature(text: str, *, shingle: int = SHINGLE, num_perm: int = NUM_PERM) -> bytes:
    """MinHash of the article body (word shingles after normalising case, punctuation,
    whitespace) as compact bytes for a BLOB column: an 8-byte header, then ``num_perm``
    little-endian uint32 minima (520 bytes with the defaults)."""
    words = normalise(text)
    minhash = MinHash(
        num_perm=num_perm,
        seed=SEED,
        hashfunc=sha1_hash32,
        scheme="affine32",
        permutations=_permutations(num_perm),
    )
    if words:
        minhash.update_batch(_shingles(words, shingle))
    header = _HEADER.pack(_FORMAT, shingle, num_perm, min(len(words), 0xFFFFFFFF))
    values: np.ndarray = minhash.hashvalues.astype("<u4")
    return header + values.tobytes()


@dataclass(frozen=True, slots=True)
class _Sig:
    shingle: int
    num_perm: int
    words: int
    values: np.ndarray


def _parse(sig: bytes) -> _Sig:
    if len(sig) < _HEADER.size:
        raise ValueError(f"not a dateline signature: {len(sig)} bytes")
    version, shingle, num_perm, words = _HEADER.unpack_from(sig)
    if version != _FORMAT or len(sig) != _HEADER.size + 4 * num_perm:
        raise ValueError(f"not a dateline signature (format {version}, {len(sig)} bytes)")
    return _Sig(shingle, num_perm, words, np.frombuffer(sig, dtype="<u4", offset=_HEADER.size))


def similarity(a: bytes, b: bytes) -> float:
    """The MinHash estimate of the shingle Jaccard of two signatures (share of equal minima)."""
    x, y = _parse(a), _parse(b)
    _check_compatible(x, y)
    return float(np.count_nonzero(x.values == y.values)) / x.num_perm


def _check_compatible(x: _Sig, y: _Sig) -> None:
    if (x.shingle, x.num_perm) != (y.shingle, y.num_perm):
        raise ValueError(
            f"signatures differ in shingle/num_perm: {x.shingle}/{x.num_perm}"
            f" vs {y.shingle}/{y.num_perm}; recompute them with one setting"
        )


def _is_duplicate(x: _Sig, y: _Sig, threshold: float, min_words: int) -> bool:
    if x.words == 0 or y.words == 0:
        return False
    if min(x.words, y.words) < min_words:
        return x.words == y.words and bool(np.array_equal(x.values, y.values))
    equal = int(np.count_nonzero(x.values == y.values))
    return equal >= threshold * x.num_perm


def _band_ranges(num_perm: int, n_bands: int, rows: int) -> list[tuple[int, int]]:
    if n_bands * rows > num_perm:
        raise ValueError(f"{n_bands} bands × {rows} rows exceed num_perm {num_perm}")
    return [(i * rows, (i + 1) * rows) for i in range(n_bands)]


def _band_bytes(values: np.ndarray) -> bytes:
    # datasketch's MinHashLSH keys a band by its values byte-swapped (``_byteswap``);
    # using the same bytes lets band tables move between the two paths.
    return bytes(values.astype(np.uint32).byteswap().data)


def bands(sig: bytes, *, n_bands: int = BANDS, band_rows: int = ROWS) -> list[bytes]:
    """The LSH bucket keys of one signature: the band number (2 bytes) then the band's
    minima, so articles sharing any key are candidates. Group by key to band outside
    datasketch; ``clusters_from_buckets`` finishes the job."""
    parsed = _parse(sig)
    return [
        struct.pack(">H", i) + _band_bytes(parsed.values[start:end])
        for i, (start, end) in enumerate(_band_ranges(parsed.num_perm, n_bands, band_rows))
    ]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression keeps later finds flat
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class DuplicateIndex:
    """Near-duplicate clusters over signatures, in memory (LSH buckets: ``buckets.py``).

    ``add`` is idempotent: an id already indexed is not added again and its current
    canonical id is returned. A cluster's canonical id can change when an earlier-dated
    copy arrives later, or when a new article joins two clusters, so a store should
    write the canonical id ``add`` returns to every id of ``members(article_id)``.
    Published dates are compared as strings: give ISO 8601 (``2024-06-05`` or a full
    timestamp), as ``records.Published`` holds them.
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        n_bands: int = BANDS,
        band_rows: int = ROWS,
        min_words: int = MIN_WORDS,
    ) -> None:
        self.threshold, self.min_words = threshold, min_words
        self.n_bands, self.band_rows = n_bands, band_rows
        self._buckets: BandBuckets | None = None  # made on the first add, when num_perm is known
        self._first: _Sig | None = None
        self._sigs: dict[str, _Sig] = {}
        self._ids: list[str] = []  # bucket row -> article id
        self._order: dict[str, tuple[bool, str, int]] = {}
        self._groups = _UnionFind()
        self._members: dict[str, list[str]] = {}  # root -> members, unsorted
        self._canonical: dict[str, str] = {}  # root -> earliest member

    @classmethod
    def from_signatures(
        cls,
        rows: Iterable[Row],
        *,
        threshold: float = THRESHOLD,
        n_bands: int = BANDS,
        band_rows: int = ROWS,
        min_words: int = MIN_WORDS,
    ) -> DuplicateIndex:
        """Rebuild from stored (article_id, signature, published_date) rows, in first-seen
        order."""
        index = cls(threshold=threshold, n_bands=n_bands, band_rows=band_rows, min_words=min_words)
        for article_id, sig, published in rows:
            index.add(article_id, sig, published=published)
        return index

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def add(self, article_id: str, sig: bytes, *, published: str | None = None) -> str | None:
        """Index one article; return the canonical article id of its near-duplicate cluster
        (the earliest copy by published date, then first seen), or None if it has none."""
        if article_id in self._sigs:
            return self.canonical(article_id)
        parsed = _parse(sig)
        buckets = self._buckets_for(parsed)
        self._remember(article_id, parsed, published)
        keys = self._keys(parsed)
        for row in buckets.candidates(keys):
            other = self._ids[row]
            if _is_duplicate(parsed, self._sigs[other], self.threshold, self.min_words):
                self._union(article_id, other)
        self._insert(buckets, article_id, keys)
        return self.canonical(article_id)

    def canonical(self, article_id: str) -> str | None:
        """The canonical id of the article's cluster, or None when it has no duplicate."""
        root = self._groups.find(article_id)
        return self._canonical[root] if len(self._members[root]) > 1 else None

    def members(self, article_id: str) -> list[str]:
        """Every id in the article's cluster (canonical first); just the id when alone."""
        root = self._groups.find(article_id)
        return sorted(self._members[root], key=self._order.__getitem__)

    def clusters(self, *, of: Iterable[str] | None = None) -> dict[str, list[str]]:
        """canonical id -> member ids (canonical first, then by date and first seen);
        only clusters of two or more, and with ``of`` only those holding one of its ids."""
        # with ``of``, only its clusters are visited: a writer asks once per batch, and
        # walking every article of the store each time made a run quadratic
        roots: Iterable[str] = self._members.keys()
        if of is not None:  # in a fixed order (a set's would change with the hash seed)
            found = {self._groups.find(a) for a in of}
            roots = sorted(found, key=lambda r: self._order[self._canonical[r]])
        return {
            self._canonical[root]: sorted(self._members[root], key=self._order.__getitem__)
            for root in roots
            if len(self._members[root]) > 1
        }

    def merge(self, other: DuplicateIndex) -> None:
        """Fold another shard's index into this one: each of its articles is a candidate
        of this index's articles sharing a bucket, verified like ``add`` (pairs within the
        other shard were verified there). The other shard's articles count as seen after
        this one's. Shards must hold disjoint article ids."""
        if not other._sigs:
            return
        overlap = self._sigs.keys() & other._sigs.keys()
        if overlap:
            raise ValueError(f"shards share article ids, e.g. {sorted(overlap)[0]!r}")
        buckets = self._buckets_for(next(iter(other._sigs.values())))
        offset = len(self._order)
        for article_id, sig in other._sigs.items():
            undated, published, seen = other._order[article_id]
            self._remember(article_id, sig, None if undated else published, seen=offset + seen)
        for article_id in other._sigs:
            self._union(other._groups.find(article_id), article_id)
        keyed = [(article_id, self._keys(sig)) for article_id, sig in other._sigs.items()]
        for article_id, keys in keyed:  # against this shard's rows only: none inserted yet
            for row in buckets.candidates(keys):
                mine = self._ids[row]
                if _is_duplicate(
                    self._sigs[article_id], self._sigs[mine], self.threshold, self.min_words
                ):
                    self._union(article_id, mine)
        for article_id, keys in keyed:
            self._insert(buckets, article_id, keys)

    def _buckets_for(self, parsed: _Sig) -> BandBuckets:
        if self._buckets is None or self._first is None:
            _band_ranges(parsed.num_perm, self.n_bands, self.band_rows)
            self._buckets = BandBuckets()
            self._first = parsed
        _check_compatible(self._first, parsed)
        return self._buckets

    def _keys(self, parsed: _Sig) -> np.ndarray:
        return band_keys(parsed.values, self.n_bands, self.band_rows)

    def _insert(self, buckets: BandBuckets, article_id: str, keys: np.ndarray) -> None:
        buckets.insert(keys, len(self._ids))
        self._ids.append(article_id)

    def _remember(
        self, article_id: str, parsed: _Sig, published: str | None, *, seen: int | None = None
    ) -> None:
        self._sigs[article_id] = parsed
        order = len(self._order) if seen is None else seen
        self._order[article_id] = (published is None, published or "", order)
        self._groups.add(article_id)
        self._members[article_id] = [article_id]
        self._canonical[article_id] = article_id

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._groups.find(a), self._groups.find(b)
        if ra == rb:
            return
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra  # fold the smaller cluster into the larger: linear overall
        self._groups.union(ra, rb)
        self._members[ra].extend(self._members.pop(rb))
        self._canonical[ra] = min(
            self._canonical[ra], self._canonical.pop(rb), key=self._order.__getitem__
        )


def clusters_from_buckets(
    signatures: Mapping[str, tuple[bytes, str | None]],
    buckets: Iterable[Iterable[str]],
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
) -> dict[str, list[str]]:
    """Clusters from externally banded buckets (the article ids sharing one ``bands`` key).

    ``signatures`` maps article id to (signature, published) in first-seen order. Every
    pair in a bucket is verified as in ``DuplicateIndex.add``, so the result equals the
    in-memory index's ``clusters()`` for the same rows."""
    index = DuplicateIndex(threshold=threshold, min_words=min_words)
    for article_id, (sig, published) in signatures.items():
        index._remember(article_id, _parse(sig), published)
    checked: set[tuple[str, str]] = set()
    for bucket in buckets:
        for a, b in combinations(sorted(set(bucket)), 2):
            if (a, b) in checked:
                continue
            checked.add((a, b))
            x, y = index._sigs[a], index._sigs[b]
            _check_compatible(x, y)
            if _is_duplicate(x, y, threshold, min_words):
                index._union(a, b)
    return index.clusters()


def cluster_banded(
    rows: Iterable[Row],
    *,
    threshold: float = THRESHOLD,
    n_bands: int = BANDS,
    band_rows: int = ROWS,
    min_words: int = MIN_WORDS,
) -> dict[str, list[str]]:
    """The group-by path in one process: band every signature with ``bands``, group by
    key, then ``clusters_from_buckets``. What a distributed job does, shard by shard."""
    signatures: dict[str, tuple[bytes, str | None]] = {}
    groups: dict[bytes, list[str]] = {}
    for article_id, sig, published in rows:
        if article_id in signatures:
            continue
        signatures[article_id] = (sig, published)
        for key in bands(sig, n_bands=n_bands, band_rows=band_rows):
            groups.setdefault(key, []).append(article_id)
    buckets = (ids for ids in groups.values() if len(ids) > 1)
    return clusters_from_buckets(signatures, buckets, threshold=threshold, min_words=min_words)


def cluster_texts(
    rows: Iterable[tuple[str, str, str | None]],
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
) -> dict[str, list[str]]:
    """Cluster a batch in one call: (article_id, body, published) rows in first-seen order
    -> canonical id -> member ids."""
    index = DuplicateIndex(threshold=threshold, min_words=min_words)
    for article_id, text, published in rows:
        index.add(article_id, signature(text), published=published)
    return index.clusters()

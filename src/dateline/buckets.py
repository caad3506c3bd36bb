"""The LSH bucket table of ``dedup.DuplicateIndex``: which articles share a band.

datasketch's ``MinHashLSH`` keeps a Python set per bucket and a list of bucket keys per
article: about 13 kB an article at 42 bands, so the index of a store opened for writing
grew with the store faster than anything else in ingest (132 MB for 10,000 articles).
Here a bucket key is a 64-bit hash of (band number, band minima), held in one sorted
numpy array beside 32-bit row numbers: 12 bytes a band, about 0.5 kB an article. Keys of
recent rows wait in a dict and are merged into the arrays once they reach a sixteenth of
them, so inserting stays cheap and the dict small.

Two different bands that hash alike only propose a candidate pair; the index verifies
every candidate against the two signatures, so a collision (odds about 2**-64 a pair of
bands) can add a comparison but never a false duplicate.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MIN_PENDING = 4096  # keys waiting in the dict before a merge, at least


def _mix(x: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: every input bit reaches every output bit
    x = (x ^ (x >> np.uint64(30))) * _MIX1
    x = (x ^ (x >> np.uint64(27))) * _MIX2
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


def band_keys(values: np.ndarray, n_bands: int, band_rows: int) -> np.ndarray:
    """One uint64 key per band of a signature's minima (band ``i`` is rows
    ``i * band_rows`` up to ``(i + 1) * band_rows``)."""
    grid = values[: n_bands * band_rows].astype(np.uint64).reshape(n_bands, band_rows)
    with np.errstate(over="ignore"):  # the arithmetic is meant to wrap around
        keys = _mix(np.arange(n_bands, dtype=np.uint64) + _GOLDEN)
        for column in range(band_rows):
            keys = _mix(keys ^ grid[:, column])
    return keys


class BandBuckets:
    """Rows (0, 1, 2, ... in insertion order) bucketed by their band keys."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)  # sorted
        self._rows = np.empty(0, dtype=np.int32)  # the row of each key
        self._recent: dict[int, list[int]] = {}
        self._pending = 0

    def candidates(self, keys: np.ndarray) -> set[int]:
        """Rows sharing at least one of ``keys``."""
        found: set[int] = set()
        if self._keys.size:
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            for start, end in zip(lo.tolist(), hi.tolist(), strict=True):
                if start < end:
                    found.update(self._rows[start:end].tolist())
        for key in keys.tolist():
            rows = self._recent.get(key)
            if rows:
                found.update(rows)
        return found

    def insert(self, keys: np.ndarray, row: int) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(row)
        self._pending += len(keys)
        if self._pending >= max(_MIN_PENDING, self._keys.size // 16):
            self._merge_recent()

    def _merge_recent(self) -> None:
        pairs = sorted((key, row) for key, rows in self._recent.items() for row in rows)
        keys = np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))
        rows = np.fromiter((r for _, r in pairs), dtype=np.int32, count=len(pairs))
        at = np.searchsorted(self._keys, keys, side="right")
        self._keys = np.insert(self._keys, at, keys)
        self._rows = np.insert(self._rows, at, rows)
        self._recent.clear()
        self._pending = 0

"""What ingest finds in its inputs: units of work, and what it skipped or could not read.

A ``Unit`` is one raw input in memory — a file, a WARC record's payload, a JSON object's
text, standard input, a fetched feed — keyed by the SHA-256 of exactly the bytes the
pipeline will read, so the same content is recognised wherever it is found again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .errors import DatelineError


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    data: bytes
    kind: str  # file | stdin | url | warc | json
    location: str
    url: str | None = None
    media_type: str | None = None  # as the container declared it
    input_kind: str | None = None  # a pipeline input kind when the container says (JSON html)
    archive: str | None = None
    record_id: str | None = None
    record_date: str | None = None
    title: str | None = None  # stated by a JSON object
    date: str | None = None  # stated by a JSON object
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", hashlib.sha256(self.data).hexdigest())


@dataclass(frozen=True, slots=True)
class Skipped:
    """Found but not an article input (a WARC request record, an image...): not a failure."""

    location: str
    reason: str


@dataclass(frozen=True, slots=True)
class Failed:
    """An input that could not be read, or a damaged archive (after its good records)."""

    location: str
    error: DatelineError


Found = Unit | Skipped | Failed

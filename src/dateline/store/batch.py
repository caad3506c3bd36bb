"""What one transaction writes: inputs, their articles, failures and the run's counters.

A batch is all-or-nothing: ``Store.write`` commits every row of it or none, so an input
is in ``inputs`` exactly when all its articles and their records are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Article


@dataclass(frozen=True, slots=True, kw_only=True)
class InputRow:
    id: str  # SHA-256 of the bytes the pipeline read
    kind: str  # file | stdin | url | warc | json | api
    location: str
    size: int
    url: str | None = None
    media_type: str | None = None
    archive: str | None = None
    record_id: str | None = None
    record_date: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureRow:
    location: str
    error: str  # the error class name
    message: str
    input_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """An article ready to store: the input it came from and its MinHash signature."""

    article: Article
    input_id: str
    minhash: bytes | None = None


@dataclass(slots=True)
class Batch:
    inputs: list[InputRow] = field(default_factory=list)
    articles: list[Stored] = field(default_factory=list)
    failures: list[FailureRow] = field(default_factory=list)
    skipped_duplicate: int = 0
    skipped_other: int = 0

    def __len__(self) -> int:
        return len(self.inputs) + len(self.failures)

    def empty(self) -> bool:
        return not (self.inputs or self.failures or self.skipped_duplicate or self.skipped_other)


@dataclass(frozen=True, slots=True)
class Written:
    """What a committed batch changed."""

    articles: int  # new articles stored
    repeated: int  # articles already in the store (a re-fetched feed), not stored again
    clustered: int  # new articles that joined a near-duplicate cluster

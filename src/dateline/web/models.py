"""The API's response shapes (pydantic), published in ``/openapi.json``.

Row models list exactly the columns ``dateline.query`` selects (``extra="forbid"``), so a
column added to a query without its model fails the tests, not a user.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Strict):
    location: list[str | int] = Field(description="where the bad value is: query, path, ...")
    message: str
    type: str


class ErrorBody(Strict):
    """Every error, whatever its status: 404, 405, 422, 500, 503."""

    ok: Literal[False] = False
    status: int
    error: str = Field(description="machine-readable: not_found, validation_error, ...")
    message: str
    details: list[ErrorDetail] = []


class ArticleRow(Strict):
    id: str
    title: str | None
    outlet: str | None
    date: str | None = Field(description="published, else dateline, else capture date")
    precision: str | None
    language: str | None
    summary: str | None
    input_location: str
    input_url: str | None
    dateline_place: str | None
    chars: int
    events: int
    entities: int
    quotes: int
    duplicate_of: str | None = Field(description="the canonical copy when a near-duplicate")
    stored: int


class EventRow(Strict):
    id: str = Field(description="ARTICLE_ID-N: the article's N-th event")
    article_id: str
    n: int
    type: str | None
    mode: str | None
    cameo: str | None
    modality: str | None
    confidence: float | None
    date: str | None = Field(description="the event's date, else its article's")
    event_date: str | None
    date_kind: str | None
    actor: str | None
    actor_name: str | None
    target: str | None
    target_name: str | None
    location: str | None = Field(description="the event's own place id, if it has one")
    place_id: str | None = Field(description="where it is drawn: see geo_source")
    place: str | None
    lat: float | None
    lon: float | None
    country: str | None
    geo_source: Literal["event", "evidence", "dateline"] | None = Field(
        description="event: its own place; evidence: the first place its sentence names;"
        " dateline: its article's dateline place; null: nowhere"
    )
    evidence_start: int | None
    evidence_end: int | None
    evidence_text: str | None
    corpus_event: str | None = Field(description="the merged corpus event it reports")
    sources: int | None = Field(description="independent sources of that corpus event")
    title: str | None
    outlet: str | None
    stored: int


class EntityRow(Strict):
    id: str
    name: str | None
    type: str | None
    aliases: list[str]
    roles: list[str]
    country: str | None
    sector: str | None
    kb_id: str | None
    articles: int
    mentions: int
    first_seen: str | None
    last_seen: str | None


class PlaceRow(Strict):
    id: str
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str | None
    articles: int
    mentions: int
    events: int


class QuoteRow(Strict):
    id: str = Field(description="ARTICLE_ID-N: the article's N-th quote")
    article_id: str
    n: int
    text: str | None
    kind: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_text: str | None
    cue: str | None
    start_char: int | None
    end_char: int | None
    date: str | None
    title: str | None
    outlet: str | None
    stored: int


Row = TypeVar("Row", bound=Strict)


class Listing(Strict, Generic[Row]):
    items: list[Row]
    total: int = Field(description="rows matching the filters, over all pages")
    limit: int
    offset: int
    sort: str
    next: str | None = Field(description="the next page's path and query, or null")


class ArticleRef(Strict):
    id: str
    title: str | None
    outlet: str | None
    date: str | None
    input_location: str
    mentions: int | None = None


class InputInfo(Strict):
    """The raw input the article came from (``inputs`` table)."""

    kind: str | None
    location: str
    url: str | None
    media_type: str | None
    size: int | None
    archive: str | None
    record_id: str | None
    record_date: str | None


class ArticleDetail(Strict):
    id: str
    stored: int
    article: dict[str, Any] = Field(description="the dateline.article/1 record (docs/output.md)")
    input: InputInfo
    event_ids: list[str]
    quote_ids: list[str]
    duplicate_of: str | None
    copies: list[ArticleRef] = Field(description="other members of its near-duplicate cluster")


class Report(Strict):
    """One article reporting the event, with its evidence span in that article."""

    event_id: str
    article: ArticleRef
    evidence_start: int | None
    evidence_end: int | None
    evidence_text: str | None
    source: str = Field(description="the canonical copy: syndicated copies share one source")


class EventDetail(Strict):
    id: str
    row: EventRow
    event: dict[str, Any] = Field(description="the event record as in dateline.article/1")
    article: ArticleRef
    actor: EntityRow | None
    target: EntityRow | None
    place: PlaceRow | None
    corpus_event: str | None = Field(
        description="the merged corpus event (event_clusters), null when the merge left it out"
    )
    reports: list[Report] = Field(description="every article reporting it, itself first")
    sources: int = Field(description="independent sources: syndicated copies count once")


class EntityDetail(Strict):
    id: str
    entity: EntityRow
    articles: list[ArticleRef]
    events: list[EventRow]
    quotes: list[QuoteRow]


class PlaceDetail(Strict):
    id: str
    place: PlaceRow
    articles: list[ArticleRef]
    events: list[EventRow]


class QuoteDetail(Strict):
    id: str
    quote: QuoteRow
    speaker: EntityRow | None
    article: ArticleRef


class Bucket(Strict):
    period: str
    start: str
    end: str
    type: str
    count: int


class TimelineBody(Strict):
    unit: Literal["day", "month", "year"]
    events: list[Bucket]
    articles: list[Bucket]


class Limits(Strict):
    max_limit: int
    default_limit: int
    max_offset: int
    timeout_seconds: float | None


class Meta(Strict):
    dateline: str
    store: str
    tables: dict[str, int]
    event_types: list[str]
    outlets: list[str]
    tiles: str | None
    tiles_attribution: str | None
    limits: Limits

"""The store's tables, versioned: one table per record kind, plus runs, failures, duplicates.

``SCHEMA_VERSION`` is written to the ``schema_version`` table when a store is created and
checked on every open; a change to any table below bumps it (and, once stores exist in the
wild, adds a migration in ``connection.py``). ``tests/test_store.py`` checks that every
field of every record in ``records.py`` has a column here, so a record that grows a field
cannot be stored half.

Offsets keep the contract's meaning under SQL-safe names: a record's ``start``/``end``
are ``start_char``/``end_char`` (``end`` is an SQL keyword); nested records are flattened
with their field name as a prefix (``published_date``, ``dateline_place``, ``input_url``).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 2  # 2: event_clusters


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # a DuckDB type
    doc: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # primary key; a constraint only where ingest relies on it

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        cols = [f"{c.name} {c.type}" for c in self.columns]
        if self.key:
            cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


_ARTICLE_ID = _c("article_id", "VARCHAR NOT NULL", "the article (``articles.id``)")
_N = _c("n", "INTEGER NOT NULL", "position in the article's list, from 0")
_START = _c("start_char", "INTEGER", "``start``: offset into ``articles.text``")
_END = _c("end_char", "INTEGER", "``end``: offset into ``articles.text``")

RUNS = Table(
    "runs",
    "one row per ingest run (or ``Store.add`` call), updated with every batch it commits",
    (
        _c("run_id", "INTEGER NOT NULL", "1, 2, ... in order"),
        _c("started", "TIMESTAMP NOT NULL", "UTC"),
        _c("finished", "TIMESTAMP", "UTC; NULL while running or when the run was killed"),
        _c("status", "VARCHAR NOT NULL", "running / finished / interrupted / failed"),
        _c("dateline", "VARCHAR NOT NULL", "dateline version"),
        _c("command", "VARCHAR", "the inputs as given"),
        _c("settings", "JSON", "the Settings the run used"),
        _c("processed", "INTEGER NOT NULL", "inputs stored"),
        _c("articles", "INTEGER NOT NULL", "articles stored"),
        _c("skipped_duplicate", "INTEGER NOT NULL", "inputs already stored or repeated"),
        _c("skipped_other", "INTEGER NOT NULL", "WARC records that are not pages, ..."),
        _c("failed", "INTEGER NOT NULL", "inputs or articles that failed (see ``failures``)"),
    ),
    key=("run_id",),
)

INPUTS = Table(
    "inputs",
    "one row per raw input stored, keyed by the SHA-256 of the bytes the pipeline read",
    (
        _c("id", "VARCHAR NOT NULL", "SHA-256 (hex) of the input's bytes"),
        _c("kind", "VARCHAR NOT NULL", "file / stdin / url / warc / json / api"),
        _c(
            "location",
            "VARCHAR NOT NULL",
            "path, URL, ``-``, ``ARCHIVE#RECORD-ID``, ``FILE#line=N``",
        ),
        _c("url", "VARCHAR", "the page's URL when known (WARC-Target-URI, JSON ``url``)"),
        _c("media_type", "VARCHAR", "as declared by the container (HTTP/WARC Content-Type)"),
        _c("size", "BIGINT NOT NULL", "bytes"),
        _c("archive", "VARCHAR", "the WARC/WET file holding the record"),
        _c("record_id", "VARCHAR", "WARC-Record-ID"),
        _c("record_date", "VARCHAR", "WARC-Date: when the page was captured"),
        _c("articles", "INTEGER NOT NULL", "articles it gave (a feed gives several)"),
        _c("run_id", "INTEGER NOT NULL", "the run that stored it"),
    ),
    key=("id",),
)

ARTICLES = Table(
    "articles",
    "one row per article (``Article``); list fields are in the tables below",
    (
        _c("id", "VARCHAR NOT NULL", "``Article.id``: content hash of its input"),
        _c("seq", "BIGINT NOT NULL", "insertion order over the whole store (first seen first)"),
        _c("input_id", "VARCHAR NOT NULL", "the raw input it came from (``inputs.id``)"),
        _c("run_id", "INTEGER NOT NULL", "the run that stored it"),
        _c("input_location", "VARCHAR NOT NULL", "``input.location``"),
        _c("input_media_type", "VARCHAR NOT NULL", "``input.media_type``"),
        _c("input_sha256", "VARCHAR NOT NULL", "``input.sha256``"),
        _c("input_size", "BIGINT NOT NULL", "``input.size``"),
        _c("input_encoding", "VARCHAR", "``input.encoding``"),
        _c("input_url", "VARCHAR", "``input.url``"),
        _c("input_date", "VARCHAR", "``input.date``: capture date (WARC-Date) when known"),
        _c("title", "VARCHAR", ""),
        _c("summary", "VARCHAR", ""),
        _c("language", "VARCHAR", ""),
        _c("outlet", "VARCHAR", ""),
        _c("section", "VARCHAR", ""),
        _c("tags", "VARCHAR[]", ""),
        _c("authors", "VARCHAR[]", ""),
        _c("published_date", "VARCHAR", "ISO, as precise as ``published_precision``"),
        _c("published_precision", "VARCHAR", "day / month / year"),
        _c("published_source", "VARCHAR", "which evidence gave the date"),
        _c("published_evidence", "VARCHAR", ""),
        _c("published_start", "INTEGER", ""),
        _c("published_end", "INTEGER", ""),
        _c("dateline_text", "VARCHAR", "NULL when the article has no dateline"),
        _c("dateline_place", "VARCHAR", ""),
        _c("dateline_date", "VARCHAR", ""),
        _c("dateline_agency", "VARCHAR", ""),
        _c("dateline_start", "INTEGER", ""),
        _c("dateline_end", "INTEGER", ""),
        _c("text", "VARCHAR NOT NULL", "the body; every offset indexes it"),
        _c("warnings", "VARCHAR[]", ""),
        _c("minhash", "BLOB", "``dedup.signature(text)``: MinHash of the body"),
    ),
    key=("id",),
)

BOILERPLATE = Table(
    "boilerplate",
    "what cleaning removed from each article",
    (_ARTICLE_ID, _N, _c("kind", "VARCHAR", ""), _c("text", "VARCHAR", "")),
)

ENTITIES = Table(
    "entities",
    "one row per entity of an article (ids are per article: ``a-isis``, ``e-1444da94b9``)",
    (
        _ARTICLE_ID,
        _c("entity_id", "VARCHAR NOT NULL", "``Entity.id``"),
        _N,
        _c("name", "VARCHAR", ""),
        _c("type", "VARCHAR", ""),
        _c("aliases", "VARCHAR[]", ""),
        _c("roles", "VARCHAR[]", ""),
        _c("country", "VARCHAR", "ISO3"),
        _c("sector", "VARCHAR", ""),
        _c("kb_id", "VARCHAR", "actor id in the knowledge base"),
    ),
)

ENTITY_MENTIONS = Table(
    "entity_mentions",
    "each mention of an entity",
    (
        _ARTICLE_ID,
        _c("entity_id", "VARCHAR NOT NULL", ""),
        _N,
        _START,
        _END,
        _c("text", "VARCHAR", ""),
    ),
)

PLACES = Table(
    "places",
    "one row per resolved place of an article",
    (
        _ARTICLE_ID,
        _c("place_id", "VARCHAR NOT NULL", "``Place.id`` (``g-99237``)"),
        _N,
        _c("name", "VARCHAR", ""),
        _c("geonameid", "BIGINT", ""),
        _c("lat", "DOUBLE", ""),
        _c("lon", "DOUBLE", ""),
        _c("country", "VARCHAR", ""),
        _c("admin1", "VARCHAR", ""),
        _c("feature", "VARCHAR", ""),
    ),
)

PLACE_MENTIONS = Table(
    "place_mentions",
    "each mention of a place",
    (
        _ARTICLE_ID,
        _c("place_id", "VARCHAR NOT NULL", ""),
        _N,
        _START,
        _END,
        _c("text", "VARCHAR", ""),
    ),
)

QUOTES = Table(
    "quotes",
    "who said what",
    (
        _ARTICLE_ID,
        _N,
        _c("text", "VARCHAR", ""),
        _c("kind", "VARCHAR", "direct / indirect / mixed"),
        _c("speaker", "VARCHAR", "an entity id of the same article"),
        _c("cue", "VARCHAR", ""),
        _START,
        _END,
        _c("speaker_start", "INTEGER", "``speaker_mention``: the speaker as written"),
        _c("speaker_end", "INTEGER", ""),
        _c("speaker_text", "VARCHAR", ""),
        _c("cue_start", "INTEGER", "``cue_mention``: the cue words"),
        _c("cue_end", "INTEGER", ""),
        _c("cue_text", "VARCHAR", ""),
        _c("continues", "INTEGER", "``start`` of the quote piece this one continues"),
    ),
)

EVENTS = Table(
    "events",
    "PLOVER events of an article (their counts are in ``counts`` with ``event_n``)",
    (
        _ARTICLE_ID,
        _N,
        _c("type", "VARCHAR", "PLOVER type"),
        _c("mode", "VARCHAR", ""),
        _c("cameo", "VARCHAR", ""),
        _c("actor", "VARCHAR", "entity id"),
        _c("target", "VARCHAR", "entity id"),
        _c("location", "VARCHAR", "place id"),
        _c("date", "VARCHAR", ""),
        _c("modality", "VARCHAR", ""),
        _c("confidence", "DOUBLE", ""),
        _c("evidence_start", "INTEGER", ""),
        _c("evidence_end", "INTEGER", ""),
        _c("evidence_text", "VARCHAR", ""),
        _c("context", "VARCHAR[]", "PLOVER contexts"),
        _c("trigger_start", "INTEGER", "``trigger``: the words the event was coded from"),
        _c("trigger_end", "INTEGER", ""),
        _c("trigger_text", "VARCHAR", ""),
        _c("date_kind", "VARCHAR", "on / start / before / not_before / after"),
    ),
)

EVENT_PARTIES = Table(
    "event_parties",
    "each event's actors and targets as coded (``Event.actors``, ``Event.targets``)",
    (
        _ARTICLE_ID,
        _c("event_n", "INTEGER NOT NULL", "the event (``events.n``)"),
        _c("role", "VARCHAR NOT NULL", "actor / target"),
        _N,
        _c("text", "VARCHAR", "the words"),
        _START,
        _END,
        _c("entity", "VARCHAR", "entity id, when the words name an entity"),
        _c("country", "VARCHAR", "ISO3"),
        _c("sector", "VARCHAR", ""),
        _c("code", "VARCHAR", "CAMEO actor code"),
    ),
)

COUNTS = Table(
    "counts",
    "numbers of people killed, arrested, ...: the article's, and each event's",
    (
        _ARTICLE_ID,
        _c("event_n", "INTEGER", "NULL: ``Article.counts``; k: ``Article.events[k].counts``"),
        _N,
        _c("kind", "VARCHAR", ""),
        _c("number", "BIGINT", ""),
        _c("qualifier", "VARCHAR", "exact / at_least / about"),
        _c("object", "VARCHAR", ""),
        _START,
        _END,
        _c("upper", "BIGINT", 'the top of a range ("10 to 15": number 10, upper 15)'),
    ),
)

DUPLICATES = Table(
    "duplicates",
    "near-duplicate clusters: every member of a cluster of two or more, canonical included",
    (
        _ARTICLE_ID,
        _c("canonical_id", "VARCHAR NOT NULL", "the earliest copy (maps to itself)"),
    ),
)

FAILURES = Table(
    "failures",
    "inputs or articles that failed, per run (a failed input is retried by the next run)",
    (
        _c("run_id", "INTEGER NOT NULL", ""),
        _c("location", "VARCHAR NOT NULL", "as in ``inputs.location``"),
        _c("input_id", "VARCHAR", "NULL when the bytes could not be read"),
        _c("error", "VARCHAR NOT NULL", "error class: InputTooLarge, NoArticle, ..."),
        _c("message", "VARCHAR NOT NULL", ""),
    ),
)

EVENT_CLUSTERS = Table(
    "event_clusters",
    "events merged across articles (store/corpus.py): one row per asserted or reported"
    " event mention, with the corpus event it reports",
    (
        _c("event_id", "VARCHAR NOT NULL", "the corpus event (stable: from its earliest mention)"),
        _ARTICLE_ID,
        _c("event_n", "INTEGER NOT NULL", "the event (``events.n``)"),
        _c("type", "VARCHAR NOT NULL", "PLOVER type"),
        _c("sources", "INTEGER NOT NULL", "independent reports: syndicated copies count once"),
        _c("mentions", "INTEGER NOT NULL", "reports, copies included"),
    ),
)

TABLES: tuple[Table, ...] = (
    RUNS,
    INPUTS,
    ARTICLES,
    BOILERPLATE,
    ENTITIES,
    ENTITY_MENTIONS,
    PLACES,
    PLACE_MENTIONS,
    QUOTES,
    EVENTS,
    EVENT_PARTIES,
    COUNTS,
    DUPLICATES,
    EVENT_CLUSTERS,
    FAILURES,
)
BY_NAME = {t.name: t for t in TABLES}

VERSION_DDL = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL, dateline VARCHAR NOT NULL,"
    " created TIMESTAMP NOT NULL)"
)

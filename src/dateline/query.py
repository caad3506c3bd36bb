"""The one filter layer over the corpus store: ``dateline query``, the REST API and the web
app all ask it, so a filter means the same thing everywhere (docs/web.md).

>>> from dateline.query import Filters, Page, Query
>>> with Store.open("news.duckdb", read_only=True) as store:
...     listing = Query(store).list("events", Filters(type=("ASSAULT",), since="2014"))
...     listing.result.to_pandas()

Five kinds of item: ``articles``, ``events``, ``entities`` and ``places`` (one row per id
over the whole corpus: ``a-isis`` or ``g-99237`` in every article that names it) and
``quotes``. Every filter applies to every kind: where a filter belongs to the item (an
event's type, place and date; a quote's speaker) it tests the item, otherwise it tests the
item's article (a quote "in Iraq" is a quote from an article that names a place Iraq).

User values reach DuckDB only as parameters; the SQL text is built from the constants in
this module, and sorting takes only the keys of ``SORTS``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import duckdb

from .errors import ConfigError, StoreError
from .store import Result, Store
from .store.database import store_error

KINDS = ("articles", "events", "entities", "places", "quotes")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500  # rows in one page, for the API and the CLI alike
MAX_OFFSET = 1_000_000
DEFAULT_TIMEOUT = 10.0  # seconds a request's queries may take before DuckDB is interrupted
MAX_VALUE = 200  # characters of a filter value
# ISO dates as precise as known; checked by shape only (they compare as strings).
DATE_PATTERN = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
_DATE = re.compile(DATE_PATTERN)
MAX_TYPES = 50


class QueryTimeout(StoreError):
    """A query ran past its time limit and DuckDB was interrupted."""

    hint = "narrow the filters, or raise the time limit"


@dataclass(frozen=True, slots=True)
class BBox:
    """A bounding box in degrees; ``west > east`` crosses the antimeridian; a box whose
    south is north of its north holds nothing (like a date range that ends before it
    starts)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """``"W,S,E,N"``, e.g. ``"35,29,49,38"`` for Syria and Iraq."""
        parts = text.split(",")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ConfigError(
                f"bbox must be four numbers W,S,E,N, not {text!r}", hint="e.g. 35,29,49,38"
            ) from None
        return cls(west, south, east, north)

    def __post_init__(self) -> None:
        if not (-180 <= self.west <= 180 and -180 <= self.east <= 180):
            raise ConfigError("bbox longitudes must lie in [-180, 180]")
        if not (-90 <= self.south <= 90 and -90 <= self.north <= 90):
            raise ConfigError("bbox latitudes must lie in [-90, 90]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What to find. Every field is optional; all that are given must hold.

    ``entity`` and ``place`` match an id, a name or (entities) an alias, ignoring case;
    ``type`` is one or more PLOVER event types; ``since``/``until`` are ISO dates as
    precise as you like (``2014``, ``2014-12``, ``2014-12-12``) and keep items whose date
    overlaps the range; ``text`` is a substring, ignoring case."""

    entity: str | None = None
    type: tuple[str, ...] = ()
    entity_type: str | None = None
    place: str | None = None
    bbox: BBox | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and not 1 <= len(value) <= MAX_VALUE:
                raise ConfigError(f"{f.name} must have 1 to {MAX_VALUE} characters")
        types = tuple(t.strip().upper() for t in self.type if t.strip())
        if len(types) > MAX_TYPES or any(len(t) > MAX_VALUE for t in types):
            raise ConfigError(f"type takes at most {MAX_TYPES} types of {MAX_VALUE} characters")
        object.__setattr__(self, "type", types)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _valid_date(value):
                raise ConfigError(
                    f"{name} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}"
                )

    @classmethod
    def from_params(
        cls,
        *,
        entity: str | None = None,
        type: Sequence[str] = (),
        entity_type: str | None = None,
        place: str | None = None,
        bbox: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        text: str | None = None,
    ) -> Filters:
        """Filters from the raw strings of a command line or a URL: ``bbox`` as
        ``W,S,E,N`` (``BBox.parse``), ``type`` as any sequence."""
        return cls(
            entity=entity,
            type=tuple(type),
            entity_type=entity_type,
            place=place,
            bbox=BBox.parse(bbox) if bbox else None,
            since=since,
            until=until,
            outlet=outlet,
            text=text,
        )

    def given(self) -> dict[str, Any]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """Which rows: ``sort`` is a key of ``SORTS[kind]``, ``-key`` for descending."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ConfigError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise ConfigError(f"offset must be between 0 and {MAX_OFFSET}, not {self.offset}")


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a kind, with how many rows match in all."""

    kind: str
    result: Result
    total: int
    limit: int
    offset: int
    sort: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON envelope of a page: its items, the total, and the page asked for."""
        return {
            "items": self.result.to_dicts(),
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "sort": self.sort,
        }


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bar of the timeline: ``count`` items of ``type`` from ``start`` to ``end``."""

    period: str  # 2014-12-12, 2014-12 or 2014, by the timeline's unit
    start: str  # first day, ISO
    end: str  # last day, ISO
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events by type and articles per period; ``unit`` is day, month or year."""

    unit: str
    events: tuple[Bucket, ...]
    articles: tuple[Bucket, ...]


# -- SQL pieces ------------------------------------------------------------------------
# Every item's row has its article as ``a``. Dates are ISO strings of 4, 7 or 10+
# characters; a date is the range of days it names, so "2014-12" is 2014-12-01..31.

ARTICLE_DATE = "coalesce(a.published_date, a.dateline_date, left(a.input_date, 10))"


def date_start(expr: str) -> str:
    return (
        f"(CASE length({expr}) WHEN 4 THEN {expr} || '-01-01' "
        f"WHEN 7 THEN {expr} || '-01' ELSE left({expr}, 10) END)"
    )


def date_end(expr: str) -> str:
    return (
        f"(CASE length({expr}) WHEN 4 THEN {expr} || '-12-31' "
        f"WHEN 7 THEN {expr} || '-31' ELSE left({expr}, 10) END)"
    )


def entity_match(x: str) -> str:
    """Entity row ``x`` is the one named: by id, name or alias (three parameters)."""
    return (
        f"(lower({x}.entity_id) = lower(?) OR lower({x}.name) = lower(?)"
        f" OR lower(?) IN (SELECT lower(unnest({x}.aliases))))"
    )


def place_match(y: str) -> str:
    """Place row ``y`` is the one named: by id or name (two parameters)."""
    return f"(lower({y}.place_id) = lower(?) OR lower({y}.name) = lower(?))"


def in_bbox(y: str, box: BBox, *, lat: str = "", lon: str = "") -> tuple[str, list[Any]]:
    """Place row ``y`` (or the ``lat``/``lon`` expressions) lies in ``box``."""
    lat, lon = lat or f"{y}.lat", lon or f"{y}.lon"
    east = f"{lon} BETWEEN ? AND ?" if box.west <= box.east else f"({lon} >= ? OR {lon} <= ?)"
    return f"({lat} BETWEEN ? AND ? AND {east})", [box.south, box.north, box.west, box.east]


def contains(expr: str) -> str:
    return f"contains(lower(coalesce({expr}, '')), lower(?))"


def in_party(v: str, entity: str) -> str:
    """The entity id ``entity`` (an SQL expression: ``x.entity_id``, or ``?`` for three
    parameters) is an actor or target of event row ``v``."""
    return (
        f"({entity} = {v}.actor OR {entity} = {v}.target OR EXISTS (SELECT 1 FROM"
        f" event_parties q WHERE q.article_id = {v}.article_id AND q.event_n = {v}.n"
        f" AND q.entity = {entity}))"
    )


Cond = tuple[str, list[Any]]
Builder = Callable[[Any], Cond]


def _overlaps(expr: str, since: str | None, until: str | None) -> Cond:
    parts, params = [], []
    if since:
        parts.append(f"{date_end(expr)} >= ?")
        params.append(_start(since))
    if until:
        parts.append(f"{date_start(expr)} <= ?")
        params.append(_end(until))
    return " AND ".join(parts), params


def _types(kind_cond: str) -> Builder:
    return lambda types: (kind_cond, [list(types)])


TYPES_IN = "upper({}.type) IN (SELECT unnest(?::VARCHAR[]))"

# Filters tested on the item's article.
ARTICLE_LEVEL: dict[str, Builder] = {
    "entity": lambda v: (
        f"EXISTS (SELECT 1 FROM entities x1 WHERE x1.article_id = a.id AND {entity_match('x1')})",
        [v, v, v],
    ),
    "type": _types(
        f"EXISTS (SELECT 1 FROM events v1 WHERE v1.article_id = a.id AND {TYPES_IN.format('v1')})"
    ),
    "entity_type": lambda v: (
        "EXISTS (SELECT 1 FROM entities x2 WHERE x2.article_id = a.id"
        " AND upper(x2.type) = upper(?))",
        [v],
    ),
    "place": lambda v: (
        f"EXISTS (SELECT 1 FROM places y1 WHERE y1.article_id = a.id AND {place_match('y1')})",
        [v, v],
    ),
    "bbox": lambda box: _exists_place_in(box),
    "outlet": lambda v: ("lower(a.outlet) = lower(?)", [v]),
    "text": lambda v: (f"({contains('a.title')} OR {contains('a.text')})", [v, v]),
}


def _exists_place_in(box: BBox) -> Cond:
    cond, params = in_bbox("y2", box)
    return f"EXISTS (SELECT 1 FROM places y2 WHERE y2.article_id = a.id AND {cond})", params


@dataclass(frozen=True, slots=True)
class Kind:
    """How one kind of item is selected, filtered and sorted."""

    name: str
    select: str  # SELECT ... FROM ... with the article as ``a``; WHERE is added
    group: str  # GROUP BY clause, or ""
    date: str  # the item's date, for since/until
    sorts: dict[str, str]  # sort key -> output column
    default_sort: str
    tiebreak: str  # output column(s) that make the order total
    native: dict[str, Builder] = field(default_factory=dict)


ARTICLES = Kind(
    "articles",
    f"""SELECT a.id, a.title, a.outlet, {ARTICLE_DATE} AS date, a.published_precision AS precision,
  a.language, a.summary, a.input_location, a.input_url, a.dateline_place, length(a.text) AS chars,
  (SELECT count(*) FROM events v WHERE v.article_id = a.id) AS events,
  (SELECT count(*) FROM entities x WHERE x.article_id = a.id) AS entities,
  (SELECT count(*) FROM quotes u WHERE u.article_id = a.id) AS quotes,
  (SELECT min(d.canonical_id) FROM duplicates d
     WHERE d.article_id = a.id AND d.canonical_id <> a.id) AS duplicate_of,
  a.seq AS stored
FROM articles a""",
    "",
    ARTICLE_DATE,
    {"date": "date", "title": "title", "outlet": "outlet", "events": "events", "stored": "stored"},
    "-date",
    "stored",
)

# Where an event is drawn: its own place; else the first place its evidence sentence
# names; else its article's dateline place (``geo_source`` says which).
_FIRST_PLACE = (
    "(SELECT arg_min(pm.place_id, pm.start_char) FROM place_mentions pm"
    " WHERE pm.article_id = v.article_id AND pm.start_char >= {start} AND pm.end_char <= {end})"
)


def _where(column: str) -> str:
    return f"coalesce(p.{column}, sp.{column}, dp.{column})"


EVENTS = Kind(
    "events",
    f"""SELECT v.article_id || '-' || CAST(v.n AS VARCHAR) AS id, v.article_id, v.n, v.type, v.mode,
  v.cameo, v.modality, v.confidence, coalesce(v.date, {ARTICLE_DATE}) AS date,
  v.date AS event_date, v.date_kind, v.actor, ea.name AS actor_name, v.target,
  et.name AS target_name, v.location, {_where("place_id")} AS place_id, {_where("name")} AS place,
  {_where("lat")} AS lat, {_where("lon")} AS lon, {_where("country")} AS country,
  CASE WHEN p.place_id IS NOT NULL THEN 'event' WHEN sp.place_id IS NOT NULL THEN 'evidence'
    WHEN dp.place_id IS NOT NULL THEN 'dateline' END AS geo_source,
  v.evidence_start, v.evidence_end, v.evidence_text, c.event_id AS corpus_event,
  c.sources, a.title, a.outlet, a.seq AS stored
FROM events v JOIN articles a ON a.id = v.article_id
LEFT JOIN event_clusters c ON c.article_id = v.article_id AND c.event_n = v.n
LEFT JOIN places p ON p.article_id = v.article_id AND p.place_id = v.location
LEFT JOIN places sp ON sp.article_id = v.article_id AND v.location IS NULL
  AND sp.place_id = {_FIRST_PLACE.format(start="v.evidence_start", end="v.evidence_end")}
LEFT JOIN places dp ON dp.article_id = v.article_id AND v.location IS NULL
  AND dp.place_id = {_FIRST_PLACE.format(start="a.dateline_start", end="a.dateline_end")}
LEFT JOIN entities ea ON ea.article_id = v.article_id AND ea.entity_id = v.actor
LEFT JOIN entities et ON et.article_id = v.article_id AND et.entity_id = v.target""",
    "",
    f"coalesce(v.date, {ARTICLE_DATE})",
    {
        "date": "date",
        "type": "type",
        "confidence": "confidence",
        "place": "place",
        "stored": "stored",
    },
    "date",
    "stored, n",
    {
        "entity": lambda v: (
            "EXISTS (SELECT 1 FROM entities x1 WHERE x1.article_id = v.article_id"
            f" AND {entity_match('x1')} AND {in_party('v', 'x1.entity_id')})",
            [v, v, v],
        ),
        "type": _types(TYPES_IN.format("v")),
        "place": lambda v: (
            f"(lower({_where('place_id')}) = lower(?) OR lower({_where('name')}) = lower(?))",
            [v, v],
        ),
        "bbox": lambda box: in_bbox("", box, lat=_where("lat"), lon=_where("lon")),
        "text": lambda v: (contains("v.evidence_text"), [v]),
    },
)

_ENTITY_MENTIONS = (
    "LEFT JOIN (SELECT article_id, entity_id, count(*) AS k FROM entity_mentions GROUP BY ALL) m"
    " ON m.article_id = x.article_id AND m.entity_id = x.entity_id"
)

ENTITIES = Kind(
    "entities",
    f"""SELECT x.entity_id AS id, mode(x.name) AS name, mode(x.type) AS type,
  list_sort(list_distinct(flatten(list(coalesce(x.aliases, []::VARCHAR[]))))) AS aliases,
  list_sort(list_distinct(flatten(list(coalesce(x.roles, []::VARCHAR[]))))) AS roles,
  mode(x.country) AS country, mode(x.sector) AS sector, mode(x.kb_id) AS kb_id,
  count(DISTINCT x.article_id) AS articles, CAST(sum(coalesce(m.k, 0)) AS BIGINT) AS mentions,
  min({ARTICLE_DATE}) AS first_seen, max({ARTICLE_DATE}) AS last_seen
FROM entities x JOIN articles a ON a.id = x.article_id
{_ENTITY_MENTIONS}""",
    "GROUP BY x.entity_id",
    ARTICLE_DATE,
    {
        "name": "name",
        "type": "type",
        "articles": "articles",
        "mentions": "mentions",
        "first": "first_seen",
        "last": "last_seen",
    },
    "-mentions",
    "id",
    {
        "entity": lambda v: (entity_match("x"), [v, v, v]),
        "entity_type": lambda v: ("upper(x.type) = upper(?)", [v]),
        "type": _types(
            "EXISTS (SELECT 1 FROM events v1 WHERE v1.article_id = x.article_id"
            f" AND {TYPES_IN.format('v1')} AND {in_party('v1', 'x.entity_id')})"
        ),
        "text": lambda v: (
            f"({contains('x.name')} OR EXISTS (SELECT 1 FROM (SELECT unnest(x.aliases) AS s)"
            " WHERE contains(lower(s), lower(?))))",
            [v, v],
        ),
    },
)

PLACES = Kind(
    "places",
    """SELECT y.place_id AS id, mode(y.name) AS name, mode(y.geonameid) AS geonameid,
  mode(y.lat) AS lat, mode(y.lon) AS lon, mode(y.country) AS country, mode(y.admin1) AS admin1,
  mode(y.feature) AS feature, count(DISTINCT y.article_id) AS articles,
  CAST(sum(coalesce(m.k, 0)) AS BIGINT) AS mentions,
  CAST(sum(coalesce(ev.k, 0)) AS BIGINT) AS events
FROM places y JOIN articles a ON a.id = y.article_id
LEFT JOIN (SELECT article_id, place_id, count(*) AS k FROM place_mentions GROUP BY ALL) m
  ON m.article_id = y.article_id AND m.place_id = y.place_id
LEFT JOIN (SELECT article_id, location, count(*) AS k FROM events GROUP BY ALL) ev
  ON ev.article_id = y.article_id AND ev.location = y.place_id""",
    "GROUP BY y.place_id",
    ARTICLE_DATE,
    {
        "name": "name",
        "articles": "articles",
        "mentions": "mentions",
        "events": "events",
        "country": "country",
    },
    "-mentions",
    "id",
    {
        "place": lambda v: (place_match("y"), [v, v]),
        "bbox": lambda box: in_bbox("y", box),
        "type": _types(
            "EXISTS (SELECT 1 FROM events v1 WHERE v1.article_id = y.article_id"
            f" AND v1.location = y.place_id AND {TYPES_IN.format('v1')})"
        ),
        "text": lambda v: (contains("y.name"), [v]),
    },
)

QUOTES = Kind(
    "quotes",
    f"""SELECT u.article_id || '-' || CAST(u.n AS VARCHAR) AS id, u.article_id, u.n, u.text, u.kind,
  u.speaker, s.name AS speaker_name, u.speaker_text, u.cue, u.start_char, u.end_char,
  {ARTICLE_DATE} AS date, a.title, a.outlet, a.seq AS stored
FROM quotes u JOIN articles a ON a.id = u.article_id
LEFT JOIN entities s ON s.article_id = u.article_id AND s.entity_id = u.speaker""",
    "",
    ARTICLE_DATE,
    {"date": "date", "speaker": "speaker_name", "stored": "stored"},
    "date",
    "stored, n",
    {
        "entity": lambda v: (f"(s.entity_id IS NOT NULL AND {entity_match('s')})", [v, v, v]),
        "entity_type": lambda v: ("upper(s.type) = upper(?)", [v]),
        "text": lambda v: (contains("u.text"), [v]),
    },
)

BY_KIND = {k.name: k for k in (ARTICLES, EVENTS, ENTITIES, PLACES, QUOTES)}
SORTS: dict[str, tuple[str, ...]] = {k.name: tuple(k.sorts) for k in BY_KIND.values()}


def kind_of(name: str) -> Kind:
    try:
        return BY_KIND[name]
    except KeyError:
        raise ConfigError(f"no kind {name!r}; the kinds are {', '.join(KINDS)}") from None


def where(kind: Kind, filters: Filters) -> Cond:
    """The WHERE clause (or "") and its parameters for ``filters`` on ``kind``."""
    parts: list[str] = []
    params: list[Any] = []
    for name, value in filters.given().items():
        if name in ("since", "until"):
            continue
        build = kind.native.get(name) or ARTICLE_LEVEL[name]
        cond, values = build(value)
        parts.append(cond)
        params += values
    if filters.since or filters.until:
        cond, values = _overlaps(kind.date, filters.since, filters.until)
        parts.append(cond)
        params += values
    return ("WHERE " + "\n  AND ".join(parts) if parts else ""), params


def inner_sql(kind: Kind, filters: Filters) -> Cond:
    """Every matching row of ``kind``, unordered: the base of a page, a count, a timeline."""
    clause, params = where(kind, filters)
    return f"{kind.select}\n{clause}\n{kind.group}", params


def order_by(kind: Kind, sort: str | None) -> tuple[str, str]:
    """``ORDER BY`` text from the whitelist, and the sort key as given (or the default)."""
    key = sort or kind.default_sort
    name = key.removeprefix("-")
    if name not in kind.sorts:
        raise ConfigError(
            f"cannot sort {kind.name} by {name!r}; sort by {', '.join(kind.sorts)}",
            hint="prefix a key with - to sort descending",
        )
    direction = "DESC" if key.startswith("-") else "ASC"
    tiebreak = ", ".join(f"{c} {direction}" for c in kind.tiebreak.split(", "))
    return f"ORDER BY {kind.sorts[name]} {direction} NULLS LAST, {tiebreak}", key


def page_sql(kind: Kind, filters: Filters, page: Page) -> tuple[str, list[Any], str]:
    inner, params = inner_sql(kind, filters)
    order, key = order_by(kind, page.sort)
    text = f"SELECT * FROM (\n{inner}\n) q\n{order}\nLIMIT ? OFFSET ?"
    return text, [*params, page.limit, page.offset], key


class Reader:
    """One cursor for one request: every query it runs shares one deadline."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection):
        self.cursor = cursor

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Result:
        cur = self.cursor.execute(sql, list(params))
        names = tuple(d[0] for d in cur.description or ())
        return Result(names, tuple(cur.fetchall()))

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params).to_dicts()
        return found[0] if found else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = self.cursor.execute(sql, list(params)).fetchone()
        return found[0] if found else None


class Query:
    """Filtered, paged reads over a store, each request under a time limit."""

    def __init__(self, store: Store, *, timeout: float | None = DEFAULT_TIMEOUT):
        self.store = store
        self.timeout = timeout

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A ``Reader`` on its own cursor (so threads can read at once); DuckDB is
        interrupted when the queries run in this block pass ``timeout`` seconds."""
        try:
            cursor = self.store.con.cursor()
        except duckdb.Error as exc:  # the store was closed under us
            raise store_error(exc, self.store.path, doing="cannot read") from exc
        timer = threading.Timer(self.timeout, cursor.interrupt) if self.timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            yield Reader(cursor)
        except duckdb.InterruptException as exc:
            raise QueryTimeout(
                f"the query took longer than {self.timeout:g} s", source=str(self.store.path)
            ) from exc
        except duckdb.Error as exc:
            raise store_error(exc, self.store.path, doing="cannot read") from exc
        finally:
            if timer:
                timer.cancel()
            cursor.close()

    def list(self, kind: str, filters: Filters | None = None, page: Page | None = None) -> Listing:
        """One page of ``kind`` matching ``filters``, and the number of all that match."""
        spec = kind_of(kind)
        filters = filters or Filters()
        page = page or Page()
        text, params, key = page_sql(spec, filters, page)
        inner, inner_params = inner_sql(spec, filters)
        with self.reading() as reader:
            result = reader.rows(text, params)
            total = reader.scalar(f"SELECT count(*) FROM (\n{inner}\n) q", inner_params)
        return Listing(kind, result, int(total or 0), page.limit, page.offset, key)

    def timeline(self, filters: Filters | None = None, *, unit: str | None = None) -> Timeline:
        """Events by type and articles per day, month or year (``unit``; by default the
        finest that keeps the span under ~120 bars). An item dated only to a month or
        year counts in the first bar of that month or year."""
        filters = filters or Filters()
        events, e_params = inner_sql(EVENTS, filters)
        articles, a_params = inner_sql(ARTICLES, filters)
        day = date_start("date")
        with self.reading() as reader:
            by_type = reader.rows(
                f"SELECT {day} AS day, type, count(*) AS n FROM ({events}) q"
                " WHERE date IS NOT NULL GROUP BY ALL",
                e_params,
            )
            by_day = reader.rows(
                f"SELECT {day} AS day, count(*) AS n FROM ({articles}) q"
                " WHERE date IS NOT NULL GROUP BY ALL",
                a_params,
            )
        days = [r[0] for r in (*by_type.rows, *by_day.rows) if _valid_date(r[0])]
        unit = unit or _unit(days)
        if unit not in UNITS:
            raise ConfigError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
        return Timeline(
            unit,
            _buckets(((d, t or "UNKNOWN", n) for d, t, n in by_type.rows), unit),
            _buckets(((d, "articles", n) for d, n in by_day.rows), unit),
        )


UNITS = {"day": 10, "month": 7, "year": 4}


def _unit(days: list[str]) -> str:
    if not days:
        return "day"
    try:
        span = (date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days
    except ValueError:  # a well-shaped impossible day (2014-02-31)
        return "month"
    if span <= 120:
        return "day"
    return "month" if span <= 365 * 10 else "year"


def _buckets(rows: Iterator[tuple[str, str, int]] | Any, unit: str) -> tuple[Bucket, ...]:
    totals: dict[tuple[str, str], int] = {}
    for day, kind, n in rows:
        if not _valid_date(day):
            continue
        key = (day[: UNITS[unit]], kind)
        totals[key] = totals.get(key, 0) + int(n)
    return tuple(
        Bucket(period, _start(period), _end(period), kind, n)
        for (period, kind), n in sorted(totals.items())
    )


def _valid_date(text: str | None) -> bool:
    return bool(text and _DATE.fullmatch(text))


def _start(text: str) -> str:
    return {4: text + "-01-01", 7: text + "-01"}.get(len(text), text[:10])


def _end(text: str) -> str:
    if len(text) == 4:
        return text + "-12-31"
    if len(text) == 7:
        # Bounds compare as strings: February's 29th bounds every February, leap or not.
        return f"{text}-{_MONTH_DAYS[int(text[5:7])]:02d}"
    return text[:10]


_MONTH_DAYS = {
    1: 31,
    2: 29,
    3: 31,
    4: 30,
    5: 31,
    6: 30,
    7: 31,
    8: 31,
    9: 30,
    10: 31,
    11: 30,
    12: 31,
}

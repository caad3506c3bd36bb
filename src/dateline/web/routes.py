"""The REST API: a list and an item endpoint per kind, the timeline, and the store's facts.

Every list takes the filters of ``dateline query`` (``query.Filters``) and a page
(``limit``, ``offset``, ``sort`` from the kind's whitelist). Handlers are plain functions
(FastAPI runs them on its thread pool); each request reads through its own DuckDB cursor
under the server's time limit (``Query.reading``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import Field

from .. import __version__
from ..query import (
    BY_KIND,
    DATE_PATTERN,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_TYPES,
    MAX_VALUE,
    Filters,
    Page,
)
from ..query import Query as Reads
from ..store import TABLES
from . import items
from .errors import ERROR_RESPONSES
from .models import (
    ArticleDetail,
    ArticleRow,
    EntityDetail,
    EntityRow,
    EventDetail,
    EventRow,
    Listing,
    Meta,
    PlaceDetail,
    PlaceRow,
    QuoteDetail,
    QuoteRow,
    Strict,
    TimelineBody,
)

# Degrees in range, so that every bbox the schema allows is one the API accepts.
LON = r"-?(180(\.0+)?|(1[0-7][0-9]|[0-9]{1,2})(\.[0-9]+)?)"
LAT = r"-?(90(\.0+)?|[0-8]?[0-9](\.[0-9]+)?)"
BBOX_PATTERN = rf"^{LON},{LAT},{LON},{LAT}$"

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def reads(request: Request) -> Reads:
    query: Reads = request.app.state.query
    return query


TypeItem = Annotated[str, Field(max_length=MAX_VALUE)]


def filters(
    entity: str | None = Query(
        None,
        description="Entity id, name or alias (any case)",
        max_length=MAX_VALUE,
        min_length=1,
    ),
    type: list[TypeItem] = Query(  # noqa: B008 - FastAPI's way of declaring a query list
        [], max_length=MAX_TYPES, description="PLOVER event type; repeat for several"
    ),
    entity_type: str | None = Query(
        None, description="PERSON, ORG, ...", max_length=MAX_VALUE, min_length=1
    ),
    place: str | None = Query(
        None, description="Place id (g-99237) or name", max_length=MAX_VALUE, min_length=1
    ),
    bbox: str | None = Query(
        None, pattern=BBOX_PATTERN, description="west,south,east,north in degrees"
    ),
    since: str | None = Query(None, pattern=f"^{DATE_PATTERN}$", description="YYYY[-MM[-DD]]"),
    until: str | None = Query(None, pattern=f"^{DATE_PATTERN}$", description="YYYY[-MM[-DD]]"),
    outlet: str | None = Query(
        None, description="Outlet name (any case)", max_length=MAX_VALUE, min_length=1
    ),
    text: str | None = Query(
        None, description="Substring of the item's text", max_length=MAX_VALUE, min_length=1
    ),
) -> Filters:
    return Filters.from_params(
        entity=entity,
        type=type,
        entity_type=entity_type,
        place=place,
        bbox=bbox,
        since=since,
        until=until,
        outlet=outlet,
        text=text,
    )


def pager(kind: str) -> Callable[..., Page]:
    keys = tuple(BY_KIND[kind].sorts)
    pattern = "^-?(" + "|".join(keys) + ")$"

    def page(
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        sort: str | None = Query(
            None,
            pattern=pattern,
            description=f"One of {', '.join(keys)}; -key sorts descending "
            f"(default {BY_KIND[kind].default_sort})",
        ),
    ) -> Page:
        return Page(limit=limit, offset=offset, sort=sort)

    return page


ROWS: dict[str, type[Strict]] = {
    "articles": ArticleRow,
    "events": EventRow,
    "entities": EntityRow,
    "places": PlaceRow,
    "quotes": QuoteRow,
}
DETAILS: dict[str, tuple[type[Strict], Callable[..., Any]]] = {
    "articles": (ArticleDetail, items.article),
    "events": (EventDetail, items.event),
    "entities": (EntityDetail, items.entity),
    "places": (PlaceDetail, items.place),
    "quotes": (QuoteDetail, items.quote),
}
SUMMARIES = {
    "articles": "Articles, with counts of their events, entities and quotes",
    "events": "Events, each with its place, actors and evidence sentence",
    "entities": "Entities over the whole corpus, with aliases, roles and counts",
    "places": "Places over the whole corpus, with coordinates and counts",
    "quotes": "Quotes with their speakers",
}
ITEM_SUMMARIES = {
    "articles": "One article: text, mentions, quotes, events, boilerplate, original input",
    "events": "One event with every article that reports it and the evidence in each",
    "entities": "One entity: aliases, roles, articles, events and quotes",
    "places": "One place: its articles and events",
    "quotes": "One quote with its speaker and article",
}


def _add_kind(kind: str) -> None:
    row_model = ROWS[kind]
    detail_model, fetch = DETAILS[kind]

    def listing(
        request: Request,
        given: Filters = Depends(filters),  # noqa: B008
        page: Page = Depends(pager(kind)),  # noqa: B008
        query: Reads = Depends(reads),  # noqa: B008
    ) -> dict[str, Any]:
        found = query.list(kind, given, page)
        more = found.offset + found.limit < found.total
        following = request.url.include_query_params(offset=found.offset + found.limit)
        return {
            **found.to_dict(),
            "next": f"{following.path}?{following.query}" if more else None,
        }

    def item(
        item_id: str = Path(max_length=300, description="The item's id"),
        query: Reads = Depends(reads),  # noqa: B008
    ) -> dict[str, Any]:
        with query.reading() as reader:
            found = fetch(reader, item_id)
        if found is None:
            raise HTTPException(404, f"no {kind[:-1].replace('entitie', 'entity')} {item_id!r}")
        return dict(found)

    router.add_api_route(
        f"/{kind}",
        listing,
        methods=["GET"],
        response_model=Listing[row_model],  # type: ignore[valid-type]
        summary=SUMMARIES[kind],
        name=f"list_{kind}",
        tags=[kind],
    )
    router.add_api_route(
        f"/{kind}/{{item_id}}",
        item,
        methods=["GET"],
        response_model=detail_model,
        summary=ITEM_SUMMARIES[kind],
        name=f"get_{kind}",
        tags=[kind],
    )


for _kind in ROWS:
    _add_kind(_kind)


@router.get("/timeline", response_model=TimelineBody, tags=["timeline"])
def timeline(
    given: Filters = Depends(filters),  # noqa: B008
    unit: str | None = Query(None, pattern="^(day|month|year)$", description="Bar width"),
    query: Reads = Depends(reads),  # noqa: B008
) -> dict[str, Any]:
    """Events by type and articles per day, month or year, for the same filters."""
    found = query.timeline(given, unit=unit)
    return {
        "unit": found.unit,
        "events": [asdict(b) for b in found.events],
        "articles": [asdict(b) for b in found.articles],
    }


@router.get("/meta", response_model=Meta, tags=["meta"])
def meta(request: Request, query: Reads = Depends(reads)) -> dict[str, Any]:  # noqa: B008
    """The store's tables and their sizes, event types, outlets, the map's tile setting and
    the API's limits."""
    settings = request.app.state.settings
    with query.reading() as reader:
        tables = reader.rows(
            " UNION ALL ".join(f"SELECT '{t.name}', count(*) FROM {t.name}" for t in TABLES)
        )
        types = reader.rows("SELECT DISTINCT type FROM events WHERE type IS NOT NULL ORDER BY 1")
        outlets = reader.rows(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY 1"
            " ORDER BY count(*) DESC, 1 LIMIT 100"
        )
    return {
        "dateline": __version__,
        "store": query.store.path.name,
        "tables": {name: int(size or 0) for name, size in tables.rows},
        "event_types": types.column("type"),
        "outlets": outlets.column("outlet"),
        "tiles": settings.tiles,
        "tiles_attribution": settings.tiles_attribution,
        "limits": {
            "max_limit": MAX_LIMIT,
            "default_limit": DEFAULT_LIMIT,
            "max_offset": MAX_OFFSET,
            "timeout_seconds": query.timeout,
        },
    }

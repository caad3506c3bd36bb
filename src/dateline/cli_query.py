"""``dateline query`` (filtered reads as a table, JSON or CSV) and ``dateline serve`` (the
REST API and the web app), registered in cli.py. Both read the store read-only.

Exit codes: 0 done; 1 ``serve --get`` answered with an error status; 2 a bad option or
filter; 4 the store cannot be opened or read (missing, locked by an ingest, a query past
its time limit).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_corpus import EXIT_STORE, _db_option
from .errors import ConfigError, DatelineError, StoreError
from .query import DEFAULT_LIMIT, DEFAULT_TIMEOUT, KINDS, MAX_LIMIT, MAX_OFFSET

if TYPE_CHECKING:
    from .query import Listing

EXIT_ERROR_STATUS = 1
_CELL = 50  # characters of a text cell shown in --format table

# What --format table shows of each kind (json and csv give every column).
TABLE_COLUMNS = {
    "articles": ("id", "date", "outlet", "title", "events", "entities", "quotes"),
    "events": ("id", "date", "type", "place", "actor_name", "target_name", "evidence_text"),
    "entities": ("id", "name", "type", "articles", "mentions", "aliases"),
    "places": ("id", "name", "country", "lat", "lon", "articles", "mentions", "events"),
    "quotes": ("id", "date", "speaker_name", "kind", "text"),
}


@click.command(name="query")
@click.argument("kind", type=click.Choice(KINDS))
@_db_option
@click.option("--entity", help="Entity id, name or alias (any case).")
@click.option("--type", "types", multiple=True, help="PLOVER event type; repeat for several.")
@click.option("--entity-type", help="Entity type: PERSON, ORG, NORP, ...")
@click.option("--place", help="Place id (g-99237) or name (any case).")
@click.option("--bbox", help="Bounding box west,south,east,north in degrees.")
@click.option("--since", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", help="To this date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--outlet", help="Outlet name (any case).")
@click.option("--text", help="Substring of the item's text (title and body for articles).")
@click.option("--sort", help="Sort key (-key for descending); see docs/web.md for each kind's.")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="Rows to print.",
)
@click.option("--offset", type=click.IntRange(0, MAX_OFFSET), default=0, help="Rows to skip.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds allowed.")
def query(
    kind: str,
    db: Path,
    entity: str | None,
    types: Sequence[str],
    entity_type: str | None,
    place: str | None,
    bbox: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    text: str | None,
    sort: str | None,
    limit: int,
    offset: int,
    fmt: str,
    timeout: float | None,
) -> None:
    """Find KIND (articles, events, entities, places, quotes) in the store by entity, event
    type, place or bounding box, date range, outlet and text.

    Example: dateline query events --type ASSAULT --place Iraq --since 2014-12"""
    from .query import Filters, Page, Query
    from .store import Store

    try:
        filters = Filters.from_params(
            entity=entity,
            type=types,
            entity_type=entity_type,
            place=place,
            bbox=bbox,
            since=since,
            until=until,
            outlet=outlet,
            text=text,
        )
        page = Page(limit=limit, offset=offset, sort=sort)
    except ConfigError as exc:
        raise click.UsageError(exc.one_line()) from exc
    try:
        with Store.open(db, read_only=True) as store:
            listing = Query(store, timeout=timeout).list(kind, filters, page)
    except ConfigError as exc:  # an unknown sort key
        raise click.UsageError(exc.one_line()) from exc
    except StoreError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_STORE)
    _print(listing, fmt)


def _print(listing: Listing, fmt: str) -> None:
    result = listing.result
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v, null="") for v in row] for row in result.rows)
    elif fmt == "jsonl":
        for item in result.to_dicts():
            click.echo(json.dumps(item, ensure_ascii=False, default=str))
    elif fmt == "json":
        click.echo(json.dumps(listing.to_dict(), ensure_ascii=False, default=str, indent=1))
    else:
        click.echo(table(listing))


def table(listing: Listing) -> str:
    """Aligned columns for people: ids whole, other long cells cut, a count at the end."""
    names = [c for c in TABLE_COLUMNS[listing.kind] if c in listing.result.columns]
    rows = [
        [_short(_cell(item[c]), whole=c == "id") for c in names]
        for item in listing.result.to_dicts()
    ]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    shown = len(rows)
    first = listing.offset + 1 if shown else listing.offset
    footer = f"({first}-{listing.offset + shown} of {listing.total} {listing.kind}"
    if listing.offset + shown < listing.total:
        footer += f"; --offset {listing.offset + shown} for more"
    lines.append(footer + f"; sorted by {listing.sort})")
    return "\n".join(line.rstrip() for line in lines)


def _short(text: str, *, whole: bool) -> str:
    text = " ".join(text.split())
    return text if whole or len(text) <= _CELL else text[: _CELL - 1] + "…"


def _cell(value: Any, *, null: str = "") -> str:
    if value is None:
        return null
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@click.command(name="serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--get",
    "get_path",
    metavar="PATH",
    help="Answer one GET of PATH in-process, print the body and exit (no server).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a request's queries may run before they are interrupted.",
)
@click.option(
    "--tiles",
    envvar="DATELINE_TILES",
    help="Map tile URL template ({z}/{x}/{y}); off by default: outlines shipped with dateline.",
)
@click.option("--tiles-attribution", help="Credit line shown for the tiles.")
def serve(
    db: Path,
    host: str,
    port: int,
    get_path: str | None,
    timeout: float,
    tiles: str | None,
    tiles_attribution: str | None,
) -> None:
    """Serve the REST API (/api/..., /openapi.json) and the web app over the store,
    read-only, on http://127.0.0.1:8000/ by default.

    Example: dateline serve --db news.duckdb --get "/api/events?type=ASSAULT" """
    from .web import ServeSettings, get, serve

    try:
        settings = ServeSettings.for_host(
            host, timeout=timeout, tiles=tiles, tiles_attribution=tiles_attribution
        )
        if get_path is not None:
            status, body = get(db, get_path, settings=settings)
            click.echo(body)
            sys.exit(0 if status < 400 else EXIT_ERROR_STATUS)
        serve(
            db,
            host=host,
            port=port,
            settings=settings,
            announce=lambda at: click.echo(
                f"dateline: serving {db} at {at} (Ctrl-C to stop)", err=True
            ),
        )
    except ConfigError as exc:
        raise click.UsageError(exc.one_line()) from exc
    except DatelineError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_STORE)

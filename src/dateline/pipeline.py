"""``process()``: the one core every entry point calls (CLI, REST API, ingest workers).

raw bytes → decoded text → clean (HTML, flattened text, or clean article text) →
dateline and publication date → language → spaCy stage → ``Article``.
A feed is one input holding many articles: ``process_paths`` yields one per item.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import counts as count_stage
from . import events as event_stage
from . import feeds, language, nlp
from . import quotes as quote_stage
from .clean import assemble
from .clean.assemble import CleanParts
from .config import Settings, load_settings
from .errors import DatelineError, ExtractionError, InputError
from .records import Article, Count, Entity, Event, InputRef, Place, Quote
from .sources import Decoded, RawInput, check, decode, looks_like_html, read_path

__all__ = ["Outcome", "process", "process_path", "process_paths", "process_raw"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article's result in a batch: the article, or the error that stopped it."""

    location: str
    article: Article | None = None
    error: DatelineError | None = None


def process(
    data: str | bytes,
    *,
    location: str = "<string>",
    url: str | None = None,
    input_kind: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Turn one raw page (text, HTML or clean article text) into an ``Article``."""
    settings = settings or load_settings(input_kind=input_kind)
    raw_bytes = data.encode("utf-8") if isinstance(data, str) else data
    raw = check(RawInput(location, raw_bytes, url), max_bytes=settings.max_bytes)
    return _single(raw, settings, input_kind or settings.input_kind)


def process_path(
    path: str | os.PathLike[str],
    *,
    input_kind: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Read one file (``-`` for standard input) and process it."""
    settings = settings or load_settings(input_kind=input_kind)
    raw = read_path(os.fspath(path), max_bytes=settings.max_bytes)
    return _single(raw, settings, input_kind or settings.input_kind)


def process_paths(
    paths: Iterable[str | os.PathLike[str]], *, settings: Settings | None = None
) -> Iterator[Outcome]:
    """Process inputs in order; one input's failure is reported and the rest go on."""
    settings = settings or load_settings()
    for path in paths:
        location = os.fspath(path)
        try:
            raw = read_path(location, max_bytes=settings.max_bytes)
        except Exception as exc:  # noqa: BLE001 - one document never stops a batch
            yield Outcome(location, error=as_dateline_error(exc, location))
            continue
        yield from _outcomes(raw, settings, settings.input_kind)  # read_path checked it


def process_raw(
    raw: RawInput, *, input_kind: str | None = None, settings: Settings | None = None
) -> Iterator[Outcome]:
    """One input already in memory (a WARC record, a JSON field, a fetched page): its
    article, or one per item of a feed; any failure becomes an ``Outcome`` with the error."""
    settings = settings or load_settings()
    try:
        check(raw, max_bytes=settings.max_bytes)
    except Exception as exc:  # noqa: BLE001 - one document never stops a batch
        yield Outcome(raw.location, error=as_dateline_error(exc, raw.location))
        return
    yield from _outcomes(raw, settings, input_kind or settings.input_kind)


def _outcomes(raw: RawInput, settings: Settings, kind: str) -> Iterator[Outcome]:
    """``process_raw`` after the input is checked."""
    try:
        decoded = decode(raw.data)
        if kind == "auto" and feeds.looks_like_feed(decoded.text):
            yield from _feed_outcomes(raw, settings)
            return
        article = _article(raw, decoded, settings, input_kind=kind)
    except Exception as exc:  # noqa: BLE001 - one document never stops a batch
        yield Outcome(raw.location, error=as_dateline_error(exc, raw.location))
        return
    yield Outcome(raw.location, article=article)


def _feed_outcomes(raw: RawInput, settings: Settings) -> Iterator[Outcome]:
    for item in feeds.items(raw.data, location=raw.location):
        try:
            yield Outcome(item.location, article=_feed_article(item, settings))
        except Exception as exc:  # noqa: BLE001
            yield Outcome(item.location, error=as_dateline_error(exc, item.location))


def as_dateline_error(exc: Exception, location: str) -> DatelineError:
    """``exc`` as the ``DatelineError`` a batch reports for ``location``: itself (its
    source filled in), or an ``ExtractionError`` naming an internal error."""
    if isinstance(exc, DatelineError):
        exc.source = exc.source or location
        return exc
    return ExtractionError(f"internal error: {type(exc).__name__}: {exc}", source=location)


def _single(raw: RawInput, settings: Settings, input_kind: str) -> Article:
    decoded = decode(raw.data)
    if input_kind == "auto" and feeds.looks_like_feed(decoded.text):
        raise InputError(
            "is a feed holding several articles",
            source=raw.location,
            hint="use dateline.process_paths or `dateline extract`, which give one per item",
        )
    return _article(raw, decoded, settings, input_kind=input_kind)


def _article(
    raw: RawInput, decoded: Decoded, settings: Settings, *, input_kind: str | None = None
) -> Article:
    kind = input_kind or settings.input_kind
    if kind == "auto":
        kind = "html" if looks_like_html(decoded.text) else "text"
    parts = assemble.clean(decoded.text, kind=kind, location=raw.location, url=raw.url)
    ref = InputRef(
        location=raw.location,
        media_type="text/html" if kind == "html" else "text/plain",
        sha256=raw.sha256,
        size=len(raw.data),
        encoding=decoded.encoding,
        url=parts.url or raw.url,
    )
    return _finish(raw.sha256, ref, parts, settings, decoded.warnings)


def _feed_article(item: feeds.FeedItem, settings: Settings) -> Article:
    hints = CleanParts(
        text=item.text,
        title=item.title,
        summary=item.summary,
        outlet=item.outlet,
        tags=item.tags,
        authors=item.authors,
        url=item.url,
        published=item.published,
    )
    parts = assemble.clean(item.text, kind="article", location=item.location, hints=hints)
    size = len(item.text.encode())
    ref = InputRef(item.location, "application/rss+xml", item.digest, size, "utf-8", item.url)
    return _finish(item.digest, ref, parts, settings, ())


def _finish(
    ident: str, ref: InputRef, parts: CleanParts, settings: Settings, notes: tuple[str, ...]
) -> Article:
    warnings = list(notes) + list(parts.warnings)
    lang, prob = language.detect(parts.text)
    if lang is not None and lang != "en":
        warnings.append(
            f"language looks like {lang!r} (p={prob:.2f}), not English: "
            "entities and events were not extracted"
        )
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    counts: tuple[Count, ...] = ()
    events: tuple[Event, ...] = ()
    if settings.nlp and lang in (None, "en"):
        place = parts.dateline.place if parts.dateline else None
        model = nlp.load_model(settings.model)
        found = nlp.analyse(model, parts.text, dateline_place=place)
        entities, places = found.entities, found.places
        quotes, notes = quote_stage.find_quotes(found, parts.text)
        warnings += notes
        counts = count_stage.find_counts(found, parts.text)
        published = parts.published.date if parts.published else None
        events, notes = event_stage.find_events(
            found, parts.text, published=published, dateline=parts.dateline
        )
        warnings += notes
    return Article(
        id=ident,
        input=ref,
        text=parts.text,
        title=parts.title,
        summary=parts.summary,
        language=lang,
        boilerplate=parts.boilerplate,
        outlet=parts.outlet,
        section=parts.section,
        tags=parts.tags,
        authors=parts.authors,
        published=parts.published,
        dateline=parts.dateline,
        entities=entities,
        places=places,
        quotes=quotes,
        events=events,
        counts=counts,
        warnings=tuple(warnings),
    )

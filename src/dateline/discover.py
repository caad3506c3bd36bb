"""Ingest's arguments to units: files, folders (recursive, with globs), JSON, archives,
standard input and feed URLs.

A folder is walked in sorted order, hidden files and folders left out; ``include`` and
``exclude`` globs are matched against each file's path relative to the folder and
against its name (``--include '*.html' --exclude 'drafts/*'``). Files named on the command
line are taken whatever the globs say. Nothing is read whole when it is over
``max_bytes``: files by their size, JSON lines and archive records as they stream.

JSON (``.json``, ``.jsonl``, ``.ndjson``; ``-`` when it starts with ``{``): one article
per object, read from these fields —

    text   the article or page text (cleaned as --input-kind says; default: sniffed)
    html   the page's HTML (used instead of ``text`` when both are there)
    url    the page's URL
    title  the headline, kept over the one found in the page
    date   the publication date, ISO 8601 (2014-12-12, 2014-12, 2014, or a timestamp)

A unit's key is the SHA-256 of the ``html`` or ``text`` value (UTF-8), the bytes the
pipeline reads; a ``.json`` file may hold one object, an array of objects, or lines.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import IO, Any, cast

from . import feeds, fetch, warc
from .errors import InputError, InputNotFound, InputTooLarge
from .sources import looks_like_html
from .units import Failed, Found, Unit

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    max_bytes: int
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    skip_paths: frozenset[Path] = frozenset()  # the store's own files, never ingested
    timeout: float = fetch.TIMEOUT


def discover(
    args: Sequence[str], options: Options, *, stdin: IO[bytes] | None = None
) -> Iterator[Found]:
    """Everything the arguments hold, in order, one ``Unit``/``Skipped``/``Failed`` each."""
    for arg in args:
        if arg == "-":
            yield from from_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        elif fetch.is_url(arg):
            yield from from_url(arg, options)
        elif Path(arg).is_dir():
            for path in walk(Path(arg), options):
                yield from from_file(path, options)
        elif Path(arg).exists():
            yield from from_file(Path(arg), options)
        else:
            yield Failed(arg, InputNotFound("no such file or folder", source=arg))


def walk(root: Path, options: Options) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or path.resolve() in options.skip_paths:
                continue
            if wanted(rel, name, options):
                yield path


def wanted(rel: str, name: str, options: Options) -> bool:
    """Whether a file in a folder (``rel``: its path from the folder) passes the globs."""
    if options.include and not _matches(rel, name, options.include):
        return False
    return not (options.exclude and _matches(rel, name, options.exclude))


def _matches(rel: str, name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch(rel, g) or fnmatch(name, g) for g in globs)


def from_file(path: Path, options: Options) -> Iterator[Found]:
    name = path.name.lower()
    if warc.is_archive_name(name):
        yield from warc.read_archive(path, max_bytes=options.max_bytes)
        return
    if name.endswith(JSON_SUFFIXES):
        yield from _json_file(path, options)
        return
    location = str(path)
    try:
        with path.open("rb") as stream:
            if warc.looks_like_archive(stream):
                yield from warc.records(stream, archive=location, max_bytes=options.max_bytes)
                return
            if warc.is_gzip(stream):  # a gzipped page (page.html.gz): the page is the input
                data = warc.gunzip(stream, location=location, max_bytes=options.max_bytes)
            else:
                size = path.stat().st_size
                if size > options.max_bytes:
                    raise _too_large(size, options.max_bytes, location)
                data = stream.read(options.max_bytes + 1)
    except OSError as exc:
        yield Failed(location, InputError(f"cannot be read ({exc.strerror})", source=location))
        return
    except InputError as exc:
        yield Failed(location, exc)
        return
    yield Unit(data=data, kind="file", location=location)


def from_stdin(stream: IO[bytes], options: Options) -> Iterator[Found]:
    buffered = (
        stream if hasattr(stream, "peek") else cast(IO[bytes], io.BufferedReader(cast(Any, stream)))
    )
    if warc.looks_like_archive(buffered):
        yield from warc.records(buffered, archive="-", max_bytes=options.max_bytes)
        return
    if warc.peek(buffered, 64).lstrip().startswith(b"{"):
        yield from _json_lines(buffered, "-", options)
        return
    data = buffered.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Failed("-", _too_large(len(data), options.max_bytes, "-"))
        return
    yield Unit(data=data, kind="stdin", location="-")


def from_url(url: str, options: Options) -> Iterator[Found]:
    """A feed URL: the fetched feed is one unit (its items become the articles)."""
    try:
        got = fetch.fetch(url, max_bytes=options.max_bytes, timeout=options.timeout)
    except InputError as exc:
        yield Failed(url, exc)
        return
    head = got.data[:200_000].decode("utf-8", errors="replace")
    if feeds.looks_like_feed(head):
        yield Unit(data=got.data, kind="url", location=url, url=got.url, media_type=got.media_type)
    elif looks_like_html(head):
        yield Failed(url, fetch.not_a_feed(url, head))
    else:
        error = InputError(f"is not an RSS or Atom feed ({got.media_type})", source=url)
        yield Failed(url, error)


def _json_file(path: Path, options: Options) -> Iterator[Found]:
    location = str(path)
    try:
        with path.open("rb") as stream:
            if path.name.lower().endswith(".json"):
                yield from _json_document(stream, location, options)
            else:
                yield from _json_lines(stream, location, options)
    except OSError as exc:
        yield Failed(location, InputError(f"cannot be read ({exc.strerror})", source=location))


def _json_document(stream: IO[bytes], location: str, options: Options) -> Iterator[Found]:
    """A ``.json`` file: one object, an array of objects, or (failing both) JSON lines."""
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        error = _too_large(len(data), options.max_bytes, location)
        error.hint = "write it as JSON Lines (.jsonl), which is read one line at a time"
        yield Failed(location, error)
        return
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        yield from _json_lines(io.BytesIO(data), location, options)
        return
    if isinstance(value, list):
        for n, item in enumerate(value, start=1):
            yield _object_unit(item, f"{location}#item={n}")
    else:
        yield _object_unit(value, location)


def _json_lines(stream: IO[bytes], location: str, options: Options) -> Iterator[Found]:
    n = 0
    while line := stream.readline(options.max_bytes + 1):
        n += 1
        where = f"{location}#line={n}"
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield Failed(where, _too_large(len(line), options.max_bytes, where, more=True))
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Failed(where, InputError(f"is not valid JSON ({exc})", source=where))
            continue
        yield _object_unit(value, where)


def _skip_line(stream: IO[bytes]) -> None:
    while chunk := stream.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _object_unit(value: Any, location: str) -> Found:
    if not isinstance(value, dict):
        return Failed(location, InputError("is not a JSON object", source=location))
    html, text = value.get("html"), value.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        error = InputError(
            "has no 'text' or 'html' field",
            source=location,
            hint="each JSON object needs the article in 'text' or the page in 'html'",
        )
        return Failed(location, error)
    return Unit(
        data=body.encode("utf-8"),
        kind="json",
        location=location,
        url=_string(value.get("url")),
        input_kind="html" if body is html else None,
        title=_string(value.get("title")),
        date=_string(value.get("date")),
    )


def _string(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _too_large(size: int, limit: int, location: str, *, more: bool = False) -> InputTooLarge:
    amount = f"more than {limit:,} bytes" if more else f"{size:,} bytes"
    return InputTooLarge(f"{amount}: over the {limit:,}-byte limit", source=location)

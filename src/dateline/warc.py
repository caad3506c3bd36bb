"""WARC and WET archives (warcio): each page record is one input for the pipeline.

A record is a page when it is a ``response`` with a 2xx HTTP status, a ``resource``, or a
WET ``conversion``, and its content type (HTTP's, else the record's) is HTML, XHTML,
plain text or a feed. Every other record (``warcinfo``, ``request``, ``metadata``,
``revisit``, images, redirects...) is skipped and counted, not failed.

The unit's key is the SHA-256 of the record's payload (the HTTP body, decoded from
chunked/gzip transfer); its location is ``ARCHIVE#<WARC-Record-ID>``, and the target URI
and WARC-Date travel with it into the store.

A damaged archive yields the records read before the damage, then one ``Failed`` saying
where it broke: ``Gunzip`` notices a truncated or corrupt gzip member (warcio alone would
stop silently), and a WARC record cut short is caught by its Content-Length.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from warcio.archiveiterator import ArchiveIterator

from .errors import InputError, InputTooLarge
from .units import Failed, Found, Skipped, Unit

SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.wet.gz")
PAGE_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_PAGE_RECORDS = frozenset({"response", "resource", "conversion"})
_GZIP = b"\x1f\x8b"
_CHUNK = 1 << 16


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def looks_like_archive(stream: IO[bytes]) -> bool:
    """A WARC by its first bytes, plain or gzipped (``stream`` must support ``peek``)."""
    head = peek(stream, 512)
    if head.startswith(_GZIP):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def is_gzip(stream: IO[bytes]) -> bool:
    return peek(stream, 2).startswith(_GZIP)


def gunzip(stream: IO[bytes], *, location: str, max_bytes: int) -> bytes:
    """A gzipped file's content, read no further than ``max_bytes``."""
    reader = Gunzip(stream)
    data = io.BufferedReader(reader, _CHUNK).read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"over the {max_bytes:,}-byte limit once unzipped", source=location)
    if reader.error:
        raise InputError(f"the gzip file is damaged: {reader.error}", source=location)
    return data


def read_archive(path: Path, *, max_bytes: int) -> Iterator[Found]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Failed(str(path), InputError(f"cannot be read ({exc.strerror})", source=str(path)))
        return
    with stream:
        yield from records(stream, archive=str(path), max_bytes=max_bytes)


def records(stream: IO[bytes], *, archive: str, max_bytes: int) -> Iterator[Found]:
    """Every record of one archive as a ``Unit``, ``Skipped`` or ``Failed``."""
    source: IO[bytes] = stream
    layer = None
    if is_gzip(stream):
        layer = Gunzip(stream)
        source = cast(IO[bytes], io.BufferedReader(layer, _CHUNK))
    count = 0
    try:
        for record in ArchiveIterator(source):
            count += 1
            yield _record(record, archive=archive, n=count, max_bytes=max_bytes)
    except Exception as exc:  # noqa: BLE001 - on damaged input warcio raises all kinds
        # The gzip layer's reason, when it has one, is the cause of warcio's complaint.
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield _damaged(archive, count, (layer.error if layer else None) or reason)
        return
    if layer is not None and layer.error:
        yield _damaged(archive, count, layer.error)


def _damaged(archive: str, count: int, reason: str) -> Failed:
    error = InputError(
        f"the archive is damaged after {count} record(s): {reason}",
        source=archive,
        hint="the records before the damage were read",
    )
    return Failed(archive, error)


class Gunzip(io.RawIOBase):
    """Multi-member gzip, decompressed as it is read, that ends quietly where the data is
    damaged and says why in ``error``.

    Python's ``gzip`` raises on damage from inside a read that may hold several good
    records still undelivered; ending there instead lets warcio hand over every record
    before the damage (the one it cuts short is caught by its Content-Length)."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.error: str | None = None
        self._member = zlib.decompressobj(wbits=31)
        self._started = False  # the current member has been fed bytes
        self._pending = b""  # compressed bytes not yet fed
        self._out = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._fill()
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _fill(self) -> None:
        while not self._out and not self._eof:
            if self._member.eof:  # the next member, after any zero padding
                self._pending = self._pending.lstrip(b"\x00")
                if not self._pending and not self._more():
                    return
                self._member, self._started = zlib.decompressobj(wbits=31), False
            if not self._pending and not self._more():
                if self._started:
                    self.error = "it ends inside a gzip member (truncated)"
                return
            self._inflate()

    def _more(self) -> bool:
        self._pending = self.raw.read(_CHUNK)
        self._eof = not self._pending
        return not self._eof

    def _inflate(self) -> None:
        data, self._pending = self._pending, b""
        try:
            # Output is capped per call, so a gzip bomb is never inflated whole.
            self._out = self._member.decompress(data, _CHUNK)
        except zlib.error as exc:
            self.error = f"corrupt gzip data ({exc})"
            self._eof = True
            return
        self._started = True
        self._pending = (
            self._member.unused_data if self._member.eof else self._member.unconsumed_tail
        )


def _record(record: Any, *, archive: str, n: int, max_bytes: int) -> Found:
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID")
    location = f"{archive}#{record_id}" if record_id else f"{archive}#record={n}"
    skip = _not_a_page(record)
    if skip:
        return Skipped(location, skip)
    declared = int(headers.get_header("Content-Length") or 0)
    if declared > max_bytes:
        # warcio steps over the unread block in small reads: it is never held whole.
        return Failed(location, _too_large(declared, max_bytes, location))
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - a bad transfer encoding spoils one record only
        error = InputError(f"cannot decode the record's payload: {exc}", source=location)
        return Failed(location, error)
    if len(payload) > max_bytes:
        return Failed(location, _too_large(len(payload), max_bytes, location))
    if getattr(record.raw_stream, "limit", 0) > 0:
        return Failed(
            location,
            InputError("the record is cut short (the archive is truncated)", source=location),
        )
    return Unit(
        data=payload,
        kind="warc",
        location=location,
        url=headers.get_header("WARC-Target-URI"),
        media_type=_media_type(record),
        archive=archive,
        record_id=record_id,
        record_date=headers.get_header("WARC-Date"),
    )


def _not_a_page(record: Any) -> str | None:
    """Why ``record`` is not a page, or None when it is one."""
    if record.rec_type not in _PAGE_RECORDS:
        return f"WARC {record.rec_type} record"
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return "response record without HTTP headers"
        status = str(http.get_statuscode() or "")
        if not status.startswith("2"):
            return f"HTTP status {status or 'missing'}"
    media = _media_type(record)
    if media is not None and media not in PAGE_TYPES:
        return f"not a page ({media})"
    return None


def _media_type(record: Any) -> str | None:
    value = None
    if record.rec_type == "response" and record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type")
    if value is None:
        value = record.rec_headers.get_header("Content-Type")
    if not value:
        return None
    media = str(value).split(";")[0].strip().lower()
    return media or None


def _too_large(size: int, max_bytes: int, location: str) -> InputTooLarge:
    return InputTooLarge(
        f"the record's {size:,} bytes are over the {max_bytes:,}-byte limit", source=location
    )


def peek(stream: IO[bytes], n: int) -> bytes:
    """Up to ``n`` bytes ahead, without consuming them (a buffered stream's ``peek``)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        raise TypeError("the archive stream must be buffered (support peek)")
    return bytes(peek(n))[:n]

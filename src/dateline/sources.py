"""Reading inputs: bytes from a path or standard input, checked, decoded and sniffed.

Every failure here is an ``InputError`` naming the input, so a batch can report it
and go on. Decoding never fails on a byte: a mostly-UTF-8 file with stray legacy
bytes is read with those bytes as cp1252 and a warning says so.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .errors import BinaryInput, EmptyInput, InputError, InputNotFound, InputTooLarge

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Leading bytes of formats people feed by mistake; checked before any decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"\x1f\x8b", "a gzip file"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3", "a SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_HTML_TAGS = re.compile(
    r"</?(?:p|div|span|a|br|article|section|script|table|li|h[1-6])\b[^>]*>", re.I
)


def _legacy_byte(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("dateline-cp1252", _legacy_byte)


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input and where they came from."""

    location: str
    data: bytes
    url: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    """Read one file (or standard input for ``-``), refusing what cannot be an article."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return check(_unpacked(RawInput("-", data), max_bytes), max_bytes=max_bytes)
    p = Path(path)
    if not p.exists():
        raise InputNotFound("no such file", source=str(path))
    if p.is_dir():
        raise InputError(
            "is a directory", source=str(path), hint="give files, or use dateline ingest"
        )
    size = p.stat().st_size
    if size > max_bytes:
        raise InputTooLarge(
            f"{size:,} bytes is over the {max_bytes:,}-byte limit", source=str(path)
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", source=str(path)) from exc
    return check(_unpacked(RawInput(str(path), data), max_bytes), max_bytes=max_bytes)


def _unpacked(raw: RawInput, max_bytes: int) -> RawInput:
    """A gzipped page (``page.html.gz``) is its page; a web archive is for ingest."""
    from . import warc  # warc reads units, which read this module

    stream = io.BufferedReader(io.BytesIO(raw.data))
    if warc.looks_like_archive(stream):
        raise InputError(
            "is a web archive (WARC), which holds many pages",
            source=raw.location,
            hint="read it with dateline ingest",
        )
    if not warc.is_gzip(stream):
        return raw
    return RawInput(raw.location, warc.gunzip(stream, location=raw.location, max_bytes=max_bytes))


def check(raw: RawInput, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    """Refuse empty, oversized and binary inputs before anything parses them."""
    if len(raw.data) > max_bytes:
        raise InputTooLarge(f"over the {max_bytes:,}-byte limit", source=raw.location)
    if not raw.data.strip():
        raise EmptyInput("the input is empty", source=raw.location)
    kind = binary_kind(raw.data)
    if kind:
        raise BinaryInput(f"this is {kind}, not text or HTML", source=raw.location)
    return raw


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None for text."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return "binary data" if controls > len(sample) * 0.05 else None


def decode(data: bytes) -> Decoded:
    """Bytes to text: BOM, then strict UTF-8, then a declared charset, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared.replace("-", "").lower() != "utf8":
        try:
            return Decoded(data.decode(declared), declared)
        except (LookupError, UnicodeDecodeError):
            pass
    bad = _invalid_utf8_bytes(data)
    if bad <= max(4, len(data) // 200):
        text = data.decode("utf-8", errors="dateline-cp1252")
        note = f"mixed encoding: {bad} byte(s) were not UTF-8 and were read as cp1252"
        return Decoded(text, "utf-8", (note,))
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    text = data.decode(encoding, errors="replace")
    note = f"not UTF-8: decoded as {encoding} (detected)"
    return Decoded(text, encoding, (note,))


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


_ESCAPED = re.compile("[\udc80-\udcff]")


def _invalid_utf8_bytes(data: bytes) -> int:
    return len(_ESCAPED.findall(data.decode("utf-8", errors="surrogateescape")))


def looks_like_html(text: str) -> bool:
    """Sniff HTML: a document start, or markup dense enough that it is not prose."""
    if _HTML_START.match(text[:2048]):
        return True
    head = text[:20_000]
    return len(_HTML_TAGS.findall(head)) >= 5

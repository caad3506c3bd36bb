"""Quoted stretches: where quote marks open and close, in every common style.

Straight marks (" ') have no direction, and curly ones are not always used the right way
round („…“ closes with the English opener, »…« opens with the French closer), so a mark's
role comes from its neighbours first: after a space and before a word it opens, after a
word and before a space or punctuation it closes. Only when the neighbours do not tell
(a mark between two spaces) does its shape decide. ’ and ' between two letters, or before
a digit ('90s), are apostrophes.

Quotes never cross a paragraph. A quote still open at a paragraph's end runs to that end:
when the next paragraph opens with a mark of the same family, that is the news convention
for a quote over several paragraphs and the next piece ``continues`` this one; otherwise
the closing mark was lost and a warning says so. One level of nesting is kept (‘…’
inside “…”); a nested quote is part of the outer one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

DOUBLE = frozenset('"“”„«»')
SINGLE = frozenset("'‘’‚‹›")
_MARKS = DOUBLE | SINGLE
_MARK_RE = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")
_SHAPED_OPEN = frozenset("“„«‘‚‹")
_SHAPED_CLOSE = frozenset("”»’›")
_APOSTROPHES = frozenset("'’")
_BEFORE_OPENER = frozenset("([{/—–-")  # what may stand right before an opening mark
_AFTER_CLOSER = frozenset(".,;:!?)]}/—–-…")  # what may stand right after a closing mark
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_OPEN, _CLOSE, _NONE = 1, 2, 0


@dataclass(frozen=True, slots=True)
class Quoted:
    """Text between quote marks; ``start``/``end`` exclude the marks, outer spaces and a
    trailing comma ("halted," → "halted")."""

    start: int
    end: int
    opened: int  # offset of the opening mark
    closed: int | None  # offset of the closing mark; None when it ran to the paragraph end
    continues: int | None = None  # ``start`` of the piece it continues (next paragraph)


@dataclass(slots=True)
class _Open:
    family: frozenset[str]
    at: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated, or one per line when the
    text has no blank line at all."""
    breaker = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    spans, start = [], 0
    for found in breaker.finditer(text):
        if found.start() > start:
            spans.append((start, found.start()))
        start = found.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


class Paragraphs:
    """The paragraphs of a text, for "which paragraph holds this offset?" in log time."""

    def __init__(self, text: str) -> None:
        self.spans = paragraphs(text)
        self._starts = [s for s, _ in self.spans]

    def index(self, at: int) -> int:
        """Index of the paragraph starting at or before ``at`` (-1 before the first)."""
        return bisect_right(self._starts, at) - 1

    def of(self, at: int) -> tuple[int, int]:
        i = self.index(at)
        return self.spans[i] if i >= 0 else (0, 0)

    def start(self, i: int) -> int:
        return self._starts[i] if 0 <= i < len(self._starts) else 0


def find_quoted(
    text: str, *, spans: list[tuple[int, int]] | None = None
) -> tuple[list[Quoted], list[str]]:
    """Every quoted stretch of ``text``, in order, and warnings about unbalanced marks.
    ``spans`` are ``paragraphs(text)`` when the caller has them already."""
    found: list[Quoted] = []
    stray: list[int] = []
    unclosed: list[int] = []
    if spans is None:
        spans = paragraphs(text)
    carried: int | None = None  # start of the piece left open at the last paragraph's end
    for n, (start, end) in enumerate(spans):
        pieces, left_open = _scan(text, start, end, stray)
        runs_on = False
        if left_open is not None and (piece := _piece(text, left_open.at, None, end)):
            nxt = spans[n + 1][0] if n + 1 < len(spans) else None
            runs_on = nxt is not None and _opens_with(text, nxt, left_open.family)
            if not runs_on:
                unclosed.append(left_open.at)
            pieces.append(piece)
        if carried is not None and pieces and pieces[0].opened == _first_mark(text, start):
            pieces[0] = _with_continues(pieces[0], carried)
        carried = pieces[-1].start if runs_on else None
        found += pieces
    return found, _warnings(stray, unclosed)


def _scan(text: str, start: int, end: int, stray: list[int]) -> tuple[list[Quoted], _Open | None]:
    """Pieces closed inside one paragraph, and the outer quote still open at its end."""
    pieces: list[Quoted] = []
    outer: _Open | None = None
    inner: _Open | None = None
    for found in _MARK_RE.finditer(text, start, end):
        at = found.start()
        role = _role(text, at)
        if role == _NONE:
            continue
        family = DOUBLE if text[at] in DOUBLE else SINGLE
        if outer is None:
            if role == _OPEN:
                outer = _Open(family, at)
            elif family is DOUBLE:
                stray.append(at)  # a lone closing single mark is most often an apostrophe
            continue
        if family is not outer.family:
            if role == _OPEN and inner is None:
                inner = _Open(family, at)
            elif role == _CLOSE and inner is not None:
                inner = None
            continue
        if role == _CLOSE:
            piece = _piece(text, outer.at, at, at)
            if piece is not None:
                pieces.append(piece)
            outer = inner = None
        elif family is DOUBLE:
            # A second opener of the open quote's family: the first one was never closed.
            stray.append(outer.at)
            outer, inner = _Open(family, at), None
    return pieces, outer


def _role(text: str, at: int) -> int:
    mark = text[at]
    before = _neighbour(text, at, -1)
    after = _neighbour(text, at, 1)
    if mark in _APOSTROPHES and (
        (before.isalnum() and after.isalnum()) or (not before.isalnum() and after.isdigit())
    ):
        return _NONE
    spaced_before = before.isspace() or before in _BEFORE_OPENER
    spaced_after = after.isspace() or after in _AFTER_CLOSER
    if spaced_before and not spaced_after:
        return _OPEN
    if spaced_after and not spaced_before:
        return _CLOSE
    if mark in _SHAPED_OPEN:
        return _OPEN
    if mark in _SHAPED_CLOSE and not (before.isalnum() and after.isalnum()):
        return _CLOSE
    return _NONE


def _neighbour(text: str, at: int, step: int) -> str:
    """The first character beside ``at`` that is not itself a quote mark (' ' at an edge,
    or past a run of more than three marks, which is no quoting anyway)."""
    i = at + step
    for _ in range(3):
        if not (0 <= i < len(text) and text[i] in _MARKS):
            break
        i += step
    return text[i] if 0 <= i < len(text) and text[i] not in _MARKS else " "


def _piece(text: str, opened: int, closed: int | None, end: int) -> Quoted | None:
    start = opened + 1
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] == ","):
        stop -= 1
    if stop <= start:
        return None
    return Quoted(start, stop, opened, closed)


def _first_mark(text: str, start: int) -> int | None:
    found = _MARK_RE.search(text, start, min(len(text), start + 4))
    return found.start() if found else None


def _opens_with(text: str, start: int, family: frozenset[str]) -> bool:
    at = _first_mark(text, start)
    return at is not None and text[at] in family and _role(text, at) == _OPEN


def _with_continues(piece: Quoted, continues: int) -> Quoted:
    return Quoted(piece.start, piece.end, piece.opened, piece.closed, continues)


def _warnings(stray: list[int], unclosed: list[int]) -> list[str]:
    out = []
    if unclosed:
        out.append(
            f"{len(unclosed)} opening quote mark(s) never closed (first at offset "
            f"{unclosed[0]}): the quote was read to the end of its paragraph"
        )
    if stray:
        out.append(
            f"{len(stray)} quote mark(s) without a partner ignored (first at offset {stray[0]})"
        )
    return out

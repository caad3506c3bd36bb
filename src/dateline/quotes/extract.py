"""``find_quotes``: quote marks and attributions joined into ``Quote`` records.

1. Quoted stretches from the marks (``marks.py``); attributions from the parsed cue
   sentences (``attribution.py``).
2. A quoted stretch is **direct** when an attribution stands right after it (`"…," X said`,
   `"…?" asked X`) or right before it, ending in a comma or colon or with nothing between
   (`X said: "…"`, `X said "…"`). A quote split by its attribution (`"We believe," Allen
   said, "the momentum …"`) gives two records with one speaker and cue; the second
   ``continues`` the first.
3. An attribution's content (a ``ccomp``, "according to") is **indirect** when it holds no
   quoted words, **mixed** when it holds some among its own (`said the election had been
   "deeply flawed"`), and direct when it is nothing but a quoted stretch.
4. A quoted sentence left over takes the speaker of the quote just before it when nothing
   comes between (`"…," she said. "Second sentence."`, the next paragraph of a long
   quote); a full sentence with no one to take it from is kept with no speaker; short
   quoted words outside reported speech (scare quotes, titles, nicknames) are not quotes.
5. Speakers are resolved in text order (``speakers.py``); no speaker → a warning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .. import nlp
from ..records import Mention, Quote
from . import marks
from .attribution import Attribution, QuoteRanges, cue_sentences, read
from .cues import CHARACTERISING
from .speakers import Resolver

_MAX_AFTER_WORDS = 12  # words between a closing mark and its cue ("…," Judge X, who …, said)
_MAX_BEFORE_WORDS = 8  # words between a cue and the opening mark (X told reporters on Monday:)
_MAX_AFTER_CHARS = 160
_LEADS_ON = ",?!…—–-"  # a quote ending in these waits for its attribution
_WORD = re.compile(r"\w")


@dataclass(slots=True)
class _Piece:
    quoted: marks.Quoted
    attribution: Attribution | None = None
    continues: int | None = None
    used: bool = False  # inside a mixed quote's content
    owner: Attribution | None = None  # the mixed quote's attribution, when used

    @property
    def span(self) -> tuple[int, int]:
        """The marks included."""
        q = self.quoted
        return q.opened, (q.closed + 1 if q.closed is not None else q.end)


@dataclass(frozen=True, slots=True)
class _Reported:
    start: int
    end: int
    kind: str
    attribution: Attribution


def find_quotes(analysis: nlp.Analysis, text: str) -> tuple[tuple[Quote, ...], tuple[str, ...]]:
    """Quotes of the article and warnings."""
    paragraphs = marks.Paragraphs(text)
    quoted, warnings = marks.find_quoted(text, spans=paragraphs.spans)
    pieces = [_Piece(q) for q in quoted]
    ranges = QuoteRanges([p.span for p in pieces])
    attributions = _attributions(analysis, paragraphs, ranges)
    _link_adjacent(pieces, attributions, text)
    reported = _reported(pieces, attributions, text)
    resolver = Resolver(analysis.entities, quoted=ranges, paragraphs=paragraphs)
    speakers: dict[int, tuple[str | None, str]] = {}
    used = {id(p.attribution) for p in pieces if p.attribution} | {
        id(r.attribution) for r in reported
    }
    for a in attributions:
        if id(a) in used:
            speakers[id(a)] = resolver.resolve(a.speaker, a.cue_start)
    _inherit(pieces, attributions, resolver, speakers, paragraphs, text)
    quotes, unresolved = _records(pieces, reported, speakers, text)
    return quotes, tuple(warnings + unresolved)


def _attributions(
    analysis: nlp.Analysis, paragraphs: marks.Paragraphs, ranges: QuoteRanges
) -> list[Attribution]:
    out: list[Attribution] = []
    for piece in analysis.pieces:
        sents = cue_sentences(piece.doc, piece.offset, ranges)
        if not sents:
            continue
        for sent, parsed in zip(sents, piece.parses.parse(sents), strict=True):
            out += read(sent, parsed, offset=piece.offset, paragraphs=paragraphs, quoted=ranges)
    out.sort(key=lambda a: a.cue_start)
    return out


def _link_adjacent(pieces: list[_Piece], attributions: list[Attribution], text: str) -> None:
    """Direct quotes: an attribution right after or right before the quoted stretch."""
    cue_starts = [a.cue_start for a in attributions]
    opened = [p.quoted.opened for p in pieces]
    previous: _Piece | None = None
    for piece in pieces:
        before = _before(piece, attributions, cue_starts, opened, text)
        if before is not None and previous is not None and previous.attribution is before:
            piece.attribution, piece.continues = before, previous.quoted.start  # split quote
        else:
            piece.attribution = _after(piece, attributions, cue_starts, opened, text) or before
        previous = piece


def _after(
    piece: _Piece,
    attributions: list[Attribution],
    cue_starts: list[int],
    opened: list[int],
    text: str,
) -> Attribution | None:
    closed = piece.quoted.closed
    if closed is None:
        return None
    i = bisect_right(cue_starts, closed)
    if i >= len(attributions):
        return None
    a = attributions[i]
    between = text[closed + 1 : a.cue_start]
    if (
        a.cue_start - closed > _MAX_AFTER_CHARS
        or a.paragraph[0] > closed
        or _opens_between(opened, closed, a.cue_start)
        or len(between.split()) > _MAX_AFTER_WORDS
        or (a.speaker is not None and a.speaker.start < closed)
    ):
        return None
    if a.lemma in CHARACTERISING:
        return None
    lead, follow = text[closed - 1], between.lstrip()[:1]
    if lead in _LEADS_ON or follow in (",", "—", "–", "-"):
        return a
    if lead == "." and a.content is None and len(between.split()) <= 4:
        return a
    return None


def _before(
    piece: _Piece,
    attributions: list[Attribution],
    cue_starts: list[int],
    opened: list[int],
    text: str,
) -> Attribution | None:
    at = piece.quoted.opened
    i = bisect_left(cue_starts, at) - 1
    if i < 0:
        return None
    a = attributions[i]
    if a.cue_end > at or not a.paragraph[0] <= at < a.paragraph[1]:
        return None
    between = text[a.cue_end : at]
    stripped = between.strip()
    if len(between.split()) > _MAX_BEFORE_WORDS or _opens_between(opened, a.cue_end, at):
        return None
    if stripped and stripped[-1] not in ",:":
        return None
    if a.lemma in CHARACTERISING and not stripped.endswith(":"):
        return None  # "a film called "Wild Rose"": a name, not a quote
    return a


def _opens_between(opened: list[int], start: int, end: int) -> bool:
    return bisect_left(opened, end) > bisect_right(opened, start)


def _reported(pieces: list[_Piece], attributions: list[Attribution], text: str) -> list[_Reported]:
    """Indirect and mixed quotes from the attributions' contents."""
    opened = [p.span[0] for p in pieces]
    out: list[_Reported] = []
    for a in attributions:
        if a.content is None or a.expletive:
            continue
        c0, c1 = a.content
        # Pieces are disjoint and sorted: those overlapping [c0, c1) form one run.
        lo = max(0, bisect_left(opened, c0) - 1)
        inside = [p for p in pieces[lo : bisect_left(opened, c1)] if p.span[1] > c0]
        if any(p.attribution is not None for p in inside):
            continue  # the content is (or runs into) a direct quote
        if not inside:
            if not a.needs_quote:
                out.append(_Reported(c0, c1, "indirect", a))
            continue
        rest = text[c0:c1]
        for p in inside:
            s, e = max(p.span[0], c0) - c0, min(p.span[1], c1) - c0
            rest = rest[:s] + " " * (e - s) + rest[e:]
        if not _WORD.search(rest):
            for p in inside:
                p.attribution = a
            continue
        for p in inside:
            p.used, p.owner = True, a
        start = min(c0, inside[0].span[0]) if inside[0].span[0] < c0 else c0
        end = max(c1, inside[-1].span[1])
        out.append(_Reported(start, end, "mixed", a))
    return _without_overlaps(out)


def _without_overlaps(found: list[_Reported]) -> list[_Reported]:
    """One record per stretch of text: when an attribution sits inside another's content
    ("X said that Y concluded that …"), the outer one is kept."""
    kept: list[_Reported] = []
    for cluster in _clusters(sorted(found, key=lambda r: r.start)):

        def holds(r: _Reported, group: list[_Reported] = cluster) -> int:
            return sum(r.start <= o.attribution.cue_start < r.end for o in group)

        chosen: list[_Reported] = []
        for r in sorted(cluster, key=holds, reverse=True):
            if not any(k.start < r.end and r.start < k.end for k in chosen):
                chosen.append(r)
        kept += sorted(chosen, key=lambda r: r.start)
    return kept


def _clusters(ordered: list[_Reported]) -> list[list[_Reported]]:
    """Runs of overlapping spans (input sorted by start)."""
    out: list[list[_Reported]] = []
    end = -1
    for r in ordered:
        if out and r.start < end:
            out[-1].append(r)
            end = max(end, r.end)
        else:
            out.append([r])
            end = r.end
    return out


def _inherit(
    pieces: list[_Piece],
    attributions: list[Attribution],
    resolver: Resolver,
    speakers: dict[int, tuple[str | None, str]],
    paragraphs: marks.Paragraphs,
    text: str,
) -> None:
    """Quoted sentences with no attribution of their own take the previous quote's."""
    by_start = {p.quoted.start: p for p in pieces}
    cue_starts = [a.cue_start for a in attributions]
    previous: _Piece | None = None
    for piece in pieces:
        if piece.used:
            previous = piece  # quoted words of a mixed quote: the next sentence may go on
            continue
        if piece.attribution is None:
            source = by_start.get(piece.quoted.continues or -1) or previous
            if source is not None and _may_continue(
                source, piece, attributions, cue_starts, resolver, speakers, paragraphs, text
            ):
                piece.attribution = source.attribution or source.owner
                piece.continues = source.quoted.start
        if piece.attribution is not None:
            previous = piece


def _may_continue(
    source: _Piece,
    piece: _Piece,
    attributions: list[Attribution],
    cue_starts: list[int],
    resolver: Resolver,
    speakers: dict[int, tuple[str | None, str]],
    paragraphs: marks.Paragraphs,
    text: str,
) -> bool:
    a = source.attribution or source.owner
    if a is None:
        return False
    if piece.quoted.continues == source.quoted.start:
        return True
    start, end = source.span[1], piece.quoted.opened
    if not _near_paragraph(paragraphs, start, end) or not _stands_alone(piece, text):
        return False
    others = attributions[bisect_right(cue_starts, start) : bisect_left(cue_starts, end)]
    if any(o is not a for o in others):
        return False
    speaker = speakers.get(id(a), (None, ""))[0]
    named = resolver.overlapping(start, end)
    return all(m[2].id == speaker for m in named if m[2].type == "PERSON")


def _near_paragraph(paragraphs: marks.Paragraphs, start: int, end: int) -> bool:
    """``end`` in the same paragraph as ``start`` or at the head of the next one."""
    i, j = paragraphs.index(start), paragraphs.index(end)
    return i == j or (j == i + 1 and end - paragraphs.start(j) <= 2)


def _starts_sentence(quoted: str) -> bool:
    first = next((c for c in quoted if c.isalpha()), "")
    return first.isupper()


def _records(
    pieces: list[_Piece],
    reported: list[_Reported],
    speakers: dict[int, tuple[str | None, str]],
    text: str,
) -> tuple[tuple[Quote, ...], list[str]]:
    found: list[tuple[Quote, str | None]] = []
    emitted: set[int] = set()
    for p in pieces:
        q = p.quoted
        if p.used or (p.attribution is None and not _full_sentence(text[q.start : q.end])):
            continue
        # A piece that reopens in the next paragraph continues the last one even when it
        # has its own attribution ("…," she said at the end of a long quote).
        continues = p.continues
        if continues is None and q.continues in emitted:
            continues = q.continues
        emitted.add(q.start)
        found.append(_quote(text, (q.start, q.end, "direct"), p.attribution, speakers, continues))
    for r in reported:
        found.append(_quote(text, (r.start, r.end, r.kind), r.attribution, speakers, None))
    found.sort(key=lambda f: f[0].start)
    return tuple(q for q, _ in found), [w for _, w in found if w]


def _stands_alone(piece: _Piece, text: str) -> bool:
    """Quoted sentences standing as sentences of the story: after a sentence's end (or at
    a paragraph's start) and ending in a stop — not "the set of "Fargo"", not
    ""Wild Rose" is now available"."""
    q = piece.quoted
    before = text[max(0, q.opened - 3) : q.opened].rstrip()
    if before and before[-1] not in '.?!…"”’»':
        return False
    quoted = text[q.start : q.end]
    after = text[q.closed + 1 : q.closed + 2] if q.closed is not None else ""
    return _starts_sentence(quoted) and (quoted[-1:] in ".?!…" or after in (".", "?", "!"))


def _full_sentence(quoted: str) -> bool:
    """A quoted sentence with no attribution is still a quote ("The sea has never been
    this angry."); a quoted name or phrase is not."""
    return len(quoted.split()) >= 4 and _starts_sentence(quoted) and quoted[-1:] in ".?!…"


def _quote(
    text: str,
    where: tuple[int, int, str],
    a: Attribution | None,
    speakers: dict[int, tuple[str | None, str]],
    continues: int | None,
) -> tuple[Quote, str | None]:
    """The record, and a warning when it has no speaker."""
    start, end, kind = where
    speaker, why = speakers.get(id(a), (None, "")) if a is not None else (None, "")
    phrase = a.speaker if a is not None else None
    quote = Quote(
        text=text[start:end],
        kind=kind,
        speaker=speaker,
        cue=a.cue if a is not None else None,
        start=start,
        end=end,
        speaker_mention=_mention(text, phrase.start, phrase.end) if phrase else None,
        cue_mention=_mention(text, a.cue_start, a.cue_end) if a else None,
        continues=continues,
    )
    if speaker is not None or continues is not None:
        return quote, None
    at = f"quote at {start}–{end}"
    if a is None:
        return quote, f"{at}: no attribution found; speaker left empty"
    if phrase is None:
        return quote, f"{at}: no speaker found for the cue {a.cue!r}; speaker left empty"
    said = text[phrase.start : phrase.end]
    return quote, f"{at}: speaker {said!r} not resolved ({why}); left empty"


def _mention(text: str, start: int, end: int) -> Mention:
    return Mention(start, end, text[start:end])

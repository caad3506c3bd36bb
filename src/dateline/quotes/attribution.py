"""Attributions read off a sentence: the cue, who speaks, and what they said.

Only sentences holding a cue word outside quote marks are parsed (``syntax.Parses``). On
the parse:

- the **speaker** is the cue's subject (``nsubj``; ``nsubjpass`` for "X was quoted as
  saying"), found by climbing from a cue that has none ("adding" hangs on "said", "saying"
  on "quoted"); for "according to X" it is X. Without a parse, or when the parse gives
  no subject, the noun phrase right before the cue (or right after it: "said Gen. Allen")
  is taken.
- the **content** is the cue's clausal complement (``ccomp``: "said [that] the program will
  not begin"), the clause the cue hangs on when it follows it ("The dam could fail, X
  said"), or the clause an "according to" phrase modifies. A characterising verb ("called
  the plan "a disaster"") has content only when its object holds quoted words.

All offsets are article offsets. The content never leaves the cue's paragraph: spaCy's
sentence splitter may run a sentence over a paragraph break, and the parse with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import cues
from .marks import Paragraphs

_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB = frozenset({"advcl", "conj", "xcomp", "pcomp", "prep"})
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis", "cc", "conj"})
_ADJECTIVAL = frozenset({"amod", "compound", "nmod"})
_OBJECTS = frozenset({"dobj", "prep", "oprd", "xcomp", "attr", "ccomp", "pobj"})
_QUOTE_CHARS = "\"'“”„‘’‚«»‹›"
_TRIM = " \t\n,;:.–—-" + "()[]"
# "WASHINGTON, December 12 (Sputnik) – ": a dateline glued to the first sentence.
_DATELINE = re.compile(r"[A-Z][A-Za-z.'’ -]*[A-Z][A-Za-z.'’ -]*,[^\n–—]{0,60}?\s(?:–|—|--?)\s")
_NP_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PRON"})
_MAX_PHRASE_TOKENS = 14


@dataclass(frozen=True, slots=True)
class SpeakerPhrase:
    """The speaker as written at the cue, with what the entity lookup needs."""

    start: int
    end: int
    head_start: int
    head_end: int
    head: str  # the head word as written
    kind: str  # pronoun | name | noun
    definite: bool  # "the general", "its spokesman": points back to someone named before
    appos: tuple[tuple[int, int], ...] = ()  # "the foreign minister, Rania Haddad"
    related: tuple[tuple[int, int], ...] = ()  # possessors and modifiers: "the ministry's"
    spoken_for: tuple[tuple[int, int], ...] = ()  # "for X", "of X" after the head
    owners: tuple[tuple[int, int], ...] = ()  # possessors: "Obama's" in "Obama's envoy"
    bare: bool = True  # no proper noun before the head: "the general", not "the Argus Leader"


@dataclass(frozen=True, slots=True)
class Attribution:
    cue_start: int
    cue_end: int
    cue: str  # as written, lower case: "said", "according to"
    lemma: str
    paragraph: tuple[int, int]
    speaker: SpeakerPhrase | None
    content: tuple[int, int] | None
    needs_quote: bool = False  # content counts only if it holds quoted words
    expletive: bool = False  # "it was announced that": no one speaks


class QuoteRanges:
    """Sorted (start, end) ranges of quoted text, marks included, for "is it inside?"."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [r[0] for r in self._ranges]

    def inside(self, at: int) -> bool:
        i = bisect_right(self._starts, at) - 1
        return i >= 0 and self._ranges[i][0] <= at < self._ranges[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, end - 1)
        return any(self._ranges[j][1] > start for j in range(max(0, i - 3), i))


def cue_sentences(doc: Doc, offset: int, quoted: QuoteRanges) -> list[Span]:
    """Sentences holding a cue word outside quotes: the only ones worth parsing."""
    out = []
    for sent in doc.sents:
        for token in sent:
            if _is_cue_word(token) and not quoted.inside(offset + token.idx):
                out.append(sent)
                break
    return out


def _is_cue_word(token: Token) -> bool:
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if not token.tag_.startswith("VB") or token.lower_ not in cues.LEMMA:
        return False
    # "so-called", "the said document": a participle used as an adjective
    return token.dep_ not in _ADJECTIVAL and not (token.i > 0 and token.nbor(-1).text == "-")


def read(
    sent: Span,
    parsed: Doc,
    *,
    offset: int,
    paragraphs: Paragraphs,
    quoted: QuoteRanges,
) -> list[Attribution]:
    """The attributions of one sentence; ``parsed`` is its parsed copy (may lack heads)."""
    base = offset + sent.start_char
    has_parse = parsed.has_annotation("DEP")
    out = []
    for token in parsed:
        if not _is_cue_word(token) or quoted.inside(base + token.idx):
            continue
        found = _attribution(token, base, paragraphs, quoted, has_parse=has_parse)
        if found is not None:
            out.append(found)
    return out


def _attribution(
    cue: Token,
    base: int,
    paragraphs: Paragraphs,
    quoted: QuoteRanges,
    *,
    has_parse: bool,
) -> Attribution | None:
    doc = cue.doc
    according = cue.lower_ == "according"
    last = cue.nbor(1) if according else cue
    cue_start, cue_end = base + cue.idx, base + last.idx + len(last)
    paragraph = paragraphs.of(cue_start)
    lemma = "according to" if according else cues.LEMMA[cue.lower_]
    subject = _subject(cue, according) if has_parse else None
    if according and (subject is None or subject.lower_ in cues.NOT_SOURCES):
        return None
    if (
        lemma in cues.CHARACTERISING
        and subject is not None
        and (subject.tag_ in ("WP", "WDT") or any(c.lower_.endswith("selves") for c in cue.rights))
    ):
        return None  # "who call themselves the ...": a name, not speech
    speaker = _phrase(subject, base, paragraph, quoted) if subject is not None else None
    if speaker is None:
        speaker = _surface_phrase(doc, cue, last, base, paragraph, quoted)
    found = _content(cue, according, base, paragraph) if has_parse else None
    content, object_only = (found[:2], found[2]) if found else (None, False)
    if content and speaker and content[0] < speaker.end and speaker.start < content[1]:
        content = None  # a misparse: what someone said never holds who said it
    expletive = (
        subject is not None
        and not according
        and (subject.dep_ == "expl" or subject.lower_ in cues.EXPLETIVES)
    )
    return Attribution(
        cue_start=cue_start,
        cue_end=cue_end,
        cue=doc[cue.i : last.i + 1].text.lower(),
        lemma=lemma,
        paragraph=paragraph,
        speaker=speaker,
        content=content,
        needs_quote=object_only or lemma in cues.CHARACTERISING,
        expletive=expletive,
    )


def _subject(cue: Token, according: bool) -> Token | None:
    if according:
        to = cue.nbor(1)
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    token = cue
    for _ in range(4):
        # The nearest subject: a dateline glued to the sentence may be parsed as another
        # one ("BAGHDAD, March 3 - Iraqi Prime Minister Haider Karimi said").
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - cue.i))
            if subject.tag_ == "WP" and token.dep_ == "relcl" and token.head is not token:
                return token.head  # "Judge X, who told reporters that ...": X speaks
            return subject
        if token.dep_ not in _CLIMB or token.head is token:
            return None
        token = token.head
    return None


def _phrase(
    head: Token, base: int, paragraph: tuple[int, int], quoted: QuoteRanges
) -> SpeakerPhrase | None:
    """The speaker phrase around its head: modifiers to the left, "for X" to the right,
    never a relative clause or anything after a comma."""
    doc = head.doc
    left = head.left_edge.i
    for i in range(head.i - 1, left - 1, -1):
        if doc[i].text == "," or doc[i].text in _QUOTE_CHARS or doc[i].is_space:
            left = i + 1
            break
    right = head.i
    for child in head.rights:
        if child.dep_ in _NOT_IN_PHRASE or any(t.text == "," for t in doc[right : child.i]):
            break
        right = child.right_edge.i
    if right - left + 1 > _MAX_PHRASE_TOKENS:
        left = max(left, head.i - _MAX_PHRASE_TOKENS + 1)
    start, end = base + doc[left].idx, base + doc[right].idx + len(doc[right])
    if not paragraph[0] <= start < paragraph[1] or quoted.overlaps(start, end):
        return None  # the parse reached into a quote or another paragraph: not a subject
    first = doc[left].lower_
    return SpeakerPhrase(
        start=start,
        end=end,
        head_start=base + head.idx,
        head_end=base + head.idx + len(head),
        head=head.text,
        kind=_kind(head),
        definite=first in ("the", "this", "that", "its", "his", "her", "their")
        or any(c.dep_ == "poss" for c in head.children),
        appos=tuple(_span(c, base) for c in head.children if c.dep_ == "appos"),
        related=tuple(
            _span(c, base)
            for c in head.children
            if c.dep_ in ("poss", "compound", "amod", "nmod")
            and paragraph[0] <= base + c.idx < paragraph[1]
        ),
        spoken_for=tuple(_span(c, base) for c in _objects_of(head)),
        owners=tuple(
            (base + c.left_edge.idx, base + c.idx + len(c))
            for c in head.subtree
            if c.dep_ == "poss"
        ),
        bare=not any(t.pos_ == "PROPN" for t in doc[left : head.i]),
    )


def _kind(head: Token) -> str:
    if head.tag_ == "PRP" or head.pos_ == "PRON":
        return "pronoun"
    if head.tag_ in ("NNP", "NNPS") or head.pos_ == "PROPN":
        return "name"
    return "noun"


def _objects_of(head: Token) -> list[Token]:
    """ "for X", "of X", "at X", "from X" after a speaker noun."""
    return [
        c
        for prep in head.rights
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "from")
        for c in prep.children
        if c.dep_ == "pobj"
    ]


def _span(token: Token, base: int) -> tuple[int, int]:
    """The subtree of ``token`` up to its first comma (an appositive's own clauses cut)."""
    doc = token.doc
    left, right = token.left_edge.i, token.i
    for child in token.rights:
        if child.dep_ in _NOT_IN_PHRASE:
            break
        right = child.right_edge.i
    return base + doc[left].idx, base + doc[right].idx + len(doc[right])


def _surface_phrase(
    doc: Doc,
    cue: Token,
    last: Token,
    base: int,
    paragraph: tuple[int, int],
    quoted: QuoteRanges,
) -> SpeakerPhrase | None:
    """No parse, or no subject in it: the noun phrase next to the cue, by tags alone."""
    i = cue.i - 1
    while i >= 0 and doc[i].tag_ in ("RB", "MD", "VBZ", "VBD", "VBP") and doc[i].i != cue.i:
        i -= 1  # "has also said", "would later say"
    left = _np_leftwards(doc, i)
    if left is not None:
        lo, hi = left
    else:
        right = _np_rightwards(doc, last.i + 1)
        if right is None:
            return None
        lo, hi = right
    head = doc[hi]
    start, end = base + doc[lo].idx, base + head.idx + len(head)
    if not paragraph[0] <= start < paragraph[1] or quoted.overlaps(start, end):
        return None
    return SpeakerPhrase(
        start=start,
        end=end,
        head_start=base + head.idx,
        head_end=end,
        head=head.text,
        kind=_kind(head),
        definite=doc[lo].lower_ in ("the", "its", "his", "her", "their"),
        related=tuple(
            (base + t.idx, base + t.idx + len(t)) for t in doc[lo:hi] if t.pos_ == "PROPN"
        ),
        bare=not any(t.pos_ == "PROPN" for t in doc[lo:hi]),
    )


def _np_leftwards(doc: Doc, i: int) -> tuple[int, int] | None:
    hi = i
    while i >= 0 and hi - i < _MAX_PHRASE_TOKENS and _in_np(doc[i]):
        i -= 1
    lo = i + 1
    if lo > hi or doc[hi].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return lo, hi


def _np_rightwards(doc: Doc, i: int) -> tuple[int, int] | None:
    lo = i
    while i < len(doc) and i - lo < _MAX_PHRASE_TOKENS and _in_np(doc[i]):
        i += 1
    hi = i - 1
    while hi >= lo and doc[hi].pos_ not in ("PROPN", "NOUN", "PRON"):
        hi -= 1
    return (lo, hi) if hi >= lo else None


def _in_np(token: Token) -> bool:
    return (
        token.pos_ in _NP_POS
        or token.tag_ == "POS"
        or token.text.endswith(".")
        and (token.is_title and len(token.text) <= 5)
    )


def _content(
    cue: Token, according: bool, base: int, paragraph: tuple[int, int]
) -> tuple[int, int, bool] | None:
    """(start, end, object_only): object_only content counts only if it holds a quote."""

    def here(token: Token) -> bool:
        return paragraph[0] <= base + token.idx < paragraph[1]

    bounds = _according_content(cue) if according else _clause_content(cue, here)
    if bounds is None:
        return None
    doc = cue.doc
    lo, hi, object_only = bounds
    while lo <= hi and (doc[lo].is_space or doc[lo].text in _TRIM or _is_mark_that(doc[lo])):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in _TRIM):
        hi -= 1
    if lo > hi:
        return None
    start = max(base + doc[lo].idx, paragraph[0])
    end = min(base + doc[hi].idx + len(doc[hi]), paragraph[1])
    if start >= end or start <= base + cue.idx < end:
        return None
    words = [t for t in doc[lo : hi + 1] if not t.is_punct and not t.is_space]
    clause = len(words) >= 2 and any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in words)
    if not clause and not any(t.text in _QUOTE_CHARS for t in doc[lo : hi + 1]):
        return None
    return _after_dateline(doc.text, start - base, base), end, object_only


def _is_mark_that(token: Token) -> bool:
    return token.lower_ == "that" and (token.dep_ == "mark" or token.tag_ == "IN")


def _according_content(cue: Token) -> tuple[int, int, bool] | None:
    head = cue.head
    if cue.dep_ != "prep" or head is cue:
        return None
    doc = cue.doc
    c_lo, c_hi = cue.left_edge.i, cue.right_edge.i
    h_lo, h_hi = head.left_edge.i, head.right_edge.i
    while h_hi > c_hi and (doc[h_hi].is_punct or doc[h_hi].is_space):
        h_hi -= 1
    if c_lo <= h_lo:
        return c_hi + 1, h_hi, False
    if c_hi >= h_hi:
        return h_lo, c_lo - 1, False
    return h_lo, h_hi, False


def _clause_content(cue: Token, here: Callable[[Token], bool]) -> tuple[int, int, bool] | None:
    # A clause in another paragraph is a misparse across the break, not this cue's.
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and here(c)]
    if clauses:
        best = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
        return best.left_edge.i, best.right_edge.i, False
    for prep in cue.rights:
        for noun in (c for c in prep.children if prep.dep_ == "prep" and c.dep_ == "pobj"):
            for clause in noun.rights:
                if clause.dep_ in ("acl", "ccomp") and any(_is_mark_that(t) for t in clause.lefts):
                    return clause.left_edge.i, clause.right_edge.i, False
    if cue.dep_ == "parataxis" and cue.head.i < cue.i:
        return cue.head.left_edge.i, cue.left_edge.i - 1, False
    objects = [c for c in cue.rights if c.dep_ in _OBJECTS]
    if objects:
        # Kept only if quoted words lie inside (checked by the caller against the marks).
        return objects[0].left_edge.i, objects[-1].right_edge.i, True
    return None


def _after_dateline(text: str, start: int, base: int) -> int:
    found = _DATELINE.match(text, start)
    if found is None or found.end() - start > 90:
        return base + start
    return base + found.end()

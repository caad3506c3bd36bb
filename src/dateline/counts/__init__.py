"""Counts: how many were killed, wounded, missing, arrested, displaced, kidnapped, took
part; how many states a coalition has and how many strikes were flown (docs/counts.md).

Only sentences holding a number-like word and a word a count needs (a kind verb or
adjective, a people noun, "toll", ...) are parsed; the parse then says what each number
counts (``grammar.py``), so "the attack killed 12 soldiers" is a count of killed soldiers
and "12 gunmen killed 3 guards" is not a count of 12 killed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span

from .. import nlp
from ..records import Count
from . import grammar, lexicon
from .numbers import NumberPhrase, looks_like_count, number_phrases

__all__ = ["NEAR", "candidate_sentences", "counts_in_sentence", "find_counts"]

# In 100 news articles (content/aeb/text) every sentence holding a count has its number
# within 3 words of such a word; 8 keeps a margin and still parses a third fewer
# sentences than asking only that both occur somewhere in the sentence.
NEAR = 8
_MEMO = "dateline.counts"  # sdoc.user_data key: (_MEMO, offset) → counts_in_sentence's answer


def find_counts(analysis: nlp.Analysis, text: str) -> tuple[Count, ...]:
    """All counts in the article, in text order: picks candidate sentences cheaply (a
    number-like token near a count word), parses only those with
    ``piece.parses.parse(...)``, and calls ``counts_in_sentence`` with
    ``offset = piece.offset + sent.start_char``. Offsets index ``text``, the text
    ``analysis`` was made from."""
    found: list[Count] = []
    for piece in analysis.pieces:
        sents = list(candidate_sentences(piece.doc))
        if not sents or not piece.parses.available:
            continue
        for sent, sdoc in zip(sents, piece.parses.parse(sents), strict=True):
            offset = piece.offset + sent.start_char
            found += (count for count, _ in counts_in_sentence(sdoc, offset=offset))
    return tuple(found)


def candidate_sentences(doc: Doc) -> Iterator[Span]:
    """Sentences with a number-like word within ``NEAR`` words of a word a count needs
    (a kind verb or adjective, a people noun, "toll", ...): cheap, no parse. The window
    only picks what to parse; what a number counts is then read off the parse."""
    for sent in doc.sents:
        last_number = last_trigger = None
        for token in sent:
            if looks_like_count(token):
                last_number = token.i
            if token.lower_ in lexicon.TRIGGERS or token.ent_type_ == "NORP":
                last_trigger = token.i
            if (
                last_number is not None
                and last_trigger is not None
                and abs(last_number - last_trigger) <= NEAR
            ):
                yield sent
                break


def counts_in_sentence(sdoc: Doc, *, offset: int) -> tuple[tuple[Count, int], ...]:
    """Counts in one parsed sentence (a Doc from syntax.Parses), offsets shifted by
    ``offset`` to index the article; each with the index in ``sdoc`` of its anchor token
    (the verb such as 'killed'/'wounded'/'arrested', or the counted noun when no verb
    says what happened) so the events stage can link counts to events by grammar.

    The counts stage and the events stage both ask for the same sentence (the cached
    parse, the same offset): the answer is kept in ``sdoc.user_data``."""
    memo: dict[Any, Any] = sdoc.user_data  # spaCy's own keys there are tuples too
    key = (_MEMO, offset)
    found: tuple[tuple[Count, int], ...] | None = memo.get(key)
    if found is None:
        found = memo[key] = _counts_in_sentence(sdoc, offset=offset)
    return found


def _counts_in_sentence(sdoc: Doc, *, offset: int) -> tuple[tuple[Count, int], ...]:
    readings: list[tuple[NumberPhrase, grammar.Reading]] = []
    for phrase in number_phrases(sdoc):
        reading = grammar.read(sdoc, phrase)
        if reading is not None:
            readings.append((phrase, reading))
    nouns = _shared_nouns(sdoc, readings)
    return tuple(
        (_count(sdoc, phrase, reading, nouns[n], offset=offset), reading.anchor)
        for n, (phrase, reading) in enumerate(readings)
    )


def _shared_nouns(
    sdoc: Doc, readings: list[tuple[NumberPhrase, grammar.Reading]]
) -> list[int | None]:
    """The counted noun of each reading; a bare number takes the noun of an earlier count
    whose anchor is its conjunct: "12 people were killed and 30 wounded" → 30 people."""
    nouns = [reading.noun for _, reading in readings]
    for n, (_, reading) in enumerate(readings):
        if reading.noun is not None:
            continue
        anchor = sdoc[reading.anchor]
        for m in range(n):
            other = sdoc[readings[m][1].anchor]
            linked = (anchor.dep_ == "conj" and anchor.head == other) or (
                anchor.dep_ == "conj" and other.dep_ == "conj" and anchor.head == other.head
            )
            if linked and nouns[m] is not None:
                nouns[n] = nouns[m]
    return nouns


def _count(
    sdoc: Doc, phrase: NumberPhrase, reading: grammar.Reading, noun: int | None, *, offset: int
) -> Count:
    end = phrase.end
    if reading.noun is not None and reading.noun >= phrase.end:
        end = reading.noun + 1  # "dozens of protesters": through the noun
    first, last = sdoc[phrase.start], sdoc[end - 1]
    return Count(
        kind=reading.kind,
        number=phrase.number,
        qualifier=phrase.qualifier,
        object=_object_text(sdoc, noun, phrase.end) if noun is not None else None,
        start=offset + first.idx,
        end=offset + last.idx + len(last.text),
        upper=phrase.upper,
    )


def _object_text(sdoc: Doc, noun: int, number_end: int) -> str:
    """The counted noun with the compounds before it: "police officers", "member states"
    (not "dozen soldiers": the number is no part of it)."""
    head = sdoc[noun]
    start = noun
    floor = number_end if noun >= number_end else 0
    while start > floor and sdoc[start - 1].dep_ == "compound" and sdoc[start - 1].head == head:
        start -= 1
    return sdoc[start : noun + 1].text

"""Sentences that may hold an event, found without the parser.

A sentence is a candidate when one of its words, by its tag, is a trigger form from the
lexicon ("airstrikes" as a noun, "agreed" as a verb). This is a dictionary look-up per
token on the tagged document, so the dependency parser runs only on candidates.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from .grammar import pos_of, trigger_lemma
from .lexicon import Lexicon

# Longer "sentences" are lists, tables or text without stops; parsing them costs time
# and a coded event from one would rest on a parse nobody can trust.
MAX_TOKENS = 250


def candidate_sentences(doc: Doc, lex: Lexicon) -> Iterator[Span]:
    for sent in doc.sents:
        if any(_is_trigger(token.lower_, pos_of(token), lex) for token in sent):
            yield sent


def _is_trigger(word: str, pos: str | None, lex: Lexicon) -> bool:
    return pos in ("V", "N") and trigger_lemma(word, pos, lex) is not None

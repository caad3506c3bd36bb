"""The spaCy stage over long texts: parsed in pieces, the same answers as in one piece."""

from __future__ import annotations

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
    entities, places = found
    return (
        {(e.name, len(e.mentions)) for e in entities},
        {(p.id, len(p.mentions)) for p in places},
    )


def test_pieces_give_what_one_piece_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    model = nlp.load_model(DEFAULT_MODEL)
    whole = nlp.analyse(model, TEXT, dateline_place="CAIRO")
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 200)
    pieces = nlp.analyse(model, TEXT, dateline_place="CAIRO")
    assert _summary(pieces) == _summary(whole)
    hamdan = next(e for e in pieces[0] if e.name == "Leila Hamdan")
    assert len(hamdan.mentions) == 3  # one per paragraph: merged across the three pieces
    for entity in pieces[0]:
        for m in entity.mentions:
            assert TEXT[m.start : m.end] == m.text
    for place in pieces[1]:
        for m in place.mentions:
            assert TEXT[m.start : m.end] == m.text

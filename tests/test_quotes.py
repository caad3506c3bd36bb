"""Quotes: marks in every style, attribution, speakers as entity ids, bad input.

The mark tests need no model; the rest run the real spaCy pipeline on sentences written
here (or on the seed, through the same cleaning a user gets). Nothing in the code knows
these texts.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from dateline import nlp
from dateline.config import Settings
from dateline.evaluation import quotes as quote_eval
from dateline.quotes import find_quotes
from dateline.quotes.marks import find_quoted
from dateline.records import Entity, Quote
from dateline.syntax import Parses

# --- quote marks (no model) -------------------------------------------------------------


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(text)[0]]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "we will win," and left.', "we will win"),
        ("He said “we will win” and left.", "we will win"),
        ("He said ‘we will win’ and left.", "we will win"),
        ("Il a dit « nous gagnerons » hier.", "nous gagnerons"),
        ("Sie sagte: „Wir gewinnen.“ Dann ging sie.", "Wir gewinnen."),
        ("Er sagte »wir gewinnen« laut.", "wir gewinnen"),
        ("He said 'we will win' and left.", "we will win"),
    ],
)
def test_every_quote_style_is_read(text: str, inside: str) -> None:
    assert _quoted(text) == [inside]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The players’ union didn’t sign in the ’90s, nor in the '80s; O'Brien's team did."
    assert _quoted(text) == []


def test_a_nested_quote_stays_inside_the_outer_one() -> None:
    text = "“When he said ‘the money is gone’, I knew,” she said."
    assert _quoted(text) == ["When he said ‘the money is gone’, I knew"]


def test_a_quote_over_paragraphs_continues_from_piece_to_piece() -> None:
    text = 'She said: "One.\n\n"Two.\n\n"Three." Then nothing.\n\nAfter.'
    pieces, warnings = find_quoted(text)
    assert [text[p.start : p.end] for p in pieces] == ["One.", "Two.", "Three."]
    assert pieces[0].continues is None
    assert pieces[1].continues == pieces[0].start
    assert pieces[2].continues == pieces[1].start
    assert warnings == []


def test_a_lost_closing_mark_runs_to_the_paragraph_end_with_a_warning() -> None:
    text = 'The senator said "we will fight this bill.\n\nVoting is on Thursday.'
    pieces, warnings = find_quoted(text)
    assert [text[p.start : p.end] for p in pieces] == ["we will fight this bill."]
    assert pieces[0].closed is None
    assert len(warnings) == 1 and "never closed" in warnings[0]


def test_a_flood_of_marks_takes_linear_time() -> None:
    text = '"' * 20_000 + " said " + "“”" * 20_000
    started = time.perf_counter()
    find_quoted(text)
    assert time.perf_counter() - started < 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„")), max_size=300))
def test_quoted_stretches_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    pieces, _ = find_quoted(text)
    last_end = -1
    for p in pieces:
        assert last_end <= p.opened < p.start < p.end <= len(text)
        assert p.closed is None or p.end <= p.closed
        last_end = p.closed if p.closed is not None else p.end


# --- the gold file (no model) -----------------------------------------------------------


def test_gold_file_spans_slice_their_text_and_cover_every_kind() -> None:
    items = quote_eval.load_gold(quote_eval.default_gold())  # raises if a span is off
    quotes = [q for i in items for q in i.quotes]
    assert len(quotes) >= 80
    assert {q.kind for q in quotes} == {"direct", "indirect", "mixed"}
    assert {i.split for i in items} == {"dev", "test"}
    assert any(not i.quotes for i in items)  # negatives
    assert any(q.speaker_ref is None for q in quotes)  # speakers that are no entity


# --- the real pipeline ------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> object:
    return nlp.load_model(Settings().model)


def _run(model: object, text: str) -> tuple[tuple[Quote, ...], tuple[str, ...], list[Entity]]:
    analysis = nlp.analyse(model, text)
    quotes, warnings = find_quotes(analysis, text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        for m in (q.speaker_mention, q.cue_mention):
            assert m is None or text[m.start : m.end] == m.text
    return quotes, warnings, list(analysis.entities)


def _entity(entities: list[Entity], name: str) -> str:
    """The id of the one entity whose name ends with ``name`` ("Farmer Ana Ruiz" too)."""
    (found,) = [e.id for e in entities if e.name.endswith(name)]
    return found


@pytest.fixture(scope="module")
def seed(seed_files: list[Path], model: object) -> Iterator[tuple[str, list[Quote], list[Entity]]]:
    article = dateline.process_path(seed_files[0], settings=dateline.load_settings(nlp=False))
    quotes, _, entities = _run(model, article.text)
    yield article.text, list(quotes), entities


@pytest.mark.model
def test_seed_direct_quote_is_allens_with_cue_said(
    seed: tuple[str, list[Quote], list[Entity]],
) -> None:
    _, quotes, entities = seed
    allen = next(e for e in entities if e.type == "PERSON" and "Allen" in e.name)
    direct = [q for q in quotes if q.text.startswith("We believe that the strategic")]
    assert len(direct) == 1
    q = direct[0]
    assert q.text.endswith("has been halted")  # no marks, no trailing comma
    assert (q.kind, q.speaker, q.cue) == ("direct", allen.id, "said")


@pytest.mark.model
def test_seed_partial_quote_and_according_to_are_allens(
    seed: tuple[str, list[Quote], list[Entity]],
) -> None:
    _, quotes, entities = seed
    allen = next(e for e in entities if e.type == "PERSON" and "Allen" in e.name).id
    partial = "will begin the process of reversing the momentum in Iraq"
    holding = [q for q in quotes if partial in q.text]
    assert [(q.kind, q.speaker) for q in holding] == [("mixed", allen)]
    according = [q for q in quotes if q.cue == "according to"]
    assert len(according) == 1
    assert according[0].speaker == allen
    assert according[0].text.startswith("the main focus of US efforts")


@pytest.mark.model
def test_seed_indirect_statement_is_mcgurks(seed: tuple[str, list[Quote], list[Entity]]) -> None:
    _, quotes, entities = seed
    mcgurk = next(e.id for e in entities if e.name.endswith("McGurk"))
    q = next(q for q in quotes if "will not begin before March" in q.text)
    assert (q.kind, q.speaker, q.cue) == ("indirect", mcgurk, "said")
    assert q.text.startswith("the US program")  # "that" is not part of what he said
    assert all(q.speaker != mcgurk or "momentum" not in q.text for q in quotes)


@pytest.mark.model
def test_split_quote_is_two_linked_pieces(model: object) -> None:
    text = '"We believe," Senator Laura Whitfield said, "that the bill will pass."'
    quotes, _, entities = _run(model, text)
    assert [q.text for q in quotes] == ["We believe", "that the bill will pass."]
    speaker = _entity(entities, "Laura Whitfield")
    assert {(q.kind, q.speaker, q.cue) for q in quotes} == {("direct", speaker, "said")}
    assert quotes[1].continues == quotes[0].start


@pytest.mark.model
def test_title_and_pronoun_resolve_to_the_person_named_before(model: object) -> None:
    text = (
        "US Gen. Mark Holloway visited the base on Friday.\n\n"
        "The general said that air strikes had destroyed 200 vehicles.\n\n"
        '"The enemy can no longer move in convoys," he added.'
    )
    quotes, warnings, entities = _run(model, text)
    holloway = _entity(entities, "Mark Holloway")
    assert [(q.kind, q.speaker, q.cue) for q in quotes] == [
        ("indirect", holloway, "said"),
        ("direct", holloway, "added"),
    ]
    assert warnings == ()


@pytest.mark.model
def test_no_speaker_rather_than_a_wrong_one(model: object) -> None:
    text = (
        "President Carlos Ibarra met his rival Jorge Salinas at the palace.\n\n"
        '"We agreed on nothing," he said.\n\n'
        "Witnesses said the crowd left before dawn."
    )
    quotes, warnings, _ = _run(model, text)
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", None), ("indirect", None)]
    assert len(warnings) == 2
    assert "2 people fit" in warnings[0] and "'he'" in warnings[0]
    assert "'Witnesses'" in warnings[1]


@pytest.mark.model
def test_possessor_is_not_the_speaker(model: object) -> None:
    text = (
        "President Daniel Ortega's chief of staff, Miguel Sandoval, said on Friday "
        "that the talks had collapsed."
    )
    quotes, _, entities = _run(model, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("the talks had collapsed", _entity(entities, "Miguel Sandoval"))
    ]


@pytest.mark.model
def test_scare_quotes_titles_and_names_are_not_quotes(model: object) -> None:
    text = (
        'The so-called "peace plan" has been criticised across the region.\n\n'
        'The documentary "Roads of Dust and Fire" opened the festival on Friday.\n\n'
        'Rebel commander Yusuf "The Lion" Adan was killed on Sunday.\n\n'
        "The bridge was completed according to plan in October."
    )
    quotes, _, _ = _run(model, text)
    assert quotes == ()


@pytest.mark.model
def test_quote_over_paragraphs_keeps_its_speaker(model: object) -> None:
    text = (
        'Farmer Ana Ruiz told the Associated Press: "The river came at night.\n\n'
        '"By morning the water had reached the roof."\n\n'
        "The storm moved north on Friday."
    )
    quotes, _, entities = _run(model, text)
    ruiz = _entity(entities, "Ana Ruiz")
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        ("The river came at night.", ruiz, "told"),
        ("By morning the water had reached the roof.", ruiz, "told"),
    ]
    assert quotes[1].continues == quotes[0].start


@pytest.mark.model
def test_without_a_parser_direct_quotes_still_come_out(model: object) -> None:
    text = '"We have nothing to hide," club chairman Roberto Bianchi said on Monday.'
    analysis = nlp.analyse(model, text)
    blind = nlp.Analysis(
        analysis.entities,
        analysis.places,
        tuple(
            nlp.Piece(p.offset, p.doc, Parses(spacy.blank("en"), p.doc)) for p in analysis.pieces
        ),
    )
    quotes, _ = find_quotes(blind, text)
    bianchi = _entity(list(analysis.entities), "Roberto Bianchi")
    assert [(q.text, q.kind, q.speaker, q.cue) for q in quotes] == [
        ("We have nothing to hide", "direct", bianchi, "said")
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        " ".join(['the minister said that he told reporters "we will win and'] * 50) + ".",
        "\n\n".join(f'He said "we will go {i} and "they said ‘no' for i in range(100)),
        "\n".join(f"Item {i}: apples, pears, {i * 3} kg" for i in range(300)),
        '"' * 800 + " said " + "“”" * 500,  # (spaCy itself is slow on longer floods)
    ],
    ids=["500-word sentence", "unbalanced marks", "no verbs", "mark flood"],
)
def test_bad_input_gives_quotes_or_nothing_in_bounded_time(model: object, text: str) -> None:
    analysis = nlp.analyse(model, text)
    started = time.perf_counter()
    quotes, warnings = find_quotes(analysis, text)
    assert time.perf_counter() - started < 5.0
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.kind in ("direct", "indirect", "mixed")
    assert all(isinstance(w, str) for w in warnings)


_NAMES_AND_CUES = "said told added according to the General he she Allen John Smith minister"
_WORDS = [
    *f"{_NAMES_AND_CUES} warned that is will not begin Reuters US spokesman for who".split(),
    *['"', "“", "”", "‘", "’", "«", "»", "„", "'", ",", ".", ":", "-", "—"],
    "\n",
    "\n\n",
]


@pytest.mark.model
@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=80))
def test_any_word_salad_gives_well_formed_quotes(words: list[str]) -> None:
    text = " ".join(words) + " ."
    analysis = nlp.analyse(nlp.load_model(Settings().model), text)
    quotes, _ = find_quotes(analysis, text)
    ids = {e.id for e in analysis.entities}
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.start < q.end
        assert q.speaker is None or q.speaker in ids

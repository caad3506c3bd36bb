"""Counts: numbers, qualifiers, kinds and objects read by grammar; negatives; bad input.

The sentences here are invented for the tests and are not the gold sentences of
``dateline eval counts``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from dateline import Count, load_settings, nlp, process_path
from dateline.config import DEFAULT_MODEL
from dateline.counts import candidate_sentences, counts_in_sentence, find_counts
from dateline.counts.numbers import number_phrases, value_at
from dateline.evaluation import counts as count_eval

Key = tuple[str, int, str, int | None, str | None]


# --- number values: no model needed ---------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["1,200"], 1200),
        (["2.5", "million"], 2_500_000),
        (["three"], 3),
        (["twenty", "-", "five"], 25),
        (["twenty-five"], 25),
        (["two", "hundred", "and", "fifty"], 250),
        (["a", "dozen"], 12),
        (["dozens"], 12),
        (["tens"], 10),
        (["scores"], 20),
        (["hundreds"], 100),
        (["thousands"], 1000),
        (["tens", "of", "thousands"], 10_000),
        (["hundreds", "of", "thousands"], 100_000),
        (["4.35", "million"], 4_350_000),  # exactly, not 4,349,999
        (["one", "hundred", "and", "twenty"], 120),
        (["five", "-", "six"], 5),  # a range, not 11
        (["8.5"], None),  # not a whole number of anything
        (["0199"], None),  # a leading zero: part of a phone number or a code
        (["people"], None),
    ],
)
def test_number_values(words: list[str], value: int | None) -> None:
    assert value_at(Doc(English().vocab, words=words), 0) == value


@pytest.mark.parametrize(
    ("words", "reading"),
    [
        (["at", "least", "40"], (40, "at_least", None)),
        (["up", "to", "40"], (40, "at_most", None)),
        (["some", "40"], (40, "about", None)),
        (["between", "10", "and", "15"], (10, "range", 15)),
        (["five", "-", "six"], (5, "range", 6)),
        (["10-15"], (10, "range", 15)),
        (["dozens"], (12, "at_least", None)),
        (["more", "than", "a", "dozen"], (12, "at_least", None)),
        (["a", "dozen"], (12, "about", None)),
        (["12", "or", "more"], (12, "at_least", None)),
    ],
)
def test_qualifiers_and_ranges(words: list[str], reading: tuple[int, str, int | None]) -> None:
    phrases = number_phrases(Doc(English().vocab, words=words))
    assert [(p.number, p.qualifier, p.upper) for p in phrases] == [reading]
    assert (phrases[0].start, phrases[0].end) == (0, len(words))


def test_rise_from_one_figure_to_another_keeps_the_second() -> None:
    phrases = number_phrases(Doc(English().vocab, words=["rose", "from", "30", "to", "45"]))
    assert [(p.number, p.qualifier) for p in phrases] == [(45, "exact")]


# --- counts in sentences: the real model ------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Any:
    return nlp.load_model(DEFAULT_MODEL)


def _counts(model: Any, text: str) -> tuple[Count, ...]:
    return find_counts(nlp.analyse(model, text), text)


def _keys(model: Any, text: str) -> set[Key]:
    return {(c.kind, c.number, c.qualifier, c.upper, c.object) for c in _counts(model, text)}


CASES: list[tuple[str, set[Key]]] = [
    # digits, separators, multipliers, words
    (
        "More than 3,400 residents fled the fighting.",
        {("displaced", 3400, "at_least", None, "residents")},
    ),
    (
        "About 1.5 million people have been displaced since spring.",
        {("displaced", 1_500_000, "about", None, "people")},
    ),
    ("Three nurses were abducted from the clinic.", {("kidnapped", 3, "exact", None, "nurses")}),
    (
        "Thirty-four workers remain missing after the mine flooded.",
        {("missing", 34, "exact", None, "workers")},
    ),
    (
        "A dozen farmers were detained at the checkpoint.",
        {("arrested", 12, "about", None, "farmers")},
    ),
    ("Troops arrested dozens of students.", {("arrested", 12, "at_least", None, "students")}),
    (
        "Hundreds of teachers marched to the ministry.",
        {("participants", 100, "at_least", None, "teachers")},
    ),
    ("Thousands of villagers fled north.", {("displaced", 1000, "at_least", None, "villagers")}),
    ("Scores of pilgrims were hurt in the crush.", {("wounded", 20, "at_least", None, "pilgrims")}),
    (
        "Tens of activists rallied outside the court.",
        {("participants", 10, "at_least", None, "activists")},
    ),
    # qualifiers
    ("At least 8 guards were killed overnight.", {("killed", 8, "at_least", None, "guards")}),
    ("Nearly 90 sailors were captured.", {("arrested", 90, "about", None, "sailors")}),
    ("Police rounded up some 20 of them.", {("arrested", 20, "about", None, None)}),
    ("Up to 60 civilians may have died.", {("killed", 60, "at_most", None, "civilians")}),
    # ranges
    (
        "Between 20 and 25 shepherds were abducted.",
        {("kidnapped", 20, "range", 25, "shepherds")},
    ),
    ("Police held 30-40 suspects overnight.", {("other", 30, "range", 40, "suspects")}),
    ("Gunmen wounded 5 to 7 bystanders.", {("wounded", 5, "range", 7, "bystanders")}),
    ("Some 10–15 guards were killed.", {("killed", 10, "range", 15, "guards")}),
    ("Police detained 10-12 men.", {("arrested", 10, "range", 12, "men")}),
    ("A hundred drivers were detained.", {("arrested", 100, "exact", None, "drivers")}),
    # active and passive, adjectives, tolls, two counts in one sentence
    ("Nine pilgrims were killed on the road.", {("killed", 9, "exact", None, "pilgrims")}),
    ("The raid ended with the militants killing 14.", {("killed", 14, "exact", None, None)}),
    ("The mortar attack killed 6 cadets.", {("killed", 6, "exact", None, "cadets")}),
    ("The landslide left 23 dead.", {("killed", 23, "exact", None, None)}),
    ("The toll climbed to 51 by evening.", {("killed", 51, "exact", None, None)}),
    (
        "Medics counted 8 dead and 19 wounded.",
        {("killed", 8, "exact", None, None), ("wounded", 19, "exact", None, None)},
    ),
    # who did it is not who it happened to
    (
        "Seven attackers killed 2 guards.",
        {("other", 7, "exact", None, "attackers"), ("killed", 2, "exact", None, "guards")},
    ),
    # things counted
    ("The pact has 31 participating states.", {("members", 31, "exact", None, "states")}),
    ("Jets flew 40 airstrikes on Sunday.", {("strikes", 40, "exact", None, "airstrikes")}),
    ("The 45-nation alliance met in Oslo.", {("members", 45, "exact", None, "nation")}),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts_in_sentences(model: Any, text: str, expected: set[Key]) -> None:
    assert _keys(model, text) == expected


@pytest.mark.model
def test_offsets_slice_the_number_phrase_through_the_noun(model: Any) -> None:
    text = "Officials said. At least 12 people were killed and police detained dozens of men."
    found = _counts(model, text)
    assert [text[c.start : c.end] for c in found] == ["At least 12 people", "dozens of men"]


@pytest.mark.model
def test_anchor_is_the_verb_or_the_counted_noun(model: Any) -> None:
    analysis = nlp.analyse(model, "The shelling wounded 40 civilians in a town with 3 mosques.")
    piece = analysis.pieces[0]
    sdoc = piece.parses.get(next(iter(piece.doc.sents)))
    found = counts_in_sentence(sdoc, offset=100)
    assert [(c.kind, sdoc[a].text) for c, a in found] == [("wounded", "wounded")]
    assert found[0][0].start == 100 + sdoc.text.index("40")
    other = nlp.analyse(model, "It has 9 member states.").pieces[0]
    members = counts_in_sentence(other.parses.get(next(iter(other.doc.sents))), offset=0)
    assert [(c.kind, c.object, a) for c, a in members] == [("members", "member states", 4)]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1998 and revised in 2014.",
        "The minister met on 14 March and again on Friday 21.",
        "The ministry asked for $40 million, a 15% rise on last year.",
        "Rebels said they held 70 percent of the province.",
        "The 17-year-old student and a 40-year-old teacher were questioned.",
        "Aged 63, the general retired to his farm.",
        "Sara Mendes, 29, a lawyer, was among the speakers.",
        "Resolution 2401 demanded a ceasefire; Article 51 was cited.",
        "Call +33 1 42 68 53 00 or 0800 123 456 for help.",
        "She was one of the officers who wrote the report.",
        "It was the fourth raid this year and the 9th since 2012.",
        "The convoy covered 120 km in 5 hours.",
        "The curfew starts at 9 p.m. each night.",
    ],
)
def test_numbers_that_count_no_one(model: Any, text: str) -> None:
    assert _counts(model, text) == ()


@pytest.mark.model
def test_text_without_numbers_parses_nothing(model: Any) -> None:
    text = "The talks went on late into the night. Soldiers guarded the gates.\n\nNo one spoke."
    analysis = nlp.analyse(model, text)
    assert find_counts(analysis, text) == ()
    assert sum(len(p.parses) for p in analysis.pieces) == 0
    assert list(candidate_sentences(analysis.pieces[0].doc)) == []


@pytest.mark.model
def test_a_500_word_sentence_takes_bounded_time(model: Any) -> None:
    clause = "and {n} workers were hurt while {m} guards fled across the river"
    text = "Officials said " + " ".join(clause.format(n=i + 2, m=i + 50) for i in range(46)) + "."
    assert len(text.split()) > 500
    analysis = nlp.analyse(model, text)
    started = time.perf_counter()
    found = find_counts(analysis, text)
    assert time.perf_counter() - started < 2.0
    assert len(found) > 40
    for c in found:
        assert text[c.start : c.end].split()[0].isdigit()


@pytest.mark.model
def test_a_table_of_figures_takes_bounded_time(model: Any) -> None:
    text = "Killed " + " ".join(str(i) for i in range(1, 600))
    analysis = nlp.analyse(model, text)
    started = time.perf_counter()
    find_counts(analysis, text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.model
def test_offsets_hold_across_pieces_of_a_long_text(
    model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [
        "Officials in the port said at least 7 fishermen were missing after the storm.",
        "Police later arrested 15 protesters near the harbour office.",
        "The coalition now has 12 member states, a spokesman said.",
    ]
    text = "\n\n".join(paragraphs)
    whole = _counts(model, text)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 90)
    analysis = nlp.analyse(model, text)
    assert len(analysis.pieces) > 1
    pieces = find_counts(analysis, text)
    assert pieces == whole
    assert [text[c.start : c.end] for c in pieces] == [
        "at least 7 fishermen",
        "15 protesters",
        "12 member states",
    ]


@pytest.mark.model
def test_seed_coalition_has_62_member_states(model: Any, seed_files: list[Path]) -> None:
    article = process_path(seed_files[0], settings=load_settings(nlp=False))
    found = find_counts(nlp.analyse(model, article.text), article.text)
    members = [c for c in found if c.kind == "members"]
    assert [(c.number, c.qualifier, c.object) for c in members] == [(62, "exact", "states")]
    assert article.text[members[0].start : members[0].end] == "62 participating states"


# --- the evaluation ---------------------------------------------------------------------


def test_multiset_match_counts_each_prediction_once() -> None:
    tally = count_eval.match([("killed", 3), ("killed", 3)], [("killed", 3), ("wounded", 3)])
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1)


@pytest.mark.model
def test_eval_scores_ours_above_the_baseline(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "split": "dev", "text": "Police detained 40 students on Monday.", '
        '"counts": [{"kind": "arrested", "number": 40, "qualifier": "exact", '
        '"object": "students", "span": "40 students"}]}\n'
        '{"id": "b", "split": "test", "text": "The bill passed by 52 votes.", "counts": []}\n',
        encoding="utf-8",
    )
    result = count_eval.run(gold=gold)
    ours, naive = result["systems"]["dateline"], result["systems"]["baseline"]
    assert ours["all"]["count"]["f1"] == 1.0
    assert naive["all"]["count"]["f1"] == 0.0  # it calls the 40 students killed
    assert naive["all"]["object"]["f1"] == 1.0
    assert ours["all"]["negative_false_alarms"] == 0

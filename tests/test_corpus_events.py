"""Cross-article event merging: one real-world event, however many reports."""

from __future__ import annotations

from dataclasses import replace

from dateline.corpus_events import EventMention, Party, merge, same_event

ISIS = Party("a-isis", None, "insurgent")
ARMY = Party("g-irq-army", "IRQ", "military")
CIVILIANS = Party(None, "IRQ", "civilian")


def _mention(article: str, **changes: object) -> EventMention:
    base = EventMention(
        article_id=article,
        n=0,
        type="ASSAULT",
        day="2014-12-11",
        actor=ISIS,
        target=CIVILIANS,
        place=99072,  # Mosul
        lat=36.335,
        lon=43.119,
        place_country="IQ",
        place_is_country=False,
        source=article,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_two_outlets_one_kidnapping_is_one_event_with_two_sources() -> None:
    a = _mention("a1")
    b = _mention("b1", day="2014-12-12")  # reported the next day
    (event,) = merge([a, b])
    assert event.sources == 2
    assert {m.article_id for m in event.members} == {"a1", "b1"}


def test_syndicated_copies_count_once() -> None:
    copies = [_mention(f"copy{i}", source="wire") for i in range(200)]
    (event,) = merge(copies + [_mention("own", source="own")])
    assert len(event.members) == 201
    assert event.sources == 2


def test_different_places_actors_or_types_stay_apart() -> None:
    base = _mention("a1")
    far = _mention("b1", place=98182, lat=33.34, lon=44.40)  # Baghdad, 350 km away
    other_actor = _mention("c1", actor=ARMY)
    other_type = _mention("d1", type="PROTEST")
    late = _mention("e1", day="2014-12-15")
    for other in (far, other_actor, other_type, late):
        assert not same_event(base, other)
    assert len(merge([base, far, other_actor, other_type, late])) == 5


def test_type_and_date_alone_are_not_enough() -> None:
    a = _mention("a1", actor=None, target=None, place=None, place_country=None)
    b = _mention("b1", actor=None, target=None, place=None, place_country=None)
    assert not same_event(a, b)


def test_one_articles_events_are_never_merged_and_ids_are_stable() -> None:
    a = _mention("a1")
    b = _mention("a1", n=1)
    assert len(merge([a, b])) == 2
    first = {e.id for e in merge([_mention("x"), _mention("y")])}
    again = {e.id for e in merge([_mention("y"), _mention("x")])}
    assert first == again


def test_country_level_place_is_compatible_but_not_evidence() -> None:
    town = _mention("a1", actor=ISIS)
    country = _mention("b1", place=99237, lat=33.0, lon=44.0, place_is_country=True)
    assert same_event(town, country)  # the same named actor carries it
    nameless = replace(country, actor=None, target=None)
    assert not same_event(replace(town, actor=None, target=None), nameless)


def test_many_events_on_one_day_merge_only_within_their_scene() -> None:
    events = [
        _mention(
            f"art{i}", place=1000 + i % 50, lat=float(i % 50), lon=0.0, place_country=f"C{i % 50}"
        )
        for i in range(1000)
    ]
    # One named actor on one day in fifty places a degree or more apart (> 50 km): the
    # actor key puts them in one block, the places keep the fifty scenes apart.
    merged = merge(events)
    assert len(merged) == 50
    assert all(e.sources == 20 for e in merged)

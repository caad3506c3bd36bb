"""Where an unqualified party is from: "the government", "President Mugabe", "opposition
leaders" or "workers" get the one country the rest of their sentence names, or the country
the story was filed from (docs/events.md, "Actors and targets")."""

from __future__ import annotations

from ..records import Entity, EventParty, Place
from .parties import (
    CIVIL_SECTORS,
    STATE_SECTORS,
    Article,
    Sentence,
    entity_country,
    is_state,
    iso3_by_iso2,
    kb_known,
    make_party,
)

# Sectors an unqualified mention of which belongs to the country its sentence is about
# ("the government", "opposition leaders", "workers"); an armed group or a criminal of no
# stated country may come from anywhere, and an international body from none.
_PLACED_BY_SENTENCE = STATE_SECTORS - {"igo"} | CIVIL_SECTORS - {"ngo"} | {"party"}


def sentence_countries(
    sent: Sentence, art: Article, *, outside: tuple[int, int] = (0, 0)
) -> tuple[str, ...]:
    """The countries the sentence's places and peoples name ("in Zimbabwe", "Iranian",
    "Kenya"), in order, leaving out those inside ``outside`` (a party's own words)."""
    lo, hi = outside
    return tuple(dict.fromkeys(c for s, t, c in _spots(sent, art) if not (s >= lo and t <= hi)))


def _spots(sent: Sentence, art: Article) -> tuple[tuple[int, int, str], ...]:
    """Where the sentence names a country (article offsets, its ISO3), read once."""
    if sent.spots is None:
        start, end = sent.offset, sent.offset + len(sent.sdoc.text)
        found: list[tuple[int, int, str]] = []
        for s, t, entity in art.entities.overlapping(start, end):
            assert isinstance(entity, Entity)
            # A place, a people, or an organ of a state ("Iranian authorities"); not a
            # news agency's country ("..., Reuters reported").
            c = entity_country(entity, art) if entity.type in ("GPE", "NORP", "LOC") else None
            if entity.type == "ORG" and (entity.sector or "").lower() in STATE_SECTORS:
                c = entity.country  # an organ of a state: "Iranian authorities"
            elif entity.type in ("ORG", "PERSON") and not entity.kb_id:
                c = entity.country or _name_country(entity, art)  # "Serbian Labour Minister X"
            if c:
                found.append((s, t, c))
        for s, t, place in art.places.overlapping(start, end):
            assert isinstance(place, Place)
            if place.country and (c := iso3_by_iso2().get(place.country)):
                found.append((s, t, c))
        sent.spots = tuple(x for x in found if x[0] >= start and x[1] <= end)
    return sent.spots


def _name_country(entity: Entity, art: Article) -> str | None:
    """The country a name opens with: "Serbian Workers' Union", "Kenya Airways"."""
    words = entity.name.split()
    actor = art.kb.by_alias.get(words[0]) if words else None
    return actor.country if actor is not None and actor.type in ("NORP", "GPE") else None


def completed(
    party: EventParty,
    others: list[EventParty],
    sent: Sentence,
    art: Article,
    *,
    target: bool,
    beside: tuple[tuple[int, int], ...] = (),
) -> EventParty:
    """A party with a sector but no country ("the government", "President Mugabe",
    "opposition leaders") takes the one country the rest of the sentence names; when the
    sentence names none, the country the story was filed from.

    The other side of the event (``others``; ``beside``: the article spans of its
    argument phrases) is no evidence for this one, with one exception. Countries of the
    other side's states, and every country in the phrases those states stand in ("aid for
    *Romania and Poland*"), are left out: a state's officials rarely deal with their own
    state, and a protester abroad is not of the country protested against. A country in
    another party's words that is not that party's own ("the *US*-led coalition")
    describes that party. The exception: people a state acts on (the target of a state
    actor) are most likely its own ("Turkish police prevented students ...")."""
    if party.country is not None or kb_known(party):
        return party
    sector = (party.sector or "").lower()
    # Rebels a state acts on are, like its people, most likely its own ("the Mozambique
    # government accepted demands from Shona rebels").
    fought = target and sector == "rebel" and any(o.country and is_state(o) for o in others)
    if sector not in _PLACED_BY_SENTENCE and not fought:
        return party
    states = [o for o in others if o.country and is_state(o)]
    raw = sentence_countries(sent, art, outside=(party.start, party.end))
    spots = _spots(sent, art)
    aside = {c for o in others for s, t, c in spots
             if s >= o.start and t <= o.end and c != o.country}  # fmt: skip
    named = tuple(c for c in raw if c not in aside)
    state_countries = {o.country for o in states}
    spans = [(o.start, o.end) for o in states]
    spans += [(a, b) for a, b in beside if any(a <= o.start and o.end <= b for o in states)]
    inside = {c for s, t, c in spots for a, b in spans if a <= s and t <= b}
    elsewhere = {c for s, t, c in spots
                 if not any(a <= s and t <= b for a, b in spans)
                 and not (party.start <= s and t <= party.end)}  # fmt: skip
    if target and sector not in STATE_SECTORS:
        home = [c for c in named if c in state_countries]
        candidates = home[:1] if len(named) > 1 and home else list(named)
    elif sector in STATE_SECTORS:
        candidates = [c for c in named if c not in state_countries and c not in inside]
    else:  # a protester, a cleric: named outside the state they face ("Tutu ... Nigeria")
        candidates = [c for c in named if c in elsewhere]
    if len(candidates) == 1:
        country = candidates[0]
    elif not raw and art.home is not None:
        country = art.home
    else:
        return party
    return make_party(party.text, party.start, party.end, party.entity, country, party.sector, art)

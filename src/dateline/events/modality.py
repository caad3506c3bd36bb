"""Whether an event happened, is planned, did not happen, might happen, or is told by
someone: read off the clause of its anchor and the verbs that govern that clause.

Priority when several cues meet: hypothetical > negated > planned > reported > asserted,
except that a negation bounded by a time ("will not begin before March 2015", "not until
May") says *when*, not *whether*: the event is planned.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .grammar import climb, roles
from .lexicon import Lexicon

_FUTURE = frozenset({"will", "shall", "'ll", "wo", "ll"})
_MAYBE = frozenset({"could", "might", "may", "should", "must", "can"})
_CONDITION = frozenset({"if", "unless", "whether"})
_BOUNDS = frozenset({"before", "until", "till", "prior"})
_SPINE = frozenset({"plan", "aspect", "support", "try", "negate"})
_TRANSPARENT_DEPS = frozenset(
    {"pobj", "prep", "acl", "relcl", "dobj", "nsubj", "nsubjpass", "attr", "pcomp"}
)


@dataclass(frozen=True, slots=True)
class Reading:
    modality: str
    bounded: bool  # a negation bounded by a time: the date is a "not before"
    conditional: bool = False  # "will withdraw *unless* ...": a condition set on it
    reporter: Token | None = None  # the subject of the verb that reports it
    deontic: bool = False  # "must", "should": someone wants it done


def read(anchor: Token, lex: Lexicon) -> Reading:
    if anchor.dep_ == "conj" and anchor.head.pos_ in ("VERB", "AUX") and anchor.pos_ == "VERB":
        own_cues = _clause_cues(anchor)[0]
        if not own_cues:  # "will train and equip": the second verb shares the first's clause
            return read(anchor.head, lex)
    cues: set[str] = set()
    bounded = False
    reporter: Token | None = None
    for token, own in _spine(anchor, lex):
        if own:
            found, bound = _clause_cues(token)
            cues |= found
            bounded |= bound
        token_roles = roles(token, lex) if token.i != anchor.i else frozenset()
        if "report" in token_roles and not (own and anchor.pos_ == "NOUN"):
            cues.add("reported")  # not for "announced a ceasefire": there it carries the noun
            reporter = next((c for c in token.children if c.dep_ == "nsubj"), None)
            break
        if "plan" in token_roles:
            cues.add("planned")
        if "negate" in token_roles:
            cues.add("negated")
    if "would" in cues:
        cues.add("planned" if "reported" in cues else "hypothetical")
    if "negated" in cues and bounded:
        cues.discard("negated")
        cues.add("planned")
    conditional, deontic = "conditional" in cues, "deontic" in cues
    for modality in ("hypothetical", "negated", "planned", "reported"):
        if modality in cues:
            return Reading(modality, bounded, conditional, reporter, deontic)
    return Reading("asserted", bounded, conditional, reporter, deontic)


def _spine(anchor: Token, lex: Lexicon) -> list[tuple[Token, bool]]:
    """The anchor, the tokens of its clause and the governing verbs above it, each with
    whether its own auxiliaries and negation speak for the event."""
    out = [(anchor, True)]
    clause_found = anchor.pos_ in ("VERB", "AUX")
    child = anchor
    for token in climb(anchor):
        is_verb = token.pos_ in ("VERB", "AUX")
        if not is_verb:
            if token.pos_ == "ADJ" and "plan" in roles(token, lex):
                out.append((token, False))  # "is ready to contribute"
                break
            if child.dep_ not in _TRANSPARENT_DEPS and not (
                child.dep_ == "conj" and child.pos_ != "VERB"
            ):
                break
            out.append((token, False))
            child = token
            continue
        token_roles = roles(token, lex)
        if not clause_found:
            out.append((token, True))  # the verb of a noun anchor's clause
            clause_found = True
        elif child.dep_ in ("xcomp", "ccomp", "dobj", "nsubj", "nsubjpass", "acl", "pobj", "prep"):
            own = bool(token_roles & _SPINE)
            out.append((token, own))
            if not own and "report" not in token_roles:
                break
            if "report" in token_roles:
                break
        else:
            break
        child = token
    return out


def _clause_cues(verb: Token) -> tuple[set[str], bool]:
    cues: set[str] = set()
    negated = bound = False
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg":
            negated = True
        elif child.dep_ in ("aux", "auxpass"):
            if word in _FUTURE:
                cues.add("planned")
            elif word == "would":
                cues.add("would")
            elif word in _MAYBE:
                cues.add("hypothetical")
                if word in ("must", "should"):
                    cues.add("deontic")
            elif word == "to" and verb.dep_ in ("acl", "advcl", "relcl"):
                cues.add("planned")  # purpose: "a coalition to fight IS"
        elif child.dep_ == "mark" and word in _CONDITION:
            cues.add("hypothetical")
        elif child.dep_ == "prep" and word in _BOUNDS:
            bound = True
        elif child.dep_ == "advcl":
            marks = {g.lower_ for g in child.children if g.dep_ == "mark"}
            bound |= bool(marks & _BOUNDS)
            if marks & _CONDITION:
                cues.add("conditional")
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _CONDITION for c in verb.children
    ):
        cues.add("hypothetical")
    if negated:
        cues.add("negated")
    return cues, bound and negated

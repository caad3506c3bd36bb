"""What a number counts and what happened to it, read off the dependency parse.

The counted thing is the noun the number modifies ("12 soldiers"), the noun after a
partitive "of" ("dozens of protesters"), or nothing ("killing 12"). The kind comes from
the word that governs that noun, never from the nearest word:

- a verb whose patient it is: object of an active verb ("the attack killed 12 soldiers"),
  subject of a passive one ("12 people were killed") or of an intransitive one ("two
  soldiers died", "thousands marched"); the subject of an active "killed" is the killer;
- an adjective: "30 dead", "left 12 people injured", "17 people were missing";
- a modifier of the noun: "3 people hurt", "14 miners who are still unaccounted for";
- a death toll: "the death toll rose to 40", "put the toll at 58";
- failing all of these, the noun itself: protesters take part, states are members,
  airstrikes are strikes, and people with nothing said of them are counted as ``other``.

Conjuncts, appositions and "including"/"among" hand the question to the word they hang
on ("12 soldiers and 3 civilians were killed", "four civilians, including two children").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import lexicon
from .numbers import NumberPhrase

_NOUNS = frozenset({"NOUN", "PROPN", "NUM", "PRON"})
_CLIMB_STEPS = 6  # bounds the walk up the tree, whatever the sentence
_PATIENT = frozenset({"dobj", "nsubjpass"})
_COMPLEMENTS = frozenset({"acomp", "oprd", "xcomp", "ccomp", "attr", "advmod", "advcl"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What a number phrase counts: the kind, the anchor token, the counted noun."""

    kind: str
    anchor: int  # index in the sentence of the verb/adjective that says what happened
    noun: int | None  # index of the counted noun (its head word), if there is one


def read(doc: Doc, phrase: NumberPhrase) -> Reading | None:
    """The reading of ``phrase`` in the parsed sentence ``doc``, or None if it counts
    nothing a count is kept for."""
    attach = _attachment(doc, phrase)
    nominal, noun = _nominal(attach, phrase)
    if nominal is not attach and nominal.lower_ in lexicon.ADJECTIVES:
        return Reading(lexicon.ADJECTIVES[nominal.lower_], nominal.i, None)  # "30 dead"
    found = _governor(nominal)
    if found is not None:
        return Reading(found[0], found[1].i, noun.i if noun is not None else None)
    return _by_noun(nominal, noun)


def _attachment(doc: Doc, phrase: NumberPhrase) -> Token:
    """The token of the phrase that hangs on a word outside it (preferring a nummod)."""
    inside = range(phrase.start, phrase.end)
    outside = [t for t in doc[phrase.core_start : phrase.end] if t.head.i not in inside]
    for token in outside:
        if token.dep_ == "nummod":
            return token
    return outside[-1] if outside else doc[phrase.end - 1]


def _nominal(attach: Token, phrase: NumberPhrase) -> tuple[Token, Token | None]:
    """(the word that stands for the counted thing in the tree, the counted noun)."""
    head = attach.head
    modifies = attach.dep_ in ("nummod", "quantmod", "compound") and head is not attach
    if modifies and not phrase.start <= head.i < phrase.end:
        return head, head if head.pos_ in ("NOUN", "PROPN") else None
    for child in attach.children:  # "dozens of protesters", "80 of its supporters"
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            if objects:
                return attach, objects[0]
    return attach, None


def _governor(nominal: Token) -> tuple[str, Token] | None:
    """(kind, deciding word) from the words that govern ``nominal``, climbing over
    conjuncts, appositions and "including"/"among"."""
    current = nominal
    for _ in range(_CLIMB_STEPS):
        found = _modifier(current) or _role(current) or _toll(current)
        if found is not None:
            return found
        head = current.head
        if head is current:
            return None
        if current.dep_ in ("conj", "appos") and head.pos_ in _NOUNS:
            current = head
        elif current.dep_ == "pobj" and head.lower_ in ("including", "among"):
            holder = head.head
            kind = _any_kind(holder)
            if kind is not None:
                return kind, holder
            current = holder
        else:
            return None
    return None


def _any_kind(token: Token) -> str | None:
    word = token.lower_
    return lexicon.TRANSITIVE.get(word) or lexicon.INTRANSITIVE.get(word)


def _modifier(noun: Token) -> tuple[str, Token] | None:
    """ "12 people killed", "12 wounded soldiers", "14 miners who are still missing"."""
    for child in noun.children:
        word = child.lower_
        if child.dep_ in ("amod", "acl") and child.tag_ in ("VBN", "JJ", "VBD"):
            kind = lexicon.ADJECTIVES.get(word) or lexicon.TRANSITIVE.get(word)
            if kind is not None:
                return kind, child
        if child.dep_ == "relcl":
            found = _relative(child)
            if found is not None:
                return found
    return None


def _relative(verb: Token) -> tuple[str, Token] | None:
    subjects = {c.dep_ for c in verb.children if c.tag_ in ("WP", "WDT")}
    word = verb.lower_
    if "nsubjpass" in subjects and word in lexicon.TRANSITIVE:
        return lexicon.TRANSITIVE[word], verb
    if "nsubj" in subjects:
        if word in lexicon.INTRANSITIVE:
            return lexicon.INTRANSITIVE[word], verb
        return _complement(verb)
    return None


def _complement(verb: Token) -> tuple[str, Token] | None:
    """ "were missing", "remain unaccounted for", "left 12 people dead"."""
    for child in verb.children:
        if child.dep_ in _COMPLEMENTS and child.lower_ in lexicon.ADJECTIVES:
            return lexicon.ADJECTIVES[child.lower_], child
    return None


def _role(token: Token) -> tuple[str, Token] | None:
    """The kind from the verb whose argument ``token`` is, and how."""
    role, verb = token.dep_, token.head
    word = verb.lower_
    if role in _PATIENT:
        return _as_patient(token, verb)
    if role == "npadvmod" and word in lexicon.TRANSITIVE and not _has_dobj(verb):
        return lexicon.TRANSITIVE[word], verb  # a misparsed object: "detained 10-12 men"
    if role != "nsubj":
        return None
    if word in lexicon.INTRANSITIVE:
        return lexicon.INTRANSITIVE[word], verb
    if word in lexicon.ADJECTIVES and verb.pos_ in ("VERB", "ADJ") and not _has_dobj(verb):
        return lexicon.ADJECTIVES[word], verb  # "20 others are still missing"
    if word in lexicon.TRANSITIVE and _looks_passive(verb):  # "Twelve people killed as ..."
        return lexicon.TRANSITIVE[word], verb
    return _complement(verb) or _subject_phrase(verb)


def _as_patient(token: Token, verb: Token) -> tuple[str, Token] | None:
    word = verb.lower_
    if token.dep_ == "nsubjpass" and word in lexicon.RAISING:
        return _raised(verb)
    if word in ("shot", "shoot", "shooting", "gunned") and _has(verb, "dead", "down"):
        return "killed", verb
    if word in lexicon.TRANSITIVE:
        return lexicon.TRANSITIVE[word], verb
    if word in ("took", "take", "taken", "taking", "held", "holding"):
        if _has(verb, "hostage", "captive"):
            return "kidnapped", verb
        if _has_pobj(verb, "into", "custody"):
            return "arrested", verb
    if word in ("rounded", "round", "rounding") and _has(verb, "up"):
        return "arrested", verb
    if word in ("forced", "force", "forcing") and (
        _has_pobj(verb, "from", "homes") or _has(verb, "flee")
    ):
        return "displaced", verb
    if word in ("claimed", "claim", "claiming", "took") and token.lower_ == "lives":
        return "killed", verb
    return _complement(verb)


def _raised(verb: Token) -> tuple[str, Token] | None:
    """ "believed to have been abducted", "reported missing", "feared dead"."""
    for child in verb.children:
        if child.dep_ not in _COMPLEMENTS:
            continue
        word = child.lower_
        kind = lexicon.ADJECTIVES.get(word) or _any_kind(child)
        if kind is not None:
            return kind, child
    return None


def _subject_phrase(verb: Token) -> tuple[str, Token] | None:
    """ "lost their lives", "joined the protest", "took to the streets"."""
    word = verb.lower_
    if word in ("lost", "lose", "losing") and _has(verb, "lives"):
        return "killed", verb
    joins = word in ("joined", "join", "joining", "attended", "attend", "attending")
    if joins and any(c.dep_ == "dobj" and c.lower_ in lexicon.PROTEST_NOUNS for c in verb.children):
        return "participants", verb
    if word in ("took", "take", "taking") and _has_pobj(verb, "to", "streets"):
        return "participants", verb
    if word in ("were", "was", "are", "is"):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "among":
                for obj in prep.children:
                    kind = lexicon.ADJECTIVES.get(obj.lower_) or lexicon.NOUN_KINDS.get(obj.lower_)
                    if obj.dep_ == "pobj" and kind is not None:
                        return kind, obj
    return None


def _toll(token: Token) -> tuple[str, Token] | None:
    """ "the death toll rose to 40", "put the toll at 58", "a toll of 12", "the toll is 9"."""
    if token.dep_ == "pobj" and token.head.lower_ in ("to", "at", "of"):
        holder = token.head.head
    elif token.dep_ in ("dobj", "attr"):
        holder = token.head
    else:
        return None
    if holder.lower_ in lexicon.TOLL_NOUNS:
        return _toll_kind(holder), holder
    for child in holder.children:
        if child.dep_ in ("nsubj", "dobj", "nsubjpass") and child.lower_ in lexicon.TOLL_NOUNS:
            return _toll_kind(child), holder
    return None


def _toll_kind(toll: Token) -> str:
    modifiers = {c.lower_ for c in toll.children if c.dep_ in ("compound", "amod")}
    if modifiers & {"injury", "injured", "casualty"}:
        return "wounded" if "casualty" not in modifiers else "other"
    return "killed"


def _by_noun(nominal: Token, noun: Token | None) -> Reading | None:
    """No word says what happened: the noun alone decides, or a container ("a crowd of
    3,000") or a "numbered" ("protesters numbered about 7,000")."""
    if noun is not None:
        kind = lexicon.noun_kind(noun)
        if kind is None and _hyphenated_member(noun):
            kind = "members"  # "the 62-nation coalition"
        return Reading(kind, noun.i, noun.i) if kind is not None else None
    head = nominal.head
    if nominal.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in lexicon.CONTAINERS:
        return Reading("participants", head.head.i, None)
    if head.lower_ in ("numbered", "number", "numbering", "totalled", "totaled"):
        for child in head.children:
            if child.dep_ == "nsubj":
                kind = lexicon.noun_kind(child)
                if kind is not None:
                    return Reading(kind, child.i, child.i)
    return None


def _hyphenated_member(noun: Token) -> bool:
    return (
        noun.lower_ in lexicon.MEMBER_SINGULARS
        and noun.i > 0
        and noun.doc[noun.i - 1].text in ("-", "–")
    )


def _looks_passive(verb: Token) -> bool:
    """A past form with no object and no "have": a headline's "12 killed in blast"."""
    if verb.tag_ not in ("VBN", "VBD"):
        return False
    return not any(
        c.dep_ == "dobj" or (c.dep_ == "aux" and c.lower_ in ("have", "has", "had", "'ve"))
        for c in verb.children
    )


def _has_dobj(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _has(token: Token, *words: str) -> bool:
    return any(c.lower_ in words for c in token.children)


def _has_pobj(token: Token, prep: str, noun: str) -> bool:
    return any(
        c.dep_ == "prep"
        and c.lower_ == prep
        and any(o.dep_ == "pobj" and o.lower_ == noun for o in c.children)
        for c in token.children
    )

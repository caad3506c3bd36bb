"""Reading an event's frame off one parsed sentence: triggers, who did it, to whom, and
what governs it. Works on the parsed sentence copies of ``syntax.Parses`` (spaCy's English
labels: nsubj, dobj, xcomp, ...); nothing here knows about entities or the article.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import Lexicon, Sense, variants

# Relations along which a trigger is the *content* of a verbal trigger above it:
# "agreed to cooperate", "demanded that X withdraw", "condemned the attack",
# "accused X of attacking", "called for the release".
CONTENT_DEPS = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "conj", "nsubjpass", "attr"}
)
# Types whose trigger takes another trigger as its content instead of standing beside it.
VERBAL = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "DEMAND",
        "DISAPPROVE",
        "REJECT",
        "THREATEN",
        "INVESTIGATE",
    }
)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Prepositions whose object is the target, for the types named (empty: any type).
_TARGET_PREPS: dict[str, frozenset[str]] = {
    "against": frozenset(),
    "toward": frozenset(),
    "towards": frozenset(),
    "with": frozenset({"CONSULT", "COOPERATE", "AGREE", "ASSAULT", "PROTEST", "SUPPORT"}),
    "on": frozenset({"ASSAULT", "SANCTION", "DEMAND", "COERCE", "THREATEN", "DISAPPROVE"}),
    "upon": frozenset({"ASSAULT", "SANCTION", "DEMAND", "COERCE"}),
    "at": frozenset({"ASSAULT", "DISAPPROVE", "THREATEN"}),
    "to": frozenset(
        {"AID", "DEMAND", "CONCEDE", "SUPPORT", "RETREAT", "AGREE", "REJECT", "SANCTION"}
    ),  # "prohibit all aid *to* the rebels"
    "from": frozenset({"RETREAT", "SANCTION", "DEMAND", "COERCE"}),
    "between": frozenset({"CONSULT", "AGREE", "COOPERATE"}),  # "mediation between X and Y"
}
# Types whose direct object is usually the thing handed over, withdrawn or imposed.
THEME_TYPES = frozenset({"AID", "AGREE", "CONCEDE", "RETREAT", "SANCTION", "MOBILIZE"})
TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today"}
    | {"yesterday", "tomorrow", "tonight", "january", "february", "march", "april", "may"}
    | {"june", "july", "august", "september", "october", "november", "december", "week"}
    | {"month", "year", "weekend", "morning", "evening", "night", "afternoon"}
)
_PATIENT_PREPS = frozenset({"for", "from", "on", "upon", "to", "with", "of", "into", "against"})
_MAX_CLIMB = 12  # heads climbed at most: bounds the work on a run-on sentence


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    lemma: str
    pos: str  # V or N
    senses: tuple[Sense, ...]


def pos_of(token: Token) -> str | None:
    tag = token.tag_
    if tag.startswith("VB"):
        return "V"
    if tag in ("NN", "NNS"):
        return "N"
    if tag == "JJ":
        return "A"  # only governors ("ready to", "willing to") are adjectives
    return None


def triggers(sdoc: Doc, lex: Lexicon) -> list[Trigger]:
    found = []
    for token in sdoc:
        pos = pos_of(token)
        if pos is None or pos == "A":
            continue
        lemma = trigger_lemma(token.lower_, pos, lex)
        if lemma is not None:
            found.append(Trigger(token, lemma, pos, lex.senses[(lemma, pos)]))
    return found


def trigger_lemma(word: str, pos: str, lex: Lexicon) -> str | None:
    """The trigger lemma of a word form, also through a "re-" prefix ("reimposed" is
    "imposed" again, "retaken" is "taken"); None when the word is no trigger."""
    for form in (word, word[2:] if word.startswith("re") and len(word) > 5 else None):
        lemma = lex.forms.get((form, pos)) if form else None
        if lemma is not None and (lemma, pos) in lex.senses:
            return lemma
    return None


def roles(token: Token, lex: Lexicon) -> frozenset[str]:
    pos = pos_of(token)
    if pos is None:
        return frozenset()
    return lex.roles.get((lex.lemma(token.text, pos), pos), frozenset())


def particles(token: Token) -> set[str]:
    """Particles and prepositions hanging on a trigger: "call *for*", "pull *out*"."""
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent", "dative")}


def patients(token: Token) -> list[Token]:
    """Heads that may be what the trigger acts on: its object, a passive subject, the
    object of a preposition ("withdrew *from* the talks", "the release *of* prisoners")."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            out.append(child)
        elif child.dep_ in ("prep", "prt", "agent") and child.lower_ in _PATIENT_PREPS:
            out += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "compound" and token.pos_ == "NOUN":
            out.append(child)  # "prisoner release"
    return out


def modifiers(token: Token) -> set[str]:
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod", "npadvmod", "prt", "poss"):
            out.update(variants(child.text))
            out.update(variants(child.lemma_ or child.text))
    if token.i > 0 and token.doc[token.i - 1].text == "-" and token.i > 1:
        out.update(variants(token.doc[token.i - 2].text))  # "cease-fire", "sit-in"
    return out


def _head_word_set(heads: list[Token]) -> set[str]:
    """The patients' head words and compounds, and what a measure noun measures
    ("a state *of emergency*", "700 kg *of medicine*")."""
    words: set[str] = set()
    for head in heads:
        words.update(variants(head.text))
        words.update(c.lower_ for c in head.children if c.dep_ in ("compound", "amod"))
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for g in prep.children:
                    if g.dep_ == "pobj":
                        words.update(variants(g.text))
    return words


def sense_for(trigger: Trigger, actor_class: set[str]) -> Sense | None:
    """The first sense whose conditions hold, or None (also for a "not an event" sense)."""
    token = trigger.token
    heads = patients(token)
    objects = _head_word_set(heads)
    prts = particles(token)
    mods = modifiers(token)
    for sense in trigger.senses:
        if sense.obj is not None and not sense.obj & objects:
            continue
        if sense.prt is not None and not sense.prt & prts:
            continue
        if sense.mod is not None and not sense.mod & mods:
            continue
        if sense.actor is not None and sense.actor not in actor_class:
            continue
        if sense.noobj and any(h.dep_ in ("dobj", "nsubjpass") for h in heads):
            continue
        return sense if sense.type is not None else None
    return None


def climb(token: Token) -> Iterator[Token]:
    """The token's heads up to the root (bounded)."""
    current = token
    for _ in range(_MAX_CLIMB):
        if current.head.i == current.i:
            return
        current = current.head
        yield current


def path_deps(token: Token, ancestor: Token) -> list[str]:
    deps: list[str] = []
    current = token
    while current.i != ancestor.i and current.head.i != current.i and len(deps) < _MAX_CLIMB:
        deps.append(current.dep_)
        current = current.head
    return deps


def subject_of(verb: Token, actor_nouns: Container[str] = frozenset()) -> Token | None:
    """The verb's subject, inherited through control, raising, coordination and relative
    clauses: "X agreed to *meet*", "X urged Y to *leave*" (Y), "X met and *agreed*"."""
    current = verb
    for _ in range(_MAX_CLIMB):
        own = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
        if own:
            if own[0].tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                return current.head  # "the militants, who have seized ..."
            return own[0]
        passive = [c for c in current.children if c.dep_ == "nsubjpass"]
        if passive and (current.i != verb.i or not is_passive(current)):
            return passive[0]  # raised: "the US is expected to begin"; "X is opposed"
        if passive:
            return None  # the trigger's own passive subject is its target
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            # "the US program to train": the noun's own agent; "began a program to
            # retrain": the subject of the verb the noun is the object of.
            own_agent = next((c for c in head.children if c.dep_ == "poss"), None) or next(
                (c for c in head.children if c.dep_ == "compound" and c.tag_ == "NNP"), None
            )
            if own_agent is not None:
                return own_agent
            if any(v in actor_nouns for v in variants(head.text)) or head.tag_ == "NNP":
                return head  # "a coalition to fight IS": the coalition fights
            above = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if head.dep_ not in ("dobj", "pobj") or above is None:
                return None
            current = above  # "converging for a rally to protest": who converges
            continue
        if current.dep_ == "xcomp":
            controllers = [c for c in head.children if c.dep_ == "dobj"]
            controllers += [
                g
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if controllers:
                return controllers[0]  # object control: "urged Y to leave"
        elif current.dep_ == "acomp" or (current.dep_ == "xcomp" and current.pos_ == "ADJ"):
            pass  # "France is ready to contribute": the copula's subject
        elif current.dep_ not in ("conj", "advcl") or head.pos_ not in ("VERB", "AUX"):
            return None
        current = head
    return None


def agent_of(verb: Token) -> Token | None:
    """The "by" agent of a passive verb or of a noun ("attacked by rebels")."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


# Passive forms that say a state of the subject ("Israel is opposed to ..."), not an act
# done to it.
STATIVE = frozenset({"opposed", "committed", "determined", "prepared", "resolved"})


def is_passive(verb: Token) -> bool:
    if verb.lower_ in STATIVE and not any(c.dep_ == "agent" for c in verb.children):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def target_candidates(token: Token, kind: str) -> list[Token]:
    """Heads that may be what the trigger is done to, best first: its object (a passive
    subject), a dative, the shared object of a coordinated verb, the object of a
    preposition that targets for this type ("fired *on* the crowd", "talks *with* Iran",
    "offered troops *to* Lebanon"), a noun's "of" object; never a time."""
    objects: list[Token] = []
    patient = "nsubjpass" if is_passive(token) else "dobj"
    objects += [c for c in token.children if c.dep_ == patient and not timeish(c)]
    recipients: list[Token] = []
    for child in token.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":  # "providing photographs *to* X"
            recipients += [g for g in child.children if g.dep_ == "pobj"][:1]
        elif child.dep_ == "dative":
            objects.append(child)
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ == "VERB" and not is_passive(child):
            objects += [g for g in child.children if g.dep_ == "dobj"][:1]  # "train and equip X"
    # A noun trigger in a compound takes the phrase's prepositions: "a mediation effort
    # *between* the Emirates and Saudi Arabia".
    holders = [token] + ([token.head] if token.dep_ == "compound" and token.pos_ == "NOUN" else [])
    for child in (c for h in holders for c in h.children):
        types = _TARGET_PREPS.get(child.lower_)
        if child.dep_ in ("prep", "prt") and types is not None and (not types or kind in types):
            recipients += [g for g in child.children if g.dep_ == "pobj" and not timeish(g)][:1]
    # What is given, withdrawn or imposed is no target: the one it goes to or comes from is
    # ("offered its troops *to Lebanon*", "withdraw its force *from Chad*").
    out = recipients + objects if kind in THEME_TYPES else objects + recipients
    if token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                out += [g for g in child.children if g.dep_ == "pobj"][:1]
    return out


def content_subject(token: Token) -> Token | None:
    """The subject of the clause a verbal trigger governs: "demanded that *Hamas*
    renounce", the target of a demand or an accusation made that way."""
    for child in token.children:
        if child.dep_ == "ccomp":
            subject = next((g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and not timeish(subject):
                return subject
    return None


def condition_subject(token: Token) -> Token | None:
    """The subject of an "unless"/"if" clause in the trigger's clause: who must comply
    with a threat ("threatened to launch an offensive *unless Baghdad* accepted ...")."""
    for child in token.subtree:
        if child.dep_ != "advcl" or child.i == token.i:
            continue
        if any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children):
            subject = next((g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and not timeish(subject):
                return subject
    return None


def timeish(token: Token) -> bool:
    """A time word: a DATE/TIME entity, a weekday or month name, a year."""
    word = token.lower_.rstrip(".")
    return (
        token.ent_type_ in ("DATE", "TIME")
        or word in TIME_WORDS
        or (len(word) == 4 and word.isdigit() and word[:2] in ("19", "20"))
    )


def conjuncts(token: Token) -> list[Token]:
    """The token and the heads coordinated with it ("the US and Jordan")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out += conjuncts(child)
    return out[:6]

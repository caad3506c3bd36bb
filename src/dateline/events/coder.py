"""The event coder: candidate sentences → parse → frames → ``Event`` records.

For each parsed candidate sentence:

1. every trigger word gets its actor and target heads from the parse, and a sense from
   the lexicon (conditions on its object, particle, modifiers and actor class);
2. a trigger that is the content of a verbal trigger above it ("agreed to *withdraw*",
   "condemned the *attack*") is folded into that one, which takes its type, mode and
   CAMEO code from ``derived.tsv``;
3. a noun trigger stands as an event only when a verb carries it ("held *talks*"), it has an
   agent of its own ("Israel's *attack*"), or it is folded into a verbal trigger;
4. each remaining trigger becomes an event: modality, planned-cooperation rule, mode from
   instruments, location, date, counts, confidence and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from .. import nlp
from ..records import Count, Dateline, Event, EventParty, Mention
from . import grammar, hazards, modality, origin, parties, when, where
from .candidates import MAX_TOKENS, candidate_sentences
from .lexicon import Lexicon, Sense, load, variants

MAX_TRIGGERS = 12  # per sentence: bounds the work on a run-on sentence
_CARRIER_ROLES = frozenset({"support", "aspect", "plan", "try"})
_CARRIED_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
_HOSTILE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "PROTEST"})
# Physical acts an actor announces it will do are threats; an announced sanction is policy.
_ANNOUNCED_THREATS = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})
_MEASURES = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "series", "round", "rounds", "wave"}
    | {"waves", "spate", "string", "number", "kind", "type", "part", "hours", "night"}
)
_COUNT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "nummod", "compound", "appos", "attr"}
)


@dataclass(slots=True)
class Frame:
    trigger: grammar.Trigger
    sense: Sense
    actor_heads: list[Token]
    target_heads: list[Token]
    actors: list[EventParty]
    targets: list[EventParty]
    carrier: Token | None = None  # the verb carrying a noun trigger
    content: Frame | None = None
    absorbed: bool = False
    counts: list[Count] = field(default_factory=list)

    @property
    def token(self) -> Token:
        return self.trigger.token

    @property
    def top(self) -> Token:
        return self.carrier if self.carrier is not None else self.token


@dataclass(frozen=True, slots=True)
class Coded:
    """An event with how high its trigger sits in its sentence (0: the main verb)."""

    event: Event
    depth: int
    sentence: int  # article offset of the sentence start


def find_events(
    analysis: nlp.Analysis,
    text: str,
    *,
    published: str | None = None,
    dateline: Dateline | None = None,
) -> tuple[tuple[Event, ...], tuple[str, ...]]:
    """Events of the article and warnings."""
    coded, warnings = code(analysis, text, published=published, dateline=dateline)
    return tuple(c.event for c in coded), warnings


def code(
    analysis: nlp.Analysis,
    text: str,
    *,
    published: str | None = None,
    dateline: Dateline | None = None,
) -> tuple[list[Coded], tuple[str, ...]]:
    """Like ``find_events``, keeping each event's depth (the evaluation picks the main one)."""
    lex = load()
    if published is None and dateline is not None:
        published = dateline.date
    span = (dateline.start, dateline.end) if dateline is not None else None
    art = parties.Article.build(text, analysis.entities, analysis.places, lex, dateline=span)
    coded: list[Coded] = []
    warnings: list[str] = []
    too_long = 0
    for piece in analysis.pieces:
        sents = list(candidate_sentences(piece.doc, lex))
        too_long += sum(1 for s in sents if len(s) > MAX_TOKENS)
        sents = [s for s in sents if len(s) <= MAX_TOKENS]
        if not sents:
            continue
        if not piece.parses.available:
            warnings.append("events: the spaCy pipeline has no parser; no events were coded")
            break
        for sent, sdoc in zip(sents, piece.parses.parse(sents), strict=True):
            sentence = parties.Sentence(sdoc, piece.offset + sent.start_char)
            coded += code_sentence(sentence, art, published, lex)
    if too_long:
        warnings.append(
            f"events: {too_long} sentence(s) longer than {MAX_TOKENS} words were not coded"
        )
    return coded, tuple(warnings)


def code_sentence(
    sent: parties.Sentence, art: parties.Article, published: str | None, lex: Lexicon
) -> list[Coded]:
    frames = [
        f for t in grammar.triggers(sent.sdoc, lex)[:MAX_TRIGGERS] if (f := _frame(t, sent, art))
    ]
    by_token = {f.token.i: f for f in frames}
    for f in frames:
        governor = _governor(f, by_token, lex)
        if governor is None:
            governor = _purpose_of(f, by_token)
        elif governor.content is None:
            governor.content = f
        f.absorbed = governor is not None
    kept = [f for f in frames if not f.absorbed and _stands(f) and not _attributive(f)]
    kept = [
        f for f in kept
        if not hazards.natural(
            kind=f.sense.type, trigger=f.token, carrier=f.carrier,
            actor_heads=f.actor_heads, actors=f.actors, lex=lex,
        )
    ]  # fmt: skip
    if kept:
        _link_counts(kept, sent)
    return _one_per_act([(f, _coded(f, sent, art, published, lex)) for f in kept], art)


def _one_per_act(coded: list[tuple[Frame, Coded]], art: parties.Article) -> list[Coded]:
    """Coordinated verbs that tell one act ("will *train and equip* the opposition") give
    one event: same type, mode, modality, date, actors and targets. The record holds one
    trigger, so the first is kept; the evidence covers both."""
    out: list[tuple[Frame, Coded]] = []
    for frame, item in coded:
        twin = next(
            (i for i, (f, c) in enumerate(out)
             if _coordinated(f.top, frame.top) and _same_act(c.event, item.event)),
            None,
        )  # fmt: skip
        if twin is None:
            out.append((frame, item))
            continue
        first_frame, first = out[twin]
        a, b = first.event.evidence, item.event.evidence
        start, end = min(a.start, b.start), max(a.end, b.end)
        evidence = Mention(start, end, art.text[start:end])
        counts = first.event.counts + tuple(
            c for c in item.event.counts if c not in first.event.counts
        )
        event = replace(first.event, evidence=evidence, counts=counts)
        if event.date is None and item.event.date is not None:
            event = replace(event, date=item.event.date, date_kind=item.event.date_kind)
        out[twin] = (first_frame, replace(first, event=event))
    return [c for _, c in out]


def _coordinated(a: Token, b: Token) -> bool:
    """One token is a conjunct of the other, or both of one head ("train and equip")."""

    def root(t: Token) -> Token:
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        return t

    return a.i != b.i and root(a).i == root(b).i


def _same_act(a: Event, b: Event) -> bool:
    def who(parties_: tuple[EventParty, ...]) -> set[tuple[str | None, ...]]:
        return {(p.entity, p.country, p.sector) for p in parties_}

    # A time phrase hangs on one of the verbs only ("train and equip ... next year").
    same_time = a.date is None or b.date is None or (a.date, a.date_kind) == (b.date, b.date_kind)
    return (
        (a.type, a.mode, a.modality) == (b.type, b.mode, b.modality)
        and same_time
        and who(a.actors) == who(b.actors)
        and who(a.targets) == who(b.targets)
    )


def _frame(trigger: grammar.Trigger, sent: parties.Sentence, art: parties.Article) -> Frame | None:
    token = trigger.token
    carrier = _carrier(token, art.lex) if trigger.pos == "N" else None
    if trigger.pos == "V":
        if grammar.is_passive(token):
            actor_head = grammar.agent_of(token)
        else:
            actor_head = grammar.subject_of(token, art.lex.agents)
    else:
        actor_head = _noun_agent(token, carrier, art.lex)
    if actor_head is not None and _is_event_noun(actor_head, art.lex):
        # "US Predator attacks have killed ...": the actor is the attacks' own agent
        actor_head = _noun_agent(actor_head, None, art.lex)
    actor_heads = grammar.conjuncts(actor_head) if actor_head is not None else []
    actors = [p for h in actor_heads for p in parties.parties(h, sent, art)]
    sense = grammar.sense_for(trigger, parties.actor_class(actors))
    if sense is None:
        return None
    target_heads, targets = _targets(token, sense, actors, sent, art)
    return Frame(trigger, sense, actor_heads, target_heads, actors, targets, carrier)


def _targets(
    token: Token,
    sense: Sense,
    actors: list[EventParty],
    sent: parties.Sentence,
    art: parties.Article,
) -> tuple[list[Token], list[EventParty]]:
    """The first candidate head that names someone (an entity, a country or a sector);
    else the first candidate as words only."""
    candidates = grammar.target_candidates(token, sense.type or "")
    if sense.type in grammar.VERBAL:
        subject = grammar.content_subject(token)
        if subject is not None:
            candidates.append(subject)  # "demanded that Hamas renounce ..."
    keys = {(p.entity, p.text) for p in actors}
    first: tuple[list[Token], list[EventParty]] | None = None
    for head in candidates:
        if _is_event_noun(head, art.lex):
            head = _noun_agent(head, None, art.lex) or head  # "opposed to French mediation"
        heads = grammar.conjuncts(head)
        found = [p for h in heads for p in parties.parties(h, sent, art)]
        found = [t for t in found if (t.entity, t.text) not in keys]
        if any(parties.informative(p) for p in found):
            return heads, found
        if first is None and found:
            first = (heads, found)
    return first or ([], [])


def _is_event_noun(token: Token, lex: Lexicon) -> bool:
    return token.pos_ == "NOUN" and (lex.lemma(token.text, "N"), "N") in lex.senses


def _carrier(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that carries a noun trigger: "held *talks*", "went on *strike*",
    "*protests* erupted", "the start of the *training* will begin"."""
    current = noun
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in ("conj", "compound"):
            current = head  # "talks and negotiations", "a mediation mission"
            continue
        if current.dep_ == "pobj" and head.dep_ == "prep":
            prep_head = head.head
            aspect = grammar.roles(prep_head, lex) & {"aspect", "plan"}
            if prep_head.pos_ == "NOUN" and (aspect or prep_head.lower_ in _MEASURES):
                current = prep_head  # "the start of training", "ten days of war games"
                continue
            if prep_head.pos_ in ("VERB", "AUX") and grammar.roles(prep_head, lex) & _CARRIER_ROLES:
                return prep_head  # "went on strike"
            return None
        if current.dep_ in _CARRIED_DEPS and head.pos_ in ("VERB", "AUX"):
            return head if grammar.roles(head, lex) & _CARRIER_ROLES else None
        return None
    return None


def _noun_agent(noun: Token, carrier: Token | None, lex: Lexicon) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss" and not grammar.timeish(child):  # not "last month's"
            return child
    agent = grammar.agent_of(noun)
    if agent is not None:
        return agent
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and (by := grammar.agent_of(child)):
            return by  # "the demonstration staged by students"
    for child in noun.children:
        # "Israeli airstrikes", "US training", "US Predator attacks"
        if child.dep_ in ("compound", "amod", "nmod") and any(
            t.ent_type_ in ("GPE", "NORP", "ORG") for t in child.subtree
        ):
            return child
    if carrier is not None:
        if any(c.dep_ == "nsubj" and c.i == noun.i for c in carrier.children):
            return None  # "protests erupted": the noun is the carrier's subject
        return grammar.subject_of(carrier, lex.agents)
    return None


def _stands(frame: Frame) -> bool:
    if frame.trigger.pos == "V":
        return True
    if frame.carrier is not None:
        return True
    return any(c.dep_ in ("poss", "agent") for c in frame.token.children) or any(
        c.dep_ == "prep" and c.lower_ == "by" for c in frame.token.children
    )


def _purpose_of(frame: Frame, by_token: dict[int, Frame]) -> Frame | None:
    """The event whose purpose this one is ("marched through Lagos *to protest* fuel
    prices"): the topic of an act is no event of its own (PLOVER, PROTEST)."""
    token = frame.token
    if token.dep_ in ("advcl", "xcomp") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children
    ):
        return by_token.get(token.head.i)
    return None


def _attributive(frame: Frame) -> bool:
    """A participle used as an adjective ("the *detained* journalists") tells no event."""
    return frame.trigger.pos == "V" and frame.token.dep_ in ("amod", "compound")


def _governor(frame: Frame, by_token: dict[int, Frame], lex: Lexicon) -> Frame | None:
    """The verbal trigger this one is the content of, if any."""
    child = frame.token
    for ancestor in grammar.climb(frame.token):
        if child.dep_ not in grammar.CONTENT_DEPS:
            return None
        found = by_token.get(ancestor.i)
        if found is not None:
            if found.sense.type in grammar.VERBAL and child.dep_ != "conj":
                return found
            return None
        ancestor_roles = grammar.roles(ancestor, lex)
        if "report" in ancestor_roles:
            return None
        if ancestor.pos_ == "VERB" and not ancestor_roles:
            return None  # "agreed to postpone the demonstration": not about a demonstration
        child = ancestor
    return None


def _coded(
    frame: Frame, sent: parties.Sentence, art: parties.Article, published: str | None, lex: Lexicon
) -> Coded:
    sense = frame.sense
    kind, mode, cameo = sense.type or "", sense.mode, sense.cameo
    derived = False
    if frame.content is not None:
        content = frame.content.sense
        rule = lex.derive(kind, content.type or "", content.mode)
        if rule is not None:
            kind, mode, cameo, derived = rule.type, rule.mode, rule.cameo, True
    reading = modality.read(frame.token, lex)
    told = reading.modality
    if not frame.targets and frame.content is not None:
        frame.targets = frame.content.targets  # "offered to negotiate with Armenia"
        frame.target_heads = frame.content.target_heads
    if reading.deontic and reading.reporter is not None:
        # "Russia said that Sudan must return the helicopter": Russia demands it of Sudan.
        speaker = parties.parties(reading.reporter, sent, art)
        if speaker and speaker != frame.actors:
            rule = lex.derive("DEMAND", kind, mode)
            kind, mode, cameo = "DEMAND", rule.mode if rule else None, rule.cameo if rule else "100"
            frame.targets, frame.actors, told = frame.actors, speaker, "asserted"
    elif told in ("planned", "hypothetical") and _threat(kind, frame, reading, sent, art):
        rule = lex.derive("THREATEN", kind, mode)
        kind, mode, cameo = "THREATEN", rule.mode if rule else None, rule.cameo if rule else "130"
    elif told in ("planned", "negated"):
        rule = lex.derive(told, kind, mode)
        if rule is not None:
            kind, mode, cameo = rule.type, rule.mode, rule.cameo
            told = "asserted" if told == "negated" else told  # the refusal happened
    if kind == "THREATEN" and where.unknown(frame.targets):
        _condition_target(frame, sent, art)  # "... unless Baghdad accepted its conditions"
    if kind == "MOBILIZE" and len({p.country for p in frame.actors if p.country}) > 1:
        kind, mode, cameo = "COOPERATE", None, "062"  # joint exercises (manual, MOBILIZE)
    context = _contexts(frame, sent, lex)
    if kind == "ASSAULT" and mode is None:
        mode, cameo = _instrument(frame, lex, cameo)
    if cameo is not None and kind == "AGREE":
        cameo = lex.refine_cameo(cameo, context)  # intents: "033" + military → "0332"
    location = where.location(
        trigger=frame.token, noun=frame.trigger.pos == "N", top=frame.top,
        carrier=frame.carrier, kind=frame.sense.type, actor_heads=frame.actor_heads,
        target_heads=frame.target_heads, sent=sent, art=art,
    )  # fmt: skip
    frame.actors, frame.targets = where.placed(frame.actors, frame.targets, place=location, art=art)
    target_spans = _spans(frame.target_heads, sent)
    actors = [
        origin.completed(p, frame.targets, sent, art, target=False, beside=target_spans)
        for p in frame.actors
    ]
    actor_spans = _spans(frame.actor_heads, sent)
    frame.targets = [
        origin.completed(p, frame.actors, sent, art, target=True, beside=actor_spans)
        for p in frame.targets
    ]
    frame.actors = actors
    trigger = Mention(sent.start(frame.token), sent.end(frame.token), frame.token.text)
    frame.targets = where.protested(actors, frame.targets, kind=kind, trigger=trigger, art=art)
    found = when.find(
        _time_anchors(frame), published, planned=told == "planned",
        bounded=reading.bounded,
    )  # fmt: skip
    event = Event(
        type=kind,
        mode=mode,
        cameo=cameo,
        actor=next((p.entity for p in frame.actors if p.entity), None),
        target=next((p.entity for p in frame.targets if p.entity), None),
        location=location,
        date=found.date if found else None,
        modality=told,
        counts=tuple(frame.counts),
        confidence=_confidence(frame, derived),
        evidence=_evidence(frame, sent, art),
        actors=tuple(frame.actors),
        targets=tuple(frame.targets),
        context=context,
        trigger=trigger,
        date_kind=found.kind if found else None,
    )
    depth = sum(1 for _ in grammar.climb(frame.top))
    return Coded(event, depth, sent.offset)


def _condition_target(frame: Frame, sent: parties.Sentence, art: parties.Article) -> None:
    subject = grammar.condition_subject(frame.token)
    if subject is None:
        return
    heads = grammar.conjuncts(subject)
    ours = {(p.entity, p.country, p.sector) for p in frame.actors}
    found = [p for h in heads for p in parties.parties(h, sent, art)]
    found = [p for p in found if (p.entity, p.country, p.sector) not in ours]
    if any(parties.informative(p) for p in found):
        frame.targets, frame.target_heads = found, heads


def _spans(heads: list[Token], sent: parties.Sentence) -> tuple[tuple[int, int], ...]:
    """Article spans of the phrases the heads stand in (their subtrees)."""
    out = []
    for head in heads:
        tokens = list(head.subtree)
        out.append((sent.start(tokens[0]), sent.end(tokens[-1])))
    return tuple(out)


def _threat(
    kind: str,
    frame: Frame,
    reading: modality.Reading,
    sent: parties.Sentence,
    art: parties.Article,
) -> bool:
    """A planned act is a threat when a condition is set on a hostile act or a withdrawal
    ("will withdraw unless ...") or when the actor announces a hostile act itself
    ("farmers said they would blockade Paris")."""
    announced = reading.modality == "planned" or reading.reporter is not None
    if reading.conditional and kind in _HOSTILE | {"RETREAT"}:
        return announced  # "if the talks fail, the army could attack" is no one's threat
    if reading.modality != "planned":
        return False
    if kind not in _ANNOUNCED_THREATS or reading.reporter is None or not frame.actors:
        return False
    speaker = parties.parties(reading.reporter, sent, art)
    ours = {(p.entity, p.country, p.sector) for p in frame.actors}
    return any((p.entity, p.country, p.sector) in ours for p in speaker)


def _time_anchors(frame: Frame) -> list[Token]:
    anchors = [frame.token]
    if frame.carrier is not None:
        anchors.append(frame.carrier)
    head = frame.top
    for _ in range(3):  # the verbs the event's clause hangs on: "will *begin* before March"
        if head.dep_ in ("acl", "relcl", "conj", "xcomp", "dobj", "nsubj", "nsubjpass", "pobj"):
            head = head.head
            anchors.append(head)
        else:
            break
    return anchors


def _instrument(frame: Frame, lex: Lexicon, cameo: str | None) -> tuple[str | None, str | None]:
    words: set[str] = set()
    for token in [*frame.token.subtree, *frame.actor_heads]:
        words.update(variants(token.text))
    if frame.carrier is not None:
        words.update(w for c in frame.carrier.children for w in variants(c.text))
    for word, mode, code in lex.instruments:
        if word in words:
            return mode, code
    return None, cameo


def _contexts(frame: Frame, sent: parties.Sentence, lex: Lexicon) -> tuple[str, ...]:
    found = list(frame.sense.context)
    if frame.content is not None:
        found += frame.content.sense.context
    return tuple(dict.fromkeys(found + list(_sentence_contexts(sent, lex))))


def _sentence_contexts(sent: parties.Sentence, lex: Lexicon) -> tuple[str, ...]:
    """Contexts named by words of the sentence, read once per sentence."""
    if sent.contexts is None:
        found = []
        for token in sent.sdoc:
            context = next((c for w in variants(token.text) if (c := lex.contexts.get(w))), None)
            if context is not None:
                found.append(context)
        sent.contexts = tuple(dict.fromkeys(found))
    return sent.contexts


def _link_counts(frames: list[Frame], sent: parties.Sentence) -> None:
    """Counts hang on the event whose trigger (or carrier) they are, or whose argument
    they sit in: climbing from the count's anchor along argument relations only."""
    from ..counts import counts_in_sentence

    found = counts_in_sentence(sent.sdoc, offset=sent.offset)
    if not found:
        return
    owners: dict[int, Frame] = {}
    for f in frames:
        owners.setdefault(f.token.i, f)
        if f.carrier is not None:
            owners.setdefault(f.carrier.i, f)
    for count, anchor in found:
        token = sent.sdoc[anchor]
        owner = owners.get(anchor)
        child = token
        for ancestor in grammar.climb(token):
            if owner is not None or child.dep_ not in _COUNT_DEPS:
                break
            owner = owners.get(ancestor.i)
            child = ancestor
        if owner is not None:
            owner.counts.append(count)


def _confidence(frame: Frame, derived: bool) -> float:
    value = frame.sense.weight
    if not frame.actors or all(p.entity is None and p.country is None for p in frame.actors):
        value *= 0.75
    if frame.trigger.pos == "N":
        value *= 0.9
    if derived:
        value *= 0.95
    return round(min(0.99, max(0.05, value)), 2)


def _evidence(frame: Frame, sent: parties.Sentence, art: parties.Article) -> Mention:
    top = frame.top
    for _ in range(3):  # climb to the clause the event is told in, short of a report verb
        if top.dep_ in ("acl", "xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj"):
            top = top.head
        else:
            break
    tokens = list(top.subtree)
    start, end = sent.start(tokens[0]), sent.end(tokens[-1])
    for p in frame.actors + frame.targets:
        start, end = min(start, p.start), max(end, p.end)
    return Mention(start, end, art.text[start:end])

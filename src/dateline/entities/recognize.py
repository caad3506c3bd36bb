"""Recognition: the model's entities, corrected and completed by the knowledge base.

Order of trust, for any stretch of text:

1. a knowledge-base alias or a state organ ("Iraqi security forces"): always kept whole and
   typed from the KB; the longest match wins;
2. a model entity that strictly contains only country/demonym matches and is an
   organisation-like label ("US State Department"): kept, the country inside it is kept
   as a nested mention;
3. any other model entity, after obvious fixes (leading "the" and trailing "'s" cut; an
   agency in a dateline's brackets is ORG; "Islamic" + "State" is one ORG).

The result is a flat ``doc.ents`` (what other stages and spaCy users read) and a list of
``Candidate`` mentions, which may nest (the "US" inside "US Gen. John Allen") and carry
titles, roles, country and sector for merging.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .kb import KnowledgeBase, load
from .matching import Match, as_span, covers, kb_matches, organ_matches
from .people import TitleChain, bare_title, clause_role, role_before, title_before

# Last words that make an "organisation" a building or site (OntoNotes FAC): the model
# tags "Johnson Space Center" ORG, but it is a place one goes to.
_FACILITY_HEADS = frozenset(
    {"Center", "Centre", "Base", "Airport", "Stadium", "Station", "Hall", "Towers", "Bridge"}
)
# Capitalised words that turn a preceding demonym into an organisation's name.
_ORG_HEADS = frozenset(
    {"State", "Party", "Front", "Army", "Movement", "Brotherhood", "Jihad", "Republic", "Guard"}
)
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
# Sectors of bodies whose officials act for the body, whatever their title.
_BODY_SECTORS = frozenset({"IGO", "NGO"})
# Labels the model sometimes gives a person's name (a surname that is also a place).
_MISTYPED = frozenset({"ORG", "GPE", "LOC", "NORP"})
# "the town of Kessa": whatever the model calls the name, it is a place.
_PLACE_NOUNS = frozenset(
    {"town", "city", "village", "province", "district", "region", "county", "port", "capital"}
)

# spaCy labels that name things the output contract calls entities; numbers, dates
# and amounts are handled by the dates and counts stages instead.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One mention, ready for merging. ``start``/``end`` are character offsets."""

    start: int
    end: int
    text: str
    label: str
    name: str  # the name itself, without title or article
    actor_id: str | None = None
    country: str | None = None
    sector: str | None = None
    roles: tuple[str, ...] = ()
    title_only: bool = False  # "the General": resolved to a person by the merger
    modifier: bool = False  # an adjectival demonym ("Afghan team"): not a mention of its own


def recognize(doc: Doc) -> tuple[list[Span], list[Candidate]]:
    """New ``doc.ents`` and the candidate mentions, from the model's ents and the KB."""
    kb = load()
    raw = kb_matches(doc)
    matches = {(m.start, m.end): m for m in raw}
    for organ in organ_matches(doc, raw):  # a named actor beats a generic organ on a tie
        matches.setdefault((organ.start, organ.end), organ)
    chosen = filter_spans([as_span(doc, m) for m in matches.values()])
    kept = [matches[(s.start, s.end)] for s in chosen]
    model = _model_spans(doc, kept, kb)
    model = filter_spans(model + _repeated_people(doc, model, kept))
    in_model = {i for s in model for i in range(s.start, s.end)}
    top = [m for m in kept if not in_model.intersection(range(m.start, m.end))]
    nested = [m for m in kept if in_model.intersection(range(m.start, m.end))]
    spans = [as_span(doc, m) for m in top] + model
    candidates = [_kb_candidate(doc, m, kb) for m in top]
    candidates += [_nested_candidate(doc, m) for m in nested if m.label == "GPE"]
    countries = {m.end: m for m in raw if m.actor_id.startswith(("c-", "d-"))}
    # An organisation right before a title is part of it: its end token → its span, and
    # the knowledge base's word on it when it has one.
    organisations: dict[int, Span | Match] = {s.end: s for s in spans if s.label_ == "ORG"}
    organisations.update({m.end: m for m in top if m.label == "ORG"})
    candidates += [_model_candidate(doc, s, kb, countries, organisations) for s in model]
    candidates += _title_candidates(doc, kb, spans)
    # Dates, numbers and the like stay as the model found them where they do not clash.
    taken = {i for s in spans for i in range(s.start, s.end)}
    others = [e for e in doc.ents if e.label_ not in ENTITY_LABELS]
    ents = filter_spans(
        spans + [e for e in others if not taken.intersection(range(e.start, e.end))]
    )
    return sorted(ents, key=lambda s: s.start), sorted(candidates, key=lambda c: c.start)


def _model_spans(doc: Doc, kept: list[Match], kb: KnowledgeBase) -> list[Span]:
    """Model entities the KB does not overrule (they overlap no match, or wrap only
    countries), after the obvious fixes."""
    out: list[Span] = []
    owner = {i: m for m in kept for i in range(m.start, m.end)}  # token → KB match on it
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _fix(doc, _trim(ent), kb)
        if span is None:
            continue
        inside = list(
            {id(m): m for i in range(span.start, span.end) if (m := owner.get(i))}.values()
        )
        if not inside or _wraps_countries(span, inside):
            out.append(span)
    return _inside_titles(doc, filter_spans([_as_person(doc, s, kb) for s in out]), kb)


def _as_person(doc: Doc, span: Span, kb: KnowledgeBase) -> Span:
    """A name the model typed a place or an organisation, but which a title or a
    description of a person frames: "Vice-President Moody Awori" (a title right before
    it), "Kenzo Oshima, the United Nations Emergency Relief Coordinator," (a given name
    before it and an appositive ending in a title after it)."""
    if span.label_ not in _MISTYPED or len(span) > 3 or span.start == 0:
        return span
    if not all(t.is_title and t.is_alpha for t in span):
        return span
    before = doc[span.start - 1]
    title = kb.titles.get(before.text)
    if title is not None and title.head:
        return Span(doc, span.start, span.end, label="PERSON")
    given = before.is_title and before.is_alpha and before.tag_ == "NNP" and not before.ent_type_
    if given and before.text not in kb.by_alias and _appositive_title(doc, span.end, kb):
        return Span(doc, span.start - 1, span.end, label="PERSON")
    return span


def _appositive_title(doc: Doc, end: int, kb: KnowledgeBase) -> bool:
    """ ", the ... Coordinator," right after ``end``: an appositive naming an office."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("the", "a", "an"):
        return False
    for i in range(end + 2, min(len(doc), end + 12)):
        if doc[i].text in (",", ";", ")", "\n") or "\n" in doc[i].text:
            last = doc[i - 1].text
            return doc[i].text == "," and (last in kb.titles or last.title() in kb.titles)
    return False


def _inside_titles(doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
    """Drop what the model tagged inside a person's title chain: the "State" of "U.S.
    Secretary of State Warren Christopher" is part of his title, not an organisation."""
    chained: set[int] = set()
    for span in spans:
        if span.label_ == "PERSON":
            name_start, chain = _title_chain(doc, span, kb)
            if chain is not None:
                chained.update(range(chain.start, name_start))
    if not chained:
        return spans
    return [s for s in spans if s.label_ == "PERSON" or not set(range(s.start, s.end)) <= chained]


def _title_chain(doc: Doc, span: Span, kb: KnowledgeBase) -> tuple[int, TitleChain | None]:
    """Where a PERSON span's name starts and the title chain to its left. The model
    sometimes takes the title in ("Gen. Allen"): the name starts after it."""
    name_start = span.start
    while name_start < span.end - 1 and doc[name_start].text in kb.titles:
        name_start += 1
    return name_start, title_before(doc, name_start, kb)


def _repeated_people(doc: Doc, model: list[Span], kept: list[Match]) -> list[Span]:
    """ "Montalvo is holding ...": a surname the model tagged once ("Daniel Montalvo") but
    missed later, at a sentence start, is tagged wherever it stands alone untagged."""
    surnames = {s[-1].text for s in model if s.label_ == "PERSON" and len(s) > 1}
    surnames = {w for w in surnames if w[:1].isupper() and len(w) > 2}
    if not surnames:
        return []
    taken = {i for s in model for i in range(s.start, s.end)}
    taken |= {i for m in kept for i in range(m.start, m.end)}
    out = []
    for token in doc:
        if token.text not in surnames or token.i in taken:
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and not nxt.is_sent_start:
            continue  # "Montalvo Street": part of a longer name
        out.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return out


def _wraps_countries(span: Span, inside: list[Match]) -> bool:
    """ "US State Department", "North America", "Captain America": a longer name around a
    country is a different thing than the country (a GPE or NORP span is not)."""
    if span.label_ in ("GPE", "NORP"):
        return False
    return all(
        m.actor_id.startswith(("c-", "d-")) and covers(span, m) and (m.end - m.start) < len(span)
        for m in inside
    )


def _trim(ent: Span) -> Span | None:
    """Cut a leading article and trailing possessive or punctuation off a model span.

    A span running over a line break (a caption glued to a section name) keeps its
    first line only.
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    breaks = [t.i for t in ent if "\n" in t.text]
    if breaks:
        end = breaks[0]
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return Span(doc, start, end, label=ent.label_) if end > start else None


def _fix(doc: Doc, span: Span | None, kb: KnowledgeBase) -> Span | None:
    """Obvious model errors: a dateline's agency, a demonym that begins a name."""
    if span is None:
        return None
    place = _dateline_place(doc)
    if place is not None and span.start < place.end:
        return place
    if span.label_ in ("PERSON", "ORG") and _after_place_noun(doc, span):
        return Span(doc, span.start, span.end, label="GPE")
    if span.label_ != "ORG" and _in_dateline_brackets(doc, span):
        return Span(doc, span.start, span.end, label="ORG")
    if span.label_ in ("PERSON", "ORG", "GPE") and _people(span, kb):
        return Span(doc, span.start, span.end, label="NORP")  # "Bosnian Serbs", "Iraqi Kurds"
    if span.label_ == "NORP" and span.end < len(doc) and doc[span.end].text in _ORG_HEADS:
        return Span(doc, span.start, span.end + 1, label="ORG")
    if span.label_ == "ORG" and len(span) > 1 and span[-1].text in _FACILITY_HEADS:
        return Span(doc, span.start, span.end, label="FAC")
    return span


def _people(span: Span, kb: KnowledgeBase) -> bool:
    """A name made only of demonyms and country names, ending in a people in the plural
    ("Bosnian Serbs", "Kosovo Albanians"): a group of people, not a person."""
    if len(span) < 2:
        return False
    actors = [kb.by_alias.get(t.text) for t in span]
    last = actors[-1]
    return (
        all(a is not None and a.type in ("NORP", "GPE") for a in actors)
        and last is not None
        and last.type == "NORP"
        and span[-1].text.endswith("s")
    )


def _dateline_place(doc: Doc) -> Span | None:
    """ "PORT ELAN, May 14 (...)": the capitalised words that open a dispatch, up to the
    comma before its date, are the place it was filed from."""
    for i, token in enumerate(doc[:6]):
        if token.text == ",":
            words = doc[:i]
            if i and all(t.is_upper or t.is_punct for t in words) and _date_follows(doc, i):
                return Span(doc, 0, i, label="GPE")
            return None
        if "\n" in token.text:
            return None
    return None


def _date_follows(doc: Doc, comma: int) -> bool:
    return comma + 1 < len(doc) and doc[comma + 1].ent_type_ == "DATE"


def _after_place_noun(doc: Doc, span: Span) -> bool:
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in _PLACE_NOUNS
    )


def _in_dateline_brackets(doc: Doc, span: Span) -> bool:
    """ "WASHINGTON, December 12 (Sputnik)": a bracketed name after a place and a date."""
    if span.start == 0 or span.end >= len(doc):
        return False
    if doc[span.start - 1].text != "(" or doc[span.end].text != ")":
        return False
    before = doc[max(0, span.start - 8) : span.start - 1]
    return any(t.ent_type_ == "DATE" for t in before) and any(t.text == "," for t in before)


def _kb_candidate(doc: Doc, m: Match, kb: KnowledgeBase) -> Candidate:
    span = doc[m.start : m.end]
    modifier = m.actor_id.startswith("d-") and _is_modifier(span)
    return Candidate(
        span.start_char,
        span.end_char,
        span.text,
        m.label,
        m.name,
        m.actor_id,
        m.country,
        m.sector,
        modifier=modifier,
    )


def _nested_candidate(doc: Doc, m: Match) -> Candidate:
    span = doc[m.start : m.end]
    return Candidate(
        span.start_char, span.end_char, span.text, m.label, m.name, m.actor_id, m.country
    )


def _is_modifier(span: Span) -> bool:
    """A one-word demonym that modifies a noun to its right ("Afghan team")."""
    if len(span) != 1:
        return False
    token = span[0]
    if token.doc.has_annotation("DEP"):
        return token.dep_ in _MODIFIER_DEPS and token.head.i > token.i
    return token.tag_ == "JJ"


def _model_candidate(
    doc: Doc,
    span: Span,
    kb: KnowledgeBase,
    countries: dict[int, Match],
    organisations: dict[int, Span | Match],
) -> Candidate:
    name = " ".join(span.text.split())
    modifier = span.label_ == "NORP" and _is_modifier(span)
    if span.label_ != "PERSON":
        sector = "media" if _in_dateline_brackets(doc, span) else None
        return Candidate(
            span.start_char, span.end_char, span.text, span.label_, name,
            sector=sector, modifier=modifier,
        )  # fmt: skip
    return _person(doc, span, kb, countries, organisations)


def _person(
    doc: Doc,
    span: Span,
    kb: KnowledgeBase,
    countries: dict[int, Match],
    organisations: dict[int, Span | Match],
) -> Candidate:
    """A person with the title chain to its left and a role clause to its right."""
    name_start, chain = _title_chain(doc, span, kb)
    name = " ".join(doc[name_start : span.end].text.split())
    start, country, roles, sector = span.start, None, list[str](), None
    if chain is not None:
        start, roles, sector = min(start, chain.start), list(chain.roles), chain.sector
        owner = countries.get(start)
        if owner is not None:
            country = owner.country
            # "US Gen." names the country inside the title; "Afghan Ambassador" only
            # qualifies it, so the mention starts at the title.
            if owner.actor_id.startswith("c-"):
                start = owner.start
        elif start in organisations:
            org = organisations[start]  # "NASA Administrator Charles Bolden"
            start = org.start
            if isinstance(org, Match):
                country = org.country
                # An international or non-governmental body's official is that body's
                # ("UN Secretary-General"); a state body's keeps the title's sector.
                if org.sector in _BODY_SECTORS or sector is None:
                    sector = org.sector
    for role in (role_before(doc, start), clause_role(doc, span.end)):
        if role:
            roles.append(role)
    mention = doc[start : span.end]
    return Candidate(
        mention.start_char,
        mention.end_char,
        mention.text,
        "PERSON",
        name,
        country=country,
        sector=sector,
        roles=tuple(roles),
    )


def _title_candidates(doc: Doc, kb: KnowledgeBase, spans: list[Span]) -> list[Candidate]:
    """ "the General" where no name follows: a person to be resolved by the merger."""
    out = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for token in doc:
        if token.text not in kb.titles:  # most tokens: skip without indexing the doc
            continue
        title = bare_title(doc, token.i, kb)
        if title is None or token.i in taken:
            continue
        out.append(
            Candidate(
                token.idx,
                token.idx + len(token.text),
                token.text,
                "PERSON",
                token.text,
                sector=title.sector,
                roles=(title.role,) if title.role else (),
                title_only=True,
            )
        )
    return out

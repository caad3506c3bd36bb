"""Knowledge-base phrase matches and generic state organs on a spaCy ``Doc``.

Aliases are matched case-sensitively (``ORTH``): "IS", "AP" and "WHO" are actors only as
written. A mixed-case alias also matches in capitals ("REUTERS", "ISLAMIC STATE") because
headlines and datelines are often upper-cased; an all-capital alias is *not* trusted in
upper-case text, where "IS" and "US" are just words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .kb import Actor, KnowledgeBase, load

_UPPER_CONTEXT = 0.6  # share of capitalised words around a match that means "shouting"
_WINDOW = 6


@dataclass(frozen=True, slots=True)
class Match:
    """A token span the knowledge base vouches for, with what it is."""

    start: int  # token indices
    end: int
    label: str
    actor_id: str
    name: str
    country: str | None
    sector: str | None
    organ: bool = False  # a generic organ ("Iraqi army"), not a named actor


@lru_cache(maxsize=8)
def kb_matcher(vocab: Vocab) -> PhraseMatcher:
    """One matcher per vocabulary: patterns must be tokenised with the doc's own strings."""
    kb = load()
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for alias, actor in kb.by_alias.items():
        variants = {alias, alias.upper()}
        if alias.lower().startswith("the ") and actor.name != alias:
            continue  # a leading article is not part of a mention
        matcher.add(actor.id, [tokenizer(v) for v in variants])
    return matcher


def kb_matches(doc: Doc) -> list[Match]:
    """Every KB alias found in ``doc`` (overlaps included; resolution comes later)."""
    kb = load()
    out = []
    compact, index = _compact(doc)
    for match_id, c_start, c_end in kb_matcher(doc.vocab)(compact):
        actor = kb.actors[doc.vocab.strings[match_id]]
        start, end = index[c_start], index[c_end - 1] + 1
        span = doc[start:end]
        acronym = span.text.isupper() and span.text in (actor.name, *actor.aliases)
        if acronym and _shouting(doc, start, end):
            continue
        out.append(_match(actor, start, end))
    return out


def _compact(doc: Doc) -> tuple[Doc, list[int]]:
    """``doc`` without in-line whitespace tokens, so "State of\xa0Iraq" still matches.

    Tokens holding a line break stay: a name does not run across lines of a page.
    """
    index = [t.i for t in doc if not (t.is_space and "\n" not in t.text)]
    if len(index) == len(doc):
        return doc, index
    return Doc(doc.vocab, words=[doc[i].text for i in index]), index


def _match(actor: Actor, start: int, end: int) -> Match:
    return Match(start, end, actor.type, actor.id, actor.name, actor.country, actor.sector)


def _shouting(doc: Doc, start: int, end: int) -> bool:
    window = doc[max(0, start - _WINDOW) : min(len(doc), end + _WINDOW)]
    words = [t.text for t in window if t.is_alpha and len(t.text) > 1]
    if len(words) < 3:
        return False
    return sum(w.isupper() for w in words) / len(words) >= _UPPER_CONTEXT


def organ_matches(doc: Doc, matches: list[Match]) -> list[Match]:
    """ "Iraqi security forces", "Turkey's army", "government of Iraq": organs of a country."""
    kb = load()
    out = []
    for m in matches:
        if not m.actor_id.startswith(("c-", "d-")) or m.country is None:
            continue
        after = m.end + 1 if m.end < len(doc) and doc[m.end].text in ("'s", "’s") else m.end
        organ_end = _organ_at(doc, after, kb)
        if organ_end is not None:
            out.append(_organ(kb, m.country, doc[after:organ_end].text, m.start, organ_end))
        before = _organ_before_of(doc, m.start, kb)
        if before is not None:
            out.append(_organ(kb, m.country, doc[before : m.start - 1].text, before, m.end))
    return out


def _organ_at(doc: Doc, start: int, kb: KnowledgeBase) -> int | None:
    for size in (4, 3, 2, 1):
        end = start + size
        if end <= len(doc) and doc[start:end].text.lower() in kb.organs:
            return end
    return None


def _organ_before_of(doc: Doc, country_start: int, kb: KnowledgeBase) -> int | None:
    """Start of "security forces of" / "the government of" right before a country."""
    of = country_start - 1
    if of < 1 or doc[of].lower_ != "of":
        return None
    for size in (3, 2, 1):
        start = of - size
        if start >= 0 and doc[start:of].text.lower() in kb.organs:
            return start
    return None


def _organ(kb: KnowledgeBase, iso3: str, phrase: str, start: int, end: int) -> Match:
    organ = kb.organs[phrase.lower()]
    country = kb.country(iso3)
    qualifier = kb.adjective.get(iso3) or (country.name if country else iso3)
    slug = re.sub(r"[^a-z]+", "-", organ.name)
    return Match(
        start,
        end,
        "ORG",
        f"g-{iso3}-{slug}",
        f"{qualifier} {organ.name}",
        iso3,
        organ.sector,
        organ=True,
    )


def as_span(doc: Doc, match: Match) -> Span:
    return Span(doc, match.start, match.end, label=match.label)


def covers(outer: Any, inner: Any) -> bool:
    return bool(outer.start <= inner.start and inner.end <= outer.end)

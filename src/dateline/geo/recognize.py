"""Toponym recognition on a parsed document: spaCy's place entities, cleaned, plus demonyms.

spaCy's small model tags most place names GPE or LOC, but also takes a country for a person
or an organisation now and then; an entity of another label whose whole text is a country or
an admin1 region name is taken as a place too. "the United States" loses its article, and a
possessive its "'s", so spans match the name and not the phrase. A demonym heading an entity
of lower-case words ("Iraqi forces", tagged ORG) is a mention of its country.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .gazetteer import ADM1, COUNTRY, Gazetteer, strip_region_words

PLACE_LABELS = frozenset({"GPE", "LOC"})
OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC"})
MAX_SPANS = 5000  # a 100k-word document yields a few thousand at most; more is garbage input


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    text: str
    demonym: bool = False  # "Iraqi": refers to the country, not a place name of its own


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " and a trailing possessive, so the span is the name alone."""
    piece = text[start:end]
    if piece.lower().startswith("the "):
        start += 4
    for suffix in ("'s", "\u2019s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _inside(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in others)


def _leading_demonym(text: str, gaz: Gazetteer) -> str | None:
    """ "Iraqi" of "Iraqi forces": an entity that is a demonym followed only by lower-case
    words (a group, not a proper name like "American Airlines") still names the country."""
    first, _, rest = text.partition(" ")
    if not rest or any(w[:1].isupper() for w in rest.split()):
        return None
    return first if gaz.demonym(first) is not None else None


def _is_region_name(text: str, gaz: Gazetteer) -> bool:
    found = gaz.lookup(text)
    if not found:
        return False
    bare = strip_region_words(text)  # "Rakhine State" (tagged PERSON) is Rakhine
    return any(c.code in (COUNTRY, ADM1) and c.name in (text, bare) for c in found)


def toponyms(
    doc: Any, gaz: Gazetteer, org_spans: Sequence[tuple[int, int]] = ()
) -> Iterator[Toponym]:
    """Place-name and demonym spans of ``doc``, in order; none inside ``org_spans``."""
    text: str = doc.text
    count = 0
    for ent in doc.ents:
        if count >= MAX_SPANS:
            return
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start or _inside((start, end), org_spans):
            continue
        surface = text[start:end]
        if ent.label_ in PLACE_LABELS or (
            ent.label_ in OTHER_LABELS and _is_region_name(surface, gaz)
        ):
            count += 1
            yield Toponym(start, end, surface)
        elif ent.label_ == "NORP" and gaz.demonym(surface) is not None:
            count += 1
            yield Toponym(start, end, surface, demonym=True)
        elif ent.label_ in OTHER_LABELS and (lead := _leading_demonym(surface, gaz)):
            count += 1
            yield Toponym(start, start + len(lead), lead, demonym=True)

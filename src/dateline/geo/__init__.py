"""The geo stage: toponyms in an article, each resolved offline to a GeoNames place.

    find_places(doc, dateline_place="Washington")  -> tuple[Place, ...]
    resolve(text, spans)                           -> list[Candidate | None]

See ``docs/geo.md`` for the data, the candidate generation and the scoring features.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..records import Mention, Place
from .gazetteer import Candidate, gazetteer
from .recognize import Toponym, toponyms
from .resolve import resolve_names

__all__ = ["Candidate", "Toponym", "find_places", "resolve"]


def resolve(text: str, spans: Sequence[tuple[int, int]], *,
            dateline_place: str | None = None) -> list[Candidate | None]:  # fmt: skip
    """Resolve given toponym spans (for the 'given the right toponyms' evaluation)."""
    return resolve_names([text[s:e] for s, e in spans], dateline_place=dateline_place)


def find_places(doc: Any, *, dateline_place: str | None = None,
                org_spans: Sequence[tuple[int, int]] = ()) -> tuple[Place, ...]:  # fmt: skip
    """Recognise toponyms in a parsed article and resolve each to a GeoNames place; one Place
    per distinct resolved location with every mention (offsets index ``doc.text``).
    ``org_spans`` are char spans of organisation names: a place name inside one ("Islamic
    State of Iraq") is not a place mention."""
    gaz = gazetteer()
    found = list(toponyms(doc, gaz, org_spans))
    names = [t.text for t in found if not t.demonym]
    answers = iter(resolve_names(names, dateline_place=dateline_place))
    places: dict[str, tuple[Candidate, list[Mention]]] = {}
    for toponym in found:
        # A demonym names its country whatever the context ("Iraqi forces" -> Iraq).
        chosen = gaz.demonym(toponym.text) if toponym.demonym else next(answers)
        if chosen is not None:
            mention = Mention(toponym.start, toponym.end, toponym.text)
            places.setdefault(chosen.key, (chosen, []))[1].append(mention)
    return tuple(_place(c, m) for c, m in places.values())


def _place(candidate: Candidate, mentions: list[Mention]) -> Place:
    return Place(
        id=candidate.key,
        name=candidate.name,
        geonameid=candidate.geonameid,
        lat=candidate.lat,
        lon=candidate.lon,
        country=candidate.country,
        admin1=candidate.admin1,
        feature=candidate.feature,
        mentions=tuple(mentions),
    )

"""Toponym resolution: pick one GeoNames candidate per name, using the article as context.

Each candidate gets a score that is a sum of a few interpretable features (weights in
``Weights``, tuned on the development halves of LGL and TR-News):

- prior: log population, the kind of place (country > admin1 > capital > admin2 > city) and
  whether the name is the place's own name rather than an alternate;
- context: the share of the article's other places that lie in the same country, and in the
  same admin1 region; closeness to the nearest of them;
- dateline: same country / admin1 as the dateline place.

Every distinct name is resolved once (all its mentions share the answer), first by prior
alone, then again with the other names' current answers as context, a fixed few rounds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .gazetteer import (
    ADM1,
    ADM2,
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    Candidate,
    Gazetteer,
    gazetteer,
    norm,
)

MAX_NAMES = 400  # distinct names scored against each other: keeps huge documents linear-ish
ROUNDS = 2


@dataclass(frozen=True, slots=True)
class Weights:
    population: float = 0.35
    kind: dict[str, float] = field(
        default_factory=lambda: {
            CONTINENT: 4.0,
            COUNTRY: 4.0,
            ADM1: 2.5,
            CAPITAL: 3.0,
            ADM2: 0.5,
            CITY: 0.0,
        }
    )
    primary: float = 1.0
    same_country: float = 2.5
    same_admin1: float = 4.0
    closeness: float = 1.5
    dateline_country: float = 1.0
    dateline_admin1: float = 1.0


WEIGHTS = Weights()


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    points: list[tuple[float, float]]
    total: float
    dateline: Candidate | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def prior(candidate: Candidate, name: str, weights: Weights = WEIGHTS) -> float:
    score = weights.population * math.log10(candidate.population + 1)
    score += weights.kind.get(candidate.code, 0.0)
    if norm(candidate.name) == norm(name):
        score += weights.primary
    return score


def _contextual(candidate: Candidate, context: _Context, weights: Weights) -> float:
    score = 0.0
    if context.total:
        score += weights.same_country * context.countries[candidate.country] / context.total
        if candidate.admin1:
            share = context.admin1s[candidate.country, candidate.admin1] / context.total
            score += weights.same_admin1 * share
    if context.points and candidate.code not in (CONTINENT, COUNTRY, ADM1):
        nearest = min(distance_km(candidate.lat, candidate.lon, *p) for p in context.points)
        score += weights.closeness * math.exp(-nearest / 200.0)
    dateline = context.dateline
    if dateline is not None and dateline is not candidate:
        if dateline.country == candidate.country:
            score += weights.dateline_country
        if dateline.admin1 and dateline.admin1 == candidate.admin1:
            score += weights.dateline_admin1
    return score


def _context(choices: dict[str, Candidate], skip: str, dateline: Candidate | None) -> _Context:
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    points: list[tuple[float, float]] = []
    for key, chosen in choices.items():
        if key == skip:
            continue
        countries[chosen.country] += 1
        if chosen.admin1:
            admin1s[chosen.country, chosen.admin1] += 1
        if chosen.code not in (
            CONTINENT,
            COUNTRY,
            ADM1,
        ):  # a country's centroid says little about nearness
            points.append((chosen.lat, chosen.lon))
    return _Context(countries, admin1s, points[:50], float(sum(countries.values())), dateline)


def _best(name: str, candidates: Sequence[Candidate], context: _Context | None,
          weights: Weights) -> Candidate:  # fmt: skip
    def score(c: Candidate) -> float:
        extra = _contextual(c, context, weights) if context is not None else 0.0
        return prior(c, name, weights) + extra

    # An exact country name is the country ("Georgia" alone, "Jordan"): context cannot flip it
    # unless another candidate is also a country-level match.
    for c in candidates:
        if c.code == COUNTRY and norm(c.name) == norm(name) and context is None:
            return c
    return max(candidates, key=score)


def _dateline(place: str | None, gaz: Gazetteer, weights: Weights) -> Candidate | None:
    if not place:
        return None
    # A dateline names a city ("WASHINGTON" is the capital, not the state), so populated
    # places come first; a region or country only when no city has the name.
    candidates = gaz.lookup(place)
    cities = [c for c in candidates if c.feature == "P"] or list(candidates)
    return max(cities, key=lambda c: prior(c, place, weights)) if cities else None


def _candidates(name: str, gaz: Gazetteer) -> tuple[Candidate, ...]:
    """Gazetteer matches; a demonym ("Russian") stands for its country, and only that."""
    country = gaz.demonym(name)
    return (country,) if country is not None else gaz.lookup(name)


def resolve_names(names: Sequence[str], *, dateline_place: str | None = None,
                  weights: Weights = WEIGHTS) -> list[Candidate | None]:  # fmt: skip
    """One candidate (or None) per name; equal names (after folding) get the same answer."""
    gaz = gazetteer()
    keys = [norm(n) for n in names]
    surface = {k: n for k, n in zip(keys, names, strict=True)}
    pool = {k: _candidates(n, gaz) for k, n in list(surface.items())[:MAX_NAMES]}
    pool = {k: c for k, c in pool.items() if c}
    dateline = _dateline(dateline_place, gaz, weights)
    fixed = {norm(dateline_place): dateline} if dateline and dateline_place else {}
    choices = {k: fixed.get(k) or _best(surface[k], c, None, weights) for k, c in pool.items()}
    for _ in range(ROUNDS):
        choices = {
            k: fixed.get(k) or _best(surface[k], c, _context(choices, k, dateline), weights)
            for k, c in pool.items()
        }
    return [choices.get(k) for k in keys]


def most_populous(name: str) -> Candidate | None:
    """The naive baseline: the most populous place of that name."""
    candidates = gazetteer().lookup(name)
    return max(candidates, key=lambda c: c.population) if candidates else None

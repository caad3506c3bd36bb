"""Toponym resolution: pick one GeoNames candidate per name, using the article as context.

Each candidate gets a score that is a sum of a few interpretable features (weights in
``Weights``, tuned on the development halves of LGL and TR-News):

- prior: log population, the kind of place (country > admin1 > capital > admin2 > city) and
  whether the name is the place's own name rather than an alternate;
- context: the share of the article's other places that lie in the same country, and in the
  same admin1 region; whether the article names that country or admin1 itself; a penalty when
  no other place is in that country; closeness to the nearest of them;
- joint closeness: how near the candidate is to *some* reading of each other name, so two
  ambiguous neighbours ("Huntsville", "Walker County") settle on the pair that lies together;
- dateline: same country / admin1 as the dateline place.

Every distinct name is resolved once (all its mentions share the answer), first by prior
alone, then again with the other names' current answers as context, a fixed few rounds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

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
JOINT_NAMES = 60  # names whose candidate sets are compared pairwise (joint closeness)
JOINT_CANDIDATES = 12  # per name, the most prominent non-region candidates compared
_REGIONS = (CONTINENT, COUNTRY, ADM1)


@dataclass(frozen=True, slots=True)
class Weights:
    population: float = 0.47
    kind: dict[str, float] = field(
        default_factory=lambda: {
            CONTINENT: 4.0,
            COUNTRY: 4.0,
            ADM1: 1.875,
            CAPITAL: 3.0,
            ADM2: 0.0,
            CITY: 1.0,
        }
    )
    primary: float = 2.0
    same_country: float = 2.5
    same_admin1: float = 1.12
    closeness: float = 0.75
    dateline_country: float = 1.0
    dateline_admin1: float = 1.0
    named_country: float = 1.0  # the article names the candidate's country itself
    named_admin1: float = 0.75  # the article names the candidate's admin1 region itself
    unseen_country: float = 1.33  # penalty: no other place of the article is in this country
    joint: float = 4.0  # closeness to some candidate of each other name, not only the chosen
    joint_km: float = 50.0  # distance scale of the joint closeness


WEIGHTS = Weights()


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    points: list[tuple[float, float]]
    total: float
    dateline: Candidate | None
    named: frozenset[tuple[str, str | None]] = frozenset()


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
        if context.countries[candidate.country] == 0:
            score -= weights.unseen_country
    if candidate.code != COUNTRY and (candidate.country, None) in context.named:
        score += weights.named_country
    admin1 = (candidate.country, candidate.admin1)
    if candidate.code != ADM1 and candidate.admin1 and admin1 in context.named:
        score += weights.named_admin1
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
    named: set[tuple[str, str | None]] = set()
    for key, chosen in choices.items():
        if key == skip:
            continue
        countries[chosen.country] += 1
        if chosen.admin1:
            admin1s[chosen.country, chosen.admin1] += 1
        if chosen.code == COUNTRY:
            named.add((chosen.country, None))
        elif chosen.code == ADM1:
            named.add((chosen.country, chosen.admin1))
        if chosen.code not in (
            CONTINENT,
            COUNTRY,
            ADM1,
        ):  # a country's centroid says little about nearness
            points.append((chosen.lat, chosen.lon))
    total = float(sum(countries.values()))
    return _Context(countries, admin1s, points[:50], total, dateline, frozenset(named))


def _joint(pool: Mapping[str, Sequence[Candidate]], km: float) -> dict[tuple[str, int], float]:
    """For each (name, candidate index): mean over the other names of exp(-d/km), d the
    distance to that name's nearest candidate. Unlike the context features this does not
    depend on the current choices, so two ambiguous names that have readings next to each
    other ("Huntsville" and "Walker County", both in Texas) pull each other there."""
    names: list[str] = []
    rows: list[tuple[int, int, float, float]] = []  # (name number, candidate index, lat, lon)
    for key, candidates in pool.items():
        points = [(i, c) for i, c in enumerate(candidates) if c.code not in _REGIONS]
        if not points:
            continue
        names.append(key)
        rows += [(len(names) - 1, i, c.lat, c.lon) for i, c in points[:JOINT_CANDIDATES]]
        if len(names) >= JOINT_NAMES:
            break
    if len(names) < 2:
        return {}
    owner = np.array([r[0] for r in rows])
    lat = np.radians(np.array([r[2] for r in rows]))
    lon = np.radians(np.array([r[3] for r in rows]))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    dist = 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    nearest = np.minimum.reduceat(dist, starts, axis=1)  # rows x names
    near = np.exp(-nearest / max(km, 1.0))
    near[np.arange(len(rows)), owner] = 0.0  # a name does not support itself
    value = near.sum(axis=1) / (len(names) - 1)
    return {(names[r[0]], r[1]): float(v) for r, v in zip(rows, value, strict=True)}


def _best(name: str, candidates: Sequence[Candidate], context: _Context | None,
          weights: Weights, joint: Sequence[float] = ()) -> Candidate:  # fmt: skip
    def score(i: int) -> float:
        c = candidates[i]
        extra = _contextual(c, context, weights) if context is not None else 0.0
        if joint:
            extra += weights.joint * joint[i]
        return prior(c, name, weights) + extra

    # An exact country name is the country ("Jordan", "Lebanon" in a story filed from
    # Washington): a same-named place wins only when another place of the article lies in
    # its own state or province ("Georgia" beside Atlanta, "Lebanon" beside Harrisburg).
    country = next(
        (c for c in candidates if c.code == COUNTRY and norm(c.name) == norm(name)), None
    )
    if country is not None:
        if context is None:
            return country
        local = [i for i, c in enumerate(candidates) if _shares_admin1(c, context)]
        if not local:
            return country
        return candidates[max([*local, candidates.index(country)], key=score)]
    return candidates[max(range(len(candidates)), key=score)]


def _shares_admin1(candidate: Candidate, context: _Context) -> bool:
    if candidate.code == COUNTRY or candidate.admin1 is None:
        return False
    return context.admin1s[candidate.country, candidate.admin1] > 0


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
    if country is not None:
        return (country,)
    found = gaz.lookup(name)
    if not found and (country := gaz.misspelt_country(name)) is not None:
        return (country,)
    return found


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
    near = _joint(pool, weights.joint_km) if weights.joint else {}
    joint = {k: [near.get((k, i), 0.0) for i in range(len(c))] for k, c in pool.items()}
    choices = {k: fixed.get(k) or _best(surface[k], c, None, weights) for k, c in pool.items()}
    for _ in range(ROUNDS):
        choices = {
            k: fixed.get(k)
            or _best(surface[k], c, _context(choices, k, dateline), weights, joint[k])
            for k, c in pool.items()
        }
    return [choices.get(k) for k in keys]


def most_populous(name: str) -> Candidate | None:
    """The naive baseline: the most populous place of that name."""
    candidates = gazetteer().lookup(name)
    return max(candidates, key=lambda c: c.population) if candidates else None

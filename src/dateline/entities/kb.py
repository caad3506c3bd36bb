"""The actor knowledge base: the TSV files in ``dateline/data/actors/``, loaded once.

- ``countries.tsv`` (generated from pycountry by ``scripts/build_countries.py``) and
  ``country_aliases.tsv`` (hand-kept short names and demonyms) give one actor per country,
  ``c-ISO3``;
- ``actors.tsv`` gives named organisations, armed groups, parties, state bodies and media;
- ``titles.tsv`` and ``organs.tsv`` are the lexicons for titles before a name and for
  generic state organs ("Iraqi security forces");
- ``leaders.tsv`` gives heads of state and government and foreign ministers with their
  country. They are not phrase-matched (the model finds names, and the title before a name
  stays part of its mention); a person the merger builds is looked up by name.

Every alias maps to exactly one actor: a second actor claiming the same alias is an error
in the data, raised at load time so it cannot slip into a release.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from ..errors import ConfigError

_DATA = "data/actors"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str  # spaCy label: ORG, GPE, NORP, PERSON
    country: str | None  # ISO3
    sector: str | None  # CAMEO/PLOVER agent sector
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Title:
    role: str | None
    sector: str | None
    head: bool  # may stand on its own ("the General"), not only inside "Prime Minister"


@dataclass(frozen=True, slots=True)
class Organ:
    name: str
    sector: str


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    actors: dict[str, Actor]
    by_alias: dict[str, Actor]  # alias as written → actor; demonyms map to a ``d-`` actor
    titles: dict[str, Title]
    organs: dict[str, Organ]  # lower-case phrase → organ
    adjective: dict[str, str] = field(default_factory=dict)  # ISO3 → "Iraqi"
    leaders: dict[str, tuple[Actor, ...]] = field(default_factory=dict)  # person_key → who

    def country(self, iso3: str) -> Actor | None:
        return self.actors.get(f"c-{iso3}")

    def leaders_named(self, name: str) -> tuple[Actor, ...]:
        """The leaders a person's name (full, or a distinctive surname) may stand for."""
        return self.leaders.get(person_key(name), ())


def person_key(name: str) -> str:
    """A name folded for look-up: "Recep Tayyip Erdoğan" and "recep tayyip erdogan",
    "George H.W. Bush" and "George H. W. Bush", "Ki-moon" and "Ki Moon" are one key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", " ").replace("-", " ").replace("‐", " ")
    return " ".join(text.lower().split())


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (files("dateline") / _DATA / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _none(value: str) -> str | None:
    return None if value in ("", "-") else value


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


def _countries() -> tuple[dict[str, Actor], dict[str, str]]:
    """Country actors plus their demonym actors (``d-ISO3``: the people, typed NORP)."""
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    demonyms: dict[str, list[str]] = {}
    for row in _rows("countries.tsv"):
        names[row["iso3"]] = row["name"]
        official = row["official_name"]
        aliases[row["iso3"]] = [official] if official and "," not in official else []
    for row in _rows("country_aliases.tsv"):
        iso3, kind, values = row["iso3"], row["kind"], _split(row["aliases"])
        if kind == "name":
            aliases[iso3].append(names[iso3])
            names[iso3] = values[0]
        elif kind == "short":
            aliases[iso3].extend(values)
        elif kind == "demonym":
            demonyms.setdefault(iso3, []).extend(values)
        else:
            raise ConfigError(f"country_aliases.tsv: unknown kind {kind!r} for {iso3}")
    actors: dict[str, Actor] = {}
    adjective: dict[str, str] = {}
    for iso3, name in names.items():
        usable = tuple(dict.fromkeys(a for a in aliases[iso3] if "," not in a and "(" not in a))
        # No sector: a country named as a place is not yet its government or its army.
        actors[f"c-{iso3}"] = Actor(f"c-{iso3}", name, "GPE", iso3, None, usable)
        if iso3 in demonyms:
            adjective[iso3] = demonyms[iso3][0]
            people = demonyms[iso3]
            actors[f"d-{iso3}"] = Actor(f"d-{iso3}", people[0], "NORP", iso3, None, tuple(people))
    return actors, adjective


def _actors(name: str) -> dict[str, Actor]:
    """The actors of one TSV file (``actors.tsv``, ``leaders.tsv``) by id, in file order."""
    actors = {}
    for row in _rows(name):
        actor = Actor(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            country=_none(row["country"]),
            sector=_none(row["sector"]),
            aliases=tuple(_split(row["aliases"])),
        )
        if actor.id in actors:
            raise ConfigError(f"{name}: duplicate id {actor.id}")
        actors[actor.id] = actor
    return actors


def _leaders() -> dict[str, tuple[Actor, ...]]:
    """``leaders.tsv`` by folded name and alias. A spelling shared by leaders of one country
    ("Bush") gives that country; one shared across countries is an error in the data."""
    index: dict[str, tuple[Actor, ...]] = {}
    for actor in _actors("leaders.tsv").values():
        for alias in dict.fromkeys(person_key(a) for a in (actor.name, *actor.aliases)):
            others = index.get(alias, ())
            if any(o.country != actor.country for o in others):
                raise ConfigError(f"leaders.tsv: {alias!r} names leaders of two countries")
            index[alias] = (*others, actor)
    return index


def _alias_index(actors: dict[str, Actor]) -> dict[str, Actor]:
    index: dict[str, Actor] = {}
    for actor in actors.values():
        for alias in (actor.name, *actor.aliases):
            other = index.get(alias)
            if other is not None and other.id != actor.id:
                raise ConfigError(f"actor alias {alias!r} is claimed by {other.id} and {actor.id}")
            index[alias] = actor
    return index


@lru_cache(maxsize=1)
def load() -> KnowledgeBase:
    """The packaged knowledge base, parsed once per process."""
    countries, adjective = _countries()
    actors = {**countries, **_actors("actors.tsv")}
    titles = {
        row["title"]: Title(_none(row["role"]), _none(row["sector"]), row["kind"] == "head")
        for row in _rows("titles.tsv")
    }
    organs = {row["phrase"]: Organ(row["name"], row["sector"]) for row in _rows("organs.tsv")}
    return KnowledgeBase(actors, _alias_index(actors), titles, organs, adjective, _leaders())

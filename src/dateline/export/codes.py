"""Code tables the GDELT export needs: CAMEO Goldstein scores and quad classes, CAMEO
agent types for dateline's sectors, CAMEO known groups, ISO → FIPS 10-4 countries, and
GKG count types for dateline's count kinds.

The two long tables are data files in ``dateline/data/gdelt/`` (their headers cite their
sources); sectors come from the event coder's ``data/plover/sectors.tsv``; the short
tables are kept here, where each entry can carry its reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

# CAMEO's four quad classes, by root code: verbal cooperation (01-05), material
# cooperation (06-09), verbal conflict (10-14), material conflict (15-20).
VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT = 1, 2, 3, 4

# Knowledge-base actor id → CAMEO known-group code. Only codes confirmed in published
# GDELT rows are listed (the UN appears there as Actor1Code IGOUNO, KnownGroupCode UNO);
# add others only from the CAMEO actor codebook.
KNOWN_GROUPS: dict[str, str] = {
    "o-un": "UNO",
}

# dateline count kinds → GKG count types (GKG codebook: KILL, WOUND, ARREST, KIDNAP,
# PROTEST, SEIZE, AFFECT — the last for people displaced, evacuated, missing, stranded or
# otherwise affected). Kinds not listed (states in a coalition, strikes, money) are not GKG
# counts; they still go to V2.1AMOUNTS.
COUNT_TYPES: dict[str, str] = {
    "killed": "KILL",
    "dead": "KILL",
    "deaths": "KILL",
    "kill": "KILL",
    "wounded": "WOUND",
    "injured": "WOUND",
    "wound": "WOUND",
    "arrested": "ARREST",
    "detained": "ARREST",
    "arrest": "ARREST",
    "kidnapped": "KIDNAP",
    "abducted": "KIDNAP",
    "hostages": "KIDNAP",
    "kidnap": "KIDNAP",
    "protesters": "PROTEST",
    "protest": "PROTEST",
    "seized": "SEIZE",
    "seize": "SEIZE",
    "displaced": "AFFECT",
    "evacuated": "AFFECT",
    "missing": "AFFECT",
    "homeless": "AFFECT",
    "stranded": "AFFECT",
    "affected": "AFFECT",
    "refugees": "AFFECT",
    "affect": "AFFECT",
}


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    fips: str | None
    name: str


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("dateline") / "data" / "gdelt" / name
    return _tsv(path.read_text(encoding="utf-8"))


def _tsv(text: str) -> list[dict[str, str]]:
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t"))


@cache
def goldstein_table() -> dict[str, float]:
    """CAMEO event code → Goldstein score (``data/gdelt/cameo_goldstein.tsv``)."""
    return {row["code"]: float(row["goldstein"]) for row in _rows("cameo_goldstein.tsv")}


@cache
def countries() -> dict[str, Country]:
    """ISO 3166-1 alpha-2 → country with its FIPS 10-4 code (``fips_countries.tsv``)."""
    out = {}
    for row in _rows("fips_countries.tsv"):
        fips = None if row["fips"] == "-" else row["fips"]
        out[row["iso2"]] = Country(row["iso2"], row["iso3"], fips, row["name"])
    return out


def fips(iso2: str | None) -> str | None:
    """The FIPS 10-4 code GDELT uses for an ISO alpha-2 country ("IQ" → "IZ")."""
    country = countries().get(iso2 or "")
    return country.fips if country else None


def country_name(iso2: str | None) -> str | None:
    country = countries().get(iso2 or "")
    return country.name if country else None


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code split into GDELT's three levels, with its scores."""

    code: str
    base: str
    root: str
    quad_class: int
    goldstein: float | None


def cameo(code: str | None) -> CameoCode | None:
    """Split and score a CAMEO event code ("0311" → base "031", root "03", quad class 1).

    None for anything that is not a code of 2-4 digits with a root from 01 to 20.
    """
    code = (code or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        return None
    root = code[:2]
    if not 1 <= int(root) <= 20:
        return None
    base = code[:3] if len(code) >= 3 else code
    return CameoCode(code, base, root, quad_class(root), _goldstein(code))


def quad_class(root: str) -> int:
    number = int(root)
    if number <= 5:
        return VERBAL_COOPERATION
    if number <= 9:
        return MATERIAL_COOPERATION
    if number <= 14:
        return VERBAL_CONFLICT
    return MATERIAL_CONFLICT


def _goldstein(code: str) -> float | None:
    # A code the table lacks (a newer sub-code) takes its parent's score, as a coder would.
    table = goldstein_table()
    for prefix in (code, code[:3], code[:2]):
        if prefix in table:
            return table[prefix]
    return None


def count_type(kind: str | None, *, event_type: str | None = None) -> str | None:
    """The GKG count type of a dateline count kind, or None when GKG has no such count.

    "participants" (marchers, strikers, a gathering) is GKG's PROTEST only when the count
    belongs to a PLOVER PROTEST event: a crowd is not always a protest.
    """
    key = (kind or "").strip().lower()
    if key == "participants" and event_type == "PROTEST":
        return "PROTEST"
    return COUNT_TYPES.get(key)


def agent_type(sector: str | None) -> str | None:
    """CAMEO agent type code of a dateline sector ("military" → "MIL", "media" → "MED")."""
    return sector_types().get((sector or "").strip().lower())


@cache
def sector_types() -> dict[str, str]:
    """dateline sector (lower case) → CAMEO agent code, from the event coder's own table
    (``data/plover/sectors.tsv``), so events and their GDELT rows use one mapping."""
    path = resources.files("dateline") / "data" / "plover" / "sectors.tsv"
    rows = _tsv(path.read_text(encoding="utf-8"))
    return {row["sector"].lower(): row["cameo"] for row in rows if row["cameo"] not in ("", "-")}

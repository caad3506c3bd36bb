"""The event coder's data (``dateline/data/plover/*.tsv``), loaded once per process.

Every table is a tab-separated text file with ``#`` comments, so a change reads as a diff;
``docs/events.md`` says what each holds. Inflected forms are made here from the lemmas
(plus the irregular forms of ``forms.tsv``), so finding a trigger in a tagged document is a
dictionary look-up on the lower-case word: no lemmatizer has to run over the article.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from ..errors import ConfigError

_DATA = "data/plover"
TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "INVESTIGATE",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "CRIME",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
ROLES = frozenset({"support", "aspect", "plan", "report", "negate", "try"})
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Sense:
    """One line of ``lexicon.tsv``: a trigger word's reading under some conditions."""

    lemma: str
    pos: str  # "V" or "N"
    type: str | None  # None: "not an event" (blocks the senses after it)
    mode: str | None
    cameo: str | None
    weight: float
    context: tuple[str, ...]
    obj: frozenset[str] | None = None
    prt: frozenset[str] | None = None
    mod: frozenset[str] | None = None
    actor: str | None = None  # state | civil | armed
    noobj: bool = False


@dataclass(frozen=True, slots=True)
class Derived:
    type: str
    mode: str | None
    cameo: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    senses: dict[tuple[str, str], tuple[Sense, ...]]  # (lemma, pos) → senses in file order
    roles: dict[tuple[str, str], frozenset[str]]  # governors: (lemma, pos) → roles
    forms: dict[tuple[str, str], str]  # (lower-case form, pos) → lemma
    agents: dict[str, str | None]  # agent noun → sector (None: an actor of no sector)
    sectors: dict[str, tuple[str, str]]  # sector → (CAMEO code, PLOVER code)
    instruments: tuple[tuple[str, str, str], ...]  # (word, mode, cameo), in priority order
    contexts: dict[str, str]  # word → PLOVER context
    cameo: dict[str, tuple[str, str | None, str | None]]  # code → (type, mode, context)
    derived: dict[tuple[str, str], Derived]  # (governor, content) → result
    hazards: dict[str, str] = field(default_factory=dict)  # no one's act: rain → weather

    def lemma(self, word: str, pos: str) -> str:
        """The lemma of ``word`` (any case) as the tables spell it, or the word lower-cased."""
        lower = word.lower()
        return self.forms.get((lower, pos), lower)

    def derive(self, governor: str, content: str, mode: str | None) -> Derived | None:
        """The row for a governor over a content type/mode, most specific first."""
        for key in ([f"{content}:{mode}"] if mode else []) + [content, "*"]:
            found = self.derived.get((governor, key))
            if found is not None:
                return found
        return None

    def refine_cameo(self, code: str, context: Iterable[str]) -> str:
        """A more specific code under ``code`` whose table context matches ("033" + military →
        "0332"), else ``code``."""
        wanted = set(context)
        for other, (_, _, ctx) in self.cameo.items():
            if other.startswith(code) and len(other) == len(code) + 1 and ctx in wanted:
                return other
        return code


def variants(word: str) -> tuple[str, ...]:
    """The word and its possible singulars ("ties" → "tie"; "militias" → "militia")."""
    w = word.lower()
    out = [w]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        out.append(w[:-1])
        if w.endswith("es"):
            out.append(w[:-2])
        if w.endswith("ies"):
            out.append(w[:-3] + "y")
    return tuple(out)


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections, over-generated on purpose (an unused form costs nothing)."""
    forms = {lemma}
    last = lemma[-1]
    stem_y = lemma[:-1] + "i" if last == "y" and lemma[-2:-1] not in _VOWELS else None
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    forms.add((stem_y + "es") if stem_y else lemma + "s")
    forms.add(lemma + "d" if last == "e" else (stem_y + "ed") if stem_y else lemma + "ed")
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    elif last == "e" and not lemma.endswith(("ee", "ye", "oe")):
        forms.add(lemma[:-1] + "ing")
    else:
        forms.add(lemma + "ing")
    if last not in _VOWELS and last not in "wxy" and len(lemma) > 2 and lemma[-2] in _VOWELS:
        forms |= {lemma + last + "ed", lemma + last + "ing"}  # "ban" → "banned"
    return forms


def noun_forms(lemma: str) -> set[str]:
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return {lemma, lemma + "es"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + "s"}


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (files("dateline") / _DATA / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _none(value: str | None) -> str | None:
    return None if value in (None, "", "-") else value


def _words(value: str) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in value.split("|") if v.strip())


def _sense(row: dict[str, str]) -> Sense:
    conditions: dict[str, frozenset[str] | str | bool] = {}
    for part in (row["when"] or "-").split(";"):
        part = part.strip()
        if part in ("", "-"):
            continue
        if part == "noobj":
            conditions["noobj"] = True
            continue
        key, _, value = part.partition("=")
        if key not in ("obj", "prt", "mod", "actor") or not value:
            raise ConfigError(f"lexicon.tsv: bad condition {part!r} for {row['lemma']}")
        conditions[key] = value if key == "actor" else _words(value)
    kind = _none(row["type"])
    if kind is not None and kind not in TYPES:
        raise ConfigError(f"lexicon.tsv: unknown type {kind!r} for {row['lemma']}")
    return Sense(
        lemma=row["lemma"].lower(),
        pos=row["pos"],
        type=kind,
        mode=_none(row["mode"]),
        cameo=_none(row["cameo"]),
        weight=float(row["weight"]),
        context=tuple(c for c in (row["context"] or "-").split(";") if _none(c)),
        **conditions,  # type: ignore[arg-type]
    )


def _forms(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    forms: dict[tuple[str, str], str] = {}
    for lemma, pos in sorted(set(keys)):
        made = verb_forms(lemma) if pos == "V" else noun_forms(lemma)
        for form in made:
            # A lemma's own spelling beats another lemma's inflection of the same letters.
            if (form, pos) not in forms or form == lemma:
                forms[(form, pos)] = lemma
    for row in _rows("forms.tsv"):
        for form in _words(row["forms"]):
            forms[(form, row["pos"])] = row["lemma"]
    return forms


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged tables, parsed and checked once per process."""
    senses: dict[tuple[str, str], list[Sense]] = {}
    for row in _rows("lexicon.tsv"):
        sense = _sense(row)
        senses.setdefault((sense.lemma, sense.pos), []).append(sense)
    roles: dict[tuple[str, str], set[str]] = {}
    for row in _rows("governors.tsv"):
        if row["role"] not in ROLES:
            raise ConfigError(f"governors.tsv: unknown role {row['role']!r}")
        roles.setdefault((row["lemma"], row["pos"]), set()).add(row["role"])
    cameo = {
        r["cameo"]: (r["type"], _none(r["mode"]), _none(r["context"])) for r in _rows("cameo.tsv")
    }
    derived = {
        (r["governor"], r["content"]): Derived(r["type"], _none(r["mode"]), r["cameo"])
        for r in _rows("derived.tsv")
    }
    codes = [(s.cameo, "lexicon.tsv") for group in senses.values() for s in group if s.cameo]
    codes += [(d.cameo, "derived.tsv") for d in derived.values()]
    codes += [(r["cameo"], "instruments.tsv") for r in _rows("instruments.tsv")]
    for code, table in codes:
        if code not in cameo:
            raise ConfigError(f"{table}: CAMEO code {code} is not in cameo.tsv")
    agents = {r["noun"]: _none(r["sector"]) for r in _rows("agents.tsv")}
    keys = list(senses) + list(roles) + [(a, "N") for a in agents]
    return Lexicon(
        senses={k: tuple(v) for k, v in senses.items()},
        roles={k: frozenset(v) for k, v in roles.items()},
        forms=_forms(keys),
        agents=agents,
        sectors={r["sector"]: (r["cameo"], r["plover"]) for r in _rows("sectors.tsv")},
        instruments=tuple((r["word"], r["mode"], r["cameo"]) for r in _rows("instruments.tsv")),
        contexts={r["word"]: r["context"] for r in _rows("contexts.tsv")},
        cameo=cameo,
        derived=derived,
        hazards={r["word"]: r["kind"] for r in _rows("hazards.tsv")},
    )

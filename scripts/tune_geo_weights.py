"""Coordinate search over the geo scorer's weights on the development halves of LGL and TR-News.

Prints each improvement and the best ``Weights``; copy them into ``geo/resolve.py`` by hand.
Only the development data under ``../shared/eval`` is used (the held-out halves never are).

    python scripts/tune_geo_weights.py ../shared/eval
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from dateline.evaluation.geo import DATASETS, read_articles, resolution
from dateline.geo.resolve import WEIGHTS, Weights, resolve_names

STEPS = (0.5, 0.75, 1.33, 2.0, 0.0)
FROM_ZERO = (0.5, 1.0, 2.0, 4.0)  # a feature switched off is tried at these values


def _values(value: float) -> list[float]:
    return list(FROM_ZERO) if value == 0 else [value * step for step in STEPS]


def objective(weights: Weights, data: dict[str, list]) -> float:
    def resolver(text: str, spans):  # type: ignore[no-untyped-def]
        return resolve_names([text[s:e] for s, e in spans], weights=weights)

    scores = [resolution(articles, resolver)["acc_161km"] for articles in data.values()]
    return sum(scores) / len(scores)


def _knobs(weights: Weights) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for f in dataclasses.fields(weights):
        value = getattr(weights, f.name)
        out += [(f.name, k) for k in value] if isinstance(value, dict) else [(f.name, None)]
    return out


def _variants(weights: Weights, name: str, kind: str | None):  # type: ignore[no-untyped-def]
    """The knob's trial values, each from the current best (so gains add up within a pass)."""
    value = getattr(weights, name)
    if kind is None:
        for new in _values(value):
            yield dataclasses.replace(weights, **{name: new})
    else:
        for new in _values(value[kind]):
            yield dataclasses.replace(weights, **{name: {**value, kind: new}})


def main(root: Path) -> None:
    data = {name: list(read_articles(root / "geo" / file)) for name, file in DATASETS.items()}
    best, best_score = WEIGHTS, objective(WEIGHTS, data)
    print("start", round(best_score, 4))
    for _ in range(3):
        for name, kind in _knobs(best):
            for candidate in list(_variants(best, name, kind)):
                score = objective(candidate, data)
                if score > best_score + 1e-4:
                    best, best_score = candidate, score
                    print(name, kind or "", round(score, 4), flush=True)
    print(best)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval"))

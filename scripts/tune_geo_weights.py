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


def objective(weights: Weights, data: dict[str, list]) -> float:
    def resolver(text: str, spans):  # type: ignore[no-untyped-def]
        return resolve_names([text[s:e] for s, e in spans], weights=weights)

    scores = [resolution(articles, resolver)["acc_161km"] for articles in data.values()]
    return sum(scores) / len(scores)


def _variants(weights: Weights):  # type: ignore[no-untyped-def]
    for f in dataclasses.fields(weights):
        value = getattr(weights, f.name)
        if isinstance(value, dict):
            for kind, v in value.items():
                for step in STEPS:
                    yield (
                        f"{f.name}.{kind}",
                        dataclasses.replace(weights, **{f.name: {**value, kind: v * step}}),
                    )
        else:
            for step in STEPS:
                yield f.name, dataclasses.replace(weights, **{f.name: value * step})


def main(root: Path) -> None:
    data = {name: list(read_articles(root / "geo" / file)) for name, file in DATASETS.items()}
    best, best_score = WEIGHTS, objective(WEIGHTS, data)
    print("start", round(best_score, 4))
    for _ in range(2):
        for label, candidate in _variants(best):
            score = objective(candidate, data)
            if score > best_score + 1e-4:
                best, best_score = candidate, score
                print(label, round(score, 4), flush=True)
    print(best)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval"))

"""Articles per second of the whole extract next to spaCy's small model alone, same run.

    python bench/extract_speed.py [FILE ...]     (default: ../shared/seed/*.txt)

Pin it to one core for a per-core figure: ``taskset -c 0 python bench/extract_speed.py``.
The machine is shared and its speed drifts, so the two are timed in alternating rounds and
the medians reported; the ratio is the figure to compare across runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from thinc.api import use_ops

import dateline
from dateline.config import DEFAULT_MODEL

ROUNDS = 7
PER_ROUND = 10


def _rate(work: Callable[[int], None], items: int) -> float:
    started = time.perf_counter()
    for n in range(PER_ROUND):
        work(n)
    return PER_ROUND * items / (time.perf_counter() - started)


def main(paths: list[Path]) -> None:
    raws = [p.read_bytes() for p in paths]
    settings = dateline.load_settings()
    bodies = [dateline.process(r, settings=settings).text for r in raws]  # warm-up: model, index
    nlp = spacy.load(DEFAULT_MODEL)
    nlp(bodies[0])
    with use_ops("numpy", use_blis=False):  # the ops dateline loads its pipeline with
        nlp_numpy = spacy.load(DEFAULT_MODEL)
    nlp_numpy(bodies[0])

    def ours(n: int) -> None:
        for raw in raws:  # a changed byte per round keeps every input distinct
            dateline.process(raw + b" " * (n % 2), settings=settings)

    def alone(_: int) -> None:
        for body in bodies:
            nlp(body)

    def alone_numpy(_: int) -> None:
        for body in bodies:
            nlp_numpy(body)

    rates: dict[str, list[float]] = {"ours": [], "alone": [], "numpy": []}
    for _ in range(ROUNDS):
        rates["ours"].append(_rate(ours, len(raws)))
        rates["alone"].append(_rate(alone, len(raws)))
        rates["numpy"].append(_rate(alone_numpy, len(raws)))
    ratio = statistics.median(o / a for o, a in zip(rates["ours"], rates["alone"], strict=True))
    print(f"whole extract (clean, dates, spaCy, entities, places): "
          f"{statistics.median(rates['ours']):5.1f} articles/s (median of {ROUNDS})")  # fmt: skip
    print(f"spaCy {DEFAULT_MODEL} alone (full pipeline, default ops): "
          f"{statistics.median(rates['alone']):5.1f} docs/s")  # fmt: skip
    print(f"spaCy alone, numpy BLAS ops as dateline loads it:        "
          f"{statistics.median(rates['numpy']):5.1f} docs/s")  # fmt: skip
    print(f"ratio to spaCy alone, median of paired rounds: {ratio:.2f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or sorted(Path("../shared/seed").glob("*.txt")))

"""Articles per second of the whole extract next to spaCy's small model alone, same run.

    python bench/extract_speed.py [FILE ...]     (default: ../shared/seed/*.txt)

Pin it to one core for a per-core figure: ``taskset -c 0 python bench/extract_speed.py``.
The machine is shared, so only the ratio between the two rows means much.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import spacy

import dateline
from dateline.config import DEFAULT_MODEL

ROUNDS = 30


def main(paths: list[Path]) -> None:
    raws = [p.read_bytes() for p in paths]
    settings = dateline.load_settings()
    bodies = [dateline.process(r, settings=settings).text for r in raws]  # warm-up: model, index
    started = time.perf_counter()
    for n in range(ROUNDS):
        for raw in raws:  # a changed byte per round keeps every input distinct
            dateline.process(raw + b" " * (n % 2), settings=settings)
    ours = ROUNDS * len(raws) / (time.perf_counter() - started)
    nlp = spacy.load(DEFAULT_MODEL)
    nlp(bodies[0])
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for body in bodies:
            nlp(body)
    alone = ROUNDS * len(raws) / (time.perf_counter() - started)
    print(f"whole extract (clean, dates, spaCy, entities, places): {ours:6.1f} articles/s")
    print(f"spaCy {DEFAULT_MODEL} alone on the cleaned bodies:  {alone:6.1f} docs/s")
    print(f"ratio: {ours / alone:.2f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or sorted(Path("../shared/seed").glob("*.txt")))

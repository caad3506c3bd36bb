"""Documents per second per core of the whole pipeline (ingest into a DuckDB store) next to
spaCy's small model alone running ``nlp.pipe`` over the same documents, in one run; then
the peak memory of ingest runs of growing size.

    python bench/corpus_speed.py [--data ../shared/eval] [--sizes 1000,10000] [--rounds 3]

The corpus is the development pages: the AEB flattened texts and HTML pages and the
htmldate HTML pages (about 700 documents). The whole pipeline reads the raw pages (cleaning,
dates, language, spaCy, entities, places, quotes, events, counts, near-duplicates, store
writes). spaCy alone is timed on two texts of each document:

* the input's text, as a user of spaCy alone would feed it: a text file as it is (a
  flattened page, boilerplate and all, like the seed), an HTML page as its text
  (``trafilatura.html2txt``, made before timing starts) -- the peer the corpus issue names;
* the body dateline extracted: a stricter peer, handed dateline's cleaning for free.

Everything runs on one core (CPU affinity and one BLAS thread). The machine is shared and
its speed drifts: the three are timed in turn in each round and the ratios of each round
reported; the median ratio is the figure to compare. All are warmed up first and none
counts loading its models.

Memory: for each size N a fresh process ingests N documents (the corpus repeated, each copy
made distinct by a line naming its number, so every input is new to the store) and reports
its peak resident memory.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

PINNED = {min(os.sched_getaffinity(0))}
WARM_UP = 40  # documents


def corpus(data: Path) -> list[Path]:
    aeb = data / "content" / "aeb"
    files = sorted((aeb / "text").glob("*.txt")) + sorted((aeb / "html").glob("*.html.gz"))
    files += sorted((data / "pubdate" / "htmldate" / "html").glob("*.html.gz"))
    if not files:
        sys.exit(f"no development pages under {data}: pass --data")
    return files


def one_core() -> None:
    os.sched_setaffinity(0, PINNED)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def time_pipeline(files: list[Path], workdir: Path, n: int) -> tuple[float, list[str]]:
    from dateline import load_settings
    from dateline.ingest import ingest
    from dateline.store import Store

    db = workdir / f"round{n}.duckdb"
    started = time.perf_counter()
    report = ingest([str(f) for f in files], db=db, settings=load_settings(), workers=1)
    seconds = time.perf_counter() - started
    with Store.open(db, read_only=True) as store:
        bodies = [r["text"] for r in store.sql("select text from articles order by seq").to_dicts()]
    print(f"    pipeline: {report.processed} stored, {report.failures} failed, {seconds:.1f} s")
    return len(files) / seconds, bodies


def input_texts(files: list[Path]) -> list[str]:
    """Each input's text as spaCy alone would be given it (see the module's docstring)."""
    import trafilatura

    from dateline.clean.html import decode_html

    texts = []
    for f in files:
        raw = f.read_bytes()
        if f.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        if f.suffix == ".txt":
            texts.append(raw.decode("utf-8", errors="replace"))
        else:
            texts.append(trafilatura.html2txt(decode_html(raw)) or "")
    return texts


@lru_cache(maxsize=1)
def spacy_alone() -> Any:
    import spacy

    from dateline.config import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL)


def time_spacy(texts: list[str]) -> float:
    nlp = spacy_alone()
    list(nlp.pipe(texts[:5]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - started)


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: Linux carries
    the parent's peak over an exec into it, so a child of a process that has loaded the
    model would report at least the parent's memory whatever it did itself."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def memory_run(files: list[Path], size: int) -> None:
    """In a child process: ingest ``size`` distinct documents; print peak RSS in MB."""
    one_core()
    from dateline import load_settings
    from dateline.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        texts = [f for f in files if f.suffix == ".txt"]
        for i in range(size):
            source = texts[i % len(texts)]
            (folder / f"{i:06d}.txt").write_text(
                source.read_text(encoding="utf-8") + f"\n\nCopy {i} of the benchmark corpus.\n"
            )
        started = time.perf_counter()
        report = ingest(
            [str(folder)], db=Path(tmp) / "m.duckdb", settings=load_settings(), workers=1
        )
        seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    print(f"{size} {peak:.0f} {report.processed} {seconds:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000", help="memory runs; '' for none")
    parser.add_argument("--memory-run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = corpus(args.data)
    if args.memory_run:
        memory_run(files, args.memory_run)
        return
    if args.rounds > 0:
        throughput(files, args.rounds)
    memory(args.data, [int(s) for s in args.sizes.split(",") if s.strip()])


def throughput(files: list[Path], rounds: int) -> None:
    one_core()
    print(f"corpus: {len(files)} development pages; one core (cpu {min(PINNED)}), one BLAS thread")
    inputs = input_texts(files)
    ours: list[float] = []
    alone: list[float] = []  # on the inputs' text
    bodies_alone: list[float] = []  # on the bodies dateline extracted
    with tempfile.TemporaryDirectory() as tmp:
        # Warm-up, not timed, as spaCy alone's model load and first batch are not: the
        # model, gazetteer and knowledge base load, and dateparser's locale tables fill.
        time_pipeline(files[:WARM_UP], Path(tmp), -1)
        for n in range(rounds):
            rate, bodies = time_pipeline(files, Path(tmp), n)
            ours.append(rate)
            alone.append(time_spacy(inputs))
            bodies_alone.append(time_spacy(bodies))
            print(
                f"  round {n + 1}: pipeline {ours[-1]:5.1f} docs/s, spaCy alone on the "
                f"inputs {alone[-1]:5.1f}, on the bodies {bodies_alone[-1]:5.1f}"
            )
    print(f"whole pipeline: {statistics.median(ours):5.1f} docs/s/core (median of {rounds})")
    for label, peer in (("the inputs' text", alone), ("the extracted bodies", bodies_alone)):
        ratios = [o / a for o, a in zip(ours, peer, strict=True)]
        print(
            f"spaCy alone on {label}: {statistics.median(peer):5.1f} docs/s/core; ratio "
            f"{statistics.median(ratios):.2f} (rounds {', '.join(f'{r:.2f}' for r in ratios)})"
        )


def memory(data: Path, sizes: list[int]) -> None:
    if sizes:
        print("peak memory of an ingest run (one worker), by documents:")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--data", str(data), "--memory-run", str(size)],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        print(
            f"  {int(out[0]):>6} documents: peak RSS {out[1]:>5} MB ({out[2]} stored, {out[3]} s)"
        )


if __name__ == "__main__":
    main()

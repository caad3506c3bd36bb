"""Documents per second per core of the whole pipeline (ingest into a DuckDB store) next to
spaCy's small model alone running ``nlp.pipe`` over the same texts, in one run; then the
peak memory of ingest runs of growing size.

    python bench/corpus_speed.py [--data ../shared/eval] [--sizes 1000,10000] [--rounds 3]

The corpus is the development pages: the AEB flattened texts and HTML pages and the
htmldate HTML pages (about 700 documents). The whole pipeline reads the raw pages (cleaning,
dates, language, spaCy, entities, places, quotes, events, counts, near-duplicates, store
writes); spaCy alone reads the clean bodies the pipeline extracted, so it does less work
than a user of spaCy alone would. Everything runs on one core (CPU affinity and one BLAS
thread). The machine is shared and its speed drifts: the two are timed in alternating
rounds and the ratio of each pair reported; the median ratio is the figure to compare.
Both sides are warmed up first and neither counts loading its models.

Memory: for each size N a fresh process ingests N documents (the corpus repeated, each copy
made distinct by a line naming its number, so every input is new to the store) and reports
its peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def time_spacy(bodies: list[str]) -> float:
    import spacy

    from dateline.config import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    list(nlp.pipe(bodies[:5]))
    started = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=32):
        pass
    return len(bodies) / (time.perf_counter() - started)


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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    one_core()
    print(f"corpus: {len(files)} development pages; one core (cpu {min(PINNED)}), one BLAS thread")
    ours: list[float] = []
    alone: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        # Warm-up, not timed, as spaCy alone's model load and first batch are not: the
        # model, gazetteer and knowledge base load, and dateparser's locale tables fill.
        time_pipeline(files[:WARM_UP], Path(tmp), -1)
        for n in range(args.rounds):
            rate, bodies = time_pipeline(files, Path(tmp), n)
            ours.append(rate)
            alone.append(time_spacy(bodies))
            print(f"  round {n + 1}: pipeline {ours[-1]:5.1f} docs/s, spaCy alone {alone[-1]:5.1f}")
    ratio = statistics.median(o / a for o, a in zip(ours, alone, strict=True))
    print(f"whole pipeline: {statistics.median(ours):5.1f} docs/s/core (median of {args.rounds})")
    print(f"spaCy alone:    {statistics.median(alone):5.1f} docs/s/core, nlp.pipe on the bodies")
    print(f"ratio, median of paired rounds: {ratio:.2f}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print("peak memory of an ingest run (one worker), by documents:")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--memory-run", str(size)],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        print(
            f"  {int(out[0]):>6} documents: peak RSS {out[1]:>5} MB ({out[2]} stored, {out[3]} s)"
        )


if __name__ == "__main__":
    main()

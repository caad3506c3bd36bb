"""Documents per second of ``dateline ingest``: the local engine, and Ray with 1 and 2
workers, on the same input in one run; the scaling ratio and Ray's fixed start-up cost.

    python bench/ray_scaling.py [--data DIR] [--glob '*.txt'] [--limit N] [--no-nlp]
        (default: the 102 pages of ../shared/eval/content/aeb/text/*.txt, NLP on)

Each run ingests the pages into a new store, as a user would: the model is loaded afresh
(local: in this process or its workers; Ray: once per actor), and near-duplicate and event
merging are included. Ray is started once, on this machine (``ray.init``, timed apart).
For Ray, ``timings`` splits a run into its stages and sums the pipeline's own time in the
actors; ``pipeline / workers`` is the part of the wall time that more workers divide, and
the rest of the run (start-up, listing, model loads, merging) is its fixed cost.
The machine is shared: compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from dateline import nlp
from dateline.config import Settings, load_settings
from dateline.ingest import Report
from dateline.ingest import ingest as local_ingest

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "content" / "aeb" / "text"


@dataclass
class Run:
    name: str
    workers: int
    seconds: float
    n: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.n / self.seconds

    @property
    def fixed(self) -> float:
        """Wall time that more workers do not divide (Ray runs only)."""
        return self.seconds - self.timings.get("pipeline", 0.0) / self.workers

    @property
    def per_core(self) -> float:
        """Documents per second of one worker's pipeline time."""
        pipeline = self.timings.get("pipeline", 0.0)
        return self.n / pipeline if pipeline else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--glob", default="*.txt", help="which files of --data (default *.txt)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--no-nlp", action="store_true", help="cleaning only (no spaCy)")
    opts = parser.parse_args()
    files = sorted(str(p) for p in opts.data.glob(opts.glob))[: opts.limit]
    if not files:
        raise SystemExit(f"no {opts.glob} pages in {opts.data}")
    settings = load_settings(nlp=False if opts.no_nlp else None)
    scratch = Path(tempfile.mkdtemp(prefix="ray-scaling-"))
    try:
        runs = [_local(files, settings, scratch, w) for w in (1, 2)]
        from dateline.distributed.cluster import import_ray, session

        import_ray()  # not timed: "Ray start" is ray.init, as before the engine imported Ray
        started = time.perf_counter()
        with session(None):  # the engine's own start: a local Ray, shut down at the end
            ray_start = time.perf_counter() - started
            runs += [_on_ray(files, settings, scratch, w) for w in (1, 2)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for run in runs[1:]:
        if run.n != runs[0].n:
            raise SystemExit(f"{run.name} stored {run.n} inputs, local -j 1 {runs[0].n}")
    _print(runs, len(files), ray_start, settings.nlp)


def _local(files: list[str], settings: Settings, scratch: Path, workers: int) -> Run:
    nlp.load_model.cache_clear()  # this run loads the model, as a new process would
    db = scratch / f"local{workers}.duckdb"
    started = time.perf_counter()
    report = local_ingest(files, db=db, settings=settings, workers=workers)
    seconds = time.perf_counter() - started
    _check(report)
    return Run(f"local -j {workers}", workers, seconds, report.processed)


def _on_ray(files: list[str], settings: Settings, scratch: Path, workers: int) -> Run:
    from dateline.distributed import ingest as ray_ingest

    db = scratch / f"ray{workers}" / "store.duckdb"
    os.makedirs(db.parent)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report = ray_ingest(files, db=db, settings=settings, workers=workers, timings=timings)
    seconds = time.perf_counter() - started
    _check(report)
    name = f"ray, {workers} worker{'s' if workers > 1 else ''}"
    return Run(name, workers, seconds, report.processed, timings)


def _check(report: Report) -> None:
    if report.stopped is not None:
        raise SystemExit("\n".join(report.lines()))


def _print(runs: list[Run], pages: int, ray_start: float, nlp_on: bool) -> None:
    nlp_state = "on" if nlp_on else "off"
    print(f"{pages} pages ({runs[0].n} stored), NLP {nlp_state}; a new store each run\n")
    print(
        f"{'engine':<16} {'wall s':>7} {'docs/s':>7}   {'plan':>5} {'process':>7} "
        f"{'merge':>5} {'pipeline':>8} {'fixed':>6} {'docs/s/worker':>13}"
    )
    for r in runs:
        t = r.timings
        stages = (
            f"{t['plan']:>5.1f} {t['process']:>7.1f} {t['merge']:>5.1f} {t['pipeline']:>8.1f} "
            f"{r.fixed:>6.1f} {r.per_core:>13.2f}"
            if t
            else ""
        )
        print(f"{r.name:<16} {r.seconds:>7.1f} {r.rate:>7.2f}   {stages}")
    by = {r.name: r for r in runs}
    local1, ray1, ray2 = by["local -j 1"], by["ray, 1 worker"], by["ray, 2 workers"]
    print(f"\nRay start (ray.init, this machine, once): {ray_start:.1f} s")
    print(f"Ray fixed cost per run: {ray1.fixed:.1f} s (1 worker), {ray2.fixed:.1f} s (2 workers)")
    print(
        f"scaling, Ray 2 workers / 1 worker: {ray2.rate / ray1.rate:.2f}x docs/s; "
        f"process stage {ray1.timings['process'] / ray2.timings['process']:.2f}x faster"
    )
    print(f"Ray 1 worker / local -j 1: {ray1.rate / local1.rate:.2f}x docs/s")
    print(
        "\nOn N machines of c cores: the pipeline is per document and shares nothing, so the"
        "\nprocess stage divides by N*c (docs/s/worker above, per core) until reading the"
        "\ninputs or the driver's commits limit it; the fixed cost (start, a model load per"
        "\nactor, listing) does not, nor do the corpus-wide steps after the map (LSH group-by"
        "\nof 16-byte rows per band and article; event merging, one task per PLOVER type)."
        "\nSee docs/ray.md."
    )


if __name__ == "__main__":
    main()

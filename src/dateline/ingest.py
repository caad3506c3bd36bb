"""``dateline ingest``: inputs of every kind into the corpus store, on all cores, safely.

    arguments ──discover──▶ units ──skip known keys──▶ worker pool ──▶ batches ──▶ Store

The main process finds units (``discover``), asks the store which keys it already holds,
sends the rest to a pool of worker processes (each loads the spaCy model once, in its
initializer) with at most a few units per worker in flight, and commits the results in
batches: each batch is one transaction holding its inputs, their articles and every
record of those, its failures, and the run's counters. An input is in ``inputs`` exactly
when all it gave is stored, so a run killed at any moment and run again redoes only the
inputs whose batch never committed (docs/store.md).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any

from threadpoolctl import threadpool_limits

from . import worker
from .config import Settings
from .discover import Options, discover
from .errors import StoreError
from .store import Batch, FailureRow, InputRow, Store, Stored
from .units import Failed, Found, Skipped, Unit
from .worker import Done, Problem

BATCH_SIZE = 64  # inputs per transaction
COMMIT_SECONDS = 10.0  # ... or sooner, so a slow run loses little when killed
_LOOKUP = 64  # units whose keys are looked up in the store at once
_IN_FLIGHT = 4  # units per worker queued ahead (bounded: an archive is never all in memory)
_BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(slots=True)
class Report:
    """What one run did; ``lines()`` is the summary printed at its end."""

    db: Path
    run_id: int = 0
    processed: int = 0  # inputs stored
    articles: int = 0  # articles stored
    repeated: int = 0  # articles already in the store (a feed fetched again)
    duplicates: int = 0  # inputs skipped: already stored, or repeated in this run
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> inputs
    failed: Counter[str] = field(default_factory=Counter)  # error class -> count
    examples: dict[str, list[str]] = field(default_factory=dict)  # error class -> messages
    clustered: int = 0  # new articles that are near-duplicates of another
    events: int | None = None  # corpus events after merging reports across articles
    seconds: float = 0.0
    stopped: StoreError | None = None  # the store failed mid-run

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    def fail(self, problem: Problem) -> None:
        self.failed[problem.error] += 1
        shown = self.examples.setdefault(problem.error, [])
        if len(shown) < 3:
            shown.append(problem.message)

    def exit_code(self) -> int:
        """0 all stored, 1 some failed, 3 every processed input failed, 4 the store failed."""
        if self.stopped is not None:
            return 4
        if not self.failures:
            return 0
        return 3 if self.processed == 0 and self.duplicates == 0 else 1

    def lines(self) -> list[str]:
        rate = self.processed / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"dateline ingest: run {self.run_id} into {self.db} in {self.seconds:.1f} s "
            f"({rate:.1f} inputs/s)",
            f"  stored       {self.processed:>7} inputs, {self.articles} articles"
            + (f" ({self.repeated} already stored)" if self.repeated else ""),
            f"  duplicate    {self.duplicates:>7} inputs skipped (already stored or repeated)",
        ]
        if self.skipped:
            reasons = ", ".join(f"{r}: {n}" for r, n in self.skipped.most_common(5))
            out.append(f"  skipped      {sum(self.skipped.values()):>7} not pages ({reasons})")
        out.append(f"  failed       {self.failures:>7}")
        for kind, n in self.failed.most_common():
            out.append(f"    {kind} ({n}):")
            out += [f"      {m}" for m in self.examples.get(kind, [])]
            if n > len(self.examples.get(kind, [])):
                out.append(f"      ... and {n - len(self.examples[kind])} more (table failures)")
        if self.clustered:
            out.append(f"  near-duplicates {self.clustered} new articles joined a cluster")
        if self.events is not None:
            out.append(
                f"  events       {self.events:>7} in the corpus, reports merged across articles"
            )
        if self.stopped is not None:
            out.append(f"  STOPPED: {self.stopped.one_line()}")
        return out


def ingest(
    args: Sequence[str],
    *,
    db: str | Path,
    settings: Settings,
    workers: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    batch_size: int = BATCH_SIZE,
    commit_seconds: float = COMMIT_SECONDS,
    progress: bool = False,
    stdin: IO[bytes] | None = None,
) -> Report:
    """Ingest ``args`` (paths, folders, feed URLs, ``-``) into the store at ``db``.

    Raises ``StoreError`` when the store cannot be opened (locked, unwritable, newer
    schema); a store failure mid-run ends the run and is in ``Report.stopped``."""
    path = Path(db)
    options = Options(
        max_bytes=settings.max_bytes,
        include=tuple(include),
        exclude=tuple(exclude),
        skip_paths=frozenset({path.resolve(), Path(f"{path}.wal").resolve()}),
    )
    with Store.open(path) as store:
        run_id = store.begin_run(command=" ".join(args), settings=settings)
        report = Report(db=path, run_id=run_id)
        pool = Pool(settings, workers or os.cpu_count() or 1)
        runner = Runner(store, pool, report, batch_size=batch_size, commit_seconds=commit_seconds)
        started = time.perf_counter()
        status = "failed"
        try:
            with progress_bar(progress, mininterval=0.5) as bar:
                runner.bar = bar
                runner.run(discover(args, options, stdin=stdin))
            if report.articles:
                report.events = store.merge_events()
            status = "finished"
        except StoreError as exc:
            report.stopped = exc
            with contextlib.suppress(StoreError):  # the disk may still be full
                store.finish_run(run_id, status="failed")
        except KeyboardInterrupt:
            status = "interrupted"
            runner.commit()  # what finished before Ctrl-C is kept
            raise
        finally:
            pool.close()
            report.seconds = time.perf_counter() - started
            if report.stopped is None:
                store.finish_run(run_id, status=status)
    return report


class Pool:
    """Units on ``workers`` processes (spawned, each loading the model once), or in this
    process when ``workers`` is 1; at most ``_IN_FLIGHT`` units per worker queued."""

    def __init__(self, settings: Settings, workers: int):
        self.settings = settings
        self.workers = max(1, workers)
        self.pending: dict[Future[Done], tuple[str, str]] = {}
        self.executor: ProcessPoolExecutor | None = None
        self._local: threadpool_limits | None = None
        self._saved_env: dict[str, str | None] = {}

    def few(self) -> None:
        """There is at most one unit to process: starting worker processes would cost
        more than it saves, so work in this process."""
        self.workers = 1

    def submit(self, unit: Unit) -> list[Done]:
        """Queue ``unit``; return whatever has finished (waiting only when the queue is full)."""
        if self.workers == 1:
            if self._local is None:
                # One BLAS thread here too, for the run only (see _executor).
                self._local = threadpool_limits(limits=1, user_api="blas")
                worker.init(self.settings, in_worker=False)
            return [worker.run(unit)]
        ready: list[Done] = []
        while len(self.pending) >= self.workers * _IN_FLIGHT:
            ready += self._collect(block=True)
        future = self._executor().submit(worker.run, unit)
        self.pending[future] = (unit.key, unit.location)
        return ready + self._collect(block=False)

    def ready(self) -> list[Done]:
        return self._collect(block=False) if self.pending else []

    def drain(self) -> Iterator[Done]:
        while self.pending:
            yield from self._collect(block=True)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}
        if self._local is not None:
            self._local.restore_original_limits()
            self._local = None

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            # One BLAS thread per worker: the processes are the parallelism, and OpenBLAS
            # threads spin while they wait: on the shared 2-core machine 2 workers were 3x
            # slower with them, and 1 worker 2x slower. Workers inherit the environment
            # when they are spawned (during submits), before they import numpy.
            for name in _BLAS_THREADS:
                self._saved_env.setdefault(name, os.environ.get(name))
                os.environ[name] = "1"
            self.executor = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),  # no fork of a process holding DuckDB
                initializer=worker.init,
                initargs=(self.settings, True, os.getpid()),
            )
        return self.executor

    def _collect(self, *, block: bool) -> list[Done]:
        done, _ = wait(
            list(self.pending), timeout=None if block else 0, return_when=FIRST_COMPLETED
        )
        out: list[Done] = []
        broken = False
        for future in done:
            key, location = self.pending.pop(future)
            try:
                out.append(future.result())
            except BrokenProcessPool:
                broken = True
                out.append(_died(key, location))
        if broken:  # every queued unit is lost with the pool; fail them, start a new pool
            for key, location in self.pending.values():
                out.append(_died(key, location))
            self.pending.clear()
            self.close()
        return out


def _died(key: str, location: str) -> Done:
    problem = Problem(
        location,
        "WorkerDied",
        f"{location}: a worker process died while this input was queued or running "
        "(out of memory?) — run the same command again to retry it",
    )
    return Done(key, (), (), (problem,), 0.0)


class Runner:
    """The main process's loop: skip known inputs, feed the pool, commit in batches."""

    def __init__(
        self,
        store: Store,
        pool: Pool,
        report: Report,
        *,
        batch_size: int,
        commit_seconds: float,
    ):
        self.store, self.pool, self.report = store, pool, report
        self.batch_size, self.commit_seconds = batch_size, commit_seconds
        self.batch = Batch()
        self.rows: dict[str, InputRow] = {}  # in flight: key -> its inputs row
        self.seen: set[str] = set()
        self.last_commit = time.monotonic()
        self.bar: Any = None

    def run(self, found: Iterable[Found]) -> None:
        chunks = _chunks(found, _LOOKUP)
        first = next(chunks, [])
        second = next(chunks, None)
        if second is None and sum(isinstance(f, Unit) for f in first) <= 1:
            self.pool.few()
        for chunk in itertools.chain([first], [second] if second else [], chunks):
            keys = [f.key for f in chunk if isinstance(f, Unit)]
            known = self.store.known_inputs(keys)
            for item in chunk:
                self._take(item, known)
                self._finish(self.pool.ready())
                self._maybe_commit()
        self._finish(self.pool.drain())
        self.commit()

    def commit(self) -> None:
        if not self.batch.empty():
            written = self.store.write(self.batch, run_id=self.report.run_id)
            self.report.processed += len(self.batch.inputs)
            self.report.articles += written.articles
            self.report.repeated += written.repeated
            self.report.clustered += written.clustered
        self.batch = Batch()
        self.last_commit = time.monotonic()

    def _take(self, item: Found, known: set[str]) -> None:
        if isinstance(item, Skipped):
            self.report.skipped[item.reason] += 1
            self.batch.skipped_other += 1
        elif isinstance(item, Failed):
            self._problems([Problem.of(item.error, item.location)], input_id=None)
            self._tick()
        elif item.key in known or item.key in self.seen:
            self.report.duplicates += 1
            self.batch.skipped_duplicate += 1
        else:
            self.seen.add(item.key)
            self.rows[item.key] = input_row(item)
            self._finish(self.pool.submit(item))

    def _finish(self, results: Iterable[Done]) -> None:
        for done in results:
            row = self.rows.pop(done.key)
            if done.articles:
                self.batch.inputs.append(row)
                for article, sig in zip(done.articles, done.signatures, strict=True):
                    self.batch.articles.append(Stored(article, row.id, sig))
            self._problems(done.problems, input_id=row.id)
            self._tick()
            self._maybe_commit()

    def _problems(self, problems: Iterable[Problem], *, input_id: str | None) -> None:
        for p in problems:
            self.report.fail(p)
            self.batch.failures.append(
                FailureRow(location=p.location, error=p.error, message=p.message, input_id=input_id)
            )

    def _maybe_commit(self) -> None:
        due = time.monotonic() - self.last_commit >= self.commit_seconds
        if len(self.batch) >= self.batch_size or (due and not self.batch.empty()):
            self.commit()

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(
                failed=self.report.failures, duplicate=self.report.duplicates, refresh=False
            )


def input_row(unit: Unit) -> InputRow:
    """The ``inputs`` row of ``unit`` (its articles count and run id are the writer's)."""
    return InputRow(
        id=unit.key,
        kind=unit.kind,
        location=unit.location,
        size=len(unit.data),
        url=unit.url,
        media_type=unit.media_type,
        archive=unit.archive,
        record_id=unit.record_id,
        record_date=unit.record_date,
    )


def _chunks(items: Iterable[Found], size: int) -> Iterator[list[Found]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def progress_bar(show: bool, **options: Any) -> Any:
    """A tqdm bar of documents on stderr (``options`` are tqdm's), or, when not
    ``show``, a context that gives None."""
    if not show:
        return contextlib.nullcontext()
    from tqdm import tqdm

    return tqdm(
        **{"unit": " docs", "desc": "ingest", "file": sys.stderr, "dynamic_ncols": True, **options}
    )

"""``dateline ingest --engine ray``: the same pipeline on a Ray cluster, the same results.

    arguments ─driver─▶ sources ─Ray tasks─▶ keys ─driver─▶ todo (first copies, ranked)
    todo ─Ray tasks─▶ units ─actor pool (model once per actor)─▶ Parquet parts ─▶ manifests
    shards ─▶ merged into the DuckDB store (--db)  or  kept as a shard folder (--shards)
    articles' MinHash ─Ray group-by on LSH band keys─▶ duplicate clusters
    event mentions ─Ray task per PLOVER type─▶ corpus events (event_clusters)

The driver lists files and decides what to process; Ray reads, hashes, processes and
writes; the driver commits each finished part (a manifest) every ``batch_size`` inputs or
``commit_seconds``, so a run killed at any point keeps what was committed, and the next
run skips those inputs. See docs/ray.md.
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from .. import __version__
from ..config import Settings
from ..discover import Options
from ..errors import ConfigError, StoreError
from ..ingest import BATCH_SIZE, COMMIT_SECONDS, Report, progress_bar
from ..store import Store, rows
from ..store.database import _now
from ..worker import Problem
from . import clusters, events, merge, pool
from .arrow import to_arrow
from .cluster import cpus, import_ray, session
from .plan import (
    ITEM_BITS,
    KEY_SCHEMA,
    Source,
    decide,
    key_rows,
    list_sources,
    not_returned,
    one_by_one,
)
from .process import Processor, add_failure
from .shards import Committed, Shards, attach

UNITS_PER_CALL = 64  # at most, per Parquet part (a file per table)
_MIN_COMMIT_SECONDS = 1.0


@dataclass(slots=True)
class Job:
    """What one run shares: Ray, the shard folder, its options, and the report."""

    ray: Any
    folder: Shards
    settings: Settings
    options: Options
    run_id: int
    report: Report
    workers: int
    batch_size: int = BATCH_SIZE
    commit_seconds: float = COMMIT_SECONDS
    progress: bool = False
    stdin: IO[bytes] | None = None
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    def timed(self, stage: str, started: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started

    def run(
        self,
        args: Sequence[str],
        con: duckdb.DuckDBPyConnection,
        *,
        known_inputs: Sequence[str],
        known_articles: Sequence[str],
        shard_articles: str,
    ) -> None:
        """List, key, choose, process and commit; ``con`` holds the relations named: the
        inputs and articles stored already, and the shard folder's articles (new ranks
        follow theirs)."""
        started = time.perf_counter()
        sources, missing = list_sources(args, self.options, stdin=self.stdin)
        first_rank = _next_rank(con, shard_articles)
        keys = self._keys(sources)
        decision = decide(
            con,
            keys,
            sources,
            known_inputs=known_inputs,
            known_articles=known_articles,
            first_rank=first_rank,
        )
        self.report.duplicates += decision.duplicates
        self.report.skipped.update(decision.skipped)
        self.timed("plan", started)
        started = time.perf_counter()
        committer = Committer(self)
        committer.failures(
            [(Problem.of(f.error, f.location), None) for f in missing]
            + [(p, None) for p in decision.failures]
        )
        if decision.work:
            per_call = max(1, min(UNITS_PER_CALL, math.ceil(decision.units / (self.workers * 4))))
            with progress_bar(self.progress, desc="ingest (ray)", total=decision.units) as bar:
                committer.bar = bar
                for batch in self._processed(decision.work, per_call):
                    committer.take(batch)
                lost = not_returned(con, committer.returned)
                if lost and decision.units > 1:
                    # A dead actor takes its whole task with it, and a task holds other
                    # inputs too: try the lost ones again, each alone, so that only the
                    # input that kills its worker fails.
                    alone = one_by_one(decision.work, {key for key, _ in lost})
                    for batch in self._processed(alone, 1):
                        committer.take(batch)
        committer.failures(
            [(_died(location), key) for key, location in not_returned(con, committer.returned)]
        )
        committer.commit()
        self.timed("process", started)

    def _keys(self, sources: list[Source]) -> pa.Table:
        """Key rows of every source, from Ray tasks (a few sources each)."""
        if not sources:
            return KEY_SCHEMA.empty_table()
        per_task = max(1, math.ceil(len(sources) / (4 * cpus(self.ray))))
        task = self.ray.remote(key_rows)
        refs = [
            task.remote(
                [asdict(s) for s in sources[i : i + per_task]],
                options=self.options,
                settings=self.settings,
            )
            for i in range(0, len(sources), per_task)
        ]
        found = [t.select(KEY_SCHEMA.names).cast(KEY_SCHEMA) for t in self.ray.get(refs)]
        return pa.concat_tables([KEY_SCHEMA.empty_table(), *found])

    def _processed(self, work: list[dict[str, Any]], per_call: int) -> Iterator[pa.Table]:
        """Unit summaries, as the actors finish: the chosen units read, then processed."""
        return pool.process(
            self.ray,
            work,
            per_call=per_call,
            workers=self.workers,
            processor=Processor,  # looked up now: a test may put another in its place
            kwargs={"settings": self.settings, "shards": self.folder.root, "run_id": self.run_id},
            options=self.options,
        )


class Committer:
    """The driver's side of the parts: report each unit, commit finished parts in groups."""

    def __init__(self, job: Job):
        self.job = job
        self.parts: dict[str, list[str]] = {}
        self.pending = 0
        self.returned: set[str] = set()
        self.last = time.monotonic()
        self.bar: Any = None

    def take(self, batch: pa.Table) -> None:
        by_part: dict[str, list[dict[str, Any]]] = {}
        for row in batch.to_pylist():
            if row["write_error"]:
                self.commit()  # what other actors wrote is kept
                raise StoreError(row["write_error"], source=self.job.folder.root)
            by_part.setdefault(row["part"], []).append(row)
        for part, units in by_part.items():
            if any(u["key"] in self.returned for u in units):
                # An input came back twice (a retried task's output delivered as well as
                # the first's): this part is not committed, and its other inputs, not
                # returned, are tried again alone.
                continue
            if units[0]["tables"]:
                self.parts[part] = units[0]["tables"]
            for unit in units:
                self._count(unit)
        # A manifest is a file: at most one a second, however fast the cluster goes.
        waited = time.monotonic() - self.last
        if waited >= self.job.commit_seconds or (
            self.pending >= self.job.batch_size and waited >= _MIN_COMMIT_SECONDS
        ):
            self.commit()

    def _count(self, row: dict[str, Any]) -> None:
        report = self.job.report
        self.returned.add(row["key"])
        report.processed += int(row["stored"])
        report.articles += row["articles"]
        report.repeated += row["repeated"]
        self.job.timings["pipeline"] = self.job.timings.get("pipeline", 0.0) + row["seconds"]
        for error, message in zip(row["errors"], row["messages"], strict=True):
            report.fail(Problem(row["location"], error, message))
        self.pending += 1
        if self.bar is not None:
            self.bar.update(1)

    def failures(self, problems: Sequence[tuple[Problem, str | None]]) -> None:
        """Failures found by the driver (unreadable inputs, units no worker gave back)."""
        if not problems:
            return
        out = rows.new_rows(["failures"])["failures"]
        for problem, key in problems:
            self.job.report.fail(problem)
            add_failure(out, problem, run_id=self.job.run_id, input_id=key)
        part = Shards.new_part(self.job.run_id)
        self.job.folder.write("failures", part, to_arrow(out))
        self.parts[part] = ["failures"]

    def commit(self) -> None:
        if self.parts:
            self.job.folder.commit(self.job.run_id, self.parts.items())
        self.parts = {}
        self.pending = 0
        self.last = time.monotonic()


def _died(location: str) -> Problem:
    return Problem(
        location,
        "WorkerDied",
        f"{location}: a Ray worker died each time it processed this input ({pool.TASK_RETRIES + 1}"
        " times with others, once alone; out of memory?) — run the same command again to"
        " retry it",
    )


# -- the two ways to end: a DuckDB store, or a shard folder ----------------------------


def ingest(
    args: Sequence[str],
    *,
    db: str | Path | None,
    shards: str | Path | None = None,
    settings: Settings,
    address: str | None = None,
    workers: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    batch_size: int = BATCH_SIZE,
    commit_seconds: float = COMMIT_SECONDS,
    progress: bool = False,
    stdin: IO[bytes] | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Ingest ``args`` on Ray into the store at ``db`` (through a shard folder), or into
    the shard folder ``shards`` alone when ``db`` is None; with both, the folder is kept.

    ``timings``, when given, receives seconds per stage: plan (listing, keys, choice),
    process (the actor pool, until the last part is committed), merge (into the store, or
    the corpus-wide steps of a shard folder) and pipeline (the sum, over inputs, of the
    pipeline's own time in the actors).

    Raises ConfigError when Ray is not installed or cannot be reached, StoreError when
    the store cannot be opened; a store or shard failure mid-run is in
    ``Report.stopped``."""
    if db is None and shards is None:
        raise ConfigError("give a store (db), a shard folder (shards), or both")
    import_ray()  # before anything is created: a missing extra is a one-line error
    folder = Shards(shards if shards is not None else default_shards(Path(str(db))))
    own = {folder.base} if folder.local else set()
    if db is not None:
        own |= {str(Path(db).resolve()), str(Path(f"{db}.wal").resolve())}
    options = Options(
        max_bytes=settings.max_bytes,
        include=tuple(include),
        exclude=tuple(exclude),
        skip_paths=frozenset(Path(p) for p in own),
    )
    with session(address) as ray:
        job = Job(
            ray=ray,
            folder=folder,
            settings=settings,
            options=options,
            run_id=0,
            report=Report(db=Path(str(db if db is not None else folder.root))),
            workers=workers or cpus(ray),
            batch_size=batch_size,
            commit_seconds=commit_seconds,
            progress=progress,
            stdin=stdin,
            timings=timings if timings is not None else {},
        )
        if db is None:
            return _into_shards(job, args)
        return _into_store(job, args, Path(db), keep=shards is not None)


def default_shards(db: Path) -> Path:
    """Where a run into ``db`` writes its shards: hidden beside the store, removed once
    merged, kept when the run fails so that the next run merges them."""
    return db.parent / f".{db.name}.shards"


def _into_store(job: Job, args: Sequence[str], db: Path, *, keep: bool) -> Report:
    report = job.report
    with Store.open(db) as store:
        job.run_id = report.run_id = store.begin_run(command=" ".join(args), settings=job.settings)
        with _ending(report, lambda status: store.finish_run(job.run_id, status=status)) as end:
            job.folder.clean()
            merge.attach_to_store(store, job.folder)
            job.run(
                args,
                store.con,
                known_inputs=["inputs", f"{merge.PREFIX}inputs"],
                known_articles=["articles", f"{merge.PREFIX}articles"],
                shard_articles=f"{merge.PREFIX}articles",
            )
            started_merge = time.perf_counter()
            merged = merge.merge(store, job.folder, ray=job.ray)
            job.timed("merge", started_merge)
            report.processed, report.articles = merged.inputs, merged.articles
            report.clustered, report.events = merged.clustered, merged.events
            _count(store, job)
    if end.status == "finished" and not keep:
        _remove(job.folder)
    return report


@dataclass(slots=True)
class _End:
    status: str = "failed"


@contextlib.contextmanager
def _ending(report: Report, finish: Callable[[str], None]) -> Iterator[_End]:
    """A run's body: a store failure ends the run (in ``report.stopped``), Ctrl-C goes
    on up; either way the run is timed and ``finish`` records its status (its own store
    failure ignored: the disk may be full)."""
    end = _End()
    started = time.perf_counter()
    try:
        yield end
        end.status = "finished"
    except StoreError as exc:
        report.stopped = exc
    except KeyboardInterrupt:
        end.status = "interrupted"
        raise
    finally:
        report.seconds = time.perf_counter() - started
        with contextlib.suppress(StoreError):
            finish(end.status)


def _count(store: Store, job: Job) -> None:
    r = job.report
    store.sql(
        "UPDATE runs SET processed = ?, articles = ?, skipped_duplicate = ?,"
        " skipped_other = ?, failed = ? WHERE run_id = ?",
        [r.processed, r.articles, r.duplicates, sum(r.skipped.values()), r.failures, job.run_id],
    )


def _into_shards(job: Job, args: Sequence[str]) -> Report:
    folder, report = job.folder, job.report
    job.folder.clean()
    job.run_id = report.run_id = max(folder.run_ids(), default=0) + 1
    begun = _now()
    _write_run(job, args, begun, status="running")
    con = duckdb.connect(":memory:")

    def finish(status: str) -> None:
        con.close()
        _write_run(job, args, begun, status=status)

    with _ending(report, finish):
        attach(con, folder)
        job.run(
            args,
            con,
            known_inputs=["inputs"],
            known_articles=["articles"],
            shard_articles="articles",
        )
        started_merge = time.perf_counter()
        corpus_wide(job, con)
        job.timed("merge", started_merge)
    return report


def corpus_wide(job: Job, con: duckdb.DuckDBPyConnection) -> None:
    """Duplicate clusters, then corpus events (``event_clusters``), over every committed
    part of the folder."""
    folder = job.folder
    committed = attach(con, folder)
    found = _shard_clusters(job.ray, folder, committed, con)
    part = Shards.new_part(job.run_id)
    folder.write("duplicates", part, to_arrow(rows.duplicate_rows(found)))
    folder.commit(job.run_id, [], replace={"duplicates": part})
    attach(con, folder)
    merged = events.merge_on_ray(job.ray, con)
    folder.write(events.TABLE.name, part, merged)
    folder.commit(job.run_id, [], replace={events.TABLE.name: part})
    job.report.events = events.events_count(merged)
    found_new = con.execute(
        "SELECT count(*) FROM duplicates d JOIN articles a ON a.id = d.article_id"
        " WHERE a.run_id = ?",
        [job.run_id],
    ).fetchall()[0]
    job.report.clustered = int(found_new[0]) if found_new else 0


def _shard_clusters(
    ray: Any, folder: Shards, committed: Committed, con: duckdb.DuckDBPyConnection
) -> dict[str, list[str]]:
    files = committed.files.get("articles", [])
    count = con.execute("SELECT count(*) FROM articles WHERE minhash IS NOT NULL").fetchall()[0]
    if not files or not count[0]:
        return {}
    per_task = max(1, math.ceil(len(files) / (4 * cpus(ray))))
    groups = [files[i : i + per_task] for i in range(0, len(files), per_task)]
    return clusters.clusters(
        ray, groups, int(count[0]), lambda seqs: merge.signatures(con, seqs), root=folder.root
    )


def _write_run(job: Job, args: Sequence[str], begun: datetime, *, status: str) -> None:
    r = job.report
    out = rows.new_rows(["runs"])["runs"]
    out.add(
        run_id=job.run_id,
        started=begun,
        finished=None if status == "running" else _now(),
        status=status,
        dateline=__version__,
        command=" ".join(args),
        settings=json.dumps(asdict(job.settings)),
        processed=r.processed,
        articles=r.articles,
        skipped_duplicate=r.duplicates,
        skipped_other=sum(r.skipped.values()),
        failed=r.failures,
    )
    job.folder.write_run(job.run_id, to_arrow(out))


def _next_rank(con: duckdb.DuckDBPyConnection, articles: str) -> int:
    """The rank after every article in ``articles`` (shard seqs keep growing per run)."""
    found = con.execute(f"SELECT max(seq) FROM {articles}").fetchall()[0]
    return 0 if not found or found[0] is None else (int(found[0]) >> ITEM_BITS) + 1


def _remove(folder: Shards) -> None:
    with contextlib.suppress(OSError):
        if folder.local:
            shutil.rmtree(folder.base, ignore_errors=True)
        else:
            folder.fs.delete_dir(folder.base)

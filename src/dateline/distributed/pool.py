"""The actor pool: Ray actors that load the model once, read their inputs and process them.

Each actor is a plain Ray actor (``num_cpus=1``) holding one ``Processor``. A call takes a
few work rows (sources, with the units chosen in them), reads the units where the actor
runs, and processes them as they are read, in parts of at most ``per_call`` units (a part
is a Parquet file per table); it returns the unit summaries. Ray restarts an actor whose
process dies (``max_restarts=-1``, the model reloaded) and retries the call on it
``TASK_RETRIES`` times; after that the call's work comes back as lost, for the engine to
try again one unit at a time.

Why not Ray Data's ``ActorPoolStrategy`` (the first version used it): in Ray 2.60 an
actor that Ray Data restarted after its death outlives the dataset's run, holding its CPU
(in a small script, until the dataset is garbage-collected; in the engine, even after
``gc.collect()``, until Ray shut down), so on two CPUs the corpus-wide tasks that followed
waited for ever. The pool owns its actors and kills them when the pass ends.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from ..discover import Options
from ..errors import ConfigError
from .plan import UNIT_SCHEMA, work_units
from .process import SUMMARY_SCHEMA

TASK_RETRIES = 2  # a call whose actor dies is retried this often, then its work is lost
IN_FLIGHT = 2  # calls queued per actor: the next one is ready when one ends


class Worker:
    """What runs in one actor: a ``Processor`` (made there) and the options to read with."""

    def __init__(self, processor: type, kwargs: dict[str, Any], options: Options):
        self.processor = processor(**kwargs)
        self.options = options

    def run(self, work: list[dict[str, Any]], per_call: int) -> pa.Table:
        # Units are read as they are processed: a WARC's records are never in memory whole.
        found = (unit for row in work for unit in work_units(row, self.options))
        parts = [SUMMARY_SCHEMA.empty_table()]
        while chunk := list(itertools.islice(found, per_call)):
            parts.append(self.processor(pa.Table.from_pylist(chunk, schema=UNIT_SCHEMA)))
        return pa.concat_tables(parts)


def calls(work: list[dict[str, Any]], per_call: int) -> list[list[dict[str, Any]]]:
    """Work rows grouped into calls of about ``per_call`` units each, in order."""
    out: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for row in work:
        current.append(row)
        size += len(row["subs"])
        if size >= per_call:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def process(
    ray: Any,
    work: list[dict[str, Any]],
    *,
    per_call: int,
    workers: int,
    processor: type,
    kwargs: dict[str, Any],
    options: Options,
) -> Iterator[pa.Table]:
    """Unit summaries, call by call as the actors finish; a call whose actor died more
    often than it is retried yields nothing (its units are missing from the summaries)."""
    todo = calls(work, per_call)
    if not todo:
        return
    remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)(Worker)
    actors = [remote.remote(processor, kwargs, options) for _ in range(min(workers, len(todo)))]
    pending: dict[Any, Any] = {}  # call's ref -> its actor
    queue = iter(todo)
    try:
        for actor in actors:
            for _ in range(IN_FLIGHT):
                _submit(queue, actor, pending, per_call)
        while pending:
            (ref,), _ = ray.wait(list(pending), num_returns=1)
            actor = pending.pop(ref)
            try:
                table = ray.get(ref)
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
                if "creation task" in str(exc):  # its __init__ raised: every actor will
                    raise ConfigError(
                        f"a Ray worker could not start: {_last_line(str(exc))}",
                        hint="every node needs dateline, its model and the same settings",
                    ) from exc
                table = None
            _submit(queue, actor, pending, per_call)
            if table is not None:
                yield table
    finally:
        for actor in actors:
            # The pass is over (or failed): free the model; Ray may be gone already.
            with contextlib.suppress(Exception):
                ray.kill(actor)


def _last_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[-1] if lines else message


def _submit(
    queue: Iterator[list[dict[str, Any]]], actor: Any, pending: dict[Any, Any], per_call: int
) -> None:
    work = next(queue, None)
    if work is not None:
        pending[actor.run.remote(work, per_call)] = actor

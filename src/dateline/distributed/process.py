"""The Ray map step: units through the pipeline in an actor that loads the model once.

``Processor`` is what each actor of the pool (``pool.py``) holds: its ``__init__`` loads
the spaCy model (``worker.init``), so each actor pays for the model once. A call takes a
batch of unit rows, runs each through
``worker.run`` (the pipeline and the MinHash signature, as in local ingest), turns the
articles into table rows (``store.rows``, the local writer's code), writes them as one
part of Parquet shards, and returns one summary row per unit for the driver to commit and
report. A unit's failures are rows of ``failures``, never exceptions: the batch goes on.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pyarrow as pa
from threadpoolctl import threadpool_limits

from .. import worker
from ..config import Settings
from ..errors import InputError, StoreError
from ..ingest import input_row
from ..pipeline import as_dateline_error
from ..store import rows
from ..units import Unit
from ..worker import Done, Problem
from .arrow import to_arrow
from .plan import ITEM_BITS, unit_of
from .shards import Shards

SUMMARY_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("location", pa.string()),
        ("part", pa.string()),
        ("tables", pa.list_(pa.string())),
        ("stored", pa.bool_()),  # an inputs row was written (the unit gave articles)
        ("articles", pa.int64()),  # articles written
        ("repeated", pa.int64()),  # articles left out: stored already, or an earlier copy
        ("errors", pa.list_(pa.string())),  # error class per problem
        ("messages", pa.list_(pa.string())),
        ("seconds", pa.float64()),
        ("write_error", pa.string()),  # the shards could not be written: the run stops
    ]
)
_TABLES = (*rows.ARTICLE_TABLES, "inputs", "failures")


class Processor:
    """One actor of the pool: the model loaded once, then batch after batch of units."""

    def __init__(self, settings: Settings, shards: str, run_id: int):
        # One BLAS thread per actor: the actors are the parallelism (docs/store.md).
        self._limits = threadpool_limits(limits=1, user_api="blas")
        worker.init(settings, in_worker=False)
        self.shards = Shards(shards)
        self.run_id = run_id

    def __call__(self, batch: pa.Table) -> pa.Table:
        out = rows.new_rows(_TABLES)
        summary: list[dict[str, Any]] = []
        for row in batch.to_pylist():
            summary.append(self._safely(row, out))
        part = Shards.new_part(self.run_id)
        tables = [name for name, table_rows in out.items() if table_rows.size]
        write_error = None
        try:
            for name in tables:
                self.shards.write(name, part, to_arrow(out[name]))
        except StoreError as exc:
            write_error = exc.one_line()
        for item in summary:
            item.update(part=part, tables=tables, write_error=write_error)
        return pa.Table.from_pylist(summary, schema=SUMMARY_SCHEMA)

    def _safely(self, row: dict[str, Any], out: dict[str, rows.TableRows]) -> dict[str, Any]:
        """One unit's rows added to ``out`` whole, or none of them and a failure."""
        unit = unit_of(row)
        if row["note"]:
            problem = Problem(unit.location, "InputError", f"{unit.location}: {row['note']}")
            done = Done(unit.key, (), (), (problem,), 0.0)
        else:
            done = worker.run(unit)
        mine = rows.new_rows(_TABLES)
        try:
            summary = self._one(unit, row, done, mine)
        except Exception as exc:  # noqa: BLE001 - one document never stops a batch
            problem = Problem.of(as_dateline_error(exc, unit.location), unit.location)
            mine = rows.new_rows(_TABLES)
            summary = self._one(unit, row, Done(unit.key, (), (), (problem,), done.seconds), mine)
        for name, table_rows in mine.items():
            target = out[name]
            for column, values in table_rows.columns.items():
                target.columns[column] += values
            target.size += table_rows.size
        return summary

    def _one(
        self, unit: Unit, row: dict[str, Any], done: Done, out: dict[str, rows.TableRows]
    ) -> dict[str, Any]:
        if len(done.articles) > 1 << ITEM_BITS:  # their seqs would run into the next input's
            raise InputError(f"holds {len(done.articles):,} articles, over {1 << ITEM_BITS:,}")
        key = unit.key
        skip = set(row["skip"] or ())
        written = repeated = 0
        for n, (article, sig) in enumerate(zip(done.articles, done.signatures, strict=True)):
            if article.id in skip:
                repeated += 1
                continue
            skip.add(article.id)  # the same item twice in one feed: the first is kept
            rows.add_article(
                out, article, seq=row["seq"] + n, input_id=key, run_id=self.run_id, minhash=sig
            )
            written += 1
        if done.articles:
            out["inputs"].add(
                **asdict(input_row(unit)), articles=len(done.articles), run_id=self.run_id
            )
        for p in done.problems:
            add_failure(out["failures"], p, run_id=self.run_id, input_id=key)
        return {
            "key": key,
            "location": unit.location,
            "stored": bool(done.articles),
            "articles": written,
            "repeated": repeated,
            "errors": [p.error for p in done.problems],
            "messages": [p.message for p in done.problems],
            "seconds": done.seconds,
        }


def add_failure(
    out: rows.TableRows, problem: Problem, *, run_id: int, input_id: str | None
) -> None:
    """One ``failures`` row for ``problem``."""
    out.add(
        run_id=run_id,
        location=problem.location,
        input_id=input_id,
        error=problem.error,
        message=problem.message,
    )

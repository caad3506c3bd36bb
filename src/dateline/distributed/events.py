"""Cross-article events over a whole corpus, merged per PLOVER type on Ray.

The store reads its event mentions with ``store.corpus.mentions`` (the events of every
article, with actor, target, place, day and source cluster, as ``corpus_events``
compares them), on a DuckDB store or on shard views alike. ``corpus_events.merge`` never
joins events of two types, so the mentions are grouped by type and each group is merged
in its own Ray task (a plain task: a Ray Data run costs seconds to set up). The rows are
those ``Store.merge_events`` writes, since every group holds all the mentions any of its
events can join.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb
import pyarrow as pa

from ..corpus_events import EventMention
from ..store import corpus
from ..store.rows import event_cluster_rows
from ..store.schema import BY_NAME
from .arrow import to_arrow

TABLE = BY_NAME["event_clusters"]


def merge_type(found: list[EventMention]) -> pa.Table:
    """A Ray task: one type's mentions to their ``event_clusters`` rows."""
    return to_arrow(event_cluster_rows(corpus.cluster_rows(found)))


def by_type(found: list[EventMention]) -> dict[str, list[EventMention]]:
    groups: dict[str, list[EventMention]] = defaultdict(list)
    for m in found:
        groups[m.type].append(m)
    return dict(groups)


def merge_on_ray(ray: Any, con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Every stored event mention grouped into corpus events, one Ray task per type."""
    groups = by_type(corpus.mentions(con))
    task = ray.remote(merge_type)
    found = ray.get([task.remote(groups[t]) for t in sorted(groups)])
    return pa.concat_tables([to_arrow(event_cluster_rows([])), *found])


def events_count(table: pa.Table) -> int:
    return len(set(table.column("event_id").to_pylist()))

"""dateline on Ray: ``dateline ingest --engine ray`` (docs/ray.md).

Ray is an optional extra (``pip install 'dateline[ray]'``); this package imports it only
when a run starts, so reading a shard folder (``open_shards``) needs only DuckDB.

>>> from dateline.distributed import open_shards
>>> with open_shards("corpus.shards") as store:
...     store.sql("select count(*) from articles").rows
"""

from __future__ import annotations

from .cluster import EXTRA, import_ray
from .engine import default_shards, ingest
from .events import merge_on_ray
from .shards import Shards, attach, open_shards

__all__ = [
    "EXTRA",
    "Shards",
    "attach",
    "default_shards",
    "import_ray",
    "ingest",
    "merge_on_ray",
    "open_shards",
]

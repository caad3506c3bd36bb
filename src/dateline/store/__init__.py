"""The corpus store: one DuckDB file with a table per record kind (see docs/store.md).

>>> from dateline.store import Store
>>> with Store.open("dateline.duckdb", read_only=True) as store:
...     store.sql("select title, published_date from articles limit 5").to_pandas()
"""

from __future__ import annotations

from .batch import Batch, FailureRow, InputRow, Stored, Written
from .database import DEFAULT_PATH, Store
from .result import Result
from .schema import SCHEMA_VERSION, TABLES

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "TABLES",
    "Batch",
    "FailureRow",
    "InputRow",
    "Result",
    "Store",
    "Stored",
    "Written",
]

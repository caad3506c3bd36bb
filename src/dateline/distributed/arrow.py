"""The store's tables as Arrow schemas, so Parquet shards have the DuckDB columns exactly.

Every shard file of a table has the schema ``schema(table)``: the same column names, in
the same order, with the Arrow type DuckDB reads back as the store's type (``INTEGER`` is
int32, ``VARCHAR[]`` a list of strings, ``BLOB`` binary). A view over the files therefore
answers the same SQL as the table in a DuckDB store.
"""

from __future__ import annotations

import pyarrow as pa

from ..store.rows import TableRows
from ..store.schema import Table

_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BLOB": pa.binary(),
    "TIMESTAMP": pa.timestamp("us"),
    "JSON": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
}


def base_type(sql_type: str) -> str:
    return sql_type.replace(" NOT NULL", "").strip()


def schema(table: Table) -> pa.Schema:
    return pa.schema(
        [
            pa.field(c.name, _TYPES[base_type(c.type)], nullable="NOT NULL" not in c.type)
            for c in table.columns
        ]
    )


def to_arrow(rows: TableRows) -> pa.Table:
    """Rows collected column by column (``store.rows``) as an Arrow table of the schema."""
    return pa.Table.from_pydict(rows.columns, schema=schema(rows.table))


def empty_select(table: Table) -> str:
    """SQL for a relation with the table's columns and no rows (a table without shards)."""
    cols = ", ".join(f'NULL::{base_type(c.type)} AS "{c.name}"' for c in table.columns)
    return f"SELECT {cols} LIMIT 0"

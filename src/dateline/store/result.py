"""Query results detached from the connection: rows and column names, and DataFrames on
request (pandas and polars are optional: ``pip install 'dateline[frames]'``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Any]:
        at = self.columns.index(name)
        return [row[at] for row in self.rows]

    def to_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (needs pandas)."""
        try:
            import pandas
        except ImportError as exc:
            raise _missing("pandas") from exc
        return pandas.DataFrame.from_records(list(self.rows), columns=list(self.columns))

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (needs polars)."""
        try:
            import polars
        except ImportError as exc:
            raise _missing("polars") from exc
        return polars.DataFrame(
            [list(row) for row in self.rows],
            schema=list(self.columns),
            orient="row",
            infer_schema_length=None,
        )


def _missing(name: str) -> ConfigError:
    return ConfigError(
        f"{name} is not installed", hint=f"pip install 'dateline[frames]' (or {name})"
    )

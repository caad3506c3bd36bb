"""A folder of Parquet shards: the store's tables as files, committed by manifests.

    DIR/<table>/<part>.parquet     one file per table and part (a batch of inputs)
    DIR/_manifest/<run>-<n>.json   which parts are committed; written after their files
    DIR/runs/run-<run>.parquet     one row per run, rewritten when the run ends

Workers write the files of a part (each file whole: written under a hidden name and
renamed, or put in one request on an object store); the driver commits parts by writing
a manifest. Readers see only committed parts, so a part whose worker died half-way, or a
task Ray retried, is never read twice or half; ``clean`` deletes such leftovers. Tables
computed over the whole corpus (``duplicates``, ``event_clusters``) are replaced: the
latest manifest naming a part for them wins.

``DIR`` is a local path or an object-store URL that ``pyarrow.fs`` understands
(``s3://bucket/prefix``, ``gs://...``); on a cluster, a local path must be on a
filesystem every node shares.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import StoreError
from ..store import Store
from ..store.schema import TABLES, Table
from .arrow import empty_select, schema

_MANIFESTS = "_manifest"
_RUN_FILE = re.compile(r"run-(\d+)\.parquet$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


@dataclass(slots=True)
class Committed:
    """The committed parts of a shard folder: files per table, in commit order."""

    files: dict[str, list[str]] = field(default_factory=dict)


class Shards:
    """One shard folder (local or on an object store); cheap to make, safe to pickle."""

    def __init__(self, root: str | os.PathLike[str]):
        text = os.fspath(root)
        if is_url(text):
            fs, path = pafs.FileSystem.from_uri(text)
            self.root = text.rstrip("/")
        else:
            fs, path = pafs.LocalFileSystem(), str(Path(text).absolute())
            self.root = path  # absolute: workers do not share the driver's directory
        self.fs: pafs.FileSystem = fs
        self.base = path.rstrip("/")
        self.local = isinstance(fs, pafs.LocalFileSystem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Shards, (self.root,))

    # -- paths -----------------------------------------------------------------------

    def file(self, table: str, part: str) -> str:
        return f"{self.base}/{table}/{part}.parquet"

    def exists(self) -> bool:
        found: pafs.FileInfo = self.fs.get_file_info(self.base)
        return bool(found.type == pafs.FileType.Directory)

    @staticmethod
    def new_part(run_id: int) -> str:
        return f"{run_id:06d}-{uuid.uuid4().hex[:16]}"

    # -- writing ---------------------------------------------------------------------

    def write(self, table: str, part: str, data: pa.Table) -> None:
        """Write one table of one part as a whole file (never seen half-written)."""
        target = self.file(table, part)
        self._put(target, lambda path: pq.write_table(data, path, filesystem=self.fs))

    def commit(
        self,
        run_id: int,
        parts: Iterable[tuple[str, Iterable[str]]],
        *,
        replace: dict[str, str] | None = None,
    ) -> None:
        """Make parts (part id, its tables) visible to readers, all at once."""
        body = {
            "run": run_id,
            "parts": [{"id": p, "tables": sorted(set(t))} for p, t in parts],
            "replace": replace or {},
        }
        name = f"{run_id:06d}-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
        data = json.dumps(body).encode()
        self._put(f"{self.base}/{_MANIFESTS}/{name}", lambda path: self._write_bytes(path, data))

    def write_run(self, run_id: int, data: pa.Table) -> None:
        target = f"{self.base}/runs/run-{run_id:06d}.parquet"
        self._put(target, lambda path: pq.write_table(data, path, filesystem=self.fs))

    def _write_bytes(self, path: str, data: bytes) -> None:
        with self.fs.open_output_stream(path) as out:
            out.write(data)

    def _put(self, target: str, write: Any) -> None:
        folder = target.rsplit("/", 1)[0]
        try:
            self.fs.create_dir(folder, recursive=True)
            if not self.local:  # an object-store PUT is atomic already
                write(target)
                return
            hidden = f"{folder}/.{uuid.uuid4().hex}.tmp"
            try:
                write(hidden)
                os.replace(hidden, target)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(hidden)
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(f"cannot write {target}: {exc}", source=self.root) from exc

    # -- reading ---------------------------------------------------------------------

    def committed(self) -> Committed:
        out = Committed()
        replaced: dict[str, str] = {}
        for name in self._list(_MANIFESTS, ".json"):
            with self.fs.open_input_stream(f"{self.base}/{_MANIFESTS}/{name}") as stream:
                body = json.loads(stream.read())
            for part in body["parts"]:
                for table in part["tables"]:
                    out.files.setdefault(table, []).append(self.file(table, part["id"]))
            replaced.update(body.get("replace", {}))
        for table, part in replaced.items():
            out.files[table] = [self.file(table, part)]
        out.files["runs"] = [f"{self.base}/runs/{n}" for n in self._list("runs", ".parquet")]
        return out

    def run_ids(self) -> list[int]:
        found = (_RUN_FILE.search(n) for n in self._list("runs", ".parquet"))
        return sorted(int(m.group(1)) for m in found if m)

    def clean(self) -> None:
        """Delete part files no manifest names (a dead worker's, a retried task's)."""
        keep = {f for files in self.committed().files.values() for f in files}
        for table in TABLES:
            if table.name == "runs":
                continue
            for name in self._list(table.name, ""):
                path = f"{self.base}/{table.name}/{name}"
                if path not in keep:
                    with contextlib.suppress(OSError, FileNotFoundError):
                        self.fs.delete_file(path)

    def _list(self, folder: str, suffix: str) -> list[str]:
        selector = pafs.FileSelector(f"{self.base}/{folder}", allow_not_found=True)
        names = [
            info.base_name
            for info in self.fs.get_file_info(selector)
            if info.type == pafs.FileType.File and info.base_name.endswith(suffix)
        ]
        return sorted(names)

    def dataset(self, files: list[str], table: Table) -> pads.Dataset:
        return pads.dataset(files, filesystem=self.fs, format="parquet", schema=schema(table))


def attach(
    con: duckdb.DuckDBPyConnection, shards: Shards, *, prefix: str = "", temp: bool = False
) -> Committed:
    """Create a view per table over the committed shard files (``prefix`` + table name).

    Local files are read with DuckDB's ``read_parquet``; files on an object store through
    pyarrow datasets (so no DuckDB extension has to be downloaded)."""
    committed = shards.committed()
    kind = "TEMP VIEW" if temp else "VIEW"
    for table in TABLES:
        name = f"{prefix}{table.name}"
        files = committed.files.get(table.name, [])
        if not files:
            select = empty_select(table)
        elif shards.local:
            select = f"SELECT * FROM read_parquet({_sql_list(files)})"
        else:
            con.register(f"{name}__arrow", shards.dataset(files, table))
            select = f"SELECT * FROM {name}__arrow"
        con.execute(f"CREATE OR REPLACE {kind} {name} AS {select}")
    return committed


def open_shards(root: str | os.PathLike[str]) -> Store:
    """A read-only ``Store`` over a shard folder: the same tables, queried where they lie.

    >>> with open_shards("corpus.shards") as store:
    ...     store.sql("select type, count(*) from entities group by type").rows
    """
    shards = Shards(root)
    if not shards.exists():
        raise StoreError(
            "no such shard folder",
            source=os.fspath(root),
            hint="make it with dateline ingest --engine ray --shards DIR",
        )
    con = duckdb.connect(":memory:")
    try:
        attach(con, shards)
    except (duckdb.Error, OSError, pa.ArrowException, ValueError) as exc:
        con.close()
        raise StoreError(f"cannot read the shards: {exc}", source=os.fspath(root)) from exc
    return Store(con, Path(shards.root), read_only=True)


def _sql_list(items: list[str]) -> str:
    return "[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "]"

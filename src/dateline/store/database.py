"""``Store``: the DuckDB corpus file — open (with its lock and schema check), write
batches in transactions, read articles and tables back.

DuckDB lets one process open a file for writing, or any number of processes read-only,
never both; ``Store.open`` turns the lock conflict into a ``StoreError`` naming the path
and the process that holds it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb

from .. import __version__
from ..config import Settings
from ..dedup import signature
from ..errors import StoreError
from ..records import Article
from . import corpus, load, rows
from .batch import Batch, FailureRow, InputRow, Stored, Written
from .dups import Clusters
from .result import Result
from .schema import BY_NAME, SCHEMA_VERSION, TABLES, VERSION_DDL, Table

DEFAULT_PATH = Path("dateline.duckdb")
T = TypeVar("T")
_LOCKED = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


class Store:
    """A dateline corpus in one DuckDB file. Open with ``Store.open(path)``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._clusters = Clusters()

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> Store:
        """Open (or, unless ``read_only``, create) the store at ``path``."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(
                "no such store", source=str(path), hint="create it with dateline ingest"
            )
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create its folder ({exc.strerror})", source=str(path)
                ) from exc
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            raise store_error(exc, path) from exc
        store = cls(con, path, read_only=read_only)
        try:
            store._check_schema()
        except BaseException:
            con.close()
            raise
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_schema(self) -> None:
        names = {
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if "schema_version" not in names:
            if names or self.read_only:
                raise StoreError(
                    "is not a dateline store (no schema_version table)",
                    source=str(self.path),
                    hint="give a new path, or a store made by dateline ingest",
                )
            self._create()
            return
        found = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = found[0] if found else None
        if version == SCHEMA_VERSION:
            return
        if version == 1 and not self.read_only:  # schema 2 only added event_clusters
            self._migrate_from_1()
            return
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise StoreError(
                f"was written by a newer dateline (store schema {version}; "
                f"this dateline reads schema {SCHEMA_VERSION})",
                source=str(self.path),
                hint="upgrade dateline",
            )
        raise StoreError(
            f"has store schema {version!r}, which this dateline cannot read "
            f"(it reads schema {SCHEMA_VERSION}; no migration exists)",
            source=str(self.path),
            hint="ingest the inputs again into a new store",
        )

    def _migrate_from_1(self) -> None:
        def migrate() -> None:
            self.con.execute(BY_NAME["event_clusters"].ddl())
            self.con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", [SCHEMA_VERSION, __version__, _now()]
            )

        self._transaction(migrate, "cannot upgrade the store to schema 2")

    def merge_events(self) -> int:
        """Group every stored event mention with the other reports of the same event
        (``event_clusters``); returns the number of corpus events. Recomputed whole: the
        blocking in ``corpus_events`` keeps it linear in the number of events. One event
        type at a time, since only events of one type merge: memory holds the mentions of
        one type, not of the whole store."""
        self._writable()

        def write() -> int:
            self.con.execute("DELETE FROM event_clusters")
            events = 0
            # read on a cursor of its own: the inserts would end a result read on self.con
            with self.con.cursor() as reader:
                for found in corpus.mentions_by_type(reader):
                    out = rows.event_cluster_rows(corpus.cluster_rows(found))
                    self._insert(out)
                    events += len(set(out.columns["event_id"]))
            return events

        return self._transaction(write, "cannot write event clusters")

    def _create(self) -> None:
        def create() -> None:
            for table in TABLES:
                self.con.execute(table.ddl())
            self.con.execute(VERSION_DDL)
            self.con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [SCHEMA_VERSION, __version__, _now()],
            )

        self._transaction(create, "cannot create the store")

    # -- runs ------------------------------------------------------------------------

    def begin_run(self, *, command: str, settings: Settings | None = None) -> int:
        """Start a run; runs left 'running' by a killed process become 'interrupted'."""
        self._writable()

        def begin() -> int:
            self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            found = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
            run_id = int(found[0]) if found else 1
            self.con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, ?, 0, 0, 0, 0, 0)",
                [
                    run_id,
                    _now(),
                    __version__,
                    command,
                    json.dumps(asdict(settings)) if settings else None,
                ],
            )
            return run_id

        return self._transaction(begin, "cannot start a run")

    def finish_run(self, run_id: int, *, status: str = "finished") -> None:
        self._writable()
        self._transaction(
            lambda: self.con.execute(
                "UPDATE runs SET finished = ?, status = ? WHERE run_id = ?",
                [_now(), status, run_id],
            ),
            "cannot finish the run",
        )

    # -- writing ---------------------------------------------------------------------

    def known_inputs(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` already in ``inputs``."""
        if not ids:
            return set()
        found = self.con.execute(
            "SELECT id FROM inputs WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()
        return {r[0] for r in found}

    def write(self, batch: Batch, *, run_id: int) -> Written:
        """Commit one batch, all or nothing; a StoreError (naming the path) when it fails."""
        self._writable()
        try:
            return self._transaction(lambda: self._write(batch, run_id), "cannot write")
        except BaseException:
            self._clusters.forget()  # it may hold ids of the batch just rolled back
            raise

    def add(self, articles: Iterable[Article], *, batch_size: int = 256) -> int:
        """Store articles made by ``dateline.process`` (one run); return how many were new.

        Each article is its own input here (``inputs.kind = 'api'``); articles already
        stored are left as they are."""
        run_id = self.begin_run(command="Store.add")
        added = 0
        batch = Batch()
        for article in articles:
            ref = article.input
            batch.inputs.append(
                InputRow(
                    id=ref.sha256,
                    kind="api",
                    location=ref.location,
                    size=ref.size,
                    url=ref.url,
                    media_type=ref.media_type,
                )
            )
            batch.articles.append(Stored(article, ref.sha256, signature(article.text)))
            if len(batch.articles) >= batch_size:
                added += self.write(batch, run_id=run_id).articles
                batch = Batch()
        if not batch.empty():
            added += self.write(batch, run_id=run_id).articles
        self.finish_run(run_id)
        return added

    def _write(self, batch: Batch, run_id: int) -> Written:
        con = self.con
        ids = [s.article.id for s in batch.articles]
        stored = (
            {
                r[0]
                for r in con.execute(
                    "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
                ).fetchall()
            }
            if ids
            else set()
        )
        found = con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()
        seq = int(found[0]) if found else 0
        out = rows.new_rows(rows.ARTICLE_TABLES)
        new: list[tuple[str, bytes, str | None]] = []
        repeated = 0
        for item in batch.articles:
            article = item.article
            if article.id in stored:
                repeated += 1
                continue
            stored.add(article.id)
            seq += 1
            rows.add_article(
                out, article, seq=seq, input_id=item.input_id, run_id=run_id, minhash=item.minhash
            )
            if item.minhash is not None:
                published = article.published.date if article.published else None
                new.append((article.id, item.minhash, published))
        self._insert_inputs(batch, run_id)
        for table_rows in out.values():
            self._insert(table_rows)
        self._insert_failures(batch.failures, run_id)
        clustered, changed = self._clusters.add(con, new)
        self._rewrite_clusters(changed)
        added = len(batch.articles) - repeated
        con.execute(
            "UPDATE runs SET processed = processed + ?, articles = articles + ?,"
            " skipped_duplicate = skipped_duplicate + ?, skipped_other = skipped_other + ?,"
            " failed = failed + ? WHERE run_id = ?",
            [
                len(batch.inputs),
                added,
                batch.skipped_duplicate,
                batch.skipped_other,
                len(batch.failures),
                run_id,
            ],
        )
        return Written(articles=added, repeated=repeated, clustered=clustered)

    def _insert_inputs(self, batch: Batch, run_id: int) -> None:
        per_input: dict[str, int] = {}
        for item in batch.articles:
            per_input[item.input_id] = per_input.get(item.input_id, 0) + 1
        out = rows.new_rows(["inputs"])["inputs"]
        seen: set[str] = set()
        for row in batch.inputs:
            if row.id in seen:
                continue
            seen.add(row.id)
            out.add(**asdict(row), articles=per_input.get(row.id, 0), run_id=run_id)
        self._insert(out, verb="INSERT OR IGNORE")

    def _insert_failures(self, failures: list[FailureRow], run_id: int) -> None:
        out = rows.new_rows(["failures"])["failures"]
        for f in failures:
            out.add(run_id=run_id, **asdict(f))
        self._insert(out)

    def _rewrite_clusters(self, changed: dict[str, list[str]]) -> None:
        if not changed:
            return
        members = [m for group in changed.values() for m in group]
        self.con.execute(
            "DELETE FROM duplicates WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [members],
        )
        self._insert(rows.duplicate_rows(changed))

    def _insert(self, table_rows: rows.TableRows, *, verb: str = "INSERT") -> None:
        """Insert whole columns at once: one statement per table and batch (DuckDB's
        ``executemany`` binds row by row, ~40x slower here)."""
        if not table_rows.size:
            return
        table = table_rows.table
        select = ", ".join(f"unnest(?::{_list_of(c.type)})" for c in table.columns)
        self.con.execute(
            f"{verb} INTO {table.name} SELECT {select}",
            [table_rows.columns[name] for name in table.names],
        )

    def _transaction(self, work: Callable[[], T], doing: str) -> T:
        try:
            self.con.begin()
            result = work()
            self.con.commit()
        except duckdb.Error as exc:
            self._rollback()
            raise store_error(exc, self.path, doing=doing) from exc
        except BaseException:
            # A bug or a Ctrl-C halfway through: left open, the transaction would hold half
            # a batch for the next commit on this connection to take along.
            self._rollback()
            raise
        return result

    def _rollback(self) -> None:
        # The connection may be gone (disk full); the error being raised says why.
        with contextlib.suppress(duckdb.Error):
            self.con.rollback()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("is open read-only", source=str(self.path))

    # -- reading ---------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        found = load.articles(self.con, [article_id])
        return found[0] if found else None

    def iter_articles(self, *, batch_size: int = 256) -> Iterator[Article]:
        """Every article, first stored first."""
        ids = [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY seq").fetchall()]
        for start in range(0, len(ids), batch_size):
            yield from load.articles(self.con, ids[start : start + batch_size])

    def sql(self, query: str, params: Sequence[Any] | None = None) -> Result:
        """Run any DuckDB SQL over the store; a StoreError carrying DuckDB's message."""
        try:
            cursor = self.con.execute(query, params)
            names = tuple(d[0] for d in cursor.description or ())
            return Result(names, tuple(cursor.fetchall()) if names else ())
        except duckdb.Error as exc:
            raise StoreError(_first_line(exc), source=str(self.path), hint="check the SQL") from exc

    def sizes(self) -> dict[str, int]:
        """Row count of every table."""
        return {t.name: self._count(t) for t in TABLES}

    def _count(self, table: Table) -> int:
        found = self.con.execute(f"SELECT count(*) FROM {table.name}").fetchone()
        return int(found[0]) if found else 0

    def articles(self, *, limit: int | None = None) -> Result:
        """The ``articles`` table without the MinHash column, first stored first."""
        cols = ", ".join(n for n in BY_NAME["articles"].names if n != "minhash")
        return self._select(f"SELECT {cols} FROM articles ORDER BY seq", limit)

    def entities(self, *, limit: int | None = None) -> Result:
        """Entities joined with their article's title and date, one row per entity."""
        return self._select(
            "SELECT e.*, a.title, a.published_date FROM entities e"
            " JOIN articles a ON a.id = e.article_id ORDER BY a.seq, e.n",
            limit,
        )

    def table(self, name: str, *, limit: int | None = None) -> Result:
        """Any table of the schema as it is (``places``, ``quotes``, ``events``, ``runs``...)."""
        if name not in BY_NAME:
            raise StoreError(f"no table {name!r}; the tables are {', '.join(BY_NAME)}")
        return self._select(f"SELECT * FROM {name}", limit)

    def _select(self, query: str, limit: int | None) -> Result:
        if limit is not None:
            return self.sql(f"{query} LIMIT ?", [int(limit)])
        return self.sql(query)


def store_error(exc: duckdb.Error, path: Path, *, doing: str | None = None) -> StoreError:
    """A DuckDB error as a one-line StoreError naming the store's path."""
    text = str(exc)
    locked = _LOCKED.search(text)
    if locked:
        return StoreError(
            f"is in use by another process (PID {locked.group(2)}, {locked.group(1)})",
            source=str(path),
            hint="one process writes a store at a time: wait for it to finish, or use another --db",
        )
    if "not a valid DuckDB database" in text or "is not a valid" in text:
        return StoreError(
            "is not a DuckDB database",
            source=str(path),
            hint="give a new path, or a store made by dateline ingest",
        )
    line = _first_line(exc)
    message = f"{doing}: {line}" if doing else line
    hint = None
    if "No space left" in text or "File too large" in text:
        hint = "free some disk space and run the same command again; committed batches are kept"
    return StoreError(message, source=str(path), hint=hint)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _list_of(sql_type: str) -> str:
    return sql_type.replace(" NOT NULL", "") + "[]"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)

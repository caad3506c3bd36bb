"""What a Ray run must do: its inputs listed, keyed, and chosen exactly as local ingest would.

    arguments ──driver──▶ sources (files, object URLs; stdin and feed URLs read here)
    sources ──Ray tasks──▶ key rows (one per unit, WARC record, JSON line: SHA-256, no bytes)
    key rows ──driver (DuckDB)──▶ todo: first copy of each key not yet stored, in order

The driver only lists files; workers open them (``discover.from_file``, so the units and
their keys are the local engine's) and hash what they find. The driver then decides as
local ingest does, with SQL over the keys: a key already stored, or met earlier in this
run (by source order, then record order), is a duplicate; the rest are ranked in that
order, and the rank fixes each article's ``seq``, so the store's order (and a duplicate
cluster's canonical copy) does not depend on which worker finished first. Feed items
already stored, or given by an earlier feed of the run, are marked to be left out.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.fs as pafs

from .. import discover, feeds, fetch
from ..config import Settings
from ..discover import Options
from ..errors import InputError, InputNotFound
from ..sources import RawInput, check, decode
from ..units import Failed, Found, Skipped, Unit
from ..worker import Problem
from .shards import is_url

ITEM_BITS = 20  # seq = rank << ITEM_BITS | article number within the input (feeds)

KEY_SCHEMA = pa.schema(
    [
        ("ordinal", pa.int64()),
        ("sub", pa.int64()),
        ("found", pa.string()),  # unit | skipped | failed
        ("key", pa.string()),
        ("location", pa.string()),
        ("error", pa.string()),  # skip reason, or error class
        ("message", pa.string()),
        ("items", pa.list_(pa.string())),  # a feed's item digests (its articles' ids)
    ]
)


@dataclass(frozen=True, slots=True)
class Source:
    """A file or object to expand into units, or units read on the driver (``inline``)."""

    ordinal: int
    location: str  # as local ingest names it (the path as given, or the URL)
    opened: str  # where a worker opens it: an absolute path or an object URL
    inline: bytes = b""  # pickled list of Found: standard input and feed URLs


@dataclass(slots=True)
class Decision:
    units: int = 0  # to process
    duplicates: int = 0  # already stored, or repeated in this run
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Problem] = field(default_factory=list)
    work: list[dict[str, Any]] = field(default_factory=list)  # per source, for the workers


# -- the driver: arguments to sources --------------------------------------------------


def list_sources(
    args: Sequence[str], options: Options, *, stdin: IO[bytes] | None = None
) -> tuple[list[Source], list[Failed]]:
    sources: list[Source] = []
    missing: list[Failed] = []

    def add(location: str, opened: str, inline: bytes = b"") -> None:
        sources.append(Source(len(sources), location, opened, inline))

    for arg in args:
        if arg == "-" or fetch.is_url(arg):
            found = list(discover.discover([arg], options, stdin=stdin))
            add(arg, arg, pickle.dumps(found))
        elif is_url(arg):
            listed = _object_files(arg, options)
            if listed is None:
                missing.append(Failed(arg, InputNotFound("no such object or prefix", source=arg)))
            for url in listed or ():
                add(url, url)
        elif Path(arg).is_dir():
            for path in discover.walk(Path(arg), options):
                add(str(path), str(path.absolute()))
        elif Path(arg).exists():
            add(arg, str(Path(arg).absolute()))
        else:
            missing.append(Failed(arg, InputNotFound("no such file or folder", source=arg)))
    return sources, missing


def _object_files(url: str, options: Options) -> list[str] | None:
    """An object URL's files, walked like a local folder (files, then sub-folders, sorted;
    hidden names left out; the globs applied); None when nothing is there."""
    fs, base = pafs.FileSystem.from_uri(url)
    info = fs.get_file_info(base)
    if info.type == pafs.FileType.File:
        return [url]
    if info.type != pafs.FileType.Directory:
        return None
    root = url.rstrip("/")
    base = base.rstrip("/")
    rels = []
    for item in fs.get_file_info(pafs.FileSelector(base, recursive=True)):
        rel = item.path[len(base) + 1 :]
        if item.type != pafs.FileType.File or any(p.startswith(".") for p in rel.split("/")):
            continue
        if discover.wanted(rel, rel.rsplit("/", 1)[-1], options):
            rels.append(rel)
    return [f"{root}/{rel}" for rel in sorted(rels, key=_walk_order)]


def _walk_order(rel: str) -> tuple[tuple[int, str], ...]:
    # os.walk's order, as discover.walk uses it: a folder's files, then its sub-folders.
    parts = rel.split("/")
    return tuple((1, p) for p in parts[:-1]) + ((0, parts[-1]),)


# -- the workers: sources to units -----------------------------------------------------


def expand(row: dict[str, Any], options: Options) -> Iterator[Found]:
    """Everything one source holds, as local ingest finds it (same locations, same keys)."""
    if row["inline"]:
        yield from pickle.loads(row["inline"])
        return
    opened, location = row["opened"], row["location"]
    if not is_url(opened):
        yield from _relocated(discover.from_file(Path(opened), options), opened, location)
        return
    folder = tempfile.mkdtemp(prefix="dateline-")
    try:
        local = Path(folder) / opened.rstrip("/").rsplit("/", 1)[-1]
        try:
            _download(opened, local)
        except (OSError, InputError) as exc:
            error = exc if isinstance(exc, InputError) else InputError(f"cannot be read ({exc})")
            error.source = location
            yield Failed(location, error)
            return
        yield from _relocated(discover.from_file(local, options), str(local), location)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _download(url: str, local: Path) -> None:
    fs, path = pafs.FileSystem.from_uri(url)
    with fs.open_input_stream(path) as stream, local.open("wb") as out:
        while chunk := stream.read(1 << 20):
            out.write(chunk)


def _relocated(found: Iterator[Found], opened: str, shown: str) -> Iterator[Found]:
    """Units found in ``opened`` named as if found in ``shown`` (the path as given)."""
    if opened == shown:
        yield from found
        return

    def moved(text: str | None) -> str | None:
        return shown + text[len(opened) :] if text and text.startswith(opened) else text

    for item in found:
        if isinstance(item, Unit):
            yield replace(item, location=moved(item.location) or "", archive=moved(item.archive))
        elif isinstance(item, Skipped):
            yield Skipped(moved(item.location) or "", item.reason)
        else:
            item.error.source = moved(item.error.source)
            yield Failed(moved(item.location) or "", item.error)


def feed_items(unit: Unit, settings: Settings) -> list[str]:
    """The ids of a feed's articles (its items' digests), decided as the pipeline decides
    that an input is a feed; [] for everything else."""
    if (unit.input_kind or settings.input_kind) != "auto":
        return []
    try:
        check(RawInput(unit.location, unit.data, unit.url), max_bytes=settings.max_bytes)
        if not feeds.looks_like_feed(decode(unit.data).text):
            return []
        return [item.digest for item in feeds.items(unit.data, location=unit.location)]
    except Exception:  # noqa: BLE001 - the pipeline will report it; nothing to plan
        return []


def key_rows(sources: list[dict[str, Any]], *, options: Options, settings: Settings) -> pa.Table:
    """A Ray task: sources to one key row per thing found (no bytes leave the worker)."""
    out: list[dict[str, Any]] = []
    for row in sources:
        for sub, item in enumerate(expand(row, options)):
            base = {"ordinal": row["ordinal"], "sub": sub, "location": item.location}
            if isinstance(item, Unit):
                out.append(
                    {**base, "found": "unit", "key": item.key, "items": feed_items(item, settings)}
                )
            elif isinstance(item, Skipped):
                out.append({**base, "found": "skipped", "error": item.reason})
            else:
                problem = Problem.of(item.error, item.location)
                out.append(
                    {
                        **base,
                        "found": "failed",
                        "error": problem.error,
                        "message": problem.message,
                        "location": problem.location,
                    }
                )
    return pa.Table.from_pylist(out, schema=KEY_SCHEMA)


# -- the driver: key rows to work ------------------------------------------------------


def decide(
    con: duckdb.DuckDBPyConnection,
    keys: pa.Table,
    sources: Sequence[Source],
    *,
    known_inputs: Sequence[str],
    known_articles: Sequence[str],
    first_rank: int,
) -> Decision:
    """Choose the units to process (first copy of each key, not stored yet) and rank them.

    ``known_inputs`` / ``known_articles`` name relations (tables or views in ``con``) with
    an ``id`` column: the inputs and articles already stored."""
    decision = Decision()
    con.register("_keys", keys)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _units AS SELECT ordinal, sub, key, location, items,"
        " row_number() OVER (PARTITION BY key ORDER BY ordinal, sub) AS k"
        " FROM _keys WHERE found = 'unit'"
    )
    known = " UNION ALL ".join(f"SELECT id FROM {name}" for name in known_inputs)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _todo AS SELECT ordinal, sub, key, location, items,"
        f" {first_rank} + row_number() OVER (ORDER BY ordinal, sub) - 1 AS rank"
        f" FROM _units u WHERE k = 1 AND NOT EXISTS (SELECT 1 FROM ({known}) s WHERE s.id = u.key)"
    )
    units = one(con, "SELECT count(*) FROM _units")
    decision.units = one(con, "SELECT count(*) FROM _todo")
    decision.duplicates = units - decision.units
    for reason, n in con.execute(
        "SELECT error, count(*) FROM _keys WHERE found = 'skipped' GROUP BY error"
    ).fetchall():
        decision.skipped[reason] = n
    decision.failures = [
        Problem(location, error, message)
        for location, error, message in con.execute(
            "SELECT location, error, message FROM _keys WHERE found = 'failed'"
            " ORDER BY ordinal, sub"
        ).fetchall()
    ]
    skips = _feed_skips(con, known_articles)
    by_source = {s.ordinal: s for s in sources}
    for ordinal, subs, keys_, ranks in con.execute(
        "SELECT ordinal, list(sub ORDER BY sub), list(key ORDER BY sub), list(rank ORDER BY sub)"
        " FROM _todo GROUP BY ordinal ORDER BY ordinal"
    ).fetchall():
        source = by_source[ordinal]
        decision.work.append(
            {
                "ordinal": ordinal,
                "location": source.location,
                "opened": source.opened,
                "inline": source.inline,
                "subs": subs,
                "keys": keys_,
                "seqs": [rank << ITEM_BITS for rank in ranks],
                "skips": [skips.get((ordinal, sub), []) for sub in subs],
            }
        )
    con.unregister("_keys")
    return decision


def _feed_skips(
    con: duckdb.DuckDBPyConnection, known_articles: Sequence[str]
) -> dict[tuple[int, int], list[str]]:
    """Per feed unit, the items to leave out: stored already, or given by an earlier unit."""
    stored = " UNION ALL ".join(f"SELECT id FROM {name}" for name in known_articles)
    seen = {
        r[0]
        for r in con.execute(
            f"SELECT id FROM ({stored}) WHERE id IN (SELECT unnest(items) FROM _todo)"
        ).fetchall()
    }
    skips: dict[tuple[int, int], list[str]] = {}
    for ordinal, sub, items in con.execute(
        "SELECT ordinal, sub, items FROM _todo WHERE len(items) > 0 ORDER BY ordinal, sub"
    ).fetchall():
        skip = sorted({i for i in items if i in seen})
        if skip:
            skips[(ordinal, sub)] = skip
        seen.update(items)
    return skips


def one_by_one(work: list[dict[str, Any]], keys: set[str]) -> list[dict[str, Any]]:
    """Work rows of one unit each, for the units with these keys (a retry, each alone)."""
    out = []
    for row in work:
        for sub, key, seq, skip in zip(
            row["subs"], row["keys"], row["seqs"], row["skips"], strict=True
        ):
            if key in keys:
                out.append({**row, "subs": [sub], "keys": [key], "seqs": [seq], "skips": [skip]})
    return out


def not_returned(con: duckdb.DuckDBPyConnection, returned: set[str]) -> list[tuple[str, str]]:
    """(key, location) of the units ``decide`` chose that no worker gave back."""
    found = con.execute(
        "SELECT key, location FROM _todo WHERE key NOT IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY ordinal, sub",
        [sorted(returned)],
    ).fetchall()
    return [(str(k), str(loc)) for k, loc in found]


def one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The one number ``sql`` selects (0 for NULL)."""
    found = con.execute(sql).fetchall()[0]
    return int(found[0]) if found and found[0] is not None else 0


def work_units(row: dict[str, Any], options: Options) -> Iterator[dict[str, Any]]:
    """The chosen units of one source, as rows for the actor pool (bytes included)."""
    todo = {
        sub: (key, seq, skip)
        for sub, key, seq, skip in zip(
            row["subs"], row["keys"], row["seqs"], row["skips"], strict=True
        )
    }
    last = max(todo)
    for sub, item in enumerate(expand(row, options)):
        if sub in todo:
            key, seq, skip = todo.pop(sub)
            if isinstance(item, Unit) and item.key == key:
                yield {**unit_fields(item), "seq": seq, "skip": skip, "note": None}
            else:
                yield _gone(item.location, key, seq)
        if sub >= last:
            break
    for key, seq, _ in todo.values():  # the source shrank between the two readings
        yield _gone(row["location"], key, seq)


def _gone(location: str, key: str, seq: int) -> dict[str, Any]:
    unit = Unit(data=b"", kind="file", location=location, key=key)
    note = "changed while it was being ingested; run the same command again"
    return {**unit_fields(unit), "seq": seq, "skip": [], "note": note}


UNIT_FIELDS = (
    "data",
    "kind",
    "location",
    "url",
    "media_type",
    "input_kind",
    "archive",
    "record_id",
    "record_date",
    "title",
    "date",
    "key",
)
UNIT_SCHEMA = pa.schema(
    [(name, pa.binary() if name == "data" else pa.string()) for name in UNIT_FIELDS]
    + [("seq", pa.int64()), ("skip", pa.list_(pa.string())), ("note", pa.string())]
)


def unit_fields(unit: Unit) -> dict[str, Any]:
    return {name: getattr(unit, name) for name in UNIT_FIELDS}


def unit_of(row: dict[str, Any]) -> Unit:
    return Unit(**{name: row[name] for name in UNIT_FIELDS})

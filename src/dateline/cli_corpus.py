"""The corpus commands: ``dateline ingest`` and ``dateline sql`` (registered in cli.py).

Exit codes beyond cli.py's: 4 when the store cannot be opened or written (locked by
another process, unwritable path, full disk, newer schema); 130 on Ctrl-C, after the
batches that finished were committed.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .config import INPUT_KINDS, Settings, load_settings
from .errors import ConfigError, DatelineError, StoreError

if TYPE_CHECKING:  # the store (DuckDB, datasketch) is imported when a command runs
    from .store import Result

EXIT_USAGE, EXIT_STORE, EXIT_INTERRUPTED = 2, 4, 130
DEFAULT_PATH = Path("dateline.duckdb")  # = dateline.store.DEFAULT_PATH
_CELL = 60  # characters of a cell shown in --format table

_db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The corpus store (a DuckDB file).",
)


def _settings(config_path: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(path=config_path, **overrides)
    except DatelineError as exc:
        raise click.UsageError(exc.one_line()) from exc


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, each loading the model once (default: every core).",
)
@click.option("--include", multiple=True, help="Only files in folders matching this glob.")
@click.option("--exclude", multiple=True, help="Leave out files in folders matching this glob.")
@click.option(
    "--input-kind",
    type=click.Choice(INPUT_KINDS),
    default=None,
    help="auto sniffs HTML vs text; article: each input is already the clean article text.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Inputs per transaction (also committed every 10 s).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no report on stderr.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: worker processes here; ray: a Ray cluster (pip install 'dateline[ray]').",
)
@click.option(
    "--address",
    default=None,
    help="With --engine ray: the cluster to join (auto, ray://HOST:10001); default: a Ray "
    "started on this machine.",
)
@click.option(
    "--shards",
    default=None,
    metavar="DIR",
    help="With --engine ray: keep the run's Parquet shards in DIR (path or s3://... URL); "
    "without --db, DIR alone is the corpus (query it with dateline sql --shards DIR).",
)
def ingest(
    inputs: Sequence[str],
    db: Path,
    workers: int | None,
    include: Sequence[str],
    exclude: Sequence[str],
    input_kind: str | None,
    batch_size: int,
    quiet: bool,
    engine: str,
    address: str | None,
    shards: str | None,
    model: str | None,
    config_path: Path | None,
    max_bytes: int | None,
    no_nlp: bool,
) -> None:
    """Store every article of INPUTS in the corpus: files, folders, .txt, .html, .json(l),
    .warc(.gz), .wet(.gz), RSS/Atom feed files and feed URLs, '-' for standard input.

    Inputs are keyed by content: what is stored already is skipped, so the same command
    can run again, and a killed run picks up where its last batch committed."""
    from . import ingest as ingesting

    settings = _settings(
        config_path,
        input_kind=input_kind,
        model=model,
        max_bytes=max_bytes,
        nlp=False if no_nlp else None,
    )
    if engine != "ray" and (address or shards):
        raise click.UsageError("--address and --shards go with --engine ray")
    options: dict[str, Any] = {
        "settings": settings,
        "workers": workers,
        "include": include,
        "exclude": exclude,
        "batch_size": batch_size,
        "progress": not quiet and sys.stderr.isatty(),
    }
    try:
        if engine == "ray":
            report = _ingest_on_ray(inputs, db=db, shards=shards, address=address, **options)
        else:
            report = ingesting.ingest(inputs, db=db, **options)
    except ConfigError as exc:  # Ray missing or out of reach
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_USAGE)
    except StoreError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_STORE)
    except KeyboardInterrupt:
        click.echo("dateline: interrupted; the batches that finished are stored", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        for line in report.lines():
            click.echo(line, err=True)
    elif report.stopped is not None:
        click.echo(f"dateline: error: {report.stopped.one_line()}", err=True)
    sys.exit(report.exit_code())


def _ingest_on_ray(inputs: Sequence[str], *, db: Path, shards: str | None, **options: Any) -> Any:
    """``--engine ray``: into --db, through --shards when given; --shards alone: no store."""
    from .distributed import ingest as on_ray

    source = click.get_current_context().get_parameter_source("db")
    given = source is not None and source != click.core.ParameterSource.DEFAULT
    return on_ray(inputs, db=db if given or shards is None else None, shards=shards, **options)


@click.command(name="sql")
@click.argument("query")
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--shards",
    default=None,
    metavar="DIR",
    help="Query a shard folder made by ingest --engine ray where it lies, instead of --db.",
)
def sql(query: str, db: Path, fmt: str, shards: str | None) -> None:
    """Run QUERY (DuckDB SQL) over the store, read-only; tables are listed in docs/store.md.

    Example: dateline sql "select type, count(*) from entities group by type" """
    from .store import Store

    try:
        if shards is not None:
            from .distributed import open_shards

            store = open_shards(shards)
        else:
            store = Store.open(db, read_only=True)
    except StoreError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_STORE)
    with store:
        try:
            result = store.sql(query)
        except StoreError as exc:
            click.echo(f"dateline: error: {exc.one_line()}", err=True)
            sys.exit(EXIT_USAGE)
    _print(result, fmt)


@click.command(name="export")
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "gdelt-events", "gdelt-gkg"]),
    default="jsonl",
    show_default=True,
    help="gdelt-events: GDELT 2.0 event rows, one per corpus event; gdelt-gkg: GKG 2.1 "
    "rows, one per article (docs/gdelt.md); csv/parquet: one file per table in --out.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="File to write (default: standard output); a folder for csv and parquet.",
)
def export(db: Path, fmt: str, out: Path | None) -> None:
    """Write the whole store as JSON Lines, CSV or Parquet tables, or GDELT files."""
    from .export.corpus import export as write
    from .store import Store

    if fmt in ("csv", "parquet") and out is None:
        click.echo(
            f"dateline: error: --format {fmt} writes one file per table: give --out DIR", err=True
        )
        sys.exit(EXIT_USAGE)
    try:
        with Store.open(db, read_only=True) as store:
            if fmt in ("csv", "parquet"):
                written = write(store, fmt, folder=out)
            elif out is None:
                written = write(store, fmt, out=sys.stdout)
            else:
                with out.open("w", encoding="utf-8", newline="") as stream:
                    written = write(store, fmt, out=stream)
    except StoreError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(EXIT_STORE)
    except OSError as exc:
        click.echo(f"dateline: error: {out}: cannot write: {exc.strerror}", err=True)
        sys.exit(EXIT_USAGE)
    unit = (
        "tables" if fmt in ("csv", "parquet") else "rows" if fmt.startswith("gdelt") else "articles"
    )
    click.echo(f"dateline export: {written} {unit} ({fmt})", err=True)


def _print(result: Result, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_text(v, null="") for v in row] for row in result.rows)
    elif fmt == "jsonl":
        for item in result.to_dicts():
            click.echo(json.dumps(item, ensure_ascii=False, default=_json))
    elif fmt == "json":
        click.echo(json.dumps(result.to_dicts(), ensure_ascii=False, default=_json, indent=1))
    else:
        click.echo(table_text(result))


def table_text(result: Result) -> str:
    """Aligned columns for people: long cells cut, line breaks shown as spaces."""
    cells = [[_short(_text(v)) for v in row] for row in result.rows]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)
    ]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(result.columns, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(result)} row{'s' if len(result) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _text(value: Any, *, null: str = "NULL") -> str:
    if value is None:
        return null
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=_json)
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)

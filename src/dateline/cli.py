"""The ``dateline`` command: a thin skin over the Python API.

Machine-readable output goes to stdout, messages and progress to stderr.

Exit codes (tested in tests/test_cli.py):
    0  every input succeeded
    1  some inputs failed (each named on stderr), the rest were written
    2  usage error (bad option or arguments)
    3  every input failed, or the evaluation fell below a floor
    4  the corpus store cannot be opened or written (ingest, sql; see cli_corpus.py)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, cli_corpus, cli_query
from .cli_corpus import _settings as _load
from .config import INPUT_KINDS
from .errors import DatelineError
from .pipeline import Outcome, process_paths
from .records import Article
from .render import summary_text

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_ALL_FAILED = 0, 1, 2, 3

F = TypeVar("F", bound=Callable[..., Any])


def _settings_options(func: F) -> F:
    """Options shared by every command that runs the pipeline."""
    options = [
        click.option("--model", help="Installed spaCy pipeline to use (package name or path)."),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="TOML settings file (default: $DATELINE_CONFIG, ~/.config/dateline/config.toml).",
        ),
        click.option(
            "--max-bytes", type=click.IntRange(min=1), help="Refuse inputs over this size."
        ),
        click.option("--no-nlp", is_flag=True, help="Clean and date only; skip the spaCy stage."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def main() -> None:
    """dateline: raw news in, evidence-backed article and event data out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    default="json",
    show_default=True,
    help="json: one object (JSON Lines for several inputs); text: a summary for people.",
)
@click.option(
    "--input-kind",
    type=click.Choice(INPUT_KINDS),
    default=None,
    help="auto sniffs HTML vs text; article: the input is already the clean article text.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or error messages on stderr.")
@_settings_options
def extract(
    paths: Sequence[str],
    fmt: str,
    input_kind: str | None,
    quiet: bool,
    model: str | None,
    config_path: Path | None,
    max_bytes: int | None,
    no_nlp: bool,
) -> None:
    """Extract an article from each PATH ('-' reads standard input)."""
    settings = _load(
        config_path,
        input_kind=input_kind,
        model=model,
        max_bytes=max_bytes,
        nlp=False if no_nlp else None,
    )
    failed = total = 0
    outcomes: Iterable[Outcome] = process_paths(paths, settings=settings)
    pretty = False
    if len(paths) == 1:  # a feed is one path but many articles: pretty JSON only for one
        outcomes = list(outcomes)
        pretty = len(outcomes) == 1
    for outcome in _with_progress(outcomes, len(paths), quiet=quiet):
        total += 1
        if outcome.article is not None:
            _write(outcome.article, fmt, pretty=pretty, first=total == 1)
        else:
            failed += 1
            if not quiet:
                click.echo(f"dateline: error: {_message(outcome)}", err=True)
    sys.exit(_exit_code(failed, total))


def _message(outcome: Outcome) -> str:
    assert outcome.error is not None
    return outcome.error.one_line()


def _exit_code(failed: int, total: int) -> int:
    if failed == 0:
        return EXIT_OK
    return EXIT_ALL_FAILED if failed == total else EXIT_SOME_FAILED


def _with_progress(outcomes: Any, total: int, *, quiet: bool) -> Any:
    if quiet or total < 5 or not sys.stderr.isatty():
        yield from outcomes
        return
    with click.progressbar(outcomes, length=total, label="extracting", file=sys.stderr) as bar:
        yield from bar


def _write(article: Article, fmt: str, *, pretty: bool, first: bool) -> None:
    if fmt == "text":
        if not first:
            click.echo("\n" + "─" * 72)
        click.echo(summary_text(article))
        return
    data = article.to_dict()
    if fmt == "json" and pretty:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(json.dumps(data, ensure_ascii=False))


@main.group(name="eval")
def eval_group() -> None:
    """Score dateline against gold data, next to its peers measured in the same run."""


def _data_option(func: F) -> F:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Eval root (default: ../shared/eval beside the checkout, or $DATELINE_EVAL).",
    )(func)


@eval_group.command(name="content")
@_data_option
@click.option(
    "--set",
    "which",
    type=click.Choice(["all", "text", "html", "trafilatura-eval"]),
    default="all",
    show_default=True,
)
def eval_content(data_dir: Path | None, which: str) -> None:
    """Main-content extraction: flattened text and HTML (AEB), trafilatura's eval set."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.content(data_dir, which=which)))


@eval_group.command(name="dates")
@_data_option
def eval_dates(data_dir: Path | None) -> None:
    """Publication dates of web pages (htmldate's gold set), next to htmldate."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.dates(data_dir)))


@eval_group.command(name="entities")
@_data_option
def eval_entities(data_dir: Path | None) -> None:
    """Entity mentions on GUM Wikinews, next to the raw spaCy model."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.entities(data_dir)))


@eval_group.command(name="geo")
@_data_option
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles of each set.")
def eval_geo(data_dir: Path | None, limit: int | None) -> None:
    """Toponym recognition and resolution on LGL and TR-News, next to a baseline."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.geo(data_dir, limit=limit)))


@eval_group.command(name="counts")
@_data_option
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Gold JSON Lines file (default: the invented sentences dateline ships).",
)
def eval_counts(data_dir: Path | None, gold: Path | None) -> None:
    """Counts (killed, wounded, arrested, ...) on invented sentences, next to a baseline."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.counts(gold, data_dir=data_dir)))


@eval_group.command(name="quotes")
@_data_option
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Gold JSON Lines file (default: the invented examples dateline ships).",
)
def eval_quotes(data_dir: Path | None, gold: Path | None) -> None:
    """Quotes, speakers and cues on invented examples, next to textacy's direct quotes."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.quotes(gold, data_dir=data_dir)))


@eval_group.command(name="events")
@_data_option
@click.option("--errors", is_flag=True, help="List every sentence coded wrong.")
def eval_events(data_dir: Path | None, errors: bool) -> None:
    """PLOVER event types and actors on PLOVER's gold records, with a confusion table."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.events(data_dir, errors=errors)))


@eval_group.command(name="dedup")
@_data_option
@click.option("--sweep", is_flag=True, help="Score every shingle/num_perm/threshold setting.")
def eval_dedup(data_dir: Path | None, sweep: bool) -> None:
    """Near-duplicate clusters on copies of the AEB bodies, next to exact-hash dedup."""
    from .evaluation import report

    sys.exit(_run_eval(lambda: report.dedup(data_dir, sweep=sweep)))


def _run_eval(run: Callable[[], int]) -> int:
    try:
        return run()
    except DatelineError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        return EXIT_USAGE


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("dateline-demo.duckdb"),
    show_default=True,
    help="The demo corpus store the samples (and, in a checkout, the seed) go into.",
)
@click.option("--serve", is_flag=True, help="Then serve the web app over it until Ctrl-C.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@_settings_options
def demo(
    fmt: str,
    db: Path,
    serve: bool,
    port: int,
    model: str | None,
    config_path: Path | None,
    max_bytes: int | None,
    no_nlp: bool,
) -> None:
    """Run dateline over the invented sample dispatches it ships with, store them (with the
    seed dispatch in a checkout) in a demo corpus, and give the link to see it."""
    from .web.demo import demo_store, sample_inputs

    paths = [str(p) for p in sample_inputs()]
    settings = _load(config_path, model=model, max_bytes=max_bytes, nlp=False if no_nlp else None)
    click.echo(f"dateline {__version__} demo: {len(paths)} invented sample inputs\n", err=True)
    failed = 0
    for n, outcome in enumerate(process_paths(paths, settings=settings)):
        if outcome.article is None:
            failed += 1
            click.echo(f"dateline: error: {_message(outcome)}", err=True)
        else:
            _write(
                outcome.article, "text" if fmt == "text" else "jsonl", pretty=False, first=n == 0
            )
    try:
        report = demo_store(db, settings=settings)
    except DatelineError as exc:
        click.echo(f"dateline: error: {exc.one_line()}", err=True)
        sys.exit(cli_corpus.EXIT_STORE)
    click.echo("", err=True)
    for line in report.lines():
        click.echo(line, err=True)
    if serve:
        from .web.serve import serve as run_server

        run_server(db, port=port, announce=lambda url: click.echo(f"\nOpen {url} (Ctrl-C stops)"))
    else:
        click.echo(
            f"\nSee it on a map: dateline serve --db {db}, then open http://127.0.0.1:{port}/"
        )
    sys.exit(_exit_code(failed, len(paths)))


# The corpus commands (cli_corpus.py) take the same pipeline options as extract.
main.add_command(_settings_options(cli_corpus.ingest))
main.add_command(cli_corpus.sql)
main.add_command(cli_corpus.export)
main.add_command(cli_query.query)
main.add_command(cli_query.serve)

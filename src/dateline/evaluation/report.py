"""``dateline eval``: run the scorers, print ours next to the peers, check the floors.

Floors live in ``dateline/data/floors.toml`` with the hash of the gold file they were
measured on. A score under its floor fails the run (exit 3); a floor changed in the
repo shows up in review, so none is lowered silently. When the gold file's hash differs
from the recorded one the floors are not applied and the run says so.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError

EXIT_OK, EXIT_BELOW_FLOOR = 0, 3
_COLUMNS = (
    "precision",
    "recall",
    "f1",
    "accuracy",
    "acc_161km",
    "acc_geonameid",
    "pages_per_second",
    "docs_per_second",
    "articles_per_second",
)
# Published figures of peers we cannot run here, printed as reference rows.
_MORDECAI3 = {"lgl": {"acc_161km": 0.827, "acc_geonameid": 0.794},
              "tr-news": {"acc_161km": 0.873, "acc_geonameid": 0.843}}  # fmt: skip


def default_data_dir() -> Path:
    """``$DATELINE_EVAL``, else ``../shared/eval`` from here or from the checkout."""
    env = os.environ.get("DATELINE_EVAL")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd().parent / "shared" / "eval", Path.cwd() / "shared" / "eval"]
    candidates.append(Path(__file__).resolve().parents[4] / "shared" / "eval")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise ConfigError(
        "no eval data found", hint="pass --data DIR or set DATELINE_EVAL to the eval folder"
    )


@lru_cache(maxsize=1)
def floors() -> dict[str, Any]:
    text = (files("dateline") / "data" / "floors.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def gold_hash(path: Path) -> str:
    """First 16 hex digits of the sha256 of a gold file, or of a folder's files in order."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def print_table(title: str, rows: Mapping[str, Mapping[str, Any]]) -> None:
    click.echo(f"\n{title}")
    columns = [c for c in _COLUMNS if any(c in r for r in rows.values())]
    names = [c.replace("_", " ") for c in columns]
    widths = [max(12, len(n) + 2) for n in names]
    click.echo(
        f"  {'system':<26}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))
    )
    for name, row in rows.items():
        cells = "".join(_cell(row.get(c), w) for c, w in zip(columns, widths, strict=True))
        click.echo(f"  {name:<26}{cells}")


def _cell(value: Any, width: int) -> str:
    if value is None:
        return f"{'–':>{width}}"
    return f"{value:>{width}.1f}" if value > 1.5 else f"{value:>{width}.3f}"


def check_floor(key: str, value: float, gold: Path) -> bool:
    """Print the floor comparison for one score; False when it is below its floor."""
    table = floors()
    floor = table.get("floors", {}).get(key)
    if floor is None:
        return True
    recorded = table.get("gold", {}).get(key)
    if recorded and recorded != gold_hash(gold):
        click.echo(
            f"  floor {key}: not applied — the gold data differ from the floor's ({recorded})"
        )
        return True
    ok = bool(value >= floor)
    click.echo(
        f"  floor {key}: {value:.3f} {'≥' if ok else '<'} {floor:.3f} {'ok' if ok else 'BELOW'}"
    )
    return ok


def content(data_dir: Path | None, *, which: str = "all") -> int:
    from . import content_html, content_text

    root = data_dir or default_data_dir()
    aeb_gold = root / "content" / "aeb" / "ground-truth.json"
    ok = True
    if which in ("all", "text"):
        aeb = root / "content" / "aeb"
        systems = content_text.run(aeb)["systems"]
        cv = content_text.cross_validated(aeb)
        rows = {"dateline (5-fold CV)": cv, "dateline (in-sample)": systems.pop("dateline")}
        rows.update(systems)
        title = "Flattened text — content/aeb/text (4-shingle P/R/F1, per page averaged)"
        print_table(title, rows)
        click.echo(
            "  dateline's line model was trained on these pages: its CV row is the honest one"
        )
        ok &= check_floor("content.text.f1", cv["f1"], aeb_gold)
    if which in ("all", "html"):
        result = content_html.run_aeb(root)
        rows = result["systems"]
        print_table("HTML — content/aeb/html (4-shingle P/R/F1, per page averaged)", rows)
        ok &= check_floor("content.html.f1", rows["dateline"]["f1"], aeb_gold)
    if which in ("all", "trafilatura-eval"):
        result = content_html.run_trafilatura_eval(root)
        rows = result["systems"]
        print_table("HTML — content/trafilatura-eval (with/without segments)", rows)
        evaldata = root / "content" / "trafilatura-eval" / "evaldata.json"
        ok &= check_floor("content.trafilatura_eval.f1", rows["dateline"]["f1"], evaldata)
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def dates(data_dir: Path | None) -> int:
    from . import pubdate

    root = data_dir or default_data_dir()
    folder = root / "pubdate" / "htmldate"
    result = pubdate.run(root)
    html = result.get("html")
    if not isinstance(html, dict):
        raise ConfigError(f"no pubdate/htmldate gold under {root}", hint="check --data")
    rows = html
    print_table(f"Publication date — pubdate/htmldate ({result.get('pages')} pages)", rows)
    text = result["text"]
    assert isinstance(text, dict)
    print_table(
        "Publication date from text alone — invented examples in pubdate.py", {"dateline": text}
    )
    return (
        EXIT_OK
        if check_floor("dates.html.f1", rows["dateline"]["f1"], folder / "gold.json")
        else EXIT_BELOW_FLOOR
    )


def entities(data_dir: Path | None) -> int:
    from . import entities as entity_eval

    root = data_dir or default_data_dir()
    gold = root / "ner" / "gum-wikinews"
    if not gold.is_dir():
        raise ConfigError(f"no ner/gum-wikinews gold under {root}", hint="check --data")
    result = entity_eval.run(root)
    title = f"Entities — ner/gum-wikinews ({result.get('articles')} articles, span+type micro-F1)"
    rows = result["systems"]
    print_table(title, rows)
    ok = check_floor("entities.gum.f1", rows["dateline"]["f1"], gold / "dep")
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def geo(data_dir: Path | None, *, limit: int | None = None) -> int:
    from . import geo as geo_eval

    root = data_dir or default_data_dir()
    if not (root / "geo").is_dir():
        raise ConfigError(f"no geo gold under {root}", hint="check --data")
    ok = True
    for name, result in geo_eval.run(root, limit=limit)["datasets"].items():
        rows = dict(result["systems"])
        if name in _MORDECAI3:
            rows["mordecai3 (published)"] = _MORDECAI3[name]
        print_table(f"Places — geo/{name} ({result['articles']} articles)", rows)
        if limit is None:
            ok &= check_floor(f"geo.{name}.acc_161km", rows["dateline"]["acc_161km"], root / "geo")
    click.echo("  recognition: exact gold toponym spans; resolution: given the gold toponyms")
    return EXIT_OK if ok else EXIT_BELOW_FLOOR

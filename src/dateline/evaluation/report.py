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
from collections.abc import Callable, Mapping
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
    "overlap_f1",
    "speaker_accuracy",
    "speaker_span_accuracy",
    "speaker_precision",
    "cue_accuracy",
    "ms_per_article",
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


def dedup(data_dir: Path | None, *, sweep: bool = False) -> int:
    from . import dedup as dedup_eval

    root = data_dir or default_data_dir()
    gold = root / "content" / "aeb" / "ground-truth.json"
    if not gold.is_file():
        raise ConfigError(f"no content/aeb gold under {root}", hint="check --data")
    if sweep:
        _dedup_sweep(dedup_eval.sweep(root))
        return EXIT_OK
    result = dedup_eval.run(root)
    rows = result["systems"]
    title = (
        f"Near-duplicates — {result['documents']} copies of {result['pages']} content/aeb bodies"
        " (pairwise P/R/F1; articles/s = signature + index)"
    )
    print_table(title, rows)
    click.echo("\n  recall per kind of copy:  " + "  ".join(f"{n:>22}" for n in rows))
    for kind in dedup_eval.KINDS[1:]:
        cells = "  ".join(f"{row['kinds'][kind]:>22.3f}" for row in rows.values())
        click.echo(f"  {kind:<24}  {cells}")
    for name, row in rows.items():
        click.echo(
            f"  {name}: {row['same_site_false_pairs']} of {row['same_site_pairs']}"
            " same-site pairs of different articles clustered"
        )
    _dedup_short(result["short"])
    memory = result["memory"]
    click.echo(
        f"\n  memory: in-memory index {memory['index_bytes_per_article'] / 1000:.1f} kB/article"
        f" ({memory['index_gb_per_million']:.1f} GB per million articles);"
        f" stored signature {memory['signature_bytes']:.0f} B"
        f" ({memory['signatures_gb_per_million']:.2f} GB per million)"
    )
    ok = check_floor("dedup.aeb.f1", rows["dateline minhash-lsh"]["f1"], gold)
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def _dedup_short(rows: list[dict[str, Any]]) -> None:
    click.echo(
        f"\n  short bodies: pairs of different articles clustered (of {rows[0]['pairs']}),"
        " stubs of N words"
    )
    click.echo("  whose last part is one shared credit line; with the short-body rule / without")
    click.echo("  (identical: stubs equal word for word, which any dedup merges)")
    click.echo(
        f"  {'words':>7}{'shared':>8}{'identical':>11}{'with rule':>11}{'without':>9}"
        f"{'copies found':>14}"
    )
    for r in rows:
        click.echo(
            f"  {r['words']:>7}{r['shared']:>8.0%}{r['identical_pairs']:>11}"
            f"{r['chance_pairs_rule']:>11}{r['chance_pairs_no_rule']:>9}{r['copy_recall']:>14.2f}"
        )


def _dedup_sweep(rows: list[dict[str, Any]]) -> None:
    click.echo("Near-duplicate parameter sweep: every pair verified (no LSH), pairwise scores")
    kinds = list(rows[0]["kinds"])
    head = "".join(f"{k[:11]:>12}" for k in kinds)
    click.echo(
        f"  {'shingle':>7}{'perm':>6}{'thresh':>7}{'P':>7}{'R':>7}{'F1':>7}{'max neg':>8}{head}"
    )
    for r in rows:
        cells = "".join(f"{r['kinds'][k]:>12.3f}" for k in kinds)
        click.echo(
            f"  {r['shingle']:>7}{r['num_perm']:>6}{r['threshold']:>7.2f}{r['precision']:>7.3f}"
            f"{r['recall']:>7.3f}{r['f1']:>7.3f}{r['max_negative']:>8.2f}{cells}"
        )


def counts(gold: Path | None = None, *, data_dir: Path | None = None) -> int:
    """Counts on the invented gold sentences, next to the naive baseline; speed on the seed."""
    from . import counts as count_eval

    path = gold or count_eval.gold_path()
    result = count_eval.run(gold=path)
    systems = result["systems"]
    title = (
        f"Counts — {path.name} ({result['sentences']} sentences, {result['gold_counts']} counts,"
        f" {result['negatives']} negatives): (kind, number, qualifier) P/R/F1"
    )
    print_table(title, _count_rows(systems, "count"))
    print_table("Counted object — (number, object) P/R/F1", _count_rows(systems, "object"))
    print_table("Evidence span — overlaps the gold phrase", _count_rows(systems, "span"))
    ours = systems["dateline"]
    alarms = {n: s["all"]["negative_false_alarms"] for n, s in systems.items()}
    click.echo(f"  counts found in the {result['negatives']} negative sentences: {alarms}")
    kinds = ", ".join(f"{k} {v:.2f}" for k, v in ours["recall_by_kind"].items())
    click.echo(f"  dateline recall by kind: {kinds}")
    click.echo(
        "  no peer codes counts offline (ACLED and GDELT publish coded numbers, not a tool);"
        " dev is tuned on, test was written with the code, stress after it and not tuned on"
    )
    _stage_speed(data_dir, count_eval.article_speed, "counts")
    ok = check_floor("counts.f1", ours["all"]["count"]["f1"], path)
    ok &= check_floor("counts.object.f1", ours["all"]["object"]["f1"], path)
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def _count_rows(systems: Mapping[str, Any], score: str) -> dict[str, dict[str, float]]:
    rows = {}
    for name, result in systems.items():
        for split in ("all", "dev", "test", "stress"):
            if split in result:
                rows[f"{name} · {split}"] = result[split][score]
    return rows


def _seeds(data_dir: Path | None) -> list[Path]:
    """The seed articles beside the eval data (saying so when there are none)."""
    try:
        seed_dir = (data_dir or default_data_dir()).parent / "seed"
    except ConfigError:
        seed_dir = Path("../shared/seed")
    seeds = sorted(seed_dir.glob("*.txt"))
    if not seeds:
        click.echo(f"  speed: no seed articles in {seed_dir}")
    return seeds


def _stage_speed(
    data_dir: Path | None, article_speed: Callable[[list[Path]], Any], stage: str
) -> None:
    """What the counts or quotes stage adds per article on the seed."""
    seeds = _seeds(data_dir)
    if not seeds:
        return
    speed = article_speed(seeds)
    click.echo(
        f"  speed on {speed['articles']} seed article(s): {stage} add"
        f" {speed[f'{stage}_ms_per_article']:.1f} ms per article (spaCy stage"
        f" {speed['spacy_ms_per_article']:.1f} ms); {speed['sentences_parsed']} of"
        f" {speed['sentences']} sentences parsed"
    )


def quotes(gold: Path | None = None, *, data_dir: Path | None = None) -> int:
    """Quotes on the invented gold examples, next to textacy; cost on the seed."""
    from . import quotes as quote_eval

    path = gold or quote_eval.default_gold()
    result = quote_eval.run(path)
    title = (
        f"Quotes — {path.name} ({result['items']} examples, {result['quotes']} quotes,"
        f" {result['held_out_quotes']} held out): exact span P/R/F1"
    )
    print_table(title, result["systems"])
    print_table("dateline by kind", result["by_kind"])
    if result["note"]:
        click.echo(f"  {result['note']}")
    click.echo(
        "  ms per article: dateline's quote stage on top of the spaCy stage every article runs"
        f" anyway ({result['spacy_stage_ms_per_article']:.1f} ms here); textacy's full spaCy"
        " pipeline with the parser, plus its extraction"
    )
    click.echo(
        "  exact = same span once marks, spaces and , . ; : are trimmed; speaker accuracy ="
        " the right entity (or none when the gold speaker is no named entity); textacy"
        " names no entity, so its speaker figure is the span one. BBC citron reports 0.82"
        " exact source-span F1 on PARC 3.0 (different data and task: not comparable)"
    )
    _stage_speed(data_dir, quote_eval.article_speed, "quotes")
    ours = result["systems"]["dateline, all"]
    ok = check_floor("quotes.gold.f1", ours["f1"], path)
    ok &= check_floor("quotes.gold.speaker_accuracy", ours["speaker_accuracy"], path)
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def events(data_dir: Path | None, *, errors: bool = False) -> int:
    """PLOVER event types and actors on the PLOVER gold records; cost on the seed."""
    from . import events as event_eval

    root = data_dir or default_data_dir()
    gold = root / event_eval.GOLD
    if not gold.is_file():
        raise ConfigError(f"no {event_eval.GOLD} under {root}", hint="check --data")
    result = event_eval.run(root)
    click.echo(f"\nEvents — {event_eval.GOLD} ({result['records']} sentences, main event each)")
    for line in event_eval.summary_lines(result):
        click.echo(f"  {line}")
    click.echo("\n  confusion (rows gold, columns dateline; NONE: no event found)")
    for line in event_eval.confusion_lines(result["confusion"]):
        click.echo(f"  {line}")
    if errors:
        for line in event_eval.error_lines(result["errors"]):
            click.echo(f"  {line}")
    click.echo(f"  {event_eval.TUNING_NOTE}")
    _event_speed(root)
    ok = check_floor("events.plover.type_accuracy", result["type_accuracy"], gold)
    ok &= check_floor("events.plover.actor_match", result["actor_match"], gold)
    return EXIT_OK if ok else EXIT_BELOW_FLOOR


def _event_speed(root: Path) -> None:
    from . import events as event_eval

    seeds = _seeds(root)
    if not seeds:
        return
    speed = event_eval.article_speed(seeds)
    click.echo(
        f"  speed on {speed['articles']} seed article(s): events add"
        f" {speed['events_ms_per_article']:.1f} ms per article, of which parsing"
        f" {speed['parse_ms_per_article']:.1f} ms (shared with quotes and counts);"
        f" spaCy stage {speed['spacy_ms_per_article']:.1f} ms;"
        f" {speed['sentences_parsed']} of {speed['sentences']} sentences parsed"
    )

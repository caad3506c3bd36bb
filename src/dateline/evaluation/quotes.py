"""Quotes, speakers and cues on invented gold examples, next to textacy's direct quotes.

Gold data: ``dateline/data/quotes_gold.jsonl``, news sentences and paragraphs written for
this purpose (no real article), one example a line: ``text`` and its ``quotes``, each with
its span, ``kind`` (direct | indirect | mixed), ``speaker`` (the speaker as written at the
attribution: "Gen. Allen", "he"), ``speaker_ref`` (a name mention of the speaker: the
antecedent of "he" or "the General"; null when the speaker is no named entity, or when
the text does not say who it is) and ``cue``. Every example names the pattern it covers;
some hold no quote at all (scare quotes, titles, "according to plan").

Conventions: a direct quote is the text inside the marks without a trailing comma; a quote
split by its attribution is two quotes; an indirect or mixed quote is the reported clause
without "that" and without the sentence's final stop.

Scores:

- **exact**: spans equal once whitespace, quote marks and ``, . ; :`` are trimmed from both
  ends (so a system that keeps the marks or the comma, as textacy does, is not penalised);
  **overlap**: one-to-one, greedily by the largest shared stretch;
- **speaker accuracy**, over gold quotes found (overlap): right when the predicted entity has
  a mention overlapping the gold speaker_ref span, or when gold has no
  speaker_ref and nothing is predicted; **speaker precision**: of the speakers predicted
  for found quotes, the share that is right. textacy returns speaker words, not entities:
  its speaker figure (and our ``speaker span`` figure) counts the speaker words overlapping
  the gold ``speaker`` span;
- **cue accuracy**: the cue as written, lower case, over found quotes with a gold cue.

    python -m dateline.evaluation.quotes [--errors [--test]]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .entities import Counts

_TRIM = " \t\n\r\"'“”„‘’‚«»‹›,.;:"
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speaker: Span | None
    speaker_ref: Span | None
    cue: str | None


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    split: str  # dev (rules were tuned on it) | test (written later, held out)
    pattern: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    kind: str
    speaker_ids: frozenset[Span]  # mentions of the predicted speaker entity (empty: none)
    speaker_span: Span | None  # the speaker words as written
    cue: str | None


def default_gold() -> Path:
    return Path(str(files("dateline") / "data" / "quotes_gold.jsonl"))


def load_gold(path: Path) -> list[GoldItem]:
    """Read and check the gold file: every span must slice the text it claims."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            items.append(_item(json.loads(line), f"{path}:{n}"))
    return items


def _item(raw: dict[str, Any], where: str) -> GoldItem:
    text = raw["text"]

    def span(part: dict[str, Any] | None) -> Span | None:
        if part is None:
            return None
        if text[part["start"] : part["end"]] != part["text"]:
            raise ConfigError(f"{where}: span {part} does not slice the text")
        return part["start"], part["end"]

    quotes = []
    for q in raw["quotes"]:
        whole = span(q)
        assert whole is not None
        cue = q["cue"]["text"].lower() if q["cue"] else None
        span(q["cue"])
        quotes.append(GoldQuote(*whole, q["kind"], span(q["speaker"]), span(q["speaker_ref"]), cue))
    return GoldItem(raw["id"], raw["split"], raw["pattern"], text, tuple(quotes))


def trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def match(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), largest overlap first."""
    pairs = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(predicted):
            shared = min(ge, pe) - max(gs, ps)
            if shared > 0:
                pairs.append((shared, i, j))
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in taken_g and j not in taken_p:
            taken_g.add(i)
            taken_p.add(j)
            out.append((i, j))
    return out


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_seen: int = 0
    speaker_right: int = 0
    speaker_named: int = 0
    speaker_named_right: int = 0
    span_right: int = 0
    cue_seen: int = 0
    cue_right: int = 0

    def row(self) -> dict[str, float]:
        def prf(hit: int) -> dict[str, float]:
            return Counts(hit, self.predicted - hit, self.gold - hit).prf()

        out = prf(self.exact)
        out |= {f"overlap_{k}": v for k, v in prf(self.overlap).items()}
        if self.speaker_seen:
            out["speaker_accuracy"] = self.speaker_right / self.speaker_seen
            out["speaker_span_accuracy"] = self.span_right / self.speaker_seen
        if self.speaker_named:
            out["speaker_precision"] = self.speaker_named_right / self.speaker_named
        if self.cue_seen:
            out["cue_accuracy"] = self.cue_right / self.cue_seen
        return out


def score(
    items: Sequence[GoldItem],
    predictions: Sequence[Sequence[Predicted]],
    *,
    kinds: Iterable[str] | None = None,
) -> Tally:
    """Pool the scores over all items; ``kinds`` restricts gold and predictions alike."""
    wanted = set(kinds) if kinds is not None else None
    tally = Tally()
    for item, found in zip(items, predictions, strict=True):
        gold = [q for q in item.quotes if wanted is None or q.kind in wanted]
        pred = [p for p in found if wanted is None or p.kind in wanted]
        _add(tally, item.text, gold, pred)
    return tally


def _add(tally: Tally, text: str, gold: list[GoldQuote], pred: list[Predicted]) -> None:
    tally.gold += len(gold)
    tally.predicted += len(pred)
    g_trim = {trimmed(text, q.start, q.end) for q in gold}
    tally.exact += len(g_trim & {trimmed(text, p.start, p.end) for p in pred})
    for i, j in match([(q.start, q.end) for q in gold], [(p.start, p.end) for p in pred]):
        g, p = gold[i], pred[j]
        tally.overlap += 1
        tally.speaker_seen += 1
        right = _speaker_right(g, p)
        tally.speaker_right += right
        if p.speaker_ids:
            tally.speaker_named += 1
            tally.speaker_named_right += right
        tally.span_right += _overlaps(g.speaker, p.speaker_span) or (
            g.speaker is None and p.speaker_span is None
        )
        if g.cue is not None:
            tally.cue_seen += 1
            tally.cue_right += p.cue is not None and p.cue.lower() == g.cue


def _speaker_right(g: GoldQuote, p: Predicted) -> bool:
    if g.speaker_ref is None:
        return not p.speaker_ids
    return any(_overlaps(m, g.speaker_ref) for m in p.speaker_ids)


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def dateline_predictions(
    items: Sequence[GoldItem], model: str
) -> tuple[list[list[Predicted]], float, float]:
    """Our quotes per item; ms per item for the whole spaCy stage + quotes, and for quotes."""
    from ..nlp import analyse, load_model
    from ..quotes import find_quotes

    nlp = load_model(model)
    analyse(nlp, "Warm-up: Reuters said so in Paris.")
    out = []
    total = quotes_only = 0.0
    for item in items:
        started = time.perf_counter()
        analysis = analyse(nlp, item.text)
        middle = time.perf_counter()
        found, _ = find_quotes(analysis, item.text)
        ended = time.perf_counter()
        total += ended - started
        quotes_only += ended - middle
        mentions = {
            e.id: frozenset((m.start, m.end) for m in e.mentions) for e in analysis.entities
        }
        out.append(
            [
                Predicted(
                    q.start,
                    q.end,
                    q.kind,
                    mentions.get(q.speaker, frozenset()) if q.speaker else frozenset(),
                    (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
                    q.cue,
                )
                for q in found
            ]
        )
    n = max(1, len(items))
    return out, 1000 * total / n, 1000 * quotes_only / n


def textacy_predictions(
    items: Sequence[GoldItem], model: str
) -> tuple[list[list[Predicted]], float, int] | str:
    """textacy's direct quotations on the full spaCy pipeline, or why it cannot run."""
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:  # an eval extra: pip install -e .[test]
        return f"textacy is not installed ({exc})"
    nlp = spacy.load(model)
    nlp("Warm-up: Reuters said so in Paris.")
    out = []
    refused = 0
    started = time.perf_counter()
    for item in items:
        doc = nlp(item.text)
        found: list[Predicted] = []
        out.append(found)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy refuses a text with an odd number of quote marks
            refused += 1
            continue
        for triple in triples:
            content = triple.content
            speaker = triple.speaker
            span = (speaker[0].idx, max(t.idx + len(t) for t in speaker)) if len(speaker) else None
            cue = " ".join(t.text for t in triple.cue).lower() if len(triple.cue) else None
            found.append(
                Predicted(content.start_char, content.end_char, "direct", frozenset(), span, cue)
            )
    ms = 1000 * (time.perf_counter() - started) / max(1, len(items))
    return out, ms, refused


def article_speed(paths: list[Path], *, model: str | None = None, repeats: int = 11) -> Any:
    """Milliseconds the quotes stage adds per article (marks, cue sentences, parse,
    reading), the median of ``repeats`` runs each on a fresh analysis (parses are cached)."""
    from ..quotes import find_quotes
    from .speed import stage_speed

    return stage_speed(
        paths,
        find_quotes,
        name="quotes",
        model=model,
        repeats=repeats,
        clock=time.perf_counter,
        summary=statistics.median,
    )


def run(gold: Path | None = None, *, model: str | None = None) -> dict[str, Any]:
    """Every figure of ``dateline eval quotes``: ours by split and kind; textacy's."""
    from ..config import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    items = load_gold(gold or default_gold())
    ours, ms_total, ms_quotes = dateline_predictions(items, model)
    systems: dict[str, dict[str, float]] = {}
    # Our cost is the quote stage on top of the spaCy stage every article runs anyway;
    # textacy's is the full spaCy pipeline (parser on) plus its extraction.
    systems["dateline, all"] = score(items, ours).row() | {"ms_per_article": ms_quotes}
    for split, name in (("dev", "dateline, dev (tuned on)"), ("test", "dateline, held-out")):
        chosen = [(i, p) for i, p in zip(items, ours, strict=True) if i.split == split]
        systems[name] = score([i for i, _ in chosen], [p for _, p in chosen]).row()
    systems["dateline, direct only"] = score(items, ours, kinds=("direct",)).row()
    peer = textacy_predictions(items, model)
    note = None
    if isinstance(peer, str):
        note = peer
    else:
        found, ms, refused = peer
        note = f"textacy refused {refused} of {len(items)} texts (unbalanced quote marks)"
        row = score(items, found, kinds=("direct",)).row()
        row.pop("speaker_accuracy", None)  # textacy names no entity: span figure only
        systems["textacy 0.13, direct only"] = row | {"ms_per_article": ms}
    by_kind = {k: score(items, ours, kinds=(k,)).row() for k in ("direct", "indirect", "mixed")}
    return {
        "items": len(items),
        "quotes": sum(len(i.quotes) for i in items),
        "held_out_quotes": sum(len(i.quotes) for i in items if i.split == "test"),
        "systems": systems,
        "by_kind": by_kind,
        "spacy_stage_ms_per_article": ms_total - ms_quotes,
        "note": note,
    }


def errors(gold: Path | None = None, *, split: str = "dev") -> list[str]:
    """Misses, false alarms and wrong speakers/cues of ours on one split, one line each
    (tune on ``dev`` only: ``test`` is held out)."""
    from ..config import DEFAULT_MODEL

    items = [i for i in load_gold(gold or default_gold()) if i.split == split]
    ours, _, _ = dateline_predictions(items, DEFAULT_MODEL)
    lines: list[str] = []
    for item, found in zip(items, ours, strict=True):
        lines += _item_errors(item, found)
    return lines


def _item_errors(item: GoldItem, found: Sequence[Predicted]) -> list[str]:
    text = item.text
    gold = list(item.quotes)
    pairs = match([(q.start, q.end) for q in gold], [(p.start, p.end) for p in found])
    out = []
    got = {i for i, _ in pairs}
    made = {j for _, j in pairs}

    def cut(span: Span | None) -> str:
        return repr(text[span[0] : span[1]]) if span else "-"

    for i, q in enumerate(gold):
        if i not in got:
            out.append(f"{item.id}\tMISS\t{q.kind}\t{cut((q.start, q.end))}")
    for j, p in enumerate(found):
        if j not in made:
            out.append(f"{item.id}\tFALSE\t{p.kind}\t{cut((p.start, p.end))}")
    for i, j in pairs:
        q, p = gold[i], found[j]
        if trimmed(text, q.start, q.end) != trimmed(text, p.start, p.end):
            out.append(
                f"{item.id}\tSPAN\tgold {cut((q.start, q.end))}\tours {cut((p.start, p.end))}"
            )
        if q.kind != p.kind:
            out.append(f"{item.id}\tKIND\tgold {q.kind}\tours {p.kind}\t{cut((q.start, q.end))}")
        if not _speaker_right(q, p):
            ours = cut(min(p.speaker_ids)) if p.speaker_ids else "-"
            out.append(
                f"{item.id}\tSPEAKER\tgold {cut(q.speaker_ref)} ({cut(q.speaker)})\tours {ours}"
            )
        if q.cue is not None and (p.cue or "").lower() != q.cue:
            out.append(f"{item.id}\tCUE\tgold {q.cue!r}\tours {p.cue!r}")
    return out


def _main(argv: list[str]) -> None:
    if "--errors" in argv:
        print("\n".join(errors(split="test" if "--test" in argv else "dev")))
    else:
        print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    _main(sys.argv[1:])

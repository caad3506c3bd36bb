"""Counts scored on invented news sentences, next to a naive baseline, in one run.

Gold data: ``dateline/data/counts_gold.jsonl``, one sentence a line, written for this
project (no public gold set codes counts with qualifiers and objects; ACLED and GDELT
publish coded numbers, not the sentences they read them from). Each line holds the text,
a ``split`` (``dev``: tuned on; ``test``: written at the same time, before the code, and
not tuned on) and its counts: kind, number, qualifier, upper (ranges), object and the
phrase ``span``. Sentences without counts are negatives: years, dates, ages, money,
percentages, measures, phone numbers, ordinals, "one of the", "Resolution 2170".

Scores, micro-averaged over sentences (a count matches at most one gold count of its
sentence):

- **count**: (kind, number, qualifier, upper) — the headline figure;
- **object**: (number, object), the object compared case-insensitively, null included;
- **span**: the predicted span overlaps the gold phrase.

The baseline is what a reader without a parse would do: every CARDINAL entity followed
by a people noun is that many people killed, exactly.

    python -m dateline.evaluation.counts [--errors]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from .. import nlp
from ..records import Count
from .entities import Counts as Tally

SPLITS = ("dev", "test", "stress")
Predictor = Callable[[nlp.Analysis, str], tuple[Count, ...]]


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    split: str
    text: str
    counts: tuple[Count, ...]


def gold_path() -> Path:
    return Path(str(files("dateline") / "data" / "counts_gold.jsonl"))


def read_gold(path: Path | None = None) -> list[GoldSentence]:
    """The gold sentences; each count's span is the first place its phrase occurs."""
    rows = []
    for line in (path or gold_path()).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            counts = tuple(_gold_count(item["text"], c) for c in item["counts"])
            rows.append(GoldSentence(item["id"], item["split"], item["text"], counts))
    return rows


def _gold_count(text: str, item: dict[str, Any]) -> Count:
    start = text.index(item["span"])
    return Count(
        kind=item["kind"],
        number=item["number"],
        qualifier=item["qualifier"],
        object=item["object"],
        start=start,
        end=start + len(item["span"]),
        upper=item.get("upper"),
    )


def count_key(c: Count) -> tuple[str, int, str, int | None]:
    return (c.kind, c.number, c.qualifier, c.upper)


def object_key(c: Count) -> tuple[int, str | None]:
    return (c.number, c.object.lower() if c.object else None)


def match(gold: Iterable[Any], predicted: Iterable[Any]) -> Tally:
    """Multiset match: each prediction matches at most one gold item."""
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return Tally(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def match_spans(gold: Iterable[Count], predicted: Iterable[Count]) -> Tally:
    left = list(gold)
    tp = fp = 0
    for pred in predicted:
        hit = next((g for g in left if g.start < pred.end and pred.start < g.end), None)
        if hit is None:
            fp += 1
        else:
            left.remove(hit)
            tp += 1
    return Tally(tp, fp, len(left))


def baseline_counts(analysis: nlp.Analysis, text: str) -> tuple[Count, ...]:
    """Every CARDINAL entity before a people noun: that many killed, exactly."""
    from ..counts import lexicon, numbers

    found = []
    for piece in analysis.pieces:
        doc = piece.doc
        for ent in doc.ents:
            if ent.label_ != "CARDINAL" or ent.end >= len(doc):
                continue
            noun = doc[ent.end]
            if lexicon.noun_kind(noun) not in ("other", "participants", "kidnapped", "displaced"):
                continue
            value = next(
                (v for i in range(ent.start, ent.end) if (v := numbers.value_at(doc, i))), None
            )
            if value is not None:
                start = piece.offset + ent.start_char
                end = piece.offset + noun.idx + len(noun.text)
                found.append(Count("killed", value, "exact", noun.text, start, end))
    return tuple(found)


def dateline_counts(analysis: nlp.Analysis, text: str) -> tuple[Count, ...]:
    from ..counts import find_counts

    return find_counts(analysis, text)


SYSTEMS: dict[str, Predictor] = {"dateline": dateline_counts, "baseline": baseline_counts}


def run(*, gold: Path | None = None, model: str | None = None) -> dict[str, Any]:
    """Both systems on every gold sentence: scores overall and by split, and by kind."""
    from ..config import DEFAULT_MODEL

    sentences = read_gold(gold)
    spacy_model = nlp.load_model(model or DEFAULT_MODEL)
    analyses = [nlp.analyse(spacy_model, s.text) for s in sentences]
    result: dict[str, Any] = {"sentences": len(sentences), "systems": {}}
    result["gold_counts"] = sum(len(s.counts) for s in sentences)
    result["negatives"] = sum(1 for s in sentences if not s.counts)
    for name, predict in SYSTEMS.items():
        started = time.perf_counter()
        predicted = [predict(a, s.text) for a, s in zip(analyses, sentences, strict=True)]
        seconds = time.perf_counter() - started
        scores = _scores(sentences, predicted)
        scores["ms_per_sentence"] = 1000 * seconds / max(1, len(sentences))
        result["systems"][name] = scores
    return result


def _scores(sentences: list[GoldSentence], predicted: list[tuple[Count, ...]]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    for split in ("all", *SPLITS):
        pairs = [
            (s, p) for s, p in zip(sentences, predicted, strict=True) if split in ("all", s.split)
        ]
        count = object_ = span = Tally()
        false_alarms = 0
        for s, p in pairs:
            count += match(map(count_key, s.counts), map(count_key, p))
            object_ += match(map(object_key, s.counts), map(object_key, p))
            span += match_spans(s.counts, p)
            false_alarms += 0 if s.counts else len(p)
        scores[split] = {
            "count": count.prf(),
            "object": object_.prf(),
            "span": span.prf(),
            "negative_false_alarms": false_alarms,
        }
    scores["recall_by_kind"] = _recall_by_kind(sentences, predicted)
    return scores


def _recall_by_kind(
    sentences: list[GoldSentence], predicted: list[tuple[Count, ...]]
) -> dict[str, float]:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for s, p in zip(sentences, predicted, strict=True):
        left = Counter(map(count_key, p))
        for c in s.counts:
            totals[c.kind] += 1
            if left[count_key(c)] > 0:
                left[count_key(c)] -= 1
                hits[c.kind] += 1
    return {kind: hits[kind] / totals[kind] for kind in sorted(totals)}


def article_speed(paths: list[Path], *, model: str | None = None, repeats: int = 11) -> Any:
    """Milliseconds the counts stage adds per article (candidate pick, parse, reading),
    the best of ``repeats`` runs each on a fresh analysis (parses are cached), in CPU
    time of this process: like ``timeit``, the minimum is the figure least moved by other
    work on a shared machine."""
    from ..counts import find_counts
    from .speed import stage_speed

    return stage_speed(
        paths,
        find_counts,
        name="counts",
        model=model,
        repeats=repeats,
        clock=time.process_time,
        summary=min,
    )


def errors(*, gold: Path | None = None, split: str = "dev") -> Iterator[str]:
    """Misses and false alarms of dateline, one line each, for tuning by hand (dev only
    by default: the test split is not for tuning)."""
    from ..config import DEFAULT_MODEL

    spacy_model = nlp.load_model(DEFAULT_MODEL)
    for s in read_gold(gold):
        if split not in ("all", s.split):
            continue
        predicted = dateline_counts(nlp.analyse(spacy_model, s.text), s.text)
        gold_keys = Counter((*count_key(c), object_key(c)[1]) for c in s.counts)
        pred_keys = Counter((*count_key(c), object_key(c)[1]) for c in predicted)
        for key in gold_keys - pred_keys:
            yield f"{s.id}\tFN\t{key}\t{s.text}"
        for key in pred_keys - gold_keys:
            yield f"{s.id}\tFP\t{key}\t{s.text}"


if __name__ == "__main__":
    if "--errors" in sys.argv:
        for line in errors(split=sys.argv[-1] if sys.argv[-1] in ("all", *SPLITS) else "dev"):
            print(line)
    else:
        print(json.dumps(run(), indent=2))

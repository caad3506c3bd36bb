"""The article-extraction-benchmark metric: 4-word shingles, per-page P/R, averaged.

Each page's true-positive, false-positive and false-negative shingle counts are
normalised to sum to one so long pages weigh no more than short ones; precision is
averaged over pages that predicted something, recall over pages with gold text, and
F1 is taken from those two means (the benchmark's own definition).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def score_page(gold: str, predicted: str, n: int = 4) -> PageScore:
    true, pred = shingles(gold, n), shingles(predicted, n)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn)


def _precision(s: PageScore) -> float:
    if s.fp == 0 and s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fp) if s.tp + s.fp else 0.0


def _recall(s: PageScore) -> float:
    if s.fp == 0 and s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0


def aggregate(pages: Iterable[PageScore]) -> Scores:
    pages = list(pages)
    ps = [_precision(s) for s in pages if s.tp + s.fp > 0]
    rs = [_recall(s) for s in pages if s.tp + s.fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(precision=p, recall=r, f1=f1, pages=len(pages))

"""Gradient-boosted trees stored as plain arrays, scored with numpy alone.

Training uses scikit-learn (``dateline.clean.training``); running must not. Each tree is
padded to a complete binary tree of fixed depth, so scoring a whole page is ``depth``
vectorised gather-and-compare steps over an (lines x trees) index array rather than a
Python walk per line and tree. A leaf reached early is padded with "always go left"
splits (threshold +inf) whose subtrees repeat the leaf's value.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from dateline.clean import linefeatures as lf
from dateline.evaluation.shingles import PageScore, Scores, aggregate, score_page

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WORD = re.compile(r"\w+")

# JSON has no infinity; any threshold above every feature value means "always left".
ALWAYS_LEFT = 1e300


@dataclass(frozen=True, slots=True)
class Forest:
    """One boosted ensemble for a binary decision: raw score = init + rate * sum(leaves)."""

    init: float
    rate: float
    depth: int
    feature: IntArray  # (trees, 2**depth - 1) split feature per internal node
    threshold: FloatArray  # (trees, 2**depth - 1) go right when x > threshold
    leaf: FloatArray  # (trees, 2**depth) leaf values

    def raw(self, x: FloatArray) -> FloatArray:
        """Raw (log-odds) scores of the rows of ``x``."""
        n, trees = len(x), len(self.leaf)
        inner = 2**self.depth - 1
        # Every split of every tree decided at once (one column gather, one comparison),
        # then each level only looks up the decision at the node each row has reached.
        right = (x[:, self.feature.ravel()] > self.threshold.ravel()).ravel()
        base = (np.arange(n) * (trees * inner))[:, None] + (np.arange(trees) * inner)[None, :]
        node = np.zeros((n, trees), dtype=np.int64)
        for _ in range(self.depth):
            node = 2 * node + 1 + right[base + node]
        leaves = self.leaf.ravel()[np.arange(trees) * (inner + 1) + (node - inner)]
        return np.asarray(self.init + self.rate * leaves.sum(axis=1), dtype=np.float64)

    def proba(self, x: FloatArray) -> FloatArray:
        """Probability of the positive class for each row of ``x``."""
        if len(x) == 0:
            return np.zeros(0)
        return np.asarray(1.0 / (1.0 + np.exp(-self.raw(x))), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        # Rounded: six significant digits keep the data file small and change no decision
        # that matters (thresholds sit between observed feature values).
        return {
            "init": round(self.init, 6),
            "rate": self.rate,
            "depth": self.depth,
            "feature": self.feature.tolist(),
            "threshold": [[float(f"{v:.6g}") for v in row] for row in self.threshold],
            "leaf": [[float(f"{v:.6g}") for v in row] for row in self.leaf],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forest:
        return cls(
            init=float(data["init"]),
            rate=float(data["rate"]),
            depth=int(data["depth"]),
            feature=np.asarray(data["feature"], dtype=np.int64),
            threshold=np.asarray(data["threshold"], dtype=np.float64),
            leaf=np.asarray(data["leaf"], dtype=np.float64),
        )


def _pad_tree(tree: Any, depth: int) -> tuple[list[int], list[float], list[float]]:
    """A fitted scikit-learn regression tree as complete-tree arrays of ``depth`` levels."""
    feature = [0] * (2**depth - 1)
    threshold = [ALWAYS_LEFT] * (2**depth - 1)
    leaf = [0.0] * (2**depth)

    def fill(node: int, pos: int, level: int) -> None:
        if level == depth:
            leaf[pos - (2**depth - 1)] = float(tree.value[node][0][0])
            return
        is_leaf = tree.children_left[node] == -1
        if is_leaf:
            fill(node, 2 * pos + 1, level + 1)
            fill(node, 2 * pos + 2, level + 1)
            return
        feature[pos] = int(tree.feature[node])
        threshold[pos] = float(tree.threshold[node])
        fill(int(tree.children_left[node]), 2 * pos + 1, level + 1)
        fill(int(tree.children_right[node]), 2 * pos + 2, level + 1)

    fill(0, 0, 0)
    return feature, threshold, leaf


def forest_from_sklearn(clf: Any, x_probe: FloatArray) -> Forest:
    """Convert a fitted binary ``GradientBoostingClassifier`` (log-loss) into a Forest."""
    depth = int(clf.max_depth)
    parts = [_pad_tree(est.tree_, depth) for est in clf.estimators_[:, 0]]
    rate = float(clf.learning_rate)
    trees_sum = sum(est.predict(x_probe[:1]) for est in clf.estimators_[:, 0])
    # The prior's log-odds is not public API; recover it from one scored row instead.
    init = float(clf.decision_function(x_probe[:1])[0] - rate * float(trees_sum[0]))
    return Forest(
        init=init,
        rate=rate,
        depth=depth,
        feature=np.asarray([p[0] for p in parts], dtype=np.int64),
        threshold=np.asarray([p[1] for p in parts], dtype=np.float64),
        leaf=np.asarray([p[2] for p in parts], dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class BodyModel:
    """The two-stage body/not-body line model and its decision threshold."""

    first: Forest
    second: Forest
    threshold: float

    def scores(self, features: FloatArray) -> FloatArray:
        """Body probability per line from the page's ``line_features`` table."""
        p1 = self.first.proba(features)
        return self.second.proba(lf.second_stage_features(p1, features))

    def is_body(self, features: FloatArray) -> npt.NDArray[np.bool_]:
        return np.asarray(self.scores(features) >= self.threshold, dtype=np.bool_)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(lf.NAMES),
            "threshold": self.threshold,
            "first": self.first.to_json(),
            "second": self.second.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BodyModel:
        if tuple(data["features"]) != lf.NAMES:
            # A feature change without retraining would silently score garbage.
            raise ValueError("the model does not match the line features; retrain it")
        first, second = Forest.from_json(data["first"]), Forest.from_json(data["second"])
        return cls(first, second, float(data["threshold"]))


# --- training (scikit-learn is imported only here, inside the functions) ---------------


@dataclass(frozen=True, slots=True)
class Page:
    """One training page: its flattened text and its gold article body."""

    id: str
    text: str
    gold: str


@dataclass(frozen=True, slots=True)
class Table:
    """A page's line features and body labels (1 = the line is article body)."""

    features: FloatArray
    labels: npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Params:
    """Model size. Small on purpose: 102 pages would let a large ensemble memorise sites."""

    trees: int = 80
    depth: int = 3
    rate: float = 0.15
    min_leaf: int = 20
    subsample: float = 0.8
    threshold: float = 0.5
    inner_folds: int = 4


def load_pages(data_dir: Path) -> list[Page]:
    """Pages of an article-extraction-benchmark style folder (``text/*.txt`` + gold JSON)."""
    gold = json.loads((data_dir / "ground-truth.json").read_text("utf-8"))
    pages = []
    for path in sorted((data_dir / "text").glob("*.txt")):
        body = gold.get(path.stem, {}).get("articleBody")
        if body is not None:
            pages.append(Page(path.stem, path.read_text("utf-8"), body))
    return pages


def line_labels(page: Page, lines: lf.Lines) -> npt.NDArray[np.int64]:
    """Label a line body when most of its word 4-shingles occur in the gold body.

    Gold shingles are used up as lines claim them, so a teaser or a repeated headline does
    not count as body a second time. Lines under four words (subheads) have no shingle:
    they count as body when their words occur in sequence in the gold and a neighbouring
    line is body.
    """
    gold_words = _WORD.findall(page.gold.lower())
    available = Counter(tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3))
    gold_joined = f" {' '.join(gold_words)} "
    labels = np.zeros(len(lines.starts), dtype=np.int64)
    short: list[int] = []
    for i, (s, e) in enumerate(zip(lines.starts, lines.ends, strict=True)):
        words = _WORD.findall(page.text[s:e].lower())
        if len(words) >= 4:
            mine = Counter(tuple(words[j : j + 4]) for j in range(len(words) - 3))
            claimed = mine & available
            if claimed.total() >= 0.5 * mine.total():
                labels[i] = 1
                available -= claimed
        elif words and f" {' '.join(words)} " in gold_joined:
            short.append(i)
    for i in short:
        labels[i] = int(labels[max(0, i - 1) : i + 2].any())
    return labels


def page_table(page: Page) -> Table:
    lines = lf.find_lines(page.text)
    return Table(lf.line_features(page.text, lines), line_labels(page, lines))


def _fit_forest(x: FloatArray, y: npt.NDArray[np.int64], params: Params, seed: int) -> Forest:
    from sklearn.ensemble import GradientBoostingClassifier

    clf = GradientBoostingClassifier(
        n_estimators=params.trees,
        max_depth=params.depth,
        learning_rate=params.rate,
        min_samples_leaf=params.min_leaf,
        subsample=params.subsample,
        random_state=seed,
    )
    clf.fit(x.astype(np.float32), y)
    return forest_from_sklearn(clf, x.astype(np.float32))


def _stack(tables: list[Table]) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    return np.vstack([t.features for t in tables]), np.concatenate([t.labels for t in tables])


def fit(tables: list[Table], params: Params = Params(), seed: int = 0) -> BodyModel:
    """Train both stages; stage two learns from out-of-fold stage-one scores.

    Scoring the training pages with a stage one that saw them would make its scores look
    surer than they will be on new pages, and stage two would learn to trust them too much.
    """
    first = _fit_forest(*_stack(tables), params, seed)
    oof: list[FloatArray] = [np.zeros(0)] * len(tables)
    folds = params.inner_folds
    for k in range(folds):
        held = [i for i in range(len(tables)) if i % folds == k]
        inner = _fit_forest(
            *_stack([t for i, t in enumerate(tables) if i % folds != k]), params, seed + 1 + k
        )
        for i in held:
            oof[i] = lf.second_stage_features(inner.proba(tables[i].features), tables[i].features)
    x2 = np.vstack(oof)
    y2 = np.concatenate([t.labels for t in tables])
    second = _fit_forest(x2, y2, params, seed + 100)
    return BodyModel(first, second, params.threshold)


def predict_body(model: BodyModel, page: Page) -> str:
    """The body text ``segment`` + ``body_text`` keep on one page with ``model``."""
    from dateline.clean.text import body_text, segment  # text imports this module

    return body_text(page.text, segment(page.text, model=model))


def _score_fold(
    args: tuple[list[Page], list[Table], list[int], Params, int],
) -> list[tuple[int, PageScore]]:
    pages, tables, held, params, seed = args
    held_set = set(held)
    model = fit([t for i, t in enumerate(tables) if i not in held_set], params, seed)
    return [(i, score_page(pages[i].gold, predict_body(model, pages[i]))) for i in held]


def cross_validate(
    pages: list[Page], *, folds: int = 5, params: Params = Params(), seed: int = 0
) -> tuple[Scores, list[PageScore]]:
    """Page-level k-fold: train on k-1 folds of pages, score the held-out pages.

    Folds run in parallel processes (one per core); the result does not depend on it.
    """
    tables = [page_table(p) for p in pages]
    order = np.random.default_rng(seed).permutation(len(pages))
    held = [[int(ix) for n, ix in enumerate(order) if n % folds == k] for k in range(folds)]
    jobs = [(pages, tables, h, params, seed) for h in held]
    per_page: list[PageScore] = [PageScore(0.0, 0.0, 0.0)] * len(pages)
    with ProcessPoolExecutor(max_workers=min(folds, os.cpu_count() or 1)) as pool:
        for results in pool.map(_score_fold, jobs):
            for i, score in results:
                per_page[i] = score
    return aggregate(per_page), per_page


def train(pages: list[Page], params: Params = Params(), seed: int = 0) -> BodyModel:
    """The shipped model: both stages trained on every page."""
    return fit([page_table(p) for p in pages], params, seed)

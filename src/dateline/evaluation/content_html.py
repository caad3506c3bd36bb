"""HTML body extraction scored on gold data, ours next to plain ``trafilatura.extract``.

Two datasets under the eval root (``data_dir``, ``../shared/eval`` by default):

* ``content/aeb`` — article-extraction-benchmark pages with gold article bodies, scored
  with 4-word shingles (``shingles.py``);
* ``content/trafilatura-eval`` — trafilatura's own evaluation: per page, strings that must
  be in the extracted text ("with") and strings that must not ("without").

Both extractors run in the same process on the same pages, one after the other, so the
pages/s figures are comparable (one core, no parallelism).
"""

from __future__ import annotations

import gzip
import json
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import trafilatura

from ..clean.html import extract_html
from .shingles import aggregate, score_page

Extractor = Callable[[bytes], str]


def ours(page: bytes) -> str:
    return "\n\n".join(extract_html(page).paragraphs)


def peer(page: bytes) -> str:
    """The reference: trafilatura.extract with its defaults."""
    return trafilatura.extract(page) or ""


EXTRACTORS: dict[str, Extractor] = {"dateline": ours, "trafilatura": peer}


def run_aeb(data_dir: Path) -> dict[str, Any]:
    """Shingle precision/recall/F1 and pages/s on the AEB pages, for ours and the peer."""
    root = data_dir / "content" / "aeb"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes())
        for path in sorted((root / "html").glob("*.html.gz"))
    }
    result: dict[str, Any] = {"dataset": "aeb", "pages": len(pages), "systems": {}}
    for name, extract in EXTRACTORS.items():
        texts, rate = _timed(extract, pages)
        scores = aggregate(score_page(gold[k]["articleBody"], texts[k]) for k in pages)
        result["systems"][name] = {
            "precision": scores.precision,
            "recall": scores.recall,
            "f1": scores.f1,
            "pages_per_second": rate,
        }
    return result


def run_trafilatura_eval(data_dir: Path) -> dict[str, Any]:
    """With/without-string precision, recall, F1, accuracy and pages/s, ours and the peer."""
    root = data_dir / "content" / "trafilatura-eval"
    cases = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    # The pages ship as one tarball; unpack to a temporary folder, never into the repo.
    with tempfile.TemporaryDirectory(prefix="dateline-eval-") as tmp:
        with tarfile.open(root / "html.tar.xz") as tar:
            tar.extractall(tmp, filter="data")
        pages = {
            url: _find_page(Path(tmp), case["file"]).read_bytes() for url, case in cases.items()
        }
    result: dict[str, Any] = {"dataset": "trafilatura-eval", "pages": len(pages), "systems": {}}
    for name, extract in EXTRACTORS.items():
        texts, rate = _timed(extract, pages)
        result["systems"][name] = {**_string_scores(cases, texts), "pages_per_second": rate}
    return result


def _find_page(tmp: Path, name: str) -> Path:
    # trafilatura's tests keep most pages in tests/cache and the newer ones in tests/eval
    for folder in ("tests/cache", "tests/eval"):
        if (path := tmp / folder / name).is_file():
            return path
    raise FileNotFoundError(name)


def _timed(extract: Extractor, pages: Mapping[str, bytes]) -> tuple[dict[str, str], float]:
    start = time.perf_counter()
    texts = {key: extract(page) for key, page in pages.items()}
    elapsed = time.perf_counter() - start
    return texts, len(pages) / elapsed if elapsed else 0.0


def _string_scores(cases: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, float]:
    """trafilatura's metric: a "with" string found is a TP, missing a FN; a "without"
    string found is a FP, absent a TN; counted over all pages."""
    tp = fn = fp = tn = 0
    for url, case in cases.items():
        text = texts[url]
        found_with = sum(1 for s in case["with"] if s in text)
        found_without = sum(1 for s in case["without"] if s in text)
        tp, fn = tp + found_with, fn + len(case["with"]) - found_with
        fp, tn = fp + found_without, tn + len(case["without"]) - found_without
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = tp + fn + fp + tn
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": (tp + tn) / total if total else 0.0,
    }

"""Score the flattened-text cleaner against gold article bodies, next to its peers.

The data is an article-extraction-benchmark style folder: ``text/<id>.txt`` (a page
flattened to plain text, boilerplate kept) and ``ground-truth.json`` (``{id:
{"articleBody", ...}}``). Every system sees the same texts and is scored with the same
4-word-shingle metric (``shingles.py``):

- ``dateline``: ``segment`` + ``body_text`` with the shipped model;
- ``keep-everything``: the whole text, the floor any cleaner must beat;
- ``trafilatura`` / ``justext``: the text given to them as HTML, one ``<p>`` per line,
  which is how a text-only page reaches an HTML extractor.

``run`` reports the shipped model, which was trained on these pages when they are the
development set; ``cross_validated`` gives the honest figure (k-fold by page, retraining
on each fold; needs scikit-learn).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dateline.clean import model as line_model
from dateline.clean.text import body_text, load_model, segment
from dateline.evaluation.shingles import PageScore, aggregate, score_page

Extractor = Callable[[str], str]


def as_html(text: str) -> str:
    """A flattened page as the simplest HTML an extractor accepts: one ``<p>`` per line."""
    paragraphs = (f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines())
    return "<html><body>" + "\n".join(p for p in paragraphs if p != "<p></p>") + "</body></html>"


def _dateline(text: str) -> str:
    return body_text(text, segment(text))


def _keep_everything(text: str) -> str:
    return text


def _trafilatura() -> Extractor | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(text: str) -> str:
        return trafilatura.extract(as_html(text)) or ""

    return extract


def _justext() -> Extractor | None:
    try:
        import justext
    except ImportError:
        return None
    stoplist = justext.get_stoplist("English")

    def extract(text: str) -> str:
        paragraphs = justext.justext(as_html(text).encode("utf-8"), stoplist)
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def systems() -> dict[str, Extractor]:
    """Every system the comparison can run here (peers that are not installed are left out)."""
    found: dict[str, Extractor | None] = {
        "dateline": _dateline,
        "keep-everything": _keep_everything,
        "trafilatura": _trafilatura(),
        "justext": _justext(),
    }
    return {name: fn for name, fn in found.items() if fn is not None}


def score_system(extract: Extractor, pages: list[line_model.Page]) -> dict[str, float]:
    """Precision, recall, F1 and pages per second of one system over the pages."""
    outputs: list[str] = []
    started = time.perf_counter()
    for page in pages:
        outputs.append(extract(page.text))
    elapsed = time.perf_counter() - started
    scores = aggregate(score_page(p.gold, out) for p, out in zip(pages, outputs, strict=True))
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "pages": scores.pages,
        "pages_per_second": round(len(pages) / elapsed, 1) if elapsed else float("inf"),
    }


def run(data_dir: Path) -> dict[str, Any]:
    """Score dateline and its peers on ``data_dir``; ``{system: {precision, recall, ...}}``."""
    pages = line_model.load_pages(data_dir)
    load_model()  # read the model before the clock starts: a one-off cost per process
    return {
        "data": str(data_dir),
        "pages": len(pages),
        "systems": {name: score_system(fn, pages) for name, fn in systems().items()},
    }


def cross_validated(data_dir: Path, *, folds: int = 5, seed: int = 0) -> dict[str, float]:
    """The honest figure: k-fold by page, the model retrained without the held-out pages."""
    pages = line_model.load_pages(data_dir)
    scores, _ = line_model.cross_validate(pages, folds=folds, seed=seed)
    return {
        "folds": folds,
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "pages": scores.pages,
    }


def per_page(data_dir: Path) -> list[tuple[str, PageScore]]:
    """Each page's normalised shingle counts for the shipped model, worst pages first."""
    pages = line_model.load_pages(data_dir)
    scored = [(p.id, score_page(p.gold, _dateline(p.text))) for p in pages]
    return sorted(scored, key=lambda item: item[1].tp)

